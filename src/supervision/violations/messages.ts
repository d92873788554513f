import { defineMessages, registerMessages } from '../../core/i18n.js';

/** Server messages of violations (违规事项, R23): zh-CN default, English. */
export const violationMessages = defineMessages({
  'supervision.violation.not_found': { zh: '违规事项不存在：{id}', en: 'No such violation: {id}' },
  'supervision.violation.forbidden': { zh: '无权查看该违规事项', en: 'You may not see this violation' },
  'supervision.violation.forbidden_action': { zh: '无权对该违规事项执行“{action}”', en: 'You may not "{action}" this violation' },
  'supervision.violation.bad_transition': { zh: '违规事项当前状态为“{state}”，不能执行“{action}”', en: 'The violation is "{state}": "{action}" is not possible now' },
  'supervision.violation.changed': { zh: '违规事项已被他人处理，请刷新后重试', en: 'Someone else handled the violation meanwhile; reload and retry' },
  'supervision.violation.no_unit': { zh: '该违规事项未指明责任单位，不能“{action}”', en: 'The violation names no unit: "{action}" is not possible' },
  'supervision.violation.text_required': { zh: '不能为空', en: 'Must not be blank' },
  'supervision.violation.too_long': { zh: '过长：最多 {max} 个字符', en: 'Too long: at most {max} characters' },
  'supervision.violation.invalid_category': { zh: '违规类别应为 1～8（第三十一条第一至八项）', en: 'The category is 1–8 (article 31, items 1 to 8)' },
  'supervision.violation.unit_not_found': { zh: '单位不存在：{id}', en: 'No such unit: {id}' },
  'supervision.violation.invalid_evidence': { zh: '证据应为不超过 {max} 字节的 JSON 对象', en: 'The evidence is a JSON object of at most {max} bytes' },
  'supervision.violation.invalid_subject': { zh: '关联对象应为 {type, id}', en: 'The subject is {type, id}' },
  'supervision.violation.invalid_date': { zh: '不是有效的日期（YYYY-MM-DD）：{value}', en: 'Not a valid date (YYYY-MM-DD): {value}' },
  'supervision.violation.due_not_future': { zh: '整改期限应晚于今天且至少包含一个工作日：{value}', en: 'The rectification deadline must be after today and include at least one working day: {value}' },
  'supervision.violation.invalid_days': { zh: '整改期限应为 1～{max} 个工作日', en: 'The rectification period is 1–{max} working days' },
  'supervision.violation.days_or_date': { zh: '整改期限只能给出工作日数或日期之一', en: 'Give either working days or a date for the rectification deadline, not both' },
  'supervision.violation.invalid_instant': { zh: '不是有效的时间（ISO 8601）：{value}', en: 'Not a valid time (ISO 8601): {value}' },
  'supervision.violation.invalid_finding': { zh: '第 {index} 条发现无效：{reason}', en: 'Finding {index} is invalid: {reason}' },
  'supervision.violation.invalid_period': { zh: '统计期间无效：from 应早于 to', en: 'Invalid period: from must be before to' },
});
registerMessages(violationMessages);
