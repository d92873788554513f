import { afterAll, beforeAll, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { SharingActor } from '../../sharing/workflow/types.js';

/** The annual report and the dashboards over the real services of every other part (usage, violations, training, plans, evaluation). */
describeEachDialect('annual report and dashboards with the real services', (dialect) => {
  let t: TestApp;
  const clock = new FixedClock('2026-12-20T02:00:00.000Z');
  let reviewer: SharingActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock, catalog: true });
    const u = (await t.platform.org.getUserByUsername('reviewer'))!;
    reviewer = { actorType: 'user', actorId: u.id, actorName: u.username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user', roles: u.roles, systemId: null };
  });
  afterAll(async () => t?.close());

  it('every part of the report is computed; the published evaluation appears in the report and on the dashboards', async () => {
    const run = await t.platform.evaluation.run(reviewer, { year: 2026, publish: true });
    expect(run.state).toBe('published');

    const dash = await t.platform.dashboard.authority(reviewer);
    expect(dash.unavailable).toEqual([]);
    expect(dash.evaluation).toMatchObject({ runId: run.id, year: 2026 });
    expect(dash.evaluation!.ranking).toHaveLength(run.results.length);
    const sup = await t.platform.dashboard.supervision({ ...reviewer, roles: ['supervisor'] });
    expect(sup.unavailable).toEqual([]);
    expect(sup.violations).not.toBeNull();

    clock.set('2027-01-02T02:00:00.000Z');
    expect(await t.platform.reports.sweep(clock.now())).toBe(1);
    const [summary] = (await t.platform.reports.list(reviewer)).items;
    const report = await t.platform.reports.get(reviewer, summary!.id);
    expect(report.data.unavailable).toEqual([]);
    expect(report.data.totals.resources).toBeGreaterThan(10);
    expect(report.data.totals.calls).toBe(0);
    expect(report.data.monthly).toHaveLength(12);
    expect(report.data.applications!.length).toBeGreaterThan(0);
    expect(report.data.violations).not.toBeNull();
    expect(report.data.training).not.toBeNull();
    expect(report.data.plans).not.toBeNull();
    expect(report.data.evaluation).toMatchObject({ runId: run.id });
    expect(report.data.evaluation!.ranking.map((r) => r.rank)).toEqual([...run.results].sort((a, b) => a.rank - b.rank).map((r) => r.rank));
  });
});
