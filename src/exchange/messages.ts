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

  'exchange.dataset.not_found': { zh: '资源 {code} 不存在或尚未发布', en: 'Resource {code} does not exist or is not published' },
  'exchange.dataset.not_tabular': {
    zh: '资源 {code} 不是表格类资源（数据库、电子表格），没有数据集；文件类资源请使用文件接口',
    en: 'Resource {code} is not tabular (database or spreadsheet) and has no dataset; use the files API for file resources',
  },
  'exchange.dataset.not_served': { zh: '资源 {code} 为涉密资源，仅登记元数据，数据不进入共享平台', en: 'Resource {code} is classified: only its metadata is registered, its data never enters the platform' },
  'exchange.dataset.version_not_served': {
    zh: '资源 {code} 的第 {version} 版不再提供服务（只提供已发布版本和未撤销的旧版本）',
    en: 'Version {version} of {code} is not served (only the published version and superseded, not withdrawn, versions are)',
  },
  'exchange.dataset.no_key': { zh: '资源 {code} 未声明主键信息项，无法建立数据集', en: 'Resource {code} declares no key data item, so it cannot have a dataset' },
  'exchange.dataset.schema_conflict': {
    zh: '新版本把信息项 {item} 的类型由 {from} 改为不兼容的 {to}，数据集无法继续提供服务；请通过目录变更恢复原类型或使用新的信息项代码',
    en: 'The new version changes data item {item} from type {from} to incompatible type {to}; restore the type in a catalog change or use a new item code',
  },
  'exchange.dataset.key_changed': { zh: '资源 {code} 的新版本改变了主键信息项，数据集无法继续提供服务', en: 'The new version of {code} changes its key data items; the dataset cannot follow' },
  'exchange.purpose.required': {
    zh: '请说明本次数据使用的用途（请求头 X-Purpose 或参数 purpose，1～500 字）',
    en: 'State the purpose of this data access (X-Purpose header or purpose parameter, 1–500 characters)',
  },
  'exchange.purpose.too_long': { zh: '用途说明过长：最多 {max} 个字符', en: 'The purpose is too long: at most {max} characters' },
  'exchange.purpose.control': { zh: '用途说明不能包含控制字符（换行和制表符除外）', en: 'The purpose cannot contain control characters (other than line breaks and tabs)' },
  'exchange.purpose.malformed': {
    zh: '请求头 X-Purpose 不是有效的 URL 编码（中文用途请先 URL 编码）',
    en: 'The X-Purpose header is not valid URL encoding (URL-encode a purpose in Chinese first)',
  },
  'exchange.upload.too_large': { zh: '上传文件超过上限（{max} 字节）', en: 'The upload exceeds the limit of {max} bytes' },
  'exchange.upload.interrupted': { zh: '上传中断，文件未完整接收，未写入任何数据', en: 'The upload was interrupted before the file arrived whole; nothing was written' },
  'exchange.upload.empty': { zh: '上传的文件为空', en: 'The uploaded file is empty' },
  'exchange.upload.not_found': { zh: '暂存的上传文件 {id} 不存在或已过期，请重新选择文件', en: 'Staged upload {id} does not exist or has expired; choose the file again' },
  'exchange.upload.idempotency_key_reused': {
    zh: '幂等键 {key} 已用于另一份内容不同的批次；重试请使用相同内容，新批次请使用新的幂等键',
    en: 'Idempotency key {key} was already used for a batch with different content; retry with the same content, or use a new key for a new batch',
  },
  'exchange.upload.idempotency_conflict': { zh: '同一幂等键的批次已被另一请求提交', en: 'A batch with the same idempotency key was committed by another request' },
  'exchange.upload.in_progress': { zh: '使用同一幂等键的批次 {id} 正在处理中，请稍后查询其状态', en: 'Batch {id} with the same idempotency key is still running; check its status later' },
  'exchange.upload.invalid': {
    zh: '上传未通过校验：{count} 处问题，未写入任何数据（详见批次报告）',
    en: 'The upload did not pass validation: {count} problem(s); nothing was written (see the batch report)',
  },
  'exchange.query.bad_sort': { zh: '排序参数无效：{sort}（格式 信息项[:asc|:desc]）', en: 'Invalid sort: {sort} (use item[:asc|:desc])' },
  'exchange.upload.bad_mapping': { zh: '列映射无效：应为 JSON 对象 {"文件列名": "信息项代码或 null"}', en: 'Invalid mapping: a JSON object {"file column": "item code or null"} is expected' },
  'exchange.upload.bad_idempotency_key': { zh: 'Idempotency-Key 过长（最多 200 个字符）', en: 'Idempotency-Key is too long (at most 200 characters)' },
  'exchange.upload.bad_mode': { zh: '上传模式无效：应为 upsert、snapshot 或 delete', en: 'Invalid mode: upsert, snapshot or delete' },
  'exchange.batch.not_found': { zh: '批次 {id} 不存在', en: 'Batch {id} does not exist' },
  'exchange.batch.forbidden': { zh: '只有资源提供单位和主管部门可以查看上传批次', en: 'Only the providing unit and the authority can see upload batches' },
  'exchange.batch.bad_cursor': { zh: '分页游标无效', en: 'Invalid page cursor' },
  'exchange.record.not_found': { zh: '记录不存在，或不在授权范围内', en: 'The record does not exist or is outside your grant' },
  'exchange.archive.forbidden': { zh: '只有资源提供单位的数据管理员和主管部门可以导出归档包', en: 'Only the providing unit\'s data steward and the authority can export the archival package' },
});
registerMessages(exchangeMessages);

export type ExchangeMessageKey = keyof typeof exchangeMessages;
