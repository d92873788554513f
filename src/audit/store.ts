import { sql, type Kysely, type Transaction } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Database } from '../core/db/schema.js';
import type { Db } from '../core/db/database.js';
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
 * On SQLite the append path runs as cached prepared statements on the connection the Kysely
 * transaction holds (SQLite has one): re-preparing a 64-row, 1,152-parameter INSERT for every
 * group commit costs more than the insert. Chunks have sizes 256/64/16/4/1, so five statements
 * cover any batch. PostgreSQL goes through Kysely.
 */
export function appendStatements(db: Db): AppendStatements {
  if (db.sqlite) {
    const sqlite = db.sqlite;
    const lock = sqlite.prepare('update audit_head set updated_at = ? where chain = ? returning seq, hash');
    const move = sqlite.prepare('update audit_head set seq = ?, hash = ?, updated_at = ? where chain = ?');
    const row = `(${EVENT_COLUMNS.map(() => '?').join(', ')})`;
    const inserts = new Map<number, SQLite.Statement>();
    const insertOf = (n: number) => {
      let st = inserts.get(n);
      if (!st) {
        st = sqlite.prepare(`insert into audit_event (${EVENT_COLUMNS.join(', ')}) values ${Array.from({ length: n }, () => row).join(', ')}`);
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
        for (const size of [256, 64, 16, 4, 1]) {
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
      const r = await trx.updateTable('audit_head').set({ updated_at: now }).where('chain', '=', chain).returning(['seq', 'hash']).executeTakeFirst();
      return r && { seq: Number(r.seq), hash: r.hash };
    },
    async insert(trx, rows) {
      // One array parameter a column (unnest), whatever the batch size: a multi-row VALUES list
      // has 18 parameters a row, and compiling and binding those cost the event loop more than
      // PostgreSQL's insert itself (docs/benchmarks.md, key lookup on PostgreSQL).
      const columns = EVENT_COLUMNS.map((c) => {
        const values = new Array<unknown>(rows.length);
        for (let i = 0; i < rows.length; i++) values[i] = rows[i]![c];
        return sql`${values}::${sql.raw(c === 'seq' ? 'bigint' : 'text')}[]`;
      });
      await sql`insert into audit_event (${sql.join(EVENT_COLUMNS.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(columns)})`.execute(trx);
    },
    async moveHead(trx, chain, seq, hash, now) {
      await trx.updateTable('audit_head').set({ seq, hash, updated_at: now }).where('chain', '=', chain).execute();
    },
  };
}
