import type { Actor, Role } from '../core/actor.js';

/** The org module's vocabularies, shared by the schema, the service and the portal. */

/** 机关单位 kinds (第三条: 市直机关、区、镇、管委会, plus directly affiliated units). */
export const UNIT_KINDS = ['city_department', 'district', 'town', 'management_committee', 'affiliated'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** The special functions the regulation gives some units (第四、五、二十九条). */
export const UNIT_FUNCTIONS = ['it_authority', 'information_center', 'supervision', 'secrecy_bureau', 'leadership_group', 'archives_bureau'] as const;
export type UnitFunction = (typeof UNIT_FUNCTIONS)[number];

/** What an application system's API token may be allowed to do; later modules check them. */
export const TOKEN_SCOPES = ['catalog:read', 'data:read', 'data:write', 'subscribe'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** 主管领导 or another named responsible person. */
export interface Person {
  name: string;
  title: string;
  phone: string;
  email: string;
}

/** A sharing-workflow contact (共享工作联系人). */
export interface Contact {
  name: string;
  duty: string;
  phone: string;
  email: string;
}

export const USERNAME_PATTERN = '^[a-z0-9_.-]{3,32}$';
export const USERNAME_RE = new RegExp(USERNAME_PATTERN);
export const SYSTEM_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
export const SYSTEM_CODE_RE = new RegExp(SYSTEM_CODE_PATTERN);
export const TOKEN_MAX_DAYS = 730;

// ---- the org objects as the service returns them (camelCase, JSON parsed, no secrets)

/** 机关单位. */
export interface Unit {
  id: string;
  /** 统一社会信用代码. */
  code: string;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  parentId: string | null;
  parentName: string | null;
  functions: UnitFunction[];
  /** 主管领导 (first responsible person). */
  responsiblePerson: Person | null;
  contacts: Contact[];
  createdAt: string;
  updatedAt: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  /** Null only for a platform administrator created before any unit existed. */
  unitId: string | null;
  unitName: string | null;
  roles: Role[];
  phone: string | null;
  email: string | null;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  passwordChangedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Session {
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  clientIp: string | null;
}

/** 应用系统. */
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
  scopes: TokenScope[];
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  createdBy: string | null;
}

export interface LoginResult {
  /** Bearer credential of the new session (also the value of the gs_session cookie). */
  token: string;
  csrfToken: string;
  expiresAt: string;
  session: Session;
  user: User;
}

/** GET /me (and the user of a login): who the caller is, a user session or an application system's token. */
export interface MeView {
  kind: 'user' | 'token';
  id: string;
  username: string;
  displayName: string;
  unitId: string | null;
  unitName: string | null;
  roles: Actor['roles'];
  systemId?: string;
  scopes: string[];
  csrfToken?: string;
}
