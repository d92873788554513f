import { defineMessages, registerMessages } from '../../core/i18n.js';

/** User-facing messages of resource files (zh-CN default, en). */
export const fileMessages = defineMessages({
  'exchange.file.resource_not_found': { zh: '资源不存在或尚未发布：{code}', en: 'No such published resource: {code}' },
  'exchange.file.not_a_file_resource': {
    zh: '电子表格、数据库类资源以数据集方式共享，不能上传文件：{code}',
    en: 'Spreadsheet and database resources are shared as datasets, not files: {code}',
  },
  'exchange.file.not_served': { zh: '涉密资源仅登记目录，数据不进入共享平台：{code}', en: 'A classified resource is metadata only: its data never enters the platform: {code}' },
  'exchange.file.upload_forbidden': {
    zh: '只有资源提供单位的数据管理员（或具有 data:write 权限的本单位应用令牌）可以上传文件',
    en: "Only the providing unit's data stewards (or the unit's API tokens with the data:write scope) may upload files",
  },
  'exchange.file.name_required': { zh: '请提供文件名（查询参数 name）', en: 'A file name is required (query parameter name)' },
  'exchange.file.name_invalid': {
    zh: '文件名无效：1～{max} 个字符，不能包含路径分隔符或控制字符',
    en: 'Invalid file name: 1 to {max} characters, no path separators or control characters',
  },
  'exchange.file.note_too_long': { zh: '说明过长：最多 {max} 个字符', en: 'The note is too long: at most {max} characters' },
  'exchange.file.file_required': { zh: '请求中没有文件', en: 'The request carries no file' },
  'exchange.file.empty': { zh: '文件为空', en: 'The file is empty' },
  'exchange.file.too_large': { zh: '文件过大：最多 {max} 字节', en: 'The file is too large: at most {max} bytes' },
  'exchange.file.executable': { zh: '不接受可执行文件或脚本', en: 'Executables and scripts are not accepted' },
  'exchange.file.extension_refused': { zh: '不接受该类型的文件：{ext}', en: 'Files of this type are not accepted: {ext}' },
  'exchange.file.declared_type_refused': { zh: '不接受该内容类型：{declared}', en: 'This content type is not accepted: {declared}' },
  'exchange.file.unrecognised': {
    zh: '无法识别文件类型（支持 PDF、OFD、Office 文档、文本、CSV、JSON、GeoJSON、XML、ZIP、图片、MP4、MP3）',
    en: 'Unrecognised file type (accepted: PDF, OFD, Office documents, text, CSV, JSON, GeoJSON, XML, ZIP, images, MP4, MP3)',
  },
  'exchange.file.extension_mismatch': {
    zh: '文件内容（{detected}）与文件扩展名 {ext} 不符',
    en: 'The content ({detected}) does not match the file extension {ext}',
  },
  'exchange.file.declared_mismatch': {
    zh: '文件内容（{detected}）与声明的内容类型 {declared} 不符',
    en: 'The content ({detected}) does not match the declared content type {declared}',
  },
  'exchange.file.type_not_allowed': {
    zh: '资源格式 {format} 不接受 {detected} 文件（允许：{allowed}）',
    en: 'Resources of format {format} do not accept {detected} files (allowed: {allowed})',
  },
  'exchange.file.not_found': { zh: '文件不存在：{id}', en: 'No such file: {id}' },
  'exchange.file.upload_failed': { zh: '文件上传中断', en: 'The file upload was interrupted' },
});
registerMessages(fileMessages);

export type FileMessageKey = keyof typeof fileMessages;
