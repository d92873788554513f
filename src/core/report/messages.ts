import { defineMessages, registerMessages } from '../i18n.js';

/** Server messages of the export renderers. */
export const reportRenderMessages = defineMessages({
  'report.pdf_font_missing': {
    zh: '服务器未安装中文字体，无法生成 PDF。请管理员安装 fonts-noto-cjk（apt install fonts-noto-cjk），或通过环境变量 GOVSHARE_PDF_FONT 指定一个中文字体文件（.ttf/.otf/.ttc）',
    en: 'No Chinese font is installed on the server, so no PDF can be produced. The administrator installs fonts-noto-cjk (apt install fonts-noto-cjk) or names a CJK font file (.ttf/.otf/.ttc) in GOVSHARE_PDF_FONT',
  },
  'report.invalid_format': { zh: '导出格式应为 pdf 或 xlsx：{value}', en: 'The export format is pdf or xlsx: {value}' },
});
registerMessages(reportRenderMessages);
