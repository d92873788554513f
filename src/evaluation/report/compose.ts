/**
 * The annual report's figures (年度报告, R21), computed from the platform's records through the
 * other modules' services. Each part is computed on its own: a source that fails (or is not
 * built yet) leaves that part null and named in `unavailable`, never the whole report.
 */
import type { EvaluationDeps } from '../deps.js';
import type { EvaluationService } from '../indicators/service.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { handling } from '../../sharing/workflow/dashboard-stats.js';
import { guarded, latestPublishedRun, yearPeriod } from '../dashboard/sources.js';
import type { ReportData, TextSection } from './model.js';

export type ComposeDeps = EvaluationDeps & { evaluation: EvaluationService };

/** The trusted actor the composer reads with (never reachable from a request). */
export const REPORT_SYSTEM: SharingActor = { actorType: 'system', actorId: null, actorName: 'annual-report', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: ['authority_reviewer'], systemId: null };

const TOP = 10;

export async function composeReportData(deps: ComposeDeps, year: number): Promise<ReportData> {
  const { org, catalog, usage, violations, training, plans, objections, exchange, db, clock } = deps;
  const p = yearPeriod(year);
  const unavailable: string[] = [];
  const g = <T>(name: string, f: () => Promise<T>) => guarded(unavailable, name, f);

  // A page holds up to 1,000 units (a city has far fewer); the count is the page's total.
  const unitPage = await g('units', () => org.listUnits({ limit: 1000 }));
  const units = unitPage?.items ?? null;
  const unitCount = unitPage ? unitPage.total : null;
  const unitName = new Map((units ?? []).map((u) => [u.id, u.name]));

  const catalogTotals = await g('catalog', async () => {
    const bySharingType: Record<string, number> = {};
    let resources = 0;
    let dataItems = 0;
    for await (const batch of catalog.publishedBatches({ ...REPORT_SYSTEM, scopes: [] } as never, {} as never, 500)) {
      for (const r of batch) {
        resources++;
        dataItems += r.dataItems.length;
        bySharingType[r.sharingType] = (bySharingType[r.sharingType] ?? 0) + 1;
      }
    }
    return { resources, dataItems, bySharingType };
  });

  const recordsAvailable = await g('records', async () => {
    let rows = 0;
    for (const u of units ?? []) {
      const list = await exchange.list({ ...REPORT_SYSTEM, kind: 'system', unitId: u.id, scopes: [], systemId: null }, 'provider');
      rows += list.reduce((s, d) => s + (d.rowCount ?? 0), 0);
    }
    return rows;
  });

  // The rollup is brought up to date first; if it cannot be, the totals below say so themselves.
  try {
    await usage.catchUp();
  } catch {
    // Reported by the totals below.
  }
  const yearTotal = await g('usage', async () => (await usage.totals({ from: p.from, to: p.to, groupBy: [] }))[0] ?? { calls: 0, rows: 0, refused: 0, keys: {} });
  const monthly = await g('usage.monthly', async () => {
    const rows = await usage.totals({ from: p.from, to: p.to, groupBy: ['month'] });
    const byMonth = new Map(rows.map((r) => [r.keys.month ?? '', r]));
    return Array.from({ length: 12 }, (_, i) => {
      const month = `${year}-${String(i + 1).padStart(2, '0')}`;
      const r = byMonth.get(month);
      return { month, calls: r?.calls ?? 0, rows: r?.rows ?? 0 };
    });
  });
  const previousYear = await g('usage.previous', async () => {
    const q = yearPeriod(year - 1);
    const r = (await usage.totals({ from: q.from, to: q.to, groupBy: [] }))[0];
    return { calls: r?.calls ?? 0, rows: r?.rows ?? 0 };
  });
  const topResources = await g('usage.resources', async () => {
    const rows = await usage.totals({ from: p.from, to: p.to, groupBy: ['resource'], top: TOP });
    const out: NonNullable<ReportData['topResources']> = [];
    for (const r of rows) {
      const code = r.keys.resource ?? '';
      const res = code ? await catalog.published(code).catch(() => null) : null;
      out.push({ code, name: res?.name ?? code, providerUnitName: res?.providerUnitName ?? null, calls: r.calls, rows: r.rows });
    }
    return out;
  });
  const topConsumers = await g('usage.consumers', async () =>
    (await usage.totals({ from: p.from, to: p.to, groupBy: ['consumerUnit'], top: TOP }))
      .filter((r) => r.keys.consumerUnit)
      .map((r) => ({ unitId: r.keys.consumerUnit!, unitName: unitName.get(r.keys.consumerUnit!) ?? null, calls: r.calls, rows: r.rows })),
  );
  const applications = await g('applications', async () => {
    const systems = (await org.listSystems({ limit: 10_000 })).items;
    const bySystem = await usage.totals({ from: p.from, to: p.to, groupBy: ['system', 'resource'] }).catch(() => null);
    const agg = new Map<string, { calls: number; rows: number; resources: Set<string> }>();
    for (const r of bySystem ?? []) {
      const id = r.keys.system;
      if (!id) continue;
      const a = agg.get(id) ?? { calls: 0, rows: 0, resources: new Set<string>() };
      a.calls += r.calls;
      a.rows += r.rows;
      if (r.keys.resource) a.resources.add(r.keys.resource);
      agg.set(id, a);
    }
    if (!bySystem) unavailable.push('applications.usage');
    return systems
      .filter((s) => !s.disabled)
      .map((s) => ({ systemId: s.id, name: s.name, unitName: s.unitName, scenario: s.scenario, calls: agg.get(s.id)?.calls ?? 0, rows: agg.get(s.id)?.rows ?? 0, resources: agg.get(s.id)?.resources.size ?? 0 }))
      .sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
  });
  const handled = await g('workflow', async () => (await handling(db.kysely, p.fromIso, p.toIso)).map((h) => ({ kind: h.itemKind, handled: h.handled, onTime: h.onTime, late: h.late, open: h.open })));
  const objectionStats = await g('objections', async () => {
    const s = await objections.stats(REPORT_SYSTEM, { from: p.from, to: `${year}-12-31` });
    return { upheld: s.upheld, notUpheld: s.notUpheld, rejected: s.rejected, open: s.open };
  });
  const violationStats = await g('violations', async () => {
    const s = await violations.summary({ from: p.fromIso, to: p.toIso });
    const byCategory: Record<string, number> = {};
    for (const [c, n] of Object.entries(s.byCategory)) byCategory[c] = n ?? 0;
    return { total: s.total, byCategory, byState: s.byState };
  });
  const trainingStats = await g('training', async () => {
    const s = await training.summary({ from: p.fromIso, to: p.toIso });
    return { sessions: s.sessions, attendances: s.attendances, people: s.people, unitsTrained: s.units, unitsTotal: unitCount };
  });
  const planStats = await g('plans', () => plans.summary(year));
  const evaluation = await g('evaluation', async () => {
    const run = await latestPublishedRun(deps.evaluation, year);
    if (!run) return null;
    const grades: Record<string, number> = {};
    for (const r of run.results) grades[r.grade] = (grades[r.grade] ?? 0) + 1;
    return {
      runId: run.id,
      version: run.version,
      publishedAt: run.publishedAt,
      grades,
      ranking: [...run.results].sort((a, b) => a.rank - b.rank).map((r) => ({ unitId: r.unitId, unitName: r.unitName, score: r.total, rank: r.rank, grade: r.grade })),
    };
  });

  return {
    year,
    period: { from: p.from, to: p.to },
    computedAt: clock.now().toISOString(),
    totals: {
      units: unitCount,
      resources: catalogTotals?.resources ?? null,
      resourcesBySharingType: catalogTotals?.bySharingType ?? null,
      dataItems: catalogTotals?.dataItems ?? null,
      recordsAvailable,
      calls: yearTotal?.calls ?? null,
      rowsServed: yearTotal?.rows ?? null,
      refused: yearTotal?.refused ?? null,
    },
    monthly,
    previousYear,
    topResources,
    topConsumers,
    applications,
    handling: handled,
    objections: objectionStats,
    violations: violationStats,
    training: trainingStats,
    plans: planStats,
    evaluation,
    unavailable: [...new Set(unavailable)],
  };
}

/** Names of the parts (as in ReportData.unavailable) in the report's language. */
const PART_ZH: Record<string, string> = {
  units: '单位', catalog: '目录', records: '数据记录', usage: '使用情况', 'usage.monthly': '月度使用', 'usage.previous': '上年使用', 'usage.resources': '热门资源',
  'usage.consumers': '使用单位', applications: '应用系统', 'applications.usage': '应用系统使用', workflow: '办理时限', objections: '异议', violations: '违规事项',
  training: '培训', plans: '年度计划', evaluation: '评估结果',
};

const n = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('en-US'));

/** The text sections as first drafted: the summary written from the figures, the rest for the authority to fill in. */
export function defaultSections(d: ReportData): TextSection[] {
  const t = d.totals;
  const yoy =
    d.previousYear && t.calls !== null && d.previousYear.calls > 0 ? `，较上年${t.calls >= d.previousYear.calls ? '增长' : '下降'} ${(Math.abs(t.calls / d.previousYear.calls - 1) * 100).toFixed(1)}%` : '';
  const summary =
    `${d.year} 年，全市 ${n(t.units)} 个机关单位接入政务信息资源共享平台，共发布信息资源 ${n(t.resources)} 项、信息项 ${n(t.dataItems)} 个，可共享数据记录 ${n(t.recordsAvailable)} 条。` +
    `全年数据调用 ${n(t.calls)} 次${yoy}，提供数据记录 ${n(t.rowsServed)} 条。` +
    (d.violations ? `全年登记违规事项 ${n(d.violations.total)} 件。` : '') +
    (d.unavailable.length ? `\n\n（注：部分数据暂不可用：${d.unavailable.map((p) => PART_ZH[p] ?? p).join('、')}。）` : '');
  return [
    { key: 'summary', title: '一、总体情况', text: summary },
    { key: 'achievements', title: '二、主要成效', text: '' },
    { key: 'problems', title: '三、存在问题', text: '' },
    { key: 'next_steps', title: '四、下一步工作', text: '' },
  ];
}
