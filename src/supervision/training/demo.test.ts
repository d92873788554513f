import { afterAll, beforeAll, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { seedTrainingDemo } from './demo.js';
import { seedPlanDemo } from '../plans/demo.js';

describeEachDialect('training and plan demo seeds', (dialect) => {
  let t: TestApp;
  const system: SharingActor = { actorType: 'system', actorId: 'test', actorName: 'test', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: new FixedClock('2026-11-26T02:00:00.000Z') });
  }, 120_000);
  afterAll(async () => t?.close());

  it('training: every unit trained in 2026H1; in 2026H2 exactly 市档案局, 市应急局 and 民政局 (staff absent) are flagged; idempotent', async () => {
    await seedTrainingDemo(t.platform, () => {});
    const h1 = await t.platform.training.coverage(system, '2026H1');
    expect(h1.units.filter((u) => u.untrained)).toEqual([]);
    const h2 = await t.platform.training.coverage(system, '2026H2');
    const flagged = h2.units.filter((u) => u.untrained).map((u) => u.unitName).sort();
    expect(flagged).toEqual(['三亚市应急管理局', '三亚市档案局', '三亚市民政局'].sort());
    expect(h2.units.find((u) => u.unitName === '三亚市民政局')).toMatchObject({ absences: 1, staffAccounts: 1 });
    expect(h2.totals.sessions).toBe(2);
    await seedTrainingDemo(t.platform, () => {});
    expect((await t.platform.training.listSessions(system, {})).total).toBe(4);
  });

  it('plans: 2026 items in every status (one computed delayed), 2025 items completed, budgets exact; idempotent', async () => {
    await seedPlanDemo(t.platform, () => {});
    const y2026 = await t.platform.plans.list(system, { year: 2026 });
    expect(y2026.items.map((i) => i.status).sort()).toEqual(['cancelled', 'completed', 'delayed', 'in_progress', 'in_progress', 'planned']);
    expect(y2026.totals.byStatus).toEqual({ planned: 1, in_progress: 1, delayed: 2, completed: 1, cancelled: 1 });
    expect(y2026.totals.budget).toBe('8250000.50');
    const computed = y2026.items.find((i) => i.status === 'in_progress' && i.effectiveStatus === 'delayed')!;
    expect(computed.title).toBe('人口综合信息资源库完善');
    const d = await t.platform.plans.get(system, computed.id);
    expect(d.entries.map((e) => e.kind)).toEqual(['created', 'status', 'progress', 'milestone', 'followup']);
    expect(d.entries[2]).toMatchObject({ kind: 'progress', by: 'steward_ga' });
    expect((await t.platform.plans.summary(2025)).byStatus).toEqual({ completed: 2 });
    await seedPlanDemo(t.platform, () => {});
    expect((await t.platform.plans.list(system, {})).total).toBe(8);
  });
});
