import { defineMessages, registerMessages } from '../../core/i18n.js';

/**
 * Messages of the upload file readers (zh-CN default, en): what is wrong with an uploaded file
 * and what to do about it. File-level problems are AppErrors; row-level ones ('column_count',
 * 'invalid_json_line', 'not_an_object', 'cell_error') go into the batch report beside the row.
 */
export const uploadMessages = defineMessages({
  'exchange.upload.unsupported_format': {
    zh: '不支持的文件格式：{type}。请上传 CSV、NDJSON、JSON 或 XLSX 文件（或用 format 参数指明格式）',
    en: 'Unsupported file format: {type}. Upload a CSV, NDJSON, JSON or XLSX file (or name the format with the format parameter)',
  },
  'exchange.upload.empty_file': { zh: '文件为空，没有任何内容', en: 'The file is empty' },
  'exchange.upload.invalid_encoding': {
    zh: '第 {row} 行附近的内容不是有效的 {encoding} 编码。请将文件另存为 UTF-8 编码（或指定正确的编码）后重新上传',
    en: 'The content near row {row} is not valid {encoding}. Save the file as UTF-8 (or choose the right encoding) and upload it again',
  },
  'exchange.upload.unterminated_quote': {
    zh: '第 {row} 行开始的引号没有闭合，文件可能不完整（被截断）。请检查该行的双引号后重新上传',
    en: 'The quote opened on row {row} is never closed; the file may be incomplete (truncated). Check the double quotes on that row and upload it again',
  },
  'exchange.upload.invalid_quote': {
    zh: '第 {row} 行的引号用法错误：带引号的单元格在闭合引号后还有其他字符。单元格内的双引号应写成两个双引号（""）',
    en: 'Row {row} has a misplaced quote: a quoted cell continues after its closing quote. Write a double quote inside a cell as two double quotes ("")',
  },
  'exchange.upload.too_many_columns': {
    zh: '第 {row} 行的列数（{count}）超过上限 {limit}',
    en: 'Row {row} has {count} columns, more than the limit of {limit}',
  },
  'exchange.upload.cell_too_large': {
    zh: '第 {row} 行「{column}」列的单元格内容过大（上限 {limit} 字节）',
    en: 'The cell in column "{column}" of row {row} is too large (at most {limit} bytes)',
  },
  'exchange.upload.row_too_large': {
    zh: '第 {row} 行过大（上限 {limit} 字节）。若该行本不应这么大，请检查是否有未闭合的引号',
    en: 'Row {row} is too large (at most {limit} bytes). If it should not be that large, look for an unclosed quote',
  },
  'exchange.upload.unknown_columns': {
    zh: '文件中有 {count} 列（字段）无法对应到信息项：{columns}。请将列名改为信息项的代码或名称，或在列映射中指定（不需要的列映射为忽略）',
    en: '{count} column(s) or field(s) match no data item: {columns}. Rename them to a data item code or name, or map them explicitly (map unwanted columns to nothing)',
  },
  'exchange.upload.missing_columns': {
    zh: '文件缺少必需的列：{columns}。请添加这些列或在列映射中指定对应的列',
    en: 'The file lacks required columns: {columns}. Add them or map the corresponding columns',
  },
  'exchange.upload.duplicate_columns': {
    zh: '列「{column}」和列「{other}」都对应到信息项 {item}，每个信息项只能对应一列',
    en: 'Columns "{column}" and "{other}" both map to data item {item}; a data item takes one column only',
  },
  'exchange.upload.invalid_mapping': {
    zh: '列映射把列「{column}」对应到了不存在的信息项 {item}',
    en: 'The column mapping maps column "{column}" to {item}, which is not a data item of this resource',
  },
  'exchange.upload.not_xlsx': {
    zh: '文件不是有效的 XLSX 工作簿（不是 ZIP 格式、已损坏或设置了打开密码）。请用 Excel/WPS 另存为 .xlsx 后重新上传',
    en: 'The file is not a valid XLSX workbook (not a ZIP archive, damaged, or password-protected). Save it as .xlsx in Excel/WPS and upload it again',
  },
  'exchange.upload.xlsx_encrypted': {
    zh: '工作簿已加密，请取消密码保护后重新上传',
    en: 'The workbook is encrypted; remove the password protection and upload it again',
  },
  'exchange.upload.xlsx_too_large': {
    zh: '工作簿解压后超过上限（{limit} 字节）。请拆分为多个文件，或改用 CSV 上传',
    en: 'The workbook expands beyond the limit ({limit} bytes). Split it into several files or upload CSV instead',
  },
  'exchange.upload.zip_bomb': {
    zh: '工作簿中的「{entry}」压缩比异常（超过 {limit} 倍），疑似压缩炸弹，已拒绝',
    en: 'Part "{entry}" of the workbook is compressed more than {limit} times and looks like a zip bomb; refused',
  },
  'exchange.upload.sheet_not_found': {
    zh: '工作簿中没有名为「{sheet}」的工作表（现有：{sheets}）',
    en: 'The workbook has no sheet named "{sheet}" (it has: {sheets})',
  },
  'exchange.upload.xlsx_unreadable': {
    zh: '无法读取工作簿：{reason}。请用 Excel/WPS 另存为 .xlsx 后重新上传',
    en: 'The workbook cannot be read: {reason}. Save it as .xlsx in Excel/WPS and upload it again',
  },
  'exchange.upload.invalid_json': {
    zh: 'JSON 格式错误：第 {row} 条记录（第 {line} 行起）不是有效的 JSON。请检查引号、逗号和括号',
    en: 'Invalid JSON: element {row} (from line {line}) is not valid JSON. Check its quotes, commas and brackets',
  },
  'exchange.upload.truncated_json': {
    zh: 'JSON 在第 {line} 行意外结束，缺少结尾的“]”，文件可能不完整（被截断）',
    en: 'The JSON ends unexpectedly at line {line} without the closing "]"; the file may be incomplete (truncated)',
  },
  'exchange.upload.json_not_array': {
    zh: 'JSON 文件的顶层应为对象数组，如 [{"代码": "值"}, …]；逐行一个对象的文件请按 NDJSON 格式上传',
    en: 'A JSON file must hold an array of objects, e.g. [{"code": "value"}, …]; upload a file with one object per line as NDJSON',
  },
  'exchange.upload.column_count': {
    zh: '该行有 {actual} 列，与表头的 {expected} 列不一致（检查分隔符或引号）',
    en: 'The row has {actual} columns but the header has {expected} (check separators and quotes)',
  },
  'exchange.upload.invalid_json_line': {
    zh: '该行不是有效的 JSON（每行应为一个完整的 JSON 对象）',
    en: 'The line is not valid JSON (each line must be one complete JSON object)',
  },
  'exchange.upload.not_an_object': {
    zh: '该记录不是 JSON 对象（应为 {"代码": "值", …}）',
    en: 'The record is not a JSON object (expected {"code": "value", …})',
  },
  'exchange.upload.cell_error': {
    zh: '「{column}」列的单元格是错误值 {error}（公式出错），请修正后重新上传',
    en: 'The cell in column "{column}" holds the error value {error} (a failed formula); fix it and upload again',
  },
});
registerMessages(uploadMessages);

export type UploadMessageKey = keyof typeof uploadMessages;
