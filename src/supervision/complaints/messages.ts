import { defineMessages, registerMessages } from '../../core/i18n.js';

/** Server messages of complaints (投诉, R22): zh-CN default, English. */
export const complaintMessages = defineMessages({
  'supervision.complaint.not_found': { zh: '投诉不存在：{id}', en: 'No such complaint: {id}' },
  'supervision.complaint.forbidden': { zh: '无权查看该投诉', en: 'You may not see this complaint' },
  'supervision.complaint.forbidden_action': { zh: '无权对该投诉执行“{action}”', en: 'You may not "{action}" this complaint' },
  'supervision.complaint.bad_transition': { zh: '投诉当前状态为“{state}”，不能执行“{action}”', en: 'The complaint is "{state}": "{action}" is not possible now' },
  'supervision.complaint.changed': { zh: '投诉已被他人处理，请刷新后重试', en: 'Someone else handled the complaint meanwhile; reload and retry' },
  'supervision.complaint.cannot_submit': { zh: '只能由单位用户对其他单位的违规行为提出投诉', en: 'Only a unit\'s people may complain, and only about another unit' },
  'supervision.complaint.unit_not_found': { zh: '被投诉单位不存在：{id}', en: 'No such unit: {id}' },
  'supervision.complaint.text_required': { zh: '不能为空', en: 'Must not be blank' },
  'supervision.complaint.too_long': { zh: '过长：最多 {max} 个字符', en: 'Too long: at most {max} characters' },
  'supervision.complaint.invalid_addressee': { zh: '投诉对象应为 supervision（监督部门）或 authority（主管部门）', en: 'The addressee is supervision or authority' },
  'supervision.complaint.invalid_category': { zh: '违规类别应为 1～8', en: 'The category is 1–8' },
  'supervision.complaint.invalid_party': { zh: '补充材料的对象应为 target（被投诉单位）或 complainant（投诉人）', en: 'The party is target or complainant' },
  'supervision.complaint.invalid_outcome': { zh: '处理结果应为 upheld（投诉属实）或 not_upheld（投诉不属实）', en: 'The outcome is upheld or not_upheld' },
  'supervision.complaint.violation_not_found': { zh: '违规事项不存在：{id}', en: 'No such violation: {id}' },
  'supervision.complaint.violation_ids': { zh: '请给出 1～{max} 个违规事项编号', en: 'Give 1–{max} violation ids' },
  'supervision.complaint.no_pending_request': { zh: '没有等待您答复的补充材料请求', en: 'No request for information awaits your reply' },
  'supervision.complaint.evidence_too_many': { zh: '每件投诉最多 {max} 个证据文件', en: 'At most {max} evidence files per complaint' },
  'supervision.complaint.evidence_not_found': { zh: '证据文件不存在：{id}', en: 'No such evidence file: {id}' },
  'supervision.complaint.evidence_file_required': { zh: '请求中没有证据文件', en: 'The request carries no evidence file' },
});
registerMessages(complaintMessages);
