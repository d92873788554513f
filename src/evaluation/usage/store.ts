import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import { chunks } from '../../core/db/query.js';
import type { UsageDimension, UsageQuery } from '../types.js';

/** Queries of evaluation/usage: plain functions over `db` or a transaction. */

type K = Kysely<Database> | Transaction<Database>;

/** The audit actions folded into the rollup, and the kind each counts as. */
export const ACTION_KINDS: Record<string, string> = {
  'data.record.query': 'query',
  'data.record.get': 'lookup',
  'data.changes.read': 'changes',
  'data.file.download': 'download',
  'data.subscription.deliver': 'delivery',
  'data.archive.export': 'export',
};

export interface EventRow {
  seq: number;
  time: string;
  actor_type: string;
  actor_id: string | null;
  unit_id: string | null;
  action: string;
  target_id: string | null;
  result: string;
  detail: string | null;
}

export async function heads(k: K): Promise<{ chain: string; seq: number }[]> {
  const rows = await k.selectFrom('audit_head').select(['chain', 'seq']).orderBy('chain').execute();
  return rows.map((r) => ({ chain: r.chain, seq: Number(r.seq) }));
}

/** The cursor of a chain, created at 0 the first time. */
export async function cursorOf(k: K, chain: string, at: string): Promise<number> {
  await k.insertInto('usage_cursor').values({ chain, seq: 0, updated_at: at }).onConflict((oc) => oc.column('chain').doNothing()).execute();
  const r = await k.selectFrom('usage_cursor').select('seq').where('chain', '=', chain).executeTakeFirstOrThrow();
  return Number(r.seq);
}

export async function allCursors(k: K): Promise<{ chain: string; seq: number; updatedAt: string }[]> {
  const rows = await k.selectFrom('usage_cursor').selectAll().orderBy('chain').execute();
  return rows.map((r) => ({ chain: r.chain, seq: Number(r.seq), updatedAt: r.updated_at }));
}

/** Data-access events of a chain with after < seq ≤ upto (a seq range: the primary key bounds the scan). */
export async function accessEvents(k: K, chain: string, after: number, upto: number): Promise<EventRow[]> {
  const rows = await k
    .selectFrom('audit_event')
    .select(['seq', 'time', 'actor_type', 'actor_id', 'unit_id', 'action', 'target_id', 'result', 'detail'])
    .where('chain', '=', chain)
    .where('seq', '>', after)
    .where('seq', '<=', upto)
    // LIKE rather than IN: an IN list would tempt the planner onto the action index, which holds
    // every data access of the whole log; the primary key's seq range is what bounds this read.
    .where('action', 'like', 'data.%')
    .orderBy('seq')
    .execute();
  return (rows as EventRow[]).filter((r) => ACTION_KINDS[r.action] !== undefined);
}

/** Moves the cursor from `from` to `to` only if nobody moved it meanwhile; false when another node did. */
export async function advanceCursor(trx: K, chain: string, from: number, to: number, at: string): Promise<boolean> {
  const r = await trx.updateTable('usage_cursor').set({ seq: to, updated_at: at }).where('chain', '=', chain).where('seq', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface Cell {
  period: string;
  consumer: string;
  system: string;
  provider: string;
  resource: string;
  kind: string;
  calls: number;
  rows: number;
  refused: number;
}

const DIMS = ['consumer_unit_id', 'system_id', 'provider_unit_id', 'resource_code', 'kind'] as const;

/** Adds cells to the daily or monthly rollup (insert, or add to the existing counts). */
export async function addCells(trx: K, table: 'usage_daily' | 'usage_monthly', cells: Cell[]): Promise<void> {
  for (const part of chunks(cells, 1000)) {
    const values = part.map((c) => ({
      ...(table === 'usage_daily' ? { day: c.period } : { month: c.period }),
      consumer_unit_id: c.consumer,
      system_id: c.system,
      provider_unit_id: c.provider,
      resource_code: c.resource,
      kind: c.kind,
      calls: c.calls,
      served: c.rows,
      refused: c.refused,
    }));
    const period = table === 'usage_daily' ? 'day' : 'month';
    await (trx as Kysely<Database>)
      .insertInto(table)
      .values(values as never)
      .onConflict((oc) =>
        oc.columns([period, ...DIMS] as never).doUpdateSet({
          calls: sql`${sql.ref(`${table}.calls`)} + excluded.calls`,
          served: sql`${sql.ref(`${table}.served`)} + excluded.served`,
          refused: sql`${sql.ref(`${table}.refused`)} + excluded.refused`,
        } as never),
      )
      .execute();
  }
}

export async function providerOf(k: K, codes: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(codes, 500)) {
    const rows = await k.selectFrom('catalog_resource').select(['code', 'provider_unit_id']).where('code', 'in', part).execute();
    for (const r of rows) out.set(r.code, r.provider_unit_id);
  }
  return out;
}

export async function tokenSystems(k: K, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(ids, 500)) {
    const rows = await k.selectFrom('api_token').select(['id', 'system_id']).where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, r.system_id);
  }
  return out;
}

export async function subscriptionSystems(k: K, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(ids, 500)) {
    const rows = await k.selectFrom('exchange_subscription').select(['id', 'owner_system_id']).where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, r.owner_system_id ?? '');
  }
  return out;
}

const DIMENSION_COLUMNS: Record<Exclude<UsageDimension, 'day' | 'month'>, string> = {
  consumerUnit: 'consumer_unit_id',
  system: 'system_id',
  providerUnit: 'provider_unit_id',
  resource: 'resource_code',
  kind: 'kind',
};

export interface TotalRow {
  keys: Record<string, string>;
  calls: number;
  rows: number;
  refused: number;
}

/**
 * Totals over [from, to) grouped by the asked dimensions. Month-aligned periods without a 'day'
 * grouping read the monthly rollup (a year: 12 rows per key); everything else the daily one.
 */
export async function totals(k: K, q: UsageQuery): Promise<TotalRow[]> {
  const monthly = q.from.endsWith('-01') && q.to.endsWith('-01') && !q.groupBy.includes('day');
  const table = monthly ? 'usage_monthly' : 'usage_daily';
  const period = monthly ? 'month' : 'day';
  const from = monthly ? q.from.slice(0, 7) : q.from;
  const to = monthly ? q.to.slice(0, 7) : q.to;
  const exprs = q.groupBy.map((d) => {
    if (d === 'day') return sql.ref('day');
    if (d === 'month') return monthly ? sql.ref('month') : sql`substr(day, 1, 7)`;
    return sql.ref(DIMENSION_COLUMNS[d]);
  });
  const where = [sql`${sql.ref(period)} >= ${from}`, sql`${sql.ref(period)} < ${to}`];
  if (q.consumerUnitId) where.push(sql`consumer_unit_id = ${q.consumerUnitId}`);
  if (q.providerUnitId) where.push(sql`provider_unit_id = ${q.providerUnitId}`);
  if (q.resourceCode) where.push(sql`resource_code = ${q.resourceCode}`);
  if (q.kind) where.push(sql`kind = ${q.kind}`);
  if (q.involvingUnitId) where.push(sql`(consumer_unit_id = ${q.involvingUnitId} or provider_unit_id = ${q.involvingUnitId})`);
  const select = [...exprs.map((e, i) => sql`${e} as ${sql.ref(`k${i}`)}`), sql`sum(calls) as calls`, sql`sum(served) as served`, sql`sum(refused) as refused`];
  const groupBy = exprs.length ? sql` group by ${sql.join(exprs)}` : sql``;
  const orderBy = q.top ? sql` order by sum(calls) desc, ${exprs.length ? sql.join(exprs) : sql`1`} limit ${q.top}` : exprs.length ? sql` order by ${sql.join(exprs)}` : sql``;
  const r = await sql<Record<string, string | number | null>>`select ${sql.join(select)} from ${sql.table(table)} where ${sql.join(where, sql` and `)}${groupBy}${orderBy}`.execute(k);
  return r.rows
    .filter((row) => row.calls !== null)
    .map((row) => {
      const keys: Record<string, string> = {};
      q.groupBy.forEach((d, i) => (keys[d] = String(row[`k${i}`])));
      return { keys, calls: Number(row.calls), rows: Number(row.served), refused: Number(row.refused) };
    });
}
