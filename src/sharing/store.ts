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

export async function updateGrantState(q: Q, id: string, state: GrantState, reason: string | null, at: string): Promise<void> {
  await q.updateTable('sharing_grant').set({ state, state_reason: reason, updated_at: at }).where('id', '=', id).execute();
}

export async function listGrants(q: Q, f: GrantFilter): Promise<GrantRow[]> {
  let s = q.selectFrom('sharing_grant').selectAll();
  if (f.resourceCode !== undefined) s = s.where('resource_code', '=', f.resourceCode);
  if (f.consumerUnitId !== undefined) s = s.where('consumer_unit_id', '=', f.consumerUnitId);
  if (f.state !== undefined) s = s.where('state', '=', f.state);
  return s.orderBy('created_at', 'desc').orderBy('id').execute();
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
