import { defineMessages, registerMessages } from '../core/i18n.js';

/** The sharing module's user-facing messages (zh-CN default, en). */
export const sharingMessages = defineMessages({
  'sharing.grant.not_found': { zh: '授权不存在：{id}', en: 'No such grant: {id}' },
  'sharing.grant.invalid_resource_code': { zh: '资源代码格式错误：{value}', en: 'Invalid resource code: {value}' },
  'sharing.grant.unknown_unit': { zh: '使用单位不存在：{id}', en: 'No such consumer unit: {id}' },
  'sharing.grant.unknown_system': { zh: '应用系统不存在或不属于该使用单位：{id}', en: 'No such application system of the consumer unit: {id}' },
  'sharing.grant.invalid_item_code': { zh: '信息项代码格式错误：{value}', en: 'Invalid data item code: {value}' },
  'sharing.grant.duplicate_item_code': { zh: '信息项代码重复：{value}', en: 'Duplicate data item code: {value}' },
  'sharing.grant.too_many': { zh: '最多 {max} 项', en: 'At most {max} entries' },
  'sharing.grant.empty_list': { zh: '至少需要一项（不限字段请填 null）', en: 'At least one entry is needed (use null for every field)' },
  'sharing.grant.invalid_filter': { zh: '行过滤条件格式错误：{reason}', en: 'Malformed row filter condition: {reason}' },
  'sharing.grant.invalid_masking': { zh: '脱敏规则无效：{value}', en: 'Invalid masking rule: {value}' },
  'sharing.grant.text_required': { zh: '不能为空', en: 'Must not be blank' },
  'sharing.grant.too_long': { zh: '过长：最多 {max} 个字符', en: 'Too long: at most {max} characters' },
  'sharing.grant.invalid_date': { zh: '不是有效的日期或日期时间（ISO 8601，须带时区，或 YYYY-MM-DD）：{value}', en: 'Not a valid date or date-time (ISO 8601 with an offset, or YYYY-MM-DD): {value}' },
  'sharing.grant.period_order': { zh: '有效期截止时间必须晚于起始时间', en: 'The end of the validity period must come after its start' },
  'sharing.grant.invalid_quota': { zh: '配额应为 1 至 {max} 的整数，不限请填 null', en: 'A quota is an integer from 1 to {max}, or null for unlimited' },
  'sharing.grant.invalid_state': { zh: '授权状态无效：{value}', en: 'Invalid grant state: {value}' },
  'sharing.grant.bad_transition': { zh: '授权状态不能从“{from}”变为“{to}”', en: 'A grant cannot go from "{from}" to "{to}"' },
  'sharing.grant.reason_required': { zh: '暂停或撤销授权须说明理由', en: 'Suspending or revoking a grant needs a reason' },

  // the grants API (src/sharing/applications)
  'sharing.grant.forbidden': { zh: '无权查看或变更该授权', en: 'You are not allowed to see or change this grant' },
  'sharing.grant.agreement_not_filed': { zh: '该授权需要共享安全保密协议，协议完成备案前不能恢复', en: 'This grant needs a confidentiality agreement: it cannot resume before the agreement is filed' },
  'sharing.grant.resume_only_suspended': { zh: '只有已暂停的授权可以恢复（当前：{state}）', en: 'Only a suspended grant can resume (now: {state})' },
});
registerMessages(sharingMessages);
