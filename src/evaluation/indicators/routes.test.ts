import { afterAll, beforeAll, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';

describeEachDialect('evaluation and usage HTTP API', (dialect) => {
  let t: TestApp;
  const clock = new FixedClock('2026-11-20T02:00:00.000Z');
  const tok: Record<string, string> = {};
  const as = (who: string, method: string, url: string, body?: unknown) => t.as(tok[who]!, method, url, body);

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock, catalog: true });
    for (const u of ['reviewer', 'supervisor', 'steward_ga', 'user_mz', 'auditor']) tok[u] = await t.login(u);
  });
  afterAll(async () => t?.close());

  it('the authority runs, publishes and exports; others see published results only; 409 on a second publish', async () => {
    expect((await as('steward_ga', 'POST', '/api/v1/evaluation/runs', { year: 2026 })).statusCode).toBe(403);
    expect((await as('reviewer', 'POST', '/api/v1/evaluation/runs', { year: 1999 })).json()).toMatchObject({ status: 400, code: 'validation_failed' });
    const created = await as('reviewer', 'POST', '/api/v1/evaluation/runs', { year: 2026 });
    expect(created.statusCode).toBe(201);
    const run = created.json();
    expect(run).toMatchObject({ year: 2026, version: 1, state: 'draft' });
    expect(run.results.length).toBeGreaterThan(3);
    expect((await as('user_mz', 'GET', '/api/v1/evaluation/runs')).json().items).toEqual([]);
    expect((await as('user_mz', 'GET', `/api/v1/evaluation/runs/${run.id}`)).statusCode).toBe(404);
    expect((await as('supervisor', 'GET', '/api/v1/evaluation/runs')).json().items).toHaveLength(1);

    const pub = await as('reviewer', 'POST', `/api/v1/evaluation/runs/${run.id}/publish`);
    expect(pub.json()).toMatchObject({ state: 'published', publishedBy: 'reviewer' });
    const again = await as('reviewer', 'POST', `/api/v1/evaluation/runs/${run.id}/publish`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'published' });
    expect((await as('reviewer', 'DELETE', `/api/v1/evaluation/runs/${run.id}`)).statusCode).toBe(409);

    const latest = await as('user_mz', 'GET', '/api/v1/evaluation/runs/latest?year=2026');
    expect(latest.json().id).toBe(run.id);
    // A unit's own breakdown, not another's.
    const myUnit = (await t.platform.org.getUserByUsername('user_mz'))!.unitId!;
    const own = await as('user_mz', 'GET', `/api/v1/evaluation/runs/${run.id}/units/${myUnit}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().result.unitId).toBe(myUnit);
    const other = run.results.find((r: { unitId: string }) => r.unitId !== (myUnit));
    expect((await as('user_mz', 'GET', `/api/v1/evaluation/runs/${run.id}/units/${other.unitId}`)).statusCode).toBe(403);

    const xlsx = await as('supervisor', 'GET', `/api/v1/evaluation/runs/${run.id}/export?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const audit = await t.platform.db.kysely.selectFrom('audit_event').select(['action', 'actor_name']).where('action', 'like', 'evaluation.%').orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'evaluation.run.create', actor_name: 'reviewer' },
      { action: 'evaluation.run.publish', actor_name: 'reviewer' },
    ]);
  });

  it('settings: the authority edits, supervisors read, units may not', async () => {
    const s = (await as('supervisor', 'GET', '/api/v1/evaluation/settings')).json();
    expect(s.version).toBe(0);
    expect((await as('user_mz', 'GET', '/api/v1/evaluation/settings')).statusCode).toBe(403);
    expect((await as('supervisor', 'PUT', '/api/v1/evaluation/settings', s.settings)).statusCode).toBe(403);
    const bad = await as('reviewer', 'PUT', '/api/v1/evaluation/settings', { ...s.settings, bands: { excellent: 50, good: 60, pass: 40 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'body.bands', code: 'invalid_bands' });
    const ok = await as('reviewer', 'PUT', '/api/v1/evaluation/settings', { ...s.settings, bands: { excellent: 85, good: 70, pass: 60 } });
    expect(ok.json()).toMatchObject({ version: 1, settings: { bands: { excellent: 85 } } });
  });

  it('usage: city-wide for the authority, own unit for unit people, nothing for the auditor', async () => {
    expect((await as('reviewer', 'GET', '/api/v1/evaluation/usage?from=2026-01-01&to=2027-01-01&groupBy=month,kind')).json()).toMatchObject({ scope: 'all', groupBy: ['month', 'kind'] });
    expect((await as('user_mz', 'GET', '/api/v1/evaluation/usage?from=2026-01-01&to=2027-01-01')).json()).toMatchObject({ scope: 'own_unit' });
    expect((await as('auditor', 'GET', '/api/v1/evaluation/usage?from=2026-01-01&to=2027-01-01')).statusCode).toBe(403);
    const bad = await as('reviewer', 'GET', '/api/v1/evaluation/usage?from=2026-01-01&to=2027-01-01&groupBy=weekday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ code: 'bad_dimension' });
  });

  it('documents every evaluation route in the OpenAPI document with its problem responses', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const want: [string, string][] = [
      ['/api/v1/evaluation/usage', 'get'],
      ['/api/v1/evaluation/settings', 'get'],
      ['/api/v1/evaluation/settings', 'put'],
      ['/api/v1/evaluation/runs', 'get'],
      ['/api/v1/evaluation/runs', 'post'],
      ['/api/v1/evaluation/runs/latest', 'get'],
      ['/api/v1/evaluation/runs/{id}', 'get'],
      ['/api/v1/evaluation/runs/{id}', 'delete'],
      ['/api/v1/evaluation/runs/{id}/publish', 'post'],
      ['/api/v1/evaluation/runs/{id}/units/{unitId}', 'get'],
      ['/api/v1/evaluation/runs/{id}/export', 'get'],
    ];
    for (const [path, method] of want) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeTruthy();
      expect(op.tags, path).toContain('evaluation');
      expect(Object.keys(op.responses), path).toContain('401');
    }
  });
});
