import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, describeEachDialect, type TestPlatform } from '../../../test/helpers/platform.js';
import { DEMO_PASSWORD } from '../../../test/helpers/app.js';
import { buildApp } from '../../core/http/app.js';
import { systemClock } from '../../core/clock.js';
import { seedDemo } from '../../demo/seed.js';
import type { Platform } from '../../platform.js';
import type { ExchangeActor } from '../types.js';
import { backoffMs, checkWebhookUrl, createSubscriptionService, type SubscriptionService, type SubscriptionServiceOptions } from './service.js';
import { hmacHex, signatureHeader, verifySignature } from './signing.js';
import { FakeExchangeAccess, Receiver, until } from './test-support.js';

const silent = { warn: () => {}, error: () => {} };
const MAX_ATTEMPTS = 5;

async function auditEvents(p: Platform, action: string, targetId?: string) {
  let q = p.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action);
  if (targetId) q = q.where('target_id', '=', targetId);
  return q.orderBy('seq').execute();
}

async function actorOf(p: Platform, username: string): Promise<ExchangeActor> {
  const u = await p.org.getUserByUsername(username);
  if (!u) throw new Error(`no demo user ${username}`);
  return { kind: 'user', actorType: 'user', actorId: u.id, actorName: u.username, unitId: u.unitId, roles: u.roles, scopes: ['catalog:read', 'data:read', 'data:write', 'subscribe'], systemId: null, clientIp: '127.0.0.1', requestId: null };
}

describe('webhook signing, URL rules and backoff', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 or HMAC-SM3 and verifies only the untouched body', () => {
    const body = '{"type":"ping"}';
    const ts = 1_790_000_000;
    for (const algorithm of ['hmac-sha256', 'hmac-sm3'] as const) {
      const header = signatureHeader(algorithm, 'secret-1', ts, body);
      expect(header).toMatch(new RegExp(`^${algorithm}=[0-9a-f]{64}$`));
      expect(verifySignature({ secret: 'secret-1', header, timestamp: String(ts), body, nowSeconds: ts + 10 })).toBe(true);
      expect(verifySignature({ secret: 'secret-1', header, timestamp: String(ts), body: body + ' ', nowSeconds: ts })).toBe(false);
      expect(verifySignature({ secret: 'secret-2', header, timestamp: String(ts), body, nowSeconds: ts })).toBe(false);
      expect(verifySignature({ secret: 'secret-1', header, timestamp: String(ts + 1), body, nowSeconds: ts })).toBe(false);
      // A stale timestamp is refused even with a correct signature (replayed request).
      expect(verifySignature({ secret: 'secret-1', header, timestamp: String(ts), body, nowSeconds: ts + 3600 })).toBe(false);
    }
    expect(hmacHex('hmac-sha256', 'k', 1, 'x')).not.toBe(hmacHex('hmac-sm3', 'k', 1, 'x'));
    expect(verifySignature({ secret: 'k', header: `toString=${hmacHex('hmac-sha256', 'k', 1, 'x')}`, timestamp: '1', body: 'x', nowSeconds: 1 })).toBe(false);
  });

  it('allows https anywhere, http only to configured hosts, and never credentials', () => {
    const hosts = ['127.0.0.1', 'gateway.internal'];
    expect(checkWebhookUrl('https://receiver.example.org/hook?x=1', hosts)).toBe('https://receiver.example.org/hook?x=1');
    expect(checkWebhookUrl('http://127.0.0.1:8081/hook', hosts)).toBe('http://127.0.0.1:8081/hook');
    expect(checkWebhookUrl('http://GATEWAY.internal/x', hosts)).toBe('http://gateway.internal/x');
    for (const bad of [
      'http://10.0.0.8/hook',
      'http://127.0.0.2/hook',
      'https://user:pw@receiver.example.org/hook',
      'https://token@receiver.example.org/hook',
      'http://user@127.0.0.1/hook',
      'ftp://127.0.0.1/hook',
      'javascript:alert(1)',
      'file:///etc/passwd',
      '/relative/path',
      'https://receiver.example.org/hook#frag',
      '',
      `https://receiver.example.org/${'a'.repeat(2100)}`,
    ]) {
      expect(() => checkWebhookUrl(bad, hosts), bad).toThrow(expect.objectContaining({ status: 400, code: 'webhook_url_not_allowed' }));
    }
  });

  it('backs off exponentially from the base, capped at an hour, with ±10% jitter', () => {
    expect(backoffMs(1, 1000, () => 0.5)).toBe(1000);
    expect(backoffMs(4, 1000, () => 0.5)).toBe(8000);
    expect(backoffMs(30, 1000, () => 0.5)).toBe(3_600_000);
    expect(backoffMs(3, 1000, () => 0)).toBe(3600);
    expect(backoffMs(3, 1000, () => 0.999999)).toBeLessThanOrEqual(4400);
    expect(backoffMs(3, 1000, () => 0.999999)).toBeGreaterThan(4390);
  });
});

describeEachDialect('subscriptions and webhook delivery', (dialect) => {
  let t: TestPlatform;
  let p: Platform;
  let app: FastifyInstance;
  let access: FakeExchangeAccess;
  let svc: SubscriptionService;
  let receiver: Receiver;
  let policeId: string;
  let civilId: string;
  let n = 0;
  const extra: SubscriptionService[] = [];
  const tokens = new Map<string, string>();

  const serviceOptions = (over: Partial<SubscriptionServiceOptions> = {}): SubscriptionServiceOptions => ({
    db: p.db,
    audit: p.audit,
    clock: systemClock,
    config: p.config,
    access,
    nodeId: 'node-a',
    backoffBaseMs: 5,
    logger: silent,
    ...over,
  });

  const login = async (username: string) => {
    const cached = tokens.get(username);
    if (cached) return cached;
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    tokens.set(username, res.json().token as string);
    return res.json().token as string;
  };
  const as = async (username: string, method: string, url: string, payload?: unknown) =>
    app.inject({ method: method as never, url, payload: payload as never, headers: { authorization: `Bearer ${await login(username)}` } });
  const bearer = (token: string, method: string, url: string, payload?: unknown) =>
    app.inject({ method: method as never, url, payload: payload as never, headers: { authorization: `Bearer ${token}` } });

  /** A fresh fake resource provided by the police unit. */
  const newResource = () => {
    const code = `T${String(++n).padStart(2, '0')}/000001`;
    access.dataset(code, policeId);
    return code;
  };
  const path = (code: string) => `/api/v1/data/${encodeURIComponent(code)}/subscriptions`;

  /** Subscribes as user_mz (民政局) over HTTP and tells the receiver the secret. */
  const subscribe = async (code: string, body: Record<string, unknown> = {}, username = 'user_mz') => {
    const res = await as(username, 'POST', path(code), { url: receiver.url(), purpose: '社会救助对象核查', from: 'start', ...body });
    expect(res.statusCode, res.body).toBe(201);
    const { subscription, secret } = res.json() as { subscription: { id: string; cursor: string; state: string; ownerSystemId: string | null }; secret: string };
    receiver.secrets.set(subscription.id, secret);
    return { ...subscription, secret };
  };
  const row = async (id: string) => p.db.kysely.selectFrom('exchange_subscription').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const deliveryRows = async (id: string) => p.db.kysely.selectFrom('exchange_delivery').selectAll().where('subscription_id', '=', id).orderBy('from_seq').execute();
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

  beforeAll(async () => {
    t = await createTestPlatform(dialect, { config: { webhookAllowedHosts: ['127.0.0.1'], webhookMaxAttempts: MAX_ATTEMPTS, webhookTimeoutMs: 300 } });
    p = t.platform;
    await seedDemo(p, { password: DEMO_PASSWORD, catalog: false });
    policeId = (await p.org.listUnits({ q: '市公安局' })).items[0]!.id;
    civilId = (await p.org.listUnits({ q: '三亚市民政局' })).items[0]!.id;
    access = new FakeExchangeAccess();
    svc = createSubscriptionService(serviceOptions());
    // The app serves this test's service (with the fake access) in place of the platform's own.
    (p as { subscriptions: typeof svc }).subscriptions = svc;
    app = await buildApp(p, { logger: false, serveWeb: false });
    await app.ready();
    receiver = new Receiver();
    await receiver.start();
  });
  afterEach(async () => {
    // Leave no live subscription behind for the next test's runOnce.
    await p.db.kysely.updateTable('exchange_subscription').set({ state: 'stopped', state_reason: 'test_end' }).where('state', '!=', 'stopped').execute();
    access.restoreAll();
    receiver.script.length = 0;
    receiver.fallback = 200;
    receiver.delayMs = 0;
  });
  afterAll(async () => {
    for (const s of extra) await s.stop();
    await svc?.stop();
    await receiver?.stop();
    await app?.close();
    await t?.cleanup();
  });

  it('creates a subscription: the secret is shown once, bad URLs and inputs write nothing', async () => {
    const code = newResource();
    access.commit(code, 3);
    const before = (await p.db.kysely.selectFrom('exchange_subscription').select('id').execute()).length;
    for (const url of ['http://10.1.2.3/hook', 'http://user:pw@127.0.0.1/hook', 'https://user:pw@receiver.example.org/hook', 'ftp://127.0.0.1/hook', 'not a url']) {
      const res = await as('user_mz', 'POST', path(code), { url, purpose: '核查' });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ code: 'webhook_url_not_allowed', errors: [{ field: 'body.url', code: 'webhook_url_not_allowed' }] });
    }
    const en = await app.inject({ method: 'POST', url: `${path(code)}?lang=en`, payload: { url: 'http://10.1.2.3/', purpose: 'x' }, headers: { authorization: `Bearer ${await login('user_mz')}` } });
    expect(en.json().detail).toMatch(/Webhook URL not allowed/);
    expect((await as('user_mz', 'POST', path(code), { url: receiver.url(), purpose: '   ' })).json().code).toBe('purpose_required');
    expect((await as('user_mz', 'POST', path(code), { url: receiver.url(), purpose: '很'.repeat(501) })).json()).toMatchObject({ code: 'purpose_too_long', errors: [{ field: 'body.purpose' }] });
    expect((await as('user_mz', 'POST', path(code), { url: receiver.url() })).json().code).toBe('validation_failed');
    expect((await as('user_mz', 'POST', path(code), { url: receiver.url(), purpose: 'x', batchSize: 0 })).statusCode).toBe(400);
    expect((await as('user_mz', 'POST', path(code), { url: receiver.url(), purpose: 'x', batchSize: 1001 })).statusCode).toBe(400);
    expect((await as('user_mz', 'POST', path(code), { url: receiver.url(), purpose: 'x', algorithm: 'md5' })).statusCode).toBe(400);
    expect((await as('user_mz', 'POST', path('NOPE/000001'), { url: receiver.url(), purpose: 'x' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: path(code), payload: { url: receiver.url(), purpose: 'x' } })).statusCode).toBe(401);
    expect((await p.db.kysely.selectFrom('exchange_subscription').select('id').execute()).length).toBe(before);

    const res = await as('user_mz', 'POST', path(code), { url: receiver.url(), purpose: '社会救助对象核查', algorithm: 'hmac-sm3', batchSize: 50 });
    expect(res.statusCode, res.body).toBe(201);
    const { subscription, secret } = res.json();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(subscription).toMatchObject({ resourceCode: code, ownerUnitId: civilId, ownerSystemId: null, createdBy: 'user_mz', algorithm: 'hmac-sm3', batchSize: 50, state: 'active', cursor: '3' });
    expect(subscription).not.toHaveProperty('secret');
    // Stored, because signing needs it…
    expect((await row(subscription.id)).secret).toBe(secret);
    // …but never shown again, nor written to the audit log.
    for (const r of [await as('user_mz', 'GET', `/api/v1/subscriptions/${subscription.id}`), await as('user_mz', 'GET', '/api/v1/subscriptions'), await as('user_mz', 'GET', path(code))]) {
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain(subscription.id);
      expect(r.body).not.toContain(secret);
      expect(r.body).not.toContain('"secret"');
    }
    const created = await auditEvents(p, 'data.subscription.create', subscription.id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actor_name: 'user_mz', unit_id: civilId, purpose: '社会救助对象核查', grant_id: `grant-${civilId}`, result: 'success' });
    expect(JSON.stringify(created[0])).not.toContain(secret);

    // https is always allowed; "start" replays the feed from the beginning.
    const https = await as('user_mz', 'POST', path(code), { url: 'https://receiver.example.org/hook', purpose: '核查', from: 'start' });
    expect(https.statusCode).toBe(201);
    expect(https.json().subscription.cursor).toBe('0');
    expect(https.json().secret).not.toBe(secret);

    // A non-tabular resource (files) has no change feed.
    access.dataset('F01/000001', policeId, { tabular: false });
    expect((await as('user_mz', 'POST', path('F01/000001'), { url: receiver.url(), purpose: '核查' })).json().code).toBe('not_tabular');
  });

  it('delivers every change in order across several commits, signed with SHA-256 or SM3, and audits each delivery', async () => {
    const code = newResource();
    const a = await subscribe(code, { batchSize: 2 });
    const b = await subscribe(code, { batchSize: 3, algorithm: 'hmac-sm3' });
    access.commit(code, 3);
    await svc.runOnce();
    access.commit(code, 2);
    await svc.runOnce();
    access.commit(code, 4);
    await svc.runOnce();

    for (const [s, size] of [[a, 2], [b, 3]] as const) {
      const got = receiver.received.filter((r) => r.subscriptionId === s.id);
      expect(got.every((r) => r.signatureValid && r.answered === 200 && r.event === 'changes' && r.path === '/hook')).toBe(true);
      expect(receiver.deliveredSeqs(s.id)).toEqual(range(1, 9));
      expect(new Set(got.map((r) => r.deliveryId)).size).toBe(got.length);
      for (const r of got) {
        expect(r.body).toMatchObject({ type: 'changes', subscriptionId: s.id, deliveryId: r.deliveryId, resourceCode: code });
        expect(r.body.changes!.length).toBeLessThanOrEqual(size);
        expect(r.body.cursor).toBe(String(r.body.changes!.at(-1)!.seq));
        expect(r.body.changes![0]!.record).toMatchObject({ NAME: `样例${r.body.changes![0]!.seq}` });
      }
      expect((await row(s.id)).cursor).toBe(9);
      const rows = await deliveryRows(s.id);
      expect(rows.every((d) => d.state === 'delivered' && Number(d.attempts) === 1 && Number(d.last_status) === 200 && d.delivered_at)).toBe(true);
      expect(rows.map((d) => [Number(d.from_seq), Number(d.to_seq)])).toEqual(got.map((r) => [r.body.changes![0]!.seq, Number(r.body.cursor)]));
      const events = await auditEvents(p, 'data.subscription.deliver', code);
      const mine = events.filter((e) => e.actor_id === s.id);
      expect(mine).toHaveLength(got.length);
      expect(mine[0]).toMatchObject({ actor_type: 'system', actor_name: `subscription:${s.id}`, unit_id: civilId, purpose: '社会救助对象核查', grant_id: `grant-${civilId}`, result: 'success', target_type: 'resource' });
      expect(JSON.parse(mine[0]!.detail!)).toMatchObject({ deliveryId: got[0]!.deliveryId, from: 1, to: got[0]!.body.changes!.length, count: got[0]!.body.changes!.length });
    }
    const api = await as('user_mz', 'GET', `/api/v1/subscriptions/${a.id}/deliveries?limit=2`);
    expect(api.statusCode).toBe(200);
    expect(api.json().total).toBe(5);
    // Batches of at most 2 within each commit's changes: 1-2, 3, 4-5, 6-7, 8-9.
    expect(api.json().items.map((d: { fromSeq: number; toSeq: number }) => [d.fromSeq, d.toSeq])).toEqual([[8, 9], [6, 7]]);
    expect(api.json().items[0]).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 200, changeCount: 2 });
  });

  it('retries a failing receiver with the same delivery until it is back: every change once, in order, no gaps', async () => {
    const code = newResource();
    const s = await subscribe(code, { batchSize: 4 });
    access.commit(code, 6);
    receiver.script.push(503, 500);
    await svc.runOnce(); // 503
    await until(async () => Number((await deliveryRows(s.id))[0]!.attempts) >= 2, () => svc.runOnce()); // 500
    // More changes while the first batch is stuck: they wait behind it.
    access.commit(code, 3);
    const port = receiver.port;
    await receiver.stop();
    await until(async () => Number((await deliveryRows(s.id))[0]!.attempts) >= 3, () => svc.runOnce()); // connection refused
    const first = (await deliveryRows(s.id))[0]!;
    expect(first).toMatchObject({ state: 'pending', last_status: null });
    expect(first.last_error).toMatch(/^network: /);
    expect(await deliveryRows(s.id)).toHaveLength(1);
    await receiver.start(port);
    await until(async () => Number((await row(s.id)).cursor) === 9, () => svc.runOnce());

    const got = receiver.received.filter((r) => r.subscriptionId === s.id);
    const firstId = got[0]!.deliveryId;
    // Retries are the same delivery: same id, same changes.
    const attemptsOfFirst = got.filter((r) => r.deliveryId === firstId);
    expect(attemptsOfFirst.map((r) => r.answered)).toEqual([503, 500, 200]);
    expect(new Set(attemptsOfFirst.map((r) => JSON.stringify(r.body.changes)))).toHaveLength(1);
    expect(attemptsOfFirst[0]!.body.changes!.map((c) => c.seq)).toEqual([1, 2, 3, 4]);
    // Nothing of the later changes was sent before the first batch got through.
    const firstOk = got.findIndex((r) => r.deliveryId === firstId && r.answered === 200);
    expect(got.slice(0, firstOk).every((r) => r.deliveryId === firstId)).toBe(true);
    expect(receiver.deliveredSeqs(s.id)).toEqual(range(1, 9));
    const rows = await deliveryRows(s.id);
    expect(rows.map((d) => [d.state, Number(d.attempts), Number(d.from_seq), Number(d.to_seq)])).toEqual([
      ['delivered', 4, 1, 4],
      ['delivered', 1, 5, 8],
      ['delivered', 1, 9, 9],
    ]);
    const failures = (await auditEvents(p, 'data.subscription.deliver', code)).filter((e) => e.result === 'failure');
    expect(failures).toHaveLength(3);
    expect(JSON.parse(failures[0]!.detail!)).toMatchObject({ deliveryId: firstId, attempt: 1, status: 503, deadLetter: false });
  });

  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    const code = newResource();
    const s = await subscribe(code);
    access.commit(code, 1);
    receiver.script.push('hang');
    const started = Date.now();
    await svc.runOnce();
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await deliveryRows(s.id))[0]).toMatchObject({ state: 'pending', last_status: null, last_error: 'timeout' });
    await until(async () => (await deliveryRows(s.id))[0]!.state === 'delivered', () => svc.runOnce());
  });

  it('dead-letters a delivery after the last attempt, sends nothing later, and replays it', async () => {
    const code = newResource();
    const s = await subscribe(code, { batchSize: 10 });
    access.commit(code, 3);
    receiver.fallback = 500;
    await until(async () => (await row(s.id)).state === 'dead_letter', () => svc.runOnce());
    const dead = (await deliveryRows(s.id))[0]!;
    expect(dead).toMatchObject({ state: 'dead', last_status: 500 });
    expect(Number(dead.attempts)).toBe(MAX_ATTEMPTS);
    expect((await row(s.id)).state_reason).toBe('max_attempts');
    expect(receiver.received.filter((r) => r.deliveryId === dead.id)).toHaveLength(MAX_ATTEMPTS);
    const last = (await auditEvents(p, 'data.subscription.deliver', code)).at(-1)!;
    expect(JSON.parse(last.detail!)).toMatchObject({ deliveryId: dead.id, attempt: MAX_ATTEMPTS, deadLetter: true });

    // Later changes wait: nothing goes out of order while the subscription is dead-lettered.
    receiver.fallback = 200;
    access.commit(code, 2);
    const count = receiver.received.length;
    await svc.runOnce();
    await sleep(30);
    await svc.runOnce();
    expect(receiver.received.length).toBe(count);
    const resume = await as('user_mz', 'PATCH', `/api/v1/subscriptions/${s.id}`, { state: 'active' });
    expect(resume.statusCode).toBe(409);
    expect(resume.json().code).toBe('subscription_dead_letter');
    // The URL can still be fixed before replaying.
    expect((await as('user_mz', 'PATCH', `/api/v1/subscriptions/${s.id}`, { url: receiver.url('/hook2') })).statusCode).toBe(200);
    expect((await as('steward_rs', 'POST', `/api/v1/subscriptions/${s.id}/replay`)).statusCode).toBe(404);

    const replay = await as('user_mz', 'POST', `/api/v1/subscriptions/${s.id}/replay`);
    expect(replay.statusCode, replay.body).toBe(200);
    expect(replay.json()).toMatchObject({ state: 'active', stateReason: null });
    expect((await deliveryRows(s.id))[0]).toMatchObject({ id: dead.id, state: 'pending', attempts: 0 });
    expect((await auditEvents(p, 'data.subscription.replay', s.id))).toHaveLength(1);
    await svc.runOnce();
    const ok = receiver.delivered(s.id);
    expect(ok.map((r) => [r.deliveryId, r.path])).toEqual([
      [dead.id, '/hook2'],
      [expect.not.stringMatching(dead.id), '/hook2'],
    ]);
    expect(receiver.deliveredSeqs(s.id)).toEqual(range(1, 5));
    expect((await as('user_mz', 'POST', `/api/v1/subscriptions/${s.id}/replay`)).json().code).toBe('not_dead_letter');
  });

  it('stops delivering when the owner loses access to the resource', async () => {
    const code = newResource();
    const s = await subscribe(code);
    access.commit(code, 2);
    await svc.runOnce();
    expect(receiver.deliveredSeqs(s.id)).toEqual([1, 2]);
    receiver.fallback = 503;
    access.commit(code, 1);
    await svc.runOnce(); // a pending retry when access goes away
    access.revoke(civilId);
    access.commit(code, 2);
    const count = receiver.received.length;
    await until(async () => (await row(s.id)).state === 'stopped', async () => {
      await sleep(10);
      await svc.runOnce();
    });
    expect(receiver.received.length).toBe(count);
    expect(await row(s.id)).toMatchObject({ state: 'stopped', state_reason: 'access_revoked', cursor: 2 });
    expect((await deliveryRows(s.id)).at(-1)).toMatchObject({ state: 'dead', last_error: 'subscription stopped: access_revoked' });
    const stop = (await auditEvents(p, 'data.subscription.update', s.id)).at(-1)!;
    expect(stop).toMatchObject({ actor_type: 'system', actor_name: `subscription:${s.id}`, result: 'success' });
    expect(JSON.parse(stop.detail!)).toMatchObject({ reason: 'access_revoked', state: { from: 'active', to: 'stopped' } });
    const patch = await as('user_mz', 'PATCH', `/api/v1/subscriptions/${s.id}`, { state: 'active' });
    expect(patch.statusCode).toBe(409);
    expect(patch.json().code).toBe('subscription_stopped');
    // Creating anew needs access too: the fake now refuses the unit.
    expect((await as('user_mz', 'POST', path(code), { url: receiver.url(), purpose: '核查' })).statusCode).toBe(403);
  });

  it('skips a range the owner may not see without sending anything', async () => {
    const code = newResource();
    const s = await subscribe(code, { batchSize: 3 }, 'steward_rs');
    access.commit(code, 4);
    access.hidden.set(code, new Set([1, 2, 3]));
    await svc.runOnce();
    expect(receiver.deliveredSeqs(s.id)).toEqual([4]);
    expect((await row(s.id)).cursor).toBe(4);
    expect((await deliveryRows(s.id)).map((d) => [Number(d.from_seq), Number(d.to_seq), Number(d.change_count)])).toEqual([[4, 4, 1]]);
  });

  it('two nodes on one database never deliver the same delivery, or the same subscription, at the same time', async () => {
    const calls = { a: 0, b: 0 };
    const counting = (node: 'a' | 'b'): typeof fetch => (input, init) => {
      calls[node]++;
      return fetch(input, init);
    };
    const a = createSubscriptionService(serviceOptions({ nodeId: 'node-a2', fetchImpl: counting('a') }));
    const b = createSubscriptionService(serviceOptions({ nodeId: 'node-b', fetchImpl: counting('b') }));
    extra.push(a);
    extra.push(b);
    const code = newResource();
    const subs = [await subscribe(code, { batchSize: 3 }), await subscribe(code, { batchSize: 5 }), await subscribe(code, { batchSize: 7 }, 'steward_rs')];
    receiver.delayMs = 15;
    receiver.resetCounters();
    // Every third answer fails, so retries happen on whichever node gets there first.
    let k = 0;
    const answers = () => {
      while (receiver.script.length < 50) receiver.script.push(++k % 3 === 0 ? 503 : 200);
    };
    answers();
    for (let round = 0; round < 4; round++) access.commit(code, 10);
    // Each node alone first, so both certainly do part of the work whatever the scheduling: B's
    // pass stops at each subscription's first refused answer (every third answer is a 503) with
    // most of the 40 changes left, and A's pass, once the 5 ms backoff is over, takes the retries.
    await b.runOnce();
    expect(calls.b).toBeGreaterThan(0);
    await sleep(50);
    await a.runOnce();
    expect(calls.a).toBeGreaterThan(0);
    // Then both at once.
    await until(
      async () => {
        answers();
        const rows = await p.db.kysely.selectFrom('exchange_subscription').select('cursor').where('id', 'in', subs.map((s) => s.id)).execute();
        return rows.every((r) => Number(r.cursor) === 40);
      },
      async () => {
        await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
      },
      20_000,
    );
    expect(receiver.maxConcurrentSameDelivery).toBe(1);
    expect(receiver.maxConcurrentSameSubscription).toBe(1);
    for (const s of subs) {
      expect(receiver.deliveredSeqs(s.id)).toEqual(range(1, 40));
      const ok = receiver.delivered(s.id);
      expect(new Set(ok.map((r) => r.deliveryId)).size).toBe(ok.length);
      for (const r of receiver.received.filter((x) => x.subscriptionId === s.id)) expect(r.signatureValid).toBe(true);
    }
    const leases = await p.db.kysely.selectFrom('exchange_subscription').select(['lease_owner', 'lease_until']).where('id', 'in', subs.map((s) => s.id)).execute();
    expect(leases.every((l) => l.lease_owner === null && l.lease_until === null)).toBe(true);
  });

  it('holds a lease while a node is sending: another node leaves that subscription alone', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let sentByA = 0;
    let sentByB = 0;
    const a = createSubscriptionService(
      serviceOptions({
        nodeId: 'node-slow',
        fetchImpl: async (input, init) => {
          sentByA++;
          await gate;
          return fetch(input, init);
        },
      }),
    );
    const b = createSubscriptionService(serviceOptions({ nodeId: 'node-other', fetchImpl: (input, init) => (sentByB++, fetch(input, init)) }));
    extra.push(a, b);
    const code = newResource();
    const s = await subscribe(code);
    access.commit(code, 3);
    const slow = a.runOnce();
    await until(() => sentByA === 1, () => sleep(5), 3000);
    expect(await row(s.id)).toMatchObject({ lease_owner: 'node-slow' });
    await b.runOnce();
    await b.runOnce();
    expect(sentByB).toBe(0);
    release();
    await slow;
    expect(await row(s.id)).toMatchObject({ lease_owner: null, lease_until: null, cursor: 3 });
    expect(receiver.delivered(s.id)).toHaveLength(1);
    access.commit(code, 1);
    await b.runOnce();
    expect(sentByB).toBe(1);
    expect(receiver.deliveredSeqs(s.id)).toEqual([1, 2, 3, 4]);
  });

  it('audits an attempt that was in flight when the subscription was removed, and sends nothing after', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let sent = 0;
    const a = createSubscriptionService(
      serviceOptions({
        nodeId: 'node-gated',
        fetchImpl: async (input, init) => {
          sent++;
          await gate;
          return fetch(input, init);
        },
      }),
    );
    extra.push(a);
    const code = newResource();
    const s = await subscribe(code, { batchSize: 2 });
    access.commit(code, 4);
    const run = a.runOnce();
    await until(() => sent === 1, () => sleep(5), 3000);
    expect((await as('user_mz', 'DELETE', `/api/v1/subscriptions/${s.id}`)).json().state).toBe('stopped');
    release();
    await run;
    expect(sent).toBe(1);
    expect(receiver.deliveredSeqs(s.id)).toEqual([1, 2]);
    expect(await row(s.id)).toMatchObject({ state: 'stopped', cursor: 0 });
    expect((await deliveryRows(s.id)).map((d) => d.state)).toEqual(['dead']);
    const ev = (await auditEvents(p, 'data.subscription.deliver', code)).filter((e) => e.actor_id === s.id);
    expect(ev).toHaveLength(1);
    expect(JSON.parse(ev[0]!.detail!)).toMatchObject({ from: 1, to: 2, count: 2, recorded: false });
  });

  it('takes over the lease a crashed node left behind once it has expired', async () => {
    const code = newResource();
    const s = await subscribe(code);
    access.commit(code, 2);
    const future = new Date(Date.now() + 60_000).toISOString();
    await p.db.kysely.updateTable('exchange_subscription').set({ lease_owner: 'crashed-node', lease_until: future }).where('id', '=', s.id).execute();
    await svc.runOnce();
    expect(receiver.deliveredSeqs(s.id)).toEqual([]);
    const past = new Date(Date.now() - 1000).toISOString();
    await p.db.kysely.updateTable('exchange_subscription').set({ lease_until: past }).where('id', '=', s.id).execute();
    await svc.runOnce();
    expect(receiver.deliveredSeqs(s.id)).toEqual([1, 2]);
    expect(await row(s.id)).toMatchObject({ lease_owner: null, cursor: 2 });
  });

  it('runs in the background: a commit wakes the worker, stop() waits and ends it', async () => {
    const w = createSubscriptionService(serviceOptions({ nodeId: 'node-loop', pollIntervalMs: 60_000, sweepIntervalMs: 60_000 }));
    extra.push(w);
    const code = newResource();
    const s = await subscribe(code);
    w.start();
    expect(access.listenerCount()).toBeGreaterThan(0);
    await sleep(50); // the first sweep at start finds nothing to send
    access.commit(code, 2);
    await until(() => receiver.deliveredSeqs(s.id).length === 2, () => sleep(10), 3000);
    access.commit(code, 1);
    await until(() => receiver.deliveredSeqs(s.id).length === 3, () => sleep(10), 3000);
    receiver.delayMs = 150;
    const sent = () => receiver.received.filter((r) => r.subscriptionId === s.id).length;
    expect(sent()).toBe(2);
    access.commit(code, 1);
    await until(() => sent() === 3, () => sleep(5), 3000);
    await w.stop(); // waits for the delivery in flight
    expect((await row(s.id)).cursor).toBe(4);
    expect(access.listenerCount()).toBe(0);
    access.commit(code, 1);
    await sleep(100);
    expect(receiver.deliveredSeqs(s.id)).toEqual([1, 2, 3, 4]);
  });

  it('lets owners manage, provider stewards and the authority look, and hides subscriptions from other units', async () => {
    const code = newResource();
    const s = await subscribe(code);
    const other = await subscribe(code, {}, 'steward_rs');
    const url = `/api/v1/subscriptions/${s.id}`;
    // Another unit cannot see it at all.
    expect((await as('steward_rs', 'GET', url)).statusCode).toBe(404);
    expect((await as('steward_rs', 'PATCH', url, { state: 'paused' })).statusCode).toBe(404);
    expect((await as('steward_rs', 'GET', path(code))).json().items.map((x: { id: string }) => x.id)).toEqual([other.id]);
    // The providing unit's steward sees who receives its data, but cannot change it.
    expect((await as('steward_ga', 'GET', url)).statusCode).toBe(200);
    expect((await as('steward_ga', 'GET', `${url}/deliveries`)).statusCode).toBe(200);
    const listed = await as('steward_ga', 'GET', path(code));
    expect(listed.json().items.map((x: { id: string }) => x.id).sort()).toEqual([s.id, other.id].sort());
    const denied = await as('steward_ga', 'PATCH', url, { state: 'paused' });
    expect(denied.statusCode).toBe(403);
    expect((await auditEvents(p, 'data.subscription.manage', s.id)).at(-1)).toMatchObject({ result: 'denied', actor_name: 'steward_ga' });
    // The authority and the administrator see every unit's.
    const all = await as('reviewer', 'GET', '/api/v1/subscriptions?all=true&limit=500');
    expect(all.json().items.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([s.id, other.id]));
    expect((await as('user_mz', 'GET', '/api/v1/subscriptions?all=true')).statusCode).toBe(403);
    const mine = await as('user_mz', 'GET', '/api/v1/subscriptions?limit=500');
    expect(mine.json().items.every((x: { ownerUnitId: string }) => x.ownerUnitId === civilId)).toBe(true);
    expect((await as('supervisor', 'GET', '/api/v1/subscriptions')).json()).toEqual({ items: [], total: 0 });

    // Pause holds deliveries; resume sends them.
    const paused = await as('user_mz', 'PATCH', url, { state: 'paused', purpose: '低保复核', batchSize: 20 });
    expect(paused.json()).toMatchObject({ state: 'paused', purpose: '低保复核', batchSize: 20 });
    const upd = (await auditEvents(p, 'data.subscription.update', s.id)).at(-1)!;
    expect(JSON.parse(upd.detail!).changes).toMatchObject({ state: { from: 'active', to: 'paused' }, batchSize: { from: 100, to: 20 } });
    expect((await as('user_mz', 'PATCH', url, { url: 'http://10.0.0.1/x' })).json().code).toBe('webhook_url_not_allowed');
    expect((await as('user_mz', 'PATCH', url, { state: 'stopped' })).statusCode).toBe(400);
    access.commit(code, 2);
    await svc.runOnce();
    expect(receiver.deliveredSeqs(s.id)).toEqual([]);
    expect((await as('user_mz', 'PATCH', url, { state: 'active' })).json().state).toBe('active');
    await svc.runOnce();
    expect(receiver.deliveredSeqs(s.id)).toEqual([1, 2]);

    // A signed ping, synchronously.
    const ping = await as('user_mz', 'POST', `${url}/test`);
    expect(ping.statusCode).toBe(200);
    expect(ping.json()).toMatchObject({ ok: true, status: 200, error: null });
    const got = receiver.received.at(-1)!;
    expect(got).toMatchObject({ event: 'ping', deliveryId: ping.json().deliveryId, signatureValid: true });
    expect(got.body).toMatchObject({ type: 'ping', subscriptionId: s.id, resourceCode: code });
    receiver.script.push(500);
    expect((await as('user_mz', 'POST', `${url}/test`)).json()).toMatchObject({ ok: false, status: 500, error: 'http 500' });
    expect((await auditEvents(p, 'data.subscription.test', s.id)).map((e) => e.result)).toEqual(['success', 'failure']);

    // Delete stops it for good and keeps it for the record.
    const del = await as('user_mz', 'DELETE', url);
    expect(del.json()).toMatchObject({ state: 'stopped', stateReason: 'removed' });
    expect((await as('user_mz', 'DELETE', url)).statusCode).toBe(200);
    expect(await auditEvents(p, 'data.subscription.delete', s.id)).toHaveLength(1);
    expect((await as('user_mz', 'GET', `${url}/deliveries`)).json().total).toBe(1);
    expect((await as('user_mz', 'POST', `${url}/test`)).json().code).toBe('subscription_stopped');
    expect((await as('user_mz', 'POST', `${url}/replay`)).json().code).toBe('not_dead_letter');
    expect((await as('user_mz', 'GET', '/api/v1/subscriptions/no-such-id')).statusCode).toBe(404);

    // The routes are in the OpenAPI document with their schemas.
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/data/{code}/subscriptions', '/api/v1/subscriptions/{id}/replay', '/api/v1/subscriptions/{id}/test']));
    expect(JSON.stringify(doc.paths['/api/v1/data/{code}/subscriptions'].post)).toContain('X-GovShare-Signature');
  });

  it('lets an application system subscribe with a token that has the subscribe scope, and only see its own', async () => {
    const code = newResource();
    const admin = await actorOf(p, 'admin');
    const system = (await p.org.listSystems({ unitId: civilId })).items.find((x) => x.code === 'SHJZ')!;
    const { secret: readOnly } = await p.org.createToken(admin, { systemId: system.id, name: '只读令牌', scopes: ['data:read'], expiresInDays: 30 });
    const { secret: subscriber } = await p.org.createToken(admin, { systemId: system.id, name: '订阅令牌', scopes: ['data:read', 'subscribe'], expiresInDays: 30 });
    const denied = await bearer(readOnly, 'POST', path(code), { url: receiver.url(), purpose: '救助核查' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toMatch(/subscribe/);
    expect((await bearer(readOnly, 'GET', '/api/v1/subscriptions')).statusCode).toBe(403);

    const res = await bearer(subscriber, 'POST', path(code), { url: receiver.url(), purpose: '救助核查', from: 'start' });
    expect(res.statusCode, res.body).toBe(201);
    const sub = res.json().subscription;
    expect(sub).toMatchObject({ ownerUnitId: civilId, ownerSystemId: system.id, createdBy: '订阅令牌' });
    receiver.secrets.set(sub.id, res.json().secret);
    const userSub = await subscribe(code);
    // The token sees its system's subscriptions only; the unit's users see both.
    expect((await bearer(subscriber, 'GET', '/api/v1/subscriptions?limit=500')).json().items.map((x: { id: string }) => x.id)).toEqual([sub.id]);
    expect((await bearer(subscriber, 'GET', `/api/v1/subscriptions/${userSub.id}`)).statusCode).toBe(404);
    expect((await as('user_mz', 'GET', `/api/v1/subscriptions/${sub.id}`)).statusCode).toBe(200);
    expect((await bearer(readOnly, 'GET', `/api/v1/subscriptions/${sub.id}`)).statusCode).toBe(403);

    access.commit(code, 2);
    await svc.runOnce();
    expect(receiver.deliveredSeqs(sub.id)).toEqual([1, 2]);
    const ev = (await auditEvents(p, 'data.subscription.deliver', code)).find((e) => e.actor_id === sub.id)!;
    expect(ev).toMatchObject({ unit_id: civilId, purpose: '救助核查' });
    expect((await bearer(subscriber, 'PATCH', `/api/v1/subscriptions/${sub.id}`, { state: 'paused' })).json().state).toBe('paused');
  });
});
