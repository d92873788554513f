/**
 * CSV uploads (RFC 4180): the first record is the header, every later record one row.
 *
 * The parser is hand-written rather than csv-parse: csv-parse walks bytes through several
 * function calls per character and tops out near 165,000 rows/s on 10 short columns here (and
 * ~110,000 with line info), while uploads of 1,000,000 rows need well over twice that. This one
 * scans decoded text with charCodeAt/indexOf, slices fields out of the block (no per-character
 * work beyond the scan), reuses one field array, and only allocates the row object and its
 * strings. Semantics follow csv-parse with { bom: true, relax_quotes: true }: a quote inside an
 * unquoted field is literal, "" inside a quoted field is one quote, a quoted field may span lines,
 * CRLF/LF/CR end a record; text after a closing quote is an error, and so is a quote left open.
 *
 * Row numbers are the line a record starts on (header = 1), so a cell spanning lines does not
 * shift the rows after it; blank lines are skipped but counted.
 */
import {
  ColumnResolver,
  EncodingFailure,
  RowBatcher,
  TextSource,
  cellTooLarge,
  chunkSizeOf,
  countNewlines,
  invalidEncoding,
  overBytes,
  resolveLimits,
  rowProblem,
  rowTooLarge,
  uploadError,
  type Preview,
  type SourceLimits,
  type SourceOptions,
  type SourceRow,
} from './source.js';
import type { RequestedEncoding } from '../types.js';

const QUOTE = 34;
const CR = 13;
const LF = 10;
const COMMA = 44;
const TAB = 9;
const SEMICOLON = 59;

/**
 * Receives each record's fields (a reused array: copy what you keep) and the line it started on.
 * Returns false to stop parsing.
 */
export type RecordHandler = (fields: string[], row: number) => boolean | void;

export class CsvParser {
  /** Line on which the next record starts. */
  line = 1;
  stopped = false;
  private readonly fields: string[] = [];

  constructor(
    private readonly delimiter: number,
    private readonly limits: SourceLimits,
    private readonly onRecord: RecordHandler,
  ) {}

  /**
   * Parses every complete record of `s` and returns where the unparsed rest begins (a record cut
   * by the end of the block). With `final` the end of `s` is the end of the file.
   */
  parse(s: string, final: boolean): number {
    const n = s.length;
    const delim = this.delimiter;
    const fields = this.fields;
    const maxRowChars = Math.floor(this.limits.maxRowBytes / 3);
    let p = 0;
    while (p < n && !this.stopped) {
      const recStart = p;
      const startLine = this.line;
      let extraLines = 0;
      fields.length = 0;
      for (;;) {
        let field: string;
        let c: number;
        if (s.charCodeAt(p) === QUOTE) {
          let acc: string | null = null;
          let seg = p + 1;
          let k: number;
          for (;;) {
            k = s.indexOf('"', seg);
            if (k < 0 || (k + 1 >= n && !final)) {
              if (!final) return recStart;
              throw uploadError('unterminated_quote', { row: startLine });
            }
            if (s.charCodeAt(k + 1) === QUOTE) {
              acc = acc === null ? s.slice(p + 1, k + 1) : acc + s.slice(seg, k + 1);
              seg = k + 2;
              continue;
            }
            break;
          }
          field = acc === null ? s.slice(p + 1, k) : acc + s.slice(seg, k);
          if (field.indexOf('\n') >= 0) extraLines += countNewlines(field);
          p = k + 1;
          c = p < n ? s.charCodeAt(p) : -1;
          if (c !== delim && c !== LF && c !== CR && c !== -1) throw uploadError('invalid_quote', { row: startLine + extraLines });
        } else {
          let i = p;
          c = -1;
          for (; i < n; i++) {
            c = s.charCodeAt(i);
            if (c === delim || c === LF || c === CR) break;
          }
          if (i >= n) {
            if (!final) return recStart;
            c = -1;
          }
          field = s.slice(p, i);
          p = i;
        }
        fields.push(field);
        if (c === delim) {
          p++;
          continue;
        }
        if (c === CR) {
          if (p + 1 >= n && !final) return recStart;
          p++;
          if (p < n && s.charCodeAt(p) === LF) p++;
        } else if (c === LF) p++;
        break;
      }
      if (p - recStart > maxRowChars && overBytes(s.slice(recStart, p), this.limits.maxRowBytes)) throw rowTooLarge(startLine, this.limits);
      this.line = startLine + 1 + extraLines;
      if (this.onRecord(fields, startLine) === false) this.stopped = true;
    }
    return p;
  }
}

/** Comma, unless the header line has none but has tabs (or semicolons). */
export function detectDelimiter(firstLine: string): number {
  if (firstLine.indexOf(',') >= 0) return COMMA;
  if (firstLine.indexOf('\t') >= 0) return TAB;
  if (firstLine.indexOf(';') >= 0) return SEMICOLON;
  return COMMA;
}

const isBlankRecord = (fields: string[]): boolean => {
  for (let j = 0; j < fields.length; j++) if (fields[j]!.length !== 0) return false;
  return true;
};

/**
 * Drives a CsvParser over a decoded file. A record cut by a block boundary is parsed again once
 * at least as much new text has arrived as was left over, so a huge record costs linear time.
 */
async function* parseText(
  source: TextSource,
  limits: SourceLimits,
  makeParser: (delimiter: number) => CsvParser,
  flush: (final: boolean) => SourceRow[][],
): AsyncGenerator<SourceRow[]> {
  let parser: CsvParser | null = null;
  let leftover = '';
  let parts: string[] = [];
  let partsLen = 0;
  const run = (final: boolean) => {
    const s = parts.length === 0 ? leftover : leftover + (parts.length === 1 ? parts[0]! : parts.join(''));
    parts = [];
    partsLen = 0;
    if (parser === null) {
      const eol = s.search(/[\r\n]/);
      if (eol < 0 && !final && s.length <= limits.maxRowBytes) {
        leftover = s;
        return;
      }
      parser = makeParser(detectDelimiter(eol < 0 ? s : s.slice(0, eol)));
    }
    const p = parser.parse(s, final);
    leftover = p >= s.length ? '' : s.slice(p);
    if (!final && !parser.stopped && leftover.length > limits.maxRowBytes) throw rowTooLarge(parser.line, limits);
  };
  try {
    for await (const text of source.chunks()) {
      parts.push(text);
      partsLen += text.length;
      if (partsLen < leftover.length) continue;
      run(false);
      for (const chunk of flush(false)) yield chunk;
      if ((parser as CsvParser | null)?.stopped) return;
    }
    run(true);
    for (const chunk of flush(true)) yield chunk;
  } catch (e) {
    if (e instanceof EncodingFailure) {
      const at = (parser as CsvParser | null)?.line ?? 1;
      throw invalidEncoding(e, at + countNewlines(leftover) + parts.reduce((n, t) => n + countNewlines(t), 0) + e.newlinesBefore);
    }
    throw e;
  } finally {
    await source.close();
  }
}

/** Header → item codes, then each record → a SourceRow. */
export async function* readCsvRows(path: string, opts: SourceOptions): AsyncGenerator<SourceRow[]> {
  const limits = resolveLimits(opts.limits);
  const resolver = new ColumnResolver(opts.items, opts.mapping);
  const batch = new RowBatcher(chunkSizeOf(opts));
  const source = await TextSource.open(path, opts.encoding ?? 'auto');
  const cellChars = Math.floor(limits.maxCellBytes / 3);
  let codes: (string | null)[] | null = null;
  let header: string[] = [];
  let ncols = 0;
  let sawHeader = false;

  const onRecord: RecordHandler = (fields, row) => {
    if (codes === null) {
      if (isBlankRecord(fields)) return;
      header = readHeader(fields, row, limits);
      codes = resolver.planHeader(header, opts.requiredColumns);
      ncols = header.length;
      sawHeader = true;
      return;
    }
    const nf = fields.length;
    if (nf !== ncols) {
      if (isBlankRecord(fields)) return;
      batch.push({ row, values: {}, problem: rowProblem('column_count', { expected: ncols, actual: nf }) });
      return;
    }
    const values: Record<string, unknown> = {};
    let any = false;
    for (let j = 0; j < nf; j++) {
      const v = fields[j]!;
      if (v.length !== 0) {
        any = true;
        if (v.length > cellChars && overBytes(v, limits.maxCellBytes)) throw cellTooLarge(row, header[j]!, limits);
      }
      const code = codes[j];
      if (code !== null) values[code] = v;
    }
    if (any) batch.push({ row, values });
  };

  yield* parseText(source, limits, (d) => new CsvParser(d, limits, onRecord), (final) => {
    if (final && !sawHeader) throw uploadError('empty_file');
    return batch.take(final);
  });
}

function readHeader(fields: string[], row: number, limits: SourceLimits): string[] {
  if (fields.length > limits.maxColumns) throw uploadError('too_many_columns', { row, count: fields.length, limit: limits.maxColumns });
  return fields.map((f, j) => {
    const name = (j === 0 && f.charCodeAt(0) === 0xfeff ? f.slice(1) : f).trim();
    if (overBytes(name, limits.maxCellBytes)) throw cellTooLarge(row, name.slice(0, 50), limits);
    return name;
  });
}

/** Header and the first `sampleRows` non-blank records, as text; reads no further. */
export async function previewCsv(path: string, encoding: RequestedEncoding | undefined, sampleRows: number, limitsIn?: Partial<SourceLimits>): Promise<Preview> {
  const limits = resolveLimits(limitsIn);
  const source = await TextSource.open(path, encoding ?? 'auto');
  let columns: string[] | null = null;
  const sample: string[][] = [];
  const onRecord: RecordHandler = (fields, row) => {
    if (isBlankRecord(fields)) return;
    if (columns === null) {
      columns = readHeader(fields, row, limits);
      return sampleRows > 0;
    }
    sample.push(fields.slice());
    return sample.length < sampleRows;
  };
  for await (const _ of parseText(source, limits, (d) => new CsvParser(d, limits, onRecord), () => [])) void _;
  if (columns === null) throw uploadError('empty_file');
  return { columns, sample, encoding: source.encoding };
}
