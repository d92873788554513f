import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import type { ObjectionEvidenceTable, ObjectionTable } from './tables.js';
import type { Evidence, Objection, ObjectionOutcome, ObjectionState } from './model.js';

/** SQL of objections. Functions take the Kysely instance or the transaction to run in. */
type Q = Kysely<Database> | Transaction<Database>;

export type ObjectionRow = ObjectionTable;
export type EvidenceRow = ObjectionEvidenceTable;

export function toObjection(r: ObjectionRow, targets: { keys: string[]; fields: string[] }, names: Map<string, string>): Objection {
  return {
    id: r.id,
    resourceCode: r.resource_code,
    resourceName: r.resource_name,
    providerUnitId: r.provider_unit_id,
    providerUnitName: names.get(r.provider_unit_id) ?? null,
    raiserUnitId: r.raiser_unit_id,
    raiserUnitName: names.get(r.raiser_unit_id) ?? null,
    raisedBy: r.raised_by,
    recordKeys: targets.keys,
    fields: targets.fields,
    description: r.description,
    evidence: r.evidence_text,
    expectedCorrection: r.expected_correction,
    state: r.state,
    marked: Number(r.marked) === 1,
    answerKind: r.answer_kind,
    answer: r.answer,
    answeredBy: r.answered_by,
    answeredAt: r.answered_at,
    rejectReason: r.reject_reason,
    disputeReason: r.dispute_reason,
    disputedAt: r.disputed_at,
    acknowledgedAt: r.acknowledged_at,
    outcome: r.outcome,
    conclusion: r.conclusion,
    acceptedAt: r.accepted_at,
    closedAt: r.closed_at,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toEvidence(r: EvidenceRow): Evidence {
  return {
    id: r.id,
    objectionId: r.objection_id,
    name: r.name,
    contentType: r.content_type,
    bytes: Number(r.bytes),
    sha256: r.sha256,
    party: r.party,
    uploadedBy: r.uploaded_by,
    uploadedByUnitId: r.uploaded_by_unit_id,
    uploadedAt: r.uploaded_at,
  };
}

export async function insertObjection(q: Q, row: ObjectionRow, keys: string[], fields: string[]): Promise<void> {
  await q.insertInto('sharing_objection').values(row).execute();
  const targets = [...keys.map((value) => ({ kind: 'key' as const, value })), ...fields.map((value) => ({ kind: 'field' as const, value }))];
  if (targets.length) {
    await q
      .insertInto('sharing_objection_record')
      .values(targets.map((x, i) => ({ objection_id: row.id, seq: i + 1, resource_code: row.resource_code, kind: x.kind, value: x.value })))
      .execute();
  }
}

export async function findObjection(q: Q, id: string): Promise<ObjectionRow | null> {
  return (await q.selectFrom('sharing_objection').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/**
 * Moves an objection from `from` to the patch's state; false when another transition got there
 * first (the row is no longer in `from`), so two concurrent transitions never both succeed.
 */
export async function transition(q: Q, id: string, from: ObjectionState, patch: Partial<ObjectionRow>): Promise<boolean> {
  const r = await q.updateTable('sharing_objection').set(patch).where('id', '=', id).where('state', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function touch(q: Q, id: string, at: string): Promise<void> {
  await q.updateTable('sharing_objection').set({ updated_at: at }).where('id', '=', id).execute();
}

/** Record keys and fields of the given objections, in their order. */
export async function targetsOf(q: Q, ids: string[]): Promise<Map<string, { keys: string[]; fields: string[] }>> {
  const out = new Map<string, { keys: string[]; fields: string[] }>();
  for (const id of ids) out.set(id, { keys: [], fields: [] });
  if (!ids.length) return out;
  const rows = await q.selectFrom('sharing_objection_record').select(['objection_id', 'kind', 'value']).where('objection_id', 'in', ids).orderBy('objection_id').orderBy('seq').execute();
  for (const r of rows) {
    const t = out.get(r.objection_id)!;
    (r.kind === 'key' ? t.keys : t.fields).push(r.value);
  }
  return out;
}

export interface ListFilter {
  /** Objections raised by this unit. */
  raiserUnitId?: string;
  /** Objections raised by, or concerning data of, this unit. */
  involvingUnitId?: string;
  /** OR of (state in states [and provider/raiser unit]) clauses: what awaits the caller. */
  awaiting?: { states: ObjectionState[]; providerUnitId?: string; raiserUnitId?: string }[];
  state?: ObjectionState;
  resourceCode?: string;
  limit: number;
  offset: number;
}

export async function listObjections(q: Q, f: ListFilter): Promise<{ rows: ObjectionRow[]; total: number }> {
  let base = q.selectFrom('sharing_objection');
  if (f.raiserUnitId !== undefined) base = base.where('raiser_unit_id', '=', f.raiserUnitId);
  if (f.involvingUnitId !== undefined) {
    const u = f.involvingUnitId;
    base = base.where((eb) => eb.or([eb('raiser_unit_id', '=', u), eb('provider_unit_id', '=', u)]));
  }
  if (f.awaiting !== undefined) {
    const clauses = f.awaiting;
    if (!clauses.length) return { rows: [], total: 0 };
    base = base.where((eb) =>
      eb.or(
        clauses.map((c) =>
          eb.and([
            eb('state', 'in', c.states),
            ...(c.providerUnitId !== undefined ? [eb('provider_unit_id', '=', c.providerUnitId)] : []),
            ...(c.raiserUnitId !== undefined ? [eb('raiser_unit_id', '=', c.raiserUnitId)] : []),
          ]),
        ),
      ),
    );
  }
  if (f.state !== undefined) base = base.where('state', '=', f.state);
  if (f.resourceCode !== undefined) base = base.where('resource_code', '=', f.resourceCode);
  const count = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  const rows = await base.selectAll().orderBy('updated_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute();
  return { rows, total: Number(count?.n ?? 0) };
}

/** The marked objections of a resource with their keys and fields. */
export async function markedOn(q: Q, resourceCode: string): Promise<{ id: string; raiserUnitId: string; keys: string[]; fields: string[] }[]> {
  const rows = await q
    .selectFrom('sharing_objection')
    .select(['id', 'raiser_unit_id'])
    .where('resource_code', '=', resourceCode)
    .where('marked', '=', 1)
    .orderBy('accepted_at')
    .orderBy('id')
    .execute();
  const targets = await targetsOf(q, rows.map((r) => r.id));
  return rows.map((r) => ({ id: r.id, raiserUnitId: r.raiser_unit_id, ...targets.get(r.id)! }));
}

export async function insertEvidence(q: Q, row: EvidenceRow): Promise<void> {
  await q.insertInto('sharing_objection_evidence').values(row).execute();
}

export async function evidenceOf(q: Q, objectionId: string): Promise<EvidenceRow[]> {
  return q.selectFrom('sharing_objection_evidence').selectAll().where('objection_id', '=', objectionId).orderBy('uploaded_at').orderBy('id').execute();
}

export async function countEvidence(q: Q, objectionId: string): Promise<number> {
  const r = await q.selectFrom('sharing_objection_evidence').select((eb) => eb.fn.countAll<number | string>().as('n')).where('objection_id', '=', objectionId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function findEvidence(q: Q, objectionId: string, id: string): Promise<EvidenceRow | null> {
  return (await q.selectFrom('sharing_objection_evidence').selectAll().where('objection_id', '=', objectionId).where('id', '=', id).executeTakeFirst()) ?? null;
}

export interface OutcomeCount {
  providerUnitId: string;
  outcome: ObjectionOutcome;
  n: number;
}

/** Archived objections per provider unit and outcome, closed in [from, to). */
export async function outcomeCounts(q: Q, f: { unitId?: string; from?: string; to?: string; outcome?: ObjectionOutcome }): Promise<OutcomeCount[]> {
  let s = q.selectFrom('sharing_objection').where('outcome', 'is not', null);
  if (f.unitId !== undefined) s = s.where('provider_unit_id', '=', f.unitId);
  if (f.outcome !== undefined) s = s.where('outcome', '=', f.outcome);
  if (f.from !== undefined) s = s.where('closed_at', '>=', f.from);
  if (f.to !== undefined) s = s.where('closed_at', '<', f.to);
  const rows = await s
    .select(['provider_unit_id', 'outcome', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy(['provider_unit_id', 'outcome'])
    .execute();
  return rows.map((r) => ({ providerUnitId: r.provider_unit_id, outcome: r.outcome as ObjectionOutcome, n: Number(r.n) }));
}

export async function countOpen(q: Q, unitId?: string): Promise<number> {
  let s = q.selectFrom('sharing_objection').where('state', '!=', 'archived');
  if (unitId !== undefined) s = s.where('provider_unit_id', '=', unitId);
  const r = await s.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}
