import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { FixedClock } from '../../core/clock.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { planMessages } from './messages.js';
import { formatYuan, parseYuan, type PlanDetail, type PlanList } from './model.js';

describe('plan messages and money', () => {
  it('have both languages with the same placeholders', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries(planMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(ph(m.zh), key).toEqual(ph(m.en));
    }
  });

  it('parses yuan to integer fen exactly and rejects anything else', () => {
    expect(parseYuan('1234567.89')).toBe(123456789);
    expect(parseYuan('0.1')).toBe(10);
    expect(parseYuan('1,000.05')).toBe(100005);
    expect(parseYuan(100)).toBe(10000);
    expect(parseYuan('9999999999999.99')).toBe(999999999999999);
    for (const bad of ['12.345', '-1', 'abc', '', '1e5', ' . ', '10000000000000', 1.5, -2, null]) expect(parseYuan(bad), String(bad)).toBeNull();
    expect(formatYuan(30)).toBe('0.30');
    expect(formatYuan(123456789)).toBe('1234567.89');
  });
});

describeEachDialect('annual plans (年度计划, R26): items, budget, milestones, status, follow-up', (dialect) => {
  let t: TestApp;
  // Friday 2026-11-20, 10:00 CST: "today" for overdue milestones is 2026-11-20.
  const clock = new FixedClock('2026-11-20T02:00:00.000Z');
  const tok: Record<string, string> = {};
  const unit: Record<string, string> = {};
  const url = (rest = '') => `/api/v1/supervision/plans${rest}`;
  const as = (who: string, method: string, path: string, body?: unknown) => t.as(tok[who]!, method, path, body);
  let platformItem: PlanDetail; // 公安局's infrastructure item
  let resourceItem: PlanDetail;

  const item = (over: Record<string, unknown> = {}) => ({
    year: 2026,
    kind: 'infrastructure',
    title: '政务数据共享交换平台扩容',
    ownerUnitId: unit.steward_ga,
    content: '扩容前置交换节点，接入区级单位',
    budget: '0.10',
    fundingSource: 'fiscal',
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock, config: { sessionTtlMinutes: 43_200 } });
    for (const u of ['user_mz', 'steward_ga', 'steward_rs', 'reviewer', 'supervisor', 'admin', 'leader', 'auditor']) {
      tok[u] = await t.login(u);
      unit[u] = (await t.platform.org.getUserByUsername(u))!.unitId!;
    }
  });
  afterAll(async () => t?.close());

  it('the authority plans items; a milestone past due and not done shows the item as delayed, one due today does not', async () => {
    let r = await as('reviewer', 'POST', url(), item({
      milestones: [
        { title: '完成立项', dueDate: '2026-03-31', doneDate: '2026-03-20' },
        { title: '完成部署', dueDate: '2026-11-19' },
        { title: '通过验收', dueDate: '2026-12-20' },
      ],
    }));
    expect(r.statusCode, r.body).toBe(201);
    platformItem = r.json();
    expect(platformItem).toMatchObject({ status: 'planned', effectiveStatus: 'delayed', overdueMilestones: 1, milestonesDone: 1, milestonesTotal: 3, budget: '0.10', budgetFen: 10, actions: ['manage'] });
    expect(platformItem.milestones.map((m) => [m.title, m.overdue, m.late])).toEqual([
      ['完成立项', false, false],
      ['完成部署', true, false],
      ['通过验收', false, false],
    ]);
    expect(platformItem.entries.map((e) => e.kind)).toEqual(['created']);

    r = await as('reviewer', 'POST', url(), item({ kind: 'resource', title: '法人基础信息资源库', ownerUnitId: unit.steward_rs, budget: '0.20', fundingSource: 'superior', milestones: [{ title: '数据归集', dueDate: '2026-11-20' }] }));
    expect(r.statusCode, r.body).toBe(201);
    resourceItem = r.json();
    // Due today (CST): not yet overdue.
    expect(resourceItem).toMatchObject({ effectiveStatus: 'planned', overdueMilestones: 0 });
    r = await as('reviewer', 'POST', url(), item({ year: 2025, title: '电子证照库二期', budget: 1234567 }));
    expect(r.json()).toMatchObject({ budget: '1234567.00', year: 2025 });
  });

  it('budget totals are exact (0.10 + 0.20 = 0.30, never 0.30000000000000004)', async () => {
    const r = await as('user_mz', 'GET', url('?year=2026'));
    expect(r.statusCode).toBe(200);
    const l = r.json() as PlanList;
    expect(l.total).toBe(2);
    expect(l.totals).toEqual({ budget: '0.30', budgetFen: 30, byStatus: { delayed: 1, planned: 1 } });
    expect(await t.platform.plans.summary(2026)).toEqual({ total: 2, byStatus: { delayed: 1, planned: 1 }, budget: 0.3, budgetFen: 30 });
    expect((await as('reviewer', 'GET', url('?year=2026&status=delayed'))).json().items.map((i: PlanDetail) => i.id)).toEqual([platformItem.id]);
    expect((await as('reviewer', 'GET', url(`?ownerUnitId=${unit.steward_rs}`))).json().total).toBe(1);
    expect((await as('reviewer', 'GET', url())).json().totals.budget).toBe('1234567.30');
  });

  it('only the authority plans and edits; everyone signed in reads', async () => {
    for (const who of ['admin', 'supervisor', 'steward_ga', 'user_mz', 'leader']) {
      expect((await as(who, 'POST', url(), item())).statusCode, who).toBe(403);
      expect((await as(who, 'PATCH', url(`/${platformItem.id}`), { title: 'x' })).statusCode, who).toBe(403);
      expect((await as(who, 'POST', url(`/${platformItem.id}/status`), { status: 'in_progress' })).statusCode, who).toBe(403);
      expect((await as(who, 'POST', url(`/${platformItem.id}/followups`), { note: 'x', assessment: 'on_track' })).statusCode, who).toBe(403);
      expect((await as(who, 'POST', url(`/${platformItem.id}/milestones`), { title: 'x', dueDate: '2026-12-01' })).statusCode, who).toBe(403);
    }
    for (const who of ['admin', 'supervisor', 'steward_rs', 'user_mz', 'leader', 'auditor']) {
      const r = await as(who, 'GET', url(`/${platformItem.id}`));
      expect(r.statusCode, who).toBe(200);
      expect(r.json().actions, who).toEqual([]);
    }
    expect((await t.app.inject({ method: 'GET', url: url() })).statusCode).toBe(401);
  });

  it('rejects bad input with 400 and writes nothing', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [item({ budget: '12.345' }), 'body.budget'],
      [item({ budget: '-1' }), 'body.budget'],
      [item({ budget: 'abc' }), 'body.budget'],
      [item({ ownerUnitId: 'nope' }), 'body.ownerUnitId'],
      [item({ title: '  ' }), 'body.title'],
      [item({ milestones: [{ title: '上线', dueDate: '2026-02-30' }] }), 'body.milestones/0/dueDate'],
      [item({ milestones: [{ title: '上线', dueDate: '2026-12-30', doneDate: '2026-11-21' }] }), 'body.milestones/0/doneDate'],
    ];
    for (const [body, field] of bad) {
      const r = await as('reviewer', 'POST', url(), body);
      expect(r.statusCode, field).toBe(400);
      expect(r.json().errors.map((e: { field: string }) => e.field), JSON.stringify(r.json())).toContain(field);
    }
    for (const body of [item({ budget: 0.1 + 0.2 }), item({ year: 1999 }), item({ kind: 'party' }), item({ fundingSource: 'loan' })]) {
      expect((await as('reviewer', 'POST', url(), body)).statusCode).toBe(400);
    }
    expect((await as('reviewer', 'GET', url())).json().total).toBe(3);
    expect((await as('reviewer', 'GET', url('/nope'))).statusCode).toBe(404);
    expect((await as('reviewer', 'PATCH', url(`/${platformItem.id}`), {})).statusCode).toBe(400);
  });

  it('the owner unit\'s steward reports progress and milestone done dates on its own items only', async () => {
    let r = await as('steward_ga', 'POST', url(`/${platformItem.id}/progress`), { note: '节点设备已到货，正在安装调试', date: '2026-11-18' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().entries.at(-1)).toMatchObject({ kind: 'progress', day: '2026-11-18', by: 'steward_ga' });
    expect((await as('steward_rs', 'POST', url(`/${platformItem.id}/progress`), { note: '越权' })).statusCode).toBe(403);
    expect((await as('reviewer', 'POST', url(`/${platformItem.id}/progress`), { note: '主管部门不报进展' })).statusCode).toBe(403);
    expect((await as('steward_ga', 'POST', url(`/${platformItem.id}/progress`), { note: '明天', date: '2026-11-21' })).statusCode).toBe(400);

    const deploy = platformItem.milestones.find((m) => m.title === '完成部署')!;
    // The steward may not re-plan a milestone.
    expect((await as('steward_ga', 'PATCH', url(`/${platformItem.id}/milestones/${deploy.id}`), { dueDate: '2026-12-31' })).statusCode).toBe(403);
    expect((await as('steward_rs', 'PATCH', url(`/${platformItem.id}/milestones/${deploy.id}`), { doneDate: '2026-11-20' })).statusCode).toBe(403);
    r = await as('steward_ga', 'PATCH', url(`/${platformItem.id}/milestones/${deploy.id}`), { doneDate: '2026-11-20', note: '部署完成' });
    expect(r.statusCode, r.body).toBe(200);
    const d = r.json() as PlanDetail;
    expect(d).toMatchObject({ effectiveStatus: 'planned', overdueMilestones: 0, milestonesDone: 2 });
    expect(d.milestones.find((m) => m.id === deploy.id)).toMatchObject({ doneDate: '2026-11-20', late: true, overdue: false });
    expect(d.entries.at(-1)).toMatchObject({ kind: 'milestone', milestoneId: deploy.id });
  });

  it('status: planned → in_progress → delayed (reason) → completed; bad transitions 409; closed items cannot change but can be followed up', async () => {
    const st = (status: string, reason?: string) => as('reviewer', 'POST', url(`/${platformItem.id}/status`), { status, ...(reason ? { reason } : {}) });
    expect((await st('completed')).statusCode).toBe(409);
    let r = await st('in_progress');
    expect(r.statusCode, r.body).toBe(200);
    r = await st('delayed');
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('reason_required');
    r = await st('delayed', '设备供货延迟');
    expect(r.json()).toMatchObject({ status: 'delayed', statusReason: '设备供货延迟' });
    r = await as('reviewer', 'POST', url(`/${platformItem.id}/followups`), { date: '2026-11-19', note: '督促供应商，预计12月到位', assessment: 'behind' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().entries.at(-1)).toMatchObject({ kind: 'followup', assessment: 'behind', day: '2026-11-19', by: 'reviewer' });
    expect((await as('reviewer', 'POST', url(`/${platformItem.id}/followups`), { note: 'x', assessment: 'great' })).statusCode).toBe(400);
    r = await st('completed');
    expect(r.json()).toMatchObject({ status: 'completed', effectiveStatus: 'completed', actions: [] });
    expect((await st('in_progress')).statusCode).toBe(409);
    r = await as('reviewer', 'PATCH', url(`/${platformItem.id}`), { budget: '5.00' });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('plan_closed');
    expect((await as('steward_ga', 'POST', url(`/${platformItem.id}/progress`), { note: '已结束' })).statusCode).toBe(409);
    r = await as('reviewer', 'POST', url(`/${platformItem.id}/followups`), { note: '组织验收，运行正常', assessment: 'done' });
    expect(r.statusCode).toBe(200);
    const kinds = (r.json() as PlanDetail).entries.map((e) => e.kind);
    expect(kinds).toEqual(['created', 'progress', 'milestone', 'status', 'status', 'followup', 'status', 'followup']);

    r = await as('reviewer', 'POST', url(`/${resourceItem.id}/status`), { status: 'cancelled' });
    expect(r.statusCode).toBe(400);
    r = await as('reviewer', 'POST', url(`/${resourceItem.id}/status`), { status: 'cancelled', reason: '并入省级项目' });
    expect(r.json()).toMatchObject({ status: 'cancelled', statusReason: '并入省级项目' });
  });

  it('the authority edits, adds and removes milestones; the overdue state follows the clock', async () => {
    let r = await as('reviewer', 'POST', url(), item({ title: '共享交换监测系统', budget: '88.80', milestones: [{ title: '上线试运行', dueDate: '2026-12-01' }] }));
    const id = r.json().id as string;
    r = await as('reviewer', 'PATCH', url(`/${id}`), { budget: '99.90', fundingSource: 'self', fundingNote: '单位自筹' });
    expect(r.json()).toMatchObject({ budget: '99.90', fundingSource: 'self', fundingNote: '单位自筹' });
    r = await as('reviewer', 'POST', url(`/${id}/milestones`), { title: '需求调研', dueDate: '2026-10-31' });
    expect(r.json()).toMatchObject({ effectiveStatus: 'delayed', milestonesTotal: 2 });
    const survey = (r.json() as PlanDetail).milestones.find((m) => m.title === '需求调研')!;
    expect(survey.seq).toBe(2);
    r = await as('reviewer', 'DELETE', url(`/${id}/milestones/${survey.id}`));
    expect(r.json()).toMatchObject({ effectiveStatus: 'planned', milestonesTotal: 1 });
    expect((await as('reviewer', 'DELETE', url(`/${id}/milestones/${survey.id}`))).statusCode).toBe(404);
    // Two weeks later, the 2026-12-01 milestone is past due.
    clock.set('2026-12-02T01:00:00.000Z');
    try {
      expect((await as('reviewer', 'GET', url(`/${id}`))).json()).toMatchObject({ effectiveStatus: 'delayed', overdueMilestones: 1 });
    } finally {
      clock.set('2026-11-20T02:00:00.000Z');
    }
    const actions = (await t.platform.audit.query({ action: 'supervision.plan', targetId: id, limit: 50 })).items.map((e) => e.action).sort();
    expect(actions).toEqual(['supervision.plan.create', 'supervision.plan.milestone.add', 'supervision.plan.milestone.remove', 'supervision.plan.update']);
  });

  it('exports a year\'s plan as XLSX with the exact budget total', async () => {
    const r = await as('user_mz', 'GET', url('/export.xlsx?year=2026'));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const titles: string[] = [];
    ws.eachRow((row, n) => n > 1 && titles.push(String(row.getCell(3).value)));
    expect(titles.at(-1)).toBe('合计');
    expect(titles.slice(0, -1).sort()).toEqual(['政务数据共享交换平台扩容', '共享交换监测系统', '法人基础信息资源库'].sort());
    expect(ws.getRow(ws.rowCount).getCell(6).value).toBe(100.2);
    expect(wb.worksheets[1]!.rowCount).toBe(1 + 3 + 1 + 1);
    expect((await as('user_mz', 'GET', url('/export.xlsx?year=19'))).statusCode).toBe(400);
  });

  it('documents every plan route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const ops = Object.entries(doc.paths).flatMap(([p, o]) => Object.keys(o).map((m) => `${m.toUpperCase()} ${p}`));
    for (const op of [
      'GET /api/v1/supervision/plans',
      'POST /api/v1/supervision/plans',
      'GET /api/v1/supervision/plans/export.xlsx',
      'GET /api/v1/supervision/plans/{id}',
      'PATCH /api/v1/supervision/plans/{id}',
      'POST /api/v1/supervision/plans/{id}/status',
      'POST /api/v1/supervision/plans/{id}/followups',
      'POST /api/v1/supervision/plans/{id}/progress',
      'POST /api/v1/supervision/plans/{id}/milestones',
      'PATCH /api/v1/supervision/plans/{id}/milestones/{milestoneId}',
      'DELETE /api/v1/supervision/plans/{id}/milestones/{milestoneId}',
    ]) expect(ops).toContain(op);
  });
});
