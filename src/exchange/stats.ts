import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../core/db/schema.js';
import { chunks } from '../core/db/query.js';

/** Read-only exchange figures for the evaluation (评估, 第二十八条): no writes, plain queries over `db`. */

type K = Kysely<Database> | Transaction<Database>;

/** Records currently held per resource (the dataset's row count); resources without a dataset are absent. */
export async function datasetRows(k: K, codes: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks(codes, 500)) {
    const rows = await k.selectFrom('exchange_dataset').select(['resource_code', 'row_count']).where('resource_code', 'in', part).execute();
    for (const r of rows) out.set(r.resource_code, Number(r.row_count));
  }
  return out;
}

/** Commit times of the committed (not dry-run) upload batches per resource, before `before`, oldest first. */
export async function commitTimes(k: K, codes: string[], before: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const part of chunks(codes, 500)) {
    const rows = await k
      .selectFrom('exchange_batch')
      .select(['resource_code', 'finished_at'])
      .where('resource_code', 'in', part)
      .where('state', '=', 'committed')
      .where('dry_run', '=', 0)
      .where('finished_at', 'is not', null)
      .where('finished_at', '<', before)
      .orderBy('resource_code')
      .orderBy('finished_at')
      .execute();
    for (const r of rows) {
      const list = out.get(r.resource_code) ?? [];
      list.push(r.finished_at!);
      out.set(r.resource_code, list);
    }
  }
  return out;
}

export interface SubscriptionFact {
  id: string;
  resourceCode: string;
  ownerUnitId: string;
  state: string;
  createdAt: string;
}

/** Subscriptions to the resources created before `before` (any state). */
export async function subscriptionsTo(k: K, codes: string[], before: string): Promise<SubscriptionFact[]> {
  const out: SubscriptionFact[] = [];
  for (const part of chunks(codes, 500)) {
    const rows = await k
      .selectFrom('exchange_subscription')
      .select(['id', 'resource_code', 'owner_unit_id', 'state', 'created_at'])
      .where('resource_code', 'in', part)
      .where('created_at', '<', before)
      .orderBy('created_at')
      .execute();
    for (const r of rows) out.push({ id: r.id, resourceCode: r.resource_code, ownerUnitId: r.owner_unit_id, state: r.state, createdAt: r.created_at });
  }
  return out;
}
