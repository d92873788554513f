import { defineMessages, registerMessages } from '../../core/i18n.js';

/** Server messages of objections (异议, R15): zh-CN default, English. */
export const objectionMessages = defineMessages({
  'sharing.objection.not_found': { zh: '异议不存在：{id}', en: 'No such objection: {id}' },
  'sharing.objection.resource_not_found': { zh: '资源不存在或未发布：{code}', en: 'No such published resource: {code}' },
  'sharing.objection.invalid_resource_code': { zh: '资源代码格式错误：{value}', en: 'Invalid resource code: {value}' },
  'sharing.objection.cannot_raise': {
    zh: '本单位不能读取该资源的数据，不能对其提出异议（无条件共享资源任何单位均可，有条件共享资源须持有授权）',
    en: 'Your unit may not read this resource\'s data and so cannot object to it (a mandatory resource: any unit; a restricted one: a unit holding a grant)',
  },
  'sharing.objection.provider_raise': {
    zh: '资源提供单位不能对本单位的数据提出异议，请直接通过数据上传更正',
    en: 'The providing unit cannot object to its own data; correct it through an upload',
  },
  'sharing.objection.forbidden': { zh: '无权查看或处理该异议', en: 'You may not see or handle this objection' },
  'sharing.objection.forbidden_action': { zh: '无权对该异议执行“{action}”', en: 'You may not "{action}" this objection' },
  'sharing.objection.bad_transition': { zh: '异议当前状态为“{state}”，不能执行“{action}”', en: 'The objection is "{state}": "{action}" is not possible now' },
  'sharing.objection.already_disputed': { zh: '对处理结果只能提出一次复议', en: 'The result can be disputed only once' },
  'sharing.objection.changed': { zh: '异议已被他人处理，请刷新后重试', en: 'Someone else handled the objection meanwhile; reload and retry' },
  'sharing.objection.text_required': { zh: '不能为空', en: 'Must not be blank' },
  'sharing.objection.too_long': { zh: '过长：最多 {max} 个字符', en: 'Too long: at most {max} characters' },
  'sharing.objection.too_many': { zh: '最多 {max} 项', en: 'At most {max} entries' },
  'sharing.objection.not_a_list': { zh: '应为字符串数组', en: 'Must be an array of strings' },
  'sharing.objection.invalid_key': { zh: '记录键无效：{value}', en: 'Invalid record key: {value}' },
  'sharing.objection.duplicate': { zh: '重复：{value}', en: 'Duplicate: {value}' },
  'sharing.objection.unknown_field': { zh: '该资源没有信息项“{value}”', en: 'The resource has no data item "{value}"' },
  'sharing.objection.invalid_answer_kind': { zh: '核实结果应为 corrected（已更正）或 explained（已说明）', en: 'The answer is corrected or explained' },
  'sharing.objection.upheld_required': { zh: '请认定异议是否成立（upheld: true / false）', en: 'State whether the objection is upheld (upheld: true / false)' },
  'sharing.objection.evidence_too_many': { zh: '每条异议最多 {max} 个证据文件', en: 'At most {max} evidence files per objection' },
  'sharing.objection.evidence_type': {
    zh: '证据文件类型不允许（检测为 {detected}）；可上传 PDF、OFD、Word、Excel、PowerPoint、TXT、CSV、ZIP 或图片',
    en: 'Evidence file type not allowed (detected {detected}); upload PDF, OFD, Word, Excel, PowerPoint, TXT, CSV, ZIP or an image',
  },
  'sharing.objection.evidence_state': { zh: '当前状态（{state}）下不能补充证据', en: 'No evidence can be added in the state "{state}"' },
  'sharing.objection.evidence_not_found': { zh: '证据文件不存在：{id}', en: 'No such evidence file: {id}' },
  'sharing.objection.evidence_file_required': { zh: '请求中没有证据文件', en: 'The request carries no evidence file' },
  'sharing.objection.invalid_date': { zh: '不是有效的日期或日期时间（YYYY-MM-DD，或带时区的 ISO 8601）：{value}', en: 'Not a valid date or date-time (YYYY-MM-DD, or ISO 8601 with an offset): {value}' },
  'sharing.objection.stats_forbidden': { zh: '无权查看该单位的异议统计', en: 'You may not see the objection statistics of that unit' },
});
registerMessages(objectionMessages);
