/**
 * The write side of an upload (第十九条; docs/adr/0008): validates every row of a batch against
 * the resource's data items and writes it to the dataset table inside ONE transaction, so a
 * batch is all-or-nothing. At the first invalid row writing stops (the caller rolls back) and
 * the rest is only validated, so the report lists every problem of the file.
 *
 * Each change gets the next change-feed sequence number; a row whose values did not change is
 * not rewritten and gets none (a daily full snapshot only feeds real changes downstream).
 * SQLite runs cached prepared statements on the connection the Kysely transaction holds: a plain
 * insert that does nothing on a key conflict, then (only for a key already present) an update
 * guarded by "some value differs" — not one upsert with RETURNING, which SQLite runs about 2.5×
 * slower on a changing row (docs/benchmarks.md, Exchange). PostgreSQL sends multi-row upserts
 * whose SQL text is built once per row count.
 * Each row's statement parameters are built once, in place, as the writers bind them.
 */
import { CompiledQuery, sql, type Transaction } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Database } from '../core/db/schema.js';
import type { Db } from '../core/db/database.js';
import type { DataItem } from '../catalog/model.js';
import { validateRow, type StoredValue } from './values.js';
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

/**
 * One row to upsert, laid out as the writers bind it: [_key, _seq, _updated_at, _batch, ...item
 * columns in item order]. The writer fills in _seq.
 */
type RowParams = unknown[];
const SEQ_AT = 1;
const META_PARAMS = 4;

/** A row writer for one dialect; the SQLite one is synchronous under the hood. */
interface Writer {
  upsert(rows: RowParams[], counts: ApplyCounts, nextSeq: { v: number }): Promise<void>;
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
  const n = codes.length;
  const cols = codes.map((c) => `, "${c}"`).join('');
  const table = `"${schema.table}"`;
  const insert = sqlite.prepare(
    `insert into ${table} (_key, _seq, _rev, _updated_at, _deleted, _batch${cols}) values (?, ?, 1, ?, 0, ?${', ?'.repeat(n)}) on conflict (_key) do nothing`,
  );
  // Parameters: _seq, _updated_at, _batch, the values, _key, the values again (for the comparison).
  const update = sqlite.prepare(
    `update ${table} set _seq = ?, _rev = _rev + 1, _updated_at = ?, _deleted = 0, _batch = ?${codes.map((c) => `, "${c}" = ?`).join('')}
     where _key = ? and (_deleted = 1${codes.map((c) => ` or "${c}" is not ?`).join('')})`,
  );
  const updateParams: unknown[] = new Array(4 + 2 * n);
  const del = sqlite.prepare(`update ${table} set _deleted = 1, _rev = _rev + 1, _updated_at = ?, _batch = ?, _seq = ? where _key = ? and _deleted = 0`);
  let remember: SQLite.Statement | null = null;
  return {
    async upsert(rows, counts, nextSeq) {
      for (const p of rows) {
        const seq = nextSeq.v;
        p[SEQ_AT] = seq;
        if (insert.run(p).changes > 0) {
          nextSeq.v++;
          note(counts, seq);
          counts.inserted++;
          continue;
        }
        const u = updateParams;
        u[0] = seq;
        u[1] = p[2];
        u[2] = p[3];
        for (let k = 0; k < n; k++) u[3 + k] = u[4 + n + k] = p[META_PARAMS + k];
        u[3 + n] = p[0];
        if (update.run(u).changes > 0) {
          nextSeq.v++;
          note(counts, seq);
          counts.updated++;
        } else counts.unchanged++;
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
  const perRow = META_PARAMS + codes.length;
  const rowsPerStatement = Math.max(1, Math.min(1000, Math.floor(PG_PARAM_LIMIT / perRow)));
  const table = ident(schema.table);
  // The upsert's text depends only on how many rows it carries: built once per row count.
  const head = `insert into "${schema.table}" as t (_key, _seq, _rev, _updated_at, _deleted, _batch${codes.map((c) => `, "${c}"`).join('')}) values `;
  const tail =
    ` on conflict (_key) do update set ` +
    ['_seq = excluded._seq', '_rev = t._rev + 1', '_updated_at = excluded._updated_at', '_deleted = 0', '_batch = excluded._batch', ...codes.map((c) => `"${c}" = excluded."${c}"`)].join(', ') +
    ` where ${changedCondition(codes, 'is distinct from')} returning _rev, _seq`;
  const texts = new Map<number, string>();
  const upsertText = (rows: number): string => {
    let t = texts.get(rows);
    if (t === undefined) {
      const tuples: string[] = new Array(rows);
      for (let r = 0; r < rows; r++) {
        const b = r * perRow;
        let v = `($${b + 1}, $${b + 2}, 1, $${b + 3}, 0, $${b + 4}`;
        for (let k = 0; k < codes.length; k++) v += `, $${b + META_PARAMS + k + 1}`;
        tuples[r] = `${v})`;
      }
      t = head + tuples.join(', ') + tail;
      texts.set(rows, t);
    }
    return t;
  };
  let keysTable = false;
  return {
    async upsert(rows, counts, nextSeq) {
      for (let i = 0; i < rows.length; i += rowsPerStatement) {
        // One statement may not touch a key twice: the last occurrence wins, as it would row by row.
        const end = Math.min(rows.length, i + rowsPerStatement);
        const chunk = new Map<unknown, RowParams>();
        for (let r = i; r < end; r++) {
          const p = rows[r]!;
          chunk.delete(p[0]);
          chunk.set(p[0], p);
        }
        counts.unchanged += end - i - chunk.size;
        const base = nextSeq.v;
        const params: unknown[] = new Array(chunk.size * perRow);
        let n = 0;
        for (const p of chunk.values()) {
          p[SEQ_AT] = base + n;
          const at = n * perRow;
          for (let k = 0; k < perRow; k++) params[at + k] = p[k];
          n++;
        }
        const r = await trx.executeQuery<{ _rev: number; _seq: number }>(CompiledQuery.raw(upsertText(chunk.size), params));
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
  const n = items.length;
  const codes = items.map((i) => i.code);
  const types = items.map((i) => i.dataType);
  // The record key from the validated (canonical) values, as canonicalKey would compute it
  // without parsing the values again: the single key item's text, or a JSON array of them.
  const keyCodes = keyItems.map((i) => i.code);
  const single = keyCodes.length === 1 ? keyCodes[0]! : null;
  const keyOf = (v: Record<string, StoredValue>): string => (single !== null ? String(v[single]) : JSON.stringify(keyCodes.map((c) => v[c])));

  // A chunk's write runs while the next chunk is read and validated (PostgreSQL works in its own
  // process meanwhile; SQLite's writer finishes synchronously, so nothing overlaps there). Writes
  // stay in order: each waits for the previous one, and the last is awaited before returning.
  let pending: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;
  const settle = async () => {
    if (pending) {
      await pending;
      pending = null;
    }
    if (failure) throw failure.error;
  };
  const write = async (upserts: RowParams[], keys: string[]) => {
    if (mode === 'delete') await writer.remove(keys, counts, nextSeq);
    else {
      await writer.upsert(upserts, counts, nextSeq);
      if (mode === 'snapshot') await writer.rememberKeys(keys);
    }
  };

  try {
    for await (const chunk of source) {
      await processChunk(chunk);
      ctx.onProgress?.(counts);
    }
    await settle();
  } catch (e) {
    // The transaction is rolled back by the caller; let a write in flight finish first.
    if (pending) await pending;
    throw e;
  }
  if (counts.issueCount === 0 && mode === 'snapshot') await writer.deleteAbsent(counts, nextSeq);
  return { ...counts, issues };

  async function processChunk(chunk: SourceRow[]): Promise<void> {
    const upserts: RowParams[] = [];
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
      const key = keyOf(r.values);
      if (mode === 'delete') keys.push(key);
      else {
        const p: RowParams = new Array(META_PARAMS + n);
        p[0] = key;
        p[SEQ_AT] = 0;
        p[2] = now;
        p[3] = batchId;
        for (let k = 0; k < n; k++) p[META_PARAMS + k] = toColumn(dialect, types[k]!, r.values[codes[k]!]!);
        upserts.push(p);
        if (mode === 'snapshot') keys.push(key);
      }
    }
    if (counts.issueCount === 0) {
      await settle();
      pending = write(upserts, keys).catch((error: unknown) => {
        failure = { error };
      });
    }
  }
}
