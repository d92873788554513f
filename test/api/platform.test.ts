import { afterAll, beforeAll, expect, it } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describeEachDialect } from '../helpers/platform.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

describeEachDialect('platform HTTP surface', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('answers /healthz and /readyz with the database dialect', async () => {
    const h = await t.app.inject({ url: '/healthz' });
    expect(h.statusCode).toBe(200);
    expect(h.json()).toEqual({ status: 'ok' });
    const r = await t.app.inject({ url: '/readyz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ready', database: dialect });
  });

  it('exposes Prometheus metrics with request counts and the audit queue', async () => {
    await t.app.inject({ url: '/healthz' });
    const m = await t.app.inject({ url: '/metrics' });
    expect(m.statusCode).toBe(200);
    expect(m.headers['content-type']).toContain('text/plain');
    expect(m.body).toMatch(/govshare_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(m.body).toContain('govshare_http_request_duration_seconds_bucket');
    expect(m.body).toContain('govshare_audit_queue_length');
    if (dialect === 'postgres') expect(m.body).toContain('govshare_db_pool_total');
  });

  it('publishes a valid OpenAPI 3 document describing every route', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(doc));
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    for (const expected of [
      'POST /api/v1/auth/login',
      'GET /api/v1/me',
      'GET /api/v1/units',
      'POST /api/v1/units',
      'GET /api/v1/users',
      'POST /api/v1/tokens',
      'GET /api/v1/audit/events',
      'POST /api/v1/audit/verify',
      'PUT /api/v1/calendar/{year}',
      'GET /healthz',
      'GET /readyz',
    ]) {
      expect(documented, expected).toContain(expected);
    }
    // Every /api/v1 route registered in the app appears in the document.
    const routes = t.app.printRoutes({ commonPrefix: false });
    for (const line of routes.split('\n')) {
      const m = /(\/api\/v1\/[^\s(]*) \(([A-Z, ]+)\)/.exec(line);
      if (!m) continue;
      const path = m[1].replace(/:(\w+)/g, '{$1}');
      for (const method of m[2].split(', ').filter((x) => x !== 'HEAD')) expect(documented, `${method} ${path}`).toContain(`${method} ${path}`);
    }
    // Vocabulary fields carry their values, so an integrator's generated client gets enums, not free text.
    const dataset = doc.paths['/api/v1/data/{code}'].get.responses['200'].content['application/json'].schema;
    expect(dataset.properties.sharingType.enum).toEqual(['mandatory', 'restricted', 'none']);
    expect(dataset.properties.updateCycle.enum).toContain('quarterly');
    expect(dataset.properties.items.items.properties.masking.enum).toContain('id_card');
    expect(dataset.properties.items.items.properties.dataType.enum).toContain('D');
    const docs = await t.app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('answers unknown routes with a problem document, in Chinese by default and English on request', async () => {
    const zh = await t.app.inject({ url: '/api/v1/nope' });
    expect(zh.statusCode).toBe(404);
    expect(zh.headers['content-type']).toContain('application/problem+json');
    expect(zh.json()).toMatchObject({ status: 404, code: 'route_not_found' });
    expect(zh.json().detail).toContain('接口不存在');
    const en = await t.app.inject({ url: '/api/v1/nope', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().detail).toContain('No such endpoint');
    expect(en.headers['x-request-id']).toBe(en.json().requestId);
  });

  it('answers a URL that does not decode with problem+json, not the router\'s own JSON', async () => {
    const zh = await t.app.inject({ url: '/api/v1/data/%E0%A4%A/records' });
    expect(zh.statusCode).toBe(400);
    expect(zh.headers['content-type']).toContain('application/problem+json');
    expect(zh.json()).toMatchObject({ status: 400, code: 'bad_url', instance: '/api/v1/data/%E0%A4%A/records' });
    expect(zh.json().detail).toContain('请求地址无效');
    expect(zh.headers['x-request-id']).toBe(zh.json().requestId);
    expect(zh.headers['x-content-type-options']).toBe('nosniff');
    const en = await t.app.inject({ url: '/%E0%A4%A?x=1', headers: { 'accept-language': 'en' } });
    expect(en.statusCode).toBe(400);
    expect(en.json().detail).toBe('The request URL is not valid (bad percent-encoding): /%E0%A4%A');
  });

  it('refuses a NUL character in the path, the query or a JSON body with 400 nul_character on both databases', async () => {
    const token = await t.login('admin');
    const path = await t.as(token, 'GET', '/api/v1/units/a%00b');
    expect(path.statusCode).toBe(400);
    expect(path.json()).toMatchObject({ code: 'nul_character', errors: [{ field: 'params', code: 'nul_character' }] });
    const query = await t.as(token, 'GET', '/api/v1/units?q=%00');
    expect(query.json()).toMatchObject({ code: 'nul_character', errors: [{ field: 'querystring' }] });
    const body = await t.as(token, 'POST', '/api/v1/units', { name: 'a\u0000b', code: 'X' });
    expect(body.statusCode).toBe(400);
    expect(body.json()).toMatchObject({ code: 'nul_character', errors: [{ field: 'body' }] });
    expect(body.json().detail).toContain('空字符');
  });

  it('answers a broken multipart form with 400 malformed_multipart (busboy threw plain errors: 500)', async () => {
    const token = await t.login('admin');
    const broken: [string, string][] = [
      ['multipart/form-data', 'no boundary at all'],
      ['multipart/form-data; boundary=XYZ', '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\nabc\r\n--XY'],
    ];
    for (const url of ['/api/v1/catalog/import']) {
      for (const [type, body] of broken) {
        const res = await t.as(token, 'POST', url, body, { 'content-type': type });
        expect(res.statusCode, `${url} ${type}`).toBe(400);
        expect(res.json(), url).toMatchObject({ code: 'malformed_multipart' });
      }
    }
  });

  it('keeps a caller\'s X-Request-Id only when it looks like an id (it is logged and audited)', async () => {
    const kept = await t.app.inject({ url: '/api/v1/nope', headers: { 'x-request-id': 'caller-123:abc' } });
    expect(kept.headers['x-request-id']).toBe('caller-123:abc');
    expect(kept.json().requestId).toBe('caller-123:abc');
    for (const odd of ['r'.repeat(129), 'has space', '<script>', '']) {
      const res = await t.app.inject({ url: '/api/v1/nope', headers: { 'x-request-id': odd } });
      expect(res.headers['x-request-id'], odd).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('sets security headers', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    // API answers (errors too) get the API's set: nothing may load or frame them, and none of the
    // document-only headers (src/core/http/security-headers.ts).
    const missing = await t.app.inject({ url: '/api/v1/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(missing.headers['x-content-type-options']).toBe('nosniff');
    expect(missing.headers['x-frame-options']).toBe('DENY');
    expect(missing.headers['referrer-policy']).toBe('no-referrer');
    expect(missing.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(missing.headers['strict-transport-security']).toBe(res.headers['strict-transport-security']);
    for (const h of ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-download-options', 'x-xss-protection']) expect(missing.headers[h], h).toBeUndefined();
    // A URL the router itself refuses (bad percent-encoding) gets the same set.
    const bad = await t.app.inject({ url: '/api/v1/data/%E0%A4%A/records' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-security-policy']).toBe(missing.headers['content-security-policy']);
    // The OpenAPI UI is a page: it keeps the portal's set.
    const docs = await t.app.inject({ url: '/api/docs/' });
    expect(docs.headers['content-security-policy']).toBe(res.headers['content-security-policy']);
    // API answers are never stored by browsers or proxies; the platform's other answers keep their own caching.
    expect(missing.headers['cache-control']).toBe('no-store');
    const me = await t.as(await t.login('admin'), 'GET', '/api/v1/me');
    expect([me.statusCode, me.headers['cache-control']]).toEqual([200, 'no-store']);
    expect(res.headers['cache-control']).toBeUndefined();
  });

  it('lets the administrators maintain the working-day calendar and refuses others', async () => {
    const admin = await t.login('admin');
    const body = { days: [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }, { day: '2027-02-07', kind: 'workday', name: '春节调休' }] };
    const put = await t.as(admin, 'PUT', '/api/v1/calendar/2027', body);
    expect(put.statusCode).toBe(200);
    expect(put.json().days).toHaveLength(2);
    const add = await t.as(admin, 'GET', '/api/v1/calendar/add-working-days?from=2026-12-31&days=1');
    expect(add.json().date).toBe('2027-01-04');
    const user = await t.login('user_mz');
    const denied = await t.as(user, 'PUT', '/api/v1/calendar/2027', { days: [] });
    expect(denied.statusCode).toBe(403);
    expect((await t.as(user, 'GET', '/api/v1/calendar/2027')).json().days).toHaveLength(2);
    const bad = await t.as(admin, 'PUT', '/api/v1/calendar/2027', { days: [{ day: '2027-13-01', kind: 'holiday', name: 'x' }] });
    expect(bad.statusCode).toBe(400);
    const unknownField = await t.as(admin, 'PUT', '/api/v1/calendar/2027', { days: [], extra: 1 });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().errors[0]).toMatchObject({ code: 'unknown_field' });
    expect((await t.as(admin, 'GET', '/api/v1/calendar/2027')).json().days).toHaveLength(2);
    const anon = await t.app.inject({ url: '/api/v1/calendar/2027' });
    expect(anon.statusCode).toBe(401);
  });
});

describeEachDialect('platform maintenance', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('the sweep removes blob temp files a crashed upload left (older than a day), keeps fresh ones, and runs once a day', async () => {
    const { mkdirSync, writeFileSync, utimesSync, existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dirs = [join(t.platform.config.dataDir, 'blobs', 'tmp'), join(t.platform.config.dataDir, 'sharing', 'agreements', 'blobs', 'tmp')];
    const old = new Date(Date.now() - 2 * 86_400_000);
    for (const d of dirs) {
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, 'stale.part'), 'x');
      utimesSync(join(d, 'stale.part'), old, old);
      writeFileSync(join(d, 'fresh.part'), 'y');
    }
    expect((await t.platform.workflow.sweep()).hooks['blobs.stale-temp']).toBe(2);
    for (const d of dirs) {
      expect(existsSync(join(d, 'stale.part'))).toBe(false);
      expect(existsSync(join(d, 'fresh.part'))).toBe(true);
    }
    writeFileSync(join(dirs[0]!, 'stale2.part'), 'z');
    utimesSync(join(dirs[0]!, 'stale2.part'), old, old);
    expect((await t.platform.workflow.sweep()).hooks['blobs.stale-temp']).toBe(0); // not again the same day
  });
});
