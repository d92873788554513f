/** Kysely queries of the workflow kernel: plain functions over a Kysely instance or a transaction. */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import type { Role } from '../../core/actor.js';
import type { SharingNotificationTable, SharingTaskTable, SharingTimelineTable } from './tables.js';
import type { Assignee, DeadlineKind, ItemKind, Notification, Task, TimelineEntry } from './types.js';

export type Q = Kysely<Database> | Transaction<Database>;
export type TaskRow = Selectable<SharingTaskTable>;

export function toTask(r: TaskRow): Task {
  return {
    id: r.id,
    itemKind: r.item_kind as ItemKind,
    itemId: r.item_id,
    step: r.step,
    assignee: { role: r.assignee_role, unitId: r.assignee_unit_id },
    deadlineKind: (r.deadline_kind as DeadlineKind | null) ?? null,
    dueAt: r.due_at,
    state: r.state,
    overdueAt: r.overdue_at,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    title: r.title,
    titleEn: r.title_en ?? null,
  };
}

function parseJson<T>(s: string | null, fallback: T): T {
  if (s == null) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

export function toTimeline(r: Selectable<SharingTimelineTable>): TimelineEntry {
  return {
    id: r.id,
    itemKind: r.item_kind as ItemKind,
    itemId: r.item_id,
    at: r.at,
    actorName: r.actor_name,
    actorId: r.actor_id,
    unitId: r.unit_id,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    comment: r.comment,
    detail: parseJson<Record<string, unknown> | null>(r.detail, null),
  };
}

export function toNotification(r: Selectable<SharingNotificationTable> & { read_at?: string | null }): Notification {
  return {
    id: r.id,
    itemKind: r.item_kind as ItemKind,
    itemId: r.item_id,
    kind: r.kind,
    params: parseJson<Record<string, string | number>>(r.params, {}),
    assignee: { role: r.assignee_role, unitId: r.assignee_unit_id },
    createdAt: r.created_at,
    read: r.read_at != null,
  };
}

/** Who a task or notification matches: one of the roles, in the unit (or city-wide). */
export interface Audience {
  roles: Role[];
  unitId: string | null;
}

export async function closeTasks(trx: Transaction<Database>, kind: ItemKind, itemId: string, steps: string[] | '*', state: 'done' | 'cancelled', at: string): Promise<number> {
  if (Array.isArray(steps) && steps.length === 0) return 0;
  let q = trx.updateTable('sharing_task').set({ state, closed_at: at }).where('item_kind', '=', kind).where('item_id', '=', itemId).where('state', '=', 'open');
  if (steps !== '*') q = q.where('step', 'in', steps);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertTask(trx: Transaction<Database>, row: SharingTaskTable): Promise<void> {
  await trx.insertInto('sharing_task').values(row).execute();
}

export async function insertTimeline(trx: Transaction<Database>, row: SharingTimelineTable): Promise<void> {
  await trx.insertInto('sharing_timeline').values(row).execute();
}

export async function insertNotification(trx: Transaction<Database>, row: SharingNotificationTable): Promise<void> {
  await trx.insertInto('sharing_notification').values(row).execute();
}

export async function timeline(db: Q, kind: ItemKind, itemId: string): Promise<TimelineEntry[]> {
  const rows = await db.selectFrom('sharing_timeline').selectAll().where('item_kind', '=', kind).where('item_id', '=', itemId).orderBy('at').orderBy('seq').execute();
  return rows.map(toTimeline);
}

export async function tasksOf(db: Q, kind: ItemKind, itemId: string, openOnly: boolean): Promise<Task[]> {
  let q = db.selectFrom('sharing_task').selectAll().where('item_kind', '=', kind).where('item_id', '=', itemId);
  if (openOnly) q = q.where('state', '=', 'open');
  const rows = await q.orderBy('opened_at').orderBy('seq').execute();
  return rows.map(toTask);
}

export async function getTask(db: Q, id: string): Promise<TaskRow | undefined> {
  return db.selectFrom('sharing_task').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface InboxFilter {
  state: 'open' | 'done' | 'all';
  itemKind?: ItemKind;
  /** Open tasks past due at `now`. */
  overdueAt?: string;
  limit: number;
  offset: number;
}

export async function inbox(db: Q, who: Audience, f: InboxFilter): Promise<{ rows: TaskRow[]; total: number }> {
  if (who.roles.length === 0) return { rows: [], total: 0 };
  let q = db
    .selectFrom('sharing_task')
    .where('assignee_role', 'in', who.roles)
    .where((eb) => (who.unitId ? eb.or([eb('assignee_unit_id', 'is', null), eb('assignee_unit_id', '=', who.unitId)]) : eb('assignee_unit_id', 'is', null)));
  if (f.state !== 'all') q = q.where('state', '=', f.state);
  if (f.itemKind) q = q.where('item_kind', '=', f.itemKind);
  if (f.overdueAt) q = q.where('state', '=', 'open').where('due_at', '<', f.overdueAt);
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .selectAll()
    // Tasks with a deadline first, soonest first; then the rest, oldest first.
    .orderBy(sql`case when due_at is null then 1 else 0 end`)
    .orderBy('due_at')
    .orderBy('opened_at')
    .orderBy('seq')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total };
}

function notificationBase(db: Q, who: Audience) {
  return db
    .selectFrom('sharing_notification as n')
    .where('n.assignee_role', 'in', who.roles)
    .where((eb) => (who.unitId ? eb.or([eb('n.assignee_unit_id', 'is', null), eb('n.assignee_unit_id', '=', who.unitId)]) : eb('n.assignee_unit_id', 'is', null)));
}

export async function notifications(
  db: Q,
  who: Audience,
  userId: string,
  f: { unreadOnly: boolean; limit: number; offset: number },
): Promise<{ items: Notification[]; total: number; unread: number }> {
  if (who.roles.length === 0) return { items: [], total: 0, unread: 0 };
  const base = notificationBase(db, who).leftJoin('sharing_notification_read as r', (j) => j.onRef('r.notification_id', '=', 'n.id').on('r.user_id', '=', userId));
  const counts = await base
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('n.id').filterWhere('r.read_at', 'is', null).as('unread')])
    .executeTakeFirstOrThrow();
  let q = base;
  if (f.unreadOnly) q = q.where('r.read_at', 'is', null);
  const rows = await q.selectAll('n').select('r.read_at').orderBy('n.created_at', 'desc').orderBy('n.seq', 'desc').limit(f.limit).offset(f.offset).execute();
  const unread = Number(counts.unread);
  return { items: rows.map(toNotification), total: f.unreadOnly ? unread : Number(counts.total), unread };
}

/** Ids of notifications the audience sees and `userId` has not read (optionally among `ids`). */
export async function unreadIds(db: Q, who: Audience, userId: string, ids?: string[]): Promise<string[]> {
  if (who.roles.length === 0 || (ids && ids.length === 0)) return [];
  let q = notificationBase(db, who)
    .leftJoin('sharing_notification_read as r', (j) => j.onRef('r.notification_id', '=', 'n.id').on('r.user_id', '=', userId))
    .where('r.read_at', 'is', null);
  if (ids) q = q.where('n.id', 'in', ids);
  return (await q.select('n.id').execute()).map((r) => r.id);
}

export async function markRead(trx: Transaction<Database>, ids: string[], userId: string, at: string): Promise<number> {
  let n = 0;
  // Chunked: a user may mark thousands at once; SQLite limits bound parameters.
  for (let i = 0; i < ids.length; i += 300) {
    const chunk = ids.slice(i, i + 300);
    const r = await trx
      .insertInto('sharing_notification_read')
      .values(chunk.map((id) => ({ notification_id: id, user_id: userId, read_at: at })))
      .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doNothing())
      .executeTakeFirst();
    n += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return n;
}

export async function readSettings(db: Q): Promise<Record<string, unknown>> {
  const rows = await db.selectFrom('sharing_setting').select(['key', 'value']).execute();
  const out: Record<string, unknown> = {};
  for (const r of rows) out[r.key] = parseJson<unknown>(r.value, null);
  return out;
}

export async function upsertSetting(trx: Transaction<Database>, key: string, value: unknown, by: string | null, at: string): Promise<void> {
  await trx
    .insertInto('sharing_setting')
    .values({ key, value: JSON.stringify(value), updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_by: by, updated_at: at }))
    .execute();
}

/** Open tasks past due not yet marked overdue (the sweeper's candidates). */
export async function dueCandidates(db: Q, now: string, limit: number): Promise<TaskRow[]> {
  return db.selectFrom('sharing_task').selectAll().where('state', '=', 'open').where('due_at', '<', now).where('overdue_at', 'is', null).orderBy('due_at').limit(limit).execute();
}

/** The guarded mark: only one sweeper (of several nodes) gets 1 back for a task. */
export async function markOverdue(trx: Transaction<Database>, id: string, at: string): Promise<boolean> {
  const r = await trx.updateTable('sharing_task').set({ overdue_at: at }).where('id', '=', id).where('state', '=', 'open').where('overdue_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function overdue(db: Q, f: { from?: string; to?: string; itemKind?: ItemKind; unitId?: string }): Promise<TaskRow[]> {
  let q = db.selectFrom('sharing_task').selectAll().where('overdue_at', 'is not', null);
  if (f.from) q = q.where('overdue_at', '>=', f.from);
  if (f.to) q = q.where('overdue_at', '<', f.to);
  if (f.itemKind) q = q.where('item_kind', '=', f.itemKind);
  if (f.unitId) q = q.where('assignee_unit_id', '=', f.unitId);
  return q.orderBy('overdue_at').orderBy('due_at').orderBy('seq').limit(10_000).execute();
}

export type { Assignee };

// ---- OA webhook ----

export async function oaHook(db: Q, unitId: string) {
  return db.selectFrom('sharing_oa_hook').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
}

export async function upsertOaHook(trx: Transaction<Database>, row: { unit_id: string; url: string; secret: string; enabled: number; updated_by: string | null; updated_at: string }): Promise<void> {
  const { unit_id: _u, ...rest } = row;
  await trx
    .insertInto('sharing_oa_hook')
    .values(row)
    .onConflict((oc) => oc.column('unit_id').doUpdateSet(rest))
    .execute();
}

export async function deleteOaHook(trx: Transaction<Database>, unitId: string): Promise<boolean> {
  // Deliveries still pending for the unit die with the hook: there is nowhere to send them.
  await trx.updateTable('sharing_oa_delivery').set({ state: 'dead', last_error: 'hook deleted' }).where('unit_id', '=', unitId).where('state', '=', 'pending').execute();
  const r = await trx.deleteFrom('sharing_oa_hook').where('unit_id', '=', unitId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function insertDelivery(trx: Transaction<Database>, d: { id: string; notification_id: string; unit_id: string; at: string }): Promise<void> {
  await trx
    .insertInto('sharing_oa_delivery')
    .values({ id: d.id, notification_id: d.notification_id, unit_id: d.unit_id, state: 'pending', attempts: 0, next_at: d.at, last_error: null, last_status: null, lease_owner: null, lease_until: null, created_at: d.at, delivered_at: null })
    .execute();
}

/** A claimed delivery with what sending it needs. */
export interface DeliveryJob {
  id: string;
  notification_id: string;
  unit_id: string;
  attempts: number;
  next_at: string;
  url: string;
  secret: string;
  kind: string;
  item_kind: string;
  item_id: string;
  params: string;
  assignee_role: string;
  assignee_unit_id: string | null;
  created_at: string;
}

/**
 * Claims due deliveries for this node: a guarded UPDATE per delivery (lease free or expired), so
 * two nodes never send the same delivery at the same time.
 */
export async function claimDeliveries(db: Kysely<Database>, now: string, leaseUntil: string, node: string, limit: number): Promise<DeliveryJob[]> {
  const due = await db
    .selectFrom('sharing_oa_delivery')
    .select('id')
    .where('state', '=', 'pending')
    .where('next_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('next_at')
    .limit(limit)
    .execute();
  const claimed: string[] = [];
  for (const { id } of due) {
    const r = await db
      .updateTable('sharing_oa_delivery')
      .set({ lease_owner: node, lease_until: leaseUntil })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) claimed.push(id);
  }
  if (claimed.length === 0) return [];
  return db
    .selectFrom('sharing_oa_delivery as d')
    .innerJoin('sharing_oa_hook as h', 'h.unit_id', 'd.unit_id')
    .innerJoin('sharing_notification as n', 'n.id', 'd.notification_id')
    .select(['d.id', 'd.notification_id', 'd.unit_id', 'd.attempts', 'd.next_at', 'h.url', 'h.secret', 'n.kind', 'n.item_kind', 'n.item_id', 'n.params', 'n.assignee_role', 'n.assignee_unit_id', 'n.created_at'])
    .where('d.id', 'in', claimed)
    .execute();
}

export async function finishDelivery(
  db: Q,
  id: string,
  node: string,
  r: { state: 'pending' | 'delivered' | 'dead'; attempts: number; last_status: number | null; last_error: string | null; delivered_at: string | null; next_at: string },
): Promise<void> {
  await db
    .updateTable('sharing_oa_delivery')
    .set({ ...r, lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('lease_owner', '=', node)
    .execute();
}
