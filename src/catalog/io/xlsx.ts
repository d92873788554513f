/**
 * XLSX in the catalog-compilation layout (政务信息资源目录编制): 「信息资源」 one row per resource,
 * 「信息项」 one row per data item, 「说明」 the allowed values of every coded column.
 *
 * Both directions stream: the writer commits each row as it goes (items of an async source are
 * spooled to a temp file, because a sheet's XML must be complete before the next one starts),
 * and the reader walks rows without building the workbook in memory.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import ExcelJS from 'exceljs';
import type { Lang } from '../../core/i18n.js';
import type { Resource } from '../model.js';
import { itemCells, resourceCells, type CellValue } from './cells.js';
import {
  ALL_UNITS,
  ITEM_COLUMNS,
  RESOURCE_COLUMNS,
  SHEETS,
  YES_NO,
  columnLetter,
  header,
  sheetKeyOf,
  vocabLabel,
  type Column,
  type SheetKey,
  type Vocab,
} from './columns.js';
import { CatalogAssembler, readHeader, type Cells, type TableHeader } from './assemble.js';
import { ImportAbort, IssueSink, type ImportLimits } from './issues.js';
import { end, iterate, waitForRoom, write, yieldToLoop, type ExportOptions, type ResourceSource } from './stream.js';
import { inspectZip, xlsxReaderStream } from './zip.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// ---- export

const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
  alignment: { vertical: 'middle', wrapText: true },
};

/** Rows between two yields to the event loop, so the zip deflater keeps up and memory stays flat. */
const PACE = 200;

export async function exportXlsx(resources: ResourceSource, out: NodeJS.WritableStream, opts: ExportOptions): Promise<void> {
  const lang = opts.lang ?? 'zh-CN';
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as import('node:stream').Stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'GovShare';
  const frozen = { views: [{ state: 'frozen' as const, ySplit: 1 }] };
  const resSheet = wb.addWorksheet(header(SHEETS.resources, lang), frozen);
  const itemSheet = wb.addWorksheet(header(SHEETS.items, lang), frozen);
  const notesSheet = wb.addWorksheet(header(SHEETS.notes, lang));
  const written = new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.once('finish', resolve);
    out.once('close', resolve);
  });

  setup(resSheet, RESOURCE_COLUMNS, lang);
  setup(itemSheet, ITEM_COLUMNS, lang);

  let rows = 0;
  const pace = async () => {
    if (++rows % PACE === 0) {
      await yieldToLoop();
      await waitForRoom(out);
    }
  };

  // Sheet 1 while spooling the items of a one-pass source; an array is simply walked twice.
  const spool = Array.isArray(resources) ? null : new ItemSpool();
  try {
    for await (const r of iterate(resources)) {
      addRow(resSheet, RESOURCE_COLUMNS, resourceCells(r, lang, opts.unitName));
      await pace();
      if (spool)
        for (const d of sortedItems(r)) {
          const cells = itemCells(r.code, d, lang);
          await spool.push(ITEM_KEYS.map((k) => cells[k]));
        }
    }
    resSheet.commit();

    if (spool) {
      for await (const values of spool.drain()) {
        addRow(itemSheet, ITEM_COLUMNS, Object.fromEntries(ITEM_KEYS.map((k, n) => [k, values[n] ?? null])));
        await pace();
      }
    } else {
      for (const r of resources as Resource[]) {
        for (const d of sortedItems(r)) {
          addRow(itemSheet, ITEM_COLUMNS, itemCells(r.code, d, lang));
          await pace();
        }
      }
    }
    itemSheet.commit();
    writeNotes(notesSheet, lang);
    notesSheet.commit();
    await wb.commit();
    await written;
  } finally {
    spool?.close();
  }
}

const ITEM_KEYS = ITEM_COLUMNS.map((c) => c.key);

function sortedItems(r: Resource) {
  return [...r.dataItems].sort((a, b) => a.seq - b.seq);
}

function setup(ws: ExcelJS.Worksheet, columns: readonly Column[], lang: Lang): void {
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  const row = ws.addRow(columns.map((c) => header(c, lang)));
  row.eachCell((cell) => {
    cell.style = HEADER_STYLE;
  });
  row.commit();
}

function addRow(ws: ExcelJS.Worksheet, columns: readonly Column[], cells: Record<string, CellValue>): void {
  // Empty strings become empty cells: a reader should not see '' where nothing was said.
  ws.addRow(columns.map((c) => (cells[c.key] === '' ? null : cells[c.key]))).commit();
}

function writeNotes(ws: ExcelJS.Worksheet, lang: Lang): void {
  const en = lang === 'en';
  ws.columns = [{ width: 22 }, { width: 24 }, { width: 18 }, { width: 60 }];
  const head = ws.addRow(en ? ['Column', 'Value', 'Code', 'Note'] : ['列', '可填写的值', '代码', '说明']);
  head.eachCell((c) => {
    c.style = HEADER_STYLE;
  });
  head.commit();
  const add = (values: (string | null)[]) => ws.addRow(values).commit();
  const coded: [Column, Vocab, string?][] = [];
  for (const c of [...RESOURCE_COLUMNS, ...ITEM_COLUMNS] as readonly Column[]) if (c.vocab) coded.push([c, c.vocab]);
  for (const [c, v] of coded) {
    const sheet = header((RESOURCE_COLUMNS as readonly Column[]).includes(c) ? SHEETS.resources : SHEETS.items, lang);
    for (const value of v.values) add([`${sheet} / ${header(c, lang)}`, vocabLabel(v, value, lang), value, null]);
  }
  const yes = YES_NO.yes[en ? 'en' : 'zh'];
  const no = YES_NO.no[en ? 'en' : 'zh'];
  const rules: [string, string | null, string][] = en
    ? [
        ['Data items / Required, Key', `${yes} / ${no}`, 'Yes or no.'],
        ['Resources / Sharing scope', ALL_UNITS.en, 'Or the names (or unified social credit codes) of the designated units, separated by semicolons.'],
        ['Resources / Sharing methods, Keywords, Application scenarios, Related resource codes', null, 'Several values separated by semicolons (；), commas or line breaks.'],
        ['Resources / Classification', null, 'The classification code (e.g. A01), optionally followed by its name.'],
        ['Resources / Resource code', null, 'Leave empty for a new resource; fill in to change an existing one. Published on and Version are set by the platform.'],
        ['Data items / Resource code', null, 'The code of the resource the item belongs to; for a new resource without a code, its name.'],
        ['Data items / Code set', '1=Male；2=Female', 'Entries "value=label" separated by semicolons or line breaks.'],
        ['Data items / Masking rule', 'Custom:3,4,*', 'Custom masking: keep the first 3 and last 4 characters, replace the rest with *.'],
        ['Data items / Length, Precision', null, 'C: length 1–4000; N and Y: length 1–38 and precision 0–length; M: no length; D, T, L, I, B, F: length ignored.'],
      ]
    : [
        ['信息项 / 必填、主键', `${yes} / ${no}`, '填写“是”或“否”。'],
        ['信息资源 / 共享范围', ALL_UNITS.zh, '或填写指定单位的名称（或统一社会信用代码），以分号分隔。'],
        ['信息资源 / 共享方式、关键词、应用场景、关联资源代码', null, '多个值以分号（；）、逗号、顿号或换行分隔。'],
        ['信息资源 / 资源分类', null, '填写分类代码（如 A01），其后可跟分类名称。'],
        ['信息资源 / 资源代码', null, '新增资源留空；填写已有资源代码表示变更该资源。发布日期、版本由平台生成，导入时忽略。'],
        ['信息项 / 资源代码', null, '信息项所属资源的代码；尚无代码的新资源填写资源名称。'],
        ['信息项 / 代码集', '1=男；2=女', '每项“值=名称”，以分号或换行分隔。'],
        ['信息项 / 脱敏规则', '自定义:3,4,*', '自定义脱敏：保留前 3 位和后 4 位，其余以 * 代替。'],
        ['信息项 / 数据长度、精度', null, 'C 型长度 1–4000；N、Y 型长度 1–38、精度 0–长度；M 型不设长度；D、T、L、I、B、F 型不填长度。'],
      ];
  add([]);
  for (const [col, value, note] of rules) add([col, value, null, note]);
}

/** Items of a one-pass source wait on disk while the first sheet is written. */
class ItemSpool {
  private readonly dir = mkdtempSync(join(tmpdir(), 'govshare-xlsx-'));
  private readonly path = join(this.dir, 'items.ndjson');
  private readonly file = createWriteStream(this.path);

  async push(values: CellValue[]): Promise<void> {
    await write(this.file, `${JSON.stringify(values)}\n`);
  }

  async *drain(): AsyncGenerator<CellValue[]> {
    await end(this.file);
    const lines = createInterface({ input: createReadStream(this.path), crlfDelay: Infinity });
    for await (const line of lines) if (line) yield JSON.parse(line) as CellValue[];
  }

  close(): void {
    this.file.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---- import

/** Text of a cell whatever ExcelJS made of it (rich text, formula result, hyperlink, date, number). */
export function cellText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in v) return typeof v.text === 'string' ? v.text : cellText(v.text as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return '';
}

type Entry = { setEncoding?: (enc: BufferEncoding) => unknown };
interface ReaderInternals {
  _parseRels(entry: Entry): Promise<void>;
  _parseWorkbook(entry: Entry): Promise<void>;
  _parseSharedStrings(entry: Entry): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}
const BaseReader = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (
  input: import('node:stream').Readable,
  options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
) => ReaderInternals & AsyncIterable<ExcelJS.stream.xlsx.WorksheetReader>;

/**
 * ExcelJS decodes each chunk of a part on its own, so a Chinese character split across two
 * chunks comes out as '��'. Every XML part is decoded here as a stream instead, before ExcelJS
 * sees it (it passes strings through).
 */
class Utf8SafeWorkbookReader extends BaseReader {
  override _parseRels(entry: Entry) {
    entry.setEncoding?.('utf8');
    return super._parseRels(entry);
  }
  override _parseWorkbook(entry: Entry) {
    entry.setEncoding?.('utf8');
    return super._parseWorkbook(entry);
  }
  override _parseSharedStrings(entry: Entry) {
    entry.setEncoding?.('utf8');
    return super._parseSharedStrings(entry);
  }
  override _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string) {
    return super._parseWorksheet(utf8Chunks(iterator), sheetNo);
  }
}

async function* utf8Chunks(it: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const c of it) {
    const s = typeof c === 'string' ? c : decoder.decode(c, { stream: true });
    if (s) yield s;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/** Row elements tolerated beyond the data limit (blank formatted rows Excel leaves behind). */
const ROW_SLACK = 1000;

export async function readXlsx(buf: Buffer, asm: CatalogAssembler, sink: IssueSink, limits: ImportLimits): Promise<void> {
  const problem = await inspectZip(buf, limits);
  if (problem) {
    const { code, ...params } = problem;
    sink.fatal(code, params as Record<string, string | number>);
  }
  const reader = new Utf8SafeWorkbookReader(xlsxReaderStream(buf), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  const seen = new Map<SheetKey, string>();
  const expected = { zh: `${SHEETS.resources.zh}、${SHEETS.items.zh}、${SHEETS.notes.zh}`, en: `${SHEETS.resources.en}, ${SHEETS.items.en}, ${SHEETS.notes.en}` };
  try {
    for await (const ws of reader) {
      const name = (ws as unknown as { name: string }).name;
      const key = sheetKeyOf(name);
      let kind: SheetKey | 'skip' = key ?? 'skip';
      if (!key) sink.add({ sheet: name, row: null, column: null, header: null, field: null }, 'unknown_sheet', { sheet: name, expected });
      else if (seen.has(key)) {
        sink.add({ sheet: name, row: null, column: null, header: null, field: null }, 'duplicate_sheet', { sheet: name });
        kind = 'skip';
      } else seen.set(key, name);
      if (kind === 'resources') asm.setResourceSheetName(name);
      await readSheet(ws as unknown as AsyncIterable<ExcelJS.Row>, name, kind, asm, sink, limits);
    }
  } catch (e) {
    if (e instanceof ImportAbort) throw e;
    sink.fatal('xlsx_unreadable', { reason: String((e as Error)?.message ?? e).slice(0, 200) });
  }
  if (!seen.has('resources')) sink.fatal('missing_sheet', { sheet: SHEETS.resources });
}

async function readSheet(
  rows: AsyncIterable<ExcelJS.Row>,
  sheet: string,
  kind: SheetKey | 'skip',
  asm: CatalogAssembler,
  sink: IssueSink,
  limits: ImportLimits,
): Promise<void> {
  const dataLimit = kind === 'items' ? limits.maxItems : limits.maxResources;
  const maxRow = dataLimit + 1 + ROW_SLACK;
  let h: TableHeader | null = null;
  let count = 0;
  const tableHeader = (cells: Cells): TableHeader => {
    const table = kind === 'resources' ? RESOURCE_COLUMNS : ITEM_COLUMNS;
    const read = readHeader(table, sheet, cells, sink);
    if (read.incomplete) asm.markUnreadable(kind === 'resources' ? 'resources' : 'items');
    return read;
  };
  for await (const row of rows) {
    if (++count > maxRow || row.number > maxRow)
      sink.fatal('too_many_rows', { sheet, limit: dataLimit }, { sheet, row: row.number });
    if (row.cellCount > limits.maxColumns) sink.fatal('too_many_columns', { sheet, limit: limits.maxColumns }, { sheet, row: row.number });
    if (kind === 'skip' || kind === 'notes') continue;
    const cells: Cells = new Map();
    let blank = true;
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const text = cellText(cell.value);
      if (text.length > limits.maxCellChars) {
        const colHeader = h?.byCol.get(col);
        sink.add(
          { sheet, row: row.number, column: columnLetter(col), header: colHeader ? (h?.text.get(col) ?? null) : null, field: null },
          'cell_too_long',
          { length: text.length, limit: limits.maxCellChars },
        );
        blank = false;
        return;
      }
      if (text.trim() !== '') blank = false;
      cells.set(col, text);
    });
    if (row.number === 1) {
      h = tableHeader(cells);
      continue;
    }
    if (!h) h = tableHeader(new Map());
    // Without its required columns a row cannot be read; the header issues say what to fix.
    if (blank || h.incomplete) continue;
    if (kind === 'resources') asm.addResourceRow(h, row.number, cells);
    else asm.addItemRow(h, row.number, cells);
  }
  if (!h && (kind === 'resources' || kind === 'items')) tableHeader(new Map());
}
