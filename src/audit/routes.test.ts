import { afterEach, beforeEach, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createTestPlatform, describeEachDialect, type TestPlatform } from '../../test/helpers/platform.js';
import { installProblemHandlers } from '../core/http/problem.js';
import { ROLES, type Actor, type Role } from '../core/actor.js';
import { FixedClock } from '../core/clock.js';
import { auditRoutes } from './routes.js';

/**
 * Only the audit routes, with a stand-in for the org module's auth hook: `x-test-roles` names the
 * caller's roles, `x-test-kind: token` makes it an API token.
 */
async function buildTestApp(tp: TestPlatform): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('platform', tp.platform);
  app.decorateRequest('actor', null);
  installProblemHandlers(app);
  app.addHook('onRequest', async (request) => {
    const roles = request.headers['x-test-roles'];
    if (typeof roles !== 'string') {
      request.actor = null;
      return;
    }
    const kind = request.headers['x-test-kind'] === 'token' ? 'token' : 'user';
    const actor: Actor = {
      kind,
      id: `id-${roles || 'none'}`,
      name: `name-${roles || 'none'}`,
      unitId: 'unit-1',
      roles: roles ? (roles.split(',') as Role[]) : [],
      scopes: [],
      via: 'bearer',
    };
    request.actor = actor;
  });
  await app.register(auditRoutes, { prefix: '/api/v1' });
  await app.ready();
  return app;
}

describeEachDialect('audit API', (dialect) => {
  let tp: TestPlatform;
  let app: FastifyInstance;
  beforeEach(async () => {
    tp = await createTestPlatform(dialect, { clock: new FixedClock('2026-11-25T08:00:00.000Z') });
    app = await buildTestApp(tp);
    const { audit } = tp.platform;
    for (let i = 0; i < 5; i++) {
      await audit.append({
        actorType: 'user', actorId: 'u1', actorName: '张三', unitId: 'unit-1', clientIp: '10.1.1.1', requestId: `r${i}`,
        action: i % 2 ? 'org.user.create' : 'org.unit.create', targetType: 'unit', targetId: `T${i}`, result: 'success', detail: { name: `单位${i}` },
      });
    }
  });
  afterEach(async () => {
    await app?.close();
    await tp?.cleanup();
  });

  const as = (roles: string, extra: Record<string, string> = {}) => ({ 'x-test-roles': roles, ...extra });
  const lastEvent = async () => (await tp.platform.audit.query({ limit: 1 })).items[0];

  it('lets platform admins, supervisors and auditors in, and nobody else', async () => {
    for (const role of ROLES) {
      const res = await app.inject({ method: 'GET', url: '/api/v1/audit/events', headers: as(role) });
      const allowed = ['platform_admin', 'supervisor', 'auditor'].includes(role);
      expect({ role, status: res.statusCode }).toEqual({ role, status: allowed ? 200 : 403 });
    }
    const token = await app.inject({ method: 'GET', url: '/api/v1/audit/events', headers: as('auditor', { 'x-test-kind': 'token' }) });
    expect(token.statusCode).toBe(403);
  });

  it('answers a unit user with 403 and records the denied attempt', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/audit/events', headers: as('unit_user', { 'accept-language': 'en' }) });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 403, code: 'forbidden', detail: expect.stringMatching(/auditors/) });
    expect(await lastEvent()).toMatchObject({ action: 'audit.query', result: 'denied', actorName: 'name-unit_user', actorType: 'user' });
    for (const [method, url, action] of [
      ['POST', '/api/v1/audit/verify', 'audit.verify'],
      ['GET', '/api/v1/audit/export', 'audit.export'],
      ['GET', '/api/v1/audit/events/1', 'audit.query'],
    ] as const) {
      const r = await app.inject({ method, url, headers: as('unit_user') });
      expect(r.statusCode).toBe(403);
      expect(await lastEvent()).toMatchObject({ action, result: 'denied' });
    }
  });

  it('answers an anonymous caller with 401 and records it', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/audit/events' });
    expect(res.statusCode).toBe(401);
    expect(await lastEvent()).toMatchObject({ action: 'audit.query', result: 'denied', actorType: 'anonymous' });
  });

  it('lists events newest first with filters and a cursor, and audits the read before answering', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/audit/events?action=org.unit&limit=2', headers: as('auditor') });
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.items.map((e: { seq: number }) => e.seq)).toEqual([5, 3]);
    expect(page.items[0]).toEqual({
      seq: 5, chain: 'node-1', time: '2026-11-25T08:00:00.000Z', actorType: 'user', actorId: 'u1', actorName: '张三', unitId: 'unit-1',
      action: 'org.unit.create', targetType: 'unit', targetId: 'T4', result: 'success', purpose: null, grantId: null, clientIp: '10.1.1.1',
      requestId: 'r4', detail: { name: '单位4' }, prevHash: expect.stringMatching(/^[0-9a-f]{64}$/), hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(page.nextCursor).toEqual(expect.any(String));
    // The read itself is already in the log when the response arrives.
    expect(await lastEvent()).toMatchObject({ seq: 6, action: 'audit.query', result: 'success', actorName: 'name-auditor', detail: { filter: { action: 'org.unit' }, returned: 2 } });
    const next = await app.inject({ method: 'GET', url: `/api/v1/audit/events?action=org.unit&limit=2&cursor=${page.nextCursor}`, headers: as('auditor') });
    expect(next.json()).toMatchObject({ items: [{ seq: 1 }], nextCursor: null });
  });

  it('rejects bad query parameters with per-field problems', async () => {
    for (const qs of ['limit=501', 'limit=0', 'result=maybe', 'bogus=1']) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/audit/events?${qs}`, headers: as('auditor') });
      expect({ qs, status: res.statusCode }).toEqual({ qs, status: 400 });
      expect(res.json().errors.length).toBeGreaterThan(0);
    }
    const cursor = await app.inject({ method: 'GET', url: '/api/v1/audit/events?cursor=nonsense', headers: as('auditor') });
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().code).toBe('invalid_cursor');
    expect(await lastEvent()).toMatchObject({ action: 'audit.query', result: 'failure' });
    const time = await app.inject({ method: 'GET', url: '/api/v1/audit/events?from=notatime', headers: as('auditor', { 'accept-language': 'en' }) });
    expect(time.statusCode).toBe(400);
    expect(time.json()).toMatchObject({ code: 'invalid_time', detail: expect.stringMatching(/ISO-8601/) });
  });

  it('shows one event, 404 for an unknown one', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/audit/events/2', headers: as('supervisor') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ seq: 2, action: 'org.user.create' });
    expect(await lastEvent()).toMatchObject({ action: 'audit.query', targetType: 'audit_event', targetId: 'node-1#2', result: 'success' });
    const missing = await app.inject({ method: 'GET', url: '/api/v1/audit/events/999', headers: as('supervisor') });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');
  });

  it('verifies the chain and records the verification', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/audit/verify', headers: as('platform_admin') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, checkedEvents: 5, lastSeq: 5, algorithm: 'sm3', breaks: [], headHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await lastEvent()).toMatchObject({ action: 'audit.verify', result: 'success', detail: { ok: true, checkedEvents: 5, breaks: 0 } });
  });

  it('exports CSV for Excel: BOM, English header, attachment', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/audit/export?action=org.unit', headers: as('auditor') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="audit-events.csv"');
    const body = res.rawPayload.toString('utf8');
    expect(body.charCodeAt(0)).toBe(0xfeff);
    const lines = body.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('seq,chain,time,actorType,actorId,actorName,unitId,action,targetType,targetId,result,purpose,grantId,clientIp,requestId,detail,prevHash,hash');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['5', '3', '1']);
    expect(lines[1]).toContain('张三');
    expect(lines[1]).toContain('"{""name"":""单位4""}"');
    const recorded = (await tp.platform.audit.query({ action: 'audit.export' })).items;
    expect(recorded).toMatchObject([{ result: 'success', detail: { filter: { action: 'org.unit' } } }]);
    // The export event was written before the file, so it is not in it (seq 6 > exported rows).
    expect(recorded[0].seq).toBe(6);
  });
});
