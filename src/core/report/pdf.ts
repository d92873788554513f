import PDFDocument from 'pdfkit';
import { AppError } from '../errors.js';
import { findCjkFont, type CjkFont } from './fonts.js';
import { cellText, cstStamp, DASH, LABELS, type Column, type ReportDoc, type Section } from './model.js';
import './messages.js';

/** A4 in points, with the margins every page uses. */
const PAGE = { size: 'A4' as const, margin: 50, footer: 28 };
const COLOR = { text: '#1f1f1f', muted: '#666666', rule: '#d9d9d9', head: '#f0f2f5', bar: '#1677ff' };

export interface PdfOptions {
  /** The CJK font (default: `findCjkFont()`). */
  font?: CjkFont | null;
}

/** 503 'report.pdf_font_missing': no CJK font on this server. */
export function fontMissing(): AppError {
  return new AppError(503, 'report.pdf_font_missing', 'report.pdf_font_missing');
}

/**
 * Renders the document as an A4 PDF: every string in the embedded (subset) CJK font, tables
 * broken across pages with their header repeated, bar charts as vector bars, page numbers in
 * the footer. Throws 503 'report.pdf_font_missing' when no CJK font exists — never a PDF with boxes.
 */
export async function renderPdf(doc: ReportDoc, opts: PdfOptions = {}): Promise<Buffer> {
  const font = opts.font === undefined ? findCjkFont() : opts.font;
  if (!font) throw fontMissing();
  const labels = LABELS[doc.lang ?? 'zh-CN'];
  const pdf = new PDFDocument({
    size: PAGE.size,
    margins: { top: PAGE.margin, bottom: PAGE.margin + PAGE.footer, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    info: { Title: doc.title, Creator: 'GovShare', Producer: 'GovShare', CreationDate: new Date(doc.generatedAt) },
    autoFirstPage: true,
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });
  try {
    pdf.registerFont('cjk', font.path, font.postscriptName);
  } catch {
    throw fontMissing();
  }
  pdf.font('cjk').fillColor(COLOR.text);

  const left = PAGE.margin;
  const width = pdf.page.width - 2 * PAGE.margin;
  const bottom = () => pdf.page.height - PAGE.margin - PAGE.footer;
  const ensure = (h: number) => {
    if (pdf.y + h > bottom()) pdf.addPage();
  };

  // Title block.
  pdf.fontSize(18).text(doc.title, left, pdf.y, { width, align: 'center' });
  if (doc.subtitle) pdf.moveDown(0.3).fontSize(11).fillColor(COLOR.muted).text(doc.subtitle, left, pdf.y, { width, align: 'center' });
  pdf.moveDown(0.3).fontSize(9).fillColor(COLOR.muted).text(`${labels.generated}: ${cstStamp(doc.generatedAt)}`, left, pdf.y, { width, align: 'center' });
  pdf.fillColor(COLOR.text).moveDown(1);

  for (const s of doc.sections) drawSection(s);

  // Page numbers: written last, over the bottom margin (margins lifted so no page is added).
  const range = pdf.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    pdf.switchToPage(range.start + i);
    const saved = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.fontSize(8).fillColor(COLOR.muted).text(labels.page(i + 1, range.count), left, pdf.page.height - PAGE.margin, { width, align: 'center', lineBreak: false });
    pdf.page.margins.bottom = saved;
  }
  pdf.end();
  await done;
  return Buffer.concat(chunks);

  function drawSection(s: Section): void {
    switch (s.kind) {
      case 'heading': {
        const size = s.level === 2 ? 12 : 14;
        ensure(size * 3);
        pdf.moveDown(0.4).fontSize(size).fillColor(COLOR.text).text(s.text, left, pdf.y, { width });
        pdf.moveDown(0.3);
        return;
      }
      case 'paragraph': {
        pdf.fontSize(10.5).fillColor(COLOR.text);
        for (const para of s.text.split(/\n{2,}/)) {
          ensure(16);
          pdf.text(para, left, pdf.y, { width, align: 'left', lineGap: 3 });
          pdf.moveDown(0.5);
        }
        return;
      }
      case 'keyValue': {
        if (s.title) subTitle(s.title);
        const cols: Column[] = [{ title: '', width: 4 }, { title: '', width: 6, align: 'right' }];
        drawTable(
          cols,
          s.items.map((i) => [i.label, cellText(i.value, i.format)]),
          false,
        );
        return;
      }
      case 'table': {
        if (s.title) subTitle(s.title);
        if (!s.rows.length) return emptyLine(s.empty ?? labels.noData);
        drawTable(
          s.columns,
          s.rows.map((r) => s.columns.map((c, i) => cellText(r[i], c.format))),
          true,
        );
        return;
      }
      case 'bar':
        return drawBars(s);
    }
  }

  function subTitle(text: string) {
    ensure(40);
    pdf.fontSize(11).fillColor(COLOR.text).text(text, left, pdf.y, { width });
    pdf.moveDown(0.3);
  }

  function emptyLine(text: string) {
    ensure(16);
    pdf.fontSize(9.5).fillColor(COLOR.muted).text(text, left, pdf.y, { width });
    pdf.fillColor(COLOR.text).moveDown(0.8);
  }

  function drawTable(columns: Column[], rows: string[][], header: boolean) {
    const fs = 9;
    const pad = 4;
    const total = columns.reduce((a, c) => a + (c.width ?? 10), 0);
    const widths = columns.map((c) => ((c.width ?? 10) / total) * width);
    const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    pdf.fontSize(fs);
    const heightOf = (cells: string[]) => Math.max(...cells.map((t, i) => pdf.heightOfString(t || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
    const drawRow = (cells: string[], isHead: boolean) => {
      const h = heightOf(cells);
      const y = pdf.y;
      if (isHead) pdf.rect(left, y, width, h).fill(COLOR.head);
      pdf.fillColor(isHead ? COLOR.text : COLOR.text);
      cells.forEach((t, i) => {
        const align = isHead ? 'left' : (columns[i]!.align ?? 'left');
        pdf.text(t, xs[i]! + pad, y + pad, { width: widths[i]! - 2 * pad, align });
      });
      pdf.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
      pdf.x = left;
      pdf.y = y + h;
    };
    const head = columns.map((c) => c.title);
    if (header) {
      ensure(heightOf(head) + heightOf(rows[0] ?? ['']));
      drawRow(head, true);
    }
    for (const r of rows) {
      const h = heightOf(r);
      if (pdf.y + h > bottom()) {
        pdf.addPage();
        if (header) drawRow(head, true);
      }
      drawRow(r, false);
    }
    pdf.moveDown(0.8);
  }

  function drawBars(s: Extract<Section, { kind: 'bar' }>) {
    subTitle(s.title);
    if (!s.bars.length) return emptyLine(s.empty ?? labels.noData);
    const fs = 9;
    const rowH = 16;
    const labelW = Math.min(160, width * 0.32);
    const valueW = 70;
    const barMax = width - labelW - valueW - 8;
    const max = Math.max(...s.bars.map((b) => b.value), 0);
    pdf.fontSize(fs);
    for (const b of s.bars) {
      if (pdf.y + rowH > bottom()) pdf.addPage();
      const y = pdf.y;
      pdf.fillColor(COLOR.text).text(b.label, left, y + 3, { width: labelW - 6, height: rowH, ellipsis: true, lineBreak: false });
      const w = max > 0 ? Math.max((b.value / max) * barMax, b.value > 0 ? 1 : 0) : 0;
      if (w > 0) pdf.rect(left + labelW, y + 3, w, rowH - 6).fill(COLOR.bar);
      pdf.fillColor(COLOR.text).text(Number.isFinite(b.value) ? cellText(b.value, s.format) : DASH, left + labelW + w + 4, y + 3, { width: valueW, lineBreak: false });
      pdf.x = left;
      pdf.y = y + rowH;
    }
    pdf.moveDown(0.8);
  }
}
