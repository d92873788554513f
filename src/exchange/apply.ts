/**
 * The write side of an upload (第十九条; docs/adr/0008): validates every row of a batch against
 * the resource's data items and writes it to the dataset table inside ONE transaction, so a
 * batch is all-or-nothing. At the first invalid row writing stops (the caller rolls back) and
 * the rest is only validated, so the report lists every problem of the file.
 *
 * Each change gets the next change-feed sequence number; a row whose values did not change is
 * not rewritten and gets none (a daily full snapshot only feeds real changes downstream).
 * SQLite runs cached prepared statements on the connection the Kysely transaction holds;
 * PostgreSQL sends multi-row statements.
 */
import { sql, type Transaction } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Database } from '../core/db/schema.js';
import type { Db } from '../core/db/database.js';
import type { DataItem } from '../catalog/model.js';
import { canonicalKey, validateRow, type StoredValue } from './values.js';
import { ident, toColumn } from './dataset.js';
import type { DatasetSchema, UploadMode } from './types.js';
import type { SourceRow } from './upload/index.js';

/** Issues kept per batch for the report (all are counted). */
export const MAX_KEPT_ISSUES = 10_000;
const VALUE_TEXT_MAX = 200;

export interface CollectedIssue {
  row: number;
  field: string | null;
  value: string | null;
  code: string;
  messageKey: string;
  params: Record<string, string | number>;
}

export interface ApplyCounts {
  rowsRead: number;
  rowsInvalid: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  issueCount: number;
  /** First and last change-feed seq written (null: none). */
  firstSeq: number | null;
  lastSeq: number | null;
}

export interface ApplyResult extends ApplyCounts {
  issues: CollectedIssue[];
}

export interface ApplyContext {
  db: Db;
  trx: Transaction<Database>;
  schema: DatasetSchema;
  mode: UploadMode;
  batchId: string;
  now: string;
  /** Called after each chunk with the running counts. */
  onProgress?: (c: ApplyCounts) => void;
}

function valueText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  let s: string;
  if (typeof v === 'string') s = v;
  else {
    try {
      s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    } catch {
      s = String(v);
    }
  }
  return s.length > VALUE_TEXT_MAX ? `${s.slice(0, VALUE_TEXT_MAX)}…` : s;
}

/** A row writer for one dialect; the SQLite one is synchronous under the hood. */
interface Writer {
  upsert(rows: { key: string; values: unknown[] }[], counts: ApplyCounts, nextSeq: { v: number }): Promise<void>;
  remove(keys: string[], counts: ApplyCounts, nextSeq: { v: number }): Promise<void>;
  rememberKeys(keys: string[]): Promise<void>;
  /** Snapshot mode: tombstones every live row whose key the batch did not list. */
  deleteAbsent(counts: ApplyCounts, nextSeq: { v: number }): Promise<void>;
}

function changedCondition(codes: string[], op: 'is not' | 'is distinct from'): string {
  const q = (c: string) => `"${c}"`;
  return ['t._deleted = 1', ...codes.map((c) => `t.${q(c)} ${op} excluded.${q(c)}`)].join(' or ');
}

function note(counts: ApplyCounts, seq: number): void {
  if (counts.firstSeq === null) counts.firstSeq = seq;
  counts.lastSeq = seq;
}

function sqliteWriter(sqlite: SQLite.Database, schema: DatasetSchema, batchId: string, now: string): Writer {
  const codes = schema.items.map((i) => i.code);
  const cols = codes.map((c) => `"${c}"`).join(', ');
  const table = `"${schema.table}"`;
  const marks = codes.map(() => '?').join(', ');
  const upsert = sqlite.prepare(
    `insert into ${table} as t (_key, _seq, _rev, _updated_at, _deleted, _batch${codes.length ? `, ${cols}` : ''})
     values (?, ?, 1, ?, 0, ?${codes.length ? `, ${marks}` : ''})
     on conflict (_key) do update set _seq = excluded._seq, _rev = t._rev + 1, _updated_at = excluded._updated_at, _deleted = 0, _batch = excluded._batch${codes.map((c) => `, "${c}" = excluded."${c}"`).join('')}
     where ${changedCondition(codes, 'is not')}
     returning _rev`,
  );
  const del = sqlite.prepare(`update ${table} set _deleted = 1, _rev = _rev + 1, _updated_at = ?, _batch = ?, _seq = ? where _key = ? and _deleted = 0`);
  let remember: SQLite.Statement | null = null;
  return {
    async upsert(rows, counts, nextSeq) {
      for (const r of rows) {
        const seq = nextSeq.v;
        const out = upsert.get(r.key, seq, now, batchId, ...r.values) as { _rev: number } | undefined;
        if (!out) counts.unchanged++;
        else {
          nextSeq.v++;
          note(counts, seq);
          if (out._rev === 1) counts.inserted++;
          else counts.updated++;
        }
      }
    },
    async remove(keys, counts, nextSeq) {
      for (const k of keys) {
        const seq = nextSeq.v;
        if (del.run(now, batchId, seq, k).changes > 0) {
          nextSeq.v++;
          note(counts, seq);
          counts.deleted++;
        } else counts.unchanged++;
      }
    },
    async rememberKeys(keys) {
      if (!remember) {
        sqlite.exec('create temp table if not exists gs_snapshot_keys (_key text primary key) without rowid');
        sqlite.exec('delete from temp.gs_snapshot_keys');
        remember = sqlite.prepare('insert or ignore into temp.gs_snapshot_keys (_key) values (?)');
      }
      for (const k of keys) remember.run(k);
    },
    async deleteAbsent(counts, nextSeq) {
      if (!remember) {
        sqlite.exec('create temp table if not exists gs_snapshot_keys (_key text primary key) without rowid');
        sqlite.exec('delete from temp.gs_snapshot_keys');
      }
      const base = nextSeq.v - 1;
      const r = sqlite
        .prepare(
          `update ${table} set _deleted = 1, _rev = _rev + 1, _updated_at = ?, _batch = ?, _seq = ? + d.rn
           from (select _key as k, row_number() over (order by _key) as rn from ${table}
                 where _deleted = 0 and _key not in (select _key from temp.gs_snapshot_keys)) as d
           where ${table}._key = d.k`,
        )
        .run(now, batchId, base);
      sqlite.exec('delete from temp.gs_snapshot_keys');
      if (r.changes > 0) {
        if (counts.firstSeq === null) counts.firstSeq = base + 1;
        counts.lastSeq = base + r.changes;
        nextSeq.v += r.changes;
        counts.deleted += r.changes;
      }
    },
  };
}

const PG_PARAM_LIMIT = 60_000;

function postgresWriter(trx: Transaction<Database>, schema: DatasetSchema, batchId: string, now: string): Writer {
  const codes = schema.items.map((i) => i.code);
  const perRow = 4 + codes.length;
  const rowsPerStatement = Math.max(1, Math.min(1000, Math.floor(PG_PARAM_LIMIT / perRow)));
  const table = ident(schema.table);
  const colList = sql.join([ident('_key'), ident('_seq'), ident('_rev'), ident('_updated_at'), ident('_deleted'), ident('_batch'), ...codes.map(ident)]);
  const setList = sql.raw(
    ['_seq = excluded._seq', '_rev = t._rev + 1', '_updated_at = excluded._updated_at', '_deleted = 0', '_batch = excluded._batch', ...codes.map((c) => `"${c}" = excluded."${c}"`)].join(', '),
  );
  const changed = sql.raw(changedCondition(codes, 'is distinct from'));
  let keysTable = false;
  return {
    async upsert(rows, counts, nextSeq) {
      for (let i = 0; i < rows.length; i += rowsPerStatement) {
        // One statement may not touch a key twice: the last occurrence wins, as it would row by row.
        const chunk = new Map<string, unknown[]>();
        for (const r of rows.slice(i, i + rowsPerStatement)) {
          chunk.delete(r.key);
          chunk.set(r.key, r.values);
        }
        counts.unchanged += Math.min(rowsPerStatement, rows.length - i) - chunk.size;
        const base = nextSeq.v;
        let n = 0;
        const values = [...chunk].map(([key, vals]) => sql`(${sql.join([key, base + n++, 1, now, 0, batchId, ...vals])})`);
        const r = await sql<{ _rev: number; _seq: number }>`insert into ${table} as t (${colList}) values ${sql.join(values)}
          on conflict (_key) do update set ${setList} where ${changed} returning _rev, _seq`.execute(trx);
        nextSeq.v = base + chunk.size;
        counts.unchanged += chunk.size - r.rows.length;
        for (const row of r.rows) {
          const seq = Number(row._seq);
          if (counts.firstSeq === null || seq < counts.firstSeq) counts.firstSeq = seq;
          if (counts.lastSeq === null || seq > counts.lastSeq) counts.lastSeq = seq;
          if (Number(row._rev) === 1) counts.inserted++;
          else counts.updated++;
        }
      }
    },
    async remove(keys, counts, nextSeq) {
      for (let i = 0; i < keys.length; i += 5000) {
        const chunk = [...new Set(keys.slice(i, i + 5000))];
        counts.unchanged += Math.min(5000, keys.length - i) - chunk.length;
        const base = nextSeq.v - 1;
        const r = await sql<{ _seq: number }>`with v(k) as (values ${sql.join(chunk.map((k) => sql`(${k})`))}),
          d as (select t._key as k, row_number() over (order by t._key) as rn from ${table} t join v on t._key = v.k where t._deleted = 0)
          update ${table} set _deleted = 1, _rev = ${table}._rev + 1, _updated_at = ${now}, _batch = ${batchId}, _seq = ${base} + d.rn
          from d where ${table}._key = d.k returning ${table}._seq`.execute(trx);
        const n = r.rows.length;
        counts.unchanged += chunk.length - n;
        if (n) {
          if (counts.firstSeq === null) counts.firstSeq = base + 1;
          counts.lastSeq = base + n;
          counts.deleted += n;
          nextSeq.v += n;
        }
      }
    },
    async rememberKeys(keys) {
      if (!keysTable) {
        await sql`create temp table if not exists gs_snapshot_keys (_key text primary key) on commit drop`.execute(trx);
        keysTable = true;
      }
      for (let i = 0; i < keys.length; i += 5000) {
        await sql`insert into gs_snapshot_keys (_key) values ${sql.join(keys.slice(i, i + 5000).map((k) => sql`(${k})`))} on conflict do nothing`.execute(trx);
      }
    },
    async deleteAbsent(counts, nextSeq) {
      if (!keysTable) {
        await sql`create temp table if not exists gs_snapshot_keys (_key text primary key) on commit drop`.execute(trx);
        keysTable = true;
      }
      const base = nextSeq.v - 1;
      const r = await sql`update ${table} set _deleted = 1, _rev = ${table}._rev + 1, _updated_at = ${now}, _batch = ${batchId}, _seq = ${base} + d.rn
        from (select _key as k, row_number() over (order by _key) as rn from ${table}
              where _deleted = 0 and not exists (select 1 from gs_snapshot_keys s where s._key = ${table}._key)) as d
        where ${table}._key = d.k`.execute(trx);
      const n = Number(r.numAffectedRows ?? 0);
      if (n > 0) {
        if (counts.firstSeq === null) counts.firstSeq = base + 1;
        counts.lastSeq = base + n;
        nextSeq.v += n;
        counts.deleted += n;
      }
    },
  };
}

/**
 * Validates and (while every row so far is valid) writes `source`. Returns the counts and the
 * issues; when `issueCount` > 0 the caller must roll the transaction back.
 */
export async function applyRows(ctx: ApplyContext, source: AsyncIterable<SourceRow[]>): Promise<ApplyResult> {
  const { db, trx, schema, mode, batchId, now } = ctx;
  const writer = db.sqlite ? sqliteWriter(db.sqlite, schema, batchId, now) : postgresWriter(trx, schema, batchId, now);
  const items = schema.items;
  const keyItems: DataItem[] = items.filter((i) => i.isKey);
  const counts: ApplyCounts = { rowsRead: 0, rowsInvalid: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, issueCount: 0, firstSeq: null, lastSeq: null };
  const issues: CollectedIssue[] = [];
  const nextSeq = { v: schema.lastSeq + 1 };
  const addIssue = (i: CollectedIssue) => {
    counts.issueCount++;
    if (issues.length < MAX_KEPT_ISSUES) issues.push(i);
  };
  const dialect = db.dialect;
  const validateItems = mode === 'delete' ? keyItems : items;

  for await (const chunk of source) {
    const upserts: { key: string; values: unknown[] }[] = [];
    const keys: string[] = [];
    for (const src of chunk) {
      counts.rowsRead++;
      if (src.problem) {
        counts.rowsInvalid++;
        addIssue({ row: src.row, field: null, value: null, code: src.problem.code, messageKey: src.problem.messageKey, params: src.problem.params });
        continue;
      }
      const r = validateRow(validateItems, src.values, { allowUnknownFields: mode === 'delete' });
      if (r.issues.length) {
        counts.rowsInvalid++;
        for (const i of r.issues) addIssue({ row: src.row, field: i.field, value: valueText(src.values[i.field]), code: i.code, messageKey: i.messageKey, params: i.params });
        continue;
      }
      if (counts.issueCount > 0) continue; // only validating from here on
      const key = canonicalKey(keyItems, r.values);
      if (mode === 'delete') keys.push(key);
      else {
        const values: unknown[] = new Array(items.length);
        for (let k = 0; k < items.length; k++) values[k] = toColumn(dialect, items[k]!.dataType, r.values[items[k]!.code] as StoredValue);
        upserts.push({ key, values });
        if (mode === 'snapshot') keys.push(key);
      }
    }
    if (counts.issueCount === 0) {
      if (mode === 'delete') await writer.remove(keys, counts, nextSeq);
      else {
        await writer.upsert(upserts, counts, nextSeq);
        if (mode === 'snapshot') await writer.rememberKeys(keys);
      }
    }
    ctx.onProgress?.(counts);
  }
  if (counts.issueCount === 0 && mode === 'snapshot') await writer.deleteAbsent(counts, nextSeq);
  return { ...counts, issues };
}
