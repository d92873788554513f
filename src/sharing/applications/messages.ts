import { defineMessages, registerMessages } from '../../core/i18n.js';

/** Server messages of sharing applications and the grants API (zh-CN default, en). */
export const applicationMessages = defineMessages({
  'sharing.application.not_found': { zh: '共享申请不存在：{id}', en: 'No such sharing application: {id}' },
  'sharing.application.forbidden': { zh: '无权对该共享申请执行此操作', en: 'You are not allowed to do this with this sharing application' },
  'sharing.application.no_unit': { zh: '只有机关单位的业务人员或数据管理员可以提交共享申请', en: 'Only a unit user or data steward of a unit may apply for shared data' },
  'sharing.application.bad_state': { zh: '共享申请当前状态（{state}）不允许执行“{action}”', en: 'The action "{action}" is not allowed while the application is {state}' },
  'sharing.application.approval_conflict': {
    zh: '共享申请 {id} 正被同时处理，本次批准未生效（未创建授权或保密协议），请刷新后重试',
    en: 'Sharing application {id} was changed at the same time; this approval was not saved (no grant or agreement was created). Reload and try again',
  },
  'sharing.application.resource_not_found': { zh: '信息资源不存在或尚未发布：{code}', en: 'No such published resource: {code}' },
  'sharing.application.own_resource': { zh: '不能申请本单位提供的信息资源', en: 'A unit cannot apply for a resource it provides itself' },
  'sharing.application.invalid_resource_code': { zh: '资源代码格式错误：{value}', en: 'Invalid resource code: {value}' },
  'sharing.application.unknown_item': { zh: '该资源没有此信息项：{value}', en: 'The resource has no data item {value}' },
  'sharing.application.duplicate_item': { zh: '信息项重复：{value}', en: 'Duplicate data item: {value}' },
  'sharing.application.no_items': { zh: '该资源没有信息项，只能申请全部内容', en: 'The resource has no data items: apply for all of it' },
  'sharing.application.unknown_system': { zh: '应用系统不存在、已停用或不属于本单位：{id}', en: 'No such active application system of your unit: {id}' },
  'sharing.application.method_not_offered': { zh: '该资源不提供此共享方式：{value}（可选：{offered}）', en: 'The resource does not offer the sharing method {value} (offered: {offered})' },
  'sharing.application.too_long': { zh: '过长：最多 {max} 个字符', en: 'Too long: at most {max} characters' },
  'sharing.application.invalid_date': { zh: '不是有效的日期（YYYY-MM-DD）：{value}', en: 'Not a valid date (YYYY-MM-DD): {value}' },
  'sharing.application.period_order': { zh: '有效期截止日期不能早于起始日期', en: 'The end of the validity period cannot come before its start' },
  'sharing.application.invalid_quota': { zh: '配额应为 1 至 {max} 的整数，不限请留空', en: 'A quota is an integer from 1 to {max}; leave it empty for unlimited' },
  'sharing.application.required': { zh: '不能为空', en: 'Must not be blank' },
  'sharing.application.missing': { zh: '申请材料不全，请补充：{fields}', en: 'The application is incomplete; please add: {fields}' },
  'sharing.application.notice_empty': { zh: '补正通知须列出缺少的内容或填写说明', en: 'An incomplete notice must list what is missing or explain it' },
  'sharing.application.not_subset': { zh: '批准的信息项须在申请的范围内：{value}', en: 'Approved data items must be among those applied for: {value}' },
  'sharing.application.empty_fields': { zh: '至少批准一个信息项', en: 'Approve at least one data item' },
  'sharing.application.validity_not_narrowed': { zh: '批准的有效期只能在申请的有效期（{from} 至 {until}）之内', en: 'The approved validity must lie within the period applied for ({from} to {until})' },
  'sharing.application.unknown_filter_field': { zh: '行过滤条件的信息项不存在：{value}', en: 'The row filter names an unknown data item: {value}' },
  'sharing.application.reason_required': { zh: '须说明理由', en: 'A reason is required' },
  'sharing.application.extension_once': { zh: '答复期限只能延长一次（本申请已申请过延期）', en: 'The answer deadline can be extended only once (this application already asked)' },
  'sharing.application.extension_days': { zh: '延长天数应为 1 至 {max} 个工作日', en: 'An extension is 1 to {max} working days' },
  'sharing.application.no_extension_request': { zh: '没有待审批的延期申请', en: 'There is no extension request to decide' },
  'sharing.application.no_answer_task': { zh: '没有进行中的答复期限可以延长', en: 'There is no running answer deadline to extend' },
  'sharing.application.nothing_to_register': { zh: '没有待备案的事项', en: 'Nothing is waiting to be registered' },
  'sharing.application.already_delivered': { zh: '已确认交付', en: 'Delivery is already confirmed' },
  'sharing.application.resource_unavailable': { zh: '信息资源 {code} 已撤销或不再发布，无法处理', en: 'Resource {code} has been withdrawn or is no longer published' },
  'sharing.application.invalid_filter': { zh: '行过滤条件格式错误：{reason}', en: 'Malformed row filter condition: {reason}' },
  'sharing.application.invalid_masking': { zh: '脱敏规则无效：{value}', en: 'Invalid masking rule: {value}' },
  'sharing.application.invalid_missing': { zh: '不是申请内容的字段：{value}', en: 'Not a field of the application: {value}' },

  // automatic answers (R13): quoted in the timeline and shown to the applicant
  'sharing.application.auto.mandatory': {
    zh: '强制共享资源，自动答复同意：数据向所有机关单位无条件开放，无需授权，查询时声明用途即可',
    en: 'Mandatory resource, approved automatically: its data is open to every unit without a grant; state the purpose when querying',
  },
  'sharing.application.auto.not_shared': { zh: '非共享资源，依法不予共享，自动答复不同意。依据：{legalBasis}', en: 'Non-shared resource: not shared by law, refused automatically. Legal basis: {legalBasis}' },
  'sharing.application.auto.not_shared_no_basis': { zh: '非共享资源，依法不予共享，自动答复不同意', en: 'Non-shared resource: not shared by law, refused automatically' },
  'sharing.application.auto.classified': { zh: '涉密资源仅登记目录，数据不进入共享平台，自动答复不同意', en: 'Classified resource: only its metadata is catalogued and its data never enters the platform; refused automatically' },
  'sharing.application.auto.outside_scope': { zh: '申请单位不在该受限共享资源的共享范围内，自动答复不同意', en: 'The applying unit is outside the sharing scope of this restricted resource; refused automatically' },
  'sharing.application.auto.incomplete': { zh: '自动检查：申请材料不全，请一次补齐：{fields}', en: 'Automatic check: the application is incomplete; add all of: {fields}' },
  'sharing.application.auto.delivered': { zh: '授权已生效且数据已在平台提供，自动确认交付', en: 'The grant is in force and the data is on the platform: delivery confirmed automatically' },
  'sharing.application.auto.expired': { zh: '授权有效期届满', en: 'The grant\'s validity period ended' },

  // field names for the incomplete notice
  'sharing.application.field.fields': { zh: '所需信息项', en: 'data items wanted' },
  'sharing.application.field.purpose': { zh: '用途', en: 'purpose' },
  'sharing.application.field.legalBasis': { zh: '依据', en: 'legal basis' },
  'sharing.application.field.scenario': { zh: '使用场景', en: 'usage scenario' },
  'sharing.application.field.scope': { zh: '使用范围', en: 'scope of use' },
  'sharing.application.field.method': { zh: '共享方式', en: 'sharing method' },
  'sharing.application.field.systemId': { zh: '应用系统', en: 'application system' },
  'sharing.application.field.validFrom': { zh: '有效期起', en: 'validity start' },
  'sharing.application.field.validUntil': { zh: '有效期止', en: 'validity end' },

});
registerMessages(applicationMessages);
