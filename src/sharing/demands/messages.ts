import { defineMessages, registerMessages } from '../../core/i18n.js';

/** The demands module's user-facing messages (zh-CN default, en). */
export const demandMessages = defineMessages({
  'sharing.demand.not_found': { zh: '共享需求不存在：{id}', en: 'No such demand: {id}' },
  'sharing.demand.forbidden': { zh: '无权对该共享需求执行“{action}”', en: 'You may not "{action}" this demand' },
  'sharing.demand.no_unit': { zh: '当前账号未归属任何单位，不能提出共享需求', en: 'Your account belongs to no unit, so it cannot raise a demand' },
  'sharing.demand.bad_state': { zh: '共享需求当前状态（{state}）不允许执行“{action}”', en: 'The action "{action}" is not allowed while the demand is {state}' },
  'sharing.demand.not_must_share': { zh: '只有协调决定为“提供方应当共享”时，提供方才能在决定后接受需求', en: 'After a decision the provider can accept only when the decision was "provider must share"' },
  'sharing.demand.nothing_to_register': { zh: '该需求及其答复均已备案', en: 'The demand and all its responses are already registered' },
  'sharing.demand.required': { zh: '不能为空', en: 'Must not be blank' },
  'sharing.demand.too_long': { zh: '过长：最多 {max} 个字符', en: 'Too long: at most {max} characters' },
  'sharing.demand.too_many': { zh: '最多 {max} 项', en: 'At most {max} entries' },
  'sharing.demand.invalid_value': { zh: '取值无效：{value}', en: 'Invalid value: {value}' },
  'sharing.demand.invalid_date': { zh: '不是有效日期（YYYY-MM-DD）：{value}', en: 'Not a valid date (YYYY-MM-DD): {value}' },
  'sharing.demand.date_past': { zh: '需求时间不能早于今天（{today}）', en: 'The date needed cannot be before today ({today})' },
  'sharing.demand.invalid_item_code': { zh: '信息项代码格式错误：{value}', en: 'Invalid data item code: {value}' },
  'sharing.demand.invalid_resource_code': { zh: '资源代码格式错误：{value}', en: 'Invalid resource code: {value}' },
  'sharing.demand.unknown_resource': { zh: '目录中没有已发布的信息资源：{code}', en: 'No published resource in the catalog: {code}' },
  'sharing.demand.unknown_unit': { zh: '单位不存在：{id}', en: 'No such unit: {id}' },
  'sharing.demand.own_unit': { zh: '不能向本单位提出共享需求', en: 'A unit cannot raise a demand on itself' },
  'sharing.demand.provider_mismatch': { zh: '信息资源 {code} 不属于所选提供单位', en: 'Resource {code} does not belong to the chosen provider unit' },
  'sharing.demand.resources_mixed': { zh: '所选信息资源分属不同单位，请指定一个提供单位', en: 'The chosen resources belong to different units: choose one provider unit' },
  'sharing.demand.route_target_required': { zh: '请选择提供单位或信息资源', en: 'Choose a provider unit or resources' },
  'sharing.demand.unknown_system': { zh: '应用系统不存在、已停用或不属于本单位：{id}', en: 'No such enabled application system of your unit: {id}' },
  'sharing.demand.not_provider_resource': { zh: '信息资源 {code} 不是本单位提供的资源', en: 'Resource {code} is not provided by your unit' },
  'sharing.demand.not_published': { zh: '信息资源 {code} 尚未发布；新编目录请选择“新建目录”', en: 'Resource {code} is not published; for a new catalog entry choose "new entry"' },
  'sharing.demand.no_working_version': { zh: '信息资源 {code} 没有正在编制的版本（请先在目录编制中新建草稿）', en: 'Resource {code} has no version in progress (create a draft in the catalog first)' },
  'sharing.demand.withdrawal_version': { zh: '信息资源 {code} 正在办理撤销，不能用于满足需求', en: 'Resource {code} is being withdrawn and cannot meet a demand' },
  'sharing.demand.invalid_outcome': { zh: '决定结果无效：{value}', en: 'Invalid decision outcome: {value}' },
});
registerMessages(demandMessages);

/**
 * Notification kinds (workflow Notification.kind): the portal's demand.notice.* texts, also
 * registered here so a server-side renderer (e-mail, OA webhook) finds them. Param: {title}.
 */
export const demandNotices = defineMessages({
  'demand.notice.submitted': { zh: '新的共享需求待备案：{title}', en: 'New demand to register: {title}' },
  'demand.notice.to_match': { zh: '共享需求待匹配提供单位：{title}', en: 'Demand to match to a provider: {title}' },
  'demand.notice.routed': { zh: '共享需求待答复：{title}', en: 'Demand to answer: {title}' },
  'demand.notice.routed_requester': { zh: '您的共享需求已转交提供单位：{title}', en: 'Your demand was routed to a provider: {title}' },
  'demand.notice.accepted': { zh: '提供单位已接受共享需求：{title}', en: 'The provider accepted the demand: {title}' },
  'demand.notice.in_progress': { zh: '提供单位将新编目录满足需求：{title}', en: 'The provider opens a catalog entry for the demand: {title}' },
  'demand.notice.declined': { zh: '提供单位拒绝了共享需求：{title}', en: 'The provider declined the demand: {title}' },
  'demand.notice.to_coordinate': { zh: '共享需求被拒绝，待协调：{title}', en: 'Declined demand to coordinate: {title}' },
  'demand.notice.registered': { zh: '共享需求已备案：{title}', en: 'Demand registered: {title}' },
  'demand.notice.decided': { zh: '主管部门已作出协调决定：{title}', en: 'The authority decided: {title}' },
  'demand.notice.must_share': { zh: '协调决定：提供单位应当共享：{title}', en: 'Decision: the provider must share: {title}' },
  'demand.notice.escalated': { zh: '重大事项提请领导小组决定：{title}', en: 'Major matter for the leadership group: {title}' },
  'demand.notice.leader_decided': { zh: '领导小组已作出决定：{title}', en: 'The leadership group decided: {title}' },
  'demand.notice.gap': { zh: '共享需求列入资源缺口清单：{title}', en: 'Demand listed as a resource gap: {title}' },
  'demand.notice.withdrawn': { zh: '共享需求已撤回：{title}', en: 'Demand withdrawn: {title}' },
  'demand.notice.met': { zh: '共享需求已满足（资源已发布）：{title}', en: 'Demand met (resource published): {title}' },
});
registerMessages(demandNotices);
