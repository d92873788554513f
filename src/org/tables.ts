import type { UnitKind } from './model.js';

/** Tables owned by `org`. Times are ISO-8601 UTC text, booleans 0/1, JSON as text (docs/adr/0003). */
export interface OrgTables {
  unit: UnitTable;
  app_user: AppUserTable;
  session: SessionTable;
  app_system: AppSystemTable;
  api_token: ApiTokenTable;
}

/** 机关单位. */
export interface UnitTable {
  id: string;
  /** 统一社会信用代码, upper case, check character validated. */
  code: string;
  name: string;
  short_name: string | null;
  kind: UnitKind;
  parent_id: string | null;
  /** JSON array of UnitFunction. */
  functions: string;
  /** JSON Person or null: the first responsible person (主管领导). */
  responsible_person: string | null;
  /** JSON array of Contact. */
  contacts: string;
  created_at: string;
  updated_at: string;
}

export interface AppUserTable {
  id: string;
  username: string;
  display_name: string;
  /** Null only for a platform administrator created before any unit existed. */
  unit_id: string | null;
  /** JSON array of Role. */
  roles: string;
  /** `scrypt$N$r$p$salt$hash`; never leaves the service. */
  password_hash: string;
  phone: string | null;
  email: string | null;
  disabled: number;
  /** Consecutive failed logins since the last success or lock. */
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A browser (or login-token) session; the token itself is only known to the client. */
export interface SessionTable {
  id: string;
  /** SHA-256 (hex) of the session token. */
  token_hash: string;
  csrf_token: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  client_ip: string | null;
  ended_at: string | null;
}

/** 应用系统: a unit's application that consumes shared data through API tokens (第二十二条). */
export interface AppSystemTable {
  id: string;
  unit_id: string;
  code: string;
  name: string;
  description: string;
  scenario: string;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface ApiTokenTable {
  id: string;
  name: string;
  system_id: string;
  unit_id: string;
  /** The 8 characters after `gst_`, shown in lists so people can tell tokens apart. */
  prefix: string;
  /** SHA-256 (hex) of the whole bearer string. */
  secret_hash: string;
  /** JSON array of TokenScope. */
  scopes: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
  created_by: string | null;
}
