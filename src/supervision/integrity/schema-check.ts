/**
 * c7.schema_drift — changes to the database structure made outside the migrations and outside the
 * exchange's own dataset management (第三十一条第七项: unauthorized modification of the platform).
 *
 * The platform's tables, columns, indexes, triggers and functions (everything but the `ds_…`
 * dataset tables) are fingerprinted after migrations, the fingerprint kept with a MAC; each run
 * compares the live schema with it. A migration applied since is recognised by the migration
 * table: every name recorded there must be a migration this code ships, and the recorded list
 * only grows — then the new schema is the legitimate one and is recorded again.
 * Dataset tables are compared with the exchange's registry instead: the table exists, has exactly
 * the metadata columns and the registered item columns, its feed-order and key constraints (the
 * unique _seq index, or on SQLite _seq as the rowid plus the unique _key index), and no trigger.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { DatasetColumn } from '../../exchange/types.js';

/** object id (e.g. 'trigger:audit_event_no_update', 'column:audit_event.detail') → what defines it. */
export type Fingerprint = Record<string, string>;

export interface SchemaDiff {
  object: string;
  change: 'added' | 'removed' | 'changed';
  expected: string | null;
  found: string | null;
}

const isDataset = (table: string) => /^ds_[0-9a-f]{16}$/.test(table);
const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

interface LiveSchema {
  platform: Fingerprint;
  /**
   * Dataset tables: columns, triggers on them, and whether the feed order and the key are enforced:
   * `seqIndex` the unique `<table>_seq` index (PostgreSQL, and SQLite tables of before ADR 0016),
   * `seqPk` _seq is the rowid and `keyIndex` the unique `<table>_key` index (SQLite).
   */
  datasets: Map<string, { columns: Set<string>; seqIndex: boolean; seqPk: boolean; keyIndex: boolean; triggers: string[] }>;
}

export async function liveSchema(db: Db): Promise<LiveSchema> {
  const platform: Fingerprint = {};
  const datasets: LiveSchema['datasets'] = new Map();
  const ds = (t: string) => {
    let d = datasets.get(t);
    if (!d) datasets.set(t, (d = { columns: new Set(), seqIndex: false, seqPk: false, keyIndex: false, triggers: [] }));
    return d;
  };
  const k = db.kysely;
  if (db.dialect === 'sqlite') {
    const objects = await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>`select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by name`.execute(k);
    for (const o of objects.rows) {
      if (isDataset(o.tbl_name)) {
        if (o.type === 'table') ds(o.tbl_name);
        else if (o.type === 'index' && o.name === `${o.tbl_name}_seq`) ds(o.tbl_name).seqIndex = true;
        else if (o.type === 'index' && o.name === `${o.tbl_name}_key` && o.sql && /^create unique index/i.test(o.sql)) ds(o.tbl_name).keyIndex = true;
        else if (o.type === 'trigger') ds(o.tbl_name).triggers.push(o.name);
        continue;
      }
      if (o.type === 'table' || o.type === 'view') platform[`${o.type}:${o.name}`] = o.type;
      else platform[`${o.type}:${o.name}`] = o.sql ? digest(norm(o.sql)) : `auto:${o.tbl_name}`;
    }
    const cols = await sql<{ tbl: string; name: string; type: string; notnull: number; pk: number; dflt_value: string | null }>`
      select m.name as tbl, p.name, p.type, p."notnull", p.pk, p.dflt_value from sqlite_master m join pragma_table_info(m.name) p
      where m.type = 'table' and m.name not like 'sqlite_%' order by m.name, p.cid`.execute(k);
    for (const c of cols.rows) {
      if (isDataset(c.tbl)) {
        const d = ds(c.tbl);
        d.columns.add(c.name);
        if (c.name === '_seq' && c.pk === 1 && c.type.toLowerCase() === 'integer') d.seqPk = true;
      }
      else platform[`column:${c.tbl}.${c.name}`] = `${c.type.toLowerCase()}${c.notnull ? ' not null' : ''}${c.pk ? ' pk' : ''}${c.dflt_value !== null ? ` default ${c.dflt_value}` : ''}`;
    }
    return { platform, datasets };
  }
  const tables = await sql<{ table_name: string; table_type: string }>`select table_name, table_type from information_schema.tables where table_schema = current_schema()`.execute(k);
  for (const t of tables.rows) {
    if (isDataset(t.table_name)) ds(t.table_name);
    else platform[`table:${t.table_name}`] = t.table_type === 'VIEW' ? 'view' : 'table';
  }
  const cols = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>`
    select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns where table_schema = current_schema()`.execute(k);
  for (const c of cols.rows) {
    if (isDataset(c.table_name)) ds(c.table_name).columns.add(c.column_name);
    else platform[`column:${c.table_name}.${c.column_name}`] = `${c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}${c.column_default !== null ? ` default ${c.column_default}` : ''}`;
  }
  const idx = await sql<{ tablename: string; indexname: string; indexdef: string }>`select tablename, indexname, indexdef from pg_indexes where schemaname = current_schema()`.execute(k);
  for (const i of idx.rows) {
    if (isDataset(i.tablename)) {
      if (i.indexname === `${i.tablename}_seq`) ds(i.tablename).seqIndex = true;
    } else platform[`index:${i.indexname}`] = digest(norm(i.indexdef));
  }
  const trg = await sql<{ relname: string; tgname: string; tgenabled: string; def: string }>`
    select c.relname, t.tgname, t.tgenabled, pg_get_triggerdef(t.oid) as def from pg_trigger t
    join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where not t.tgisinternal and n.nspname = current_schema()`.execute(k);
  for (const t of trg.rows) {
    if (isDataset(t.relname)) ds(t.relname).triggers.push(t.tgname);
    // tgenabled 'D' = disabled (ALTER TABLE … DISABLE TRIGGER): as good as dropped.
    else platform[`trigger:${t.tgname}`] = `${digest(norm(t.def))}${t.tgenabled === 'D' ? ' disabled' : ''}`;
  }
  const fns = await sql<{ proname: string; args: string; src: string }>`
    select p.proname, pg_get_function_identity_arguments(p.oid) as args, md5(p.prosrc) as src from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace where n.nspname = current_schema()`.execute(k);
  for (const f of fns.rows) platform[`function:${f.proname}(${f.args})`] = f.src.slice(0, 16);
  return { platform, datasets };
}

/** Differences of the live platform schema from the recorded fingerprint. */
export function diffFingerprints(expected: Fingerprint, found: Fingerprint): SchemaDiff[] {
  const out: SchemaDiff[] = [];
  for (const [object, e] of Object.entries(expected)) {
    const f = found[object];
    if (f === undefined) out.push({ object, change: 'removed', expected: e, found: null });
    else if (f !== e) out.push({ object, change: 'changed', expected: e, found: f });
  }
  for (const [object, f] of Object.entries(found)) if (expected[object] === undefined) out.push({ object, change: 'added', expected: null, found: f });
  return out.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
}

/** Dataset tables against the exchange's registry. */
export async function diffDatasets(db: Db, live: LiveSchema): Promise<SchemaDiff[]> {
  const reg = await db.kysely.selectFrom('exchange_dataset').select(['resource_code', 'table_name', 'columns']).execute();
  const out: SchemaDiff[] = [];
  const known = new Set<string>();
  for (const r of reg) {
    known.add(r.table_name);
    const t = live.datasets.get(r.table_name);
    if (!t) {
      out.push({ object: `table:${r.table_name}`, change: 'removed', expected: r.resource_code, found: null });
      continue;
    }
    const want = new Set(['_key', '_seq', '_rev', '_updated_at', '_deleted', '_batch', ...(JSON.parse(r.columns) as DatasetColumn[]).map((c) => c.code)]);
    for (const c of want) if (!t.columns.has(c)) out.push({ object: `column:${r.table_name}.${c}`, change: 'removed', expected: r.resource_code, found: null });
    for (const c of t.columns) if (!want.has(c)) out.push({ object: `column:${r.table_name}.${c}`, change: 'added', expected: null, found: r.resource_code });
    if (t.seqPk) {
      if (!t.keyIndex) out.push({ object: `index:${r.table_name}_key`, change: 'removed', expected: r.resource_code, found: null });
    } else if (!t.seqIndex) out.push({ object: `index:${r.table_name}_seq`, change: 'removed', expected: r.resource_code, found: null });
    for (const g of t.triggers) out.push({ object: `trigger:${g}`, change: 'added', expected: null, found: r.table_name });
  }
  for (const [table] of live.datasets) if (!known.has(table)) out.push({ object: `table:${table}`, change: 'added', expected: null, found: 'not in the exchange registry' });
  return out;
}

/** Names in the migration table, sorted. */
export async function appliedMigrations(db: Db): Promise<string[]> {
  const r = await sql<{ name: string }>`select name from schema_migration order by name`.execute(db.kysely);
  return r.rows.map((x) => x.name);
}

/** The table a schema object belongs to (for the evidence). */
export function tableOf(object: string): string | null {
  const [kind, rest] = [object.slice(0, object.indexOf(':')), object.slice(object.indexOf(':') + 1)];
  if (kind === 'table' || kind === 'view') return rest;
  if (kind === 'column') return rest.slice(0, rest.indexOf('.'));
  return null;
}
