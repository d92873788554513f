import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { seedUsageDemo } from '../usage/demo.js';
import { seedEvaluationDemo } from './demo.js';

describeEachDialect('evaluation demo: this year run and published, idempotent', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { catalog: true });
  });
  afterAll(async () => t?.close());

  it('publishes one run for the year and does nothing the second time', async () => {
    const lines: string[] = [];
    await seedUsageDemo(t.platform, (l) => lines.push(l));
    await seedEvaluationDemo(t.platform, (l) => lines.push(l));
    await seedEvaluationDemo(t.platform, (l) => lines.push(l));
    expect(lines.at(-1)).toMatch(/already present/);
    const token = await t.login('user_mz');
    const latest = (await t.as(token, 'GET', '/api/v1/evaluation/runs/latest')).json();
    expect(latest).toMatchObject({ version: 1, state: 'published' });
    // The demo catalog's providers differ in what they share: the totals are not all equal.
    expect(new Set(latest.results.map((r: { total: number }) => r.total)).size).toBeGreaterThan(1);
  });
});
