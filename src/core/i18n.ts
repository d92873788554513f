/**
 * Server-side messages in the two languages of the platform. zh-CN is the default;
 * English is chosen by `Accept-Language: en…` or `?lang=en`. Each module contributes its
 * own catalog with `defineMessages` and registers it in `registerMessages` at start-up.
 */
export type Lang = 'zh-CN' | 'en';
export type MessageKey = string;
export interface Message {
  zh: string;
  en: string;
}

const catalog = new Map<string, Message>();

export function defineMessages<T extends Record<string, Message>>(messages: T): T {
  return messages;
}

export function registerMessages(messages: Record<string, Message>): void {
  for (const [k, v] of Object.entries(messages)) catalog.set(k, v);
}

export function translate(key: MessageKey, lang: Lang, params: Record<string, string | number> = {}): string {
  const m = catalog.get(key);
  const text = m ? (lang === 'en' ? m.en : m.zh) : key;
  return text.replace(/\{(\w+)\}/g, (_, p: string) => (p in params ? String(params[p]) : `{${p}}`));
}

export function hasMessage(key: MessageKey): boolean {
  return catalog.has(key);
}

/** Picks the response language from `?lang=` or the Accept-Language header. */
export function pickLang(acceptLanguage: string | undefined, queryLang?: unknown): Lang {
  if (typeof queryLang === 'string') return queryLang.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export const coreMessages = defineMessages({
  'error.validation': { zh: '请求参数校验失败', en: 'The request failed validation' },
  'error.not_found': { zh: '未找到：{what}', en: 'Not found: {what}' },
  'error.route_not_found': { zh: '接口不存在：{method} {url}', en: 'No such endpoint: {method} {url}' },
  'error.malformed_multipart': {
    zh: '上传的表单（multipart/form-data）格式不完整或已损坏，请重新选择文件上传',
    en: 'The uploaded form (multipart/form-data) is incomplete or malformed; choose the file and upload it again',
  },
  'error.nul_character': { zh: '请求中含有不允许的空字符（U+0000）', en: 'The request contains a NUL character (U+0000), which is not allowed' },
  'error.bad_url': { zh: '请求地址无效（百分号编码有误）：{url}', en: 'The request URL is not valid (bad percent-encoding): {url}' },
  'error.internal': { zh: '服务器内部错误，请联系平台管理员（请求编号 {requestId}）', en: 'Internal server error; please contact the platform administrator (request id {requestId})' },
  'error.malformed_json': { zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  'error.body_too_large': { zh: '请求体过大（上限 {limit} 字节）', en: 'The request body is too large (limit {limit} bytes)' },
  'error.unsupported_media_type': { zh: '不支持的内容类型：{type}', en: 'Unsupported content type: {type}' },
  'error.rate_limited': { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; please retry later' },
  'error.schema': { zh: '{message}', en: '{message}' },
  'error.unknown_field': { zh: '不允许的字段：{field}', en: 'Unknown field: {field}' },
  'error.required': { zh: '缺少必填字段：{field}', en: 'Missing required field: {field}' },
  'error.type': { zh: '字段类型错误：{field} 应为 {expected}', en: 'Wrong type for {field}: expected {expected}' },
  'error.format': { zh: '字段格式错误：{field}', en: 'Invalid format for {field}' },
  'error.too_long': { zh: '字段过长：{field} 最多 {limit} 个字符', en: '{field} is too long: at most {limit} characters' },
  'error.too_short': { zh: '字段过短：{field} 至少 {limit} 个字符', en: '{field} is too short: at least {limit} characters' },
  'error.enum': { zh: '字段取值无效：{field}', en: 'Invalid value for {field}' },
  'error.range': { zh: '字段超出范围：{field}', en: '{field} is out of range' },
  'error.unavailable': { zh: '服务暂不可用：{reason}', en: 'Service unavailable: {reason}' },
  'auth.required': { zh: '请先登录或提供有效的访问令牌', en: 'Authentication required: sign in or present a valid token' },
  'auth.forbidden': { zh: '无权执行此操作', en: 'You are not allowed to do this' },
  'auth.csrf': { zh: 'CSRF 校验失败：请求缺少或携带了错误的 X-CSRF-Token', en: 'CSRF check failed: missing or wrong X-CSRF-Token header' },
  'calendar.invalid_year': { zh: '年份无效：{year}', en: 'Invalid year: {year}' },
  'calendar.invalid_date': { zh: '日期无效或不属于该年份：{date}', en: 'Invalid date or not in that year: {date}' },
  'calendar.duplicate_date': { zh: '日期重复：{date}', en: 'Duplicate date: {date}' },
});
registerMessages(coreMessages);
