/** The roles of GovShare users (issue 2, R18). Kept here because every module's policy reads them. */
export const ROLES = [
  'platform_admin', // 平台管理员 — runs the platform (information center)
  'authority_reviewer', // 主管部门审核员 — IT authority: reviews catalog, coordinates, evaluates
  'unit_steward', // 单位数据管理员 — a unit's data steward
  'unit_user', // 单位用户 — a unit's ordinary user / consumer
  'supervisor', // 监察人员 — supervision department
  'secrecy_officer', // 保密局人员 — receives confidentiality filings
  'leader', // 领导小组成员 — leadership group
  'auditor', // 审计员 — read-only access to the audit log
] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a signed-in user (session) or an application system (API token). */
export interface Actor {
  kind: 'user' | 'token';
  /** The user's id for a session, the token's id for an API token. */
  id: string;
  /** Display label for audit: username or token name. */
  name: string;
  /** The user's id (sessions) — undefined for API tokens. */
  userId?: string;
  unitId: string | null;
  roles: Role[];
  /** The application system an API token belongs to. */
  systemId?: string;
  /** Token scopes (e.g. "read", "write"); sessions carry every scope their roles allow. */
  scopes: string[];
  /** Session id, for CSRF checks and logout. */
  sessionId?: string;
  /** CSRF token of the cookie session; undefined when the caller used a bearer credential. */
  csrfToken?: string;
  /** How the credential arrived: a cookie needs CSRF protection on unsafe methods. */
  via: 'cookie' | 'bearer';
}

export function hasRole(actor: Actor | null | undefined, ...roles: Role[]): boolean {
  return !!actor && actor.roles.some((r) => roles.includes(r));
}
