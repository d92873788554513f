/**
 * Queries on the exchange registry tables: datasets, staged uploads, batches and their issues.
 * The dataset tables' own rows are written by apply.ts and read by query.ts.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../core/db/schema.js';
import type { Dialect } from '../core/db/database.js';
import type { BatchIssueTable, BatchTable, DatasetTable, UploadTable } from './tables.js';
import type { DatasetColumn, DatasetSchema } from './types.js';
import type { DataItem } from '../catalog/model.js';

type Q = Kysely<Database> | Transaction<Database>;
export type DatasetRow = Selectable<DatasetTable>;
export type BatchRow = Selectable<BatchTable>;
export type UploadRow = Selectable<UploadTable>;
export type IssueRow = Selectable<BatchIssueTable>;

/** Rows per statement when remembering or looking up feed keys (4 parameters a row). */
const FEED_KEY_CHUNK = 500;

/** Remembers that a row-filtered change feed handed these keys to a consumer unit (the first time wins). */
export async function rememberFeedKeys(q: Q, unitId: string, resourceCode: string, rows: { key: string; seq: number }[], at: string): Promise<void> {
  for (let i = 0; i < rows.length; i += FEED_KEY_CHUNK) {
    const values = rows.slice(i, i + FEED_KEY_CHUNK).map((r) => ({ unit_id: unitId, resource_code: resourceCode, record_key: r.key, first_seq: r.seq, created_at: at }));
    await q
      .insertInto('exchange_feed_key')
      .values(values)
      .onConflict((oc) => oc.columns(['unit_id', 'resource_code', 'record_key']).doNothing())
      .execute();
  }
}

/** Those of `keys` that a row-filtered change feed has handed to the unit before. */
export async function feedKeysAmong(q: Q, unitId: string, resourceCode: string, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += FEED_KEY_CHUNK) {
    const rows = await q
      .selectFrom('exchange_feed_key')
      .select('record_key')
      .where('unit_id', '=', unitId)
      .where('resource_code', '=', resourceCode)
      .where('record_key', 'in', keys.slice(i, i + FEED_KEY_CHUNK))
      .execute();
    for (const r of rows) found.add(r.record_key);
  }
  return found;
}

export async function findDataset(q: Q, code: string): Promise<DatasetRow | undefined> {
  return q.selectFrom('exchange_dataset').selectAll().where('resource_code', '=', code).executeTakeFirst();
}

/** The registry row locked for this transaction (PostgreSQL row lock; SQLite's write lock covers it). */
export async function lockDataset(q: Transaction<Database>, code: string, dialect: Dialect): Promise<DatasetRow | undefined> {
  let query = q.selectFrom('exchange_dataset').selectAll().where('resource_code', '=', code);
  if (dialect === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function listDatasets(q: Q, codes?: string[]): Promise<DatasetRow[]> {
  let query = q.selectFrom('exchange_dataset').selectAll();
  if (codes) {
    if (codes.length === 0) return [];
    query = query.where('resource_code', 'in', codes);
  }
  return query.execute();
}

export async function insertDataset(q: Q, row: DatasetRow): Promise<void> {
  await q.insertInto('exchange_dataset').values(row).execute();
}

export async function updateDataset(q: Q, code: string, patch: Partial<DatasetRow>): Promise<void> {
  await q.updateTable('exchange_dataset').set(patch).where('resource_code', '=', code).execute();
}

export function toSchema(row: DatasetRow, items: DataItem[]): DatasetSchema {
  const cols = JSON.parse(row.columns) as DatasetColumn[];
  const columns: Record<string, DatasetColumn> = {};
  for (const c of cols) columns[c.code] = c;
  return {
    resourceCode: row.resource_code,
    table: row.table_name,
    items,
    version: row.version,
    columns,
    keyItems: JSON.parse(row.key_items) as string[],
    lastSeq: Number(row.last_seq),
    rowCount: Number(row.row_count),
    lastUpdateAt: row.last_update_at,
  };
}

// ---- staged uploads (the wizard's first step)

export async function insertUpload(q: Q, row: UploadRow): Promise<void> {
  await q.insertInto('exchange_upload').values(row).execute();
}

export async function findUpload(q: Q, id: string): Promise<UploadRow | undefined> {
  return q.selectFrom('exchange_upload').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteUploads(q: Q, ids: string[]): Promise<void> {
  if (ids.length) await q.deleteFrom('exchange_upload').where('id', 'in', ids).execute();
}

export async function uploadsBefore(q: Q, time: string): Promise<UploadRow[]> {
  return q.selectFrom('exchange_upload').selectAll().where('created_at', '<', time).limit(1000).execute();
}

// ---- batches

export async function insertBatch(q: Q, row: BatchRow): Promise<void> {
  await q.insertInto('exchange_batch').values(row).execute();
}

export async function updateBatch(q: Q, id: string, patch: Partial<BatchRow>): Promise<void> {
  await q.updateTable('exchange_batch').set(patch).where('id', '=', id).execute();
}

export async function findBatch(q: Q, code: string, id: string): Promise<BatchRow | undefined> {
  return q.selectFrom('exchange_batch').selectAll().where('id', '=', id).where('resource_code', '=', code).executeTakeFirst();
}

/** The committed (non-dry-run) batch that claimed an idempotency key. */
export async function findCommittedByKey(q: Q, code: string, key: string): Promise<BatchRow | undefined> {
  return q
    .selectFrom('exchange_batch')
    .selectAll()
    .where('resource_code', '=', code)
    .where('idempotency_key', '=', key)
    .where('state', '=', 'committed')
    .where('dry_run', '=', 0)
    .executeTakeFirst();
}

/** A batch with this key still running (received/validating/applying). */
export async function findRunningByKey(q: Q, code: string, key: string): Promise<BatchRow | undefined> {
  return q
    .selectFrom('exchange_batch')
    .selectAll()
    .where('resource_code', '=', code)
    .where('idempotency_key', '=', key)
    .where('state', 'in', ['received', 'validating', 'applying'])
    .executeTakeFirst();
}

export async function listBatches(q: Q, code: string, before: { createdAt: string; id: string } | null, limit: number): Promise<BatchRow[]> {
  let query = q.selectFrom('exchange_batch').selectAll().where('resource_code', '=', code);
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', before.createdAt), eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)])]),
    );
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Batches this node left running when it stopped (a crash or kill -9): they wrote nothing. */
export async function abortInterrupted(q: Q, nodeId: string, now: string): Promise<number> {
  const r = await q
    .updateTable('exchange_batch')
    .set({ state: 'aborted', finished_at: now })
    .where('node_id', '=', nodeId)
    .where('state', 'in', ['received', 'validating', 'applying'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertIssues(q: Q, rows: IssueRow[]): Promise<void> {
  // 8 parameters a row: 500 rows per statement stay under both dialects' limits.
  for (let i = 0; i < rows.length; i += 500) await q.insertInto('exchange_batch_issue').values(rows.slice(i, i + 500)).execute();
}

export async function listIssues(q: Q, batchId: string, limit: number, afterN = 0): Promise<IssueRow[]> {
  return q.selectFrom('exchange_batch_issue').selectAll().where('batch_id', '=', batchId).where('n', '>', afterN).orderBy('n').limit(limit).execute();
}

/** Live (not deleted) rows of a dataset table. */
export async function countLiveRows(q: Q, table: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from ${sql.id(table)} where _deleted = 0`.execute(q);
  return Number(r.rows[0]?.n ?? 0);
}
