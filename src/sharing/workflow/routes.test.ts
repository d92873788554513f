import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import type { AuditActor } from '../../audit/types.js';
import { demoUnitCode } from '../../demo/seed.js';
import { verifySignature } from '../../exchange/subscriptions/signing.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import type { SharingActor, Transition } from './types.js';

const SYSTEM: AuditActor = { actorType: 'system', actorId: null, actorName: 'test-seed', unitId: null, clientIp: null, requestId: null };

/** A loopback OA receiver that answers with the queued statuses (then 200) and keeps what it got. */
async function receiver() {
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { got, statuses, url: `http://127.0.0.1:${port}/oa/notify`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describeEachDialect('sharing workflow routes', (dialect) => {
  let t: TestApp;
  let oa: Awaited<ReturnType<typeof receiver>>;
  // Friday 2026-12-04 10:00 CST.
  const clock = new FixedClock('2026-12-04T02:00:00.000Z');
  let gaUnit: string;
  let rsUnit: string;
  let mzUnit: string;

  const record = async (over: Partial<Transition>) =>
    t.platform.audit.transact(async (trx) => {
      const ev = await t.platform.workflow.record(trx, {
        by: { ...SYSTEM, kind: 'system', roles: [] } as SharingActor,
        itemKind: 'objection',
        itemId: 'obj-1',
        title: '人口数据异议（测试）',
        action: 'sharing.objection.raise',
        fromState: null,
        toState: 'raised',
        ...over,
      });
      return { value: undefined, events: [ev] };
    });

  beforeAll(async () => {
    oa = await receiver();
    t = await createTestApp(dialect, { clock, config: { webhookAllowedHosts: ['127.0.0.1'], webhookMaxAttempts: 3, webhookTimeoutMs: 2000, sessionTtlMinutes: 43_200 } });
    const unit = async (seq: number) => (await t.platform.org.getUnitByCode(demoUnitCode(seq)))!.id;
    gaUnit = await unit(10);
    mzUnit = await unit(11);
    rsUnit = await unit(12);
    await t.platform.calendar.setYear(SYSTEM, 2026, [{ day: '2026-12-07', kind: 'holiday', name: '测试假日' }]);
    // The objection module's access rule, replaced for this suite: the raiser's unit and the provider's.
    t.platform.workflow.registerAccess('objection', async (by, id) => id === 'obj-1' && (by.unitId === mzUnit || by.unitId === gaUnit || by.roles.includes('authority_reviewer')));
    await record({
      by: { actorType: 'user', actorId: 'u-mz', actorName: 'user_mz', unitId: mzUnit, clientIp: null, requestId: null, kind: 'user', roles: ['unit_user'] },
      comment: '字段“户籍地址”与实际不符',
      open: [{ step: 'accept', assignee: { role: 'authority_reviewer', unitId: null }, deadline: 'registration' }],
      notify: [{ assignee: { role: 'unit_steward', unitId: gaUnit }, kind: 'workflow.notice.task_overdue', params: { title: '人口数据异议（测试）', step: 'verify', dueAt: '' } }],
    });
    await record({
      action: 'sharing.objection.accept',
      fromState: 'raised',
      toState: 'accepted',
      closeSteps: ['accept'],
      open: [{ step: 'verify', assignee: { role: 'unit_steward', unitId: gaUnit }, deadline: 'objection_verify' }],
    });
  });
  afterAll(async () => {
    await t?.close();
    await oa?.close();
  });

  it('401 without a credential', async () => {
    for (const url of ['/api/v1/sharing/inbox', '/api/v1/sharing/notifications', '/api/v1/sharing/settings/deadlines', '/api/v1/sharing/timeline/objection/obj-1', '/api/v1/sharing/overdue', '/api/v1/sharing/oa-hook']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('inbox: the provider steward sees the verify task with its working-day countdown, others do not', async () => {
    const ga = await t.as(await t.login('steward_ga'), 'GET', '/api/v1/sharing/inbox');
    expect(ga.statusCode).toBe(200);
    const body = ga.json();
    expect(body.total).toBe(1);
    // objection_verify: 10 working days from Fri 04 (Mon 07 holiday): Tue 08 … Fri 11, Mon 14 … Fri 18, Mon 21.
    expect(body.items[0]).toMatchObject({
      itemKind: 'objection',
      itemId: 'obj-1',
      step: 'verify',
      dueAt: '2026-12-21T15:59:59.999Z',
      remainingWorkingDays: 10,
      overdue: false,
      link: '/sharing/objections/obj-1',
      assignee: { role: 'unit_steward', unitId: gaUnit, unitName: '三亚市公安局' },
    });
    expect((await t.as(await t.login('steward_rs'), 'GET', '/api/v1/sharing/inbox')).json().total).toBe(0);
    expect((await t.as(await t.login('user_mz'), 'GET', '/api/v1/sharing/inbox')).json().total).toBe(0);
    const done = await t.as(await t.login('reviewer'), 'GET', '/api/v1/sharing/inbox?state=done');
    expect(done.json().items.map((x: { step: string }) => x.step)).toEqual(['accept']);
    const bad = await t.as(await t.login('reviewer'), 'GET', '/api/v1/sharing/inbox?itemKind=nope&limit=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
  });

  it('notifications: listed for the unit, marked read per user', async () => {
    const ga = await t.login('steward_ga');
    const list = (await t.as(ga, 'GET', '/api/v1/sharing/notifications')).json();
    expect(list).toMatchObject({ total: 1, unread: 1 });
    expect(list.items[0]).toMatchObject({ kind: 'workflow.notice.task_overdue', read: false, link: '/sharing/objections/obj-1' });
    expect((await t.as(await t.login('steward_rs'), 'POST', '/api/v1/sharing/notifications/read', { ids: [list.items[0].id] })).json()).toEqual({ marked: 0 });
    expect((await t.as(ga, 'POST', '/api/v1/sharing/notifications/read', { ids: [list.items[0].id] })).json()).toEqual({ marked: 1 });
    expect((await t.as(ga, 'GET', '/api/v1/sharing/notifications?unreadOnly=true')).json()).toMatchObject({ total: 0, unread: 0 });
    expect((await t.as(ga, 'POST', '/api/v1/sharing/notifications/read', { ids: [{}] })).statusCode).toBe(400);
  });

  it('timeline and tasks: visible to the parties, 403 to others, 404 for unknown items, 400 for unknown kinds', async () => {
    const mz = await t.login('user_mz');
    const tl = await t.as(mz, 'GET', '/api/v1/sharing/timeline/objection/obj-1');
    expect(tl.statusCode).toBe(200);
    expect(tl.json().items.map((e: { action: string }) => e.action)).toEqual(['sharing.objection.raise', 'sharing.objection.accept']);
    expect(tl.json().items[0]).toMatchObject({ actorName: 'user_mz', unitName: '三亚市民政局', comment: '字段“户籍地址”与实际不符', fromState: null, toState: 'raised' });
    const tasks = await t.as(await t.login('steward_ga'), 'GET', '/api/v1/sharing/tasks/objection/obj-1');
    expect(tasks.json().items.map((x: { step: string }) => x.step)).toEqual(['verify']);
    const all = await t.as(mz, 'GET', '/api/v1/sharing/tasks/objection/obj-1?state=all');
    expect(all.json().items.map((x: { step: string; state: string }) => `${x.step}:${x.state}`)).toEqual(['accept:done', 'verify:open']);
    const rs = await t.login('steward_rs');
    expect((await t.as(rs, 'GET', '/api/v1/sharing/timeline/objection/obj-1')).statusCode).toBe(403);
    expect((await t.as(rs, 'GET', '/api/v1/sharing/tasks/objection/obj-1')).statusCode).toBe(403);
    const missing = await t.as(mz, 'GET', '/api/v1/sharing/timeline/objection/obj-404');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');
    expect((await t.as(mz, 'GET', '/api/v1/sharing/timeline/bogus/obj-1')).statusCode).toBe(400);
  });

  it('settings: everyone reads; only the authority and administrators change them; bad values are 400', async () => {
    const mz = await t.login('user_mz');
    const view = await t.as(mz, 'GET', '/api/v1/sharing/settings/deadlines');
    expect(view.statusCode).toBe(200);
    expect(view.json().settings).toMatchObject({ mandatory_answer: 1, restricted_answer: 10, delivery: 20, objection_verify: 10, registration: 2 });
    for (const user of ['user_mz', 'steward_ga', 'supervisor', 'secrecy', 'leader', 'auditor']) {
      const res = await t.as(await t.login(user), 'PUT', '/api/v1/sharing/settings/deadlines', { delivery: 15 });
      expect(res.statusCode, user).toBe(403);
    }
    const reviewer = await t.login('reviewer');
    for (const body of [{ delivery: 0 }, { delivery: 61 }, { delivery: 1.5 }, { nope: 3 }, { delivery: 'five' }]) {
      const res = await t.as(reviewer, 'PUT', '/api/v1/sharing/settings/deadlines', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().errors.length).toBeGreaterThan(0);
    }
    const ok = await t.as(reviewer, 'PUT', '/api/v1/sharing/settings/deadlines', { delivery: 15 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().settings.delivery).toBe(15);
    expect(ok.json().defaults.delivery).toBe(20);
    const admin = await t.as(await t.login('admin'), 'PUT', '/api/v1/sharing/settings/deadlines', { delivery: 20 });
    expect(admin.statusCode).toBe(200);
    const audited = await t.platform.audit.query({ action: 'sharing.settings.update' } as never);
    expect(audited.items.length).toBe(2);
  });

  it('sweep and overdue: who may and who may not', async () => {
    for (const user of ['user_mz', 'steward_ga', 'supervisor', 'secrecy', 'leader', 'auditor']) {
      expect((await t.as(await t.login(user), 'POST', '/api/v1/sharing/sweep', {})).statusCode, user).toBe(403);
    }
    // Due Mon 21 (end of day CST); Tuesday 22, 10:00 CST.
    clock.set('2026-12-22T02:00:00.000Z');
    const swept = await t.as(await t.login('reviewer'), 'POST', '/api/v1/sharing/sweep', {});
    expect(swept.statusCode).toBe(200);
    expect(swept.json().newlyOverdue).toBe(1);
    expect((await t.as(await t.login('admin'), 'POST', '/api/v1/sharing/sweep', {})).json().newlyOverdue).toBe(0);
    for (const user of ['reviewer', 'supervisor', 'admin']) {
      const res = await t.as(await t.login(user), 'GET', '/api/v1/sharing/overdue');
      expect(res.statusCode, user).toBe(200);
      expect(res.json().items).toHaveLength(1);
      expect(res.json().items[0]).toMatchObject({ itemKind: 'objection', step: 'verify', title: '人口数据异议（测试）', assignee: { unitId: gaUnit, unitName: '三亚市公安局' } });
    }
    for (const user of ['user_mz', 'steward_ga', 'secrecy', 'leader', 'auditor']) {
      expect((await t.as(await t.login(user), 'GET', '/api/v1/sharing/overdue')).statusCode, user).toBe(403);
    }
    expect((await t.as(await t.login('reviewer'), 'GET', '/api/v1/sharing/overdue?from=yesterday')).statusCode).toBe(400);
    const ga = (await t.as(await t.login('steward_ga'), 'GET', '/api/v1/sharing/inbox?overdueOnly=true')).json();
    // Due Mon 21, now Tue 22: one working day late.
    expect(ga.items[0]).toMatchObject({ overdue: true, remainingWorkingDays: -1 });
    clock.set('2026-12-04T02:00:00.000Z');
  });

  it('OA hook: only the unit steward manages it; notifications to the unit are delivered signed, retried, then given up', async () => {
    const ga = await t.login('steward_ga');
    for (const user of ['user_mz', 'reviewer', 'admin']) {
      expect((await t.as(await t.login(user), 'PUT', '/api/v1/sharing/oa-hook', { url: oa.url })).statusCode, user).toBe(403);
    }
    expect((await t.as(ga, 'GET', '/api/v1/sharing/oa-hook')).statusCode).toBe(404);
    const refused = await t.as(ga, 'PUT', '/api/v1/sharing/oa-hook', { url: 'http://example.org/hook' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('webhook_url_not_allowed');
    const created = await t.as(ga, 'PUT', '/api/v1/sharing/oa-hook', { url: oa.url });
    expect(created.statusCode).toBe(200);
    const secret = created.json().secret as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const again = await t.as(ga, 'GET', '/api/v1/sharing/oa-hook');
    expect(again.json()).toMatchObject({ url: oa.url, enabled: true });
    expect(again.json()).not.toHaveProperty('secret');

    // A notification to the 公安局's steward: the first attempt gets 500, the retry after the backoff 200.
    oa.statuses.push(500);
    await record({ itemId: 'obj-2', notify: [{ assignee: { role: 'unit_steward', unitId: gaUnit }, kind: 'workflow.notice.task_overdue', params: { title: 'OA 测试' } }] });
    // Not for other units.
    await record({ itemId: 'obj-3', notify: [{ assignee: { role: 'unit_steward', unitId: rsUnit }, kind: 'workflow.notice.task_overdue', params: { title: '人社' } }] });
    const wf = t.platform.workflow;
    expect(await wf.deliverOa!()).toBe(0);
    expect(oa.got).toHaveLength(1);
    expect(await wf.deliverOa!()).toBe(0); // backing off
    expect(oa.got).toHaveLength(1);
    clock.advance(10 * 60_000);
    expect(await wf.deliverOa!()).toBe(1);
    expect(oa.got).toHaveLength(2);
    const last = oa.got[1]!;
    expect(last.headers['x-govshare-event']).toBe('notification');
    expect(last.headers['x-govshare-delivery']).toBe(oa.got[0]!.headers['x-govshare-delivery']);
    const ok = verifySignature({
      secret,
      header: last.headers['x-govshare-signature'] as string,
      timestamp: last.headers['x-govshare-timestamp'] as string,
      body: last.body,
      nowSeconds: Math.floor(clock.now().getTime() / 1000),
    });
    expect(ok).toBe(true);
    expect(verifySignature({ secret: 'wrong', header: last.headers['x-govshare-signature'] as string, timestamp: last.headers['x-govshare-timestamp'] as string, body: last.body, nowSeconds: Math.floor(clock.now().getTime() / 1000) })).toBe(false);
    expect(JSON.parse(last.body)).toMatchObject({ kind: 'workflow.notice.task_overdue', itemKind: 'objection', itemId: 'obj-2', params: { title: 'OA 测试' }, link: '/sharing/objections/obj-2' });

    // A receiver that keeps failing: dead after webhookMaxAttempts (3), audited.
    oa.statuses.push(503, 503, 503, 503);
    await record({ itemId: 'obj-4', notify: [{ assignee: { role: 'unit_steward', unitId: gaUnit }, kind: 'workflow.notice.task_overdue', params: { title: '失败' } }] });
    for (let i = 0; i < 4; i++) {
      await wf.deliverOa!();
      clock.advance(60 * 60_000 * 2);
    }
    expect(oa.got).toHaveLength(5);
    const dead = await t.platform.audit.query({ action: 'sharing.oa.dead' } as never);
    expect(dead.items).toHaveLength(1);
    oa.statuses.length = 0;

    expect((await t.as(ga, 'DELETE', '/api/v1/sharing/oa-hook')).statusCode).toBe(204);
    expect((await t.as(ga, 'DELETE', '/api/v1/sharing/oa-hook')).statusCode).toBe(404);
    clock.set('2026-12-04T02:00:00.000Z');
  });

  it('documents every route in the OpenAPI document under the sharing tag', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const [path, method] of [
      ['/api/v1/sharing/inbox', 'get'],
      ['/api/v1/sharing/notifications', 'get'],
      ['/api/v1/sharing/notifications/read', 'post'],
      ['/api/v1/sharing/settings/deadlines', 'put'],
      ['/api/v1/sharing/timeline/{kind}/{id}', 'get'],
      ['/api/v1/sharing/tasks/{kind}/{id}', 'get'],
      ['/api/v1/sharing/sweep', 'post'],
      ['/api/v1/sharing/overdue', 'get'],
      ['/api/v1/sharing/oa-hook', 'put'],
    ] as const) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op.tags).toContain('sharing');
      expect(op.summary).toBeTruthy();
    }
  });
});
