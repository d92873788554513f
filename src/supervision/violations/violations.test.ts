import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import type { Finding } from '../types.js';
import { violationMessages } from './messages.js';
import type { ViolationDetail } from './model.js';

describe('violation messages', () => {
  it('have both languages with the same placeholders', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries(violationMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(ph(m.zh), key).toEqual(ph(m.en));
    }
  });
});

describeEachDialect('violations register (违规事项, R23): candidates to closing, notices, visibility, stats', (dialect) => {
  let t: TestApp;
  // Tuesday 2026-12-01, 10:00 China Standard Time.
  const clock = new FixedClock('2026-12-01T02:00:00.000Z');
  const tok: Record<string, string> = {};
  const unit: Record<string, string> = {};
  const url = (rest = '') => `/api/v1/supervision/violations${rest}`;
  const as = (who: string, method: string, path: string, body?: unknown) => t.as(tok[who]!, method, path, body);
  const act = (who: string, id: string, action: string, body: Record<string, unknown> = {}) => as(who, 'POST', url(`/${id}/${action}`), body);
  let seq = 0;
  const finding = (over: Partial<Finding> = {}): Finding => {
    seq++;
    return {
      ruleId: 'c3.update_overdue',
      category: 3,
      unitId: unit.steward_ga!,
      dedupeKey: `c3:test/${seq}:2026-11-20`,
      title: `资源未按期更新 ${seq}`,
      titleEn: `Resource not updated in time ${seq}`,
      evidence: { resourceCode: '101/000001', dueAt: '2026-11-20T15:59:59.999Z', lastUpdate: '2026-10-01T00:00:00.000Z' },
      subject: { type: 'resource', id: '101/000001' },
      observedAt: clock.now().toISOString(),
      ...over,
    };
  };
  /** A candidate created through the sink; returns its id. */
  async function candidate(over: Partial<Finding> = {}): Promise<string> {
    const f = finding(over);
    const r = await t.platform.violations.raiseCandidates([f]);
    expect(r.created).toBe(1);
    const list = await t.platform.violations.list(SYSTEM, { limit: 200 });
    return list.items.find((v) => v.dedupeKey === f.dedupeKey)!.id;
  }
  const SYSTEM: SharingActor = { actorType: 'system', actorId: null, actorName: 'test', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };
  const actor = (username: string, roles: SharingActor['roles']): SharingActor => ({
    actorType: 'user',
    actorId: username,
    actorName: username,
    unitId: unit[username] ?? null,
    clientIp: null,
    requestId: null,
    kind: 'user',
    roles,
    systemId: null,
  });

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock, config: { sessionTtlMinutes: 43_200 } });
    for (const u of ['user_mz', 'user_jy', 'steward_ga', 'steward_rs', 'reviewer', 'supervisor', 'admin', 'leader', 'auditor', 'secrecy']) {
      tok[u] = await t.login(u);
      unit[u] = (await t.platform.org.getUserByUsername(u))!.unitId!;
    }
    // A user of 市公安局 (the steward's unit) who is not its steward.
  }, 120_000);
  afterAll(async () => t?.close());

  describe('raiseCandidates (ViolationSink)', () => {
    it('creates one candidate per new dedupe key; the same findings again create nothing; audited per candidate', async () => {
      const a = finding();
      const b = finding({ category: 4, reviewOnly: true, ruleId: 'c4.unusual_use', dedupeKey: `c4:test:${seq}` });
      expect(await t.platform.violations.raiseCandidates([a, b, a])).toEqual({ created: 2, existing: 1 });
      expect(await t.platform.violations.raiseCandidates([a, b])).toEqual({ created: 0, existing: 2 });
      const list = await t.platform.violations.list(SYSTEM, { state: 'candidate', limit: 200 });
      const mine = list.items.filter((v) => v.dedupeKey === a.dedupeKey || v.dedupeKey === b.dedupeKey);
      expect(mine).toHaveLength(2);
      const review = mine.find((v) => v.category === 4)!;
      expect(review.reviewOnly).toBe(true);
      expect(review.article).toBe('第三十一条第四项');
      const audit = await t.platform.audit.query({ action: 'supervision.violation.detect' } as never);
      for (const v of mine) expect(audit.items.filter((e) => e.targetId === v.id && e.actorType === 'system')).toHaveLength(1);
      // The supervisor's review task, due in 10 working days.
      const tasks = await t.platform.workflow.tasksOf('violation', review.id);
      expect(tasks.map((x) => [x.step, x.assignee.role, x.assignee.unitId, x.deadlineKind, x.state])).toEqual([['review', 'supervisor', null, 'violation_review', 'open']]);
    });

    it('concurrent batches with the same keys create each candidate once and neither fails', async () => {
      const batch = [finding(), finding(), finding()];
      const results = await Promise.all([t.platform.violations.raiseCandidates(batch), t.platform.violations.raiseCandidates([...batch].reverse()), t.platform.violations.raiseCandidates(batch)]);
      expect(results.reduce((n, r) => n + r.created, 0)).toBe(3);
      expect(results.every((r) => r.created + r.existing === 3)).toBe(true);
      const list = await t.platform.violations.list(SYSTEM, { limit: 200 });
      for (const f of batch) expect(list.items.filter((v) => v.dedupeKey === f.dedupeKey)).toHaveLength(1);
    });

    it('refuses a malformed finding before writing anything', async () => {
      const good = finding();
      await expect(t.platform.violations.raiseCandidates([good, { ...finding(), category: 9 as never }])).rejects.toMatchObject({ status: 400, code: 'invalid_finding' });
      await expect(t.platform.violations.raiseCandidates([{ ...finding(), unitId: 'no-such-unit' }])).rejects.toMatchObject({ status: 400 });
      const list = await t.platform.violations.list(SYSTEM, { limit: 200 });
      expect(list.items.some((v) => v.dedupeKey === good.dedupeKey)).toBe(false);
    });
  });

  describe('the flow: confirm → notify → order → answer → close, with who may and may not', () => {
    it('a candidate is the supervisors\' alone: the unit does not see it; only a supervisor confirms', async () => {
      const id = await candidate();
      expect((await as('steward_ga', 'GET', url(`/${id}`))).statusCode).toBe(403);
      const theirs = (await as('steward_ga', 'GET', url())).json() as { items: { id: string }[] };
      expect(theirs.items.some((v) => v.id === id)).toBe(false);
      const seen = await as('reviewer', 'GET', url(`/${id}`));
      expect(seen.statusCode).toBe(200);
      expect(seen.json().actions).toEqual([]);
      const r403 = await act('reviewer', id, 'confirm');
      expect(r403.statusCode).toBe(403);
      expect(r403.headers['content-type']).toMatch(/^application\/problem\+json/);
      const sup = await as('supervisor', 'GET', url(`/${id}`));
      expect(sup.json().actions).toEqual(['confirm', 'dismiss']);
      const ok = await act('supervisor', id, 'confirm', { comment: '经核实属实' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ state: 'confirmed', confirmedBy: 'supervisor' });
      expect((await act('supervisor', id, 'confirm')).statusCode).toBe(409);
      // Now the unit sees it and is told.
      expect((await as('steward_ga', 'GET', url(`/${id}`))).statusCode).toBe(200);
      expect((await as('steward_rs', 'GET', url(`/${id}`))).statusCode).toBe(403);
      const notes = await t.platform.workflow.notifications(actor('steward_ga', ['unit_steward']));
      expect(notes.items.some((n) => n.itemId === id && n.kind === 'violation.notice.confirmed')).toBe(true);
      const tasks = await t.platform.workflow.tasksOf('violation', id);
      expect(tasks.find((x) => x.step === 'review')!.state).toBe('done');
    });

    it('notify publishes a notice every signed-in user sees; the steward answers; order, answer, close', async () => {
      const id = await candidate();
      await act('supervisor', id, 'confirm');
      const bad = await act('supervisor', id, 'notify', { text: '  ' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('validation_failed');
      const n = await act('supervisor', id, 'notify', { text: '市公安局未按期更新人口基础信息，予以通报批评。' });
      expect(n.statusCode, n.body).toBe(200);
      expect(n.json().state).toBe('notified');
      for (const who of ['secrecy', 'user_jy', 'steward_rs', 'leader']) {
        const list = await as(who, 'GET', '/api/v1/supervision/notices');
        expect(list.statusCode, who).toBe(200);
        const notice = (list.json().items as { violationId: string; text: string; unitName: string; title: string; titleEn: string | null }[]).find((x) => x.violationId === id);
        expect(notice).toMatchObject({ text: '市公安局未按期更新人口基础信息，予以通报批评。', unitName: '三亚市公安局' });
        // Both titles, so the portal can show the English one when the user reads in English.
        expect(notice!.title).toMatch(/^资源未按期更新 \d+$/);
        expect(notice!.titleEn).toMatch(/^Resource not updated in time \d+$/);
      }
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/supervision/notices' })).statusCode).toBe(401);
      let tasks = await t.platform.workflow.tasksOf('violation', id, { openOnly: true });
      expect(tasks.map((x) => [x.step, x.assignee.role, x.assignee.unitId, x.deadlineKind])).toEqual([['answer', 'unit_steward', unit.steward_ga, 'violation_answer']]);

      // Order rectification by a date: Friday 2026-12-11 (8 working days after Tue 12-01).
      const o = await act('supervisor', id, 'order', { text: '请于期限内完成数据更新并报送整改情况', dueDate: '2026-12-11' });
      expect(o.statusCode, o.body).toBe(200);
      expect(o.json()).toMatchObject({ state: 'rectifying', rectificationDueAt: '2026-12-11T15:59:59.999Z', rectifyRounds: 1 });
      tasks = await t.platform.workflow.tasksOf('violation', id, { openOnly: true });
      expect(tasks.map((x) => [x.step, x.assignee.role, x.assignee.unitId, x.dueAt])).toEqual([['rectify', 'unit_steward', unit.steward_ga, '2026-12-11T15:59:59.999Z']]);

      // Who answers: the unit's steward only.
      expect((await act('supervisor', id, 'answer', { text: 'x' })).statusCode).toBe(403);
      expect((await act('steward_rs', id, 'answer', { text: 'x' })).statusCode).toBe(403);
      const g = await as('steward_ga', 'GET', url(`/${id}`));
      expect(g.json().actions).toEqual(['answer']);
      const a = await act('steward_ga', id, 'answer', { text: '已完成数据更新，建立按月更新机制' });
      expect(a.statusCode, a.body).toBe(200);
      expect(a.json()).toMatchObject({ state: 'answered', answeredBy: 'steward_ga' });
      const supNotes = await t.platform.workflow.notifications(actor('supervisor', ['supervisor']));
      expect(supNotes.items.some((x) => x.itemId === id && x.kind === 'violation.notice.answered')).toBe(true);
      expect((await act('steward_ga', id, 'close')).statusCode).toBe(403);
      const c = await act('supervisor', id, 'close', { comment: '整改到位' });
      expect(c.statusCode, c.body).toBe(200);
      expect(c.json()).toMatchObject({ state: 'rectified', closeComment: '整改到位' });
      expect(c.json().closedAt).not.toBeNull();
      expect((await act('supervisor', id, 'close')).statusCode).toBe(409);
      expect(await t.platform.workflow.tasksOf('violation', id, { openOnly: true })).toEqual([]);
      // The notice stays published after the violation moved on.
      const still = await as('user_jy', 'GET', '/api/v1/supervision/notices');
      expect((still.json().items as { violationId: string }[]).some((x) => x.violationId === id)).toBe(true);
      // The timeline tells the story, and the unit may read it.
      const tl = await as('steward_ga', 'GET', `/api/v1/sharing/timeline/violation/${id}`);
      expect(tl.statusCode, tl.body).toBe(200);
      expect((tl.json().items as { action: string }[]).map((e) => e.action)).toEqual([
        'supervision.violation.detect',
        'supervision.violation.confirm',
        'supervision.violation.notify',
        'supervision.violation.order',
        'supervision.violation.answer',
        'supervision.violation.close',
      ]);
      expect((await as('steward_rs', 'GET', `/api/v1/sharing/timeline/violation/${id}`)).statusCode).toBe(403);
    });

    it('send back opens a new rectify task with the default deadline; an overdue rectify task is what 第五项 reads', async () => {
      const id = await candidate();
      await act('supervisor', id, 'confirm');
      expect((await act('supervisor', id, 'order', { text: '整改', workingDays: 0 })).statusCode).toBe(400);
      expect((await act('supervisor', id, 'order', { text: '整改', workingDays: 3, dueDate: '2026-12-20' })).statusCode).toBe(400);
      expect((await act('supervisor', id, 'order', { text: '整改', dueDate: '2026-11-30' })).json().code).toBe('validation_failed');
      expect((await act('supervisor', id, 'order', { text: '整改', workingDays: 3 })).statusCode).toBe(200);
      await act('steward_ga', id, 'answer', { text: '已整改' });
      const sb = await act('supervisor', id, 'send-back', { text: '整改不到位，请重新整改' });
      expect(sb.statusCode, sb.body).toBe(200);
      // The default: 20 working days (Tue 12-01 + 20 = Tue 12-29).
      expect(sb.json()).toMatchObject({ state: 'rectifying', rectifyRounds: 2, rectificationDueAt: '2026-12-29T15:59:59.999Z' });
      const open = await t.platform.workflow.tasksOf('violation', id, { openOnly: true });
      expect(open.map((x) => [x.step, x.deadlineKind])).toEqual([['rectify', 'rectification']]);
      const saved = clock.now();
      try {
        clock.set('2026-12-30T02:00:00.000Z');
        await t.platform.workflow.sweep();
        const overdue = await t.platform.workflow.overdue({ itemKind: 'violation' });
        expect(overdue.filter((o) => o.itemId === id).map((o) => [o.step, o.assignee.role, o.assignee.unitId])).toEqual([['rectify', 'unit_steward', unit.steward_ga]]);
      } finally {
        clock.set(saved);
      }
    });

    it('dismiss needs a reason; a dismissed candidate blocks its key for good and stays hidden from the unit', async () => {
      const f = finding();
      await t.platform.violations.raiseCandidates([f]);
      const id = (await t.platform.violations.list(SYSTEM, { limit: 200 })).items.find((v) => v.dedupeKey === f.dedupeKey)!.id;
      expect((await act('supervisor', id, 'dismiss', { reason: '' })).statusCode).toBe(400);
      const d = await act('supervisor', id, 'dismiss', { reason: '数据实际已更新，为同步延迟' });
      expect(d.statusCode).toBe(200);
      expect(d.json()).toMatchObject({ state: 'dismissed', dismissReason: '数据实际已更新，为同步延迟' });
      expect(await t.platform.violations.raiseCandidates([f])).toEqual({ created: 0, existing: 1 });
      expect((await as('steward_ga', 'GET', url(`/${id}`))).statusCode).toBe(403);
      expect((await act('supervisor', id, 'notify', { text: 'x' })).statusCode).toBe(409);
    });

    it('escalate (移送) records the sanction recommendation as serious; a platform-wide finding cannot be ordered', async () => {
      const id = await candidate();
      await act('supervisor', id, 'confirm');
      expect((await act('supervisor', id, 'escalate', {})).statusCode).toBe(400);
      const e = await act('supervisor', id, 'escalate', { sanction: '建议对直接负责的主管人员给予行政处分' });
      expect(e.statusCode, e.body).toBe(200);
      expect(e.json()).toMatchObject({ state: 'escalated', serious: true, sanction: '建议对直接负责的主管人员给予行政处分' });
      const leaderNotes = await t.platform.workflow.notifications(actor('leader', ['leader']));
      expect(leaderNotes.items.some((n) => n.itemId === id && n.kind === 'violation.notice.escalated')).toBe(true);

      const wide = await candidate({ unitId: null, category: 7, ruleId: 'c7.audit_chain', dedupeKey: `c7:chain:${seq}`, subject: undefined });
      await act('supervisor', wide, 'confirm');
      const det = await as('supervisor', 'GET', url(`/${wide}`));
      expect(det.json().actions).toEqual(['escalate']);
      const r = await act('supervisor', wide, 'order', { text: '整改' });
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe('violation_without_unit');
    });
  });

  describe('manual recording (第六项、第八项)', () => {
    it('a supervisor or the IT authority records a confirmed violation; others may not; bad input is 400', async () => {
      const body = { unitId: unit.steward_ga, category: 6, title: '擅自向第三方提供共享数据', description: '经查，该单位将共享数据提供给无关第三方', evidence: { source: '举报核查' } };
      const r = await as('reviewer', 'POST', url(), body);
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ state: 'confirmed', source: 'manual', category: 6, article: '第三十一条第六项', dedupeKey: null, createdBy: 'reviewer' });
      expect(r.json().titleEn).toBeNull();
      const en = await as('supervisor', 'POST', url(), { ...body, titleEn: '  Shared data given to a third party  ' });
      expect(en.statusCode, en.body).toBe(201);
      expect(en.json()).toMatchObject({ title: '擅自向第三方提供共享数据', titleEn: 'Shared data given to a third party' });
      expect(r.headers.location).toBe(url(`/${r.json().id}`));
      expect((await as('supervisor', 'POST', url(), { ...body, category: 8 })).statusCode).toBe(201);
      for (const who of ['steward_ga', 'user_mz', 'admin', 'leader']) expect((await as(who, 'POST', url(), body)).statusCode, who).toBe(403);
      const bad = await as('supervisor', 'POST', url(), { ...body, category: 9, title: '' });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((bad.json().errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['body.category', 'body.title']);
      const noUnit = await as('supervisor', 'POST', url(), { ...body, unitId: 'no-such-unit' });
      expect(noUnit.statusCode).toBe(400);
      expect((await as('supervisor', 'POST', url(), { ...body, extra: 1 })).statusCode).toBe(400);
      const ev = await t.platform.audit.query({ action: 'supervision.violation.record' } as never);
      expect(ev.items.some((e) => e.targetId === r.json().id)).toBe(true);
    });
  });

  describe('detail reads are audited (who opened which violation)', () => {
    const reads = (id: string) =>
      t.platform.db.kysely
        .selectFrom('audit_event')
        .select(['actor_name', 'unit_id', 'result', 'target_type', 'detail'])
        .where('action', '=', 'supervision.violation.read')
        .where('target_id', '=', id)
        .orderBy('time')
        .orderBy('seq')
        .execute();

    it('a GET of the detail appends supervision.violation.read before answering; a refused read writes no success event; an unknown id writes none', async () => {
      const id = await candidate();
      expect(await reads(id)).toEqual([]);
      const r = await as('supervisor', 'GET', url(`/${id}`));
      expect(r.statusCode, r.body).toBe(200);
      const first = await reads(id);
      expect(first).toHaveLength(1);
      expect(first[0]).toMatchObject({ actor_name: 'supervisor', unit_id: unit.supervisor, result: 'success', target_type: 'supervision_violation' });
      expect(JSON.parse(first[0]!.detail!)).toEqual({ state: 'candidate', unitId: unit.steward_ga });

      // The unit may not see a candidate: 403, recorded as a denied attempt, never as a read.
      expect((await as('steward_ga', 'GET', url(`/${id}`))).statusCode).toBe(403);
      const after = await reads(id);
      expect(after.filter((e) => e.actor_name === 'steward_ga').map((e) => e.result)).toEqual(['denied']);
      expect(after.filter((e) => e.result === 'success').map((e) => e.actor_name)).toEqual(['supervisor']);

      // An unknown id: 404 and nothing written.
      expect((await as('supervisor', 'GET', url('/no-such-violation'))).statusCode).toBe(404);
      expect(await reads('no-such-violation')).toEqual([]);

      // Once confirmed the unit reads it: audited with the state it saw. Transitions are audited as themselves, not as reads.
      await act('supervisor', id, 'confirm');
      expect((await reads(id)).filter((e) => e.result === 'success')).toHaveLength(1);
      expect((await as('steward_ga', 'GET', url(`/${id}`))).statusCode).toBe(200);
      const unitRead = (await reads(id)).filter((e) => e.result === 'success' && e.actor_name === 'steward_ga');
      expect(unitRead).toHaveLength(1);
      expect(JSON.parse(unitRead[0]!.detail!)).toEqual({ state: 'confirmed', unitId: unit.steward_ga });
    });
  });

  describe('lists, visibility and statistics', () => {
    it('a unit\'s people list only their own unit\'s confirmed-and-later violations; city-wide readers filter by state, category, unit, source, year', async () => {
      const own = (await as('steward_ga', 'GET', url('?limit=200'))).json() as { items: ViolationDetail[]; total: number };
      expect(own.total).toBeGreaterThan(0);
      expect(own.items.every((v) => v.unitId === unit.steward_ga && !['candidate', 'dismissed'].includes(v.state))).toBe(true);
      const other = (await as('steward_rs', 'GET', url('?limit=200'))).json() as { items: ViolationDetail[] };
      expect(other.items.every((v) => v.unitId === unit.steward_rs)).toBe(true);
      expect((await as('secrecy', 'GET', url())).json().total).toBe(0);
      const cands = (await as('leader', 'GET', url('?state=candidate&limit=200'))).json() as { items: ViolationDetail[] };
      expect(cands.items.length).toBeGreaterThan(0);
      expect(cands.items.every((v) => v.state === 'candidate')).toBe(true);
      const c4 = (await as('auditor', 'GET', url('?category=4&reviewOnly=true'))).json() as { items: ViolationDetail[] };
      expect(c4.items.length).toBeGreaterThan(0);
      expect(c4.items.every((v) => v.category === 4 && v.reviewOnly)).toBe(true);
      const manual = (await as('supervisor', 'GET', url('?source=manual'))).json() as { items: ViolationDetail[] };
      expect(manual.items.every((v) => v.source === 'manual')).toBe(true);
      expect((await as('supervisor', 'GET', url('?year=2026'))).json().total).toBeGreaterThan(0);
      expect((await as('supervisor', 'GET', url('?year=2025'))).json().total).toBe(0);
      expect((await as('supervisor', 'GET', url('?state=bogus'))).statusCode).toBe(400);
    });

    it('countsByUnit counts confirmations in the period per unit and category, serious ones apart', async () => {
      const saved = clock.now();
      try {
        clock.set('2027-03-02T02:00:00.000Z');
        const a = await candidate({ category: 1, ruleId: 'c1.no_data', dedupeKey: 'c1:period:a' });
        const b = await candidate({ category: 3, dedupeKey: 'c3:period:b' });
        const c = await candidate({ category: 3, unitId: unit.steward_rs, dedupeKey: 'c3:period:c' });
        const d = await candidate({ category: 3, dedupeKey: 'c3:period:d' });
        // Sessions do not live that long: the service directly, as the supervisor.
        const sup = actor('supervisor', ['supervisor']);
        await t.platform.violations.confirm(sup, a);
        await t.platform.violations.confirm(sup, b);
        await t.platform.violations.escalate(sup, b, '建议处分');
        await t.platform.violations.dismiss(sup, d, '误报');
        clock.set('2027-04-02T02:00:00.000Z');
        await t.platform.violations.confirm(sup, c);
        const march = await t.platform.violations.countsByUnit({ from: '2027-03-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' });
        expect(march).toEqual([{ unitId: unit.steward_ga, confirmed: 2, serious: 1, byCategory: { 1: 1, 3: 1 } }]);
        const q1q2 = await t.platform.violations.countsByUnit({ from: '2027-03-01T00:00:00.000Z', to: '2027-05-01T00:00:00.000Z' });
        expect(q1q2.map((x) => [x.unitId, x.confirmed])).toEqual([
          [unit.steward_ga, 2],
          [unit.steward_rs, 1],
        ]);
        const sum = await t.platform.violations.summary({ from: '2027-03-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' });
        expect(sum).toEqual({ total: 4, byState: { confirmed: 2, escalated: 1, dismissed: 1 }, byCategory: { 1: 1, 3: 3 } });
        clock.set(saved);
        const api = await as('leader', 'GET', url(`/stats?from=${encodeURIComponent('2027-03-01T00:00:00Z')}&to=${encodeURIComponent('2027-04-01T00:00:00Z')}`));
        expect(api.statusCode, api.body).toBe(200);
        expect(api.json().byUnit[0]).toMatchObject({ unitId: unit.steward_ga, unitName: '三亚市公安局', confirmed: 2, serious: 1 });
        expect((await as('steward_ga', 'GET', url('/stats?from=2027-03-01T00:00:00Z&to=2027-04-01T00:00:00Z'))).statusCode).toBe(403);
        expect((await as('leader', 'GET', url('/stats?from=2027-04-01T00:00:00Z&to=2027-03-01T00:00:00Z'))).statusCode).toBe(400);
        expect((await as('leader', 'GET', url('/stats?from=yesterday&to=2027-03-01T00:00:00Z'))).statusCode).toBe(400);
      } finally {
        clock.set(saved);
      }
    });

    it('documents every violations, notices and complaints route in the OpenAPI document under the supervision tag', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const routes = [
        ['/api/v1/supervision/violations', 'get'],
        ['/api/v1/supervision/violations', 'post'],
        ['/api/v1/supervision/violations/stats', 'get'],
        ['/api/v1/supervision/notices', 'get'],
        ['/api/v1/supervision/violations/{id}', 'get'],
        ...['confirm', 'dismiss', 'notify', 'order', 'answer', 'close', 'send-back', 'escalate'].map((a) => [`/api/v1/supervision/violations/{id}/${a}`, 'post']),
        ['/api/v1/supervision/complaints', 'get'],
        ['/api/v1/supervision/complaints', 'post'],
        ['/api/v1/supervision/complaints/{id}', 'get'],
        ...['accept', 'reject', 'note', 'request', 'reply', 'link', 'violations', 'conclude', 'acknowledge', 'close', 'disclose', 'evidence'].map((a) => [`/api/v1/supervision/complaints/{id}/${a}`, 'post']),
        ['/api/v1/supervision/complaints/{id}/evidence/{evidenceId}', 'get'],
      ] as const;
      for (const [path, method] of routes) {
        const op = doc.paths[path]?.[method];
        expect(op, `${method} ${path}`).toBeDefined();
        expect(op.tags).toContain('supervision');
        expect(op.summary).toBeTruthy();
      }
    });

    it('an unknown violation is 404 problem+json', async () => {
      const r = await as('supervisor', 'GET', url('/no-such-id'));
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await act('supervisor', 'no-such-id', 'confirm')).statusCode).toBe(404);
    });
  });

  describe('English titles in the inbox and the notifications (the portal in English)', () => {
    type Entry = { id: string; itemId: string; step: string; title: string; titleEn: string | null };
    type Note = { itemId: string; kind: string; params: Record<string, string | number> };
    const tasksApi = async (who: string, kind: string, id: string) => {
      const r = await as(who, 'GET', `/api/v1/sharing/tasks/${kind}/${id}?state=all`);
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as { items: Entry[] }).items;
    };
    const inboxApi = async (who: string) => ((await as(who, 'GET', '/api/v1/sharing/inbox?itemKind=violation&limit=200')).json() as { items: Entry[] }).items;
    const notesApi = async (who: string) => ((await as(who, 'GET', '/api/v1/sharing/notifications?limit=200')).json() as { items: Note[] }).items;

    it("a violation's tasks carry its English title (article and title) in the task and inbox API, its notices the English title and article; a demand's task has titleEn null", async () => {
      const id = await candidate();
      const v = (await as('supervisor', 'GET', url(`/${id}`))).json() as ViolationDetail;
      expect(v.titleEn).toMatch(/^Resource not updated in time/);
      const review = { step: 'review', title: `第三十一条第三项：${v.title}`, titleEn: `Art. 31 (3): ${v.titleEn}` };
      expect(await tasksApi('supervisor', 'violation', id)).toEqual([expect.objectContaining(review)]);
      expect((await inboxApi('supervisor')).filter((e) => e.itemId === id)).toEqual([expect.objectContaining(review)]);

      expect((await act('supervisor', id, 'confirm')).statusCode).toBe(200);
      expect((await act('supervisor', id, 'notify', { text: '予以通报批评' })).statusCode).toBe(200);
      expect((await inboxApi('steward_ga')).filter((e) => e.itemId === id)).toEqual([expect.objectContaining({ step: 'answer', titleEn: `Art. 31 (3): ${v.titleEn}` })]);
      const notes = (await notesApi('steward_ga')).filter((n) => n.itemId === id);
      expect(notes.map((n) => n.kind).sort()).toEqual(['violation.notice.confirmed', 'violation.notice.notified']);
      // The messages name the article apart: the bare English title, and the article in both languages.
      for (const n of notes) expect(n.params).toEqual({ title: v.title, titleEn: v.titleEn, article: '第三十一条第三项', articleEn: 'Art. 31 (3)' });

      // A demand's title is what its requester typed: never translated.
      const form = {
        title: '低保家庭成员户籍核查（英文标题测试）',
        duty: '最低生活保障对象认定',
        legalBasis: '《社会救助暂行办法》第十一条',
        content: '核查低保申请家庭成员的户籍和人口基础信息',
        dataItems: [{ name: '公民身份号码', code: 'id_no' }, { name: '姓名' }],
        scope: '全市低保申请家庭',
        purpose: '低保资格审核',
        method: 'online_query',
        neededBy: '2027-03-31',
      };
      const d = await as('user_mz', 'POST', '/api/v1/sharing/demands', form);
      expect(d.statusCode, d.body).toBe(201);
      const demandTasks = await tasksApi('reviewer', 'demand', (d.json() as { id: string }).id);
      expect(demandTasks.length).toBeGreaterThan(0);
      for (const task of demandTasks) {
        expect(task.title).toBe(form.title);
        expect(task).toHaveProperty('titleEn', null);
      }
    });

    it('recorded by hand without an English title: the article in English, the title as typed', async () => {
      const title = '未经授权向第三方提供共享数据（无英文标题）';
      const r = await as('supervisor', 'POST', url(), { unitId: unit.steward_ga, category: 6, title, description: '经查属实' });
      expect(r.statusCode, r.body).toBe(201);
      const id = (r.json() as ViolationDetail).id;
      expect((await act('supervisor', id, 'notify', { text: '予以通报批评' })).statusCode).toBe(200);
      expect((await tasksApi('steward_ga', 'violation', id)).map((e) => [e.step, e.title, e.titleEn])).toEqual([['answer', `第三十一条第六项：${title}`, `Art. 31 (6): ${title}`]]);
      const notified = (await notesApi('steward_ga')).find((n) => n.itemId === id && n.kind === 'violation.notice.notified')!;
      expect(notified.params).toEqual({ title, titleEn: title, article: '第三十一条第六项', articleEn: 'Art. 31 (6)' });
    });
  });
});
