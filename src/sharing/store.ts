import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../core/db/schema.js';
import type { GrantTable } from './tables.js';
import type { Grant, GrantFilter, GrantState } from './model.js';

/** Plain Kysely queries of the sharing tables; `q` is the database or an open transaction. */
type Q = Kysely<Database>;

export type GrantRow = Selectable<GrantTable>;

export async function insertGrant(q: Q, row: GrantRow): Promise<void> {
  await q.insertInto('sharing_grant').values(row).execute();
}

export async function findGrant(q: Q, id: string): Promise<GrantRow | undefined> {
  return q.selectFrom('sharing_grant').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Moves a grant from `from` to `state`; false when another writer moved it first (several nodes). */
export async function updateGrantState(q: Q, id: string, from: GrantState, state: GrantState, reason: string | null, at: string): Promise<boolean> {
  const r = await q.updateTable('sharing_grant').set({ state, state_reason: reason, updated_at: at }).where('id', '=', id).where('state', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function listGrants(q: Q, f: GrantFilter): Promise<GrantRow[]> {
  let s = q.selectFrom('sharing_grant').selectAll();
  if (f.resourceCode !== undefined) s = s.where('resource_code', '=', f.resourceCode);
  if (f.consumerUnitId !== undefined) s = s.where('consumer_unit_id', '=', f.consumerUnitId);
  if (f.state !== undefined) s = s.where('state', '=', f.state);
  return s.orderBy('created_at', 'desc').orderBy('id').execute();
}

export interface GrantSearch extends GrantFilter {
  /** Only grants of these resources. */
  resourceCodes?: string[];
  /** What a unit may see: its own grants as consumer, or grants on the resources it provides. */
  visibleTo?: { unitId: string; providedCodes: string[] };
  limit: number;
  offset: number;
}

export async function searchGrants(q: Q, f: GrantSearch): Promise<{ rows: GrantRow[]; total: number }> {
  let s = q.selectFrom('sharing_grant');
  if (f.resourceCode !== undefined) s = s.where('resource_code', '=', f.resourceCode);
  if (f.consumerUnitId !== undefined) s = s.where('consumer_unit_id', '=', f.consumerUnitId);
  if (f.state !== undefined) s = s.where('state', '=', f.state);
  if (f.resourceCodes !== undefined) {
    if (f.resourceCodes.length === 0) return { rows: [], total: 0 };
    s = s.where('resource_code', 'in', f.resourceCodes);
  }
  const v = f.visibleTo;
  if (v) {
    s = s.where((eb) => (v.providedCodes.length ? eb.or([eb('consumer_unit_id', '=', v.unitId), eb('resource_code', 'in', v.providedCodes)]) : eb('consumer_unit_id', '=', v.unitId)));
  }
  const [rows, count] = await Promise.all([
    s.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
    s.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Active or suspended grants whose validity ended at or before `at` (the expiry sweep). */
export async function grantsPastValidity(q: Q, at: string, limit: number): Promise<GrantRow[]> {
  return q
    .selectFrom('sharing_grant')
    .selectAll()
    .where('state', 'in', ['active', 'suspended'])
    .where('valid_until', 'is not', null)
    .where('valid_until', '<=', at)
    .orderBy('valid_until')
    .limit(limit)
    .execute();
}

export async function unitExists(q: Q, id: string): Promise<boolean> {
  return !!(await q.selectFrom('unit').select('id').where('id', '=', id).executeTakeFirst());
}

export async function systemUnit(q: Q, id: string): Promise<string | null> {
  const r = await q.selectFrom('app_system').select('unit_id').where('id', '=', id).executeTakeFirst();
  return r?.unit_id ?? null;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export function toGrant(r: GrantRow): Grant {
  return {
    id: r.id,
    resourceCode: r.resource_code,
    consumerUnitId: r.consumer_unit_id,
    consumerSystemId: r.consumer_system_id,
    fields: parseJson<string[] | null>(r.fields, null),
    // A row filter that cannot be read must not widen access: it matches nothing (see query.ts).
    rowFilter: parseJson(r.row_filter, [{ field: '_unreadable', op: 'isnull' as const }]),
    masking: parseJson(r.masking, {}),
    purpose: r.purpose,
    legalBasis: r.legal_basis,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    quotaRequestsPerDay: num(r.quota_requests_per_day),
    quotaRowsPerDay: num(r.quota_rows_per_day),
    state: r.state,
    stateReason: r.state_reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
