import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { trainingMessages } from './messages.js';
import { halfOf, halfRange } from './halves.js';
import { parseStart } from './service.js';
import type { Coverage, CoverageRow, SessionDetail } from './model.js';

describe('training messages and half-years', () => {
  it('have both languages with the same placeholders', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries(trainingMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(ph(m.zh), key).toEqual(ph(m.en));
    }
  });

  it('cuts half-years at CST midnight: 2026-06-30 23:30 CST is H1, 2026-07-01 00:00 CST is H2', () => {
    expect(halfRange('2026H1')).toEqual({ from: '2025-12-31T16:00:00.000Z', to: '2026-06-30T16:00:00.000Z' });
    expect(halfRange('2026H2')).toEqual({ from: '2026-06-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(halfOf(parseStart('2026-06-30T23:30:00+08:00')!)).toBe('2026H1');
    expect(halfOf(parseStart('2026-07-01T00:00:00+08:00')!)).toBe('2026H2');
    expect(halfOf(parseStart('2026-06-30T15:59:59Z')!)).toBe('2026H1');
    expect(halfOf(parseStart('2026-06-30T16:00:00Z')!)).toBe('2026H2');
    expect(halfRange('2026H3')).toBeNull();
    expect(halfRange('26H1')).toBeNull();
    expect(parseStart('2026-02-30')).toBeNull();
    expect(parseStart('2026-02-30T10:00:00+08:00')).toBeNull();
    expect(parseStart('2026-03-01T10:00')).toBeNull();
    expect(parseStart('2026-03-01')).toBe('2026-03-01T01:00:00.000Z');
  });
});

describeEachDialect('training (培训, R24): sessions, attendance, half-year coverage', (dialect) => {
  let t: TestApp;
  const clock = new FixedClock('2026-11-20T02:00:00.000Z');
  const tok: Record<string, string> = {};
  const unit: Record<string, string> = {};
  const userId: Record<string, string> = {};
  const url = (rest = '') => `/api/v1/supervision/training${rest}`;
  const as = (who: string, method: string, path: string, body?: unknown) => t.as(tok[who]!, method, path, body);
  let h1: SessionDetail; // 2026-06-30 23:30 CST — the last half-hour of H1
  let h2: SessionDetail; // 2026-07-01 00:00 CST — the first instant of H2

  const session = (over: Record<string, unknown> = {}) => ({
    title: '政务信息资源共享业务培训',
    startsAt: '2026-03-10',
    topic: 'business',
    organizerUnitId: unit.reviewer,
    location: '市政务服务中心三楼会议室',
    trainer: '王演示',
    hours: 2.5,
    ...over,
  });
  const row = (c: Coverage, unitId: string): CoverageRow => c.units.find((u) => u.unitId === unitId)!;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock, config: { sessionTtlMinutes: 43_200 } });
    for (const u of ['user_mz', 'user_jy', 'steward_ga', 'steward_rs', 'steward_zr', 'reviewer', 'supervisor', 'admin', 'leader', 'auditor']) {
      tok[u] = await t.login(u);
      const found = (await t.platform.org.getUserByUsername(u))!;
      unit[u] = found.unitId!;
      userId[u] = found.id;
    }
  });
  afterAll(async () => t?.close());

  it('the authority records a session on the last half-hour of H1 and one at the first instant of H2', async () => {
    let r = await as('reviewer', 'POST', url('/sessions'), session({ title: '上半年数据安全培训', startsAt: '2026-06-30T23:30:00+08:00', topic: 'security' }));
    expect(r.statusCode, r.body).toBe(201);
    h1 = r.json();
    expect(h1).toMatchObject({ startsAt: '2026-06-30T15:30:00.000Z', day: '2026-06-30', half: '2026H1', topic: 'security', hours: 2.5, attended: 0, actions: ['manage'] });
    expect(r.headers.location).toBe(`/api/v1/supervision/training/sessions/${h1.id}`);
    r = await as('admin', 'POST', url('/sessions'), session({ title: '下半年共享业务培训', startsAt: '2026-07-01T00:00:00+08:00', topic: 'both' }));
    expect(r.statusCode, r.body).toBe(201);
    h2 = r.json();
    expect(h2).toMatchObject({ day: '2026-07-01', half: '2026H2' });
    const events = await t.platform.audit.query({ action: 'supervision.training.session.create', targetId: h1.id });
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({ actorName: 'reviewer', result: 'success' });
  });

  it('only the authority and administrators record sessions', async () => {
    for (const who of ['steward_ga', 'supervisor', 'leader', 'user_mz', 'auditor']) {
      const r = await as(who, 'POST', url('/sessions'), session());
      expect(r.statusCode, who).toBe(403);
      expect(r.json().code).toBe('forbidden');
    }
    expect((await as('steward_ga', 'PATCH', url(`/sessions/${h1.id}`), { title: 'x' })).statusCode).toBe(403);
    expect((await as('supervisor', 'DELETE', url(`/sessions/${h1.id}`))).statusCode).toBe(403);
    expect((await as('steward_ga', 'POST', url(`/sessions/${h1.id}/attendance`), { entries: [{ unitId: unit.steward_ga, userId: userId.steward_ga }] })).statusCode).toBe(403);
  });

  it('rejects bad session input with 400 and a field, writing nothing', async () => {
    const before = (await as('reviewer', 'GET', url('/sessions'))).json().total;
    const cases: [Record<string, unknown>, string][] = [
      [session({ startsAt: '2026-02-30' }), 'body.startsAt'],
      [session({ startsAt: '2026-03-01T10:00' }), 'body.startsAt'],
      [session({ organizerUnitId: 'no-such-unit' }), 'body.organizerUnitId'],
      [session({ title: '   ' }), 'body.title'],
    ];
    for (const [body, field] of cases) {
      const r = await as('reviewer', 'POST', url('/sessions'), body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await as('reviewer', 'POST', url('/sessions'), session({ topic: 'sports' }))).statusCode).toBe(400);
    expect((await as('reviewer', 'POST', url('/sessions'), session({ hours: -1 }))).statusCode).toBe(400);
    expect((await as('reviewer', 'GET', url('/sessions'))).json().total).toBe(before);
    const en = await t.app.inject({ method: 'POST', url: url('/sessions?lang=en'), payload: session({ startsAt: 'tomorrow' }), headers: { authorization: `Bearer ${tok.reviewer}` } });
    expect(en.json().errors[0].message).toMatch(/Not a valid date/);
  });

  it('records attendance of users and named persons; a person once per session', async () => {
    let r = await as('reviewer', 'POST', url(`/sessions/${h1.id}/attendance`), {
      entries: [
        { unitId: unit.steward_ga, userId: userId.steward_ga, result: '合格', certificate: 'PX-2026-001' },
        { unitId: unit.user_mz, name: '张演示一', post: '共享联络员' },
        { unitId: unit.steward_zr, name: '李演示二', post: '办公室文员', sharingStaff: false },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    const d = r.json() as SessionDetail;
    expect(d.attended).toBe(3);
    expect(d.attendance.find((a) => a.userId === userId.steward_ga)).toMatchObject({ username: 'steward_ga', sharingStaff: true, attended: true, result: '合格', certificate: 'PX-2026-001' });
    expect(d.attendance.find((a) => a.name === '张演示一')).toMatchObject({ userId: null, post: '共享联络员', sharingStaff: true });

    // The same user again: 409, and nothing of the batch is written.
    r = await as('reviewer', 'POST', url(`/sessions/${h1.id}/attendance`), {
      entries: [
        { unitId: unit.steward_rs, userId: userId.steward_rs },
        { unitId: unit.steward_ga, userId: userId.steward_ga },
      ],
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('duplicate_attendance');
    expect((await as('reviewer', 'GET', url(`/sessions/${h1.id}`))).json().attendance).toHaveLength(3);
    // The same named person (name + post) in one unit again: 409.
    r = await as('reviewer', 'POST', url(`/sessions/${h1.id}/attendance`), { entries: [{ unitId: unit.user_mz, name: '张演示一', post: '共享联络员' }] });
    expect(r.statusCode).toBe(409);
  });

  it('rejects bad attendance with 400: unknown unit or user, a user of another unit, no person, duplicates in one batch', async () => {
    const bad: [Record<string, unknown>[], string][] = [
      [[{ unitId: 'nope', userId: userId.steward_rs }], 'unknown_unit'],
      [[{ unitId: unit.steward_rs, userId: 'nobody' }], 'unknown_user'],
      [[{ unitId: unit.steward_rs, userId: userId.steward_ga }], 'user_not_in_unit'],
      [[{ unitId: unit.steward_rs }], 'person_required'],
      [[{ unitId: unit.steward_rs, name: '王演示三' }], 'required'],
      [[{ unitId: unit.steward_rs, userId: userId.steward_rs, name: '王演示三', post: '科员' }], 'person_both'],
      [
        [
          { unitId: unit.steward_rs, userId: userId.steward_rs },
          { unitId: unit.steward_rs, userId: userId.steward_rs },
        ],
        'duplicate_attendance',
      ],
    ];
    for (const [entries, code] of bad) {
      const r = await as('reviewer', 'POST', url(`/sessions/${h2.id}/attendance`), { entries });
      expect(r.statusCode, code).toBe(400);
      expect(r.json().errors.map((e: { code: string }) => e.code), code).toContain(code);
    }
    expect((await as('reviewer', 'POST', url('/sessions/nope/attendance'), { entries: [{ unitId: unit.steward_rs, userId: userId.steward_rs }] })).statusCode).toBe(404);
    expect((await as('reviewer', 'GET', url(`/sessions/${h2.id}`))).json().attendance).toHaveLength(0);
  });

  it('adds a unit\'s sharing staff in bulk, and imports attendance as CSV', async () => {
    let r = await as('reviewer', 'POST', url(`/sessions/${h2.id}/attendance/unit`), { unitId: unit.steward_rs });
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json() as SessionDetail).attendance.map((a) => a.username)).toEqual(['steward_rs']);
    // Again: nothing new to add, no error.
    r = await as('reviewer', 'POST', url(`/sessions/${h2.id}/attendance/unit`), { unitId: unit.steward_rs });
    expect(r.json().attendance).toHaveLength(1);

    const mz = (await t.platform.org.getUnit(unit.user_mz))!;
    const zr = (await t.platform.org.getUnit(unit.steward_zr))!;
    const csv = `\uFEFF单位代码,用户名,姓名,岗位,是否参训,成绩\n${mz.code},user_mz,,,否,\n${zr.code},,"赵演示四",数据管理岗,是,"优秀, 结业"\n`;
    r = await as('reviewer', 'POST', url(`/sessions/${h2.id}/attendance/csv`), { csv });
    expect(r.statusCode, r.body).toBe(200);
    const d = r.json() as SessionDetail;
    expect(d.attendance.find((a) => a.username === 'user_mz')).toMatchObject({ attended: false, sharingStaff: true });
    expect(d.attendance.find((a) => a.name === '赵演示四')).toMatchObject({ attended: true, result: '优秀, 结业', post: '数据管理岗' });
    r = await as('reviewer', 'POST', url(`/sessions/${h2.id}/attendance/csv`), { csv: `unitCode,username\nNOSUCHCODE,user_mz\n` });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('invalid_csv');
  });

  it('half-year coverage: the 23:30 CST session counts for H1, not H2; units with only untrained staff are flagged', async () => {
    let r = await as('supervisor', 'GET', url('/coverage?half=2026H1'));
    expect(r.statusCode, r.body).toBe(200);
    const c1 = r.json() as Coverage;
    expect(c1.from).toBe('2025-12-31T16:00:00.000Z');
    expect(row(c1, unit.steward_ga)).toMatchObject({ trainedStaff: 1, sessions: 1, untrained: false, staffAccounts: 1 });
    expect(row(c1, unit.user_mz)).toMatchObject({ trainedStaff: 1, untrained: false });
    // 自规局: only a person recorded as not sharing staff attended.
    expect(row(c1, unit.steward_zr)).toMatchObject({ trainedStaff: 0, untrained: true });
    expect(row(c1, unit.steward_rs)).toMatchObject({ trainedStaff: 0, untrained: true });
    expect(c1.totals.sessions).toBe(1);

    r = await as('reviewer', 'GET', url('/coverage?half=2026H2'));
    const c2 = r.json() as Coverage;
    // 公安局 trained only in H1 (23:30 CST on 30 June): untrained in H2.
    expect(row(c2, unit.steward_ga)).toMatchObject({ trainedStaff: 0, sessions: 0, untrained: true });
    // 民政局: its only sharing-staff account was recorded absent — only untrained staff.
    expect(row(c2, unit.user_mz)).toMatchObject({ staffAccounts: 1, trainedStaff: 0, absences: 1, untrained: true });
    expect(row(c2, unit.steward_rs)).toMatchObject({ trainedStaff: 1, sessions: 1, untrained: false });
    expect(row(c2, unit.steward_zr)).toMatchObject({ trainedStaff: 1, untrained: false });
    expect(c2.totals).toMatchObject({ sessions: 1, trainedStaff: 2, untrainedUnits: c2.units.length - 2 });

    expect((await as('reviewer', 'GET', url('/coverage?half=2026H3'))).statusCode).toBe(400);
    expect((await as('reviewer', 'GET', url('/coverage'))).statusCode).toBe(400);
  });

  it('lists sessions by half-year (CST boundary) and year', async () => {
    const h = async (q: string) => ((await as('reviewer', 'GET', url(`/sessions?${q}`))).json().items as { id: string }[]).map((s) => s.id);
    expect(await h('half=2026H1')).toEqual([h1.id]);
    expect(await h('half=2026H2')).toEqual([h2.id]);
    expect(await h('year=2026')).toEqual([h2.id, h1.id]);
    expect(await h(`half=2026H2&unitId=${unit.steward_rs}`)).toEqual([h2.id]);
    expect(await h(`half=2026H1&unitId=${unit.steward_rs}`)).toEqual([]);
    expect((await as('reviewer', 'GET', url('/sessions?half=2026H7'))).statusCode).toBe(400);
  });

  it('a unit\'s steward sees sessions and only the own unit\'s attendance and coverage; unit users see none', async () => {
    let r = await as('steward_ga', 'GET', url(`/sessions/${h1.id}`));
    expect(r.statusCode).toBe(200);
    const d = r.json() as SessionDetail;
    expect(d.attendance.map((a) => a.unitId)).toEqual([unit.steward_ga]);
    expect(d.attended).toBe(1);
    expect(d.actions).toEqual([]);
    r = await as('steward_ga', 'GET', url('/coverage?half=2026H1'));
    expect((r.json() as Coverage).units.map((u) => u.unitId)).toEqual([unit.steward_ga]);
    expect((await as('steward_ga', 'GET', url(`/sessions?unitId=${unit.steward_rs}`))).statusCode).toBe(403);
    expect((await as('user_mz', 'GET', url('/sessions'))).statusCode).toBe(403);
    expect((await as('user_mz', 'GET', url('/coverage?half=2026H1'))).statusCode).toBe(403);
    expect((await as('auditor', 'GET', url(`/sessions/${h1.id}`))).statusCode).toBe(403);
    r = await as('supervisor', 'GET', url(`/sessions/${h1.id}`));
    expect(r.json().attendance).toHaveLength(3);
    expect((await as('leader', 'GET', url('/coverage?half=2026H2'))).statusCode).toBe(200);
  });

  it('TrainingStats: byUnit and summary count trained sharing staff in [from, to)', async () => {
    const range = halfRange('2026H1')!;
    const by = await t.platform.training.byUnit(range);
    expect(by.sort((a, b) => a.unitId.localeCompare(b.unitId))).toEqual(
      [
        { unitId: unit.steward_ga, sessions: 1, people: 1 },
        { unitId: unit.user_mz, sessions: 1, people: 1 },
      ].sort((a, b) => a.unitId.localeCompare(b.unitId)),
    );
    expect(await t.platform.training.summary(range)).toEqual({ sessions: 1, attendances: 2, people: 2, units: 2 });
    // Ending exactly when the H1 session starts (exclusive): nothing.
    expect(await t.platform.training.summary({ from: range.from, to: '2026-06-30T15:30:00.000Z' })).toEqual({ sessions: 0, attendances: 0, people: 0, units: 0 });
    expect(await t.platform.training.summary({ from: '2026-06-30T15:30:00.000Z', to: '2026-07-01T00:00:00.000Z' })).toEqual({ sessions: 2, attendances: 4, people: 4, units: 4 });
  });

  it('corrects and removes attendance; edits and deletes a session — every change audited', async () => {
    const d = (await as('reviewer', 'GET', url(`/sessions/${h2.id}`))).json() as SessionDetail;
    const mz = d.attendance.find((a) => a.username === 'user_mz')!;
    let r = await as('reviewer', 'PATCH', url(`/sessions/${h2.id}/attendance/${mz.id}`), { attended: true, result: '补考合格', post: '数据共享专员' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ attended: true, result: '补考合格', post: '数据共享专员' });
    expect((await as('reviewer', 'PATCH', url(`/sessions/${h2.id}/attendance/${mz.id}`), { post: 'x'.repeat(101) })).statusCode).toBe(400);
    const corrected = (await as('reviewer', 'GET', url(`/sessions/${h2.id}`))).json() as SessionDetail;
    expect(corrected.attendance.find((a) => a.id === mz.id)).toMatchObject({ post: '数据共享专员', result: '补考合格' });
    let c2 = (await as('reviewer', 'GET', url('/coverage?half=2026H2'))).json() as Coverage;
    expect(row(c2, unit.user_mz)).toMatchObject({ trainedStaff: 1, untrained: false });
    r = await as('reviewer', 'DELETE', url(`/sessions/${h2.id}/attendance/${mz.id}`));
    expect(r.statusCode).toBe(204);
    expect((await as('reviewer', 'DELETE', url(`/sessions/${h2.id}/attendance/${mz.id}`))).statusCode).toBe(404);
    c2 = (await as('reviewer', 'GET', url('/coverage?half=2026H2'))).json() as Coverage;
    expect(row(c2, unit.user_mz).untrained).toBe(true);

    // Moving the H2 session into June moves its attendance into H1.
    r = await as('reviewer', 'PATCH', url(`/sessions/${h2.id}`), { startsAt: '2026-06-15', location: '线上' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ half: '2026H1', day: '2026-06-15', location: '线上', title: '下半年共享业务培训' });
    expect(row((await as('reviewer', 'GET', url('/coverage?half=2026H1'))).json(), unit.steward_rs).untrained).toBe(false);
    expect((await as('reviewer', 'PATCH', url(`/sessions/${h2.id}`), { startsAt: 'soon' })).statusCode).toBe(400);

    expect((await as('reviewer', 'DELETE', url(`/sessions/${h2.id}`))).statusCode).toBe(204);
    expect((await as('reviewer', 'GET', url(`/sessions/${h2.id}`))).statusCode).toBe(404);
    expect(row((await as('reviewer', 'GET', url('/coverage?half=2026H1'))).json(), unit.steward_rs).untrained).toBe(true);
    const actions = (await t.platform.audit.query({ action: 'supervision.training', limit: 100 })).items.map((e) => e.action);
    for (const a of ['session.create', 'session.update', 'session.delete', 'attendance.add', 'attendance.update', 'attendance.remove']) expect(actions).toContain(`supervision.training.${a}`);
  });

  it('documents every training route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const ops = Object.entries(doc.paths).flatMap(([p, o]) => Object.keys(o).map((m) => `${m.toUpperCase()} ${p}`));
    for (const op of [
      'GET /api/v1/supervision/training/sessions',
      'POST /api/v1/supervision/training/sessions',
      'GET /api/v1/supervision/training/sessions/{id}',
      'PATCH /api/v1/supervision/training/sessions/{id}',
      'DELETE /api/v1/supervision/training/sessions/{id}',
      'POST /api/v1/supervision/training/sessions/{id}/attendance',
      'POST /api/v1/supervision/training/sessions/{id}/attendance/unit',
      'POST /api/v1/supervision/training/sessions/{id}/attendance/csv',
      'PATCH /api/v1/supervision/training/sessions/{id}/attendance/{attendanceId}',
      'DELETE /api/v1/supervision/training/sessions/{id}/attendance/{attendanceId}',
      'GET /api/v1/supervision/training/coverage',
    ]) expect(ops).toContain(op);
  });
});
