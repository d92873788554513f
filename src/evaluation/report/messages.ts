import { defineMessages, registerMessages } from '../../core/i18n.js';
import '../../core/report/messages.js';

/** Server messages of the annual report (年度报告, R21): zh-CN default, English. */
export const reportMessages = defineMessages({
  'evaluation.report.not_found': { zh: '年度报告不存在：{id}', en: 'No such annual report: {id}' },
  'evaluation.report.forbidden': { zh: '无权查看该年度报告', en: 'You may not see this annual report' },
  'evaluation.report.forbidden_action': { zh: '无权对年度报告执行“{action}”', en: 'You may not "{action}" the annual report' },
  'evaluation.report.bad_transition': { zh: '年度报告当前状态为“{state}”，不能执行“{action}”', en: 'The annual report is "{state}": "{action}" is not possible now' },
  'evaluation.report.changed': { zh: '年度报告已被他人修改，请刷新后重试', en: 'Someone else changed the annual report meanwhile; reload and retry' },
  'evaluation.report.invalid_year': { zh: '年度无效：{value}（应为 2000～2100 之间且早于当前年度）', en: 'Invalid year: {value} (2000–2100, before the current year)' },
  'evaluation.report.unknown_section': { zh: '没有该文字部分：{value}', en: 'No such text section: {value}' },
  'evaluation.report.duplicate_section': { zh: '文字部分重复：{value}', en: 'Duplicate text section: {value}' },
  'evaluation.report.too_long': { zh: '过长：最多 {max} 个字符', en: 'Too long: at most {max} characters' },
  'evaluation.report.no_change': { zh: '请至少修改一个文字部分', en: 'Change at least one text section' },
  'evaluation.report.stale_version': { zh: '报告已更新到第 {current} 版，请基于最新版本修改', en: 'The report is at version {current} now; edit the latest version' },
  'evaluation.report.already_sent': { zh: '{year} 年度报告已报送，不能重新生成', en: 'The {year} report has been sent; it cannot be drafted again' },
  'evaluation.report.version_not_found': { zh: '该报告没有第 {version} 版', en: 'The report has no version {version}' },
  'evaluation.dashboard.forbidden': { zh: '无权查看该看板', en: 'You may not see this dashboard' },
});
registerMessages(reportMessages);
