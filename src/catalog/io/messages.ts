import { defineMessages, registerMessages } from '../../core/i18n.js';

/** Messages of catalog import (each import issue carries both languages). */
export const catalogIoMessages = defineMessages({
  'catalog.import.empty_file': { zh: '文件为空', en: 'The file is empty' },
  'catalog.import.file_too_large': { zh: '文件过大：上限 {limit} 字节', en: 'The file is too large: at most {limit} bytes' },
  'catalog.import.not_xlsx': {
    zh: '文件不是有效的 XLSX 工作簿（不是 ZIP 格式或已损坏），请用 Excel/WPS 另存为 .xlsx 后重试',
    en: 'The file is not a valid XLSX workbook (not a ZIP archive, or damaged); save it as .xlsx in Excel/WPS and retry',
  },
  'catalog.import.xlsx_unreadable': { zh: '无法读取工作簿：{reason}', en: 'The workbook cannot be read: {reason}' },
  'catalog.import.zip_too_large': {
    zh: '工作簿解压后超过上限（{limit} 字节），疑似压缩炸弹，已拒绝',
    en: 'The workbook expands beyond the limit ({limit} bytes) and looks like a zip bomb; refused',
  },
  'catalog.import.zip_too_many_entries': { zh: '工作簿包含的文件过多（上限 {limit} 个）', en: 'The workbook holds too many parts (at most {limit})' },
  'catalog.import.zip_unsupported': { zh: '工作簿使用了不支持的压缩或加密方式：{entry}', en: 'The workbook uses an unsupported compression or encryption: {entry}' },
  'catalog.import.too_many_rows': { zh: '工作表「{sheet}」行数超过上限 {limit}', en: 'Sheet "{sheet}" has more rows than the limit of {limit}' },
  'catalog.import.too_many_columns': { zh: '工作表「{sheet}」列数超过上限 {limit}', en: 'Sheet "{sheet}" has more columns than the limit of {limit}' },
  'catalog.import.cell_too_long': { zh: '单元格内容过长：{length} 个字符，上限 {limit}', en: 'The cell is too long: {length} characters, at most {limit}' },
  'catalog.import.too_many_errors': { zh: '错误过多，仅列出前 {limit} 条，请修正后重新导入', en: 'Too many errors; only the first {limit} are listed; fix them and import again' },
  'catalog.import.missing_sheet': { zh: '缺少工作表「{sheet}」', en: 'Missing sheet "{sheet}"' },
  'catalog.import.unknown_sheet': { zh: '无法识别的工作表「{sheet}」（应为：{expected}）', en: 'Unknown sheet "{sheet}" (expected: {expected})' },
  'catalog.import.duplicate_sheet': { zh: '工作表「{sheet}」重复', en: 'Sheet "{sheet}" appears twice' },
  'catalog.import.missing_header': { zh: '第 1 行应为表头，缺少列「{header}」', en: 'Row 1 must be the header row; column "{header}" is missing' },
  'catalog.import.unknown_header': { zh: '无法识别的列名「{header}」', en: 'Unknown column "{header}"' },
  'catalog.import.duplicate_header': { zh: '列名「{header}」重复', en: 'Column "{header}" appears twice' },
  'catalog.import.no_resources': { zh: '文件中没有任何信息资源', en: 'The file holds no resource' },
  'catalog.import.too_many_resources': { zh: '信息资源数量超过上限 {limit}', en: 'More resources than the limit of {limit}' },
  'catalog.import.too_many_items': { zh: '信息项数量超过上限 {limit}', en: 'More data items than the limit of {limit}' },
  'catalog.import.required': { zh: '「{header}」必须填写', en: '"{header}" is required' },
  'catalog.import.invalid_code_value': {
    zh: '「{header}」取值“{value}”无效，可选：{allowed}',
    en: 'Invalid value "{value}" for "{header}"; allowed: {allowed}',
  },
  'catalog.import.invalid_integer': { zh: '「{header}」应为整数：“{value}”', en: '"{header}" must be an integer: "{value}"' },
  'catalog.import.invalid_boolean': { zh: '「{header}」应填写“是”或“否”：“{value}”', en: '"{header}" must be 是 (yes) or 否 (no): "{value}"' },
  'catalog.import.invalid_resource_code': {
    zh: '资源代码格式错误：“{value}”（分类代码/6 位序号，如 A01/000001）',
    en: 'Invalid resource code "{value}" (classification code/6-digit sequence, e.g. A01/000001)',
  },
  'catalog.import.duplicate_resource_code': { zh: '资源代码“{value}”重复（与第 {first} 行相同）', en: 'Duplicate resource code "{value}" (same as row {first})' },
  'catalog.import.ambiguous_resource_name': {
    zh: '有多条未填写代码的资源名为“{value}”，信息项无法确定归属，请填写资源代码',
    en: 'Several resources without a code are named "{value}"; the data items cannot be attached; fill in the resource code',
  },
  'catalog.import.unknown_item_resource': {
    zh: '信息项引用的资源“{value}”不在「{sheet}」中（填写资源代码，新资源可填写资源名称）',
    en: 'The data item refers to resource "{value}", which is not in "{sheet}" (use the resource code, or the name of a new resource)',
  },
  'catalog.import.duplicate_item_seq': { zh: '同一资源内信息项序号 {value} 重复', en: 'Data item number {value} appears twice in the same resource' },
  'catalog.import.unknown_classification': { zh: '资源分类“{value}”不存在（填写分类代码或分类名称）', en: 'No such classification "{value}" (use its code or name)' },
  'catalog.import.unknown_unit': { zh: '单位“{value}”不存在（填写单位名称或统一社会信用代码）', en: 'No such unit "{value}" (use the unit name or its unified social credit code)' },
  'catalog.import.invalid_code_set': {
    zh: '代码集格式错误：“{value}”（每项“值=名称”，以分号或换行分隔）',
    en: 'Invalid code set "{value}" (entries "value=label" separated by semicolons or line breaks)',
  },
  'catalog.import.invalid_masking_custom': {
    zh: '自定义脱敏规则格式错误：“{value}”（如“自定义:3,4,*”表示保留前 3 位、后 4 位，其余以 * 代替）',
    en: 'Invalid custom masking "{value}" (e.g. "custom:3,4,*" keeps the first 3 and last 4 characters, masking the rest with *)',
  },
  'catalog.import.invalid_list': { zh: '「{header}」格式错误：{reason}', en: '"{header}" is malformed: {reason}' },
  'catalog.import.invalid_items_json': { zh: '信息项列不是有效的 JSON 数组：{reason}', en: 'The data items column is not a valid JSON array: {reason}' },
  'catalog.import.invalid_encoding': {
    zh: 'CSV 文件编码无法识别：既不是 UTF-8 也不是 GB18030，请另存为“CSV UTF-8”后重试',
    en: 'The CSV encoding is not recognized: neither UTF-8 nor GB18030; save it as "CSV UTF-8" and retry',
  },
  'catalog.import.invalid_utf8': {
    zh: 'CSV 文件声明为 UTF-8（含 BOM），但内容不是有效的 UTF-8',
    en: 'The CSV file declares UTF-8 (it has a BOM) but its content is not valid UTF-8',
  },
  'catalog.import.invalid_csv': { zh: 'CSV 格式错误：{reason}', en: 'Malformed CSV: {reason}' },
  'catalog.import.invalid_json': { zh: 'JSON 格式错误：{reason}', en: 'Malformed JSON: {reason}' },
  'catalog.import.json_not_array': {
    zh: 'JSON 顶层应为信息资源数组（或含 resources 数组的对象）',
    en: 'The JSON top level must be an array of resources (or an object with a resources array)',
  },
  'catalog.import.json_not_object': { zh: '应为对象', en: 'Must be an object' },
  'catalog.import.json_type': { zh: '类型错误：应为 {expected}', en: 'Wrong type: expected {expected}' },
  'catalog.import.unknown_field': { zh: '无法识别的字段：{value}', en: 'Unknown field: {value}' },
  'catalog.import.too_deep': { zh: 'JSON 嵌套层级过深', en: 'The JSON is nested too deeply' },
});
registerMessages(catalogIoMessages);
