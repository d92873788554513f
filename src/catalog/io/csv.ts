/**
 * CSV: one row per resource with the columns of the 「信息资源」 sheet, and the data items as one
 * JSON column (a second table does not fit one CSV file). UTF-8 with a BOM so Excel opens it in
 * the right encoding; files saved by Excel in the local code page (GB18030) are read too.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { resourceCells } from './cells.js';
import { CSV_ITEMS_COLUMN, RESOURCE_COLUMNS, columnLetter, header } from './columns.js';
import { CatalogAssembler, readHeader, type Cells } from './assemble.js';
import { IssueSink, type ImportLimits } from './issues.js';
import { end, iterate, write, type ExportOptions, type ResourceSource } from './stream.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const CSV_SHEET = 'CSV';

const BOM = '\uFEFF';

/** Excel runs a cell starting with = + - @ as a formula; a leading apostrophe keeps it text (removed on import). */
const FORMULA_START = /^[=+\-@\t\r]/;
const guard = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return typeof v === 'string' && FORMULA_START.test(s) ? `'${s}` : s;
};
const unguard = (s: string): string => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

export async function exportCsv(resources: ResourceSource, out: NodeJS.WritableStream, opts: ExportOptions): Promise<void> {
  const lang = opts.lang ?? 'zh-CN';
  const columns = [...RESOURCE_COLUMNS, CSV_ITEMS_COLUMN];
  const line = (values: string[]) => stringify([values], { record_delimiter: 'windows' });
  await write(out, BOM + line(columns.map((c) => header(c, lang))));
  for await (const r of iterate(resources)) {
    const cells = resourceCells(r, lang, opts.unitName);
    const items = [...r.dataItems].sort((a, b) => a.seq - b.seq);
    const values = RESOURCE_COLUMNS.map((c) => guard(cells[c.key]));
    values.push(items.length > 0 ? JSON.stringify(items) : '');
    await write(out, line(values));
  }
  await end(out);
}

export type DecodeResult = { text: string } | { error: 'invalid_utf8' | 'invalid_encoding' };

/** UTF-8 (with or without BOM), UTF-16 with BOM, or — for a BOM-less file that is not UTF-8 — GB18030. */
export function decodeText(buf: Buffer): DecodeResult {
  const tryDecode = (enc: string, bytes: Uint8Array): string | null => {
    try {
      return new TextDecoder(enc, { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return null;
    }
  };
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    const t = tryDecode('utf-8', buf.subarray(3));
    return t === null ? { error: 'invalid_utf8' } : { text: t };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe) {
    const t = tryDecode('utf-16le', buf.subarray(2));
    return t === null ? { error: 'invalid_encoding' } : { text: t };
  }
  if (buf[0] === 0xfe && buf[1] === 0xff) {
    const t = tryDecode('utf-16be', buf.subarray(2));
    return t === null ? { error: 'invalid_encoding' } : { text: t };
  }
  const utf8 = tryDecode('utf-8', buf);
  if (utf8 !== null) return { text: utf8 };
  const gb = tryDecode('gb18030', buf);
  return gb === null ? { error: 'invalid_encoding' } : { text: gb };
}

function detectDelimiter(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', '\t', ';'].map((d) => [d, first.split(d).length - 1] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

export function readCsv(buf: Buffer, asm: CatalogAssembler, sink: IssueSink, limits: ImportLimits): void {
  const decoded = decodeText(buf);
  if ('error' in decoded) sink.fatal(decoded.error);
  const text = decoded.text;
  if (text.trim() === '') sink.fatal('empty_file');
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
      // A row can be no larger than its cells may be; an unclosed quote fails here, not in memory.
      max_record_size: limits.maxItemsCellChars + limits.maxColumns * limits.maxCellChars,
      to: limits.maxResources + 2,
    }) as string[][];
  } catch (e) {
    sink.fatal('invalid_csv', { reason: String((e as Error).message).slice(0, 200) });
  }
  const rowCells = (rec: string[], row: number, itemsCol?: number): Cells => {
    if (rec.length > limits.maxColumns) sink.fatal('too_many_columns', { sheet: CSV_SHEET, limit: limits.maxColumns }, { sheet: CSV_SHEET, row });
    const cells: Cells = new Map();
    rec.forEach((v, i) => {
      const col = i + 1;
      const max = col === itemsCol ? limits.maxItemsCellChars : limits.maxCellChars;
      if (v.length > max) {
        sink.add({ sheet: CSV_SHEET, row, column: columnLetter(col), header: null, field: null }, 'cell_too_long', { length: v.length, limit: max });
        return;
      }
      cells.set(col, unguard(v));
    });
    return cells;
  };
  if (records.length > limits.maxResources + 1) sink.fatal('too_many_rows', { sheet: CSV_SHEET, limit: limits.maxResources });
  asm.setResourceSheetName(CSV_SHEET);
  const h = readHeader(RESOURCE_COLUMNS, CSV_SHEET, rowCells(records[0] ?? [], 1), sink, [CSV_ITEMS_COLUMN]);
  const itemsCol = h.colOf.get(CSV_ITEMS_COLUMN.key);
  // Without its required columns a row cannot be read; the header issues say what to fix.
  if (h.incomplete) return;
  for (let i = 1; i < records.length; i++) {
    const rec = records[i]!;
    if (rec.every((v) => v.trim() === '')) continue;
    asm.addResourceRow(h, i + 1, rowCells(rec, i + 1, itemsCol));
  }
}
