import type { ReportDoc } from '../../core/report/index.js';
import { GRADE_LABELS, INDICATORS, INDICATOR_LABELS, type RunDetail } from './model.js';

/** An evaluation run as the export document (XLSX / PDF via src/core/report). */
export function runDocument(run: RunDetail, lang: 'zh-CN' | 'en', generatedAt: string): ReportDoc {
  const zh = lang === 'zh-CN';
  const l = (x: { zh: string; en: string }) => (zh ? x.zh : x.en);
  const state = { draft: { zh: '草稿', en: 'Draft' }, published: { zh: '已发布', en: 'Published' }, superseded: { zh: '已被取代', en: 'Superseded' } }[run.state];
  const weighted = INDICATORS.filter((i) => run.settings.indicators[i].weight > 0);
  return {
    title: zh ? `${run.year} 年度政务信息资源共享评估结果` : `Evaluation of information sharing, ${run.year}`,
    subtitle: zh ? `第 ${run.version} 版 · ${l(state)}` : `Version ${run.version} · ${l(state)}`,
    generatedAt,
    lang,
    sections: [
      {
        kind: 'keyValue',
        items: [
          { label: zh ? '评估年度' : 'Year', value: run.year, format: 'text' },
          { label: zh ? '版本' : 'Version', value: run.version },
          { label: zh ? '状态' : 'State', value: l(state) },
          { label: zh ? '参评单位' : 'Units', value: run.units },
          { label: zh ? '计算时间' : 'Computed at', value: run.computedAt },
          { label: zh ? '发布时间' : 'Published at', value: run.publishedAt },
        ],
      },
      {
        kind: 'bar',
        title: zh ? '总分排名' : 'Ranking',
        sheet: zh ? '排名图' : 'Ranking chart',
        labelTitle: zh ? '单位' : 'Unit',
        valueTitle: zh ? '总分' : 'Total',
        format: 'decimal',
        bars: run.results.map((r) => ({ label: r.unitName, value: r.total })),
      },
      {
        kind: 'table',
        title: zh ? '排名与等级' : 'Ranking and grades',
        sheet: zh ? '排名' : 'Ranking',
        columns: [
          { title: zh ? '名次' : 'Rank', width: 6, align: 'right' },
          { title: zh ? '单位' : 'Unit', width: 20 },
          { title: zh ? '总分' : 'Total', width: 8, align: 'right', format: 'decimal' },
          { title: zh ? '等级' : 'Grade', width: 8 },
        ],
        rows: run.results.map((r) => [r.rank, r.unitName, r.total, l(GRADE_LABELS[r.grade])]),
      },
      {
        kind: 'table',
        title: zh ? '各项指标得分' : 'Indicator scores',
        sheet: zh ? '指标得分' : 'Scores',
        columns: [{ title: zh ? '单位' : 'Unit', width: 16 }, ...weighted.map((i) => ({ title: `${l(INDICATOR_LABELS[i])}（${run.settings.indicators[i].weight}）`, width: 8, align: 'right' as const, format: 'decimal' as const }))],
        rows: run.results.map((r) => [r.unitName, ...weighted.map((i) => r.indicators[i].score)]),
      },
    ],
  };
}
