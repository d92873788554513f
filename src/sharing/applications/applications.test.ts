import { afterAll, beforeAll, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { SharingActor } from '../workflow/types.js';
import { codeOf, complete, ok, problem, SEEDER, systemIdOf, unitIdOf } from './test-support.js';

/**
 * 共享申请 through the HTTP API: every transition with who may and who may not, the one incomplete
 * notice, the automatic answers, working-day deadlines across a weekend and a holiday, the one
 * extension, coordination of refusals (R13, R14).
 */
describeEachDialect('sharing applications (R13, R14)', (dialect) => {
  let t: TestApp;
  // Monday 28 Dec 2026, 10:00 in Sanya. 1 Jan 2027 (Friday) is a holiday; 2–3 Jan a weekend.
  const clock = new FixedClock('2026-12-28T02:00:00.000Z');
  const tok: Record<string, string> = {};
  let social: string; // 社保参保信息 — restricted, 人社局, privacy items
  let talent: string; // 人才引进信息 — restricted, 人社局
  let population: string; // 人口基础信息 — mandatory, 公安局
  let vaccination: string; // 预防接种信息 — non-shared, 卫健委, with legal basis
  let checkpoint: string; // 治安卡口视频资源 — classified (metadata only)
  let relief: string; // 吉阳区低保救助台账 — restricted to 民政局 and 人社局
  let shjz: string; // 社会救助信息系统 (民政局)
  let sbjb: string; // 社保经办系统 (人社局)
  let mz: string;
  let rs: string;

  const api = (user: string, method: string, url: string, body?: unknown) => t.as(tok[user]!, method, `/api/v1${url}`, body);
  const actorOf = async (username: string): Promise<SharingActor> => {
    const u = (await t.platform.org.getUserByUsername(username))!;
    return { actorType: 'user', actorId: u.id, actorName: username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user', roles: u.roles };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { catalog: true, clock, config: { sessionTtlMinutes: 43_200 } });
    await t.platform.calendar.setYear(SEEDER, 2027, [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }]);
    for (const u of ['user_mz', 'user_jy', 'steward_rs', 'steward_ga', 'reviewer', 'supervisor', 'admin', 'secrecy', 'leader', 'auditor']) tok[u] = await t.login(u);
    social = await codeOf(t, tok.reviewer!, '社保参保信息');
    talent = await codeOf(t, tok.reviewer!, '人才引进信息');
    population = await codeOf(t, tok.reviewer!, '人口基础信息');
    vaccination = await codeOf(t, tok.reviewer!, '预防接种信息');
    checkpoint = await codeOf(t, tok.reviewer!, '治安卡口视频资源');
    relief = await codeOf(t, tok.reviewer!, '吉阳区低保救助台账');
    shjz = await systemIdOf(t, 'SHJZ');
    sbjb = await systemIdOf(t, 'SBJB');
    mz = await unitIdOf(t, 11);
    rs = await unitIdOf(t, 12);
  }, 180_000);
  afterAll(async () => t?.close());

  it('prefills the form from the catalog entry and refuses callers who may not apply', async () => {
    const p = ok(await api('user_mz', 'GET', `/sharing/applications/prefill?resource=${encodeURIComponent(social)}`));
    expect(p.resource).toMatchObject({ code: social, name: '社保参保信息', providerUnitId: rs, sharingType: 'restricted', tabular: true });
    expect(p.resource.items.map((i: { code: string }) => i.code)).toContain('sfzhm');
    expect(p).toMatchObject({ autoAnswer: null, inScope: true, needsAgreement: true });
    expect(p.systems.map((s: { code: string }) => s.code)).toEqual(['SHJZ']);
    expect(p.defaults).toMatchObject({ resourceCode: social, fields: [], method: 'online_query', validFrom: '2026-12-28', validUntil: '2027-12-27', consumerSystemId: shjz });
    expect(ok(await api('user_mz', 'GET', `/sharing/applications/prefill?resource=${encodeURIComponent(population)}`)).autoAnswer).toBe('mandatory');
    expect(ok(await api('user_mz', 'GET', `/sharing/applications/prefill?resource=${encodeURIComponent(vaccination)}`)).autoAnswer).toBe('not_shared');
    expect(ok(await api('user_jy', 'GET', `/sharing/applications/prefill?resource=${encodeURIComponent(relief)}`))).toMatchObject({ autoAnswer: 'outside_scope', inScope: false });
    problem(await api('steward_rs', 'GET', `/sharing/applications/prefill?resource=${encodeURIComponent(social)}`), 400, 'own_resource');
    for (const who of ['reviewer', 'supervisor', 'admin', 'secrecy', 'leader', 'auditor']) {
      problem(await api(who, 'GET', `/sharing/applications/prefill?resource=${encodeURIComponent(social)}`), 403, 'forbidden');
      problem(await api(who, 'POST', '/sharing/applications', { resourceCode: social }), 403, 'forbidden');
    }
    problem(await api('user_mz', 'GET', '/sharing/applications/prefill?resource=999%2F999999'), 404);
    problem(await t.app.inject({ method: 'GET', url: `/api/v1/sharing/applications/prefill?resource=${encodeURIComponent(social)}` }), 401);
  });

  it('an application system (API token) cannot apply', async () => {
    const { secret } = await t.platform.org.createToken(SEEDER, { systemId: shjz, name: '测试令牌', scopes: ['catalog:read', 'data:read'], expiresInDays: 30 });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/sharing/applications', headers: { authorization: `Bearer ${secret}` }, payload: { resourceCode: social, ...complete() } });
    problem(res, 403, 'forbidden');
  });

  it('rejects malformed content with field errors and writes nothing', async () => {
    const before = ok(await api('user_mz', 'GET', '/sharing/applications?box=mine')).total;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ fields: ['no_such_item'] }, 'body.fields/0', 'unknown_item'],
      [{ fields: ['sfzhm', 'sfzhm'] }, 'body.fields/1', 'duplicate_item'],
      [{ method: 'file_download' }, 'body.method', 'method_not_offered'],
      [{ consumerSystemId: sbjb }, 'body.consumerSystemId', 'unknown_system'],
      [{ validFrom: '2027-02-30' }, 'body.validFrom', 'invalid_date'],
      [{ validFrom: '2027-03-01', validUntil: '2027-02-01' }, 'body.validUntil', 'period_order'],
    ];
    for (const [over, field, code] of cases) {
      const body = problem(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: social, ...complete(over) }), 400, 'validation_failed');
      expect(body.errors, JSON.stringify(over)).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
    }
    problem(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: social, purpose: 'x'.repeat(501) }), 400);
    problem(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: social, method: 'fax' }), 400);
    problem(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: 'bad' }), 400);
    problem(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: '999/999999' }), 404);
    problem(await api('steward_rs', 'POST', '/sharing/applications', { resourceCode: social }), 400, 'own_resource');
    expect(ok(await api('user_mz', 'GET', '/sharing/applications?box=mine')).total).toBe(before);
  });

  it('an incomplete application gets ONE notice listing everything missing; the resubmission opens the answer deadline across a weekend and a holiday', async () => {
    const created = ok(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: social, fields: ['shbzhm', 'sfzhm', 'xm', 'cbzt'], submit: true }), 201);
    expect(created.state).toBe('incomplete');
    expect(created.missing).toEqual(['purpose', 'legalBasis', 'scenario', 'scope', 'method', 'systemId', 'validFrom', 'validUntil']);
    expect(created.timeline.map((e: { action: string; toState: string }) => [e.action, e.toState])).toEqual([
      ['sharing.application.submit', 'submitted'],
      ['sharing.application.incomplete', 'incomplete'],
    ]);
    expect(created.timeline[1].comment).toContain('用途、依据、使用场景、使用范围、共享方式、应用系统、有效期起、有效期止');
    const open = created.tasks.filter((x: { state: string }) => x.state === 'open');
    expect(open.map((x: { step: string; assignee: unknown }) => [x.step, x.assignee])).toEqual([['resubmit', { role: 'unit_user', unitId: mz }]]);
    // Tasks keep their English title on the wire (the response schema used to drop it); a user's title has none.
    expect(open[0]).toHaveProperty('titleEn', null);
    // Exactly one notice reached the applicant's inbox.
    const notes = await t.platform.workflow.notifications(await actorOf('user_mz'));
    expect(notes.items.filter((n) => n.itemId === created.id && n.kind === 'application.notice.incomplete')).toHaveLength(1);
    expect(created.actions).toMatchObject({ resubmit: true, edit: true, withdraw: true, approve: false });

    // The provider cannot answer an incomplete application.
    problem(await api('steward_rs', 'POST', `/sharing/applications/${created.id}/approve`, {}), 409, 'bad_application_state');
    // Another unit cannot even see it; the provider's steward may not resubmit.
    problem(await api('user_jy', 'GET', `/sharing/applications/${created.id}`), 404);
    problem(await api('steward_rs', 'POST', `/sharing/applications/${created.id}/resubmit`, complete()), 403, 'forbidden');

    const sent = ok(await api('user_mz', 'POST', `/sharing/applications/${created.id}/resubmit`, { ...complete(), consumerSystemId: shjz }));
    expect(sent.state).toBe('submitted');
    expect(sent.missing).toEqual([]);
    const tasks = Object.fromEntries(sent.tasks.filter((x: { state: string }) => x.state === 'open').map((x: { step: string }) => [x.step, x]));
    // 10 working days from Mon 28 Dec: 29, 30, 31 Dec, (1 Jan holiday, 2–3 weekend), 4–8 Jan, (9–10 weekend), 11, 12 Jan.
    expect(tasks.answer).toMatchObject({ assignee: { role: 'unit_steward', unitId: rs }, deadlineKind: 'restricted_answer', dueAt: '2027-01-12T15:59:59.999Z' });
    // The authority registers it within 2 working days.
    expect(tasks.register_application).toMatchObject({ assignee: { role: 'authority_reviewer', unitId: null }, deadlineKind: 'registration', dueAt: '2026-12-30T15:59:59.999Z' });
    expect(sent.tasks.find((x: { step: string }) => x.step === 'resubmit').state).toBe('done');
  });

  it('review, one extension approved by the authority, approval with fewer fields creating a pending grant; each step only for its role', async () => {
    const app = ok(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: social, ...complete(), consumerSystemId: shjz, fields: ['shbzhm', 'sfzhm', 'xm', 'cbxz', 'cbzt'], submit: true }), 201);
    const id = app.id as string;
    expect(app.state).toBe('submitted');

    // accept: the provider's steward only
    problem(await api('user_mz', 'POST', `/sharing/applications/${id}/accept`, {}), 403);
    problem(await api('reviewer', 'POST', `/sharing/applications/${id}/accept`, {}), 403);
    problem(await api('steward_ga', 'POST', `/sharing/applications/${id}/accept`, {}), 404);
    expect(ok(await api('steward_rs', 'POST', `/sharing/applications/${id}/accept`, {})).state).toBe('under_review');
    problem(await api('steward_rs', 'POST', `/sharing/applications/${id}/accept`, {}), 409, 'bad_application_state');

    // request-extension: the provider's steward, at most extension_max days, once
    problem(await api('user_mz', 'POST', `/sharing/applications/${id}/request-extension`, { days: 5, reason: '需会同社保经办机构核查' }), 403);
    problem(await api('reviewer', 'POST', `/sharing/applications/${id}/request-extension`, { days: 5, reason: 'x' }), 403);
    const tooLong = problem(await api('steward_rs', 'POST', `/sharing/applications/${id}/request-extension`, { days: 11, reason: '需会同社保经办机构核查' }), 400);
    expect(tooLong.errors).toEqual([expect.objectContaining({ field: 'body.days', code: 'extension_days' })]);
    problem(await api('steward_rs', 'POST', `/sharing/applications/${id}/request-extension`, { days: 5, reason: '  ' }), 400);
    const asked = ok(await api('steward_rs', 'POST', `/sharing/applications/${id}/request-extension`, { days: 5, reason: '需会同社保经办机构核查参保状态' }));
    expect(asked.extension).toMatchObject({ state: 'requested', days: 5 });
    expect(asked.tasks.find((x: { step: string; state: string }) => x.step === 'decide_extension' && x.state === 'open')).toMatchObject({ assignee: { role: 'authority_reviewer', unitId: null } });
    problem(await api('steward_rs', 'POST', `/sharing/applications/${id}/request-extension`, { days: 3, reason: '再次延期' }), 409, 'extension_once');

    // decide-extension: the authority only; approval moves the answer deadline by 5 working days
    for (const who of ['steward_rs', 'user_mz', 'supervisor', 'admin']) problem(await api(who, 'POST', `/sharing/applications/${id}/decide-extension`, { approve: true }), 403);
    const decided = ok(await api('reviewer', 'POST', `/sharing/applications/${id}/decide-extension`, { approve: true, comment: '同意延长5个工作日' }));
    expect(decided.extension).toMatchObject({ state: 'approved', days: 5, comment: '同意延长5个工作日' });
    // 12 Jan + 5 working days: 13, 14, 15, (16–17 weekend), 18, 19 Jan.
    expect(decided.tasks.find((x: { step: string; state: string }) => x.step === 'answer' && x.state === 'open').dueAt).toBe('2027-01-19T15:59:59.999Z');
    problem(await api('reviewer', 'POST', `/sharing/applications/${id}/decide-extension`, { approve: true }), 409, 'no_extension_request');
    problem(await api('steward_rs', 'POST', `/sharing/applications/${id}/request-extension`, { days: 2, reason: '再次延期' }), 409, 'extension_once');

    // approve: the provider's steward (or the authority); only narrowing
    for (const who of ['user_mz', 'supervisor', 'admin']) problem(await api(who, 'POST', `/sharing/applications/${id}/approve`, { fields: ['shbzhm'] }), 403);
    for (const who of ['secrecy', 'leader', 'auditor']) problem(await api(who, 'POST', `/sharing/applications/${id}/approve`, { fields: ['shbzhm'] }), 404);
    problem(await api('steward_ga', 'POST', `/sharing/applications/${id}/approve`, { fields: ['shbzhm'] }), 404);
    let bad = problem(await api('steward_rs', 'POST', `/sharing/applications/${id}/approve`, { fields: ['shbzhm', 'jfjs'] }), 400);
    expect(bad.errors).toEqual([expect.objectContaining({ field: 'body.fields/1', code: 'not_subset' })]);
    bad = problem(await api('steward_rs', 'POST', `/sharing/applications/${id}/approve`, { validUntil: '2028-01-31' }), 400);
    expect(bad.errors).toEqual([expect.objectContaining({ field: 'body.validUntil', code: 'validity_not_narrowed' })]);
    bad = problem(await api('steward_rs', 'POST', `/sharing/applications/${id}/approve`, { rowFilter: [{ field: 'nope', op: 'eq', value: 'x' }], masking: { nope: 'name' } }), 400);
    expect((bad.errors as { code: string }[]).map((e) => e.code).sort()).toEqual(['unknown_item', 'unknown_item']);
    const approved = ok(
      await api('steward_rs', 'POST', `/sharing/applications/${id}/approve`, {
        fields: ['shbzhm', 'sfzhm', 'cbzt'],
        masking: { cbzt: 'custom' },
        quotaRowsPerDay: 5000,
        validUntil: '2027-06-30',
        comment: '同意，仅提供核对所需信息项',
      }),
    );
    expect(approved).toMatchObject({ state: 'approved', decidedBy: 'steward_rs', decisionComment: '同意，仅提供核对所需信息项' });
    // The confidentiality agreement is opened for the pending grant (the agreements module).
    expect(approved.agreementId).toBeTruthy();
    expect(approved.grant).toMatchObject({
      resourceCode: social,
      consumerUnitId: mz,
      consumerSystemId: shjz,
      fields: ['shbzhm', 'sfzhm', 'cbzt'],
      masking: { cbzt: 'custom' },
      purpose: '城乡低保对象家庭经济状况核对',
      quotaRowsPerDay: 5000,
      validFrom: '2026-12-27T16:00:00.000Z',
      validUntil: '2027-06-30T16:00:00.000Z',
      // Privacy items: the grant waits for the confidentiality agreement and its filing (R17).
      state: 'pending_agreement',
    });
    const open = Object.fromEntries(approved.tasks.filter((x: { state: string }) => x.state === 'open').map((x: { step: string }) => [x.step, x]));
    // Delivery within 20 working days of approval (Mon 28 Dec, one holiday on the way): 26 Jan.
    expect(open.deliver).toMatchObject({ assignee: { role: 'unit_steward', unitId: rs }, deadlineKind: 'delivery', dueAt: '2027-01-26T15:59:59.999Z' });
    expect(open.register_answer).toMatchObject({ assignee: { role: 'authority_reviewer', unitId: null } });
    expect(open.answer).toBeUndefined();
    const last = approved.timeline.at(-1);
    expect(last).toMatchObject({ action: 'sharing.application.approve', fromState: 'under_review', toState: 'approved', actorName: 'steward_rs' });
    expect(last.detail).toMatchObject({ narrowed: true, fields: ['shbzhm', 'sfzhm', 'cbzt'], requestedFields: ['shbzhm', 'sfzhm', 'xm', 'cbxz', 'cbzt'] });
    problem(await api('steward_rs', 'POST', `/sharing/applications/${id}/approve`, {}), 409, 'bad_application_state');
    problem(await api('user_mz', 'POST', `/sharing/applications/${id}/withdraw`, {}), 409, 'bad_application_state');

    // The transition and the grant are audited in the same transaction.
    const events = await t.platform.audit.query({ targetId: id } as never);
    expect(events.items.map((e) => e.action)).toEqual(expect.arrayContaining(['sharing.application.submit', 'sharing.application.accept', 'sharing.application.request_extension', 'sharing.application.approve_extension', 'sharing.application.approve']));
    const grantEvents = await t.platform.audit.query({ targetId: approved.grant.id } as never);
    expect(grantEvents.items.map((e) => e.action)).toContain('sharing.grant.create');

    // The grant: both sides and the authority see it with its timeline; others do not.
    const g = ok(await api('user_mz', 'GET', `/sharing/grants/${approved.grant.id}`));
    expect(g).toMatchObject({ id: approved.grant.id, resourceName: '社保参保信息', providerUnitId: rs, applicationId: id, needsAgreement: true, state: 'pending_agreement' });
    expect(g.timeline.map((e: { action: string; toState: string }) => [e.action, e.toState])).toEqual([['sharing.grant.create', 'pending_agreement']]);
    ok(await api('steward_rs', 'GET', `/sharing/grants/${approved.grant.id}`));
    ok(await api('reviewer', 'GET', `/sharing/grants/${approved.grant.id}`));
    ok(await api('supervisor', 'GET', `/sharing/grants/${approved.grant.id}`));
    ok(await api('secrecy', 'GET', `/sharing/grants/${approved.grant.id}`));
    problem(await api('user_jy', 'GET', `/sharing/grants/${approved.grant.id}`), 404);
    problem(await api('steward_ga', 'GET', `/sharing/grants/${approved.grant.id}`), 404);

    // register: the authority closes both registration tasks at once
    problem(await api('steward_rs', 'POST', `/sharing/applications/${id}/register`, {}), 403);
    const reg = ok(await api('reviewer', 'POST', `/sharing/applications/${id}/register`, { comment: '已备案' }));
    expect(reg.tasks.filter((x: { step: string; state: string }) => x.step.startsWith('register') && x.state === 'open')).toEqual([]);
    problem(await api('reviewer', 'POST', `/sharing/applications/${id}/register`, {}), 409, 'nothing_to_register');

    // deliver: the provider's steward confirms
    problem(await api('user_mz', 'POST', `/sharing/applications/${id}/deliver`, {}), 403);
    const delivered = ok(await api('steward_rs', 'POST', `/sharing/applications/${id}/deliver`, { comment: '接口已开通' }));
    expect(delivered.deliveredAt).toBe(clock.now().toISOString());
    expect(delivered.tasks.find((x: { step: string }) => x.step === 'deliver').state).toBe('done');
    problem(await api('steward_rs', 'POST', `/sharing/applications/${id}/deliver`, {}), 409, 'already_delivered');
  });

  it('the provider sends one incomplete notice listing everything missing; the answer period restarts on resubmission', async () => {
    const a = ok(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: talent, ...complete(), consumerSystemId: shjz, fields: ['rdbh', 'rclb'], submit: true }), 201).id as string;
    problem(await api('user_mz', 'POST', `/sharing/applications/${a}/incomplete`, { missing: ['scope'] }), 403);
    problem(await api('reviewer', 'POST', `/sharing/applications/${a}/incomplete`, { missing: ['scope'] }), 403);
    problem(await api('steward_rs', 'POST', `/sharing/applications/${a}/incomplete`, {}), 400, 'validation_failed');
    problem(await api('steward_rs', 'POST', `/sharing/applications/${a}/incomplete`, { missing: ['bogus'] }), 400);
    const n = ok(await api('steward_rs', 'POST', `/sharing/applications/${a}/incomplete`, { missing: ['legalBasis', 'scope'], note: '依据须写明条款；使用范围须写明使用科室' }));
    expect(n).toMatchObject({ state: 'incomplete', missing: ['legalBasis', 'scope'], incompleteNote: '依据须写明条款；使用范围须写明使用科室' });
    expect(n.tasks.find((x: { step: string }) => x.step === 'answer').state).toBe('cancelled');
    expect(n.tasks.find((x: { step: string; state: string }) => x.step === 'resubmit' && x.state === 'open')).toMatchObject({ assignee: { role: 'unit_user', unitId: mz } });
    const notes = await t.platform.workflow.notifications(await actorOf('user_mz'));
    const mine = notes.items.filter((x) => x.itemId === a && x.kind === 'application.notice.incomplete');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.params.missing).toBe('依据、使用范围');

    clock.set('2026-12-29T02:00:00.000Z'); // Tuesday
    try {
      const again = ok(await api('user_mz', 'POST', `/sharing/applications/${a}/resubmit`, { legalBasis: '《社会救助暂行办法》第十一条', scope: '市民政局社会救助科' }));
      expect(again.state).toBe('submitted');
      const answers = again.tasks.filter((x: { step: string }) => x.step === 'answer');
      // A new 10-working-day period from Tue 29 Dec, across the holiday and two weekends: 13 Jan.
      expect(answers.find((x: { state: string }) => x.state === 'open').dueAt).toBe('2027-01-13T15:59:59.999Z');
    } finally {
      clock.set('2026-12-28T02:00:00.000Z');
    }
  });

  it('a refusal goes to the authority, who upholds it or orders approval (binding)', async () => {
    const make = async () => ok(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: talent, ...complete(), consumerSystemId: shjz, fields: ['rdbh', 'rclb'], submit: true }), 201).id as string;
    const a = await make();
    problem(await api('steward_rs', 'POST', `/sharing/applications/${a}/refuse`, { reason: ' ' }), 400);
    problem(await api('user_mz', 'POST', `/sharing/applications/${a}/refuse`, { reason: '不同意' }), 403);
    problem(await api('reviewer', 'POST', `/sharing/applications/${a}/refuse`, { reason: '不同意' }), 403);
    const refused = ok(await api('steward_rs', 'POST', `/sharing/applications/${a}/refuse`, { reason: '人才引进信息正在数据治理，暂不具备共享条件' }));
    expect(refused).toMatchObject({ state: 'coordination', decisionComment: '人才引进信息正在数据治理，暂不具备共享条件' });
    const coord = refused.tasks.find((x: { step: string; state: string }) => x.step === 'coordinate' && x.state === 'open');
    // Coordination within 10 working days, like the answer.
    expect(coord).toMatchObject({ assignee: { role: 'authority_reviewer', unitId: null }, deadlineKind: 'coordination', dueAt: '2027-01-12T15:59:59.999Z' });
    for (const who of ['steward_rs', 'user_mz', 'supervisor', 'leader']) problem(await api(who, 'POST', `/sharing/applications/${a}/coordinate`, { decision: 'uphold', comment: '维持' }), who === 'leader' ? 404 : 403);
    problem(await api('reviewer', 'POST', `/sharing/applications/${a}/coordinate`, { decision: 'uphold', comment: '' }), 400);
    const upheld = ok(await api('reviewer', 'POST', `/sharing/applications/${a}/coordinate`, { decision: 'uphold', comment: '经协调，提供单位理由成立，维持不予共享' }));
    expect(upheld).toMatchObject({ state: 'refused', coordination: { decision: 'uphold' }, grantId: null });
    problem(await api('reviewer', 'POST', `/sharing/applications/${a}/coordinate`, { decision: 'uphold', comment: 'x' }), 409);

    const b = await make();
    ok(await api('steward_rs', 'POST', `/sharing/applications/${b}/refuse`, { reason: '不同意' }));
    const ordered = ok(await api('reviewer', 'POST', `/sharing/applications/${b}/coordinate`, { decision: 'order_approval', comment: '依据第四条，责成提供单位按申请提供', terms: { fields: ['rdbh'] } }));
    expect(ordered).toMatchObject({ state: 'approved', coordination: { decision: 'order_approval' }, decidedBy: 'reviewer' });
    // No sensitive item granted: no confidentiality agreement needed, the grant is in force at once.
    expect(ordered.grant).toMatchObject({ fields: ['rdbh'], consumerUnitId: mz, state: 'active' });
    expect(ordered.agreementId).toBeNull();
    expect(ordered.tasks.find((x: { step: string; state: string }) => x.step === 'deliver' && x.state === 'open')).toMatchObject({ assignee: { role: 'unit_steward', unitId: rs } });
  });

  it('the authority may approve directly; the applicant withdraws before a decision', async () => {
    const a = ok(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: talent, ...complete(), consumerSystemId: shjz, fields: null, submit: true }), 201).id as string;
    const byAuthority = ok(await api('reviewer', 'POST', `/sharing/applications/${a}/approve`, { fields: ['rdbh', 'rclb'] }));
    expect(byAuthority).toMatchObject({ state: 'approved', decidedBy: 'reviewer' });
    expect(byAuthority.grant).toMatchObject({ fields: ['rdbh', 'rclb'], state: 'active' });

    const w = ok(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: talent, ...complete(), consumerSystemId: shjz, fields: ['rdbh'] }), 201);
    expect(w.state).toBe('draft');
    expect(w.timeline.map((e: { action: string }) => e.action)).toEqual(['sharing.application.create']);
    const patched = ok(await api('user_mz', 'PATCH', `/sharing/applications/${w.id}`, { scope: '市民政局社会救助科' }));
    expect(patched.scope).toBe('市民政局社会救助科');
    problem(await api('user_jy', 'PATCH', `/sharing/applications/${w.id}`, { scope: 'x' }), 404);
    ok(await api('user_mz', 'POST', `/sharing/applications/${w.id}/submit`, null));
    problem(await api('steward_rs', 'POST', `/sharing/applications/${w.id}/withdraw`, {}), 403);
    problem(await api('reviewer', 'POST', `/sharing/applications/${w.id}/withdraw`, {}), 403);
    const withdrawn = ok(await api('user_mz', 'POST', `/sharing/applications/${w.id}/withdraw`, { comment: '业务调整，不再需要' }));
    expect(withdrawn.state).toBe('withdrawn');
    expect(withdrawn.tasks.filter((x: { state: string }) => x.state === 'open')).toEqual([]);
    problem(await api('user_mz', 'POST', `/sharing/applications/${w.id}/withdraw`, {}), 409);
    problem(await api('user_mz', 'PATCH', `/sharing/applications/${w.id}`, { scope: 'x' }), 409);
  });

  it('answers automatically: mandatory approved without a grant, non-shared refused quoting the legal basis, classified and out-of-scope refused', async () => {
    const m = ok(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: population, ...complete(), consumerSystemId: shjz, fields: null, submit: true }), 201);
    expect(m).toMatchObject({ state: 'approved', autoAnswer: 'mandatory', grantId: null, decidedBy: 'GovShare（自动）' });
    expect(m.timeline.at(-1)).toMatchObject({ action: 'sharing.application.auto_approve', toState: 'approved' });
    expect(m.timeline.at(-1).comment).toContain('无需授权');
    expect(m.tasks.filter((x: { state: string }) => x.state === 'open').map((x: { step: string }) => x.step)).toEqual(['register_answer']);

    // Even an otherwise incomplete application for a non-shared resource is refused, quoting the basis.
    const n = ok(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: vaccination, fields: null, submit: true }), 201);
    expect(n).toMatchObject({ state: 'refused', autoAnswer: 'not_shared' });
    expect(n.decisionComment).toContain('《中华人民共和国疫苗管理法》第四十九条');
    expect(n.timeline.at(-1).comment).toContain('依据：《中华人民共和国疫苗管理法》第四十九条');
    expect(n.tasks.some((x: { step: string }) => x.step === 'coordinate')).toBe(false);

    const c = ok(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: checkpoint, ...complete(), fields: null, method: null, submit: true }), 201);
    expect(c).toMatchObject({ state: 'refused', autoAnswer: 'classified' });

    const o = ok(await api('user_jy', 'POST', '/sharing/applications', { resourceCode: relief, ...complete(), fields: null, submit: true }), 201);
    expect(o).toMatchObject({ state: 'refused', autoAnswer: 'outside_scope' });

    const notes = await t.platform.workflow.notifications(await actorOf('user_mz'));
    expect(notes.items.some((x) => x.itemId === n.id && x.kind === 'application.notice.autoRefused')).toBe(true);
  });

  it('lists by box with the right to see each box', async () => {
    const mine = ok(await api('user_mz', 'GET', '/sharing/applications?box=mine'));
    expect(mine.total).toBeGreaterThan(3);
    expect(mine.items.every((x: { consumerUnitId: string }) => x.consumerUnitId === mz)).toBe(true);
    expect(mine.items[0]).toHaveProperty('consumerUnitName', '三亚市民政局');
    const review = ok(await api('steward_rs', 'GET', '/sharing/applications?box=to_review'));
    expect(review.items.length).toBeGreaterThan(0);
    expect(review.items.every((x: { providerUnitId: string; state: string }) => x.providerUnitId === rs && x.state !== 'draft')).toBe(true);
    problem(await api('user_mz', 'GET', '/sharing/applications?box=to_review'), 403);
    problem(await api('user_mz', 'GET', '/sharing/applications?box=all'), 403);
    problem(await api('steward_rs', 'GET', '/sharing/applications?box=all'), 403);
    for (const who of ['reviewer', 'supervisor', 'admin']) expect(ok(await api(who, 'GET', '/sharing/applications?box=all')).total).toBeGreaterThanOrEqual(mine.total);
    expect(ok(await api('reviewer', 'GET', '/sharing/applications?box=all&state=coordination')).items.every((x: { state: string }) => x.state === 'coordination')).toBe(true);

    const grants = ok(await api('user_mz', 'GET', '/sharing/grants'));
    expect(grants.items.length).toBeGreaterThan(0);
    expect(grants.items.every((g: { consumerUnitId: string }) => g.consumerUnitId === mz)).toBe(true);
    const provided = ok(await api('steward_rs', 'GET', '/sharing/grants?box=provider'));
    expect(provided.items.every((g: { providerUnitId: string }) => g.providerUnitId === rs)).toBe(true);
    expect(ok(await api('user_jy', 'GET', '/sharing/grants')).total).toBe(0);
    problem(await api('user_mz', 'GET', '/sharing/grants?box=all'), 403);
    expect(ok(await api('reviewer', 'GET', '/sharing/grants?box=all')).total).toBeGreaterThanOrEqual(grants.total);
  });

  it('documents every route in the OpenAPI document under the sharing tag', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[]; summary?: string }>> };
    const want = [
      ['get', '/api/v1/sharing/applications'],
      ['post', '/api/v1/sharing/applications'],
      ['get', '/api/v1/sharing/applications/prefill'],
      ['get', '/api/v1/sharing/applications/{id}'],
      ['patch', '/api/v1/sharing/applications/{id}'],
      ...['submit', 'resubmit', 'withdraw', 'accept', 'incomplete', 'approve', 'refuse', 'request-extension', 'decide-extension', 'coordinate', 'register', 'deliver'].map((a) => ['post', `/api/v1/sharing/applications/{id}/${a}`]),
      ['get', '/api/v1/sharing/grants'],
      ['get', '/api/v1/sharing/grants/{id}'],
      ...['suspend', 'resume', 'revoke'].map((a) => ['post', `/api/v1/sharing/grants/{id}/${a}`]),
    ];
    for (const [method, path] of want) {
      const op = doc.paths[path!]?.[method!];
      expect(op, `${method} ${path}`).toBeTruthy();
      expect(op!.tags).toEqual(['sharing']);
      expect(op!.summary).toBeTruthy();
    }
  });
});
