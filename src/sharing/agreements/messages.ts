import { defineMessages, registerMessages } from '../../core/i18n.js';

/** Messages of the confidentiality agreements (zh-CN default, en). */
export const agreementMessages = defineMessages({
  'sharing.agreement.not_found': { zh: '保密协议不存在：{id}', en: 'No such confidentiality agreement: {id}' },
  'sharing.agreement.forbidden': { zh: '无权对该保密协议执行此操作', en: 'You are not allowed to do this with this confidentiality agreement' },
  'sharing.agreement.grant_not_found': { zh: '授权不存在：{id}', en: 'No such grant: {id}' },
  'sharing.agreement.grant_not_pending': {
    zh: '该授权当前状态为“{state}”，不需要（或不能再）签订保密协议',
    en: 'The grant is "{state}": it does not (or can no longer) take a confidentiality agreement',
  },
  'sharing.agreement.already_open': { zh: '该授权已有未结束的保密协议：{id}', en: 'The grant already has a confidentiality agreement in progress: {id}' },
  'sharing.agreement.resource_not_published': { zh: '资源未发布或已撤销：{code}', en: 'The resource is not published (or was withdrawn): {code}' },
  'sharing.agreement.bad_state': {
    zh: '保密协议当前状态为“{state}”，不能执行“{action}”',
    en: 'The confidentiality agreement is "{state}": "{action}" is not possible now',
  },
  'sharing.agreement.document_required': { zh: '请先上传双方签署的协议文本', en: 'Upload the document signed by both parties first' },
  'sharing.agreement.not_confirmed': { zh: '提交备案前，提供方和使用方须分别确认已签署的协议', en: 'Both the provider and the consumer must confirm the signed document before it is submitted for filing' },
  'sharing.agreement.already_confirmed': { zh: '{side}已确认', en: 'The {side} side has already confirmed' },
  'sharing.agreement.side_required': { zh: '请指明代表哪一方确认（provider 提供方 / consumer 使用方）', en: 'Say which side you confirm for (provider / consumer)' },
  'sharing.agreement.office_required': { zh: '请指明代表哪个备案机关（secrecy_bureau 保密局 / authority 主管部门）', en: 'Say which office you act for (secrecy_bureau / authority)' },
  'sharing.agreement.office_done': { zh: '{office}已处理本次备案', en: 'The {office} has already dealt with this filing' },
  'sharing.agreement.expired_validity': { zh: '协议有效期已结束，请修改有效期后重新签署', en: 'The agreement\'s validity has ended; change the validity and sign again' },
  'sharing.agreement.text_required': { zh: '不能为空', en: 'Must not be blank' },
  'sharing.agreement.too_long': { zh: '过长：最多 {max} 个字符', en: 'Too long: at most {max} characters' },
  'sharing.agreement.invalid_date': { zh: '不是有效的日期或日期时间（YYYY-MM-DD，或带时区的 ISO 8601）：{value}', en: 'Not a valid date or date-time (YYYY-MM-DD, or ISO 8601 with an offset): {value}' },
  'sharing.agreement.period_order': { zh: '有效期截止时间必须晚于起始时间', en: 'The end of the validity period must come after its start' },
  'sharing.agreement.reason_required': { zh: '请说明理由', en: 'A reason is required' },
  'sharing.agreement.nothing_to_change': { zh: '没有需要修改的内容', en: 'Nothing to change' },
  'sharing.agreement.document_type': {
    zh: '协议文本只接受 PDF、OFD、JPEG 或 PNG 文件（按文件内容识别，检测到：{detected}）',
    en: 'The agreement document must be a PDF, OFD, JPEG or PNG file (judged by its content; found: {detected})',
  },
  'sharing.agreement.document_name_mismatch': {
    zh: '文件名扩展名“{ext}”与文件内容（{detected}）不符',
    en: 'The file name extension "{ext}" does not match the content ({detected})',
  },
  'sharing.agreement.document_missing': { zh: '该保密协议尚无已上传的协议文本', en: 'No signed document has been uploaded for this agreement' },
  'sharing.agreement.document_lost': { zh: '协议文本文件缺失（sha256 {sha256}），请联系平台管理员', en: 'The document file is missing from storage (sha256 {sha256}); contact the platform administrator' },
  // Labels used inside messages.
  'sharing.agreement.side.provider': { zh: '提供方', en: 'provider' },
  'sharing.agreement.side.consumer': { zh: '使用方', en: 'consumer' },
  'sharing.agreement.office.secrecy_bureau': { zh: '市保密局', en: 'secrecy bureau' },
  'sharing.agreement.office.authority': { zh: '市信息化主管部门', en: 'IT authority' },
});
registerMessages(agreementMessages);
