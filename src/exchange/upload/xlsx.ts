/**
 * XLSX uploads: one worksheet, the first non-empty row is the header, each later row one row.
 *
 * yauzl opens the archive first: it must be a zip, and the parts' declared uncompressed sizes are
 * summed and their compression ratios checked before anything is inflated; yauzl then enforces
 * those declared sizes while inflating (validateEntrySizes), so a lying header cannot smuggle a
 * bomb past the check. ExcelJS's streaming parsers do the XML, but the parts are fed to them
 * straight from yauzl in the order they need (relationships, workbook, shared strings, styles,
 * then the one sheet), as text decoded across chunk boundaries. Its own WorkbookReader is not
 * used on the file: it reads the zip front to back with a streaming unzipper, spools sheets that
 * come before the shared strings to temp files, misses styles that come after a sheet (dates then
 * arrive as plain numbers), and decodes each chunk on its own (a character split across two
 * chunks turns into '��'); see src/catalog/io/zip.ts for the same lessons.
 *
 * Styles are cached because ExcelJS recognises a date cell only by its number format. Values:
 * strings, numbers, booleans; dates as 'YYYY-MM-DD' (midnight) or 'YYYY-MM-DDTHH:mm:ss[.sss]'
 * without an offset — Excel stores the wall-clock time as typed, which values.ts reads as China
 * Standard Time; rich text flattened; formulas as their cached result; empty cells absent.
 */
import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { AppError } from '../../core/errors.js';
import {
  ColumnResolver,
  RowBatcher,
  cellTooLarge,
  chunkSizeOf,
  overBytes,
  resolveLimits,
  rowProblem,
  rowTooLarge,
  uploadError,
  type Preview,
  type RowProblem,
  type SourceLimits,
  type SourceOptions,
  type SourceRow,
} from './source.js';

/** Parts of an archive at most (a workbook has a few dozen). */
const MAX_PARTS = 10_000;
/** Parts smaller than this are not ratio-checked (tiny XML parts compress extremely well). */
const RATIO_MIN_BYTES = 1024 * 1024;
const MS_PER_DAY = 86_400_000;

interface Rel {
  Id: string;
  Type: string;
  Target: string;
  TargetMode?: string;
}
interface SheetModel {
  name: string;
  id: number;
  rId: string;
  state?: string;
}
/** The parts of ExcelJS's WorkbookReader that parse one part each (lib/stream/xlsx/workbook-reader.js). */
interface ReaderInternals {
  workbookRels?: Rel[];
  model?: { sheets?: SheetModel[] };
  properties?: { model?: { date1904?: boolean } };
  sharedStrings?: unknown[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
}

// ---- the archive

class Archive {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    readonly parts: Map<string, yauzl.Entry>,
  ) {}

  static async open(path: string, limits: SourceLimits): Promise<Archive> {
    if ((await stat(path)).size === 0) throw uploadError('empty_file');
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
    } catch {
      throw uploadError('not_xlsx');
    }
    const parts = new Map<string, yauzl.Entry>();
    try {
      let total = 0;
      const it = zip.eachEntry();
      for (;;) {
        let next: IteratorResult<yauzl.Entry>;
        try {
          next = await it.next();
        } catch {
          throw uploadError('not_xlsx');
        }
        if (next.done) break;
        const e = next.value;
        if (parts.size >= MAX_PARTS) throw uploadError('xlsx_unreadable', { reason: `more than ${MAX_PARTS} parts` });
        if (e.isEncrypted()) throw uploadError('xlsx_encrypted');
        total += e.uncompressedSize;
        if (total > limits.maxXlsxUncompressedBytes) throw uploadError('xlsx_too_large', { limit: limits.maxXlsxUncompressedBytes }, 413);
        if (e.uncompressedSize > RATIO_MIN_BYTES && e.uncompressedSize > limits.maxXlsxRatio * Math.max(1, e.compressedSize))
          throw uploadError('zip_bomb', { entry: e.fileName.slice(0, 100), limit: limits.maxXlsxRatio }, 413);
        parts.set(e.fileName.replace(/^\/+/, ''), e);
      }
    } catch (e) {
      zip.close();
      throw e;
    }
    if (!parts.has('[Content_Types].xml')) {
      zip.close();
      throw uploadError('not_xlsx');
    }
    return new Archive(zip, parts);
  }

  /** A part as UTF-8 text chunks (decoded across chunk boundaries), or null when absent. */
  async text(name: string): Promise<Readable | null> {
    const e = this.parts.get(name);
    if (!e) return null;
    const s = await this.zip.openReadStreamPromise(e);
    s.setEncoding('utf8');
    return s;
  }

  close(): void {
    this.zip.close();
  }
}

// ---- the workbook

interface Workbook {
  reader: ReaderInternals;
  sheets: { name: string; part: string; hidden: boolean }[];
  date1904: boolean;
}

function resolveTarget(baseDir: string, target: string): string {
  if (target.startsWith('/')) return posix.normalize(target).replace(/^\/+/, '');
  return posix.normalize(posix.join(baseDir, target));
}

async function loadWorkbook(archive: Archive): Promise<Workbook> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader('', {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  }) as unknown as ReaderInternals;

  // The main part from the package relationships (xl/workbook.xml in practice).
  let main = 'xl/workbook.xml';
  const rootRels = await archive.text('_rels/.rels');
  if (rootRels) {
    await reader._parseRels(rootRels);
    const office = (reader.workbookRels ?? []).find((r) => /\/officeDocument$/.test(r.Type));
    if (office) main = resolveTarget('', office.Target);
  }
  const dir = posix.dirname(main);
  const relsPart = posix.join(dir, '_rels', `${posix.basename(main)}.rels`);
  reader.workbookRels = [];
  const rels = await archive.text(relsPart);
  if (rels) await reader._parseRels(rels);
  const book = await archive.text(main);
  if (!book) throw uploadError('not_xlsx');
  await reader._parseWorkbook(book);
  const relList = reader.workbookRels ?? [];
  const byType = (suffix: string) => relList.find((r) => r.Type.endsWith(suffix) && r.TargetMode !== 'External');

  reader.sharedStrings = [];
  const sstRel = byType('/sharedStrings');
  const sst = await archive.text(sstRel ? resolveTarget(dir, sstRel.Target) : posix.join(dir, 'sharedStrings.xml'));
  if (sst) for await (const _ of reader._parseSharedStrings(sst)) void _;
  const stylesRel = byType('/styles');
  const styles = await archive.text(stylesRel ? resolveTarget(dir, stylesRel.Target) : posix.join(dir, 'styles.xml'));
  if (styles) await reader._parseStyles(styles);

  const sheets: Workbook['sheets'] = [];
  for (const s of reader.model?.sheets ?? []) {
    if (!s) continue;
    const rel = relList.find((r) => r.Id === s.rId);
    if (!rel || !rel.Type.endsWith('/worksheet')) continue; // chart sheets, dialog sheets
    sheets.push({ name: s.name, part: resolveTarget(dir, rel.Target), hidden: s.state === 'hidden' || s.state === 'veryHidden' });
  }
  return { reader, sheets, date1904: reader.properties?.model?.date1904 === true };
}

function pickSheet(book: Workbook, wanted: string | undefined): Workbook['sheets'][number] {
  if (book.sheets.length === 0) throw uploadError('sheet_not_found', { sheet: wanted ?? '', sheets: '' });
  if (wanted === undefined || wanted === '') return book.sheets.find((s) => !s.hidden) ?? book.sheets[0]!;
  const exact = book.sheets.find((s) => s.name === wanted);
  if (exact) return exact;
  const w = wanted.trim().toLowerCase();
  const loose = book.sheets.find((s) => s.name.trim().toLowerCase() === w);
  if (loose) return loose;
  throw uploadError('sheet_not_found', { sheet: wanted.slice(0, 100), sheets: book.sheets.map((s) => s.name).join(', ').slice(0, 500) });
}

/**
 * The rows of the chosen sheet, with the workbook they belong to. Whatever the parsers throw
 * becomes a file-level problem; stopping early releases the part stream and the archive.
 */
async function* sheetRows(path: string, limits: SourceLimits, sheetName: string | undefined): AsyncGenerator<[ExcelJS.Row, Workbook]> {
  const archive = await Archive.open(path, limits);
  let stream: Readable | null = null;
  let rows: AsyncIterator<ExcelJS.Row> | null = null;
  try {
    let book: Workbook;
    try {
      book = await loadWorkbook(archive);
      const sheet = pickSheet(book, sheetName);
      stream = await archive.text(sheet.part);
      if (!stream) throw uploadError('xlsx_unreadable', { reason: `missing part ${sheet.part}` });
      const ws = book.reader._parseWorksheet(stream as AsyncIterable<string>, '0').next().value!.value;
      rows = ws[Symbol.asyncIterator]();
    } catch (e) {
      throw asFileProblem(e);
    }
    for (;;) {
      let r: IteratorResult<ExcelJS.Row>;
      try {
        r = await (rows as AsyncIterator<ExcelJS.Row>).next();
      } catch (e) {
        throw asFileProblem(e);
      }
      if (r.done) return;
      yield [r.value, book];
    }
  } finally {
    stream?.destroy();
    await rows?.return?.().catch(() => undefined);
    archive.close();
  }
}

function asFileProblem(e: unknown): unknown {
  if (e instanceof AppError) return e;
  const msg = String((e as Error)?.message ?? e);
  // yauzl enforces the declared sizes: a part inflating to more than its header says is a forged archive.
  if (/too many bytes in the stream|not enough bytes in the stream|invalid (local|central)|overflows file bounds/.test(msg)) return uploadError('not_xlsx');
  return uploadError('xlsx_unreadable', { reason: msg.slice(0, 200) });
}

// ---- cells

/** A cell holding an Excel error (#N/A, #DIV/0!…), directly or as a formula's result. */
class CellError {
  constructor(readonly text: string) {}
}

const dateFormats = new Map<string, boolean>();
/** ExcelJS's own test (utils.isDateFmt), cached per format code. */
function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  let r = dateFormats.get(fmt);
  if (r === undefined) {
    const bare = fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
    r = /[ymdhMsb]+/.test(bare);
    if (dateFormats.size < 1000) dateFormats.set(fmt, r);
  }
  return r;
}

function serialToDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * MS_PER_DAY));
}

/** ExcelJS dates are the written wall-clock time at UTC: midnight → a date, else a local date-time. */
export function formatExcelDate(d: Date): string | CellError {
  const t = d.getTime();
  if (!Number.isFinite(t)) return new CellError('#VALUE!');
  const iso = d.toISOString();
  if (t % MS_PER_DAY === 0) return iso.slice(0, iso.length - 14);
  return t % 1000 === 0 ? iso.slice(0, iso.length - 5) : iso.slice(0, iso.length - 1);
}

type CellOut = string | number | boolean | CellError | undefined;

function valueOf(v: ExcelJS.CellValue, cell: ExcelJS.Cell, date1904: boolean): CellOut {
  if (v === null || v === undefined) return undefined;
  switch (typeof v) {
    case 'string':
      return v.length === 0 ? undefined : v;
    case 'number':
      return Number.isFinite(v) ? v : new CellError('#NUM!');
    case 'boolean':
      return v;
  }
  if (v instanceof Date) return formatExcelDate(v);
  if (typeof v !== 'object') return undefined;
  if ('richText' in v && Array.isArray(v.richText)) {
    let s = '';
    for (const part of v.richText) s += part.text ?? '';
    return s.length === 0 ? undefined : s;
  }
  if ('formula' in v || 'sharedFormula' in v) {
    // cell.value drops a falsy result (0, false, and the NaN an error result parses to): ask the cell.
    const r = cell.result as ExcelJS.CellFormulaValue['result'];
    if (r === null || r === undefined) return undefined;
    if (typeof r === 'number') {
      // ExcelJS parses an error result (t="e") as a number; its text is lost.
      if (!Number.isFinite(r)) return new CellError('#ERROR');
      return isDateFmt(cell.numFmt) ? formatExcelDate(serialToDate(r, date1904)) : r;
    }
    if (typeof r === 'object' && r !== null && 'error' in r) return new CellError(String(r.error));
    return valueOf(r as ExcelJS.CellValue, cell, date1904);
  }
  if ('error' in v) return new CellError(String(v.error));
  if ('text' in v) return valueOf(v.text as ExcelJS.CellValue, cell, date1904);
  return undefined;
}

function cellText(cell: ExcelJS.Cell, date1904: boolean): string {
  const v = valueOf(cell.value, cell, date1904);
  if (v === undefined) return '';
  if (v instanceof CellError) return v.text;
  return typeof v === 'string' ? v : String(v);
}

// ---- rows

function headerOf(row: ExcelJS.Row, book: Workbook, limits: SourceLimits): string[] | null {
  const names: string[] = [];
  let width = 0;
  row.eachCell((cell, col) => {
    const text = cellText(cell, book.date1904).trim();
    if (text === '') return;
    if (col > limits.maxColumns) throw uploadError('too_many_columns', { row: row.number, count: col, limit: limits.maxColumns });
    if (overBytes(text, limits.maxCellBytes)) throw cellTooLarge(row.number, text.slice(0, 50), limits);
    while (names.length < col - 1) names.push('');
    names[col - 1] = text;
    width = col;
  });
  return width === 0 ? null : names.slice(0, width);
}

export async function* readXlsxRows(path: string, opts: SourceOptions): AsyncGenerator<SourceRow[]> {
  const limits = resolveLimits(opts.limits);
  const resolver = new ColumnResolver(opts.items, opts.mapping);
  const batch = new RowBatcher(chunkSizeOf(opts));
  const cellChars = Math.floor(limits.maxCellBytes / 3);
  const rowChars = Math.floor(limits.maxRowBytes / 3);
  let header: string[] | null = null;
  let codes: (string | null)[] = [];
  for await (const [row, book] of sheetRows(path, limits, opts.sheet)) {
    const n = row.number;
    if (header === null) {
      header = headerOf(row, book, limits);
      if (header !== null) codes = resolver.planHeader(header, opts.requiredColumns);
      continue;
    }
    const values: Record<string, unknown> = {};
    let any = false;
    let size = 0;
    let problem: RowProblem | null = null;
    const width = codes.length;
    const names = header;
    row.eachCell((cell, col) => {
      if (col > width) return;
      const code = codes[col - 1];
      if (code === null || code === undefined) return;
      const v = valueOf(cell.value, cell, book.date1904);
      if (v === undefined) return;
      any = true;
      if (v instanceof CellError) {
        problem ??= rowProblem('cell_error', { column: names[col - 1]!, error: v.text });
        return;
      }
      if (typeof v === 'string') {
        if (v.length > cellChars && overBytes(v, limits.maxCellBytes)) throw cellTooLarge(n, names[col - 1]!, limits);
        size += v.length;
      }
      values[code] = v;
    });
    if (!any) continue;
    if (size > rowChars) {
      let bytes = 0;
      for (const k in values) if (typeof values[k] === 'string') bytes += Buffer.byteLength(values[k] as string);
      if (bytes > limits.maxRowBytes) throw rowTooLarge(n, limits);
    }
    batch.push(problem ? { row: n, values: {}, problem } : { row: n, values });
    for (const c of batch.take(false)) yield c;
  }
  if (header === null) throw uploadError('empty_file');
  for (const c of batch.take(true)) yield c;
}

/** Header and the first `sampleRows` non-empty rows as text. */
export async function previewXlsx(path: string, sheetName: string | undefined, sampleRows: number, limitsIn?: Partial<SourceLimits>): Promise<Preview> {
  const limits = resolveLimits(limitsIn);
  let header: string[] | null = null;
  const sample: string[][] = [];
  for await (const [row, book] of sheetRows(path, limits, sheetName)) {
    if (header === null) {
      header = headerOf(row, book, limits);
      if (header !== null && sampleRows <= 0) break;
      continue;
    }
    const width = header.length;
    const texts: string[] = new Array<string>(width).fill('');
    let any = false;
    row.eachCell((cell, col) => {
      if (col > width) return;
      const t = cellText(cell, book.date1904);
      if (t !== '') any = true;
      texts[col - 1] = t;
    });
    if (any) sample.push(texts);
    if (sample.length >= sampleRows) break;
  }
  if (header === null) throw uploadError('empty_file');
  return { columns: header, sample, encoding: null };
}
