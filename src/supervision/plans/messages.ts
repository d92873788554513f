import { defineMessages, registerMessages } from '../../core/i18n.js';

/** Server messages of annual plans (年度计划, R26): zh-CN default, English. */
export const planMessages = defineMessages({
  'supervision.plan.not_found': { zh: '计划事项不存在：{id}', en: 'No such plan item: {id}' },
  'supervision.plan.milestone_not_found': { zh: '里程碑不存在：{id}', en: 'No such milestone: {id}' },
  'supervision.plan.forbidden': { zh: '无权执行该操作（计划由主管部门编制和跟踪，进展由责任单位数据管理员报告）', en: 'Not allowed (the IT authority plans and follows up; the owner unit\'s steward reports progress)' },
  'supervision.plan.text_required': { zh: '不能为空', en: 'Must not be blank' },
  'supervision.plan.too_long': { zh: '过长：最多 {max} 个字符', en: 'Too long: at most {max} characters' },
  'supervision.plan.invalid_year': { zh: '年度应为 2000～2099 的整数：{value}', en: 'The year is an integer from 2000 to 2099: {value}' },
  'supervision.plan.invalid_kind': { zh: '类别应为 infrastructure（基础设施）、resource（重点信息资源）或 other（其他）', en: 'The kind is infrastructure, resource or other' },
  'supervision.plan.invalid_funding': { zh: '资金来源应为 fiscal（财政资金）、self（自筹）、superior（上级补助）或 other（其他）', en: 'The funding source is fiscal, self, superior or other' },
  'supervision.plan.invalid_budget': { zh: '预算应为不小于 0 的金额（元），最多两位小数：{value}', en: 'The budget is a non-negative amount in yuan with at most two decimals: {value}' },
  'supervision.plan.invalid_date': { zh: '日期格式应为 YYYY-MM-DD：{value}', en: 'A date is YYYY-MM-DD: {value}' },
  'supervision.plan.future_date': { zh: '日期不能晚于今天：{value}', en: 'The date cannot be after today: {value}' },
  'supervision.plan.unknown_unit': { zh: '单位不存在：{id}', en: 'No such unit: {id}' },
  'supervision.plan.invalid_status': { zh: '状态无效：{value}', en: 'Invalid status: {value}' },
  'supervision.plan.invalid_assessment': { zh: '评估结论应为 on_track（按计划推进）、at_risk（存在风险）、behind（滞后）或 done（已完成）', en: 'The assessment is on_track, at_risk, behind or done' },
  'supervision.plan.bad_transition': { zh: '计划事项当前状态为“{from}”，不能改为“{to}”', en: 'The item is "{from}": it cannot become "{to}"' },
  'supervision.plan.reason_required': { zh: '改为“{to}”须说明原因', en: 'Give a reason for "{to}"' },
  'supervision.plan.closed': { zh: '计划事项已{status}，不能再修改', en: 'The item is {status}: it can no longer be changed' },
  'supervision.plan.too_many_milestones': { zh: '每个计划事项最多 {max} 个里程碑', en: 'At most {max} milestones per item' },
  'supervision.plan.changed': { zh: '计划事项已被他人修改，请刷新后重试', en: 'Someone else changed the item; reload and retry' },
  'supervision.plan.nothing_to_change': { zh: '没有要修改的内容', en: 'Nothing to change' },
});
registerMessages(planMessages);
