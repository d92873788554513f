import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { FixedClock } from '../../core/clock.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { pdfText } from '../../core/report/pdf-text.js';
import { reportMessages } from './messages.js';
import type { Report } from './model.js';

describe('annual report messages', () => {
  it('have both languages with the same placeholders', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries(reportMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(ph(m.zh), key).toEqual(ph(m.en));
    }
  });
});

describeEachDialect('annual report (年度报告, R21): drafted by the sweep once, edited in versions, sent, received, exported', (dialect) => {
  let t: TestApp;
  // 2026-12-31 12:00 China Standard Time.
  const clock = new FixedClock('2026-12-31T04:00:00.000Z');
  const tok: Record<string, string> = {};
  const url = (rest = '') => `/api/v1/evaluation/reports${rest}`;
  const as = (who: string, method: string, path: string, body?: unknown) => t.as(tok[who]!, method, path, body);
  let report: Report;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock, config: { sessionTtlMinutes: 43_200 } });
    for (const u of ['reviewer', 'supervisor', 'leader', 'steward_ga', 'user_mz', 'admin', 'auditor']) tok[u] = await t.login(u);
  });
  afterAll(async () => t?.close());

  it('drafts nothing on 31 December; on 2 January drafts the previous year once, with the authority\'s send task', async () => {
    expect(await t.platform.reports.sweep(clock.now())).toBe(0);
    // The kernel runs the hook on every sweep.
    const s0 = await t.platform.workflow.sweep();
    expect(s0.hooks['evaluation.report']).toBe(0);
    expect((await as('reviewer', 'GET', url())).json().total).toBe(0);

    clock.set('2027-01-02T02:00:00.000Z');
    const s1 = await t.platform.workflow.sweep();
    expect(s1.hooks['evaluation.report']).toBe(1);
    expect(await t.platform.reports.sweep(clock.now())).toBe(0);
    const s2 = await t.platform.workflow.sweep();
    expect(s2.hooks['evaluation.report']).toBe(0);

    const list = (await as('reviewer', 'GET', url())).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ year: 2026, state: 'drafted', version: 1, draftedBy: 'annual-report' });
    const res = await as('reviewer', 'GET', url(`/${list.items[0].id}`));
    expect(res.statusCode).toBe(200);
    report = res.json();
    expect(report.title).toBe('2026 年度政务信息资源共享工作报告');
    expect(report.actions).toEqual(['edit', 'refresh', 'send']);
    expect(report.data.year).toBe(2026);
    expect(report.data.totals.units).toBeGreaterThan(5);
    expect(report.sections.map((s) => s.key)).toEqual(['summary', 'achievements', 'problems', 'next_steps']);
    expect(report.sections[0]!.text).toContain('2026 年，全市');

    const tasks = await t.platform.workflow.tasksOf('annual_report', report.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ step: 'send', assignee: { role: 'authority_reviewer', unitId: null }, deadlineKind: 'report_send', state: 'open' });
    expect(tasks[0]!.dueAt).not.toBeNull();
    expect(tasks[0]!.title).toBe('2026 年度政务信息资源共享工作报告');
    expect(tasks[0]!.titleEn).toBe('Annual report 2026 on government information resource sharing');
    const inbox = (await as('reviewer', 'GET', '/api/v1/sharing/inbox?itemKind=annual_report')).json();
    expect(inbox.items.map((i: { itemId: string }) => i.itemId)).toContain(report.id);
  });

  it('keeps drafts from units and the leadership group; supervisors and administrators read them', async () => {
    expect((await as('steward_ga', 'GET', url(`/${report.id}`))).statusCode).toBe(403);
    expect((await as('steward_ga', 'GET', url())).statusCode).toBe(403);
    expect((await as('user_mz', 'GET', url(`/${report.id}/export?format=pdf`))).statusCode).toBe(403);
    // Leaders do not learn that a draft exists.
    expect((await as('leader', 'GET', url(`/${report.id}`))).statusCode).toBe(404);
    expect((await as('leader', 'GET', url())).json().total).toBe(0);
    const sup = await as('supervisor', 'GET', url(`/${report.id}`));
    expect(sup.statusCode).toBe(200);
    expect(sup.json().actions).toEqual([]);
    expect((await as('admin', 'GET', url(`/${report.id}`))).statusCode).toBe(200);
    expect((await as('supervisor', 'PUT', url(`/${report.id}/sections`), { sections: [{ key: 'summary', text: 'x' }] })).statusCode).toBe(403);
  });

  it('edits write new versions and keep the previous ones; bad input is a 4xx', async () => {
    const e1 = await as('reviewer', 'PUT', url(`/${report.id}/sections`), { sections: [{ key: 'achievements', text: '全年新增共享资源，跨部门应用持续增加。' }], baseVersion: 1, comment: '补充成效' });
    expect(e1.statusCode).toBe(200);
    expect(e1.json().version).toBe(2);
    const e2 = await as('reviewer', 'PUT', url(`/${report.id}/sections`), { sections: [{ key: 'problems', text: '部分单位更新不及时。' }, { key: 'summary', text: '总体平稳。' }] });
    expect(e2.json().version).toBe(3);
    expect(e2.json().sections.find((s: { key: string }) => s.key === 'achievements').text).toBe('全年新增共享资源，跨部门应用持续增加。');

    const versions = (await as('supervisor', 'GET', url(`/${report.id}/versions`))).json().items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(versions[2].sections[0].text).toContain('2026 年，全市');
    expect(versions[2].sections[1].text).toBe('');
    expect(versions[1]).toMatchObject({ editedBy: 'reviewer', comment: '补充成效' });
    expect(versions[0].sections[0].text).toBe('总体平稳。');

    const stale = await as('reviewer', 'PUT', url(`/${report.id}/sections`), { sections: [{ key: 'summary', text: '再改' }], baseVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('report_stale_version');
    const unknown = await as('reviewer', 'PUT', url(`/${report.id}/sections`), { sections: [{ key: 'nonsense', text: 'x' }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'body.sections/0/key', code: 'unknown_section' });
    const same = await as('reviewer', 'PUT', url(`/${report.id}/sections`), { sections: [{ key: 'summary', text: '总体平稳。' }] });
    expect(same.statusCode).toBe(400);
    expect((await as('reviewer', 'PUT', url(`/${report.id}/sections`), { sections: [] })).statusCode).toBe(400);
    expect((await as('reviewer', 'POST', url(), { year: 2027 })).statusCode).toBe(400);
    expect((await as('reviewer', 'POST', url(), { year: 'x' })).statusCode).toBe(400);
    expect((await as('reviewer', 'GET', url(`/${report.id}/export?format=doc`))).json().code).toBe('report.invalid_format');
    expect((await as('reviewer', 'GET', url('/no-such-id'))).statusCode).toBe(404);
    // Still version 3: nothing half-written.
    expect((await as('reviewer', 'GET', url(`/${report.id}`))).json().version).toBe(3);
  });

  it('"draft now" of an existing draft recomputes its figures and keeps its text; another year is a new report', async () => {
    const r = await as('reviewer', 'POST', url(), { year: 2026 });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ id: report.id, version: 3 });
    const other = await as('admin', 'POST', url(), { year: 2025 });
    expect(other.statusCode).toBe(201);
    expect(other.json()).toMatchObject({ year: 2025, state: 'drafted', draftedBy: 'admin' });
    expect((await as('steward_ga', 'POST', url(), { year: 2024 })).statusCode).toBe(403);
  });

  it('sending opens the leadership group\'s receive task and notifies it; the leader cannot edit, acknowledges receipt', async () => {
    const sent = await as('reviewer', 'POST', url(`/${report.id}/send`), { comment: '请审阅' });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({ state: 'sent', sentBy: 'reviewer' });
    expect((await as('reviewer', 'POST', url(`/${report.id}/send`), {})).statusCode).toBe(409);
    expect((await as('reviewer', 'PUT', url(`/${report.id}/sections`), { sections: [{ key: 'summary', text: '改' }] })).json().code).toBe('bad_report_transition');
    expect((await as('reviewer', 'POST', url(), { year: 2026 })).json().code).toBe('report_already_sent');

    const tasks = await t.platform.workflow.tasksOf('annual_report', report.id);
    expect(tasks.find((x) => x.step === 'send')!.state).toBe('done');
    expect(tasks.find((x) => x.step === 'receive')).toMatchObject({ state: 'open', assignee: { role: 'leader', unitId: null } });
    const inbox = (await as('leader', 'GET', '/api/v1/sharing/inbox?itemKind=annual_report')).json();
    expect(inbox.items).toHaveLength(1);
    expect(inbox.items[0]).toMatchObject({ itemId: report.id, step: 'receive' });
    const notes = (await as('leader', 'GET', '/api/v1/sharing/notifications')).json();
    expect(notes.items.some((n: { kind: string; itemId: string }) => n.kind === 'report.notice.sent' && n.itemId === report.id)).toBe(true);

    const leaderView = await as('leader', 'GET', url(`/${report.id}`));
    expect(leaderView.statusCode).toBe(200);
    expect(leaderView.json().actions).toEqual(['receive']);
    expect((await as('leader', 'GET', url())).json().items.map((i: { year: number }) => i.year)).toEqual([2026]);
    expect((await as('leader', 'PUT', url(`/${report.id}/sections`), { sections: [{ key: 'summary', text: '改' }] })).statusCode).toBe(403);
    expect((await as('reviewer', 'POST', url(`/${report.id}/receive`), {})).statusCode).toBe(403);

    const got = await as('leader', 'POST', url(`/${report.id}/receive`), {});
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ state: 'received', receivedBy: 'leader' });
    expect((await t.platform.workflow.tasksOf('annual_report', report.id, { openOnly: true }))).toHaveLength(0);
    const timeline = await t.platform.workflow.timeline('annual_report', report.id);
    expect(timeline.map((e) => e.action)).toEqual([
      'evaluation.report.draft',
      'evaluation.report.edit',
      'evaluation.report.edit',
      'evaluation.report.refresh',
      'evaluation.report.send',
      'evaluation.report.receive',
    ]);
    const audited = await t.platform.db.kysely.selectFrom('audit_event').select('action').where('target_id', '=', report.id).execute();
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['evaluation.report.draft', 'evaluation.report.edit', 'evaluation.report.send', 'evaluation.report.receive']));
  });

  it('exports as PDF with correct Chinese text and as XLSX that reads back', async () => {
    const pdf = await as('leader', 'GET', url(`/${report.id}/export?format=pdf`));
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(String(pdf.headers['content-disposition'])).toContain('annual-report-2026-v3.pdf');
    const { text } = pdfText(pdf.rawPayload);
    expect(text).not.toContain('\ufffd');
    expect(text).toContain('2026 年度政务信息资源共享工作报告');
    expect(text).toContain('二、主要成效');
    expect(text).toContain('全年新增共享资源，跨部门应用持续增加。');
    expect(text).toContain('跨部门应用系统使用共享资源情况（第二十二条）');

    const xlsx = await as('leader', 'GET', url(`/${report.id}/export?format=xlsx&lang=en`));
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getCell('A1').value).toBe('Annual report on government information sharing, 2026');
    const values = wb.worksheets[0]!.getSheetValues().flat();
    expect(values).toContain('部分单位更新不及时。');
    expect(values).toContain('Units');
    const exported = await t.platform.db.kysely.selectFrom('audit_event').select('detail').where('action', '=', 'evaluation.report.export').where('target_id', '=', report.id).execute();
    expect(exported).toHaveLength(2);
  });
});
