import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import { containsPattern, likeCi } from '../../core/db/query.js';
import type { DemandDecisionTable, DemandTable } from './tables.js';
import type { DecisionLevel, Demand, DemandRecord, DemandState, GapEntry, WantedItem } from './model.js';

/** Plain Kysely queries of sharing_demand and its record; `q` is the database or an open transaction. */
type Q = Kysely<Database>;

export type DemandRow = Selectable<DemandTable>;
export type RecordRow = Selectable<DemandDecisionTable>;

/** A demand row with the names the API shows next to the ids (joined, not stored). */
export interface NamedDemandRow extends DemandRow {
  requester_unit_name: string | null;
  provider_unit_name: string | null;
  system_name: string | null;
}

const parseList = <T>(json: string | null): T[] => {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
};

export async function insertDemand(q: Q, row: DemandRow): Promise<void> {
  await q.insertInto('sharing_demand').values(row).execute();
}

export async function findDemand(q: Q, id: string): Promise<DemandRow | undefined> {
  return q.selectFrom('sharing_demand').selectAll().where('id', '=', id).executeTakeFirst();
}

function named(q: Q) {
  return q
    .selectFrom('sharing_demand as d')
    .leftJoin('unit as ru', 'ru.id', 'd.requester_unit_id')
    .leftJoin('unit as pu', 'pu.id', 'd.provider_unit_id')
    .leftJoin('app_system as s', 's.id', 'd.system_id')
    .selectAll('d')
    .select(['ru.name as requester_unit_name', 'pu.name as provider_unit_name', 's.name as system_name']);
}

export async function findNamedDemand(q: Q, id: string): Promise<NamedDemandRow | undefined> {
  return named(q).where('d.id', '=', id).executeTakeFirst();
}

/**
 * Updates a demand that is still in `from` (several nodes: the first writer wins); false when
 * the state moved meanwhile.
 */
export async function updateDemand(q: Q, id: string, from: DemandState, patch: Updateable<DemandTable>): Promise<boolean> {
  const r = await q.updateTable('sharing_demand').set(patch).where('id', '=', id).where('state', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Registers the demand itself if it is not yet; true when this call did it. */
export async function registerDemand(q: Q, id: string, at: string, by: string): Promise<boolean> {
  const r = await q.updateTable('sharing_demand').set({ registered_at: at, registered_by: by, updated_at: at }).where('id', '=', id).where('registered_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Registers every response of the demand not registered yet; returns how many. */
export async function registerResponses(q: Q, demandId: string, kinds: readonly string[], at: string, by: string): Promise<number> {
  const r = await q
    .updateTable('sharing_demand_decision')
    .set({ registered_at: at, registered_by: by })
    .where('demand_id', '=', demandId)
    .where('kind', 'in', kinds as DemandDecisionTable['kind'][])
    .where('registered_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertRecord(q: Q, row: Omit<RecordRow, 'seq'>): Promise<RecordRow> {
  const last = await q.selectFrom('sharing_demand_decision').select((eb) => eb.fn.max('seq').as('m')).where('demand_id', '=', row.demand_id).executeTakeFirst();
  const seq = Number(last?.m ?? 0) + 1;
  const full: RecordRow = { ...row, seq };
  await q.insertInto('sharing_demand_decision').values(full).execute();
  return full;
}

export async function listRecords(q: Q, demandId: string): Promise<RecordRow[]> {
  return q.selectFrom('sharing_demand_decision').selectAll().where('demand_id', '=', demandId).orderBy('seq').execute();
}

export interface DemandSearch {
  /** Only demands raised by or routed to this unit (a unit's view); undefined = every demand. */
  visibleToUnit?: string | null;
  requesterUnitId?: string;
  providerUnitId?: string;
  states?: DemandState[];
  /** Only demands decided at this level (the leadership group's decisions page). */
  decisionLevel?: DecisionLevel;
  /** Only demands that were ever escalated to the leadership group. */
  escalated?: boolean;
  q?: string;
  limit: number;
  offset: number;
}

function filtered(q: Q, f: Omit<DemandSearch, 'states' | 'limit' | 'offset'>) {
  let s = named(q);
  if (f.visibleToUnit !== undefined) {
    const u = f.visibleToUnit;
    // A user without a unit sees no unit's demands.
    if (u === null) s = s.where('d.id', '=', '');
    else s = s.where((eb) => eb.or([eb('d.requester_unit_id', '=', u), eb('d.provider_unit_id', '=', u)]));
  }
  if (f.requesterUnitId !== undefined) s = s.where('d.requester_unit_id', '=', f.requesterUnitId);
  if (f.providerUnitId !== undefined) s = s.where('d.provider_unit_id', '=', f.providerUnitId);
  if (f.decisionLevel !== undefined) s = s.where('d.decision_level', '=', f.decisionLevel);
  if (f.escalated) s = s.where('d.escalated_at', 'is not', null);
  const text = f.q?.trim();
  if (text) {
    const p = containsPattern(text);
    s = s.where((eb) => eb.or([likeCi('d.title', p), likeCi('d.content', p), likeCi('d.duty', p), likeCi('d.data_items', p), likeCi('ru.name', p)]));
  }
  return s;
}

/** A page of demands, most recently changed first, and the count per state of the same filter (the board's tabs). */
export async function searchDemands(q: Q, f: DemandSearch): Promise<{ rows: NamedDemandRow[]; total: number; counts: Partial<Record<DemandState, number>> }> {
  const base = filtered(q, f);
  let page = base;
  if (f.states !== undefined) {
    if (f.states.length === 0) return { rows: [], total: 0, counts: {} };
    page = page.where('d.state', 'in', f.states);
  }
  const [rows, total, byState] = await Promise.all([
    page.orderBy('d.updated_at', 'desc').orderBy('d.id').limit(f.limit).offset(f.offset).execute(),
    page.clearSelect().select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    base.clearSelect().select(['d.state as state', (eb) => eb.fn.countAll<number | string>().as('n')]).groupBy('d.state').execute(),
  ]);
  const counts: Partial<Record<DemandState, number>> = {};
  for (const r of byState) counts[r.state as DemandState] = Number(r.n);
  return { rows, total: Number(total.n), counts };
}

/** Demands in state `state` (the met sweep: in_progress), oldest change first. */
export async function demandsInState(q: Q, state: DemandState, limit: number): Promise<DemandRow[]> {
  return q.selectFrom('sharing_demand').selectAll().where('state', '=', state).orderBy('updated_at').orderBy('id').limit(limit).execute();
}

export async function listGaps(q: Q, f: { q?: string; limit: number; offset: number }): Promise<{ rows: NamedDemandRow[]; total: number }> {
  const s = filtered(q, { q: f.q }).where('d.state', '=', 'gap');
  const [rows, total] = await Promise.all([
    s.orderBy('d.gap_at', 'desc').orderBy('d.id').limit(f.limit).offset(f.offset).execute(),
    s.clearSelect().select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function systemOf(q: Q, id: string): Promise<{ id: string; unit_id: string; name: string; disabled: number } | undefined> {
  return q.selectFrom('app_system').select(['id', 'unit_id', 'name', 'disabled']).where('id', '=', id).executeTakeFirst();
}

/** The enabled application systems of a unit (the form's picker). */
export async function systemsOfUnit(q: Q, unitId: string): Promise<{ id: string; code: string; name: string }[]> {
  return q.selectFrom('app_system').select(['id', 'code', 'name']).where('unit_id', '=', unitId).where('disabled', '=', 0).orderBy('code').execute();
}

export async function unitName(q: Q, id: string): Promise<string | null> {
  const r = await q.selectFrom('unit').select('name').where('id', '=', id).executeTakeFirst();
  return r?.name ?? null;
}

export function toDemand(r: NamedDemandRow): Demand {
  return {
    id: r.id,
    title: r.title,
    state: r.state,
    requesterUnitId: r.requester_unit_id,
    requesterUnitName: r.requester_unit_name ?? r.requester_unit_id,
    requesterId: r.requester_id,
    requesterName: r.requester_name,
    duty: r.duty,
    legalBasis: r.legal_basis,
    content: r.content,
    dataItems: parseList<WantedItem>(r.data_items),
    targetResourceCode: r.target_resource_code,
    targetProviderUnitId: r.target_provider_unit_id,
    scope: r.scope,
    purpose: r.purpose,
    method: r.method,
    systemId: r.system_id,
    systemName: r.system_name,
    neededBy: r.needed_by,
    providerUnitId: r.provider_unit_id,
    providerUnitName: r.provider_unit_name,
    resourceCodes: parseList<string>(r.resource_codes),
    routedAt: r.routed_at,
    routedBy: r.routed_by,
    answer:
      r.answer_kind && r.answered_at
        ? {
            kind: r.answer_kind,
            resourceCode: r.answer_resource_code,
            resourceVersion: r.answer_resource_version === null ? null : Number(r.answer_resource_version),
            circumstances: r.answer_circumstances,
            reasons: r.answer_reasons,
            comment: r.answer_comment,
            at: r.answered_at,
            by: r.answered_by ?? '',
          }
        : null,
    decision:
      r.decision_level && r.decision_outcome && r.decided_at
        ? { level: r.decision_level, outcome: r.decision_outcome, text: r.decision_text ?? '', at: r.decided_at, by: r.decided_by ?? '' }
        : null,
    escalation: r.escalated_at ? { reason: r.escalation_reason ?? '', at: r.escalated_at, by: r.escalated_by ?? '' } : null,
    gap: r.gap_at ? { note: r.gap_note ?? '', at: r.gap_at, by: r.gap_by ?? '' } : null,
    withdrawal: r.withdrawn_at ? { reason: r.withdraw_reason, at: r.withdrawn_at } : null,
    registeredAt: r.registered_at,
    registeredBy: r.registered_by,
    metAt: r.met_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toRecord(r: RecordRow): DemandRecord {
  return {
    id: r.id,
    seq: Number(r.seq),
    kind: r.kind,
    outcome: r.outcome,
    text: r.text,
    circumstances: r.circumstances,
    resourceCode: r.resource_code,
    actorName: r.actor_name,
    unitId: r.unit_id,
    at: r.at,
    registeredAt: r.registered_at,
    registeredBy: r.registered_by,
  };
}

export function toGap(r: NamedDemandRow): GapEntry {
  return {
    id: r.id,
    title: r.title,
    requesterUnitId: r.requester_unit_id,
    requesterUnitName: r.requester_unit_name ?? r.requester_unit_id,
    duty: r.duty,
    content: r.content,
    dataItems: parseList<WantedItem>(r.data_items),
    scope: r.scope,
    neededBy: r.needed_by,
    note: r.gap_note ?? '',
    markedAt: r.gap_at ?? r.updated_at,
  };
}
