import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../core/db/schema.js';
import type { SharingType, UpdateCycle } from './model.js';

/** Read-only catalog figures for the evaluation (评估, 第二十八条): no writes, plain queries over `db`. */

type K = Kysely<Database> | Transaction<Database>;

export interface PublishedResourceFact {
  code: string;
  name: string;
  providerUnitId: string;
  sharingType: SharingType;
  format: string;
  updateCycle: UpdateCycle;
  updateTimeLimitDays: number;
  publishedAt: string;
  /** 信息项 of the published version. */
  dataItems: number;
}

/** Active resources whose published version was published before `before` (ISO-8601 UTC), with their item counts. */
export async function publishedResources(k: K, before: string): Promise<PublishedResourceFact[]> {
  const rows = await k
    .selectFrom('catalog_resource as r')
    .innerJoin('catalog_resource_version as v', (j) => j.onRef('v.resource_code', '=', 'r.code').onRef('v.version', '=', 'r.published_version'))
    .leftJoin('catalog_data_item as i', 'i.version_id', 'v.id')
    .select((eb) => [
      'r.code',
      'v.name',
      'r.provider_unit_id',
      'v.sharing_type',
      'v.format',
      'v.update_cycle',
      'v.update_time_limit_days',
      'v.published_at',
      eb.fn.count<number>('i.seq').as('items'),
    ])
    .where('r.status', '=', 'active')
    .where('r.published_version', 'is not', null)
    .where('v.published_at', 'is not', null)
    .where('v.published_at', '<', before)
    .groupBy(['r.code', 'v.name', 'r.provider_unit_id', 'v.sharing_type', 'v.format', 'v.update_cycle', 'v.update_time_limit_days', 'v.published_at'])
    .orderBy('r.code')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    providerUnitId: r.provider_unit_id,
    sharingType: r.sharing_type,
    format: r.format,
    updateCycle: r.update_cycle,
    updateTimeLimitDays: Number(r.update_time_limit_days),
    publishedAt: r.published_at!,
    dataItems: Number(r.items),
  }));
}
