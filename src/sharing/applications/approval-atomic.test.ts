import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { codeOf, complete, ok, problem, systemIdOf, unitIdOf } from './test-support.js';

/**
 * R17 + "never a half-written batch": approving an application whose grant needs a confidentiality
 * agreement writes the approved application, the pending grant, the draft agreement, the link
 * between them, their timelines, tasks, notifications and audit events in ONE transaction. A
 * failure anywhere in it (the draft, a racing agreement on the unique index) leaves nothing behind.
 */
describeEachDialect('approval with a confidentiality agreement is one transaction (R17)', (dialect) => {
  let t: TestApp;
  const clock = new FixedClock('2026-12-28T02:00:00.000Z');
  const tok: Record<string, string> = {};
  let social: string; // 社保参保信息 — restricted, 人社局, privacy items: the grant waits for an agreement
  let shjz: string;
  let mz: string;

  const api = (user: string, method: string, url: string, body?: unknown) => t.as(tok[user]!, method, `/api/v1${url}`, body);
  const k = () => t.platform.db.kysely;

  /** A submitted application of 民政局 for privacy items of 社保参保信息. */
  async function submitted(): Promise<string> {
    const app = ok(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: social, ...complete(), consumerSystemId: shjz, fields: ['shbzhm', 'sfzhm', 'cbzt'], submit: true }), 201);
    expect(app.state).toBe('submitted');
    return app.id as string;
  }

  const TABLES = ['sharing_grant', 'sharing_agreement', 'sharing_timeline', 'sharing_task', 'sharing_notification', 'sharing_oa_delivery'] as const;

  /** Everything an approval could write: row counts, the application row, the successful audit events. */
  async function snapshot(id: string) {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const r = await k().selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      counts[table] = Number(r.n);
    }
    const success = await k().selectFrom('audit_event').select((eb) => eb.fn.countAll<string | number>().as('n')).where('result', '=', 'success').executeTakeFirstOrThrow();
    const application = await k().selectFrom('sharing_application').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const agreements = await k().selectFrom('sharing_agreement').select('id').where('application_id', '=', id).execute();
    const approvals = await t.platform.audit.query({ targetId: id, action: 'sharing.application.approve', limit: 500 });
    const linked = await t.platform.audit.query({ targetId: id, action: 'sharing.application.agreement', limit: 500 });
    return { counts, successEvents: Number(success.n), application, agreementsOfApplication: agreements.length, approvalEvents: approvals.items.length + linked.items.length };
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { catalog: true, clock, config: { sessionTtlMinutes: 43_200 } });
    for (const u of ['user_mz', 'steward_rs', 'reviewer']) tok[u] = await t.login(u);
    social = await codeOf(t, tok.reviewer!, '社保参保信息');
    shjz = await systemIdOf(t, 'SHJZ');
    mz = await unitIdOf(t, 11);
  }, 180_000);
  afterAll(async () => t?.close());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('a normal approval writes the pending grant, its draft agreement and the link together', async () => {
    const id = await submitted();
    const stats = t.platform.audit.stats().transactions;
    const approved = ok(await api('steward_rs', 'POST', `/sharing/applications/${id}/approve`, { fields: ['shbzhm', 'sfzhm'] }));
    // One audited transaction for the whole approval (it used to take three).
    expect(t.platform.audit.stats().transactions - stats).toBe(1);
    expect(approved).toMatchObject({ state: 'approved', grant: { state: 'pending_agreement', consumerUnitId: mz, fields: ['shbzhm', 'sfzhm'] } });
    const grantId = approved.grant.id as string;
    const agreementId = approved.agreementId as string;
    expect(agreementId).toBeTruthy();

    const app = await k().selectFrom('sharing_application').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect([app.state, app.grant_id, app.agreement_id]).toEqual(['approved', grantId, agreementId]);
    const grant = await k().selectFrom('sharing_grant').selectAll().where('id', '=', grantId).executeTakeFirstOrThrow();
    expect(grant.state).toBe('pending_agreement');
    const agreements = await k().selectFrom('sharing_agreement').selectAll().where('grant_id', '=', grantId).execute();
    expect(agreements.map((a) => [a.id, a.state, a.application_id])).toEqual([[agreementId, 'draft', id]]);

    // The agreement's own timeline and its signing tasks came with it.
    const detail = ok(await api('steward_rs', 'GET', `/sharing/agreements/${agreementId}`));
    expect(detail).toMatchObject({ id: agreementId, grantId, state: 'draft' });
    const timeline = await t.platform.workflow.timeline('agreement', agreementId);
    expect(timeline.map((e) => [e.action, e.toState])).toEqual([['sharing.agreement.create', 'draft']]);
    const tasks = await t.platform.workflow.tasksOf('agreement', agreementId);
    expect(tasks.filter((x) => x.state === 'open').map((x) => x.step)).toContain('sign');

    // The same audit events as before, all in the one transaction: adjacent in the chain.
    const byTarget = async (targetId: string) => (await t.platform.audit.query({ targetId, limit: 500 })).items;
    const events = [...(await byTarget(id)), ...(await byTarget(grantId)), ...(await byTarget(agreementId))].filter((e) =>
      ['sharing.grant.create', 'sharing.application.approve', 'sharing.agreement.create', 'sharing.application.agreement'].includes(e.action),
    );
    expect(events.map((e) => e.action).sort()).toEqual(['sharing.agreement.create', 'sharing.application.agreement', 'sharing.application.approve', 'sharing.grant.create']);
    expect(new Set(events.map((e) => e.chain)).size).toBe(1);
    expect(new Set(events.map((e) => e.time)).size).toBe(1);
    const seqs = events.map((e) => Number(e.seq)).sort((a, b) => a - b);
    expect(seqs.at(-1)! - seqs[0]!).toBe(3);
    expect(events.find((e) => e.action === 'sharing.application.agreement')!.detail).toMatchObject({ grantId, agreementId });
    expect(events.find((e) => e.action === 'sharing.agreement.create')!.detail).toMatchObject({ grantId, applicationId: id });
  });

  it('when the draft agreement fails inside the approval, nothing at all is written', async () => {
    const id = await submitted();
    const before = await snapshot(id);
    const agreements = t.platform.agreements;
    const real = agreements.startForGrantIn;
    // The draft is really inserted (row, timeline, tasks, notifications), then the step fails.
    const spy = vi.spyOn(agreements, 'startForGrantIn').mockImplementationOnce(async (...args) => {
      await real(...args);
      throw new Error('injected: the agreement draft failed');
    });
    const res = await api('steward_rs', 'POST', `/sharing/applications/${id}/approve`, {});
    expect(res.statusCode, res.body).toBe(500);
    expect(spy).toHaveBeenCalledTimes(1);

    const after = await snapshot(id);
    expect(after).toEqual(before);
    expect(after.application).toMatchObject({ state: 'submitted', grant_id: null, agreement_id: null, decided_by: null });
    expect(after.agreementsOfApplication).toBe(0);
    expect(after.approvalEvents).toBe(0);
    // Still answerable: the approval goes through once the fault is gone.
    const detail = ok(await api('steward_rs', 'GET', `/sharing/applications/${id}`));
    expect(detail).toMatchObject({ state: 'submitted', grant: null, agreementId: null });
    expect(detail.tasks.filter((x: { state: string }) => x.state === 'open').map((x: { step: string }) => x.step)).toContain('answer');
    const approved = ok(await api('steward_rs', 'POST', `/sharing/applications/${id}/approve`, {}));
    expect(approved).toMatchObject({ state: 'approved', grant: { state: 'pending_agreement' } });
    expect(approved.agreementId).toBeTruthy();
    expect((await snapshot(id)).counts.sharing_grant).toBe(before.counts.sharing_grant + 1);
  });

  it('a racing agreement on the unique index fails the whole approval with 409 and writes nothing', async () => {
    const id = await submitted();
    const before = await snapshot(id);
    const agreements = t.platform.agreements;
    const real = agreements.startForGrantIn;
    // Another writer's open agreement for the same grant collides on sharing_agreement_open_uq.
    vi.spyOn(agreements, 'startForGrantIn').mockImplementationOnce(async (trx, ...rest) => {
      const started = await real(trx, ...rest);
      const row = await trx.selectFrom('sharing_agreement').selectAll().where('id', '=', started.id).executeTakeFirstOrThrow();
      await trx.insertInto('sharing_agreement').values({ ...row, id: randomUUID() }).execute();
      return started;
    });
    const body = problem(await api('steward_rs', 'POST', `/sharing/applications/${id}/approve`, {}), 409, 'approval_conflict');
    expect(String(body.detail ?? body.message ?? '')).not.toBe('');
    const after = await snapshot(id);
    expect(after).toEqual(before);
    expect(after.application).toMatchObject({ state: 'submitted', grant_id: null, agreement_id: null });
  });

  it('a grant that no longer waits for an agreement fails the approval (409) without a half-written state', async () => {
    const id = await submitted();
    const before = await snapshot(id);
    const agreements = t.platform.agreements;
    const real = agreements.startForGrantIn;
    // The grant moved inside the transaction before the draft: the agreements module refuses it.
    vi.spyOn(agreements, 'startForGrantIn').mockImplementationOnce(async (trx, by, grant, ctx) => {
      await trx.updateTable('sharing_grant').set({ state: 'revoked' }).where('id', '=', grant.id).execute();
      return real(trx, by, grant, ctx);
    });
    problem(await api('steward_rs', 'POST', `/sharing/applications/${id}/approve`, {}), 409, 'grant_not_pending');
    expect(await snapshot(id)).toEqual(before);
  });

  it('two approvals at once: one wins, the other is refused and leaves no grant or agreement behind', async () => {
    const id = await submitted();
    const before = await snapshot(id);
    const [a, b] = await Promise.all([api('steward_rs', 'POST', `/sharing/applications/${id}/approve`, {}), api('reviewer', 'POST', `/sharing/applications/${id}/approve`, {})]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes, `${a.body}\n${b.body}`).toEqual([200, 409]);
    const loser = (a.statusCode === 409 ? a : b).json();
    expect(['bad_application_state', 'approval_conflict']).toContain(loser.code);
    const after = await snapshot(id);
    expect(after.counts.sharing_grant).toBe(before.counts.sharing_grant + 1);
    expect(after.counts.sharing_agreement).toBe(before.counts.sharing_agreement + 1);
    expect(after.agreementsOfApplication).toBe(1);
    const app = after.application;
    expect(app.state).toBe('approved');
    const agreement = await k().selectFrom('sharing_agreement').selectAll().where('application_id', '=', id).executeTakeFirstOrThrow();
    expect([agreement.id, agreement.grant_id]).toEqual([app.agreement_id, app.grant_id]);
  });

  it('the standalone startForGrant still opens (idempotently) the agreement of a pending grant', async () => {
    const by = { actorType: 'user' as const, actorId: null, actorName: 'steward_rs', unitId: null, clientIp: null, requestId: null, kind: 'user' as const, roles: [] };
    const grant = await t.platform.sharing.createGrant(by, { resourceCode: social, consumerUnitId: mz, fields: ['shbzhm'], purpose: '核对', state: 'pending_agreement' });
    const first = await t.platform.agreements.startForGrant(by, grant, { applicationId: null });
    expect((await t.platform.agreements.startForGrant(by, grant, { applicationId: null })).id).toBe(first.id);
    const rows = await k().selectFrom('sharing_agreement').select(['id', 'state']).where('grant_id', '=', grant.id).execute();
    expect(rows).toEqual([{ id: first.id, state: 'draft' }]);
    await t.platform.sharing.setGrantState(by, grant.id, 'revoked', '测试');
  });
});
