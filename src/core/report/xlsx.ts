import ExcelJS from 'exceljs';
import { cellText, cstStamp, DASH, LABELS, type Cell, type Column, type NumberFormat, type ReportDoc } from './model.js';

const NUM_FMT: Record<Exclude<NumberFormat, 'text'>, string> = { integer: '#,##0', decimal: '#,##0.00', percent: '0.0%' };
const INVALID_SHEET = /[[\]:*?/\\]/g;

/**
 * Renders the document as an XLSX workbook: the first sheet holds the title, headings,
 * paragraphs and key-value lists in reading order (with a pointer to each table's sheet); every
 * table and bar chart gets its own sheet with a bold header row, column widths and number formats.
 */
export async function renderXlsx(doc: ReportDoc): Promise<Buffer> {
  const labels = LABELS[doc.lang ?? 'zh-CN'];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'GovShare';
  wb.title = doc.title;
  wb.created = new Date(doc.generatedAt);
  const used = new Set<string>();
  const sheetName = (wanted: string) => {
    const base = (wanted.replace(INVALID_SHEET, ' ').trim() || 'Sheet').slice(0, 28);
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 26)}_${i}`;
    used.add(name.toLowerCase());
    return name;
  };
  const summary = wb.addWorksheet(sheetName(labels.summary));
  summary.columns = [{ width: 36 }, { width: 60 }];
  summary.addRow([doc.title]).font = { bold: true, size: 16 };
  if (doc.subtitle) summary.addRow([doc.subtitle]);
  summary.addRow([labels.generated, cstStamp(doc.generatedAt)]);
  summary.addRow([]);

  const putValue = (cell: ExcelJS.Cell, v: Cell, format?: NumberFormat) => {
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) cell.value = DASH;
    else if (typeof v === 'number' && format !== 'text') {
      cell.value = v;
      cell.numFmt = NUM_FMT[format ?? (Number.isInteger(v) ? 'integer' : 'decimal')];
    } else cell.value = typeof v === 'number' ? String(v) : v;
  };

  const tableSheet = (name: string, title: string | undefined, columns: Column[], rows: Cell[][]) => {
    const ws = wb.addWorksheet(sheetName(name));
    let r = 1;
    if (title) {
      ws.getCell(r, 1).value = title;
      ws.getCell(r, 1).font = { bold: true, size: 13 };
      r += 2;
    }
    const head = ws.getRow(r);
    columns.forEach((c, i) => {
      const cell = head.getCell(i + 1);
      cell.value = c.title;
      cell.font = { bold: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F2F5' } };
      ws.getColumn(i + 1).width = Math.max(8, Math.min(60, (c.width ?? 10) * 2));
    });
    ws.views = [{ state: 'frozen', ySplit: r }];
    for (const row of rows) {
      r++;
      const xr = ws.getRow(r);
      columns.forEach((c, i) => {
        const cell = xr.getCell(i + 1);
        putValue(cell, row[i], c.format);
        if (c.align) cell.alignment = { horizontal: c.align };
      });
    }
    return ws.name;
  };

  for (const s of doc.sections) {
    switch (s.kind) {
      case 'heading':
        summary.addRow([s.text]).font = { bold: true, size: s.level === 2 ? 12 : 13 };
        break;
      case 'paragraph':
        for (const para of s.text.split(/\n{2,}/)) {
          const row = summary.addRow([para]);
          summary.mergeCells(row.number, 1, row.number, 2);
          row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
          row.height = Math.min(400, 15 * Math.max(1, Math.ceil([...para].length / 45)));
        }
        break;
      case 'keyValue':
        if (s.title) summary.addRow([s.title]).font = { bold: true };
        for (const i of s.items) {
          const row = summary.addRow([i.label]);
          putValue(row.getCell(2), i.value, i.format);
          row.getCell(2).alignment = { horizontal: 'right' };
        }
        summary.addRow([]);
        break;
      case 'table': {
        const name = tableSheet(s.sheet ?? s.title ?? 'Table', s.title, s.columns, s.rows);
        summary.addRow([s.title ?? name, s.rows.length ? `→ ${name}` : (s.empty ?? labels.noData)]);
        break;
      }
      case 'bar': {
        const fmt = s.format;
        const name = tableSheet(
          s.sheet ?? s.title,
          s.title,
          [
            { title: s.labelTitle ?? labels.label, width: 20 },
            { title: s.valueTitle ?? labels.value, width: 8, align: 'right', ...(fmt ? { format: fmt } : {}) },
          ],
          s.bars.map((b) => [b.label, b.value]),
        );
        summary.addRow([s.title, s.bars.length ? `→ ${name}` : (s.empty ?? labels.noData)]);
        break;
      }
    }
  }
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

/** The text of a cell as renderXlsx wrote it (tests, previews). */
export const xlsxCellText = cellText;
