/**
 * Queries of the compliance monitor: its own run records and settings, and read-only queries of
 * the records the rules judge (datasets, demands, objections, the audit log). Nothing here writes
 * another module's table.
 */
import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import type { RuleRunTable } from './tables.js';

type Q = Kysely<Database> | Transaction<Database>;

export type RunRow = RuleRunTable;

// ---------------------------------------------------------------- run records

export async function ensureRuns(db: Q, ruleIds: string[], now: string): Promise<void> {
  for (const id of ruleIds) {
    await db
      .insertInto('supervision_rule_run')
      .values({ rule_id: id, lease_owner: null, lease_until: null, last_start: null, last_end: null, last_status: null, last_findings: 0, last_created: 0, last_error: null, last_success_end: null, updated_at: now })
      .onConflict((oc) => oc.column('rule_id').doNothing())
      .execute();
  }
}

export async function listRuns(db: Q): Promise<RunRow[]> {
  return db.selectFrom('supervision_rule_run').selectAll().execute();
}

export async function findRun(db: Q, ruleId: string): Promise<RunRow | undefined> {
  return db.selectFrom('supervision_rule_run').selectAll().where('rule_id', '=', ruleId).executeTakeFirst();
}

/**
 * Claims a rule's lease with one guarded update: only when no live lease is held and (for the
 * sweeper) the rule is due (`dueBefore`: its last start is at or before this instant). True when
 * this caller got it.
 */
export async function claim(db: Q, ruleId: string, owner: string, now: string, leaseUntil: string, dueBefore: string | null): Promise<boolean> {
  let q = db
    .updateTable('supervision_rule_run')
    .set({ lease_owner: owner, lease_until: leaseUntil, last_start: now, last_status: 'running', updated_at: now })
    .where('rule_id', '=', ruleId)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]));
  if (dueBefore !== null) q = q.where((eb) => eb.or([eb('last_start', 'is', null), eb('last_start', '<=', dueBefore)]));
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records the end of a run and frees the lease (only the lease holder's update counts). */
export async function finish(
  db: Q,
  ruleId: string,
  owner: string,
  end: string,
  outcome: { status: 'ok' | 'failed'; findings: number; created: number; error: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('supervision_rule_run')
    .set({
      lease_owner: null,
      lease_until: null,
      last_end: end,
      last_status: outcome.status,
      last_findings: outcome.findings,
      last_created: outcome.created,
      last_error: outcome.error,
      ...(outcome.status === 'ok' ? { last_success_end: end } : {}),
      updated_at: end,
    })
    .where('rule_id', '=', ruleId)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------- settings

export async function settingRows(db: Q): Promise<{ key: string; value: string }[]> {
  return db.selectFrom('supervision_rule_setting').select(['key', 'value']).execute();
}

export async function putSetting(trx: Transaction<Database>, key: string, value: string, by: string, at: string): Promise<void> {
  await trx
    .insertInto('supervision_rule_setting')
    .values({ key, value, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_by: by, updated_at: at }))
    .execute();
}

// ---------------------------------------------------------------- reads of what the rules judge

export async function datasets(db: Q) {
  return db.selectFrom('exchange_dataset').select(['resource_code', 'table_name', 'columns', 'row_count', 'last_update_at']).execute();
}

/** Demands accepted with a new catalog entry, not yet met (第一项(c)). */
export async function demandsInProgress(db: Q) {
  return db
    .selectFrom('sharing_demand')
    .select(['id', 'title', 'provider_unit_id', 'requester_unit_id', 'needed_by', 'answered_at', 'answer_resource_code', 'state'])
    .where('state', '=', 'in_progress')
    .orderBy('id')
    .limit(10_000)
    .execute();
}

/** Objections closed as upheld (第二项(a)), closed at or after `from` when given. */
export async function upheldObjections(db: Q, from: string | null) {
  let q = db
    .selectFrom('sharing_objection')
    .select(['id', 'resource_code', 'resource_name', 'provider_unit_id', 'raiser_unit_id', 'closed_at', 'conclusion'])
    .where('outcome', '=', 'upheld');
  if (from) q = q.where('closed_at', '>=', from);
  return q.orderBy('closed_at').limit(10_000).execute();
}

/** Keyset position in the audit log, oldest first: time, then chain, then seq. */
export interface AuditPos {
  time: string;
  chain: string;
  seq: number;
}

/** Events strictly after `after` in (time, chain, seq) order. */
function afterPos<O>(q: SelectQueryBuilder<Database, 'audit_event', O>, after: AuditPos | null): SelectQueryBuilder<Database, 'audit_event', O> {
  if (!after) return q;
  return q.where((eb) =>
    eb.or([
      eb('time', '>', after.time),
      eb.and([eb('time', '=', after.time), eb('chain', '>', after.chain)]),
      eb.and([eb('time', '=', after.time), eb('chain', '=', after.chain), eb('seq', '>', after.seq)]),
    ]),
  );
}

/** One page of successful data reads in [from, to) made under a grant (第四项(a)), oldest first. */
export async function grantReads(db: Q, from: string, to: string, after: AuditPos | null, limit: number) {
  const q = db
    .selectFrom('audit_event')
    .select(['chain', 'seq', 'time', 'unit_id', 'action', 'target_id', 'purpose', 'grant_id', 'actor_name'])
    .where('time', '>=', from)
    .where('time', '<', to)
    .where('grant_id', 'is not', null)
    .where('result', '=', 'success')
    .where(sql<boolean>`action like 'data.%'`);
  return afterPos(q, after).orderBy('time').orderBy('chain').orderBy('seq').limit(limit).execute();
}

/** One page of data reads in [from, to) in the UTC hours listed (第四项(c)), oldest first; the time text's hour is positions 12–13. */
export async function readsInHours(db: Q, from: string, to: string, utcHours: number[], actions: readonly string[], after: AuditPos | null, limit: number) {
  if (!utcHours.length) return [];
  const hours = utcHours.map((h) => String(h).padStart(2, '0'));
  const q = db
    .selectFrom('audit_event')
    .select(['chain', 'seq', 'time', 'unit_id', 'action', 'target_id', 'detail'])
    .where('time', '>=', from)
    .where('time', '<', to)
    .where('result', '=', 'success')
    .where('unit_id', 'is not', null)
    .where('action', 'in', [...actions])
    .where(sql<string>`substr(time, 12, 2)`, 'in', hours);
  return afterPos(q, after).orderBy('time').orderBy('chain').orderBy('seq').limit(limit).execute();
}

/** Every page of a keyset-paged audit read, `size` rows at a time (memory stays bounded by the caller's grouping). */
export async function* pages<R extends AuditPos>(read: (after: AuditPos | null, limit: number) => Promise<R[]>, size = 5000): AsyncIterable<R[]> {
  let after: AuditPos | null = null;
  for (;;) {
    const rows = await read(after, size);
    if (rows.length) yield rows;
    if (rows.length < size) return;
    const last = rows[rows.length - 1]!;
    after = { time: last.time, chain: last.chain, seq: Number(last.seq) };
  }
}
