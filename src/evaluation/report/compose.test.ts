import { afterAll, beforeAll, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { unavailable } from '../../../test/helpers/stubs.js';
import type { PlanStats, TrainingStats, ViolationStats } from '../../supervision/types.js';
import type { UsageService, UsageTotal } from '../types.js';
import type { EvaluationService } from '../indicators/service.js';
import { composeReportData, defaultSections, type ComposeDeps } from './compose.js';

describeEachDialect('annual report figures (compose): every source used, a missing source marked unavailable', (dialect) => {
  let t: TestApp;
  const clock = new FixedClock('2027-01-04T02:00:00.000Z');
  let base: ComposeDeps;
  let unitGa: string;
  let systemId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
    const p = t.platform;
    unitGa = (await p.org.getUserByUsername('steward_ga'))!.unitId!;
    systemId = (await p.org.listSystems({ limit: 100 })).items[0]?.id ?? '';
    base = { ...p, grants: p.sharing, usage: p.usage, violations: p.violations, training: p.training, plans: p.plans, evaluation: p.evaluation };
  });
  afterAll(async () => t?.close());

  it('takes totals, trends, top consumers, applications (第二十二条), violations, training, plans and the evaluation from the services', async () => {
    const row = (keys: UsageTotal['keys'], calls: number): UsageTotal => ({ keys, calls, rows: calls * 2, refused: 1 });
    const usage: UsageService = {
      catchUp: async () => 0,
      async totals(q) {
        const g = q.groupBy.join(',');
        if (q.from === '2025-01-01') return g === '' ? [row({}, 500)] : [];
        if (g === '') return [row({}, 1000)];
        if (g === 'month') return [row({ month: '2026-03' }, 600), row({ month: '2026-11' }, 400)];
        if (g === 'consumerUnit') return [row({ consumerUnit: unitGa }, 700)];
        if (g === 'system,resource') return [row({ system: systemId, resource: 'A/1' }, 30), row({ system: systemId, resource: 'A/2' }, 20), row({ system: null, resource: 'A/1' }, 5)];
        return [];
      },
    };
    const violations: ViolationStats = { summary: async () => ({ byState: { confirmed: 2 }, byCategory: { 3: 2 }, total: 2 }), countsByUnit: async () => [] };
    const training: TrainingStats = { byUnit: async () => [], summary: async () => ({ sessions: 4, attendances: 30, people: 25, units: 6 }) };
    const plans: PlanStats = { summary: async (year) => ({ total: year === 2026 ? 3 : 0, byStatus: { done: 2, ongoing: 1 }, budget: 1_500_000 }) };
    const evaluation = { latestPublished: async (_by: unknown, year?: number) => (year === 2026 ? { id: 'r', version: 1, publishedAt: 'x', results: [{ unitId: unitGa, unitName: '三亚市公安局', total: 90, rank: 1, grade: 'excellent' }] } : null) } as unknown as EvaluationService;
    const d = await composeReportData({ ...base, usage, violations, training, plans, evaluation }, 2026);
    expect(d.year).toBe(2026);
    expect(d.period).toEqual({ from: '2026-01-01', to: '2027-01-01' });
    expect(d.totals).toMatchObject({ calls: 1000, rowsServed: 2000, refused: 1 });
    expect(d.totals.units).toBeGreaterThan(5);
    expect(d.previousYear).toEqual({ calls: 500, rows: 1000 });
    expect(d.monthly).toHaveLength(12);
    expect(d.monthly![2]).toEqual({ month: '2026-03', calls: 600, rows: 1200 });
    expect(d.monthly![0]).toEqual({ month: '2026-01', calls: 0, rows: 0 });
    expect(d.topConsumers).toEqual([{ unitId: unitGa, unitName: '三亚市公安局', calls: 700, rows: 1400 }]);
    if (systemId) expect(d.applications!.find((a) => a.systemId === systemId)).toMatchObject({ calls: 50, rows: 100, resources: 2 });
    expect(d.violations).toEqual({ total: 2, byCategory: { 3: 2 }, byState: { confirmed: 2 } });
    expect(d.training).toMatchObject({ sessions: 4, attendances: 30, people: 25, unitsTrained: 6 });
    expect(d.plans).toEqual({ total: 3, byStatus: { done: 2, ongoing: 1 }, budget: 1_500_000 });
    expect(d.evaluation).toMatchObject({ runId: 'r', grades: { excellent: 1 }, ranking: [{ unitName: '三亚市公安局', rank: 1, score: 90 }] });
    expect(d.objections).toEqual({ upheld: 0, notUpheld: 0, rejected: 0, open: 0 });
    expect(d.unavailable).toEqual([]);
    const summary = defaultSections(d)[0]!.text;
    expect(summary).toContain('全年数据调用 1,000 次，较上年增长 100.0%');
    expect(summary).not.toContain('暂不可用');
  });

  it('a source that fails leaves its part null and named; the rest is still computed', async () => {
    const d = await composeReportData(
      { ...base, usage: unavailable<UsageService>('usage'), violations: unavailable<ViolationStats>('violations'), training: unavailable<TrainingStats>('training'), plans: unavailable<PlanStats>('plans'), evaluation: unavailable<EvaluationService>('evaluation') },
      2026,
    );
    expect(d.totals.calls).toBeNull();
    expect(d.monthly).toBeNull();
    expect(d.violations).toBeNull();
    expect(d.training).toBeNull();
    expect(d.plans).toBeNull();
    expect(d.evaluation).toBeNull();
    expect(d.unavailable).toEqual(expect.arrayContaining(['usage', 'usage.monthly', 'violations', 'training', 'plans', 'evaluation']));
    expect(d.totals.units).toBeGreaterThan(5);
    expect(d.handling).not.toBeNull();
    expect(defaultSections(d)[0]!.text).toContain('数据调用 — 次');
  });
});
