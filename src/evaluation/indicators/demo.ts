import type { Platform } from '../../platform.js';

/**
 * Demo data of evaluation/indicators (called by src/evaluation/demo.ts under the CLI demo): this
 * year's evaluation run over the demo's records and published, so the ranking, the public results
 * page and each unit's breakdown have content. Idempotent: nothing when the year already has a run.
 */
export async function seedEvaluationDemo(platform: Platform, log: (line: string) => void): Promise<void> {
  const by = { actorType: 'system' as const, actorId: 'demo', actorName: 'demo-seed', unitId: null, clientIp: null, requestId: null, kind: 'system' as const, roles: [] };
  const year = new Date(platform.clock.now().getTime() + 8 * 3600_000).getUTCFullYear();
  if ((await platform.evaluation.list(by, { year })).length) {
    log(`evaluation ${year}: already present`);
    return;
  }
  const run = await platform.evaluation.run(by, { year, publish: true });
  log(`evaluation ${year}: version ${run.version} published, ${run.units} units, top ${run.results[0]?.unitName ?? '-'} ${run.results[0]?.total ?? ''}`);
}
