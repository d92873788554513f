/**
 * What every upload reader shares: the options and limits, the row shape handed to the upload
 * engine, file-level errors, column → data item mapping, and reading a file as blocks of bytes or
 * decoded text without ever holding it whole.
 */
import { open } from 'node:fs/promises';
import type { DataItem } from '../../catalog/model.js';
import { AppError } from '../../core/errors.js';
import type { RequestedEncoding, UploadEncoding, UploadFormat } from '../types.js';
import './messages.js';

export interface SourceLimits {
  /** Columns of a header row (and cells of an XLSX row). */
  maxColumns: number;
  /** UTF-8 bytes of one cell (a JSON string value). */
  maxCellBytes: number;
  /** Bytes of one record: a CSV record, an NDJSON line, a JSON array element. */
  maxRowBytes: number;
  /** Sum of the declared uncompressed sizes of an XLSX archive's parts. */
  maxXlsxUncompressedBytes: number;
  /** Uncompressed/compressed ratio above which a (large) XLSX part is taken for a zip bomb. */
  maxXlsxRatio: number;
}

export const DEFAULT_LIMITS: SourceLimits = Object.freeze({
  maxColumns: 1000,
  maxCellBytes: 2 * 1024 * 1024,
  maxRowBytes: 16 * 1024 * 1024,
  maxXlsxUncompressedBytes: 2 * 1024 * 1024 * 1024,
  maxXlsxRatio: 200,
});

export interface SourceOptions {
  format: UploadFormat;
  /** CSV only. auto: UTF-8 BOM → utf-8; else the first 64 KiB decode as UTF-8 → utf-8; otherwise gb18030. */
  encoding?: RequestedEncoding;
  items: DataItem[];
  /**
   * File column (header text / JSON property) → item code, or null to ignore that column.
   * Unlisted columns match an item by code, then by item name (exact, trimmed); unmatched →
   * error 'unknown_columns' listing them.
   */
  mapping?: Record<string, string | null>;
  /** Item codes whose column must be present (CSV/XLSX header) → else error 'missing_columns'. */
  requiredColumns?: string[];
  /** XLSX: sheet name; default the first visible worksheet. */
  sheet?: string;
  limits?: Partial<SourceLimits>;
  /** Rows per yielded chunk (default 1000). */
  chunkSize?: number;
}

export interface RowProblem {
  code: string;
  messageKey: string;
  params: Record<string, string | number>;
}

export interface SourceRow {
  /** CSV: starting line of the record (header = 1); XLSX: worksheet row; NDJSON: line; JSON: element index + 1. */
  row: number;
  /** Cell values keyed by data item code (absent: not in the file / empty XLSX cell). */
  values: Record<string, unknown>;
  problem?: RowProblem;
}

export interface InspectOptions {
  format: UploadFormat;
  encoding?: RequestedEncoding;
  sheet?: string;
  items: DataItem[];
  sampleRows?: number;
}

export interface InspectResult {
  columns: string[];
  sample: string[][];
  encoding: UploadEncoding | null;
  mapping: Record<string, string | null>;
  unmappedRequired: string[];
}

/** What a format reader returns to inspectFile (the mapping is added by index.ts). */
export interface Preview {
  columns: string[];
  sample: string[][];
  encoding: UploadEncoding | null;
}

export const DEFAULT_CHUNK_SIZE = 1000;
export const DEFAULT_SAMPLE_ROWS = 5;

export function resolveLimits(limits: Partial<SourceLimits> | undefined): SourceLimits {
  return limits ? { ...DEFAULT_LIMITS, ...limits } : DEFAULT_LIMITS;
}

export function chunkSizeOf(opts: { chunkSize?: number }): number {
  const n = opts.chunkSize;
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : DEFAULT_CHUNK_SIZE;
}

// ---- errors

/** Codes of file-level problems (AppError.code), each with message `exchange.upload.<code>`. */
export const UPLOAD_FILE_ERRORS = [
  'unsupported_format',
  'empty_file',
  'invalid_encoding',
  'unterminated_quote',
  'invalid_quote',
  'too_many_columns',
  'cell_too_large',
  'row_too_large',
  'unknown_columns',
  'missing_columns',
  'duplicate_columns',
  'invalid_mapping',
  'not_xlsx',
  'xlsx_encrypted',
  'xlsx_too_large',
  'zip_bomb',
  'sheet_not_found',
  'xlsx_unreadable',
  'invalid_json',
  'truncated_json',
  'json_not_array',
] as const;
/** Codes of row-level problems (SourceRow.problem.code). */
export const UPLOAD_ROW_PROBLEMS = ['column_count', 'invalid_json_line', 'not_an_object', 'cell_error'] as const;

/** A file-level problem: 400 (413 when something is too large) with a stable code. */
export function uploadError(code: string, params: Record<string, string | number> = {}, status = 400): AppError {
  return new AppError(status, code, `exchange.upload.${code}`, params);
}

export function rowProblem(code: string, params: Record<string, string | number> = {}): RowProblem {
  return { code, messageKey: `exchange.upload.${code}`, params };
}

export function cellTooLarge(row: number, column: string, limits: SourceLimits): AppError {
  return uploadError('cell_too_large', { row, column: column.slice(0, 100), limit: limits.maxCellBytes }, 413);
}

export function rowTooLarge(row: number, limits: SourceLimits): AppError {
  return uploadError('row_too_large', { row, limit: limits.maxRowBytes }, 413);
}

/** Exact UTF-8 size check that only measures when the character count makes it possible. */
export function overBytes(s: string, limit: number): boolean {
  // A UTF-16 unit takes 1..3 UTF-8 bytes, so length bounds the size from both sides.
  if (s.length > limit) return true;
  if (s.length * 3 <= limit) return false;
  return Buffer.byteLength(s, 'utf8') > limit;
}

// ---- columns → data items

const listText = (names: string[]): string => {
  const shown = names.slice(0, 20).map((n) => (n.length > 60 ? `${n.slice(0, 60)}…` : n));
  return shown.join(', ') + (names.length > shown.length ? ', …' : '');
};

/**
 * Resolves file columns to data item codes by the rules of `SourceOptions.mapping`. Header
 * formats resolve their whole header at once (`planHeader`); JSON formats resolve property names
 * as they appear (`resolve`, cached).
 */
export class ColumnResolver {
  private readonly byCode = new Map<string, DataItem>();
  private readonly byName = new Map<string, DataItem>();
  private readonly cache = new Map<string, string | null>();
  private readonly mapping: Record<string, string | null>;

  constructor(
    readonly items: DataItem[],
    mapping: Record<string, string | null> | undefined,
  ) {
    for (const it of items) {
      if (!this.byCode.has(it.code)) this.byCode.set(it.code, it);
      const name = it.name.trim();
      if (name !== '' && !this.byName.has(name)) this.byName.set(name, it);
    }
    this.mapping = mapping ?? {};
    for (const [column, target] of Object.entries(this.mapping)) {
      if (target !== null && (typeof target !== 'string' || !this.byCode.has(target)))
        throw uploadError('invalid_mapping', { column: column.slice(0, 100), item: String(target).slice(0, 100) });
    }
  }

  /** The item code of a column name, null when ignored, undefined when nothing matches. */
  resolve(column: string): string | null | undefined {
    const hit = this.cache.get(column);
    if (hit !== undefined || this.cache.has(column)) return hit;
    const r = this.lookup(column);
    if (r !== undefined && this.cache.size < 10_000) this.cache.set(column, r);
    return r;
  }

  private lookup(column: string): string | null | undefined {
    if (Object.hasOwn(this.mapping, column)) return this.mapping[column]!;
    const name = column.trim();
    if (name !== column && Object.hasOwn(this.mapping, name)) return this.mapping[name]!;
    if (name === '') return null;
    return this.byCode.get(name)?.code ?? this.byName.get(name)?.code;
  }

  /**
   * Item code (or null) for each header column. Throws unknown_columns, duplicate_columns or
   * missing_columns. A column without a header text carries nothing to map and is ignored.
   */
  planHeader(columns: string[], requiredColumns: string[] | undefined): (string | null)[] {
    const codes: (string | null)[] = new Array(columns.length);
    const unknown: string[] = [];
    const taken = new Map<string, string>();
    for (let j = 0; j < columns.length; j++) {
      const col = columns[j]!;
      const code = this.resolve(col);
      if (code === undefined) {
        unknown.push(col);
        codes[j] = null;
        continue;
      }
      codes[j] = code;
      if (code === null) continue;
      const other = taken.get(code);
      if (other !== undefined) throw this.duplicate(other, col, code);
      taken.set(code, col);
    }
    if (unknown.length > 0) throw uploadError('unknown_columns', { count: unknown.length, columns: listText(unknown) });
    if (requiredColumns && requiredColumns.length > 0) {
      const missing = requiredColumns.filter((c) => !taken.has(c));
      if (missing.length > 0) throw this.missing(missing);
    }
    return codes;
  }

  duplicate(column: string, other: string, code: string): AppError {
    return uploadError('duplicate_columns', { column: column.slice(0, 100), other: other.slice(0, 100), item: this.label(code) });
  }

  missing(codes: string[]): AppError {
    return uploadError('missing_columns', { columns: listText(codes.map((c) => this.label(c))) });
  }

  private label(code: string): string {
    const it = this.byCode.get(code);
    return it && it.name.trim() !== '' && it.name.trim() !== code ? `${it.name.trim()} (${code})` : code;
  }
}

/** For the wizard: code, then name, ignoring case and spaces; each item taken once. */
export function suggestMapping(columns: string[], items: DataItem[]): Record<string, string | null> {
  const norm = (s: string) => s.replace(/[\s\u3000\ufeff]+/g, '').toLowerCase();
  const byCode = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const it of items) {
    const c = norm(it.code);
    if (c !== '' && !byCode.has(c)) byCode.set(c, it.code);
    const n = norm(it.name);
    if (n !== '' && !byName.has(n)) byName.set(n, it.code);
  }
  const out: Record<string, string | null> = {};
  const used = new Set<string>();
  // Exact code matches first, so a column named like another item's name cannot steal its item.
  const pass = (lookup: Map<string, string>) => {
    for (const col of columns) {
      if (Object.hasOwn(out, col) && out[col] !== null) continue;
      const code = lookup.get(norm(col));
      if (code !== undefined && !used.has(code)) {
        out[col] = code;
        used.add(code);
      } else if (!Object.hasOwn(out, col)) out[col] = null;
    }
  };
  pass(byCode);
  pass(byName);
  return out;
}

/** Required/key item codes no column of `mapping` provides. */
export function unmappedRequired(items: DataItem[], mapping: Record<string, string | null>): string[] {
  const mapped = new Set(Object.values(mapping).filter((v): v is string => v !== null));
  return items.filter((it) => (it.required || it.isKey) && !mapped.has(it.code)).map((it) => it.code);
}

// ---- reading files

/**
 * Bytes read per block. Mutable only so tests can cut files into tiny blocks and hit every
 * boundary case (a character, a quote pair, a CRLF or an escape split between two blocks).
 */
export const readerTuning = { blockSize: 256 * 1024 };

/** The file as blocks of bytes (each a fresh buffer), read sequentially. */
export async function* readBlocks(path: string, blockSize = readerTuning.blockSize): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(blockSize);
      const { bytesRead } = await fh.read(buf, 0, blockSize, null);
      if (bytesRead === 0) return;
      yield bytesRead === blockSize ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/** Thrown by TextSource when bytes do not decode; the reader turns it into invalid_encoding at its line. */
export class EncodingFailure extends Error {
  constructor(
    readonly encoding: UploadEncoding,
    /** Line breaks in the decoded text before the bad bytes that the reader has not seen yet. */
    readonly newlinesBefore: number,
  ) {
    super(`invalid ${encoding}`);
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const DETECT_BYTES = 64 * 1024;
const STREAM = { stream: true } as const;

export function detectEncoding(head: Uint8Array): UploadEncoding {
  if (head.length >= 3 && head[0] === UTF8_BOM[0] && head[1] === UTF8_BOM[1] && head[2] === UTF8_BOM[2]) return 'utf-8';
  try {
    // stream: a character cut at the 64 KiB boundary is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, DETECT_BYTES), STREAM);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/**
 * A text file decoded block by block (fatal: invalid bytes throw EncodingFailure). A leading BOM
 * is dropped. `close()` releases the file when the text was not read to the end.
 */
export class TextSource {
  private constructor(
    readonly encoding: UploadEncoding,
    /** The blocks read to detect the encoding, decoded first. */
    private readonly head: Uint8Array[],
    private readonly blocks: AsyncGenerator<Uint8Array>,
  ) {}

  /** Opens `path`; empty_file when it has no bytes at all. */
  static async open(path: string, requested: RequestedEncoding): Promise<TextSource> {
    const blocks = readBlocks(path);
    // Enough of the head to detect the encoding (one block unless blocks are tiny).
    const head: Uint8Array[] = [];
    let size = 0;
    try {
      while (size < DETECT_BYTES) {
        const b = await blocks.next();
        if (b.done) break;
        head.push(b.value);
        size += b.value.length;
      }
    } catch (e) {
      await blocks.return(undefined);
      throw e;
    }
    if (size === 0) {
      await blocks.return(undefined);
      throw uploadError('empty_file');
    }
    const encoding = requested === 'auto' ? detectEncoding(head.length === 1 ? head[0]! : Buffer.concat(head)) : requested;
    return new TextSource(encoding, head, blocks);
  }

  async *chunks(): AsyncGenerator<string> {
    const decoder = new TextDecoder(this.encoding, { fatal: true });
    let first = true;
    const decode = (bytes: Uint8Array, final: boolean): string => {
      try {
        return final ? decoder.decode() : decoder.decode(bytes, STREAM);
      } catch {
        throw new EncodingFailure(this.encoding, final ? 0 : newlinesBeforeInvalid(bytes, this.encoding));
      }
    };
    const stripBom = (s: string) => (first && s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);
    const text = (bytes: Uint8Array, final: boolean): string => {
      const s = stripBom(decode(bytes, final));
      if (s.length > 0) first = false;
      return s;
    };
    try {
      for (const block of this.head) {
        const s = text(block, false);
        if (s.length > 0) yield s;
      }
      for (;;) {
        const b = await this.blocks.next();
        if (b.done) break;
        const s = text(b.value, false);
        if (s.length > 0) yield s;
      }
      const s = text(new Uint8Array(0), true);
      if (s.length > 0) yield s;
    } finally {
      await this.blocks.return(undefined);
    }
  }

  async close(): Promise<void> {
    await this.blocks.return(undefined);
  }
}

/** Line breaks before the first undecodable byte of `bytes` (found by bisecting on prefixes). */
function newlinesBeforeInvalid(bytes: Uint8Array, encoding: UploadEncoding): number {
  let lo = 0; // prefix length known to decode
  let hi = bytes.length; // prefix length known to fail
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, mid), STREAM);
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  let n = 0;
  for (let i = 0; i < lo; i++) if (bytes[i] === 10) n++;
  return n;
}

export function countNewlines(s: string): number {
  let n = 0;
  for (let k = s.indexOf('\n'); k >= 0; k = s.indexOf('\n', k + 1)) n++;
  return n;
}

export function invalidEncoding(e: EncodingFailure, row: number): AppError {
  return uploadError('invalid_encoding', { row, encoding: e.encoding === 'utf-8' ? 'UTF-8' : 'GB18030' });
}

/** Collects rows into chunks of `size` for the generator to hand over. */
export class RowBatcher {
  private cur: SourceRow[] = [];
  readonly ready: SourceRow[][] = [];
  constructor(private readonly size: number) {}

  push(r: SourceRow): void {
    this.cur.push(r);
    if (this.cur.length >= this.size) {
      this.ready.push(this.cur);
      this.cur = [];
    }
  }

  /** Takes the full chunks (and, at the end, the partial one). */
  take(final: boolean): SourceRow[][] {
    if (final && this.cur.length > 0) {
      this.ready.push(this.cur);
      this.cur = [];
    }
    return this.ready.splice(0, this.ready.length);
  }
}
