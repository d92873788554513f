/** Exports (XLSX / PDF) over one small document model; see model.ts. */
export * from './model.js';
export { renderPdf, fontMissing, type PdfOptions } from './pdf.js';
export { renderXlsx } from './xlsx.js';
export { findCjkFont, CJK_FONT_CANDIDATES, type CjkFont } from './fonts.js';
export { reportRenderMessages } from './messages.js';
