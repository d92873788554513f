import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../core/db/database.js';
import type { Database } from '../core/db/schema.js';
import type { Config } from '../core/config.js';
import { iso, type Clock } from '../core/clock.js';
import { ROLES, type Actor, type Role } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { MessageKey } from '../core/i18n.js';
import type { AuditActor, AuditInput, AuditWriter } from '../audit/types.js';
import {
  SYSTEM_CODE_RE,
  TOKEN_MAX_DAYS,
  TOKEN_SCOPES,
  UNIT_FUNCTIONS,
  UNIT_KINDS,
  USERNAME_RE,
  type ApiToken,
  type AppSystem,
  type Contact,
  type LoginResult,
  type Person,
  type TokenScope,
  type Unit,
  type UnitFunction,
  type UnitKind,
  type User,
} from './model.js';
import { assertStrongPassword, hashPassword, scryptParams, timingDummyHash, verifyPassword } from './password.js';
import { normalizeUscc, validateUscc } from './uscc.js';
import * as store from './store.js';
import { parseRoles, parseStringArray, toSession, toSystem, toToken, toUnit, toUser, type Page, type SystemRow, type UnitRow, type UserRow } from './store.js';
import './messages.js';

export type { Page, UnitFilter, UserFilter, SystemFilter, TokenFilter } from './store.js';
export type { ApiToken, AppSystem, Session, Unit, User } from './model.js';

export interface PersonInput {
  name: string;
  title?: string;
  phone?: string;
  email?: string;
}
export interface ContactInput {
  name: string;
  duty?: string;
  phone?: string;
  email?: string;
}

export interface CreateUnitInput {
  code: string;
  name: string;
  kind: UnitKind;
  shortName?: string | null;
  parentId?: string | null;
  functions?: UnitFunction[];
  responsiblePerson?: PersonInput | null;
  contacts?: ContactInput[];
}
export type UpdateUnitInput = Partial<Omit<CreateUnitInput, 'code'>>;

export interface CreateUserInput {
  username: string;
  displayName: string;
  /** Required unless the user is a platform administrator. */
  unitId: string | null;
  roles: Role[];
  password: string;
  phone?: string | null;
  email?: string | null;
}
export interface UpdateUserInput {
  displayName?: string;
  unitId?: string;
  roles?: Role[];
  disabled?: boolean;
  phone?: string | null;
  email?: string | null;
}

export interface CreateSystemInput {
  unitId: string;
  code: string;
  name: string;
  description?: string;
  scenario?: string;
}
export interface UpdateSystemInput {
  name?: string;
  description?: string;
  scenario?: string;
  disabled?: boolean;
}

export interface CreateTokenInput {
  systemId: string;
  name: string;
  scopes: TokenScope[];
  expiresInDays: number;
  /**
   * A fixed credential (gst_<8 lowercase letters/digits>_<secret>) instead of a random one. Only
   * trusted callers (the demo seed, the CLI) may set it: the demo documents its tokens in the README.
   */
  presetSecret?: string;
}

/** Units, users, sessions, application systems and API tokens (第四、五条; R18, R25). */
export interface OrgService {
  createUnit(by: AuditActor, input: CreateUnitInput): Promise<Unit>;
  updateUnit(by: AuditActor, id: string, patch: UpdateUnitInput): Promise<Unit>;
  getUnit(id: string): Promise<Unit | null>;
  /** By 统一社会信用代码 (case-insensitive). */
  getUnitByCode(code: string): Promise<Unit | null>;
  listUnits(filter?: store.UnitFilter): Promise<Page<Unit>>;

  createUser(by: AuditActor, input: CreateUserInput): Promise<User>;
  updateUser(by: AuditActor, id: string, patch: UpdateUserInput): Promise<User>;
  /** Administrator reset: sets the password and ends the user's sessions. */
  setPassword(by: AuditActor, userId: string, password: string): Promise<void>;
  /** The user's own change; ends their other sessions (all but `keepSessionId`). */
  changeOwnPassword(by: AuditActor, userId: string, current: string, next: string, opts?: { keepSessionId?: string }): Promise<void>;
  unlockUser(by: AuditActor, userId: string): Promise<User>;
  getUser(id: string): Promise<User | null>;
  getUserByUsername(username: string): Promise<User | null>;
  listUsers(filter?: store.UserFilter): Promise<Page<User>>;

  login(by: AuditActor, username: string, password: string): Promise<LoginResult>;
  logout(by: AuditActor, sessionId: string): Promise<void>;
  /**
   * Resolves a session token or API token to an Actor: null when unknown, an AppError (401) when
   * recognised but expired, revoked or disabled.
   */
  authenticate(credential: string, via: 'cookie' | 'bearer'): Promise<Actor | null>;

  createSystem(by: AuditActor, input: CreateSystemInput): Promise<AppSystem>;
  updateSystem(by: AuditActor, id: string, patch: UpdateSystemInput): Promise<AppSystem>;
  getSystem(id: string): Promise<AppSystem | null>;
  listSystems(filter?: store.SystemFilter): Promise<Page<AppSystem>>;

  /** Issues a token; `secret` is the full bearer string, returned only here. */
  createToken(by: AuditActor, input: CreateTokenInput): Promise<{ token: ApiToken; secret: string }>;
  /** Idempotent; takes effect at once in this process (cached token lookups are dropped). */
  revokeToken(by: AuditActor, id: string): Promise<ApiToken>;
  getToken(id: string): Promise<ApiToken | null>;
  listTokens(filter?: store.TokenFilter): Promise<Page<ApiToken>>;
}

export interface OrgDeps {
  db: Db;
  audit: AuditWriter;
  config: Pick<Config, 'sessionTtlMinutes' | 'passwordMinLength' | 'passwordHashCost' | 'loginMaxFailures' | 'loginLockMinutes'>;
  clock: Clock;
}

const MINUTE = 60_000;
/** last_used_at / last_seen_at are written at most this often, not on every request. */
const TOUCH_EVERY_MS = MINUTE;
/** How long a verified API token stays in the in-process cache (revocation here clears it at once). */
const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_MAX = 10_000;
/** Serialises unit-hierarchy changes on PostgreSQL so two concurrent re-parentings cannot form a cycle. */
const HIERARCHY_LOCK = 0x6f72675f;
const ALL_SCOPES: string[] = [...TOKEN_SCOPES];
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE_RE = /^[0-9+\-() ]{3,32}$/;
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

function randomPrefix(): string {
  const bytes = randomBytes(8);
  let out = '';
  for (const b of bytes) out += PREFIX_ALPHABET[b % PREFIX_ALPHABET.length];
  return out;
}

/** A 400/404/409 carrying one field error with the same code, so forms can point at the field. */
function fieldProblem(status: number, code: string, key: MessageKey, field: string, params: Record<string, string | number> = {}): AppError {
  return new AppError(status, code, key, params, [{ field, code, messageKey: key, params }]);
}

const notFoundError = (what: 'unit' | 'user' | 'system' | 'token', id: string) => new AppError(404, 'not_found', `org.${what}.not_found`, { id });

function cleanText(v: string | null | undefined): string {
  return (v ?? '').trim();
}

function nullableText(v: string | null | undefined): string | null {
  const t = cleanText(v);
  return t ? t : null;
}

function requireText(v: string | undefined, field: string): string {
  const t = cleanText(v);
  if (!t) throw fieldProblem(400, 'blank', 'org.field.blank', field, { field });
  return t;
}

function normalizePerson(p: PersonInput): Person {
  return { name: requireText(p.name, 'body.responsiblePerson.name'), title: cleanText(p.title), phone: cleanText(p.phone), email: cleanText(p.email) };
}

function normalizeContacts(list: ContactInput[]): Contact[] {
  return list.map((c, i) => ({ name: requireText(c.name, `body.contacts.${i}.name`), duty: cleanText(c.duty), phone: cleanText(c.phone), email: cleanText(c.email) }));
}

function normalizeFunctions(list: UnitFunction[]): UnitFunction[] {
  for (const [i, f] of list.entries()) {
    if (!(UNIT_FUNCTIONS as readonly string[]).includes(f)) throw fieldProblem(400, 'enum', 'error.enum', `body.functions.${i}`, { field: `body.functions.${i}` });
  }
  return [...new Set(list)];
}

function checkKind(kind: string): void {
  if (!(UNIT_KINDS as readonly string[]).includes(kind)) throw fieldProblem(400, 'enum', 'error.enum', 'body.kind', { field: 'body.kind' });
}

function checkRoles(roles: Role[]): Role[] {
  if (!roles.length) throw fieldProblem(400, 'no_roles', 'org.user.no_roles', 'body.roles');
  for (const r of roles) {
    if (!(ROLES as readonly string[]).includes(r)) throw fieldProblem(400, 'invalid_role', 'org.user.invalid_role', 'body.roles', { role: String(r) });
  }
  return [...new Set(roles)];
}

function checkContact(phone: string | null, email: string | null): void {
  if (phone && !PHONE_RE.test(phone)) throw fieldProblem(400, 'invalid_phone', 'org.user.invalid_phone', 'body.phone');
  if (email && !EMAIL_RE.test(email)) throw fieldProblem(400, 'invalid_email', 'org.user.invalid_email', 'body.email');
}

function changes<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v !== undefined && v !== before[k]) out[k] = { from: before[k], to: v };
  }
  return out;
}

interface CachedToken {
  row: NonNullable<Awaited<ReturnType<typeof store.findTokenForAuth>>>;
  scopes: string[];
  loadedAt: number;
}

export function createOrgService(deps: OrgDeps): OrgService {
  const { db, audit, config, clock } = deps;
  const hashParams = scryptParams(config.passwordHashCost);
  const now = () => iso(clock.now());

  const tokenCache = new Map<string, CachedToken>();
  // Bumped on every revocation or system change so a lookup that raced with it is not cached.
  let tokenGeneration = 0;
  function invalidateTokens(tokenId?: string): void {
    tokenGeneration++;
    if (!tokenId) return tokenCache.clear();
    for (const [hash, entry] of tokenCache) if (entry.row.id === tokenId) tokenCache.delete(hash);
  }

  async function mustUnit(q: typeof db.kysely, id: string): Promise<UnitRow> {
    const u = await store.findUnit(q, id);
    if (!u) throw notFoundError('unit', id);
    return u;
  }
  async function mustUser(q: typeof db.kysely, id: string): Promise<UserRow> {
    const u = await store.findUser(q, id);
    if (!u) throw notFoundError('user', id);
    return u;
  }
  async function mustSystem(q: typeof db.kysely, id: string): Promise<SystemRow> {
    const s = await store.findSystem(q, id);
    if (!s) throw notFoundError('system', id);
    return s;
  }

  /** Maps a unique violation that slipped past the pre-check (a concurrent insert) to a 409. */
  async function uniqueAs<T>(work: () => Promise<T>, onUnique: () => AppError): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (store.isUniqueViolation(e)) throw onUnique();
      throw e;
    }
  }

  async function lockHierarchy(trx: Transaction<Database>): Promise<void> {
    if (db.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${HIERARCHY_LOCK})`.execute(trx);
  }

  async function checkParent(trx: Transaction<Database>, unitId: string | null, parentId: string): Promise<void> {
    if (!(await store.unitParentId(trx, parentId))) throw fieldProblem(400, 'parent_not_found', 'org.unit.parent_not_found', 'body.parentId', { id: parentId });
    if (!unitId) return;
    let cursor: string | null = parentId;
    for (let depth = 0; cursor; depth++) {
      if (cursor === unitId || depth > 1000) throw fieldProblem(400, 'unit_cycle', 'org.unit.cycle', 'body.parentId');
      cursor = (await store.unitParentId(trx, cursor))?.parent_id ?? null;
    }
  }

  const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'org.auth.invalid_credentials');
  const accountLocked = (until: string) => new AppError(423, 'account_locked', 'org.auth.account_locked', { lockedUntil: until });

  async function authenticateToken(credential: string): Promise<Actor | null> {
    // Keyed by the credential itself: a hit costs no SHA-256 (the cache lives in this process only).
    const t = performance.now();
    let entry = tokenCache.get(credential);
    if (!entry || t - entry.loadedAt > TOKEN_CACHE_MS) {
      const generation = tokenGeneration;
      const row = await store.findTokenForAuth(db.kysely, sha256Hex(credential));
      if (!row) {
        tokenCache.delete(credential);
        return null;
      }
      entry = { row, scopes: parseStringArray(row.scopes), loadedAt: t };
      if (generation === tokenGeneration) {
        if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
        tokenCache.set(credential, entry);
      }
    }
    const { row } = entry;
    const at = clock.now();
    if (row.revoked_at) throw new AppError(401, 'token_revoked', 'org.auth.token_revoked');
    if (row.system_disabled) throw new AppError(401, 'system_disabled', 'org.auth.system_disabled');
    if (row.expires_at <= iso(at)) throw new AppError(401, 'token_expired', 'org.auth.token_expired');
    if (!row.last_used_at || at.getTime() - Date.parse(row.last_used_at) >= TOUCH_EVERY_MS) {
      row.last_used_at = iso(at);
      const usedAt = row.last_used_at;
      // A transaction: on SQLite its begin waits for the write lock without blocking the event loop.
      await db.kysely.transaction().execute((trx) => store.touchToken(trx, row.id, usedAt));
    }
    return { kind: 'token', id: row.id, name: row.name, unitId: row.unit_id, roles: [], systemId: row.system_id, scopes: [...entry.scopes], via: 'bearer' };
  }

  async function authenticateSession(credential: string, via: 'cookie' | 'bearer'): Promise<Actor | null> {
    const s = await store.findSessionForAuth(db.kysely, sha256Hex(credential));
    if (!s || s.ended_at) return null;
    const at = clock.now();
    if (s.expires_at <= iso(at)) throw new AppError(401, 'session_expired', 'org.auth.session_expired');
    if (s.disabled) throw new AppError(401, 'account_disabled', 'org.auth.account_disabled');
    if (at.getTime() - Date.parse(s.last_seen_at) >= TOUCH_EVERY_MS) await db.kysely.transaction().execute((trx) => store.touchSession(trx, s.id, iso(at)));
    return {
      kind: 'user',
      id: s.user_id,
      name: s.username,
      userId: s.user_id,
      unitId: s.unit_id,
      roles: parseRoles(s.roles),
      scopes: [...ALL_SCOPES],
      sessionId: s.id,
      csrfToken: via === 'cookie' ? s.csrf_token : undefined,
      via,
    };
  }

  function event(by: AuditActor, action: string, targetType: string, targetId: string | null, detail?: Record<string, unknown>): AuditInput {
    return { ...by, action, targetType, targetId, result: 'success', detail: detail ?? null };
  }

  const service: OrgService = {
    // ---- units

    async createUnit(by, input) {
      const code = normalizeUscc(input.code ?? '');
      if (!validateUscc(code)) throw fieldProblem(400, 'invalid_uscc', 'org.unit.invalid_uscc', 'body.code', { code: input.code ?? '' });
      checkKind(input.kind);
      const name = requireText(input.name, 'body.name');
      const t = now();
      const row = {
        id: randomUUID(),
        code,
        name,
        short_name: nullableText(input.shortName),
        kind: input.kind,
        parent_id: input.parentId ?? null,
        functions: JSON.stringify(normalizeFunctions(input.functions ?? [])),
        responsible_person: input.responsiblePerson ? JSON.stringify(normalizePerson(input.responsiblePerson)) : null,
        contacts: JSON.stringify(normalizeContacts(input.contacts ?? [])),
        created_at: t,
        updated_at: t,
      };
      const codeTaken = () => fieldProblem(409, 'unit_code_taken', 'org.unit.code_taken', 'body.code', { code });
      return uniqueAs(
        () =>
          audit.transact(async (trx) => {
            if (await store.findUnitByCode(trx, code)) throw codeTaken();
            if (row.parent_id) {
              await lockHierarchy(trx);
              await checkParent(trx, null, row.parent_id);
            }
            await store.insertUnit(trx, row);
            const value = toUnit(await mustUnit(trx, row.id));
            return { value, events: [event(by, 'org.unit.create', 'unit', row.id, { code, name, kind: row.kind, parentId: row.parent_id })] };
          }),
        codeTaken,
      );
    },

    async updateUnit(by, id, patch) {
      if (patch.kind !== undefined) checkKind(patch.kind);
      const set: Partial<store.UnitRow> = {};
      if (patch.name !== undefined) set.name = requireText(patch.name, 'body.name');
      if (patch.shortName !== undefined) set.short_name = nullableText(patch.shortName);
      if (patch.kind !== undefined) set.kind = patch.kind;
      if (patch.parentId !== undefined) set.parent_id = patch.parentId;
      if (patch.functions !== undefined) set.functions = JSON.stringify(normalizeFunctions(patch.functions));
      if (patch.responsiblePerson !== undefined) set.responsible_person = patch.responsiblePerson ? JSON.stringify(normalizePerson(patch.responsiblePerson)) : null;
      if (patch.contacts !== undefined) set.contacts = JSON.stringify(normalizeContacts(patch.contacts));
      return audit.transact(async (trx) => {
        const before = await mustUnit(trx, id);
        const changed = changes(before as unknown as Record<string, unknown>, set);
        if (!Object.keys(changed).length) return { value: toUnit(before), events: [] };
        if ('parent_id' in changed && set.parent_id) {
          await lockHierarchy(trx);
          await checkParent(trx, id, set.parent_id);
        }
        await store.updateUnit(trx, id, { ...set, updated_at: now() });
        const value = toUnit(await mustUnit(trx, id));
        const detail: Record<string, unknown> = { fields: Object.keys(changed) };
        for (const k of ['name', 'short_name', 'kind', 'parent_id'] as const) if (changed[k]) detail[k] = changed[k];
        return { value, events: [event(by, 'org.unit.update', 'unit', id, detail)] };
      });
    },

    async getUnit(id) {
      const r = await store.findUnit(db.kysely, id);
      return r ? toUnit(r) : null;
    },
    async getUnitByCode(code) {
      const r = await store.findUnitByCode(db.kysely, normalizeUscc(code));
      return r ? toUnit(r) : null;
    },
    async listUnits(filter = {}) {
      const page = await store.listUnits(db.kysely, filter);
      return { items: page.items.map(toUnit), total: page.total };
    },

    // ---- users

    async createUser(by, input) {
      const username = cleanText(input.username).toLowerCase();
      if (!USERNAME_RE.test(username)) throw fieldProblem(400, 'invalid_username', 'org.user.invalid_username', 'body.username');
      const displayName = requireText(input.displayName, 'body.displayName');
      const roles = checkRoles(input.roles ?? []);
      const phone = nullableText(input.phone);
      const email = nullableText(input.email);
      checkContact(phone, email);
      assertStrongPassword(input.password ?? '', { minLength: config.passwordMinLength, username });
      // Hash before the transaction: it takes tens of milliseconds and must not hold the database.
      const passwordHash = await hashPassword(input.password, hashParams);
      const t = now();
      const unitId = input.unitId || null;
      if (!unitId && !roles.includes('platform_admin')) throw fieldProblem(400, 'unit_required', 'org.user.unit_required', 'body.unitId');
      const row = {
        id: randomUUID(),
        username,
        display_name: displayName,
        unit_id: unitId,
        roles: JSON.stringify(roles),
        password_hash: passwordHash,
        phone,
        email,
        disabled: 0,
        failed_logins: 0,
        locked_until: null,
        last_login_at: null,
        password_changed_at: t,
        created_at: t,
        updated_at: t,
      };
      const taken = () => fieldProblem(409, 'username_taken', 'org.user.username_taken', 'body.username', { username });
      return uniqueAs(
        () =>
          audit.transact(async (trx) => {
            if (unitId && !(await store.unitParentId(trx, unitId))) throw fieldProblem(400, 'unit_not_found', 'org.user.unit_not_found', 'body.unitId', { id: unitId });
            if (await store.findUserByUsername(trx, username)) throw taken();
            await store.insertUser(trx, row);
            const value = toUser(await mustUser(trx, row.id));
            return { value, events: [event(by, 'org.user.create', 'user', row.id, { username, unitId: row.unit_id, roles })] };
          }),
        taken,
      );
    },

    async updateUser(by, id, patch) {
      const set: Partial<UserRow> = {};
      if (patch.displayName !== undefined) set.display_name = requireText(patch.displayName, 'body.displayName');
      if (patch.unitId !== undefined) set.unit_id = patch.unitId;
      if (patch.roles !== undefined) set.roles = JSON.stringify(checkRoles(patch.roles));
      if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
      if (patch.phone !== undefined) set.phone = nullableText(patch.phone);
      if (patch.email !== undefined) set.email = nullableText(patch.email);
      checkContact(set.phone ?? null, set.email ?? null);
      return audit.transact(async (trx) => {
        const before = await mustUser(trx, id);
        const changed = changes(before as unknown as Record<string, unknown>, set);
        if (!Object.keys(changed).length) return { value: toUser(before), events: [] };
        if (changed.unit_id && !(await store.unitParentId(trx, set.unit_id!))) {
          throw fieldProblem(400, 'unit_not_found', 'org.user.unit_not_found', 'body.unitId', { id: set.unit_id! });
        }
        const finalRoles = parseRoles(set.roles ?? before.roles);
        if (!(set.unit_id ?? before.unit_id) && !finalRoles.includes('platform_admin')) {
          throw fieldProblem(400, 'unit_required', 'org.user.unit_required', 'body.unitId');
        }
        const wasAdmin = !before.disabled && parseRoles(before.roles).includes('platform_admin');
        const staysAdmin = !(set.disabled ?? before.disabled) && parseRoles(set.roles ?? before.roles).includes('platform_admin');
        if (wasAdmin && !staysAdmin && (await store.countOtherActiveAdmins(trx, id)) === 0) {
          throw new AppError(409, 'last_admin', 'org.user.last_admin');
        }
        const t = now();
        await store.updateUser(trx, id, { ...set, updated_at: t });
        let endedSessions = 0;
        if (set.disabled === 1 && !before.disabled) endedSessions = await store.endUserSessions(trx, id, t);
        const value = toUser(await mustUser(trx, id));
        const detail: Record<string, unknown> = { username: before.username, fields: Object.keys(changed) };
        if (changed.roles) detail.roles = { from: parseRoles(before.roles), to: parseRoles(set.roles!) };
        if (changed.unit_id) detail.unitId = changed.unit_id;
        if (changed.disabled) detail.disabled = { from: !!before.disabled, to: !!set.disabled };
        if (endedSessions) detail.endedSessions = endedSessions;
        const action = changed.disabled ? (set.disabled ? 'org.user.disable' : 'org.user.enable') : 'org.user.update';
        return { value, events: [event(by, action, 'user', id, detail)] };
      });
    },

    async setPassword(by, userId, password) {
      const user = await mustUser(db.kysely, userId);
      assertStrongPassword(password, { minLength: config.passwordMinLength, username: user.username });
      const hash = await hashPassword(password, hashParams);
      await audit.transact(async (trx) => {
        const t = now();
        await store.updateUser(trx, userId, { password_hash: hash, password_changed_at: t, updated_at: t });
        const ended = await store.endUserSessions(trx, userId, t);
        return { value: undefined, events: [event(by, 'org.user.password_reset', 'user', userId, { username: user.username, endedSessions: ended })] };
      });
    },

    async changeOwnPassword(by, userId, current, next, opts = {}) {
      const user = await mustUser(db.kysely, userId);
      if (!(await verifyPassword(current, user.password_hash))) {
        throw fieldProblem(400, 'wrong_password', 'org.password.wrong_current', 'body.currentPassword');
      }
      if (current === next) throw fieldProblem(400, 'password_reused', 'org.password.reused', 'body.newPassword');
      assertStrongPassword(next, { minLength: config.passwordMinLength, username: user.username, field: 'body.newPassword' });
      const hash = await hashPassword(next, hashParams);
      await audit.transact(async (trx) => {
        const t = now();
        await store.updateUser(trx, userId, { password_hash: hash, password_changed_at: t, updated_at: t });
        const ended = await store.endUserSessions(trx, userId, t, opts.keepSessionId);
        return { value: undefined, events: [event(by, 'org.user.password_change', 'user', userId, { username: user.username, endedSessions: ended })] };
      });
    },

    async unlockUser(by, userId) {
      return audit.transact(async (trx) => {
        const before = await mustUser(trx, userId);
        await store.updateUser(trx, userId, { failed_logins: 0, locked_until: null, updated_at: now() });
        const value = toUser(await mustUser(trx, userId));
        return {
          value,
          events: [event(by, 'org.user.unlock', 'user', userId, { username: before.username, wasLockedUntil: before.locked_until, failedLogins: before.failed_logins })],
        };
      });
    },

    async getUser(id) {
      const r = await store.findUser(db.kysely, id);
      return r ? toUser(r) : null;
    },
    async getUserByUsername(username) {
      const r = await store.findUserByUsername(db.kysely, cleanText(username).toLowerCase());
      return r ? toUser(r) : null;
    },
    async listUsers(filter = {}) {
      const page = await store.listUsers(db.kysely, filter);
      return { items: page.items.map(toUser), total: page.total };
    },

    // ---- sessions

    async login(by, usernameIn, password) {
      const username = cleanText(usernameIn).toLowerCase();
      const user = USERNAME_RE.test(username) ? await store.findUserByUsername(db.kysely, username) : undefined;
      const attempt = (u: UserRow, result: 'success' | 'failure', detail: Record<string, unknown>): AuditInput => ({
        ...by,
        actorType: 'user',
        actorId: u.id,
        actorName: u.username,
        unitId: u.unit_id,
        action: 'auth.login',
        targetType: 'user',
        targetId: u.id,
        result,
        detail,
      });
      if (!user) {
        // Same work as a real check, so response time does not tell which usernames exist.
        await verifyPassword(password, await timingDummyHash(hashParams));
        await audit.append({ ...by, action: 'auth.login', targetType: 'user', targetId: null, result: 'failure', detail: { username: username.slice(0, 64), reason: 'unknown_user' } });
        throw invalidCredentials();
      }
      const started = clock.now();
      if (user.locked_until && user.locked_until > iso(started)) {
        await audit.append(attempt(user, 'failure', { reason: 'locked', lockedUntil: user.locked_until }));
        throw accountLocked(user.locked_until);
      }
      if (!(await verifyPassword(password, user.password_hash))) {
        const lockedUntil = await audit.transact(async (trx) => {
          const t = clock.now();
          const failures = await store.addFailedLogin(trx, user.id, iso(t));
          const events = [attempt(user, 'failure', { reason: 'bad_password', failures })];
          if (failures < config.loginMaxFailures) return { value: null, events };
          const until = iso(new Date(t.getTime() + config.loginLockMinutes * MINUTE));
          // The counter restarts so the user gets a full set of attempts after the lock ends.
          await store.updateUser(trx, user.id, { failed_logins: 0, locked_until: until });
          events.push({
            ...by,
            actorType: 'system',
            actorId: null,
            actorName: 'system',
            unitId: user.unit_id,
            action: 'org.user.lock',
            targetType: 'user',
            targetId: user.id,
            result: 'success',
            detail: { username: user.username, failures, lockedUntil: until },
          });
          return { value: until, events };
        });
        if (lockedUntil) throw accountLocked(lockedUntil);
        throw invalidCredentials();
      }
      if (user.disabled) {
        await audit.append(attempt(user, 'failure', { reason: 'disabled' }));
        throw new AppError(403, 'account_disabled', 'org.auth.account_disabled');
      }
      const token = randomToken();
      const t = clock.now();
      const session: store.SessionRow = {
        id: randomUUID(),
        token_hash: sha256Hex(token),
        csrf_token: randomToken(),
        user_id: user.id,
        created_at: iso(t),
        expires_at: iso(new Date(t.getTime() + config.sessionTtlMinutes * MINUTE)),
        last_seen_at: iso(t),
        client_ip: by.clientIp,
        ended_at: null,
      };
      const fresh = await audit.transact(async (trx) => {
        await store.updateUser(trx, user.id, { failed_logins: 0, locked_until: null, last_login_at: iso(t) });
        await store.insertSession(trx, session);
        return { value: toUser(await mustUser(trx, user.id)), events: [attempt(user, 'success', { sessionId: session.id })] };
      });
      return { token, csrfToken: session.csrf_token, expiresAt: session.expires_at, session: toSession(session), user: fresh };
    },

    async logout(by, sessionId) {
      await audit.transact(async (trx) => {
        const ended = await store.endSession(trx, sessionId, now());
        return { value: undefined, events: ended ? [event(by, 'auth.logout', 'session', sessionId)] : [] };
      });
    },

    async authenticate(credential, via) {
      if (!credential || credential.length > 512) return null;
      if (credential.startsWith('gst_')) return via === 'bearer' ? authenticateToken(credential) : null;
      return authenticateSession(credential, via);
    },

    // ---- application systems

    async createSystem(by, input) {
      const code = cleanText(input.code);
      if (!SYSTEM_CODE_RE.test(code)) throw fieldProblem(400, 'invalid_code', 'org.system.invalid_code', 'body.code');
      const name = requireText(input.name, 'body.name');
      const t = now();
      const row = {
        id: randomUUID(),
        unit_id: input.unitId,
        code,
        name,
        description: cleanText(input.description),
        scenario: cleanText(input.scenario),
        disabled: 0,
        created_at: t,
        updated_at: t,
      };
      const taken = () => fieldProblem(409, 'system_code_taken', 'org.system.code_taken', 'body.code', { code });
      return uniqueAs(
        () =>
          audit.transact(async (trx) => {
            if (!(await store.unitParentId(trx, input.unitId))) throw fieldProblem(400, 'unit_not_found', 'org.user.unit_not_found', 'body.unitId', { id: input.unitId });
            if (await store.findSystemByCode(trx, input.unitId, code)) throw taken();
            await store.insertSystem(trx, row);
            const value = toSystem(await mustSystem(trx, row.id));
            return { value, events: [event(by, 'org.system.create', 'app_system', row.id, { unitId: row.unit_id, code, name })] };
          }),
        taken,
      );
    },

    async updateSystem(by, id, patch) {
      const set: Partial<SystemRow> = {};
      if (patch.name !== undefined) set.name = requireText(patch.name, 'body.name');
      if (patch.description !== undefined) set.description = cleanText(patch.description);
      if (patch.scenario !== undefined) set.scenario = cleanText(patch.scenario);
      if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
      const value = await audit.transact(async (trx) => {
        const before = await mustSystem(trx, id);
        const changed = changes(before as unknown as Record<string, unknown>, set);
        if (!Object.keys(changed).length) return { value: toSystem(before), events: [] };
        await store.updateSystem(trx, id, { ...set, updated_at: now() });
        const detail: Record<string, unknown> = { unitId: before.unit_id, fields: Object.keys(changed) };
        if (changed.name) detail.name = changed.name;
        if (changed.disabled) detail.disabled = { from: !!before.disabled, to: !!set.disabled };
        return { value: toSystem(await mustSystem(trx, id)), events: [event(by, 'org.system.update', 'app_system', id, detail)] };
      });
      invalidateTokens();
      return value;
    },

    async getSystem(id) {
      const r = await store.findSystem(db.kysely, id);
      return r ? toSystem(r) : null;
    },
    async listSystems(filter = {}) {
      const page = await store.listSystems(db.kysely, filter);
      return { items: page.items.map(toSystem), total: page.total };
    },

    // ---- API tokens

    async createToken(by, input) {
      const name = cleanText(input.name);
      if (!name) throw fieldProblem(400, 'blank', 'org.field.blank', 'body.name', { field: 'body.name' });
      if (!input.scopes?.length) throw fieldProblem(400, 'no_scopes', 'org.token.no_scopes', 'body.scopes');
      for (const s of input.scopes) {
        if (!(TOKEN_SCOPES as readonly string[]).includes(s)) throw fieldProblem(400, 'invalid_scope', 'org.token.invalid_scope', 'body.scopes', { scope: String(s) });
      }
      const days = input.expiresInDays;
      if (!Number.isInteger(days) || days < 1 || days > TOKEN_MAX_DAYS) {
        throw fieldProblem(400, 'invalid_days', 'org.token.invalid_days', 'body.expiresInDays', { max: TOKEN_MAX_DAYS });
      }
      const scopes = TOKEN_SCOPES.filter((s) => input.scopes.includes(s));
      let prefix = randomPrefix();
      let secret = `gst_${prefix}_${randomToken()}`;
      if (input.presetSecret !== undefined) {
        const m = /^gst_([a-z0-9]{8})_[A-Za-z0-9_-]{16,100}$/.exec(input.presetSecret);
        if (!m || (by.actorType !== 'system' && by.actorType !== 'cli')) throw new AppError(400, 'preset_secret_refused', 'auth.forbidden');
        prefix = m[1]!;
        secret = input.presetSecret;
      }
      const t = clock.now();
      return audit.transact(async (trx) => {
        const system = await store.findSystem(trx, input.systemId);
        if (!system) throw fieldProblem(400, 'system_not_found', 'org.system.not_found', 'body.systemId', { id: input.systemId });
        if (system.disabled) throw fieldProblem(400, 'system_disabled', 'org.system.disabled', 'body.systemId');
        const row = {
          id: randomUUID(),
          name,
          system_id: system.id,
          unit_id: system.unit_id,
          prefix,
          secret_hash: sha256Hex(secret),
          scopes: JSON.stringify(scopes),
          expires_at: iso(new Date(t.getTime() + days * 24 * 60 * MINUTE)),
          revoked_at: null,
          last_used_at: null,
          created_at: iso(t),
          created_by: by.actorId ?? by.actorName,
        };
        await store.insertToken(trx, row);
        const token = toToken((await store.findToken(trx, row.id))!);
        return {
          value: { token, secret },
          events: [event(by, 'org.token.create', 'api_token', row.id, { systemId: system.id, unitId: system.unit_id, name, prefix, scopes, expiresAt: row.expires_at })],
        };
      });
    },

    async revokeToken(by, id) {
      const value = await audit.transact(async (trx) => {
        const before = await store.findToken(trx, id);
        if (!before) throw notFoundError('token', id);
        if (before.revoked_at) return { value: toToken(before), events: [] };
        await store.revokeToken(trx, id, now());
        return {
          value: toToken((await store.findToken(trx, id))!),
          events: [event(by, 'org.token.revoke', 'api_token', id, { systemId: before.system_id, unitId: before.unit_id, name: before.name, prefix: before.prefix })],
        };
      });
      invalidateTokens(id);
      return value;
    },

    async getToken(id) {
      const r = await store.findToken(db.kysely, id);
      return r ? toToken(r) : null;
    },
    async listTokens(filter = {}) {
      const page = await store.listTokens(db.kysely, filter);
      return { items: page.items.map(toToken), total: page.total };
    },
  };
  return service;
}
