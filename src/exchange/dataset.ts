/**
 * Per-resource dataset tables (DESIGN.md "Storage"; docs/adr/0008): one physical table per
 * published tabular resource, a typed column per data item, the record key, and row metadata.
 *
 *   _key        text, unique       canonicalKey(keyItems, row) (values.ts); PG: the primary key
 *   _seq        bigint, unique     change-feed position of the row's last change; SQLite: the rowid
 *   _rev        integer            1 on insert, +1 on every change
 *   _updated_at text               ISO-8601 UTC with milliseconds
 *   _deleted    integer 0/1        tombstone: kept so the change feed can report the deletion
 *   _batch      text               the batch that last changed the row
 *
 * Columns are only ever added (a new catalog version with new items); nothing is dropped while
 * an older version may still be served.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Dialect } from '../core/db/database.js';
import type { DataItem, DataType } from '../catalog/model.js';
import type { DatasetColumn, StoredValue } from './types.js';

export const META_COLUMNS = ['_key', '_seq', '_rev', '_updated_at', '_deleted', '_batch'] as const;
/** Items (besides the key) that get an index of their own, at most. */
export const MAX_EXTRA_INDEXES = 8;

/** `ds_` + 16 hex characters of SHA-256(resource code): a safe, stable identifier. */
export function tableNameFor(resourceCode: string): string {
  return `ds_${createHash('sha256').update(resourceCode).digest('hex').slice(0, 16)}`;
}

function indexName(table: string, code: string): string {
  return `${table}_i${createHash('sha256').update(code).digest('hex').slice(0, 10)}`;
}

/** A quoted identifier (item codes can be SQL keywords such as `order`). */
export const ident = (name: string): RawBuilder<unknown> => sql.id(name);

export function sqlTypeFor(dialect: Dialect, item: Pick<DataItem, 'dataType' | 'length'>): string {
  if (dialect === 'sqlite') {
    switch (item.dataType) {
      case 'I':
      case 'L':
        return 'integer';
      case 'B':
      case 'F':
        return 'real';
      default:
        return 'text';
    }
  }
  // Text sorts byte-wise ("C") on PostgreSQL as on SQLite, so both order pages the same way and
  // an index serves the ordering whatever the database's default collation.
  switch (item.dataType) {
    case 'C':
      return item.length ? `varchar(${item.length}) collate "C"` : 'text collate "C"';
    case 'M':
      return 'text collate "C"';
    case 'N':
    case 'Y':
      return 'numeric';
    case 'D':
      return 'date';
    case 'T':
      return 'timestamptz';
    case 'I':
      return 'bigint';
    case 'L':
      return 'boolean';
    case 'B':
    case 'F':
      return 'double precision';
  }
}

/** Types whose stored values are interchangeable (a new version may move between them). */
const FAMILY: Record<DataType, string> = { C: 'text', M: 'text', N: 'decimal', Y: 'decimal', D: 'date', T: 'time', I: 'int', L: 'bool', B: 'float', F: 'float' };
export function sameFamily(a: DataType, b: DataType): boolean {
  return FAMILY[a] === FAMILY[b];
}

/** Which items get an index: key items, then D/T items and items with a code set, up to the cap. */
export function indexedItems(items: DataItem[]): Set<string> {
  const out = new Set(items.filter((i) => i.isKey).map((i) => i.code));
  let extra = 0;
  for (const i of items) {
    if (extra >= MAX_EXTRA_INDEXES) break;
    if (out.has(i.code)) continue;
    if (i.dataType === 'D' || i.dataType === 'T' || (i.codeSet && i.codeSet.length > 0)) {
      out.add(i.code);
      extra++;
    }
  }
  return out;
}

export interface ColumnPlan {
  /** Every column after the change. */
  columns: Record<string, DatasetColumn>;
  /** Columns to add (new items). */
  added: DatasetColumn[];
  /** Existing columns that gain an index. */
  newlyIndexed: DatasetColumn[];
  /** Items whose type changed to an incompatible family (the version cannot be served). */
  conflicts: { code: string; from: DataType; to: DataType }[];
}

/** Compares a version's items with the table's columns. */
export function planColumns(dialect: Dialect, items: DataItem[], existing: Record<string, DatasetColumn>): ColumnPlan {
  const columns: Record<string, DatasetColumn> = { ...existing };
  const added: DatasetColumn[] = [];
  const newlyIndexed: DatasetColumn[] = [];
  const conflicts: ColumnPlan['conflicts'] = [];
  const indexed = indexedItems(items);
  for (const item of items) {
    const have = existing[item.code];
    if (!have) {
      const col: DatasetColumn = { code: item.code, dataType: item.dataType, sqlType: sqlTypeFor(dialect, item), indexed: indexed.has(item.code) };
      columns[item.code] = col;
      added.push(col);
      continue;
    }
    if (!sameFamily(have.dataType, item.dataType)) {
      conflicts.push({ code: item.code, from: have.dataType, to: item.dataType });
      continue;
    }
    if (indexed.has(item.code) && !have.indexed) {
      const col = { ...have, indexed: true };
      columns[item.code] = col;
      newlyIndexed.push(col);
    }
  }
  return { columns, added, newlyIndexed, conflicts };
}

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Creates the table with its metadata columns and the given item columns and indexes. */
export async function createDatasetTable(q: AnyDb, dialect: Dialect, table: string, columns: DatasetColumn[]): Promise<void> {
  const sqlite = dialect === 'sqlite';
  // SQLite: _seq is the rowid, so rows are stored in feed order — the change feed reads them as one
  // sequential range (about 2.5× faster than hopping from a _seq index into a table clustered by
  // key), appends are cheap, and a key lookup goes through the unique _key index (ADR 0016).
  // PostgreSQL: the key is the primary key; a unique index on _seq orders the feed.
  const defs = [
    sqlite ? sql`${ident('_key')} text not null` : sql`${ident('_key')} text collate "C" primary key`,
    sqlite ? sql`${ident('_seq')} integer primary key` : sql`${ident('_seq')} bigint not null`,
    sql`${ident('_rev')} integer not null`,
    sql`${ident('_updated_at')} text not null`,
    sql`${ident('_deleted')} integer not null default 0`,
    sql`${ident('_batch')} text`,
    ...columns.map((c) => sql`${ident(c.code)} ${sql.raw(c.sqlType)}`),
  ];
  await sql`create table if not exists ${ident(table)} (${sql.join(defs)})`.execute(q);
  if (sqlite) await sql`create unique index if not exists ${ident(`${table}_key`)} on ${ident(table)} (${ident('_key')})`.execute(q);
  else await sql`create unique index if not exists ${ident(`${table}_seq`)} on ${ident(table)} (${ident('_seq')})`.execute(q);
  for (const c of columns) if (c.indexed) await createColumnIndex(q, table, c.code);
}

async function createColumnIndex(q: AnyDb, table: string, code: string): Promise<void> {
  await sql`create index if not exists ${ident(indexName(table, code))} on ${ident(table)} (${ident(code)})`.execute(q);
}

/** Adds new item columns and indexes (nullable: existing rows have no value for them). */
export async function alterDatasetTable(q: AnyDb, table: string, plan: Pick<ColumnPlan, 'added' | 'newlyIndexed'>): Promise<void> {
  for (const c of plan.added) {
    await sql`alter table ${ident(table)} add column ${ident(c.code)} ${sql.raw(c.sqlType)}`.execute(q);
    if (c.indexed) await createColumnIndex(q, table, c.code);
  }
  for (const c of plan.newlyIndexed) await createColumnIndex(q, table, c.code);
}

/** A stored value as the column takes it on this dialect (booleans are 0/1 on SQLite). */
export function toColumn(dialect: Dialect, dataType: DataType, v: StoredValue): unknown {
  if (v === null) return null;
  if (dataType === 'L' && dialect === 'sqlite') return v ? 1 : 0;
  return v;
}

/** A column value read back, in the StoredValue form of values.ts. */
export function fromColumn(dataType: DataType, raw: unknown): StoredValue {
  if (raw === null || raw === undefined) return null;
  switch (dataType) {
    case 'L':
      return raw === true || raw === 1 || raw === '1' || raw === 't';
    case 'I':
    case 'B':
    case 'F':
      return typeof raw === 'number' ? raw : Number(raw);
    case 'N':
    case 'Y':
      return typeof raw === 'string' ? canonicalDecimalText(raw) : String(raw);
    case 'T':
      return raw instanceof Date ? raw.toISOString() : String(raw);
    default:
      return raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw);
  }
}

/** PostgreSQL may print numerics with trailing fraction zeros; values.ts stores them without. */
function canonicalDecimalText(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let t = s.replace(/0+$/, '');
  if (t.endsWith('.')) t = t.slice(0, -1);
  return t === '-0' ? '0' : t;
}
