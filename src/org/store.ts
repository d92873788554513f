import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../core/db/schema.js';
import { clampPage, containsPattern, likeCi, type Page, type PageOpts } from '../core/db/query.js';
import { ROLES, type Role } from '../core/actor.js';
import type { ApiTokenTable, AppSystemTable, AppUserTable, SessionTable, UnitTable } from './tables.js';
import type { ApiToken, AppSystem, Contact, Person, Session, TokenScope, Unit, UnitFunction, User } from './model.js';

/** Plain Kysely queries of the org tables; `q` is the database or an open transaction. */
type Q = Kysely<Database>;

export type UnitRow = Selectable<UnitTable> & { parent_name: string | null };
export type UserRow = Selectable<AppUserTable> & { unit_name: string | null };
export type SessionRow = Selectable<SessionTable>;
export type SystemRow = Selectable<AppSystemTable> & { unit_name: string | null };
export type TokenRow = Selectable<ApiTokenTable> & { system_name: string | null };

export { containsPattern, isUniqueViolation, type Page, type PageOpts } from '../core/db/query.js';

/** JSON arrays of plain words are stored as text, so membership is a quoted-substring test. */
const jsonHas = (column: string, value: string) => sql<boolean>`${sql.ref(column)} like ${`%"${value}"%`}`;


// ---- units

const unitSelect = (q: Q) =>
  q
    .selectFrom('unit')
    .leftJoin('unit as parent', 'parent.id', 'unit.parent_id')
    .selectAll('unit')
    .select('parent.name as parent_name');

export async function findUnit(q: Q, id: string): Promise<UnitRow | undefined> {
  return unitSelect(q).where('unit.id', '=', id).executeTakeFirst();
}

export async function findUnitByCode(q: Q, code: string): Promise<UnitRow | undefined> {
  return unitSelect(q).where('unit.code', '=', code).executeTakeFirst();
}

export async function unitParentId(q: Q, id: string): Promise<{ parent_id: string | null } | undefined> {
  return q.selectFrom('unit').select('parent_id').where('id', '=', id).executeTakeFirst();
}

export async function insertUnit(q: Q, row: Selectable<UnitTable>): Promise<void> {
  await q.insertInto('unit').values(row).execute();
}

export async function updateUnit(q: Q, id: string, patch: Partial<Selectable<UnitTable>>): Promise<void> {
  await q.updateTable('unit').set(patch).where('id', '=', id).execute();
}

export interface UnitFilter extends PageOpts {
  q?: string;
  kind?: string;
  parentId?: string;
  function?: string;
}

export async function listUnits(q: Q, f: UnitFilter): Promise<Page<UnitRow>> {
  let base = q.selectFrom('unit');
  if (f.q) {
    const p = containsPattern(f.q);
    base = base.where((eb) => eb.or([likeCi('unit.name', p), likeCi('unit.short_name', p), likeCi('unit.code', p)]));
  }
  if (f.kind) base = base.where('unit.kind', '=', f.kind as UnitTable['kind']);
  if (f.parentId) base = base.where('unit.parent_id', '=', f.parentId);
  if (f.function) base = base.where(jsonHas('unit.functions', f.function));
  const { limit, offset } = clampPage(f, 1000);
  const [items, count] = await Promise.all([
    base
      .leftJoin('unit as parent', 'parent.id', 'unit.parent_id')
      .selectAll('unit')
      .select('parent.name as parent_name')
      .orderBy('unit.name')
      .orderBy('unit.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

// ---- users

const userSelect = (q: Q) =>
  q.selectFrom('app_user').leftJoin('unit', 'unit.id', 'app_user.unit_id').selectAll('app_user').select('unit.name as unit_name');

export async function findUser(q: Q, id: string): Promise<UserRow | undefined> {
  return userSelect(q).where('app_user.id', '=', id).executeTakeFirst();
}

export async function findUserByUsername(q: Q, username: string): Promise<UserRow | undefined> {
  return userSelect(q).where('app_user.username', '=', username).executeTakeFirst();
}

export async function insertUser(q: Q, row: Selectable<AppUserTable>): Promise<void> {
  await q.insertInto('app_user').values(row).execute();
}

export async function updateUser(q: Q, id: string, patch: Partial<Selectable<AppUserTable>>): Promise<void> {
  await q.updateTable('app_user').set(patch).where('id', '=', id).execute();
}

/** Adds one failed login and returns the new count (atomic under concurrent attempts). */
export async function addFailedLogin(q: Q, id: string, now: string): Promise<number> {
  const row = await q
    .updateTable('app_user')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  return Number(row.failed_logins);
}

export async function countOtherActiveAdmins(q: Q, exceptUserId: string): Promise<number> {
  const r = await q
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', '!=', exceptUserId)
    .where('disabled', '=', 0)
    .where(jsonHas('roles', 'platform_admin'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface UserFilter extends PageOpts {
  q?: string;
  unitId?: string;
  role?: string;
}

export async function listUsers(q: Q, f: UserFilter): Promise<Page<UserRow>> {
  let base = q.selectFrom('app_user');
  if (f.q) {
    const p = containsPattern(f.q);
    base = base.where((eb) => eb.or([likeCi('app_user.username', p), likeCi('app_user.display_name', p)]));
  }
  if (f.unitId) base = base.where('app_user.unit_id', '=', f.unitId);
  if (f.role) base = base.where(jsonHas('app_user.roles', f.role));
  const { limit, offset } = clampPage(f, 1000);
  const [items, count] = await Promise.all([
    base
      .leftJoin('unit', 'unit.id', 'app_user.unit_id')
      .selectAll('app_user')
      .select('unit.name as unit_name')
      .orderBy('app_user.username')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

// ---- sessions

export async function insertSession(q: Q, row: SessionRow): Promise<void> {
  await q.insertInto('session').values(row).execute();
}

/** The one query behind every session-authenticated request. */
export async function findSessionForAuth(q: Q, tokenHash: string) {
  return q
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .select([
      'session.id',
      'session.csrf_token',
      'session.expires_at',
      'session.last_seen_at',
      'session.ended_at',
      'app_user.id as user_id',
      'app_user.username',
      'app_user.unit_id',
      'app_user.roles',
      'app_user.disabled',
    ])
    .where('session.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchSession(q: Q, id: string, now: string): Promise<void> {
  await q.updateTable('session').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function endSession(q: Q, id: string, now: string): Promise<number> {
  const r = await q.updateTable('session').set({ ended_at: now }).where('id', '=', id).where('ended_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Ends every open session of a user (disable, password reset), optionally keeping one. */
export async function endUserSessions(q: Q, userId: string, now: string, keepSessionId?: string): Promise<number> {
  let u = q.updateTable('session').set({ ended_at: now }).where('user_id', '=', userId).where('ended_at', 'is', null);
  if (keepSessionId) u = u.where('id', '!=', keepSessionId);
  const r = await u.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- application systems

const systemSelect = (q: Q) =>
  q.selectFrom('app_system').leftJoin('unit', 'unit.id', 'app_system.unit_id').selectAll('app_system').select('unit.name as unit_name');

export async function findSystem(q: Q, id: string): Promise<SystemRow | undefined> {
  return systemSelect(q).where('app_system.id', '=', id).executeTakeFirst();
}

export async function findSystemByCode(q: Q, unitId: string, code: string): Promise<SystemRow | undefined> {
  return systemSelect(q).where('app_system.unit_id', '=', unitId).where('app_system.code', '=', code).executeTakeFirst();
}

export async function insertSystem(q: Q, row: Selectable<AppSystemTable>): Promise<void> {
  await q.insertInto('app_system').values(row).execute();
}

export async function updateSystem(q: Q, id: string, patch: Partial<Selectable<AppSystemTable>>): Promise<void> {
  await q.updateTable('app_system').set(patch).where('id', '=', id).execute();
}

export interface SystemFilter extends PageOpts {
  unitId?: string;
}

export async function listSystems(q: Q, f: SystemFilter): Promise<Page<SystemRow>> {
  let base = q.selectFrom('app_system');
  if (f.unitId) base = base.where('app_system.unit_id', '=', f.unitId);
  const { limit, offset } = clampPage(f, 1000);
  const [items, count] = await Promise.all([
    base
      .leftJoin('unit', 'unit.id', 'app_system.unit_id')
      .selectAll('app_system')
      .select('unit.name as unit_name')
      .orderBy('app_system.unit_id')
      .orderBy('app_system.code')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

// ---- API tokens

const tokenSelect = (q: Q) =>
  q.selectFrom('api_token').leftJoin('app_system', 'app_system.id', 'api_token.system_id').selectAll('api_token').select('app_system.name as system_name');

export async function findToken(q: Q, id: string): Promise<TokenRow | undefined> {
  return tokenSelect(q).where('api_token.id', '=', id).executeTakeFirst();
}

/** The one query behind an API-token-authenticated request (when not cached). */
export async function findTokenForAuth(q: Q, secretHash: string) {
  return q
    .selectFrom('api_token')
    .innerJoin('app_system', 'app_system.id', 'api_token.system_id')
    .select([
      'api_token.id',
      'api_token.name',
      'api_token.system_id',
      'api_token.unit_id',
      'api_token.scopes',
      'api_token.expires_at',
      'api_token.revoked_at',
      'api_token.last_used_at',
      'app_system.disabled as system_disabled',
    ])
    .where('api_token.secret_hash', '=', secretHash)
    .executeTakeFirst();
}

export async function insertToken(q: Q, row: Selectable<ApiTokenTable>): Promise<void> {
  await q.insertInto('api_token').values(row).execute();
}

export async function revokeToken(q: Q, id: string, now: string): Promise<number> {
  const r = await q.updateTable('api_token').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function touchToken(q: Q, id: string, now: string): Promise<void> {
  await q.updateTable('api_token').set({ last_used_at: now }).where('id', '=', id).execute();
}

export interface TokenFilter extends PageOpts {
  unitId?: string;
  systemId?: string;
}

export async function listTokens(q: Q, f: TokenFilter): Promise<Page<TokenRow>> {
  let base = q.selectFrom('api_token');
  if (f.unitId) base = base.where('api_token.unit_id', '=', f.unitId);
  if (f.systemId) base = base.where('api_token.system_id', '=', f.systemId);
  const { limit, offset } = clampPage(f, 1000);
  const [items, count] = await Promise.all([
    base
      .leftJoin('app_system', 'app_system.id', 'api_token.system_id')
      .selectAll('api_token')
      .select('app_system.name as system_name')
      .orderBy('api_token.created_at', 'desc')
      .orderBy('api_token.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}


// ---- rows → the service's objects (JSON parsed, hashes dropped)

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function parseRoles(text: string): Role[] {
  const list = parseJson<unknown>(text, []);
  return Array.isArray(list) ? list.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string)) : [];
}

export function parseStringArray(text: string | null): string[] {
  const list = parseJson<unknown>(text, []);
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

export function toUnit(r: UnitRow): Unit {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind,
    parentId: r.parent_id,
    parentName: r.parent_name ?? null,
    functions: parseStringArray(r.functions) as UnitFunction[],
    responsiblePerson: parseJson<Person | null>(r.responsible_person, null),
    contacts: parseJson<Contact[]>(r.contacts, []),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    unitId: r.unit_id,
    unitName: r.unit_name ?? null,
    roles: parseRoles(r.roles),
    phone: r.phone,
    email: r.email,
    disabled: !!r.disabled,
    failedLogins: Number(r.failed_logins),
    lockedUntil: r.locked_until,
    lastLoginAt: r.last_login_at,
    passwordChangedAt: r.password_changed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toSession(r: SessionRow): Session {
  return { id: r.id, userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at, clientIp: r.client_ip };
}

export function toSystem(r: SystemRow): AppSystem {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name ?? null,
    code: r.code,
    name: r.name,
    description: r.description,
    scenario: r.scenario,
    disabled: !!r.disabled,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toToken(r: TokenRow): ApiToken {
  return {
    id: r.id,
    name: r.name,
    systemId: r.system_id,
    systemName: r.system_name ?? null,
    unitId: r.unit_id,
    prefix: r.prefix,
    scopes: parseStringArray(r.scopes) as TokenScope[],
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}
