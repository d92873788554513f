import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../core/db/schema.js';
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

export async function insertEvents(trx: Transaction<Database>, rows: AuditEventTable[]): Promise<void> {
  // 18 parameters a row: 500 rows stay well under SQLite's 32,766 and PostgreSQL's 65,535 limits.
  for (let i = 0; i < rows.length; i += 500) {
    await trx.insertInto('audit_event').values(rows.slice(i, i + 500)).execute();
  }
}
