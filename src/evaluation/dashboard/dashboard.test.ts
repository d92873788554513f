import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { FixedClock } from '../../core/clock.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { pdfText } from '../../core/report/pdf-text.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { unavailable } from '../../../test/helpers/stubs.js';
import type { UsageQuery, UsageService, UsageTotal } from '../types.js';
import type { ViolationStats } from '../../supervision/types.js';
import type { EvaluationService } from '../indicators/service.js';
import type { RunDetail } from '../indicators/model.js';
import { createDashboardService, type DashboardService } from './service.js';
import { canView } from './policy.js';
import { ROLES, type Role } from '../../core/actor.js';
import { benchDashboard } from '../../../bench/dashboard.js';

const SYSTEM: SharingActor = { actorType: 'system', actorId: null, actorName: 'test', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [], systemId: null };
const user = (role: Role): SharingActor => ({ ...SYSTEM, actorType: 'user', kind: 'user', actorName: role, roles: [role] });

describe('dashboard policy: role × dashboard', () => {
  const expected: Record<Role, [boolean, boolean]> = {
    platform_admin: [true, true],
    authority_reviewer: [true, true],
    supervisor: [false, true],
    leader: [false, true],
    unit_steward: [false, false],
    unit_user: [false, false],
    secrecy_officer: [false, false],
    auditor: [false, false],
  };
  for (const role of ROLES) {
    it(role, () => {
      expect([canView(user(role), 'authority'), canView(user(role), 'supervision')]).toEqual(expected[role]);
    });
  }
  it('API tokens see neither', () => {
    const token = { ...user('authority_reviewer'), actorType: 'token' as const, kind: 'token' as const };
    expect(canView(token, 'authority')).toBe(false);
    expect(canView(token, 'supervision')).toBe(false);
  });
});

describeEachDialect('dashboards (看板): shapes from the sources, pending and overdue tasks, permissions, exports', (dialect) => {
  let t: TestApp;
  // Monday 2026-06-15, 10:00 China Standard Time.
  const clock = new FixedClock('2026-06-15T02:00:00.000Z');
  const tok: Record<string, string> = {};
  let fakeDashboard: DashboardService;
  let unitGa: string;
  let unitRs: string;
  const usageCalls: UsageQuery[] = [];

  const usage: UsageService = {
    catchUp: async () => 0,
    async totals(q) {
      usageCalls.push(q);
      const row = (keys: UsageTotal['keys'], calls: number): UsageTotal => ({ keys, calls, rows: calls * 10, refused: 0 });
      if (q.groupBy[0] === 'month') return [row({ month: '2026-02' }, 120), row({ month: '2026-06' }, 30)];
      if (q.groupBy[0] === 'day') return [row({ day: '2026-06-14' }, 7), row({ day: '2026-06-15' }, 3)];
      if (q.groupBy[0] === 'consumerUnit') return [row({ consumerUnit: unitRs }, 100), row({ consumerUnit: unitGa }, 50)];
      return [];
    },
  };
  const violations: ViolationStats = {
    async summary() {
      return { byState: { candidate: 2, confirmed: 3 }, byCategory: { 3: 4, 1: 1 }, total: 5 };
    },
    async countsByUnit() {
      return [{ unitId: unitGa, confirmed: 3, serious: 1, byCategory: { 3: 3 } }];
    },
  };
  const run: RunDetail = {
    id: 'run-1', year: 2025, version: 2, state: 'published', settingsVersion: 1, periodFrom: '2025-01-01', periodTo: '2026-01-01', computedAt: '2026-01-05T00:00:00.000Z', createdBy: 'reviewer',
    publishedAt: '2026-01-06T00:00:00.000Z', publishedBy: 'reviewer', units: 2, settings: {} as never, best: {},
    results: [
      { unitId: 'u-b', unitName: '市人社局', total: 71.5, rank: 2, grade: 'pass', indicators: {} as never },
      { unitId: 'u-a', unitName: '市公安局', total: 92.25, rank: 1, grade: 'excellent', indicators: {} as never },
    ],
  };
  const evaluation = { latestPublished: async () => run } as unknown as EvaluationService;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock, config: { sessionTtlMinutes: 43_200 } });
    for (const u of ['reviewer', 'supervisor', 'leader', 'steward_ga', 'user_mz', 'admin', 'auditor']) tok[u] = await t.login(u);
    unitGa = (await t.platform.org.getUserByUsername('steward_ga'))!.unitId!;
    unitRs = (await t.platform.org.getUserByUsername('steward_rs'))!.unitId!;
    const p = t.platform;
    fakeDashboard = createDashboardService({ ...p, grants: p.sharing, usage, violations, training: p.training, plans: p.plans, evaluation });
    // Two open complaint-handling tasks at 公安局 (one will be overdue) and a demand answer at 人社局.
    await p.audit.transact(async (trx) => {
      const events = [
        await p.workflow.record(trx, { by: SYSTEM, itemKind: 'complaint', itemId: 'c-1', title: '投诉一', action: 'test.open', fromState: null, toState: 'open', open: [{ step: 'handle', assignee: { role: 'unit_steward', unitId: unitGa }, workingDays: 1 }] }),
        await p.workflow.record(trx, { by: SYSTEM, itemKind: 'demand', itemId: 'd-1', title: '需求一', action: 'test.open', fromState: null, toState: 'open', open: [{ step: 'answer', assignee: { role: 'unit_steward', unitId: unitRs }, workingDays: 30 }] }),
      ];
      return { value: null, events };
    });
    clock.set('2026-06-18T02:00:00.000Z');
    await p.audit.transact(async (trx) => ({
      value: null,
      events: [await p.workflow.record(trx, { by: SYSTEM, itemKind: 'complaint', itemId: 'c-2', title: '投诉二', action: 'test.open', fromState: null, toState: 'open', open: [{ step: 'handle', assignee: { role: 'unit_steward', unitId: unitGa }, workingDays: 20 }] })],
    }));
  });
  afterAll(async () => t?.close());

  it('the supervision dashboard: violations by category and unit, pending complaints with the overdue one, usage trends, the latest evaluation', async () => {
    const d = await fakeDashboard.supervision(user('supervisor'));
    expect(d.kind).toBe('supervision');
    expect(d.year).toBe(2026);
    expect(d.violations).toEqual({
      total: 5,
      byCategory: [{ category: 1, count: 1 }, { category: 3, count: 4 }],
      byState: { candidate: 2, confirmed: 3 },
      byUnit: [{ unitId: unitGa, unitName: '三亚市公安局', confirmed: 3, serious: 1 }],
    });
    // Supervision follows violations, complaints and objections only: the demand task is not there.
    expect(d.pending!.byKind).toEqual([{ kind: 'complaint', open: 2, overdue: 1 }]);
    expect(d.pending!.byUnit).toEqual([{ unitId: unitGa, unitName: '三亚市公安局', open: 2, overdue: 1 }]);
    expect(d.usage!.monthly.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(d.usage!.monthly[1]).toEqual({ month: '2026-02', calls: 120, rows: 1200 });
    expect(d.usage!.daily).toHaveLength(30);
    expect(d.usage!.daily.at(-1)).toEqual({ day: '2026-06-18', calls: 0, rows: 0 });
    expect(d.usage!.daily.find((x) => x.day === '2026-06-14')).toEqual({ day: '2026-06-14', calls: 7, rows: 70 });
    expect(d.usage!.topConsumers[0]).toMatchObject({ unitId: unitRs, calls: 100 });
    // The usage rollup is read over the current year and the last 30 days, never more.
    expect(usageCalls.find((q) => q.groupBy[0] === 'month')).toMatchObject({ from: '2026-01-01', to: '2027-01-01' });
    expect(usageCalls.find((q) => q.groupBy[0] === 'day')).toMatchObject({ from: '2026-05-20', to: '2026-06-19' });
    expect(d.evaluation).toMatchObject({ runId: 'run-1', year: 2025, version: 2, grades: { excellent: 1, pass: 1 } });
    expect(d.evaluation!.ranking.map((r) => r.unitName)).toEqual(['市公安局', '市人社局']);
    expect(d.unavailable).toEqual([]);
  });

  it('the authority dashboard counts every kind of pending task; answers from cache within a few seconds', async () => {
    const d = await fakeDashboard.authority(user('authority_reviewer'));
    expect(d.pending!.byKind).toEqual([
      { kind: 'complaint', open: 2, overdue: 1 },
      { kind: 'demand', open: 1, overdue: 0 },
    ]);
    const again = await fakeDashboard.authority(user('platform_admin'));
    expect(again.generatedAt).toBe(d.generatedAt);
    fakeDashboard.invalidate();
    clock.advance(1000);
    expect((await fakeDashboard.authority(user('platform_admin'))).generatedAt).not.toBe(d.generatedAt);
  });

  it('a source that fails shows as unavailable; the dashboard still answers', async () => {
    const p = t.platform;
    const broken = createDashboardService({
      ...p, grants: p.sharing, usage: unavailable<UsageService>('usage'), violations: { summary: async () => { throw new Error('boom'); }, countsByUnit: async () => [] },
      training: p.training, plans: p.plans, evaluation: unavailable<EvaluationService>('evaluation'),
    });
    const d = await broken.supervision(SYSTEM);
    expect(d.usage).toBeNull();
    expect(d.violations).toBeNull();
    expect(d.evaluation).toBeNull();
    expect(d.unavailable.sort()).toEqual(['evaluation', 'usage', 'violations']);
    expect(d.pending!.byKind[0]!.kind).toBe('complaint');
  });

  it('HTTP: who sees which dashboard', async () => {
    const get = (who: string, kind: string) => t.as(tok[who]!, 'GET', `/api/v1/evaluation/dashboard/${kind}`);
    for (const [who, kind, status] of [
      ['reviewer', 'authority', 200], ['admin', 'authority', 200], ['supervisor', 'authority', 403], ['leader', 'authority', 403], ['steward_ga', 'authority', 403],
      ['supervisor', 'supervision', 200], ['leader', 'supervision', 200], ['reviewer', 'supervision', 200], ['steward_ga', 'supervision', 403], ['user_mz', 'supervision', 403], ['auditor', 'supervision', 403],
    ] as const) {
      const r = await get(who, kind);
      expect(r.statusCode, `${who} ${kind}`).toBe(status);
      if (status === 200) {
        const body = r.json();
        expect(Object.keys(body).sort()).toEqual(['evaluation', 'generatedAt', 'kind', 'overdueUpdates', 'pending', 'unavailable', 'usage', 'violations', 'year']);
        expect(body.pending.byKind.length).toBeGreaterThan(0);
      } else expect(r.json().code).toBe('forbidden');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/evaluation/dashboard/authority' })).statusCode).toBe(401);
    expect((await t.as(tok.reviewer!, 'GET', '/api/v1/evaluation/dashboard/other/export?format=pdf')).statusCode).toBe(400);
    expect((await t.as(tok.reviewer!, 'GET', '/api/v1/evaluation/dashboard/authority/export?format=csv')).json().code).toBe('report.invalid_format');
    expect((await t.as(tok.steward_ga!, 'GET', '/api/v1/evaluation/dashboard/supervision/export?format=xlsx')).statusCode).toBe(403);
  });

  it('exports: the PDF carries the Chinese titles and figures, the XLSX reads back', async () => {
    const pdf = await fakeDashboard.export(user('supervisor'), 'supervision', 'pdf');
    const { text } = pdfText(pdf.body);
    expect(text).not.toContain('\ufffd');
    expect(text).toContain('监督看板');
    expect(text).toContain('第三项');
    expect(text).toContain('三亚市公安局');
    const x = await t.as(tok.leader!, 'GET', '/api/v1/evaluation/dashboard/supervision/export?format=xlsx');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getCell('A1').value).toBe('监督看板');
    expect(wb.getWorksheet('待办事项')!.getRow(3).values).toEqual([undefined, '事项', '待办', '已超时']);
    const audited = await t.platform.db.kysely.selectFrom('audit_event').select(['action', 'target_id']).where('action', '=', 'evaluation.dashboard.export').execute();
    expect(audited.map((a) => a.target_id)).toEqual(['supervision', 'supervision']);
  });

  it('the bench helper measures both dashboards cold, warm and over HTTP', async () => {
    const rows = await benchDashboard(t.platform, { iterations: 2, print: false, http: { app: t.app, token: tok.admin! } });
    expect(rows.map((r) => `${r.dashboard}:${r.mode}`)).toEqual(['authority:cold', 'authority:warm', 'authority:http-cold', 'supervision:cold', 'supervision:warm', 'supervision:http-cold']);
    for (const r of rows) {
      expect(r.iterations).toBe(2);
      expect(r['p95 ms']).toBeGreaterThanOrEqual(r['p50 ms']);
    }
  });
});
