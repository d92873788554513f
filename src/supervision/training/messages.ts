import { defineMessages, registerMessages } from '../../core/i18n.js';

/** Server messages of training (培训, R24): zh-CN default, English. */
export const trainingMessages = defineMessages({
  'supervision.training.not_found': { zh: '培训场次不存在：{id}', en: 'No such training session: {id}' },
  'supervision.training.attendance_not_found': { zh: '参训记录不存在：{id}', en: 'No such attendance record: {id}' },
  'supervision.training.forbidden': { zh: '无权查看或管理培训记录', en: 'You may not see or manage training records' },
  'supervision.training.unit_forbidden': { zh: '只能查看本单位的参训情况', en: 'You may see only your own unit\'s attendance' },
  'supervision.training.text_required': { zh: '不能为空', en: 'Must not be blank' },
  'supervision.training.too_long': { zh: '过长：最多 {max} 个字符', en: 'Too long: at most {max} characters' },
  'supervision.training.invalid_time': {
    zh: '不是有效的日期或日期时间（YYYY-MM-DD，或带时区的 ISO 8601）：{value}',
    en: 'Not a valid date or date-time (YYYY-MM-DD, or ISO 8601 with an offset): {value}',
  },
  'supervision.training.invalid_topic': { zh: '培训内容应为 business（业务）、security（安全）或 both（业务和安全）', en: 'The topic is business, security or both' },
  'supervision.training.invalid_hours': { zh: '学时应为 0～100 之间的数字', en: 'Hours must be a number from 0 to 100' },
  'supervision.training.unknown_unit': { zh: '单位不存在：{id}', en: 'No such unit: {id}' },
  'supervision.training.unknown_user': { zh: '用户不存在：{id}', en: 'No such user: {id}' },
  'supervision.training.user_not_in_unit': { zh: '用户“{user}”不属于该单位', en: 'The user "{user}" does not belong to that unit' },
  'supervision.training.person_required': { zh: '请选择本单位用户，或填写无账号人员的姓名和岗位', en: 'Choose a user of the unit, or give the name and post of a person without an account' },
  'supervision.training.person_both': { zh: '用户与姓名只能二选一', en: 'Give either a user or a name, not both' },
  'supervision.training.duplicate_attendance': { zh: '该人员在本场次已有参训记录：{person}', en: 'That person is already recorded at this session: {person}' },
  'supervision.training.too_many': { zh: '一次最多 {max} 条', en: 'At most {max} entries at once' },
  'supervision.training.invalid_half': { zh: '半年度格式应为 YYYYH1 或 YYYYH2（例如 2026H2）：{value}', en: 'A half-year is YYYYH1 or YYYYH2 (e.g. 2026H2): {value}' },
  'supervision.training.invalid_csv': { zh: 'CSV 第 {line} 行无法识别：{reason}', en: 'CSV line {line} cannot be read: {reason}' },
  'supervision.training.changed': { zh: '培训记录已被他人修改，请刷新后重试', en: 'Someone else changed the training record; reload and retry' },
});
registerMessages(trainingMessages);
