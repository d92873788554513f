/**
 * The dashboards (看板) of the IT authority and the supervision department: overdue updates,
 * pending responses and objections (open workflow tasks by kind and unit), violations by
 * category and unit, usage trends (the usage rollup, never the audit log), the latest published
 * evaluation. Every figure is an indexed count or a rollup read, and a dashboard is cached per
 * node for DASHBOARD_CACHE_MS (the same for every viewer allowed to see it), so it answers in
 * milliseconds whatever the number of recorded accesses. A part whose source fails shows as
 * unavailable; the dashboard still answers.
 */
import { AppError } from '../../core/errors.js';
import { renderPdf } from '../../core/report/pdf.js';
import { renderXlsx } from '../../core/report/xlsx.js';
import type { ReportDoc, Section } from '../../core/report/model.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import type { ExchangeActor } from '../../exchange/types.js';
import { pendingTasks } from '../../sharing/workflow/dashboard-stats.js';
import type { EvaluationDeps } from '../deps.js';
import type { EvaluationService } from '../indicators/service.js';
import { cstDay, guarded, latestPublishedRun, yearPeriod } from './sources.js';
import { canView } from './policy.js';
import type { Dashboard, DashboardKind } from './model.js';
import '../report/messages.js';

export * from './model.js';

/** How long a dashboard answers from memory on one node. */
export const DASHBOARD_CACHE_MS = 5000;

export interface DashboardService {
  /** 主管部门看板 (the authority, administrators). */
  authority(by: SharingActor): Promise<Dashboard>;
  /** 监督看板 (supervisors; the leadership group, the authority and administrators read it). */
  supervision(by: SharingActor): Promise<Dashboard>;
  /** A dashboard as a file; audited 'evaluation.dashboard.export'. */
  export(by: SharingActor, kind: DashboardKind, format: 'pdf' | 'xlsx', lang?: 'zh-CN' | 'en'): Promise<{ body: Buffer; contentType: string; fileName: string }>;
  /** Drops the cached dashboards (tests, after a bulk load). */
  invalidate(): void;
}

const OVERDUE_READER: ExchangeActor = { actorType: 'system', actorId: null, actorName: 'dashboard', unitId: null, clientIp: null, requestId: null, kind: 'user', roles: ['authority_reviewer'], scopes: [], systemId: null };
/** Item kinds the supervision department follows. */
const SUPERVISION_KINDS = ['violation', 'complaint', 'objection'];

export function createDashboardService(deps: EvaluationDeps & { evaluation: EvaluationService }): DashboardService {
  const { db, audit, clock, org, exchange, usage, violations } = deps;
  const k = db.kysely;
  const cache = new Map<DashboardKind, { at: number; value: Promise<Dashboard> }>();

  async function unitNames(): Promise<Map<string, string>> {
    return new Map((await org.listUnits({ limit: 1000 })).items.map((u) => [u.id, u.name]));
  }

  async function compute(kind: DashboardKind): Promise<Dashboard> {
    const nowDate = clock.now();
    const now = nowDate.toISOString();
    const today = cstDay(nowDate);
    const year = Number(today.slice(0, 4));
    const p = yearPeriod(year);
    const unavailable: string[] = [];
    const g = <T>(name: string, f: () => Promise<T>) => guarded(unavailable, name, f);
    const names = (await g('units', unitNames)) ?? new Map<string, string>();

    const overdueUpdates = await g('overdueUpdates', async () => {
      const list = await exchange.overdue(OVERDUE_READER);
      const byUnit = new Map<string, { unitId: string; unitName: string; count: number }>();
      for (const e of list) {
        const u = byUnit.get(e.providerUnitId) ?? { unitId: e.providerUnitId, unitName: e.providerUnitName, count: 0 };
        u.count++;
        byUnit.set(e.providerUnitId, u);
      }
      return {
        total: list.length,
        byUnit: [...byUnit.values()].sort((a, b) => b.count - a.count),
        items: list.slice(0, 20).map((e) => ({ resourceCode: e.resourceCode, name: e.name, providerUnitName: e.providerUnitName, dueAt: e.dueAt, daysOverdue: e.daysOverdue })),
      };
    });

    const pending = await g('pending', async () => {
      const rows = await pendingTasks(k, now, kind === 'supervision' ? { itemKinds: SUPERVISION_KINDS } : {});
      const byKind = new Map<string, { kind: string; open: number; overdue: number }>();
      const byUnit = new Map<string, { unitId: string | null; unitName: string | null; open: number; overdue: number }>();
      for (const r of rows) {
        const a = byKind.get(r.itemKind) ?? { kind: r.itemKind, open: 0, overdue: 0 };
        a.open += r.open;
        a.overdue += r.overdue;
        byKind.set(r.itemKind, a);
        const key = r.unitId ?? '';
        const b = byUnit.get(key) ?? { unitId: r.unitId, unitName: r.unitId ? (names.get(r.unitId) ?? null) : null, open: 0, overdue: 0 };
        b.open += r.open;
        b.overdue += r.overdue;
        byUnit.set(key, b);
      }
      return {
        byKind: [...byKind.values()].sort((a, b) => b.open - a.open || a.kind.localeCompare(b.kind)),
        byUnit: [...byUnit.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open),
      };
    });

    const violationPart = await g('violations', async () => {
      const [s, units] = await Promise.all([violations.summary({ from: p.fromIso, to: p.toIso }), violations.countsByUnit({ from: p.fromIso, to: p.toIso })]);
      return {
        total: s.total,
        byCategory: Object.entries(s.byCategory)
          .map(([c, n]) => ({ category: Number(c), count: n ?? 0 }))
          .sort((a, b) => a.category - b.category),
        byState: s.byState,
        byUnit: units.map((u) => ({ unitId: u.unitId, unitName: names.get(u.unitId) ?? null, confirmed: u.confirmed, serious: u.serious })).sort((a, b) => b.confirmed - a.confirmed),
      };
    });

    const usagePart = await g('usage', async () => {
      const from30 = cstDay(new Date(nowDate.getTime() - 29 * 86_400_000));
      const tomorrow = cstDay(new Date(nowDate.getTime() + 86_400_000));
      const [monthly, daily, consumers] = await Promise.all([
        usage.totals({ from: p.from, to: p.to, groupBy: ['month'] }),
        usage.totals({ from: from30, to: tomorrow, groupBy: ['day'] }),
        usage.totals({ from: p.from, to: p.to, groupBy: ['consumerUnit'], top: 10 }),
      ]);
      const m = new Map(monthly.map((r) => [r.keys.month, r]));
      const d = new Map(daily.map((r) => [r.keys.day, r]));
      const months = Array.from({ length: Number(today.slice(5, 7)) }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
      const days = Array.from({ length: 30 }, (_, i) => cstDay(new Date(nowDate.getTime() - (29 - i) * 86_400_000)));
      return {
        monthly: months.map((month) => ({ month, calls: m.get(month)?.calls ?? 0, rows: m.get(month)?.rows ?? 0 })),
        daily: days.map((day) => ({ day, calls: d.get(day)?.calls ?? 0, rows: d.get(day)?.rows ?? 0 })),
        topConsumers: consumers.filter((r) => r.keys.consumerUnit).map((r) => ({ unitId: r.keys.consumerUnit!, unitName: names.get(r.keys.consumerUnit!) ?? null, calls: r.calls, rows: r.rows })),
      };
    });

    const evaluation = await g('evaluation', async () => {
      const run = await latestPublishedRun(deps.evaluation);
      if (!run) return null;
      const grades: Record<string, number> = {};
      for (const r of run.results) grades[r.grade] = (grades[r.grade] ?? 0) + 1;
      return {
        runId: run.id,
        year: run.year,
        version: run.version,
        publishedAt: run.publishedAt,
        grades,
        ranking: [...run.results].sort((a, b) => a.rank - b.rank).map((r) => ({ unitId: r.unitId, unitName: r.unitName, total: r.total, rank: r.rank, grade: r.grade })),
      };
    });

    return { kind, generatedAt: now, year, overdueUpdates, pending, violations: violationPart, usage: usagePart, evaluation, unavailable };
  }

  function cached(kind: DashboardKind): Promise<Dashboard> {
    const t = performance.now();
    const hit = cache.get(kind);
    if (hit && t - hit.at < DASHBOARD_CACHE_MS) return hit.value;
    const value = compute(kind);
    value.catch(() => cache.delete(kind));
    cache.set(kind, { at: t, value });
    return value;
  }

  async function view(by: SharingActor, kind: DashboardKind): Promise<Dashboard> {
    if (!canView(by, kind)) throw new AppError(403, 'forbidden', 'evaluation.dashboard.forbidden');
    return cached(kind);
  }

  return {
    authority: (by) => view(by, 'authority'),
    supervision: (by) => view(by, 'supervision'),
    invalidate: () => cache.clear(),
    async export(by, kind, format, lang = 'zh-CN') {
      const d = await view(by, kind);
      const doc = dashboardDocument(d, lang);
      const body = format === 'pdf' ? await renderPdf(doc) : await renderXlsx(doc);
      await audit.append({
        actorType: by.actorType,
        actorId: by.actorId,
        actorName: by.actorName,
        unitId: by.unitId,
        clientIp: by.clientIp,
        requestId: by.requestId,
        action: 'evaluation.dashboard.export',
        targetType: 'dashboard',
        targetId: kind,
        result: 'success',
        detail: { format, bytes: body.length },
      });
      return {
        body,
        contentType: format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName: `dashboard-${kind}-${d.generatedAt.slice(0, 10)}.${format}`,
      };
    },
  };
}

const KIND_ZH: Record<string, string> = { demand: '共享需求', application: '共享申请', grant: '授权', agreement: '保密协议', objection: '异议', violation: '违规事项', complaint: '投诉', annual_report: '年度报告' };
const GRADE_ZH: Record<string, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };

/** A dashboard as an export document. */
export function dashboardDocument(d: Dashboard, lang: 'zh-CN' | 'en' = 'zh-CN'): ReportDoc {
  const zh = lang === 'zh-CN';
  const L = (a: string, b: string) => (zh ? a : b);
  const na = L('（数据暂不可用）', '(data not available)');
  const s: Section[] = [];
  if (d.overdueUpdates) {
    s.push({ kind: 'heading', text: L(`更新逾期资源（${d.overdueUpdates.total} 项）`, `Resources overdue for update (${d.overdueUpdates.total})`) });
    s.push({ kind: 'bar', title: L('按提供单位', 'By provider unit'), sheet: L('更新逾期', 'Overdue updates'), labelTitle: L('单位', 'Unit'), valueTitle: L('资源数', 'Resources'), bars: d.overdueUpdates.byUnit.map((u) => ({ label: u.unitName ?? u.unitId ?? '—', value: u.count })) });
  } else s.push({ kind: 'heading', text: L('更新逾期资源', 'Overdue updates') }, { kind: 'paragraph', text: na });
  s.push({ kind: 'heading', text: L('待办事项', 'Pending tasks') });
  s.push({
    kind: 'table', title: L('按事项类型', 'By kind'), sheet: L('待办事项', 'Pending'),
    columns: [{ title: L('事项', 'Kind'), width: 10 }, { title: L('待办', 'Open'), width: 5, align: 'right', format: 'integer' }, { title: L('已超时', 'Overdue'), width: 5, align: 'right', format: 'integer' }],
    rows: (d.pending?.byKind ?? []).map((x) => [zh ? (KIND_ZH[x.kind] ?? x.kind) : x.kind, x.open, x.overdue]), empty: d.pending ? L('暂无待办', 'Nothing pending') : na,
  });
  s.push({
    kind: 'table', title: L('按承办单位', 'By unit'), sheet: L('待办按单位', 'Pending by unit'),
    columns: [{ title: L('单位', 'Unit'), width: 14 }, { title: L('待办', 'Open'), width: 5, align: 'right', format: 'integer' }, { title: L('已超时', 'Overdue'), width: 5, align: 'right', format: 'integer' }],
    rows: (d.pending?.byUnit ?? []).map((x) => [x.unitName ?? (x.unitId ? x.unitId : L('市级（主管部门等）', 'City-wide roles')), x.open, x.overdue]), empty: d.pending ? L('暂无待办', 'Nothing pending') : na,
  });
  s.push({ kind: 'heading', text: L('违规事项', 'Violations') });
  s.push({ kind: 'bar', title: L('按类别', 'By category'), sheet: L('违规按类别', 'Violations by category'), labelTitle: L('类别', 'Category'), valueTitle: L('件数', 'Count'), bars: (d.violations?.byCategory ?? []).map((c) => ({ label: L(`第${'一二三四五六七八'[c.category - 1] ?? c.category}项`, `Item ${c.category}`), value: c.count })), empty: d.violations ? L('暂无违规事项', 'No violations') : na });
  s.push({
    kind: 'table', title: L('按单位（已确认）', 'By unit (confirmed)'), sheet: L('违规按单位', 'Violations by unit'),
    columns: [{ title: L('单位', 'Unit'), width: 14 }, { title: L('已确认', 'Confirmed'), width: 5, align: 'right', format: 'integer' }, { title: L('建议处分', 'Serious'), width: 5, align: 'right', format: 'integer' }],
    rows: (d.violations?.byUnit ?? []).map((x) => [x.unitName ?? x.unitId, x.confirmed, x.serious]), empty: d.violations ? L('暂无', 'None') : na,
  });
  s.push({ kind: 'heading', text: L('使用趋势', 'Usage trends') });
  s.push({ kind: 'bar', title: L(`${d.year} 年月度调用`, `Accesses per month, ${d.year}`), sheet: L('月度调用', 'Monthly'), labelTitle: L('月份', 'Month'), valueTitle: L('调用次数', 'Accesses'), bars: (d.usage?.monthly ?? []).map((m) => ({ label: m.month, value: m.calls })), empty: na });
  s.push({
    kind: 'table', title: L('近 30 日', 'Last 30 days'), sheet: L('近30日', 'Daily'),
    columns: [{ title: L('日期', 'Day'), width: 8 }, { title: L('调用次数', 'Accesses'), width: 6, align: 'right', format: 'integer' }, { title: L('记录数', 'Records'), width: 6, align: 'right', format: 'integer' }],
    rows: (d.usage?.daily ?? []).map((x) => [x.day, x.calls, x.rows]), empty: na,
  });
  s.push({ kind: 'heading', text: L('评估结果', 'Evaluation results') });
  s.push({
    kind: 'table', title: d.evaluation ? L(`${d.evaluation.year} 年度评估（第 ${d.evaluation.version} 版）`, `Evaluation ${d.evaluation.year} (version ${d.evaluation.version})`) : undefined, sheet: L('评估结果', 'Evaluation'),
    columns: [{ title: L('名次', 'Rank'), width: 4, align: 'right', format: 'integer' }, { title: L('单位', 'Unit'), width: 16 }, { title: L('得分', 'Score'), width: 5, align: 'right', format: 'decimal' }, { title: L('等次', 'Grade'), width: 5 }],
    rows: (d.evaluation?.ranking ?? []).map((x) => [x.rank, x.unitName, x.total, zh ? (GRADE_ZH[x.grade] ?? x.grade) : x.grade]), empty: L('尚无已发布的评估结果', 'No published evaluation yet'),
  });
  if (d.unavailable.length) s.push({ kind: 'paragraph', text: L(`注：以下数据暂不可用：${d.unavailable.join('、')}`, `Note: not available: ${d.unavailable.join(', ')}`) });
  return {
    title: d.kind === 'authority' ? L('主管部门看板', 'IT authority dashboard') : L('监督看板', 'Supervision dashboard'),
    subtitle: L('三亚市政务信息资源共享平台', 'Sanya government information sharing platform'),
    generatedAt: d.generatedAt,
    lang,
    sections: s,
  };
}
