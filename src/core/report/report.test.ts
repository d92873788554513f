import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { AppError } from '../errors.js';
import { findCjkFont, renderPdf, renderXlsx, type ReportDoc } from './index.js';
import { pdfText } from './pdf-text.js';
import { reportRenderMessages } from './messages.js';

const rows = Array.from({ length: 120 }, (_, i) => [`三亚市第${i + 1}单位`, i * 1000 + 7, i / 200]);

const doc: ReportDoc = {
  title: '三亚市政务信息资源共享年度报告（2026 年度）',
  subtitle: '报送：市政务信息资源共享工作领导小组',
  generatedAt: '2027-01-04T02:00:00.000Z',
  sections: [
    { kind: 'heading', text: '一、总体情况' },
    { kind: 'paragraph', text: '本年度共享平台运行平稳，各单位按照《三亚市政务信息资源共享管理办法》开展共享工作。' },
    { kind: 'keyValue', items: [{ label: '接入单位', value: 42 }, { label: '信息资源', value: 1234 }, { label: '调用次数', value: null }] },
    {
      kind: 'table',
      title: '各单位使用情况',
      sheet: '使用情况',
      columns: [
        { title: '单位', width: 14 },
        { title: '调用次数', width: 6, align: 'right', format: 'integer' },
        { title: '占比', width: 5, align: 'right', format: 'percent' },
      ],
      rows,
    },
    { kind: 'bar', title: '违规事项按类别', labelTitle: '类别', valueTitle: '件数', bars: [{ label: '第一项 未按时共享', value: 3 }, { label: '第三项 未及时更新', value: 5 }] },
    { kind: 'table', title: '空表', columns: [{ title: '甲' }], rows: [], empty: '暂无数据（未提供）' },
  ],
};

describe('report messages', () => {
  it('have both languages with the same placeholders', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries(reportRenderMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(ph(m.zh), key).toEqual(ph(m.en));
    }
  });
});

describe('renderPdf (A4, CJK font, page breaks, page numbers)', () => {
  it('finds the Noto CJK font installed on this machine', () => {
    const f = findCjkFont({});
    expect(f).not.toBeNull();
  });

  it('writes Chinese text that maps back to the same characters, repeats the table header on every page and numbers pages', async () => {
    const pdf = await renderPdf(doc);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A4 portrait.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const { pages, text } = pdfText(pdf);
    expect(text).not.toContain('\ufffd');
    expect(text).toContain('三亚市政务信息资源共享年度报告（2026 年度）');
    expect(text).toContain('生成时间: 2027-01-04 10:00 (UTC+8)');
    expect(text).toContain('一、总体情况');
    expect(text).toContain('三亚市第120单位');
    expect(text).toContain('119,007');
    expect(text).toContain('59.5%');
    expect(text).toContain('第三项 未及时更新');
    expect(text).toContain('暂无数据（未提供）');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    // The 120-row table spans pages: its header is drawn again on each continuation page.
    const withHeader = pages.filter((p) => p.includes('调用次数') && p.includes('占比'));
    expect(withHeader.length).toBeGreaterThanOrEqual(2);
    const n = pages.length;
    pages.forEach((p, i) => expect(p).toContain(`第 ${i + 1} 页 / 共 ${n} 页`));
    // The null value prints as an em dash, not "null".
    expect(text).toContain('—');
    expect(text).not.toContain('null');
    // Subset-embedded: far smaller than the 19 MB collection.
    expect(pdf.length).toBeLessThan(400_000);
  });

  it('English labels when the document is English', async () => {
    const { pages } = pdfText(await renderPdf({ ...doc, lang: 'en', sections: [] }));
    expect(pages[0]).toContain('Page 1 of 1');
  });

  it('refuses with 503 report.pdf_font_missing when no CJK font exists', async () => {
    const err = await renderPdf(doc, { font: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(503);
    expect((err as AppError).code).toBe('report.pdf_font_missing');
    expect(findCjkFont({ GOVSHARE_PDF_FONT: '/nonexistent/font.ttf' }, [{ path: '/nonexistent/a.ttc' }])).toBeNull();
  });

  it('uses GOVSHARE_PDF_FONT when it names an existing collection', () => {
    const f = findCjkFont({ GOVSHARE_PDF_FONT: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc' }, []);
    expect(f?.path).toBe('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
    expect(f?.postscriptName).toMatch(/^NotoSansCJK/);
  });
});

describe('renderXlsx (a sheet per table, number formats)', () => {
  it('re-reads with exceljs: Chinese titles, numbers as numbers with formats, bars as a table', async () => {
    const buf = await renderXlsx(doc);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(['概要', '使用情况', '违规事项按类别', '空表']);
    const summary = wb.getWorksheet('概要')!;
    expect(summary.getCell('A1').value).toBe('三亚市政务信息资源共享年度报告（2026 年度）');
    const values = summary.getSheetValues().flat().filter((v) => v !== undefined && v !== null);
    expect(values).toContain('一、总体情况');
    expect(values).toContain('接入单位');
    expect(values).toContain(42);
    expect(values).toContain('—');
    const use = wb.getWorksheet('使用情况')!;
    expect(use.getCell('A1').value).toBe('各单位使用情况');
    expect(use.getRow(3).values).toEqual([undefined, '单位', '调用次数', '占比']);
    expect(use.getCell('A4').value).toBe('三亚市第1单位');
    expect(use.getCell('B123').value).toBe(119_007);
    expect(use.getCell('B123').numFmt).toBe('#,##0');
    expect(use.getCell('C123').value).toBeCloseTo(0.595);
    expect(use.getCell('C123').numFmt).toBe('0.0%');
    const bars = wb.getWorksheet('违规事项按类别')!;
    expect(bars.getRow(3).values).toEqual([undefined, '类别', '件数']);
    expect(bars.getCell('A5').value).toBe('第三项 未及时更新');
    expect(bars.getCell('B5').value).toBe(5);
  });
});
