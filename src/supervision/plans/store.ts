import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import { clampPage } from '../../core/db/query.js';
import type { PlanEntryTable, PlanItemTable, PlanMilestoneTable } from './tables.js';
import { formatYuan, type Milestone, type PlanEntry, type PlanItem, type PlanKind, type PlanStatus } from './model.js';

/** SQL of annual plans. Functions take the Kysely instance or the transaction to run in. */
type Q = Kysely<Database> | Transaction<Database>;

export type ItemRow = PlanItemTable;
export type MilestoneRow = PlanMilestoneTable;
export type EntryRow = PlanEntryTable;

export function toMilestone(r: MilestoneRow, today: string): Milestone {
  return {
    id: r.id,
    seq: Number(r.seq),
    title: r.title,
    dueDate: r.due_date,
    doneDate: r.done_date,
    note: r.note,
    overdue: r.done_date === null && r.due_date < today,
    late: r.done_date !== null && r.done_date > r.due_date,
  };
}

/** Open items with an overdue milestone show as delayed. */
export function effectiveStatus(status: PlanStatus, overdue: number): PlanStatus {
  return overdue > 0 && (status === 'planned' || status === 'in_progress') ? 'delayed' : status;
}

export function toItem(r: ItemRow, ms: MilestoneRow[], today: string, names: Map<string, string>): PlanItem {
  const overdue = ms.filter((m) => m.done_date === null && m.due_date < today).length;
  const fen = Number(r.budget_fen);
  return {
    id: r.id,
    year: Number(r.year),
    kind: r.kind,
    title: r.title,
    ownerUnitId: r.owner_unit_id,
    ownerUnitName: names.get(r.owner_unit_id) ?? null,
    content: r.content,
    budget: formatYuan(fen),
    budgetFen: fen,
    fundingSource: r.funding_source,
    fundingNote: r.funding_note,
    status: r.status,
    statusReason: r.status_reason,
    effectiveStatus: effectiveStatus(r.status, overdue),
    overdueMilestones: overdue,
    milestonesDone: ms.filter((m) => m.done_date !== null).length,
    milestonesTotal: ms.length,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toEntry(r: EntryRow): PlanEntry {
  return {
    id: r.id,
    kind: r.kind,
    day: r.day,
    note: r.note,
    assessment: r.assessment,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    milestoneId: r.milestone_id,
    by: r.by_name,
    byUnitId: r.by_unit_id,
    at: r.at,
  };
}

export async function findItem(q: Q, id: string): Promise<ItemRow | null> {
  return (await q.selectFrom('supervision_plan_item').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function insertItem(q: Q, row: ItemRow, milestones: MilestoneRow[], entry: Omit<EntryRow, 'seq'>): Promise<void> {
  await q.insertInto('supervision_plan_item').values(row).execute();
  if (milestones.length) await q.insertInto('supervision_plan_milestone').values(milestones).execute();
  await q.insertInto('supervision_plan_entry').values({ ...entry, seq: 1 }).execute();
}

/** Updates the item only if it is unchanged since it was read (false: someone else got there first). */
export async function updateItem(q: Q, id: string, expectUpdatedAt: string, patch: Partial<ItemRow>): Promise<boolean> {
  const r = await q.updateTable('supervision_plan_item').set(patch).where('id', '=', id).where('updated_at', '=', expectUpdatedAt).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Appends to the item's timeline (seq = last + 1; the item's row version check serializes writers). */
export async function insertEntry(q: Q, entry: Omit<EntryRow, 'seq'>): Promise<void> {
  const r = await q.selectFrom('supervision_plan_entry').select((eb) => eb.fn.max('seq').as('mx')).where('plan_id', '=', entry.plan_id).executeTakeFirst();
  await q.insertInto('supervision_plan_entry').values({ ...entry, seq: Number(r?.mx ?? 0) + 1 }).execute();
}

export async function milestonesOf(q: Q, planIds: string[]): Promise<Map<string, MilestoneRow[]>> {
  const out = new Map<string, MilestoneRow[]>(planIds.map((id) => [id, []]));
  for (let i = 0; i < planIds.length; i += 500) {
    const rows = await q.selectFrom('supervision_plan_milestone').selectAll().where('plan_id', 'in', planIds.slice(i, i + 500)).orderBy('plan_id').orderBy('seq').execute();
    for (const r of rows) out.get(r.plan_id)!.push(r);
  }
  return out;
}

export async function entriesOf(q: Q, planId: string): Promise<EntryRow[]> {
  return q.selectFrom('supervision_plan_entry').selectAll().where('plan_id', '=', planId).orderBy('seq').execute();
}

export async function findMilestone(q: Q, planId: string, id: string): Promise<MilestoneRow | null> {
  return (await q.selectFrom('supervision_plan_milestone').selectAll().where('id', '=', id).where('plan_id', '=', planId).executeTakeFirst()) ?? null;
}

export async function insertMilestone(q: Q, row: MilestoneRow): Promise<void> {
  await q.insertInto('supervision_plan_milestone').values(row).execute();
}

export async function updateMilestone(q: Q, id: string, patch: Partial<MilestoneRow>): Promise<void> {
  await q.updateTable('supervision_plan_milestone').set(patch).where('id', '=', id).execute();
}

export async function deleteMilestone(q: Q, id: string): Promise<void> {
  await q.deleteFrom('supervision_plan_milestone').where('id', '=', id).execute();
}

export async function nextSeq(q: Q, planId: string): Promise<{ next: number; count: number }> {
  const r = await q
    .selectFrom('supervision_plan_milestone')
    .select((eb) => [eb.fn.max('seq').as('mx'), eb.fn.countAll().as('n')])
    .where('plan_id', '=', planId)
    .executeTakeFirstOrThrow();
  return { next: Number(r.mx ?? 0) + 1, count: Number(r.n) };
}

export interface ItemFilter {
  year?: number;
  status?: PlanStatus;
  kind?: PlanKind;
  ownerUnitId?: string;
}

/** Every matching item (plans are a few hundred a year at most; totals and the effective status need them all). */
export async function listItems(q: Q, f: ItemFilter): Promise<ItemRow[]> {
  let base = q.selectFrom('supervision_plan_item').selectAll();
  if (f.year !== undefined) base = base.where('year', '=', f.year);
  if (f.kind) base = base.where('kind', '=', f.kind);
  if (f.ownerUnitId) base = base.where('owner_unit_id', '=', f.ownerUnitId);
  return base.orderBy('year', 'desc').orderBy('kind').orderBy('created_at').orderBy('id').execute();
}

export const page = clampPage;
