/**
 * Read-only counts over the workflow tasks for the dashboards and the annual report (issue 6):
 * what is pending and overdue now, by item kind and assignee unit; and how the tasks with a
 * deadline opened in a period were handled (on time, late, still open). Plain indexed
 * aggregates (sharing_task_due_idx on (state, due_at)); no writes.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../core/db/schema.js';

export interface PendingCount {
  itemKind: string;
  /** null: a city-wide role (the authority, the leadership group, …). */
  unitId: string | null;
  open: number;
  overdue: number;
}

/** Open tasks now, by item kind and assignee unit, with those past their due time. */
export async function pendingTasks(k: Kysely<Database>, now: string, opts: { itemKinds?: string[] } = {}): Promise<PendingCount[]> {
  let q = k
    .selectFrom('sharing_task')
    .where('state', '=', 'open')
    .select((eb) => [
      'item_kind',
      'assignee_unit_id',
      eb.fn.countAll<string | number>().as('open'),
      eb.fn.sum<string | number | null>(sql`case when due_at is not null and due_at < ${now} then 1 else 0 end`).as('overdue'),
    ])
    .groupBy(['item_kind', 'assignee_unit_id']);
  if (opts.itemKinds?.length) q = q.where('item_kind', 'in', opts.itemKinds);
  const rows = await q.execute();
  return rows
    .map((r) => ({ itemKind: r.item_kind, unitId: r.assignee_unit_id, open: Number(r.open), overdue: Number(r.overdue ?? 0) }))
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.itemKind.localeCompare(b.itemKind));
}

export interface HandlingCount {
  itemKind: string;
  /** Tasks with a deadline opened in the period and closed as done. */
  handled: number;
  /** Of those, closed at or before their due time. */
  onTime: number;
  late: number;
  /** Still open (now). */
  open: number;
}

/** Tasks with a deadline opened in [from, to) (ISO instants), by item kind: handled on time, late, open. */
export async function handling(k: Kysely<Database>, from: string, to: string): Promise<HandlingCount[]> {
  const rows = await k
    .selectFrom('sharing_task')
    .where('due_at', 'is not', null)
    .where('opened_at', '>=', from)
    .where('opened_at', '<', to)
    .select((eb) => [
      'item_kind',
      eb.fn.sum<string | number | null>(sql`case when state = 'done' then 1 else 0 end`).as('handled'),
      eb.fn.sum<string | number | null>(sql`case when state = 'done' and closed_at <= due_at then 1 else 0 end`).as('on_time'),
      eb.fn.sum<string | number | null>(sql`case when state = 'open' then 1 else 0 end`).as('open'),
    ])
    .groupBy('item_kind')
    .orderBy('item_kind')
    .execute();
  return rows.map((r) => {
    const handled = Number(r.handled ?? 0);
    const onTime = Number(r.on_time ?? 0);
    return { itemKind: r.item_kind, handled, onTime, late: handled - onTime, open: Number(r.open ?? 0) };
  });
}
