/**
 * A small document model for exports (年度报告, 看板, 评估结果): one model, two renderers —
 * PDF (pdfkit, CJK font, vector bar charts) and XLSX (exceljs, a sheet per table). Modules build a
 * ReportDoc from their data and hand it to `renderPdf` / `renderXlsx`; neither renderer knows
 * anything about the module.
 */

/** A cell value: null (or undefined) prints as an em dash. */
export type Cell = string | number | null | undefined;

/** How a number column is printed (PDF) and formatted (XLSX). */
export type NumberFormat = 'text' | 'integer' | 'decimal' | 'percent';

export interface Column {
  title: string;
  /** Relative width (PDF: share of the page width; XLSX: characters). Default 10. */
  width?: number;
  align?: 'left' | 'right' | 'center';
  /** Default 'text' for strings; numbers default to 'integer' when whole, else 'decimal'. 'percent' expects a 0–1 fraction. */
  format?: NumberFormat;
}

export type Section =
  | { kind: 'heading'; text: string; level?: 1 | 2 }
  | { kind: 'paragraph'; text: string }
  | { kind: 'keyValue'; title?: string; items: { label: string; value: Cell; format?: NumberFormat }[] }
  | {
      kind: 'table';
      title?: string;
      /** XLSX sheet name (default: the title); made unique and valid. */
      sheet?: string;
      columns: Column[];
      rows: Cell[][];
      /** Printed under the table when rows is empty. */
      empty?: string;
    }
  | {
      kind: 'bar';
      title: string;
      sheet?: string;
      /** Column titles of the XLSX table (default 'label' / 'value'). */
      labelTitle?: string;
      valueTitle?: string;
      format?: NumberFormat;
      bars: { label: string; value: number }[];
      empty?: string;
    };

export interface ReportDoc {
  title: string;
  subtitle?: string;
  /** ISO-8601 UTC; printed in China Standard Time. */
  generatedAt: string;
  /** Labels the renderers print themselves (default zh-CN). */
  lang?: 'zh-CN' | 'en';
  sections: Section[];
}

export const DASH = '—';

/** A cell as text, the way both renderers print it. */
export function cellText(v: Cell, format?: NumberFormat): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return DASH;
  if (typeof v === 'string') return v;
  switch (format) {
    case 'percent':
      return `${(v * 100).toFixed(1)}%`;
    case 'decimal':
      return v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case 'text':
      return String(v);
    case 'integer':
      return Math.round(v).toLocaleString('en-US');
    default:
      return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 2 });
  }
}

/** The generation time as the documents print it: China Standard Time, minutes. */
export function cstStamp(iso: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  return `${new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')} (UTC+8)`;
}

export const LABELS = {
  'zh-CN': { generated: '生成时间', page: (i: number, n: number) => `第 ${i} 页 / 共 ${n} 页`, summary: '概要', label: '项目', value: '数值', noData: '暂无数据' },
  en: { generated: 'Generated', page: (i: number, n: number) => `Page ${i} of ${n}`, summary: 'Summary', label: 'Item', value: 'Value', noData: 'No data' },
} as const;
