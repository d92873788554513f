/** The org, auth, audit and calendar API's types and constants are the server's own (ADR 0017). */
export { ROLES, type Role } from '@server/core/actor.js';
export {
  TOKEN_SCOPES,
  UNIT_FUNCTIONS,
  UNIT_KINDS,
  type ApiToken,
  type AppSystem,
  type Contact,
  type Person,
  type TokenScope,
  type Unit,
  type UnitFunction,
  type UnitKind,
} from '@server/org/model.js';
export type { MeView as Me } from '@server/org/model.js';
export type { VerifyBreak, VerifyResult } from '@server/audit/types.js';
export type { CalendarDay } from '@server/core/calendar/store.js';
/** A page of a list endpoint: { items, total }. */
export type { Page as ListResult } from '@server/core/db/query.js';
import type { ApiToken, LoginResult, MeView } from '@server/org/model.js';
import type { presentUser } from '@server/org/presenters.js';
import type { AuditEvent as ServerAuditEvent, AuditInput } from '@server/audit/types.js';
import type { CalendarDay } from '@server/core/calendar/store.js';

/** POST /auth/login: the session's credentials and who signed in. */
export type LoginResponse = Pick<LoginResult, 'token' | 'csrfToken' | 'expiresAt'> & { user: MeView };

/** A user as the API returns it: the presenter leaves out the service's internal fields (failed logins, password age). */
export type User = ReturnType<typeof presentUser>;

/** POST /tokens: the bearer secret is shown once. */
export interface CreatedToken {
  token: ApiToken;
  secret: string;
}

export type AuditResult = AuditInput['result'];

/** An audit event; the server types `result` as text, but it is always an AuditInput result. */
export type AuditEvent = Omit<ServerAuditEvent, 'result'> & { result: AuditResult };

export interface AuditPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

export type CalendarDayKind = CalendarDay['kind'];

export interface CalendarYear {
  year: number;
  days: CalendarDay[];
}
