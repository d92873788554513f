import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { DEMO_RESOURCES } from './catalog-data.js';

describeEachDialect('Sanya demo catalog', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { catalog: true });
  }, 180_000);
  afterAll(() => t.close());

  it('seeds at least 60 resources through the real workflow, across every layer, sharing type and format', async () => {
    expect(DEMO_RESOURCES.length).toBeGreaterThanOrEqual(60);
    const token = await t.login('reviewer');
    const res = await t.as(token, 'GET', '/api/v1/catalog/resources?limit=100');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBeGreaterThanOrEqual(55);
    const counts = (facet: string) => Object.fromEntries(body.facets[facet].map((b: { value: string; count: number }) => [b.value, b.count]));
    for (const layer of ['base', 'platform', 'specialized', 'node']) expect(counts('layer')[layer], layer).toBeGreaterThan(0);
    for (const type of ['mandatory', 'restricted', 'none']) expect(counts('sharingType')[type], type).toBeGreaterThan(0);
    expect(counts('sharingType').none).toBeGreaterThanOrEqual(2);
    for (const format of ['database', 'spreadsheet', 'image', 'stream', 'service', 'file', 'self_describing']) expect(counts('format')[format], format).toBeGreaterThan(0);
  });

  it('finds the demo resources by two-character Chinese queries and place names', async () => {
    const token = await t.login('user_mz');
    for (const [q, expected] of [
      ['人口', '人口基础信息'],
      ['法人', '法人单位基础信息'],
      ['崖州', '崖州区渔船管理信息'],
      ['社保', '社保参保信息'],
    ]) {
      const res = await t.as(token, 'GET', `/api/v1/catalog/resources?q=${encodeURIComponent(q)}`);
      expect(res.json().items.map((i: { name: string }) => i.name), q).toContain(expected);
    }
  });

  it('leaves work in every queue: submitted for review, returned to a unit, and a change in progress', async () => {
    const reviewer = await t.login('reviewer');
    const queue = await t.as(reviewer, 'GET', '/api/v1/catalog/review-queue');
    expect(queue.statusCode).toBe(200);
    expect(JSON.stringify(queue.json())).toContain('submitted');
  });

  it('reports duplicate collection of elements another unit is authoritative for', async () => {
    const reviewer = await t.login('reviewer');
    const dup = await t.as(reviewer, 'GET', '/api/v1/catalog/duplicates');
    expect(dup.statusCode).toBe(200);
    const text = JSON.stringify(dup.json());
    expect(text).toContain('公民身份号码');
    expect(text).toContain('三亚市公安局');
    expect(text).toContain('三亚市民政局');
  });
});
