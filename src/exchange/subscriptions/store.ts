import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import { clampPage, type Page, type PageOpts } from '../../core/db/query.js';
import type { Delivery, Subscription, SubscriptionState } from '../types.js';
import type { DeliveryTable, SubscriptionTable } from './tables.js';

/** Plain Kysely queries of the subscription tables; `q` is the database or an open transaction. */
type Q = Kysely<Database>;

export type SubscriptionRow = Selectable<SubscriptionTable>;
export type DeliveryRow = Selectable<DeliveryTable>;

export function toSubscription(r: SubscriptionRow): Subscription {
  return {
    id: r.id,
    resourceCode: r.resource_code,
    ownerUnitId: r.owner_unit_id,
    ownerSystemId: r.owner_system_id,
    createdBy: r.created_by,
    purpose: r.purpose,
    url: r.url,
    algorithm: r.algorithm,
    state: r.state,
    stateReason: r.state_reason,
    cursor: String(Number(r.cursor)),
    batchSize: Number(r.batch_size),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toDelivery(r: DeliveryRow): Delivery {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    fromSeq: Number(r.from_seq),
    toSeq: Number(r.to_seq),
    changeCount: Number(r.change_count),
    attempts: Number(r.attempts),
    state: r.state,
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at,
    lastAttemptAt: r.last_attempt_at,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  };
}

/** SQLite hands bigints back as numbers already; PostgreSQL's int8 parser does too (core/db/database.ts). */
function normalizeSubscription(r: SubscriptionRow): SubscriptionRow {
  return { ...r, cursor: Number(r.cursor), batch_size: Number(r.batch_size) };
}
function normalizeDelivery(r: DeliveryRow): DeliveryRow {
  return {
    ...r,
    from_seq: Number(r.from_seq),
    to_seq: Number(r.to_seq),
    change_count: Number(r.change_count),
    attempts: Number(r.attempts),
    last_status: r.last_status === null ? null : Number(r.last_status),
  };
}

const changed = (r: { numUpdatedRows: bigint } | undefined) => Number(r?.numUpdatedRows ?? 0n);

// ---------------------------------------------------------------- subscriptions

export async function insertSubscription(q: Q, row: SubscriptionRow): Promise<void> {
  await q.insertInto('exchange_subscription').values(row).execute();
}

export async function findSubscription(q: Q, id: string): Promise<SubscriptionRow | undefined> {
  const r = await q.selectFrom('exchange_subscription').selectAll().where('id', '=', id).executeTakeFirst();
  return r && normalizeSubscription(r);
}

export interface SubscriptionFilter {
  resourceCode?: string;
  ownerUnitId?: string;
  /** With ownerUnitId: only this system's (a token's view). */
  ownerSystemId?: string;
  state?: SubscriptionState;
}

export async function listSubscriptions(q: Q, f: SubscriptionFilter, page: PageOpts): Promise<Page<SubscriptionRow>> {
  const { limit, offset } = clampPage(page);
  let base = q.selectFrom('exchange_subscription');
  if (f.resourceCode !== undefined) base = base.where('resource_code', '=', f.resourceCode);
  if (f.ownerUnitId !== undefined) base = base.where('owner_unit_id', '=', f.ownerUnitId);
  if (f.ownerSystemId !== undefined) base = base.where('owner_system_id', '=', f.ownerSystemId);
  if (f.state !== undefined) base = base.where('state', '=', f.state);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(normalizeSubscription), total: Number(total.n) };
}

/** Updates the subscription only while it is still in `expectState`; returns whether it did. */
export async function updateSubscription(q: Q, id: string, expectState: SubscriptionState, patch: Partial<SubscriptionRow>): Promise<boolean> {
  const r = await q.updateTable('exchange_subscription').set(patch).where('id', '=', id).where('state', '=', expectState).executeTakeFirst();
  return changed(r) === 1;
}

/** Moves the cursor forward (never back) after a delivery or a range with nothing for this caller. */
export async function advanceCursor(q: Q, id: string, to: number, at: string): Promise<boolean> {
  const r = await q.updateTable('exchange_subscription').set({ cursor: to, updated_at: at }).where('id', '=', id).where('cursor', '<', to).executeTakeFirst();
  return changed(r) === 1;
}

// ---------------------------------------------------------------- leases (several nodes, one database)

/** Takes the delivery lease of an active subscription unless another node holds an unexpired one. */
export async function claimLease(q: Q, id: string, node: string, now: string, until: string): Promise<boolean> {
  const r = await q
    .updateTable('exchange_subscription')
    .set({ lease_owner: node, lease_until: until })
    .where('id', '=', id)
    .where('state', '=', 'active')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .executeTakeFirst();
  return changed(r) === 1;
}

/** Extends a lease this node still holds; false when it was lost (expired and taken over). */
export async function renewLease(q: Q, id: string, node: string, until: string): Promise<boolean> {
  const r = await q.updateTable('exchange_subscription').set({ lease_until: until }).where('id', '=', id).where('lease_owner', '=', node).executeTakeFirst();
  return changed(r) === 1;
}

export async function releaseLease(q: Q, id: string, node: string): Promise<void> {
  await q.updateTable('exchange_subscription').set({ lease_owner: null, lease_until: null }).where('id', '=', id).where('lease_owner', '=', node).execute();
}

/** Active, unleased subscriptions whose open delivery is due for an attempt. */
export async function dueSubscriptionIds(q: Q, now: string, limit: number): Promise<string[]> {
  const rows = await q
    .selectFrom('exchange_delivery as d')
    .innerJoin('exchange_subscription as s', 's.id', 'd.subscription_id')
    .select('s.id')
    .where('d.state', '=', 'pending')
    .where('d.next_attempt_at', '<=', now)
    .where('s.state', '=', 'active')
    .where((eb) => eb.or([eb('s.lease_until', 'is', null), eb('s.lease_until', '<', now)]))
    .orderBy('d.next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Active, unleased subscriptions with no open delivery (they may have new changes to send), optionally of some resources. */
export async function idleSubscriptionIds(q: Q, now: string, codes: string[] | null, limit: number): Promise<string[]> {
  if (codes && !codes.length) return [];
  let s = q
    .selectFrom('exchange_subscription as s')
    .select('s.id')
    .where('s.state', '=', 'active')
    .where((eb) => eb.or([eb('s.lease_until', 'is', null), eb('s.lease_until', '<', now)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('exchange_delivery as d')
            .select('d.id')
            .whereRef('d.subscription_id', '=', 's.id')
            .where('d.state', 'in', ['pending', 'dead']),
        ),
      ),
    );
  if (codes) s = s.where('s.resource_code', 'in', codes);
  const rows = await s.orderBy('s.updated_at').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** When the earliest pending delivery of an active subscription is due (null: none). */
export async function nextDueAt(q: Q): Promise<string | null> {
  const r = await q
    .selectFrom('exchange_delivery as d')
    .innerJoin('exchange_subscription as s', 's.id', 'd.subscription_id')
    .select((eb) => eb.fn.min('d.next_attempt_at').as('at'))
    .where('d.state', '=', 'pending')
    .where('s.state', '=', 'active')
    .executeTakeFirst();
  return (r?.at as string | null | undefined) ?? null;
}

// ---------------------------------------------------------------- deliveries

export async function insertDelivery(q: Q, row: DeliveryRow): Promise<void> {
  await q.insertInto('exchange_delivery').values(row).execute();
}

export async function findDelivery(q: Q, id: string): Promise<DeliveryRow | undefined> {
  const r = await q.selectFrom('exchange_delivery').selectAll().where('id', '=', id).executeTakeFirst();
  return r && normalizeDelivery(r);
}

/** The subscription's open delivery (pending or dead), at most one by construction. */
export async function openDelivery(q: Q, subscriptionId: string): Promise<DeliveryRow | undefined> {
  const r = await q
    .selectFrom('exchange_delivery')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('state', 'in', ['pending', 'dead'])
    .executeTakeFirst();
  return r && normalizeDelivery(r);
}

/**
 * Records an attempt's outcome on a pending delivery. With `expectAttempts` it only applies
 * when no other attempt was recorded meanwhile (a node whose lease ran out must not count twice).
 */
export async function settleDelivery(q: Q, id: string, patch: Partial<DeliveryRow>, expectAttempts?: number): Promise<boolean> {
  let u = q.updateTable('exchange_delivery').set(patch).where('id', '=', id).where('state', '=', 'pending');
  if (expectAttempts !== undefined) u = u.where('attempts', '=', expectAttempts);
  return changed(await u.executeTakeFirst()) === 1;
}

/** Gives up the open pending delivery of a subscription that stopped (it will not be attempted again). */
export async function killOpenDelivery(q: Q, subscriptionId: string, reason: string): Promise<void> {
  await q.updateTable('exchange_delivery').set({ state: 'dead', last_error: reason }).where('subscription_id', '=', subscriptionId).where('state', '=', 'pending').execute();
}

/** Puts a dead delivery back in the queue (replay). Returns its id, or null when there was none. */
export async function revive(q: Q, subscriptionId: string, at: string): Promise<string | null> {
  const dead = await q.selectFrom('exchange_delivery').select('id').where('subscription_id', '=', subscriptionId).where('state', '=', 'dead').executeTakeFirst();
  if (!dead) return null;
  await q.updateTable('exchange_delivery').set({ state: 'pending', attempts: 0, next_attempt_at: at }).where('id', '=', dead.id).where('state', '=', 'dead').execute();
  return dead.id;
}

export async function listDeliveries(q: Q, subscriptionId: string, page: PageOpts): Promise<Page<DeliveryRow>> {
  const { limit, offset } = clampPage(page);
  const base = q.selectFrom('exchange_delivery').where('subscription_id', '=', subscriptionId);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('from_seq', 'desc').orderBy('created_at', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(normalizeDelivery), total: Number(total.n) };
}
