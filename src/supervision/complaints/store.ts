import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import type { ComplaintEvidenceTable, ComplaintMessageTable, ComplaintTable } from './tables.js';
import type { ComplaintState } from './model.js';

/** SQL of complaints. Functions take the Kysely instance or the transaction to run in. */
type Q = Kysely<Database> | Transaction<Database>;

export type ComplaintRow = ComplaintTable;
export type MessageRow = ComplaintMessageTable;
export type EvidenceRow = ComplaintEvidenceTable;

export async function insert(q: Q, row: ComplaintRow): Promise<void> {
  await q.insertInto('supervision_complaint').values(row).execute();
}

export async function find(q: Q, id: string): Promise<ComplaintRow | null> {
  return (await q.selectFrom('supervision_complaint').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** Moves a complaint from `from`; false when another transition got there first. */
export async function transition(q: Q, id: string, from: ComplaintState, patch: Partial<ComplaintRow>): Promise<boolean> {
  const r = await q.updateTable('supervision_complaint').set(patch).where('id', '=', id).where('state', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertMessage(q: Q, row: MessageRow): Promise<void> {
  await q.insertInto('supervision_complaint_message').values(row).execute();
}

export async function messagesOf(q: Q, id: string): Promise<MessageRow[]> {
  return q.selectFrom('supervision_complaint_message').selectAll().where('complaint_id', '=', id).orderBy('at').orderBy('id').execute();
}

export async function insertEvidence(q: Q, row: EvidenceRow): Promise<void> {
  await q.insertInto('supervision_complaint_evidence').values(row).execute();
}

export async function evidenceOf(q: Q, id: string): Promise<EvidenceRow[]> {
  return q.selectFrom('supervision_complaint_evidence').selectAll().where('complaint_id', '=', id).orderBy('uploaded_at').orderBy('id').execute();
}

export async function findEvidence(q: Q, id: string, evidenceId: string): Promise<EvidenceRow | null> {
  return (await q.selectFrom('supervision_complaint_evidence').selectAll().where('complaint_id', '=', id).where('id', '=', evidenceId).executeTakeFirst()) ?? null;
}

export async function countEvidence(q: Q, id: string): Promise<number> {
  const r = await q.selectFrom('supervision_complaint_evidence').select((eb) => eb.fn.countAll<number | string>().as('n')).where('complaint_id', '=', id).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Links violations (already linked ones are left alone); returns the ids newly linked. */
export async function link(q: Q, id: string, violationIds: string[], by: string, at: string): Promise<string[]> {
  const have = new Set((await q.selectFrom('supervision_complaint_violation').select('violation_id').where('complaint_id', '=', id).execute()).map((r) => r.violation_id));
  const fresh = [...new Set(violationIds)].filter((v) => !have.has(v));
  if (fresh.length) await q.insertInto('supervision_complaint_violation').values(fresh.map((v) => ({ complaint_id: id, violation_id: v, linked_by: by, linked_at: at }))).execute();
  return fresh;
}

export async function linkedIds(q: Q, id: string): Promise<string[]> {
  return (await q.selectFrom('supervision_complaint_violation').select('violation_id').where('complaint_id', '=', id).orderBy('linked_at').execute()).map((r) => r.violation_id);
}

export interface ListFilter {
  /** OR of clauses: what the caller may see / what awaits the caller. */
  any?: { states?: ComplaintState[]; addressee?: string; complainantUnitId?: string; targetUnitId?: string; targetInvolved?: boolean; pendingTarget?: boolean; pendingComplainant?: boolean }[];
  state?: ComplaintState;
  limit: number;
  offset: number;
}

export async function list(q: Q, f: ListFilter): Promise<{ rows: ComplaintRow[]; total: number }> {
  let base = q.selectFrom('supervision_complaint');
  if (f.any !== undefined) {
    const clauses = f.any;
    if (!clauses.length) return { rows: [], total: 0 };
    base = base.where((eb) =>
      eb.or(
        clauses.map((c) =>
          eb.and([
            ...(c.states ? [eb('state', 'in', c.states)] : []),
            ...(c.addressee !== undefined ? [eb('addressee', '=', c.addressee as never)] : []),
            ...(c.complainantUnitId !== undefined ? [eb('complainant_unit_id', '=', c.complainantUnitId)] : []),
            ...(c.targetUnitId !== undefined ? [eb('target_unit_id', '=', c.targetUnitId)] : []),
            ...(c.targetInvolved ? [eb('target_involved', '=', 1)] : []),
            ...(c.pendingTarget ? [eb('pending_target', '=', 1)] : []),
            ...(c.pendingComplainant ? [eb('pending_complainant', '=', 1)] : []),
          ]),
        ),
      ),
    );
  }
  if (f.state !== undefined) base = base.where('state', '=', f.state);
  const count = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  const rows = await base.selectAll().orderBy('updated_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute();
  return { rows, total: Number(count?.n ?? 0) };
}
