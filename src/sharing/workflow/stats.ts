import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';

/** Read-only workflow figures for the evaluation (评估, 第二十八条): no writes, plain queries over `db`. */

type K = Kysely<Database> | Transaction<Database>;

/** The sharing items whose answers count for a unit's responsiveness. */
export const RESPONSIVENESS_KINDS = ['application', 'demand', 'objection', 'agreement', 'grant'] as const;

export interface DeadlineTaskFact {
  id: string;
  itemKind: string;
  itemId: string;
  step: string;
  unitId: string;
  title: string;
  dueAt: string;
  closedAt: string | null;
  state: 'open' | 'done' | 'cancelled';
  /** Done no later than its deadline. */
  onTime: boolean;
}

/**
 * Tasks assigned to a unit, with a deadline falling in [from, until), of the sharing items, not
 * cancelled: each is on time (done by dueAt) or not (done late, or still open past dueAt).
 */
export async function unitDeadlineTasks(k: K, q: { from: string; until: string }): Promise<DeadlineTaskFact[]> {
  const rows = await k
    .selectFrom('sharing_task')
    .select(['id', 'item_kind', 'item_id', 'step', 'assignee_unit_id', 'title', 'due_at', 'closed_at', 'state'])
    .where('assignee_unit_id', 'is not', null)
    .where('due_at', 'is not', null)
    .where('due_at', '>=', q.from)
    .where('due_at', '<', q.until)
    .where('state', '!=', 'cancelled')
    .where('item_kind', 'in', [...RESPONSIVENESS_KINDS])
    .orderBy('due_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    itemKind: r.item_kind,
    itemId: r.item_id,
    step: r.step,
    unitId: r.assignee_unit_id!,
    title: r.title,
    dueAt: r.due_at!,
    closedAt: r.closed_at,
    state: r.state,
    onTime: r.state === 'done' && !!r.closed_at && r.closed_at <= r.due_at!,
  }));
}
