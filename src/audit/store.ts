import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Database } from '../core/db/schema.js';
import type { Db, Dialect } from '../core/db/database.js';
import { EVENT_COLUMNS } from './chain.js';
import type { AuditEventTable } from './tables.js';

type Q = Kysely<Database> | Transaction<Database>;

/** Filters of the audit query and export (all optional, combined with AND). */
export interface AuditFilter {
  /** Matches actor_name or actor_id exactly. */
  actor?: string;
  unitId?: string;
  /** Prefix of the dotted action, e.g. "org.unit". */
  action?: string;
  targetType?: string;
  targetId?: string;
  result?: 'success' | 'failure' | 'denied';
  /** ISO-8601 instants: from ≤ time < to. */
  from?: string;
  to?: string;
}

/** Keyset position of the listing (newest first): time, then chain, then seq. */
export interface Position {
  time: string;
  chain: string;
  seq: number;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One page of events matching the filter, newest first, strictly after `after`. */
export async function listEvents(db: Q, filter: AuditFilter, after: Position | null, limit: number): Promise<AuditEventTable[]> {
  let q = db.selectFrom('audit_event').selectAll();
  if (filter.actor) q = q.where((eb) => eb.or([eb('actor_name', '=', filter.actor!), eb('actor_id', '=', filter.actor!)]));
  if (filter.unitId) q = q.where('unit_id', '=', filter.unitId);
  if (filter.action) q = q.where(sql<boolean>`action like ${escapeLike(filter.action) + '%'} escape '\\'`);
  if (filter.targetType) q = q.where('target_type', '=', filter.targetType);
  if (filter.targetId) q = q.where('target_id', '=', filter.targetId);
  if (filter.result) q = q.where('result', '=', filter.result);
  if (filter.from) q = q.where('time', '>=', filter.from);
  if (filter.to) q = q.where('time', '<', filter.to);
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('time', '<', after.time),
        eb.and([eb('time', '=', after.time), eb('chain', '<', after.chain)]),
        eb.and([eb('time', '=', after.time), eb('chain', '=', after.chain), eb('seq', '<', after.seq)]),
      ]),
    );
  }
  return q.orderBy('time', 'desc').orderBy('chain', 'desc').orderBy('seq', 'desc').limit(limit).execute();
}

export async function getEvent(db: Q, chain: string, seq: number): Promise<AuditEventTable | undefined> {
  return db.selectFrom('audit_event').selectAll().where('chain', '=', chain).where('seq', '=', seq).executeTakeFirst();
}

/** The three statements of every append, run inside the caller's transaction. */
export interface AppendStatements {
  /** Takes the chain's lock (row lock on PostgreSQL, write lock on SQLite) and reads its tip. */
  lockHead(trx: Transaction<Database>, chain: string, now: string): Promise<{ seq: number; hash: string } | undefined>;
  insert(trx: Transaction<Database>, rows: AuditEventTable[]): Promise<void>;
  moveHead(trx: Transaction<Database>, chain: string, seq: number, hash: string, now: string): Promise<void>;
}

/**
 * The SQL of the append path, shared by the event loop's writer (appendStatements) and the writer
 * thread (writer-thread.ts), so the two cannot drift. SQLite inserts a batch as multi-row VALUES
 * statements in chunks of INSERT_CHUNKS events; PostgreSQL as one array per column (unnest):
 * 18 parameters per event would cost the event loop more than the insert itself.
 */
export const INSERT_CHUNKS = [256, 64, 16, 4, 1] as const;
export function appendSql(dialect: Dialect) {
  const p = (i: number) => (dialect === 'postgres' ? `$${i}` : '?');
  const columns = EVENT_COLUMNS.map((c) => `"${c}"`).join(', ');
  const row = `(${EVENT_COLUMNS.map(() => '?').join(', ')})`;
  return {
    lockHead: `update audit_head set updated_at = ${p(1)} where chain = ${p(2)} returning seq, hash`,
    moveHead: `update audit_head set seq = ${p(1)}, hash = ${p(2)}, updated_at = ${p(3)} where chain = ${p(4)}`,
    /** SQLite: the INSERT of n events, EVENT_COLUMNS values each. */
    insertRows: (n: number) => `insert into audit_event (${columns}) values ${Array.from({ length: n }, () => row).join(', ')}`,
    /** PostgreSQL: one array per column, in EVENT_COLUMNS order. */
    insertArrays: `insert into audit_event (${columns}) select * from unnest(${EVENT_COLUMNS.map((c, i) => `$${i + 1}::${c === 'seq' ? 'bigint' : 'text'}[]`).join(', ')})`,
  };
}

/**
 * On SQLite the append path runs as cached prepared statements on the connection the Kysely
 * transaction holds (SQLite has one): re-preparing a 64-row, 1,152-parameter INSERT for every
 * group commit costs more than the insert. Chunks have sizes 256/64/16/4/1, so five statements
 * cover any batch. PostgreSQL runs the same statements through the transaction.
 */
export function appendStatements(db: Db): AppendStatements {
  const text = appendSql(db.dialect);
  if (db.sqlite) {
    const sqlite = db.sqlite;
    const lock = sqlite.prepare(text.lockHead);
    const move = sqlite.prepare(text.moveHead);
    const inserts = new Map<number, SQLite.Statement>();
    const insertOf = (n: number) => {
      let st = inserts.get(n);
      if (!st) {
        st = sqlite.prepare(text.insertRows(n));
        inserts.set(n, st);
      }
      return st;
    };
    return {
      async lockHead(_trx, chain, now) {
        const r = lock.get(now, chain) as { seq: number; hash: string } | undefined;
        return r && { seq: Number(r.seq), hash: r.hash };
      },
      async insert(_trx, rows) {
        let i = 0;
        for (const size of INSERT_CHUNKS) {
          while (rows.length - i >= size) {
            const values: unknown[] = [];
            for (let k = i; k < i + size; k++) {
              const r = rows[k];
              for (const c of EVENT_COLUMNS) values.push(r[c]);
            }
            insertOf(size).run(values);
            i += size;
          }
        }
      },
      async moveHead(_trx, chain, seq, hash, now) {
        move.run(seq, hash, now, chain);
      },
    };
  }
  return {
    async lockHead(trx, chain, now) {
      const r = (await trx.executeQuery<{ seq: number; hash: string }>(CompiledQuery.raw(text.lockHead, [now, chain]))).rows[0];
      return r && { seq: Number(r.seq), hash: r.hash };
    },
    async insert(trx, rows) {
      const columns = EVENT_COLUMNS.map((c) => rows.map((r) => r[c]));
      await trx.executeQuery(CompiledQuery.raw(text.insertArrays, columns));
    },
    async moveHead(trx, chain, seq, hash, now) {
      await trx.executeQuery(CompiledQuery.raw(text.moveHead, [seq, hash, now, chain]));
    },
  };
}
