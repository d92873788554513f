import { defineMessages, registerMessages } from '../core/i18n.js';

/**
 * The exchange module's user-facing messages (zh-CN default, en). Value problems found while
 * validating an uploaded cell use `exchange.value.<key>`; the upload report shows them per row
 * and field, so the texts do not repeat the field name or the value.
 */
export const exchangeMessages = defineMessages({
  'exchange.value.required': { zh: '必填项不能为空', en: 'A value is required' },
  'exchange.value.too_long': { zh: '长度超过上限：最多 {max} 个字符', en: 'Too long: at most {max} characters' },
  'exchange.value.too_long_bytes': { zh: '内容过大：最多 {max} 字节（UTF-8）', en: 'Too large: at most {max} bytes (UTF-8)' },
  'exchange.value.control_characters': {
    zh: '含有控制字符或无效字符（字符型仅允许制表符，不允许换行）',
    en: 'Contains control or invalid characters (only tab is allowed; no line breaks)',
  },
  'exchange.value.control_characters_text': {
    zh: '含有控制字符或无效字符（备注型仅允许制表符和换行）',
    en: 'Contains control or invalid characters (only tab and line breaks are allowed)',
  },
  'exchange.value.wrong_type': { zh: '取值类型错误：{type} 型信息项不接受该类型的值', en: 'Wrong kind of value for a type {type} data item' },
  'exchange.value.not_a_number': { zh: '不是有效的数值', en: 'Not a valid number' },
  'exchange.value.too_many_digits': { zh: '整数部分最多 {max} 位', en: 'At most {max} digits before the decimal point' },
  'exchange.value.too_many_decimals': { zh: '小数部分最多 {max} 位', en: 'At most {max} digits after the decimal point' },
  'exchange.value.not_an_integer': {
    zh: '不是有效的整数（范围 {min} 至 {max}）',
    en: 'Not a valid integer (range {min} to {max})',
  },
  'exchange.value.not_a_date': {
    zh: '不是有效的日期（格式 YYYY-MM-DD、YYYY/MM/DD 或 YYYYMMDD）',
    en: 'Not a valid date (use YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)',
  },
  'exchange.value.not_a_datetime': {
    zh: '不是有效的日期时间（ISO 8601，如 2026-01-05T08:30:00+08:00；未带时区按北京时间）',
    en: 'Not a valid date-time (ISO 8601, e.g. 2026-01-05T08:30:00+08:00; without an offset it is China Standard Time)',
  },
  'exchange.value.datetime_precision': {
    zh: '日期时间最多精确到毫秒',
    en: 'Date-times are stored to the millisecond: more precision would be lost',
  },
  'exchange.value.not_a_boolean': {
    zh: '不是有效的逻辑值（true/false、1/0、是/否、Y/N）',
    en: 'Not a valid logical value (true/false, 1/0, 是/否, Y/N)',
  },
  'exchange.value.not_in_code_set': { zh: '取值不在代码集中', en: 'Not one of the values of the code set' },
  'exchange.value.invalid_id_number': {
    zh: '公民身份号码无效（应为 18 位，出生日期有效且校验码正确）',
    en: 'Invalid citizen ID number (18 characters, a real birth date and a correct check character)',
  },
  'exchange.value.invalid_uscc': {
    zh: '统一社会信用代码无效（应为 18 位且校验码正确）',
    en: 'Invalid unified social credit code (18 characters with a correct check character)',
  },
  'exchange.value.unknown_field': { zh: '不属于该资源的信息项', en: 'Not a data item of this resource' },
});
registerMessages(exchangeMessages);

export type ExchangeMessageKey = keyof typeof exchangeMessages;
