import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { FixedClock } from '../../core/clock.js';
import type { AuditActor } from '../../audit/types.js';
import { publish, sampleInput, seedRegistry, SYSTEM_ACTOR, type Registry } from '../../catalog/test-fixtures.js';
import type { Task } from '../workflow/types.js';

/**
 * The demand workflow over HTTP (R12, R14): every transition with who may and who may not, routing
 * with and without a target, registration and answer deadlines on working days across a weekend
 * and a holiday, declines needing reasons, the binding leadership decision, the gap list, and a
 * demand met when the linked catalog draft is published.
 */

const operator: AuditActor = { actorType: 'cli', actorId: 'test', actorName: 'cli:test', unitId: null, clientIp: null, requestId: null };

type Who = 'mz' | 'ga' | 'rs' | 'zr' | 'jy' | 'reviewer' | 'leader' | 'supervisor' | 'admin' | 'auditor';
const USERS: Record<Who, string> = {
  mz: 'user_mz',
  ga: 'steward_ga',
  rs: 'steward_rs',
  zr: 'steward_zr',
  jy: 'user_jy',
  reviewer: 'reviewer',
  leader: 'leader',
  supervisor: 'supervisor',
  admin: 'admin',
  auditor: 'auditor',
};

describeEachDialect('sharing demands API', (dialect) => {
  let t: TestApp;
  let reg: Registry;
  const tok = {} as Record<Who, string>;
  const codes: Record<'population' | 'social' | 'land', string> = { population: '', social: '', land: '' };
  // Thursday 31 Dec 2026, 10:00 CST: New Year's Day (Fri 1 Jan 2027) is a holiday, then a weekend.
  const clock = new FixedClock('2026-12-31T02:00:00Z');

  const call = (who: Who, method: string, url: string, body?: unknown) => t.as(tok[who], method, `/api/v1${url}`, body);
  const form = (over: Record<string, unknown> = {}) => ({
    title: '低保家庭成员户籍核查',
    duty: '最低生活保障对象认定',
    legalBasis: '《社会救助暂行办法》第十一条',
    content: '核查低保申请家庭成员的户籍和人口基础信息',
    dataItems: [{ name: '公民身份号码', code: 'id_no' }, { name: '姓名' }],
    scope: '全市低保申请家庭',
    purpose: '低保资格审核',
    method: 'online_query',
    neededBy: '2027-03-31',
    ...over,
  });
  async function submit(over: Record<string, unknown> = {}) {
    const res = await call('mz', 'POST', '/sharing/demands', form(over));
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; state: string; providerUnitId: string | null; allowed: string[] };
  }
  const openTasks = async (id: string): Promise<Task[]> => t.platform.workflow.tasksOf('demand', id, { openOnly: true });
  const act = (who: Who, id: string, action: string, body: unknown = {}) => call(who, 'POST', `/sharing/demands/${id}/${action}`, body);
  async function auditActions(id: string): Promise<string[]> {
    const rows = await t.platform.db.kysely.selectFrom('audit_event').select('action').where('target_id', '=', id).orderBy('seq').execute();
    return rows.map((r) => r.action);
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
    reg = await seedRegistry(t.platform);
    for (const [k, u] of Object.entries(USERS)) tok[k as Who] = await t.login(u);
    await t.platform.calendar.setYear(operator, 2027, [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }]);
    codes.population = await publish(t.platform, reg.units.ga, sampleInput(reg.population.id));
    codes.social = await publish(
      t.platform,
      reg.units.rs,
      sampleInput(reg.department.id, { name: '社保参保信息', abstract: '参保人员的险种与参保状态。', keywords: ['社保', '参保'], scenarios: ['社会保障'] }),
    );
    codes.land = await publish(
      t.platform,
      reg.units.zr,
      sampleInput(reg.department.id, { name: '不动产登记信息', abstract: '不动产权利登记簿。', keywords: ['不动产'], scenarios: ['不动产'], dataItems: [{ name: '不动产单元号', code: 'unit_no', dataType: 'C', length: 28, isKey: true }] }),
    );
  });
  afterAll(() => t.close());

  it('routes a demand with a target resource to its provider at once, with deadlines on working days across the holiday and the weekend', async () => {
    const d = await submit({ targetResourceCode: codes.population });
    expect(d.state).toBe('routed');
    expect(d.providerUnitId).toBe(reg.units.ga);
    const tasks = await openTasks(d.id);
    const register = tasks.find((x) => x.step === 'register')!;
    const answer = tasks.find((x) => x.step === 'answer')!;
    // Thu 31 Dec + 2 working days: Fri 1 Jan is a holiday, Sat/Sun a weekend → Mon 4 (1), Tue 5 (2), end of the CST day.
    expect(register).toMatchObject({ assignee: { role: 'authority_reviewer', unitId: null }, deadlineKind: 'registration', dueAt: '2027-01-05T15:59:59.999Z' });
    // 10 working days: 4–8 Jan (5) and 11–15 Jan (10).
    expect(answer).toMatchObject({ assignee: { role: 'unit_steward', unitId: reg.units.ga }, deadlineKind: 'demand_answer', dueAt: '2027-01-15T15:59:59.999Z' });
    expect(await auditActions(d.id)).toEqual(['sharing.demand.submit']);
    // The provider's steward now sees it and may answer; the requester may withdraw.
    expect((await call('ga', 'GET', `/sharing/demands/${d.id}`)).json().allowed).toEqual(['accept', 'decline']);
    expect(d.allowed).toEqual(['withdraw']);
    expect((await call('reviewer', 'GET', `/sharing/demands/${d.id}`)).json().allowed).toEqual(['route', 'register', 'mark-gap']);
  });

  it('routes to a target provider unit without a resource', async () => {
    const d = await submit({ targetProviderUnitId: reg.units.rs });
    expect(d.state).toBe('routed');
    expect(d.providerUnitId).toBe(reg.units.rs);
  });

  it('leaves a demand without a target to the authority, which matches it with catalog suggestions', async () => {
    const d = await submit();
    expect(d.state).toBe('submitted');
    expect((await openTasks(d.id)).map((x) => x.step).sort()).toEqual(['match', 'register']);
    // Before routing only the requester's unit and the overseers see it.
    expect((await call('ga', 'GET', `/sharing/demands/${d.id}`)).statusCode).toBe(404);
    expect((await call('jy', 'GET', `/sharing/demands/${d.id}`)).statusCode).toBe(404);
    for (const who of ['supervisor', 'admin', 'leader', 'reviewer'] as Who[]) expect((await call(who, 'GET', `/sharing/demands/${d.id}`)).statusCode).toBe(200);
    expect((await call('auditor', 'GET', `/sharing/demands/${d.id}`)).statusCode).toBe(404);

    const sug = await call('reviewer', 'GET', `/sharing/demands/${d.id}/suggestions`);
    expect(sug.statusCode, sug.body).toBe(200);
    const items = sug.json().items as { code: string; providerUnitId: string; matchedBy: string[] }[];
    expect(items[0]?.code).toBe(codes.population);
    expect(items[0]?.providerUnitId).toBe(reg.units.ga);
    expect((await call('jy', 'GET', `/sharing/demands/${d.id}/suggestions`)).statusCode).toBe(404);

    // Only the authority routes.
    expect((await act('mz', d.id, 'route', { resourceCodes: [codes.population] })).statusCode).toBe(403);
    expect((await act('supervisor', d.id, 'route', { resourceCodes: [codes.population] })).statusCode).toBe(403);
    expect((await act('ga', d.id, 'route', { resourceCodes: [codes.population] })).statusCode).toBe(404);
    const empty = await act('reviewer', d.id, 'route', {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0]).toMatchObject({ field: 'body.providerUnitId', code: 'required' });
    const mixed = await act('reviewer', d.id, 'route', { resourceCodes: [codes.population, codes.social] });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().errors[0].code).toBe('resources_mixed');
    const mismatch = await act('reviewer', d.id, 'route', { providerUnitId: reg.units.rs, resourceCodes: [codes.population] });
    expect(mismatch.json().errors[0].code).toBe('provider_mismatch');
    expect((await act('reviewer', d.id, 'route', { providerUnitId: reg.units.mz })).json().errors[0].code).toBe('own_unit');

    const routed = await act('reviewer', d.id, 'route', { resourceCodes: [codes.population], comment: '人口基础信息由市公安局提供' });
    expect(routed.statusCode, routed.body).toBe(200);
    expect(routed.json()).toMatchObject({ state: 'routed', providerUnitId: reg.units.ga, resourceCodes: [codes.population] });
    expect((await openTasks(d.id)).map((x) => x.step).sort()).toEqual(['answer', 'register']);
    expect((await call('ga', 'GET', `/sharing/demands/${d.id}`)).statusCode).toBe(200);

    // Re-routing moves the answer task to the new provider.
    const rerouted = await act('reviewer', d.id, 'route', { providerUnitId: reg.units.zr });
    expect(rerouted.json().providerUnitId).toBe(reg.units.zr);
    const answer = (await openTasks(d.id)).filter((x) => x.step === 'answer');
    expect(answer).toHaveLength(1);
    expect(answer[0]!.assignee.unitId).toBe(reg.units.zr);
    expect((await call('ga', 'GET', `/sharing/demands/${d.id}`)).statusCode).toBe(404);
  });

  it('rejects a bad form with per-field errors and writes nothing', async () => {
    const before = await t.platform.db.kysely.selectFrom('sharing_demand').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const blank = await call('mz', 'POST', '/sharing/demands', form({ title: '  ', purpose: '', neededBy: '2026-12-30', method: 'fax' }));
    expect(blank.statusCode).toBe(400);
    expect(blank.headers['content-type']).toContain('application/problem+json');
    const fields = (blank.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toContain('body.method');
    const sem = await call('mz', 'POST', '/sharing/demands', form({ title: '  ', purpose: ' ', neededBy: '2026-12-30' }));
    expect(sem.statusCode).toBe(400);
    expect(sem.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.title', code: 'required' }),
        expect.objectContaining({ field: 'body.purpose', code: 'required' }),
        expect.objectContaining({ field: 'body.neededBy', code: 'date_past' }),
      ]),
    );
    const en = await t.as(tok.mz, 'POST', '/api/v1/sharing/demands', form({ neededBy: '2027-02-30' }), { 'accept-language': 'en' });
    expect(en.json().errors[0]).toMatchObject({ field: 'body.neededBy', code: 'invalid_date' });
    expect(en.json().errors[0].message).toContain('Not a valid date');
    const bad = await call('mz', 'POST', '/sharing/demands', form({ targetResourceCode: '101/999999', dataItems: [{ name: '姓名', code: 'Bad Code' }] }));
    expect(bad.json().errors.map((e: { code: string }) => e.code).sort()).toEqual(['invalid_item_code', 'unknown_resource']);
    expect((await call('mz', 'POST', '/sharing/demands', form({ targetProviderUnitId: reg.units.mz }))).json().errors[0].code).toBe('own_unit');
    expect((await call('mz', 'POST', '/sharing/demands', form({ targetProviderUnitId: 'nope' }))).json().errors[0].code).toBe('unknown_unit');
    const systems = await t.platform.org.listSystems({});
    const foreign = systems.items.find((s) => s.unitId !== reg.units.mz)!;
    expect((await call('mz', 'POST', '/sharing/demands', form({ systemId: foreign.id }))).json().errors[0].code).toBe('unknown_system');
    // Only units raise demands.
    for (const who of ['reviewer', 'admin', 'leader', 'supervisor', 'auditor'] as Who[]) expect((await call(who, 'POST', '/sharing/demands', form())).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/sharing/demands', payload: form() })).statusCode).toBe(401);
    const after = await t.platform.db.kysely.selectFrom('sharing_demand').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // A good one with the unit's own application system, which the form offers.
    const own = systems.items.find((s) => s.unitId === reg.units.mz)!;
    expect((await call('mz', 'GET', '/sharing/demands/form-options')).json().systems).toEqual([{ id: own.id, code: own.code, name: own.name }]);
    expect((await call('reviewer', 'GET', '/sharing/demands/form-options')).statusCode).toBe(403);
    const ok = await submit({ systemId: own.id });
    expect((await call('mz', 'GET', `/sharing/demands/${ok.id}`)).json().systemName).toBe(own.name);
  });

  it('runs decline → escalate → binding leadership decision, with who may and who may not at each step', async () => {
    const d = await submit({ targetResourceCode: codes.population, title: '流动人口居住登记数据需求' });
    // Declining needs circumstances and reasons.
    const noReasons = await act('ga', d.id, 'decline', { circumstances: '  ', reasons: '' });
    expect(noReasons.statusCode).toBe(400);
    expect(noReasons.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.circumstances', 'body.reasons']);
    expect((await act('ga', d.id, 'decline', { circumstances: '数据含个人隐私' })).statusCode).toBe(400);
    expect((await act('mz', d.id, 'decline', { circumstances: 'x', reasons: 'y' })).statusCode).toBe(403);
    expect((await act('rs', d.id, 'decline', { circumstances: 'x', reasons: 'y' })).statusCode).toBe(404);
    expect((await act('reviewer', d.id, 'decline', { circumstances: 'x', reasons: 'y' })).statusCode).toBe(403);
    expect((await act('ga', d.id, 'escalate', { reason: 'x' })).statusCode).toBe(403);
    const declined = await act('ga', d.id, 'decline', { circumstances: '该数据含公民个人隐私信息', reasons: '依据《个人信息保护法》，超出履职必需范围' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ state: 'declined', answer: { kind: 'decline', reasons: '依据《个人信息保护法》，超出履职必需范围' } });
    expect((await openTasks(d.id)).map((x) => `${x.step}:${x.deadlineKind}`).sort()).toEqual(['coordinate:coordination', 'register:registration', 'register:registration']);
    // After an answer the requester can no longer withdraw, and the provider cannot answer twice.
    expect((await act('mz', d.id, 'withdraw', {})).statusCode).toBe(409);
    expect((await act('ga', d.id, 'accept', { mode: 'existing', resourceCode: codes.population })).statusCode).toBe(409);

    // The authority registers the demand and the response at once; then nothing is left.
    expect((await act('ga', d.id, 'register', {})).statusCode).toBe(403);
    const reg1 = await act('reviewer', d.id, 'register', { comment: '已备案' });
    expect(reg1.statusCode, reg1.body).toBe(200);
    expect(reg1.json().pendingRegistration).toBe(0);
    expect(reg1.json().registeredAt).toBe(clock.now().toISOString());
    expect(reg1.json().records[0]).toMatchObject({ kind: 'decline', registeredBy: 'reviewer' });
    expect((await act('reviewer', d.id, 'register', {})).statusCode).toBe(409);
    expect((await openTasks(d.id)).map((x) => x.step)).toEqual(['coordinate']);

    // Escalation: only the authority, with a reason.
    for (const who of ['mz', 'leader', 'supervisor', 'admin'] as Who[]) expect((await act(who, d.id, 'escalate', { reason: '重大事项' })).statusCode).toBe(403);
    expect((await act('reviewer', d.id, 'escalate', { reason: ' ' })).statusCode).toBe(400);
    const esc = await act('reviewer', d.id, 'escalate', { reason: '涉及多部门职责，属重大事项' });
    expect(esc.json().state).toBe('escalated');
    expect((await openTasks(d.id)).map((x) => `${x.step}:${x.assignee.role}`)).toEqual(['decide:leader']);
    // The authority no longer decides; only the leadership group does.
    expect((await act('reviewer', d.id, 'decide', { outcome: 'decline_upheld', text: 'x' })).statusCode).toBe(409);
    for (const who of ['reviewer', 'supervisor', 'mz', 'ga', 'admin'] as Who[]) expect((await act(who, d.id, 'leader-decide', { outcome: 'provider_must_share', text: 'x' })).statusCode).toBe(403);
    expect((await act('leader', d.id, 'leader-decide', { outcome: 'maybe', text: 'x' })).statusCode).toBe(400);
    expect((await act('leader', d.id, 'leader-decide', { outcome: 'provider_must_share', text: '' })).statusCode).toBe(400);
    const decided = await act('leader', d.id, 'leader-decide', { outcome: 'provider_must_share', text: '市公安局应在脱敏后向市民政局共享所需信息项' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ state: 'decided', decision: { level: 'leadership', outcome: 'provider_must_share', by: 'leader' } });

    // It binds: no further decision, escalation or decline.
    expect((await act('leader', d.id, 'leader-decide', { outcome: 'decline_upheld', text: '改判' })).statusCode).toBe(409);
    expect((await act('reviewer', d.id, 'decide', { outcome: 'decline_upheld', text: '改判' })).statusCode).toBe(409);
    expect((await act('reviewer', d.id, 'escalate', { reason: '再议' })).statusCode).toBe(409);
    expect((await act('ga', d.id, 'decline', { circumstances: 'x', reasons: 'y' })).statusCode).toBe(409);

    // The requester sees the decision; the provider must now comply.
    const seen = (await call('mz', 'GET', `/sharing/demands/${d.id}`)).json();
    expect(seen.decision).toMatchObject({ level: 'leadership', text: '市公安局应在脱敏后向市民政局共享所需信息项' });
    expect(seen.records.map((r: { kind: string }) => r.kind)).toEqual(['decline', 'leadership_decision']);
    expect((await openTasks(d.id)).map((x) => `${x.step}:${x.assignee.unitId}`)).toEqual([`comply:${reg.units.ga}`]);
    const complied = await act('ga', d.id, 'accept', { mode: 'existing', resourceCode: codes.population, comment: '按决定共享' });
    expect(complied.json().state).toBe('accepted');
    expect(await auditActions(d.id)).toEqual([
      'sharing.demand.submit',
      'sharing.demand.decline',
      'sharing.demand.register',
      'sharing.demand.escalate',
      'sharing.demand.leader_decide',
      'sharing.demand.accept',
    ]);
    // The timeline is visible to the parties through the kernel, not to another unit.
    const jy = { actorType: 'user' as const, actorId: 'x', actorName: 'user_jy', unitId: reg.units.jy, clientIp: null, requestId: null, kind: 'user' as const, roles: ['unit_user' as const] };
    expect(await t.platform.workflow.canSee({ ...jy, unitId: reg.units.mz }, 'demand', d.id)).toBe(true);
    expect(await t.platform.workflow.canSee(jy, 'demand', d.id)).toBe(false);
    expect((await t.platform.workflow.timeline('demand', d.id)).map((e) => e.toState)).toEqual(['routed', 'declined', 'declined', 'escalated', 'decided', 'accepted']);
  });

  it('lets the authority decide a decline itself; decline_upheld ends it', async () => {
    const d = await submit({ targetResourceCode: codes.social });
    await act('rs', d.id, 'decline', { circumstances: '系统改造中', reasons: '暂不具备共享条件' });
    for (const who of ['mz', 'rs', 'leader', 'supervisor'] as Who[]) expect((await act(who, d.id, 'decide', { outcome: 'decline_upheld', text: 'x' })).statusCode).toBe(403);
    const res = await act('reviewer', d.id, 'decide', { outcome: 'decline_upheld', text: '同意暂缓共享，系统改造完成后重新提出' });
    expect(res.json()).toMatchObject({ state: 'decided', decision: { level: 'authority', outcome: 'decline_upheld' }, allowed: ['register'] });
    expect((await act('rs', d.id, 'accept', { mode: 'existing', resourceCode: codes.social })).statusCode).toBe(409);
    expect((await act('reviewer', d.id, 'escalate', { reason: 'x' })).statusCode).toBe(409);
    expect((await openTasks(d.id)).map((x) => x.step)).toEqual(['register', 'register']);
  });

  it('accepts with an existing published resource of the provider only', async () => {
    const d = await submit({ targetResourceCode: codes.population });
    expect((await act('ga', d.id, 'accept', { mode: 'existing', resourceCode: codes.social })).json().errors[0].code).toBe('not_provider_resource');
    expect((await act('ga', d.id, 'accept', { mode: 'existing', resourceCode: '101/999999' })).json().errors[0].code).toBe('not_published');
    expect((await act('ga', d.id, 'accept', { mode: 'existing', resourceCode: 'bad' })).json().errors[0].code).toBe('invalid_resource_code');
    expect((await act('ga', d.id, 'accept', { mode: 'other', resourceCode: codes.population })).statusCode).toBe(400);
    expect((await act('jy', d.id, 'accept', { mode: 'existing', resourceCode: codes.population })).statusCode).toBe(404);
    expect((await act('reviewer', d.id, 'accept', { mode: 'existing', resourceCode: codes.population })).statusCode).toBe(403);
    const ok = await act('ga', d.id, 'accept', { mode: 'existing', resourceCode: codes.population });
    expect(ok.json()).toMatchObject({ state: 'accepted', answer: { kind: 'existing', resourceCode: codes.population, resourceVersion: 1 } });
    expect(ok.json().pendingRegistration).toBe(2);
    const notices = await t.platform.workflow.notifications({ actorType: 'user', actorId: (await t.platform.org.getUserByUsername('user_mz'))!.id, actorName: 'user_mz', unitId: reg.units.mz, clientIp: null, requestId: null, kind: 'user', roles: ['unit_user'] });
    expect(notices.items.some((n) => n.itemId === d.id && n.kind === 'demand.notice.accepted')).toBe(true);
  });

  it('is met when the catalog entry the provider opened for it is published (sweep hook, idempotent)', async () => {
    const d = await submit({ targetProviderUnitId: reg.units.zr, title: '宅基地审批信息需求' });
    const draft = await t.platform.catalog.createDraft(SYSTEM_ACTOR, reg.units.zr, sampleInput(reg.department.id, { name: '农村宅基地审批信息', keywords: ['宅基地'] }));
    const other = await t.platform.catalog.createDraft(SYSTEM_ACTOR, reg.units.ga, sampleInput(reg.department.id, { name: '公安草稿' }));
    expect((await act('zr', d.id, 'accept', { mode: 'new_entry', resourceCode: other.code })).json().errors[0].code).toBe('not_provider_resource');
    expect((await act('zr', d.id, 'accept', { mode: 'new_entry', resourceCode: codes.land })).json().errors[0].code).toBe('no_working_version');
    expect((await act('zr', d.id, 'accept', { mode: 'new_entry', resourceCode: '3/999999' })).json().errors[0].code).toBe('unknown_resource');
    const acc = await act('zr', d.id, 'accept', { mode: 'new_entry', resourceCode: draft.code });
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json()).toMatchObject({ state: 'in_progress', answer: { kind: 'new_entry', resourceCode: draft.code, resourceVersion: 1 } });
    expect((await openTasks(d.id)).map((x) => x.step).sort()).toEqual(['publish', 'register', 'register']);

    let sweep = await t.platform.workflow.sweep();
    expect(sweep.hooks['demand-met']).toBe(0);
    expect((await call('mz', 'GET', `/sharing/demands/${d.id}`)).json().state).toBe('in_progress');

    await t.platform.catalog.submit(SYSTEM_ACTOR, draft.code);
    await t.platform.catalog.approve(SYSTEM_ACTOR, draft.code);
    await t.platform.catalog.confirm(SYSTEM_ACTOR, draft.code);
    sweep = await t.platform.workflow.sweep();
    expect(sweep.hooks['demand-met']).toBe(1);
    const met = (await call('mz', 'GET', `/sharing/demands/${d.id}`)).json();
    expect(met.state).toBe('met');
    expect(met.metAt).toBe(clock.now().toISOString());
    expect((await openTasks(d.id)).map((x) => x.step)).toEqual(['register', 'register']);
    sweep = await t.platform.workflow.sweep();
    expect(sweep.hooks['demand-met']).toBe(0);
    expect((await auditActions(d.id)).filter((a) => a === 'sharing.demand.met')).toHaveLength(1);
  });

  it('marks a gap no one holds; the gap list is city-wide; a gap can still be routed later', async () => {
    const d = await submit({ title: '海洋渔业捕捞日志', content: '近海渔船捕捞日志电子数据', dataItems: [] });
    for (const who of ['mz', 'ga', 'leader', 'supervisor'] as Who[]) expect((await act(who, d.id, 'mark-gap', { note: '无' })).statusCode).toBe(who === 'ga' ? 404 : 403);
    expect((await act('reviewer', d.id, 'mark-gap', { note: '' })).statusCode).toBe(400);
    const gap = await act('reviewer', d.id, 'mark-gap', { note: '经核查，全市尚无单位采集该信息' });
    expect(gap.json()).toMatchObject({ state: 'gap', gap: { note: '经核查，全市尚无单位采集该信息' } });
    expect(await openTasks(d.id)).toHaveLength(1); // registration stays

    for (const who of ['jy', 'ga', 'auditor', 'leader'] as Who[]) {
      const list = await call(who, 'GET', '/sharing/demands/gaps');
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((g: { id: string }) => g.id)).toContain(d.id);
    }
    const entry = (await call('jy', 'GET', '/sharing/demands/gaps?q=捕捞')).json().items[0];
    expect(entry).toMatchObject({ id: d.id, title: '海洋渔业捕捞日志', note: '经核查，全市尚无单位采集该信息' });
    expect(entry.purpose).toBeUndefined();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/sharing/demands/gaps' })).statusCode).toBe(401);
    // Another unit reads the list but not the demand.
    expect((await call('jy', 'GET', `/sharing/demands/${d.id}`)).statusCode).toBe(404);

    const routed = await act('reviewer', d.id, 'route', { providerUnitId: reg.units.zr, comment: '市自规局已启动采集' });
    expect(routed.json().state).toBe('routed');
    expect((await call('jy', 'GET', '/sharing/demands/gaps')).json().items.map((g: { id: string }) => g.id)).not.toContain(d.id);
  });

  it('lets the requesting unit withdraw before an answer, and no one else', async () => {
    const d = await submit({ targetResourceCode: codes.population });
    expect((await act('ga', d.id, 'withdraw', {})).statusCode).toBe(403);
    expect((await act('reviewer', d.id, 'withdraw', {})).statusCode).toBe(403);
    expect((await act('jy', d.id, 'withdraw', {})).statusCode).toBe(404);
    const w = await act('mz', d.id, 'withdraw', { reason: '业务调整，不再需要' });
    expect(w.json()).toMatchObject({ state: 'withdrawn', withdrawal: { reason: '业务调整，不再需要' } });
    expect((await openTasks(d.id)).map((x) => x.step)).toEqual(['register']);
    expect((await act('mz', d.id, 'withdraw', {})).statusCode).toBe(409);
    expect((await act('ga', d.id, 'decline', { circumstances: 'x', reasons: 'y' })).statusCode).toBe(409);
    expect((await act('reviewer', d.id, 'mark-gap', { note: 'x' })).statusCode).toBe(409);
    expect((await act('nope' as Who, d.id, 'withdraw', {})).statusCode).toBe(401);
    expect((await call('mz', 'POST', '/sharing/demands/00000000-0000-0000-0000-000000000000/withdraw', {})).statusCode).toBe(404);
  });

  it('shows each unit its own demands on the board, and the overseers all of them with counts per state', async () => {
    const all = (await call('reviewer', 'GET', '/sharing/demands?limit=200')).json();
    expect(all.total).toBeGreaterThan(5);
    expect(Object.values(all.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(all.total);
    for (const who of ['leader', 'supervisor', 'admin'] as Who[]) expect((await call(who, 'GET', '/sharing/demands?limit=200')).json().total).toBe(all.total);

    const mine = (await call('mz', 'GET', '/sharing/demands?box=mine&limit=200')).json();
    expect(mine.items.every((d: { requesterUnitId: string }) => d.requesterUnitId === reg.units.mz)).toBe(true);
    const ga = (await call('ga', 'GET', '/sharing/demands?limit=200')).json();
    expect(ga.items.length).toBeGreaterThan(0);
    expect(ga.items.every((d: { providerUnitId: string }) => d.providerUnitId === reg.units.ga)).toBe(true);
    expect((await call('ga', 'GET', '/sharing/demands?box=to_answer&state=routed')).json().items.every((d: { state: string }) => d.state === 'routed')).toBe(true);
    expect((await call('jy', 'GET', '/sharing/demands')).json()).toMatchObject({ items: [], total: 0 });
    expect((await call('auditor', 'GET', '/sharing/demands')).json().total).toBe(0);

    const filtered = (await call('reviewer', 'GET', `/sharing/demands?state=accepted,in_progress&q=${encodeURIComponent('流动人口')}`)).json();
    expect(filtered.items.map((d: { title: string }) => d.title)).toEqual(['流动人口居住登记数据需求']);
    const badState = await call('reviewer', 'GET', '/sharing/demands?state=routed,nope');
    expect(badState.statusCode).toBe(400);
    expect(badState.json().errors[0]).toMatchObject({ field: 'query.state', code: 'invalid_value' });
    expect((await call('reviewer', 'GET', '/sharing/demands?box=bogus')).statusCode).toBe(400);
    // The leadership group's page: escalated matters and its decisions.
    const lead = (await call('leader', 'GET', '/sharing/demands?decisionLevel=leadership')).json();
    expect(lead.items.map((d: { title: string }) => d.title)).toEqual(['流动人口居住登记数据需求']);
    expect((await call('leader', 'GET', '/sharing/demands?escalated=true')).json().total).toBe(1);
    expect((await call('leader', 'GET', '/sharing/demands?decisionLevel=authority')).json().items.every((d: { decision: { level: string } }) => d.decision.level === 'authority')).toBe(true);
  });

  it('lists every route in the OpenAPI document under the sharing tag', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[]; summary?: string }>> };
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/sharing/demands'));
    expect(paths.sort()).toEqual(
      [
        '/api/v1/sharing/demands',
        '/api/v1/sharing/demands/gaps',
        '/api/v1/sharing/demands/form-options',
        '/api/v1/sharing/demands/{id}',
        '/api/v1/sharing/demands/{id}/suggestions',
        ...['route', 'accept', 'decline', 'register', 'decide', 'escalate', 'leader-decide', 'mark-gap', 'withdraw'].map((a) => `/api/v1/sharing/demands/{id}/${a}`),
      ].sort(),
    );
    for (const p of paths) for (const op of Object.values(doc.paths[p]!)) expect(op.tags).toContain('sharing');
  });
});
