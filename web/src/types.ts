/** Types of the GovShare API v1 as the portal sees them (mirrors src/org/schema.ts, src/audit/schema.ts). */

export const ROLES = [
  'platform_admin',
  'authority_reviewer',
  'unit_steward',
  'unit_user',
  'supervisor',
  'secrecy_officer',
  'leader',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const UNIT_KINDS = ['city_department', 'district', 'town', 'management_committee', 'affiliated'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_FUNCTIONS = [
  'it_authority',
  'information_center',
  'supervision',
  'secrecy_bureau',
  'leadership_group',
  'archives_bureau',
] as const;
export type UnitFunction = (typeof UNIT_FUNCTIONS)[number];

export const TOKEN_SCOPES = ['catalog:read', 'data:read', 'data:write', 'subscribe'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface Me {
  kind: 'user' | 'token';
  id: string;
  username: string;
  displayName: string;
  unitId: string | null;
  unitName: string | null;
  roles: Role[];
  systemId?: string | null;
  scopes: string[];
  csrfToken?: string;
}

export interface LoginResponse {
  token: string;
  csrfToken: string;
  expiresAt: string;
  user: Me;
}

export interface ListResult<T> {
  items: T[];
  total: number;
}

export interface Person {
  name: string;
  title: string;
  phone: string;
  email: string;
}

export interface Contact {
  name: string;
  duty: string;
  phone: string;
  email: string;
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  parentId: string | null;
  parentName: string | null;
  functions: UnitFunction[];
  responsiblePerson: Person | null;
  contacts: Contact[];
  createdAt: string;
  updatedAt: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  unitId: string | null;
  unitName: string | null;
  roles: Role[];
  phone: string | null;
  email: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AppSystem {
  id: string;
  unitId: string;
  unitName: string | null;
  code: string;
  name: string;
  description: string;
  scenario: string;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  systemId: string;
  systemName: string | null;
  unitId: string;
  prefix: string;
  scopes: string[];
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  createdBy: string | null;
}

export interface CreatedToken {
  token: ApiToken;
  secret: string;
}

export type AuditResult = 'success' | 'failure' | 'denied';

export interface AuditEvent {
  seq: number;
  chain: string;
  time: string;
  actorType: string;
  actorId: string | null;
  actorName: string;
  unitId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: AuditResult;
  purpose: string | null;
  grantId: string | null;
  clientIp: string | null;
  requestId: string | null;
  detail: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export interface AuditPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

export interface VerifyBreak {
  chain: string;
  seq: number;
  reason: string;
  detail: string;
}

export interface VerifyResult {
  ok: boolean;
  checkedEvents: number;
  checkedCheckpoints: number;
  lastSeq: number;
  headHash: string;
  algorithm: string;
  /** Signature algorithm of the newest checkpoint; null before the first checkpoint. */
  signature: string | null;
  breaks: VerifyBreak[];
  /** Breaks found beyond those listed. */
  omittedBreaks: number;
  chains: { chain: string; events: number; checkpoints: number; lastSeq: number; headHash: string }[];
  durationMs: number;
}

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarDay {
  day: string;
  kind: CalendarDayKind;
  name: string;
}

export interface CalendarYear {
  year: number;
  days: CalendarDay[];
}
