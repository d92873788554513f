/** The annual report as an export document (PDF / XLSX through src/core/report). */
import type { ReportDoc, Section } from '../../core/report/model.js';
import type { Report } from './model.js';

const CATEGORY_ZH: Record<string, string> = {
  '1': '第一项 未按规定时限共享', '2': '第二项 共享数据不真实不完整', '3': '第三项 未及时更新', '4': '第四项 超出履职需要使用',
  '5': '第五项 拒不整改', '6': '第六项 （人工登记）', '7': '第七项 擅自删除修改', '8': '第八项 （人工登记）',
};
const CATEGORY_EN: Record<string, string> = {
  '1': 'Item 1 not shared in time', '2': 'Item 2 untrue or incomplete', '3': 'Item 3 not updated in time', '4': 'Item 4 use beyond duties',
  '5': 'Item 5 refusal to rectify', '6': 'Item 6 (recorded by hand)', '7': 'Item 7 unauthorized deletion or modification', '8': 'Item 8 (recorded by hand)',
};
const KIND = {
  zh: { demand: '共享需求', application: '共享申请', grant: '授权', agreement: '保密协议', objection: '异议', violation: '违规事项', complaint: '投诉', annual_report: '年度报告' } as Record<string, string>,
  en: { demand: 'Demands', application: 'Applications', grant: 'Grants', agreement: 'Agreements', objection: 'Objections', violation: 'Violations', complaint: 'Complaints', annual_report: 'Annual report' } as Record<string, string>,
};
const SHARING = { zh: { mandatory: '无条件共享', restricted: '有条件共享', not_shared: '不予共享' } as Record<string, string>, en: { mandatory: 'Mandatory', restricted: 'Restricted', not_shared: 'Not shared' } as Record<string, string> };
const GRADE = { zh: { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' } as Record<string, string>, en: { excellent: 'Excellent', good: 'Good', pass: 'Pass', fail: 'Fail' } as Record<string, string> };
const SECTION_EN: Record<string, string> = { summary: '1. Overview', achievements: '2. Achievements', problems: '3. Problems', next_steps: '4. Next steps' };

export function reportDocument(r: Report, lang: 'zh-CN' | 'en' = 'zh-CN', generatedAt = r.data.computedAt): ReportDoc {
  const zh = lang === 'zh-CN';
  const L = (a: string, b: string) => (zh ? a : b);
  const d = r.data;
  const t = d.totals;
  const s: Section[] = [];
  const missing = L('（数据暂不可用）', '(data not available)');
  for (const sec of r.sections) {
    s.push({ kind: 'heading', text: zh ? sec.title : (SECTION_EN[sec.key] ?? sec.title) });
    s.push({ kind: 'paragraph', text: sec.text.trim() || L('（待填写）', '(to be written)') });
  }
  s.push({ kind: 'heading', text: L('附：统计数据', 'Annex: figures') });
  s.push({
    kind: 'keyValue',
    title: L('总量', 'Totals'),
    items: [
      { label: L('接入单位', 'Units'), value: t.units },
      { label: L('已发布信息资源', 'Published resources'), value: t.resources },
      ...Object.entries(t.resourcesBySharingType ?? {}).map(([k, v]) => ({ label: `  ${(zh ? SHARING.zh : SHARING.en)[k] ?? k}`, value: v })),
      { label: L('信息项', 'Data items'), value: t.dataItems },
      { label: L('可共享数据记录', 'Records available'), value: t.recordsAvailable },
      { label: L('数据调用次数', 'Data accesses'), value: t.calls },
      { label: L('提供数据记录', 'Records served'), value: t.rowsServed },
      { label: L('上年调用次数', 'Accesses, previous year'), value: d.previousYear?.calls ?? null },
    ],
  });
  s.push({ kind: 'bar', title: L('月度调用趋势', 'Monthly accesses'), sheet: L('月度趋势', 'Monthly'), labelTitle: L('月份', 'Month'), valueTitle: L('调用次数', 'Accesses'), bars: (d.monthly ?? []).map((m) => ({ label: m.month, value: m.calls })), empty: missing });
  s.push({
    kind: 'table', title: L('调用最多的信息资源', 'Most used resources'), sheet: L('热门资源', 'Top resources'),
    columns: [{ title: L('资源代码', 'Code'), width: 8 }, { title: L('资源名称', 'Name'), width: 16 }, { title: L('提供单位', 'Provider'), width: 12 }, { title: L('调用次数', 'Accesses'), width: 7, align: 'right', format: 'integer' }, { title: L('记录数', 'Records'), width: 7, align: 'right', format: 'integer' }],
    rows: (d.topResources ?? []).map((x) => [x.code, x.name, x.providerUnitName, x.calls, x.rows]), empty: d.topResources ? L('暂无数据', 'No data') : missing,
  });
  s.push({
    kind: 'table', title: L('使用数据最多的单位', 'Top consumer units'), sheet: L('使用单位', 'Top consumers'),
    columns: [{ title: L('单位', 'Unit'), width: 18 }, { title: L('调用次数', 'Accesses'), width: 7, align: 'right', format: 'integer' }, { title: L('记录数', 'Records'), width: 7, align: 'right', format: 'integer' }],
    rows: (d.topConsumers ?? []).map((x) => [x.unitName ?? x.unitId, x.calls, x.rows]), empty: d.topConsumers ? L('暂无数据', 'No data') : missing,
  });
  s.push({
    kind: 'table', title: L('跨部门应用系统使用共享资源情况（第二十二条）', 'Cross-department applications and the resources they use (Art. 22)'), sheet: L('应用系统', 'Applications'),
    columns: [{ title: L('应用系统', 'Application'), width: 14 }, { title: L('所属单位', 'Unit'), width: 12 }, { title: L('应用场景', 'Scenario'), width: 10 }, { title: L('使用资源数', 'Resources'), width: 6, align: 'right', format: 'integer' }, { title: L('调用次数', 'Accesses'), width: 7, align: 'right', format: 'integer' }],
    rows: (d.applications ?? []).map((x) => [x.name, x.unitName, x.scenario, x.resources, x.calls]), empty: d.applications ? L('暂无数据', 'No data') : missing,
  });
  s.push({
    kind: 'table', title: L('办理时限情况', 'Handled within deadlines'), sheet: L('办理时限', 'Deadlines'),
    columns: [{ title: L('事项', 'Kind'), width: 10 }, { title: L('已办结', 'Handled'), width: 6, align: 'right', format: 'integer' }, { title: L('按时', 'On time'), width: 6, align: 'right', format: 'integer' }, { title: L('超时', 'Late'), width: 6, align: 'right', format: 'integer' }, { title: L('未办结', 'Open'), width: 6, align: 'right', format: 'integer' }],
    rows: (d.handling ?? []).map((h) => [(zh ? KIND.zh : KIND.en)[h.kind] ?? h.kind, h.handled, h.onTime, h.late, h.open]), empty: d.handling ? L('暂无数据', 'No data') : missing,
  });
  s.push({
    kind: 'keyValue', title: L('异议处理', 'Objections'),
    items: [
      { label: L('异议成立', 'Upheld'), value: d.objections?.upheld ?? null },
      { label: L('异议不成立', 'Not upheld'), value: d.objections?.notUpheld ?? null },
      { label: L('不予受理', 'Rejected'), value: d.objections?.rejected ?? null },
      { label: L('处理中', 'Open'), value: d.objections?.open ?? null },
    ],
  });
  s.push({
    kind: 'bar', title: L('违规事项（按第三十一条类别）', 'Violations by category (Art. 31)'), sheet: L('违规事项', 'Violations'), labelTitle: L('类别', 'Category'), valueTitle: L('件数', 'Count'),
    bars: Object.entries(d.violations?.byCategory ?? {}).map(([c, v]) => ({ label: (zh ? CATEGORY_ZH : CATEGORY_EN)[c] ?? c, value: v })), empty: d.violations ? L('本年度无违规事项', 'No violations this year') : missing,
  });
  s.push({
    kind: 'keyValue', title: L('培训情况（第二十三条）', 'Training (Art. 23)'),
    items: [
      { label: L('培训场次', 'Sessions'), value: d.training?.sessions ?? null },
      { label: L('参训人次', 'Attendances'), value: d.training?.attendances ?? null },
      { label: L('参训单位', 'Units trained'), value: d.training?.unitsTrained ?? null },
      { label: L('单位覆盖率', 'Unit coverage'), value: d.training && d.training.unitsTotal ? d.training.unitsTrained / d.training.unitsTotal : null, format: 'percent' },
    ],
  });
  s.push({
    kind: 'keyValue', title: L('年度建设计划（第三十二条）', 'Annual plans (Art. 32)'),
    items: [
      { label: L('计划项目', 'Plan items'), value: d.plans?.total ?? null },
      ...Object.entries(d.plans?.byStatus ?? {}).map(([k, v]) => ({ label: `  ${k}`, value: v })),
      { label: L('预算（元）', 'Budget (yuan)'), value: d.plans?.budget ?? null },
    ],
  });
  s.push({
    kind: 'table', title: L('年度评估结果', 'Evaluation results'), sheet: L('评估结果', 'Evaluation'),
    columns: [{ title: L('名次', 'Rank'), width: 4, align: 'right', format: 'integer' }, { title: L('单位', 'Unit'), width: 18 }, { title: L('得分', 'Score'), width: 6, align: 'right', format: 'decimal' }, { title: L('等次', 'Grade'), width: 5 }],
    rows: (d.evaluation?.ranking ?? []).map((x) => [x.rank, x.unitName ?? x.unitId, x.score, x.grade ? ((zh ? GRADE.zh : GRADE.en)[x.grade] ?? x.grade) : null]),
    empty: d.evaluation ? '' : L('本年度评估结果尚未发布', 'The evaluation of this year is not published yet'),
  });
  return {
    title: zh ? r.title : `Annual report on government information sharing, ${r.year}`,
    subtitle: L(`报送：市政务信息资源共享工作领导小组　第 ${r.version} 版`, `To the leadership group — version ${r.version}`),
    generatedAt,
    lang,
    sections: s,
  };
}
