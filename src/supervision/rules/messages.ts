import { defineMessages, registerMessages } from '../../core/i18n.js';

/** Server messages of the compliance monitor (合规监测, R23): zh-CN default, English. */
export const complianceMessages = defineMessages({
  'supervision.rules.forbidden': { zh: '无权查看或运行合规监测规则', en: 'You may not see or run the compliance rules' },
  'supervision.rules.settings_forbidden': { zh: '无权修改合规监测阈值', en: 'You may not change the compliance thresholds' },
  'supervision.rules.unknown_rule': { zh: '没有该规则：{id}', en: 'No such rule: {id}' },
  'supervision.rules.unknown_setting': { zh: '没有该设置项：{key}', en: 'No such setting: {key}' },
  'supervision.rules.not_a_number': { zh: '应为数字', en: 'Must be a number' },
  'supervision.rules.not_integer': { zh: '应为整数', en: 'Must be an integer' },
  'supervision.rules.out_of_range': { zh: '应在 {min} 至 {max} 之间', en: 'Must be between {min} and {max}' },
  'supervision.rules.not_nullable': { zh: '不能为空', en: 'Must not be empty' },
  'supervision.rules.empty_patch': { zh: '请至少修改一项设置', en: 'Change at least one setting' },
});
registerMessages(complianceMessages);
