import type { Platform } from '../../platform.js';
import type { AuditActor } from '../../audit/types.js';
import type { ExchangeActor } from '../../exchange/types.js';
import type { Resource } from '../../catalog/model.js';

const seeder: AuditActor = { actorType: 'system', actorId: 'demo-seed', actorName: 'demo-seed', unitId: null, clientIp: null, requestId: null };

/** Consumer units of the demo and how many online queries each makes per resource (their business volume). */
const DEMO_CONSUMERS: { unit: string; calls: number }[] = [
  { unit: '三亚市民政局', calls: 6 },
  { unit: '三亚市人力资源和社会保障局', calls: 5 },
  { unit: '三亚市吉阳区人民政府', calls: 4 },
  { unit: '三亚市公安局', calls: 3 },
  { unit: '三亚市市场监督管理局', calls: 3 },
  { unit: '三亚市卫生健康委员会', calls: 2 },
  { unit: '三亚市应急管理局', calls: 2 },
  { unit: '三亚市旅游和文化广电体育局', calls: 1 },
];

/** Purposes the demo consumers declare (every data read states one, 第二十一条). */
const PURPOSES = ['社会救助对象资格核验', '就业创业服务资格审核', '辖区人口服务管理', '企业开办联办审核', '应急指挥调度', '公共卫生服务管理'];

/**
 * Demo data of evaluation/usage: the demo's consumer units query the published mandatory
 * datasets of other units through the real data plane (purpose stated, audited like any read),
 * so usage, evaluation and the dashboards have something to count; then the rollup catches up.
 * Runs once: a second run finds the rollup already holding these reads and only catches up.
 */
export async function seedUsageDemo(platform: Platform, log: (line: string) => void): Promise<void> {
  const already = await platform.usage.totals({ from: '2020-01-01', to: '2030-01-01', groupBy: [] });
  if ((already[0]?.calls ?? 0) === 0) {
    const reader = { ...seeder, roles: ['authority_reviewer' as const], scopes: ['catalog:read'] };
    const mandatory: Resource[] = [];
    for await (const batch of platform.catalog.publishedBatches(reader, {}, 500)) {
      for (const r of batch) if (r.sharingType === 'mandatory' && !r.metadataOnly && (r.format === 'database' || r.format === 'spreadsheet')) mandatory.push(r);
    }
    const units = (await platform.org.listUnits({ limit: 1000 })).items;
    let calls = 0;
    let n = 0;
    for (const c of DEMO_CONSUMERS) {
      const unit = units.find((u) => u.name === c.unit);
      if (!unit) continue;
      const by: ExchangeActor = { ...seeder, actorType: 'user', actorId: `demo-usage-${unit.code}`, actorName: `demo-usage:${unit.shortName ?? unit.name}`, unitId: unit.id, kind: 'user', roles: ['unit_user'], scopes: ['catalog:read', 'data:read'], systemId: null };
      // Each consumer uses a different slice of the shared resources, never its own.
      const used = mandatory.filter((r, i) => r.providerUnitId !== unit.id && (i + n) % 3 !== 0);
      for (const r of used) {
        const purpose = PURPOSES[(n + r.code.length) % PURPOSES.length]!;
        for (let i = 0; i < c.calls; i++) {
          try {
            await platform.exchange.query(by, r.code, purpose, { filters: [], limit: 20 + ((i * 7) % 30) });
            calls++;
          } catch {
            // A dataset the consumer may not read (scope, not yet uploaded) is a refused read, counted as such.
          }
        }
      }
      n++;
    }
    log(`usage: ${calls} online queries by ${DEMO_CONSUMERS.length} consumer units through the data API`);
  }
  const folded = await platform.usage.catchUp();
  log(`usage rollup: ${folded} data-access events folded`);
}
