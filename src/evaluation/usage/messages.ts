import { defineMessages, registerMessages } from '../../core/i18n.js';

/** Server messages of evaluation/usage (使用情况): zh-CN default, English. */
export const usageMessages = defineMessages({
  'evaluation.usage.invalid_day': { zh: '日期格式应为 YYYY-MM-DD：{value}', en: 'A date is YYYY-MM-DD: {value}' },
  'evaluation.usage.bad_period': { zh: '结束日期应晚于开始日期，且期间不超过 {max} 天', en: 'The end must be after the start, and the period at most {max} days' },
  'evaluation.usage.bad_dimension': { zh: '不支持的分组维度：{value}', en: 'Unknown grouping dimension: {value}' },
  'evaluation.usage.forbidden': { zh: '无权查看其他单位的使用情况', en: 'You may not see the usage of other units' },
});
registerMessages(usageMessages);
