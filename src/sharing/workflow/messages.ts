import { defineMessages, registerMessages } from '../../core/i18n.js';

/** The workflow kernel's server messages (zh-CN default, en). */
export const workflowMessages = defineMessages({
  'sharing.workflow.invalid_setting': { zh: '时限应为 1 至 {max} 之间的整数（工作日）', en: 'A deadline is an integer from 1 to {max} (working days)' },
  'sharing.workflow.unknown_setting': { zh: '未知的时限设置项：{key}', en: 'Unknown deadline setting: {key}' },
  'sharing.workflow.empty_settings': { zh: '至少需要修改一项时限', en: 'Change at least one deadline' },
  'sharing.workflow.unknown_kind': { zh: '未知的事项类型：{kind}', en: 'Unknown item kind: {kind}' },
  'sharing.workflow.item_not_found': { zh: '事项不存在或无权查看：{kind} {id}', en: 'No such item, or not yours to see: {kind} {id}' },
  'sharing.workflow.task_not_found': { zh: '待办不存在：{id}', en: 'No such task: {id}' },
  'sharing.workflow.task_closed': { zh: '待办已办结，不能延期：{id}', en: 'The task is closed and cannot be extended: {id}' },
  'sharing.workflow.invalid_days': { zh: '工作日数应为 1 至 {max} 的整数', en: 'The number of working days is an integer from 1 to {max}' },
  'sharing.workflow.no_unit': { zh: '当前账号不属于任何单位', en: 'This account belongs to no unit' },
  'sharing.workflow.oa_hook_not_found': { zh: '本单位尚未设置 OA 推送地址', en: 'Your unit has no OA webhook' },
  'sharing.workflow.invalid_range': { zh: '时间范围无效：{value}', en: 'Invalid time range: {value}' },
});
registerMessages(workflowMessages);
