import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';

describeEachDialect('compliance API (/api/v1/supervision/rules)', (dialect) => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const as = (who: string, method: string, url: string, body?: unknown) => t.as(tok[who]!, method, `/api/v1${url}`, body);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const u of ['supervisor', 'reviewer', 'admin', 'user_mz', 'steward_ga', 'leader']) tok[u] = await t.login(u);
  }, 120_000);
  afterAll(async () => t?.close());

  it('lists the rules for supervisors, the authority and administrators only', async () => {
    const r = await as('supervisor', 'GET', '/supervision/rules');
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as { id: string; article: string; lastRun: { status: string | null } }[];
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(items.find((x) => x.id === 'c5.rectification_overdue')).toMatchObject({ article: '第三十一条第五项' });
    for (const who of ['reviewer', 'admin']) expect((await as(who, 'GET', '/supervision/rules')).statusCode).toBe(200);
    for (const who of ['user_mz', 'steward_ga', 'leader']) {
      const d = await as(who, 'GET', '/supervision/rules');
      expect(d.statusCode).toBe(403);
      expect(d.headers['content-type']).toContain('application/problem+json');
      expect(d.json().code).toBe('forbidden');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/supervision/rules' })).statusCode).toBe(401);
  });

  it('runs rules on demand, audited, and rejects unknown rule ids with 400', async () => {
    const r = await as('reviewer', 'POST', '/supervision/rules/run', { ruleIds: ['c2.objection_upheld', 'c1.demand_unmet'] });
    expect(r.statusCode, r.body).toBe(200);
    // In registration order.
    expect(r.json().rules.map((x: { ruleId: string; status: string }) => [x.ruleId, x.status])).toEqual([
      ['c1.demand_unmet', 'ok'],
      ['c2.objection_upheld', 'ok'],
    ]);
    const list = (await as('reviewer', 'GET', '/supervision/rules')).json().items as { id: string; lastRun: { status: string } }[];
    expect(list.find((x) => x.id === 'c2.objection_upheld')!.lastRun.status).toBe('ok');
    const ev = await t.platform.audit.query({ action: 'supervision.rules.run', targetId: 'c2.objection_upheld' } as never);
    expect(ev.items[0]).toMatchObject({ actorName: 'reviewer', result: 'success' });

    const bad = await as('supervisor', 'POST', '/supervision/rules/run', { ruleIds: ['c9.nothing'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
    expect(bad.body).toContain('unknown_rule');
    expect((await as('user_mz', 'POST', '/supervision/rules/run', {})).statusCode).toBe(403);
  });

  it('reads and changes thresholds with range checks; administrators read but do not change them', async () => {
    const g = await as('admin', 'GET', '/supervision/rules/settings');
    expect(g.statusCode).toBe(200);
    expect(g.json()).toMatchObject({ requiredEmptyRatio: 0.1, volumeMultiple: 5, oddHoursStart: 22, oddHoursEnd: 6 });
    const bad = await as('supervisor', 'PATCH', '/supervision/rules/settings', { requiredEmptyRatio: 2 });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('out_of_range');
    const unknown = await as('supervisor', 'PATCH', '/supervision/rules/settings', { nope: 1 });
    expect(unknown.statusCode).toBe(400);
    expect((await as('admin', 'PATCH', '/supervision/rules/settings', { volumeMultiple: 4 })).statusCode).toBe(403);
    const ok = await as('supervisor', 'PATCH', '/supervision/rules/settings', { volumeMultiple: 4, noDataWorkingDays: 10 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ volumeMultiple: 4, noDataWorkingDays: 10 });
    expect((await as('reviewer', 'GET', '/supervision/rules/settings')).json()).toMatchObject({ volumeMultiple: 4, noDataWorkingDays: 10 });
  });

  it('every route is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths['/api/v1/supervision/rules/settings'])).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(doc.paths['/api/v1/supervision/rules/run'].post).toBeTruthy();
    expect(doc.paths['/api/v1/supervision/rules'].get).toBeTruthy();
  });
});
