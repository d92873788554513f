import { Readable } from 'node:stream';
import type { Platform } from '../platform.js';
import type { AuditActor } from '../audit/types.js';
import type { ExchangeActor } from '../exchange/types.js';
import type { TokenScope } from '../org/model.js';
import { DEMO_DATASET_SIZES, DEMO_SEED, demoRows } from './datasets.js';

/**
 * Demo application-system tokens with fixed, documented credentials (README "First minute with
 * the API"), so a newcomer can curl a query at once. Demo only: a real deployment issues random
 * tokens through the portal or `govshare token create`.
 */
export const DEMO_TOKENS: { system: string; name: string; secret: string; scopes: TokenScope[] }[] = [
  { system: 'SHJZ', name: '社会救助信息系统（演示令牌）', secret: 'gst_demoshjz_SanyaDemo2026-ReadOnly-SHJZ', scopes: ['catalog:read', 'data:read', 'subscribe'] },
  { system: 'LDRK', name: '流动人口管理系统（演示令牌）', secret: 'gst_demoldrk_SanyaDemo2026-ReadWrite-LDRK', scopes: ['catalog:read', 'data:read', 'data:write', 'subscribe'] },
];

const seeder: AuditActor = { actorType: 'system', actorId: 'demo-seed', actorName: 'demo-seed', unitId: null, clientIp: null, requestId: null };

/**
 * Seeds synthetic datasets (src/demo/datasets.ts) for the published tabular demo resources
 * through the real upload path, the documented demo tokens, and two demo grants: 民政局 may use
 * 社保参保信息 (fields narrowed), 吉阳区 may use 流动人口居住登记信息 for its own district only.
 */
export async function seedDemoData(platform: Platform, opts: { log?: (line: string) => void; sizes?: Record<string, number> } = {}): Promise<{ rows: number; datasets: number }> {
  const log = opts.log ?? (() => {});
  const sizes = opts.sizes ?? DEMO_DATASET_SIZES;
  const published = new Map<string, import('../catalog/model.js').Resource>();
  const reader = { ...seeder, roles: ['authority_reviewer' as const], scopes: ['catalog:read'] };
  for await (const batch of platform.catalog.publishedBatches(reader, {}, 500)) for (const r of batch) published.set(r.name, r);

  let rows = 0;
  let datasets = 0;
  for (const [name, size] of Object.entries(sizes)) {
    const resource = published.get(name);
    if (!resource || resource.metadataOnly || !(resource.format === 'database' || resource.format === 'spreadsheet')) continue;
    const by: ExchangeActor = { ...seeder, kind: 'user', roles: ['unit_steward'], scopes: [], systemId: null, unitId: resource.providerUnitId };
    const lines = (function* () {
      for (const row of demoRows(resource, size, DEMO_SEED)) yield `${JSON.stringify(row)}\n`;
    })();
    const { batch } = await platform.exchange.submitBatch(
      by,
      resource.code,
      { body: Readable.from(lines), meta: { contentType: 'application/x-ndjson', fileName: 'demo.ndjson' } },
      { mode: 'upsert', idempotencyKey: `demo-${resource.code}` },
    );
    if (batch.state !== 'committed') throw new Error(`demo dataset ${name}: ${batch.state} (${batch.issues[0]?.message ?? ''})`);
    rows += batch.inserted;
    datasets++;
  }
  log(`${datasets} datasets, ${rows} synthetic rows`);

  const systems = (await platform.org.listSystems({ limit: 1000 })).items;
  for (const t of DEMO_TOKENS) {
    const system = systems.find((s) => s.code === t.system);
    if (!system) continue;
    await platform.org.createToken(seeder, { systemId: system.id, name: t.name, scopes: t.scopes, expiresInDays: 365, presetSecret: t.secret });
  }
  log(`${DEMO_TOKENS.length} demo API tokens (README)`);

  const units = (await platform.org.listUnits({ limit: 1000 })).items;
  // By the exact name: a part such as '民政' also matches '三亚市吉阳区人民政府' (人民政府).
  const unitNamed = (name: string) => units.find((u) => u.name === name);
  const mz = unitNamed('三亚市民政局');
  const jy = unitNamed('三亚市吉阳区人民政府');
  const social = published.get('社保参保信息');
  const moving = published.get('流动人口居住登记信息');
  if (mz && social) {
    const fields = social.dataItems.slice(0, Math.min(5, social.dataItems.length)).map((i) => i.code);
    await platform.sharing.createGrant(seeder, { resourceCode: social.code, consumerUnitId: mz.id, fields, purpose: '最低生活保障对象家庭经济状况核对', legalBasis: '《社会救助暂行办法》第十一条', state: 'active', quotaRequestsPerDay: 10_000 });
  }
  if (jy && moving) {
    const district = moving.dataItems.find((i) => i.code === 'ssq');
    await platform.sharing.createGrant(seeder, {
      resourceCode: moving.code,
      consumerUnitId: jy.id,
      rowFilter: district ? [{ field: 'ssq', op: 'eq', value: '460203' }] : [],
      purpose: '辖区流动人口服务管理',
      state: 'active',
    });
  }
  log('2 demo grants');
  return { rows, datasets };
}
