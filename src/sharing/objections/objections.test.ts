import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import type { AuditActor } from '../../audit/types.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { idNumberCheckChar } from '../../exchange/values.js';
import type { SharingActor } from '../workflow/types.js';
import { objectionMessages } from './messages.js';
import type { ObjectionDetail } from './model.js';

const SYSTEM: AuditActor = { actorType: 'system', actorId: null, actorName: 'test-seed', unitId: null, clientIp: null, requestId: null };
const enc = encodeURIComponent;

/** A synthetic ID number (never a real person) used as a record key. */
function idNumber(n: number): string {
  const first17 = `460202${'19900101'}${String(n).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

const PDF = Buffer.from('%PDF-1.4\n% synthetic evidence\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

describe('objection messages', () => {
  it('have both languages with the same placeholders', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries(objectionMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(ph(m.zh), key).toEqual(ph(m.en));
    }
  });
});

describeEachDialect('objections (异议, R15): raising to archive, marks, evidence, stats', (dialect) => {
  let t: TestApp;
  // Friday 2026-12-04, 10:00 China Standard Time; Monday 2026-12-07 is a (synthetic) holiday.
  const clock = new FixedClock('2026-12-04T02:00:00.000Z');
  const tok: Record<string, string> = {};
  const unit: Record<string, string> = {};
  let people: string; // 人口基础信息 (mandatory, 公安局)
  let moving: string; // 流动人口居住登记信息 (restricted, 公安局)
  let exitEntry: string; // 出入境证件办理信息 (not shared, 公安局)

  const url = (rest = '') => `/api/v1/sharing/objections${rest}`;
  const as = (who: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) => t.as(tok[who]!, method, path, body, headers);
  const raise = (who: string, body: Record<string, unknown>) => as(who, 'POST', url(), body);
  const act = (who: string, id: string, action: string, body: Record<string, unknown> = {}) => as(who, 'POST', url(`/${id}/${action}`), body);
  const actor = (username: string, roles: SharingActor['roles']): SharingActor => ({
    actorType: 'user',
    actorId: username,
    actorName: username,
    unitId: unit[username]!,
    clientIp: null,
    requestId: null,
    kind: 'user',
    roles,
    systemId: null,
  });
  const upload = (who: string, id: string, body: Buffer, name: string, contentType = 'application/octet-stream') =>
    as(who, 'POST', url(`/${id}/evidence?name=${enc(name)}`), body, { 'content-type': contentType });

  const base = () => ({
    resourceCode: people,
    recordKeys: [idNumber(1)],
    fields: ['xm'],
    description: '该记录的姓名与户籍登记不一致',
    evidence: '本单位窗口核验的户口簿与共享数据不符',
    expectedCorrection: '按户籍登记更正姓名',
  });

  beforeAll(async () => {
    t = await createTestApp(dialect, { catalog: true, clock, config: { sessionTtlMinutes: 43_200 } });
    await t.platform.calendar.setYear(SYSTEM, 2026, [{ day: '2026-12-07', kind: 'holiday', name: '测试假日' }]);
    for (const u of ['user_mz', 'user_jy', 'steward_ga', 'steward_rs', 'steward_zr', 'reviewer', 'supervisor', 'admin', 'leader', 'secrecy']) {
      tok[u] = await t.login(u);
      unit[u] = (await t.platform.org.getUserByUsername(u))!.unitId!;
    }
    const find = async (name: string) => {
      const r = await as('reviewer', 'GET', `/api/v1/catalog/resources?q=${enc(name)}&facets=false`);
      const hit = (r.json().items as { code: string; name: string }[]).find((x) => x.name === name);
      if (!hit) throw new Error(`demo resource ${name} not found`);
      return hit.code;
    };
    people = await find('人口基础信息');
    moving = await find('流动人口居住登记信息');
    exitEntry = await find('出入境证件办理信息');
    // 民政局 holds a grant on the restricted resource; 吉阳区 does not.
    await t.platform.sharing.createGrant(SYSTEM, { resourceCode: moving, consumerUnitId: unit.user_mz!, purpose: '社会救助对象核查' });
  }, 120_000);
  afterAll(async () => t?.close());

  describe('raising', () => {
    it('a consumer of a mandatory resource raises in writing; the authority gets an accept task due in 2 working days', async () => {
      const r = await raise('user_mz', base());
      expect(r.statusCode, r.body).toBe(201);
      const o = r.json() as ObjectionDetail;
      expect(o).toMatchObject({
        resourceCode: people,
        resourceName: '人口基础信息',
        state: 'raised',
        marked: false,
        recordKeys: [idNumber(1)],
        fields: ['xm'],
        raiserUnitId: unit.user_mz,
        providerUnitId: unit.steward_ga,
        providerUnitName: '三亚市公安局',
      });
      expect(o.actions).toEqual(['evidence']);
      expect(r.headers.location).toBe(`/api/v1/sharing/objections/${o.id}`);
      const tasks = await t.platform.workflow.tasksOf('objection', o.id);
      // Fri + 2 working days: Sat, Sun, Mon (holiday) skipped → Tue 08, Wed 09.
      expect(tasks.map((x) => [x.step, x.assignee.role, x.assignee.unitId, x.dueAt, x.state])).toEqual([['accept', 'authority_reviewer', null, '2026-12-09T15:59:59.999Z', 'open']]);
      const ev = await t.platform.audit.query({ action: 'sharing.objection.raise' } as never);
      expect(ev.items.some((e) => e.targetId === o.id && e.result === 'success')).toBe(true);
      // The reviewer sees it in the inbox.
      const inbox = await t.platform.workflow.inbox(actor('reviewer', ['authority_reviewer']), { itemKind: 'objection' });
      expect(inbox.items.some((x) => x.itemId === o.id && x.step === 'accept')).toBe(true);
    });

    it('a unit holding a grant on a restricted resource may raise; a unit without one may not (403)', async () => {
      const ok = await raise('user_mz', { ...base(), resourceCode: moving, recordKeys: [], fields: [] });
      expect(ok.statusCode, ok.body).toBe(201);
      const denied = await raise('user_jy', { ...base(), resourceCode: moving, recordKeys: [], fields: [] });
      expect(denied.statusCode, denied.body).toBe(403);
      expect(denied.json().code).toBe('forbidden');
      expect(denied.json().detail).toContain('不能对其提出异议');
    });

    it('nobody objects to a non-shared resource, the provider not to its own data, the authority and tokens not at all', async () => {
      const noneShared = await raise('user_mz', { ...base(), resourceCode: exitEntry, recordKeys: [], fields: [] });
      expect(noneShared.statusCode).toBe(403);
      const own = await raise('steward_ga', base());
      expect(own.statusCode).toBe(403);
      expect(own.json().detail).toContain('提供单位');
      for (const who of ['reviewer', 'supervisor', 'admin', 'leader', 'secrecy']) {
        const r = await raise(who, base());
        expect(r.statusCode, who).toBe(403);
      }
      const anonymous = await t.app.inject({ method: 'POST', url: url(), payload: base() });
      expect(anonymous.statusCode).toBe(401);
    });

    it('bad input gets 400 with per-field errors in both languages, and nothing is written', async () => {
      const before = (await t.platform.objections.list(actor('user_mz', ['unit_user']), { box: 'mine' })).total;
      const r = await raise('user_mz', { ...base(), description: '   ', fields: ['xm', 'nope', 'xm'], recordKeys: ['ok', ''] });
      expect(r.statusCode, r.body).toBe(400);
      const p = r.json();
      expect(p.code).toBe('validation_failed');
      const fields = (p.errors as { field: string; code: string }[]).map((e) => [e.field, e.code]);
      expect(fields).toEqual(expect.arrayContaining([['body.description', 'required'], ['body.recordKeys/1', 'invalid_key']]));
      const second = await raise('user_mz', { ...base(), fields: ['xm', 'nope', 'xm'] });
      expect((second.json().errors as { field: string; code: string }[]).map((e) => [e.field, e.code])).toEqual([
        ['body.fields/1', 'unknown_field'],
        ['body.fields/2', 'duplicate'],
      ]);
      const en = await as('user_mz', 'POST', url(), { ...base(), expectedCorrection: '' }, { 'accept-language': 'en' });
      expect(en.statusCode).toBe(400);
      expect(en.json().errors[0].message).toBe('Must not be blank');
      const unknownProp = await raise('user_mz', { ...base(), extra: 1 });
      expect(unknownProp.statusCode).toBe(400);
      const missing = await raise('user_mz', { ...base(), resourceCode: 'Z99/999999' });
      expect(missing.statusCode).toBe(404);
      const after = (await t.platform.objections.list(actor('user_mz', ['unit_user']), { box: 'mine' })).total;
      expect(after).toBe(before);
    });
  });

  describe('from raising to archive', () => {
    let id: string;
    beforeAll(async () => {
      const r = await raise('user_mz', { ...base(), recordKeys: [idNumber(2), idNumber(3)], fields: ['xm', 'csrq'] });
      id = r.json().id;
    });

    it('only the authority accepts; the records are marked and the provider must verify within 10 working days', async () => {
      for (const who of ['user_mz', 'steward_ga', 'supervisor', 'admin']) {
        const r = await act(who, id, 'accept');
        expect(r.statusCode, who).toBe(403);
      }
      const outsider = await act('user_jy', id, 'accept');
      expect(outsider.statusCode).toBe(403);
      expect(outsider.json().detail).toContain('无权查看');
      const ok = await act('reviewer', id, 'accept', { comment: '已登记受理' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ state: 'marked', marked: true });
      expect(ok.json().actions).toEqual([]);
      const tasks = await t.platform.workflow.tasksOf('objection', id, { openOnly: true });
      // Fri + 10 working days: Tue 08 … Fri 11 (4), Mon 14 … Fri 18 (9), Mon 21 (10); Mon 07 is a holiday.
      expect(tasks.map((x) => [x.step, x.assignee.role, x.assignee.unitId, x.deadlineKind, x.dueAt])).toEqual([
        ['verify', 'unit_steward', unit.steward_ga, 'objection_verify', '2026-12-21T15:59:59.999Z'],
      ]);
      const again = await act('reviewer', id, 'accept');
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('bad_objection_transition');
      const rejectLate = await act('reviewer', id, 'reject', { reason: '晚了' });
      expect(rejectLate.statusCode).toBe(409);
    });

    it('every consumer sees the marks; only the provider and the authority see other units\' record keys', async () => {
      const marks = await t.platform.objections.marks(people);
      expect(marks.objectionIds).toContain(id);
      expect(marks.keys).toEqual(expect.arrayContaining([idNumber(2), idNumber(3)]));
      expect(marks.fields).toEqual(expect.arrayContaining(['xm', 'csrq']));
      const provider = await as('steward_ga', 'GET', url(`/marks?resource=${enc(people)}`));
      expect(provider.statusCode, provider.body).toBe(200);
      expect(provider.json()).toMatchObject({ resourceCode: people, hiddenKeys: 0 });
      expect(provider.json().keys).toEqual(expect.arrayContaining([idNumber(2), idNumber(3)]));
      const other = await as('user_jy', 'GET', url(`/marks?resource=${enc(people)}`));
      expect(other.statusCode).toBe(200);
      expect(other.json().keys).toEqual([]);
      expect(other.json().hiddenKeys).toBe(2);
      expect(other.json().fields).toEqual(expect.arrayContaining(['xm', 'csrq']));
      const raiser = await as('user_mz', 'GET', url(`/marks?resource=${enc(people)}`));
      expect(raiser.json().keys).toEqual(expect.arrayContaining([idNumber(2), idNumber(3)]));
      // The text of the objection stays with its parties.
      expect((await as('user_jy', 'GET', url(`/${id}`))).statusCode).toBe(403);
      expect((await as('steward_rs', 'GET', url(`/${id}`))).statusCode).toBe(403);
      for (const who of ['user_mz', 'steward_ga', 'reviewer', 'supervisor', 'admin']) expect((await as(who, 'GET', url(`/${id}`))).statusCode, who).toBe(200);
      expect(await t.platform.workflow.canSee(actor('user_jy', ['unit_user']), 'objection', id)).toBe(false);
      expect(await t.platform.workflow.canSee(actor('steward_ga', ['unit_steward']), 'objection', id)).toBe(true);
    });

    it('the data API tells every consumer: records under objection carry _objection, pages carry the notice', async () => {
      const person = (n: number) => `${idNumber(n)},测试${n},1,01,1990-01-01,三亚市吉阳区测试路${n}号,460202,10`;
      const body = ['sfzhm,xm,xb,mz,csrq,hjdz,ssq,rkzt', person(2), person(4)].join('\r\n') + '\r\n';
      const up = await as('steward_ga', 'POST', `/api/v1/data/${enc(people)}/batches`, body, { 'content-type': 'text/csv' });
      expect(up.statusCode, up.body).toBe(200);
      const data = (rest: string) => `/api/v1/data/${enc(people)}${rest}${rest.includes('?') ? '&' : '?'}purpose=${enc('核对')}`;
      // Another unit (masked keys): the record named by its key is flagged; the page carries the notice.
      const marked = await as('user_jy', 'GET', data(`/records/${enc(idNumber(2))}`));
      expect(marked.statusCode, marked.body).toBe(200);
      expect(marked.json()._objection).toBe(true);
      const clean = await as('user_jy', 'GET', data(`/records/${enc(idNumber(4))}`));
      expect(clean.statusCode).toBe(200);
      expect(clean.json()._objection).toBeUndefined();
      const page = await as('user_jy', 'GET', data('/records?limit=100'));
      expect(page.json().objections).toEqual({ resource: false, fields: expect.arrayContaining(['xm', 'csrq']), records: 2 });
      // The provider sees its keys unmasked, so the rows themselves are flagged.
      const own = (await as('steward_ga', 'GET', data('/records?limit=100'))).json() as { items: { _key: string; _objection?: boolean }[] };
      expect(own.items.filter((r) => r._objection).map((r) => r._key)).toEqual([idNumber(2)]);
    });

    it('only the provider unit\'s steward answers; the answer is fed back to the raiser', async () => {
      for (const who of ['user_mz', 'steward_rs', 'reviewer']) {
        const r = await act(who, id, 'answer', { kind: 'explained', text: '—' });
        expect(r.statusCode, who).toBe(403);
      }
      const bad = await act('steward_ga', id, 'answer', { kind: 'maybe', text: 'x' });
      expect(bad.statusCode).toBe(400);
      const ok = await act('steward_ga', id, 'answer', { kind: 'explained', text: '经核实，户籍登记姓名与共享数据一致' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ state: 'fed_back', answerKind: 'explained', marked: true, answeredBy: 'steward_ga' });
      const tasks = await t.platform.workflow.tasksOf('objection', id, { openOnly: true });
      expect(tasks.map((x) => [x.step, x.assignee.role, x.assignee.unitId, x.dueAt])).toEqual([['acknowledge', 'unit_user', unit.user_mz, null]]);
      const mine = await as('user_mz', 'GET', url(`/${id}`));
      expect(mine.json().actions).toEqual(['acknowledge', 'dispute', 'evidence']);
    });

    it('the raiser disputes once; the authority sends it back for a second verification', async () => {
      for (const who of ['steward_ga', 'reviewer', 'user_jy']) {
        const r = await act(who, id, 'dispute', { reason: '不同意' });
        expect(r.statusCode, who).toBe(403);
      }
      const blank = await act('user_mz', id, 'dispute', { reason: ' ' });
      expect(blank.statusCode).toBe(400);
      const ok = await act('user_mz', id, 'dispute', { reason: '户口簿显示的姓名不同，附件为证' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ state: 'disputed', marked: true });
      const reviewerView = await as('reviewer', 'GET', url(`/${id}`));
      expect(reviewerView.json().actions).toEqual(['accept', 'close']);
      const reverify = await act('reviewer', id, 'accept', { comment: '请再次核实' });
      expect(reverify.statusCode, reverify.body).toBe(200);
      expect(reverify.json().state).toBe('marked');
      const answer = await act('steward_ga', id, 'answer', { kind: 'corrected', text: '已按户籍登记更正，更正数据已上传' });
      expect(answer.statusCode).toBe(200);
      const twice = await act('user_mz', id, 'dispute', { reason: '再次复议' });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().code).toBe('already_disputed');
      expect((await as('user_mz', 'GET', url(`/${id}`))).json().actions).toEqual(['acknowledge', 'evidence']);
    });

    it('the raiser acknowledges; only the authority closes; upheld removes the mark, archives and is counted', async () => {
      expect((await act('steward_ga', id, 'acknowledge')).statusCode).toBe(403);
      const ack = await act('user_mz', id, 'acknowledge', { comment: '已确认更正' });
      expect(ack.statusCode, ack.body).toBe(200);
      expect(ack.json().state).toBe('acknowledged');
      const tasks = await t.platform.workflow.tasksOf('objection', id, { openOnly: true });
      expect(tasks.map((x) => [x.step, x.assignee.role, x.dueAt])).toEqual([['close', 'authority_reviewer', '2026-12-09T15:59:59.999Z']]);
      for (const who of ['user_mz', 'steward_ga', 'supervisor']) expect((await act(who, id, 'close', { upheld: true, conclusion: 'x' })).statusCode, who).toBe(403);
      const noDecision = await act('reviewer', id, 'close', { conclusion: '办结' });
      expect(noDecision.statusCode).toBe(400);
      const before = await t.platform.objections.upheldCount();
      const closed = await act('reviewer', id, 'close', { upheld: true, conclusion: '异议成立，提供单位已更正' });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json()).toMatchObject({ state: 'archived', outcome: 'upheld', marked: false });
      expect(closed.json().actions).toEqual([]);
      expect(await t.platform.objections.upheldCount()).toBe(before + 1);
      const marks = await t.platform.objections.marks(people);
      expect(marks.objectionIds).not.toContain(id);
      expect(marks.keys).not.toContain(idNumber(2));
      expect(await t.platform.workflow.tasksOf('objection', id, { openOnly: true })).toEqual([]);
      const timeline = await t.platform.workflow.timeline('objection', id);
      expect(timeline.map((e) => [e.action, e.fromState, e.toState])).toEqual([
        ['sharing.objection.raise', null, 'raised'],
        ['sharing.objection.accept', 'raised', 'marked'],
        ['sharing.objection.answer', 'marked', 'fed_back'],
        ['sharing.objection.dispute', 'fed_back', 'disputed'],
        ['sharing.objection.accept', 'disputed', 'marked'],
        ['sharing.objection.answer', 'marked', 'fed_back'],
        ['sharing.objection.acknowledge', 'fed_back', 'acknowledged'],
        ['sharing.objection.close', 'acknowledged', 'closed'],
        ['sharing.objection.archive', 'closed', 'archived'],
      ]);
      for (const action of ['accept', 'answer', 'dispute', 'acknowledge', 'close', 'archive']) {
        const ev = await t.platform.audit.query({ action: `sharing.objection.${action}` } as never);
        expect(ev.items.some((e) => e.targetId === id), action).toBe(true);
      }
      expect((await act('reviewer', id, 'close', { upheld: false, conclusion: 'again' })).statusCode).toBe(409);
    });

    it('the parties are notified of each transition (not of their own)', async () => {
      const mz = await t.platform.workflow.notifications(actor('user_mz', ['unit_user']));
      const kinds = mz.items.filter((n) => n.itemId === id).map((n) => n.kind);
      expect(kinds).toEqual(expect.arrayContaining(['objection.notice.accepted', 'objection.notice.explained', 'objection.notice.corrected', 'objection.notice.upheld']));
      expect(kinds).not.toContain('objection.notice.disputed');
      const sup = await t.platform.workflow.notifications(actor('supervisor', ['supervisor']));
      expect(sup.items.some((n) => n.itemId === id && n.kind === 'objection.notice.upheld')).toBe(true);
    });
  });

  describe('rejection, not upheld and the statistics', () => {
    it('a rejected objection is archived without a mark; a not-upheld one is not counted', async () => {
      const a = (await raise('user_mz', { ...base(), recordKeys: [idNumber(5)] })).json().id as string;
      expect((await act('reviewer', a, 'reject', { reason: '' })).statusCode).toBe(400);
      expect((await act('steward_ga', a, 'reject', { reason: '无依据' })).statusCode).toBe(403);
      const rejected = await act('reviewer', a, 'reject', { reason: '未说明具体记录，不予受理' });
      expect(rejected.statusCode).toBe(200);
      expect(rejected.json()).toMatchObject({ state: 'archived', outcome: 'rejected', marked: false, rejectReason: '未说明具体记录，不予受理' });
      expect(await t.platform.workflow.tasksOf('objection', a, { openOnly: true })).toEqual([]);

      const before = await t.platform.objections.upheldCount();
      const b = (await raise('user_mz', { ...base(), recordKeys: [idNumber(6)] })).json().id as string;
      await act('reviewer', b, 'accept');
      expect((await t.platform.objections.marks(people)).keys).toContain(idNumber(6));
      await act('steward_ga', b, 'answer', { kind: 'explained', text: '数据无误' });
      await act('user_mz', b, 'acknowledge');
      const closed = await act('reviewer', b, 'close', { upheld: false, conclusion: '异议不成立' });
      expect(closed.json()).toMatchObject({ state: 'archived', outcome: 'not_upheld', marked: false });
      expect((await t.platform.objections.marks(people)).keys).not.toContain(idNumber(6));
      expect(await t.platform.objections.upheldCount()).toBe(before);
    });

    it('two concurrent acceptances: exactly one wins, the other gets 409, one verify task is opened', async () => {
      const c = (await raise('user_mz', { ...base(), recordKeys: [idNumber(7)] })).json().id as string;
      const [a, b] = await Promise.all([act('reviewer', c, 'accept'), act('reviewer', c, 'accept')]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      expect(await t.platform.workflow.tasksOf('objection', c, { openOnly: true })).toHaveLength(1);
      await act('reviewer', c, 'accept').then((r) => expect(r.statusCode).toBe(409));
    });

    it('counts upheld objections per provider unit and period; stats for the authority, supervision and the own unit', async () => {
      expect(await t.platform.objections.upheldCount({ unitId: unit.steward_ga })).toBe(1);
      expect(await t.platform.objections.upheldCount({ unitId: unit.steward_zr })).toBe(0);
      expect(await t.platform.objections.upheldCount({ from: '2026-12-04', to: '2026-12-04' })).toBe(1);
      expect(await t.platform.objections.upheldCount({ from: '2026-12-05' })).toBe(0);
      expect(await t.platform.objections.upheldCount({ to: '2026-12-03' })).toBe(0);
      const s = await as('supervisor', 'GET', url('/stats'));
      expect(s.statusCode, s.body).toBe(200);
      expect(s.json()).toMatchObject({ upheld: 1, notUpheld: 1, rejected: 1 });
      expect(s.json().byProvider).toEqual([{ unitId: unit.steward_ga, unitName: '三亚市公安局', upheld: 1, notUpheld: 1 }]);
      expect((await as('steward_ga', 'GET', url(`/stats?unitId=${unit.steward_ga}`))).statusCode).toBe(200);
      expect((await as('steward_ga', 'GET', url('/stats'))).statusCode).toBe(403);
      expect((await as('steward_rs', 'GET', url(`/stats?unitId=${unit.steward_ga}`))).statusCode).toBe(403);
      expect((await as('user_mz', 'GET', url('/stats'))).statusCode).toBe(403);
      const bad = await as('reviewer', 'GET', url('/stats?from=2026-02-30'));
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('querystring.from');
    });
  });

  describe('lists', () => {
    it('mine, to_handle and all answer per caller', async () => {
      const mine = await as('user_mz', 'GET', url('?box=mine'));
      expect(mine.statusCode).toBe(200);
      expect(mine.json().total).toBeGreaterThanOrEqual(4);
      expect((mine.json().items as { raiserUnitId: string }[]).every((o) => o.raiserUnitId === unit.user_mz)).toBe(true);
      const review = await as('reviewer', 'GET', url('?box=to_handle'));
      expect((review.json().items as { state: string }[]).every((o) => ['raised', 'acknowledged', 'disputed'].includes(o.state))).toBe(true);
      expect(review.json().total).toBeGreaterThanOrEqual(1);
      const outsider = await as('user_jy', 'GET', url('?box=all'));
      expect(outsider.json().total).toBe(0);
      const provider = await as('steward_ga', 'GET', url('?box=all'));
      expect(provider.json().total).toBe((await as('supervisor', 'GET', url('?box=all'))).json().total);
      const archived = await as('supervisor', 'GET', url(`?box=all&state=archived&resource=${enc(people)}`));
      expect(archived.json().total).toBe(3);
      expect((await as('user_mz', 'GET', url('?box=nope'))).statusCode).toBe(400);
    });
  });

  describe('evidence files', () => {
    let id: string;
    beforeAll(async () => {
      id = (await raise('user_mz', { ...base(), recordKeys: [idNumber(9)] })).json().id;
    });

    it('the raiser adds a PDF; the parties download it, audited; others may not', async () => {
      const r = await upload('user_mz', id, PDF, '户口簿核验记录.pdf');
      expect(r.statusCode, r.body).toBe(201);
      const ev = r.json();
      expect(ev).toMatchObject({ name: '户口簿核验记录.pdf', contentType: 'application/pdf', bytes: PDF.length, party: 'raiser' });
      const detail = await as('reviewer', 'GET', url(`/${id}`));
      expect(detail.json().evidenceFiles.map((e: { id: string }) => e.id)).toEqual([ev.id]);
      const dl = await as('reviewer', 'GET', url(`/${id}/evidence/${ev.id}`));
      expect(dl.statusCode).toBe(200);
      expect(dl.headers['content-type']).toBe('application/pdf');
      expect(dl.rawPayload.equals(PDF)).toBe(true);
      const audited = await t.platform.audit.query({ action: 'sharing.objection.evidence.download' } as never);
      expect(audited.items.some((e) => e.targetId === id && e.actorName === 'reviewer')).toBe(true);
      expect((await as('user_jy', 'GET', url(`/${id}/evidence/${ev.id}`))).statusCode).toBe(403);
      expect((await as('reviewer', 'GET', url(`/${id}/evidence/nope`))).statusCode).toBe(404);
      const timeline = await t.platform.workflow.timeline('objection', id);
      expect(timeline.some((e) => e.action === 'sharing.objection.evidence' && e.comment === '户口簿核验记录.pdf')).toBe(true);
    });

    it('multipart uploads and images are accepted', async () => {
      const boundary = '----govshare-test';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="现场照片.png"\r\nContent-Type: image/png\r\n\r\n`),
        PNG,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const r = await as('user_mz', 'POST', url(`/${id}/evidence`), body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ name: '现场照片.png', contentType: 'image/png' });
    });

    it('magic bytes decide: executables, mismatched names, empty and oversized files are refused with 4xx', async () => {
      const exe = await upload('user_mz', id, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), 'evidence.pdf');
      expect(exe.statusCode).toBe(415);
      expect(exe.json().code).toBe('file_type_not_allowed');
      const mismatch = await upload('user_mz', id, Buffer.from('just some text\n'), 'scan.pdf');
      expect(mismatch.statusCode).toBe(415);
      expect(mismatch.json().code).toBe('content_type_mismatch');
      const json = await upload('user_mz', id, Buffer.from('{"a":1}'), 'data.json');
      expect(json.statusCode).toBe(415);
      expect(json.json().code).toBe('file_type_not_allowed');
      const empty = await upload('user_mz', id, Buffer.alloc(0), 'empty.pdf');
      expect(empty.statusCode).toBe(400);
      expect(empty.json().code).toBe('file_empty');
      const big = await upload('user_mz', id, Buffer.concat([PDF, Buffer.alloc(t.platform.objections.evidenceMaxBytes)]), 'big.pdf');
      expect(big.statusCode).toBe(413);
      const noName = await as('user_mz', 'POST', url(`/${id}/evidence`), PDF, { 'content-type': 'application/pdf' });
      expect(noName.statusCode).toBe(400);
      const detail = await as('user_mz', 'GET', url(`/${id}`));
      expect(detail.json().evidenceFiles).toHaveLength(2);
    });

    it('who adds evidence when: the raiser until settled, the provider while verifying, nobody else', async () => {
      expect((await upload('steward_ga', id, PDF, 'p.pdf')).statusCode).toBe(409);
      expect((await upload('user_jy', id, PDF, 'x.pdf')).statusCode).toBe(403);
      expect((await upload('reviewer', id, PDF, 'x.pdf')).statusCode).toBe(403);
      await act('reviewer', id, 'accept');
      const provider = await upload('steward_ga', id, PDF, '核实记录.pdf');
      expect(provider.statusCode, provider.body).toBe(201);
      expect(provider.json().party).toBe('provider');
      await act('steward_ga', id, 'answer', { kind: 'explained', text: '数据无误' });
      expect((await upload('steward_ga', id, PDF, 'late.pdf')).statusCode).toBe(409);
      await act('user_mz', id, 'acknowledge');
      expect((await upload('user_mz', id, PDF, 'late.pdf')).statusCode).toBe(409);
    });
  });

  it('the routes are in the OpenAPI document under the sharing tag', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const p of ['/api/v1/sharing/objections', '/api/v1/sharing/objections/{id}', '/api/v1/sharing/objections/{id}/close', '/api/v1/sharing/objections/marks', '/api/v1/sharing/objections/stats', '/api/v1/sharing/objections/{id}/evidence']) {
      expect(doc.paths[p], p).toBeTruthy();
    }
    expect(doc.paths['/api/v1/sharing/objections'].post.tags).toEqual(['sharing']);
  });
});
