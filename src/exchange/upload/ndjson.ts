/**
 * NDJSON uploads (one JSON object per line, UTF-8). Row = line number; blank lines are skipped
 * but counted. A line that is not valid JSON, or not an object, is a row problem — the rest of
 * the file is still read — while an unknown property stops the upload like an unknown column.
 */
import {
  EncodingFailure,
  RowBatcher,
  TextSource,
  chunkSizeOf,
  countNewlines,
  invalidEncoding,
  resolveLimits,
  rowProblem,
  rowTooLarge,
  uploadError,
  ColumnResolver,
  type Preview,
  type SourceLimits,
  type SourceOptions,
  type SourceRow,
} from './source.js';
import { ObjectMapper, isPlainObject, previewObjects } from './objects.js';

/**
 * Splits decoded text into lines and hands each non-blank line with its number to `onLine`
 * (return false to stop). Long lines are gathered piece by piece, never re-scanned.
 */
async function* lines(
  source: TextSource,
  limits: SourceLimits,
  onLine: (line: string, n: number) => boolean | void,
  flush: (final: boolean) => SourceRow[][],
): AsyncGenerator<SourceRow[]> {
  let lineNo = 1;
  let pieces: string[] = [];
  let pieceLen = 0;
  let stopped = false;
  let sawContent = false;
  const emit = (line: string) => {
    const n = lineNo++;
    const end = line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length;
    const text = end === line.length ? line : line.slice(0, end);
    if (text.length === 0 || text.trim().length === 0) return;
    sawContent = true;
    if (onLine(text, n) === false) stopped = true;
  };
  try {
    for await (const chunk of source.chunks()) {
      let start = 0;
      for (let k = chunk.indexOf('\n'); k >= 0 && !stopped; k = chunk.indexOf('\n', start)) {
        if (pieces.length > 0) {
          pieces.push(chunk.slice(start, k));
          const line = pieces.join('');
          pieces = [];
          pieceLen = 0;
          if (line.length > limits.maxRowBytes) throw rowTooLarge(lineNo, limits);
          emit(line);
        } else emit(chunk.slice(start, k));
        start = k + 1;
      }
      if (stopped) break;
      if (start < chunk.length) {
        pieces.push(chunk.slice(start));
        pieceLen += chunk.length - start;
        if (pieceLen > limits.maxRowBytes) throw rowTooLarge(lineNo, limits);
      }
      for (const c of flush(false)) yield c;
    }
    if (!stopped && pieces.length > 0) {
      const line = pieces.join('');
      pieces = [];
      emit(line);
    }
    if (!sawContent) throw uploadError('empty_file');
    for (const c of flush(true)) yield c;
  } catch (e) {
    if (e instanceof EncodingFailure) throw invalidEncoding(e, lineNo + pieces.reduce((n, t) => n + countNewlines(t), 0) + e.newlinesBefore);
    throw e;
  } finally {
    await source.close();
  }
}

export async function* readNdjsonRows(path: string, opts: SourceOptions): AsyncGenerator<SourceRow[]> {
  const limits = resolveLimits(opts.limits);
  const mapper = new ObjectMapper(new ColumnResolver(opts.items, opts.mapping), limits);
  const batch = new RowBatcher(chunkSizeOf(opts));
  const source = await TextSource.open(path, 'utf-8');
  const onLine = (text: string, row: number) => {
    if (text.length > limits.maxRowBytes / 3 && Buffer.byteLength(text) > limits.maxRowBytes) throw rowTooLarge(row, limits);
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      batch.push({ row, values: {}, problem: rowProblem('invalid_json_line') });
      return;
    }
    if (!isPlainObject(v)) {
      batch.push({ row, values: {}, problem: rowProblem('not_an_object') });
      return;
    }
    batch.push({ row, values: mapper.map(v, row, text.length) });
  };
  yield* lines(source, limits, onLine, (final) => batch.take(final));
}

/** Property names of the first objects (in order of appearance) and their values as text. */
export async function previewNdjson(path: string, sampleRows: number, limitsIn?: Partial<SourceLimits>): Promise<Preview> {
  const limits = resolveLimits(limitsIn);
  const source = await TextSource.open(path, 'utf-8');
  const objects: Record<string, unknown>[] = [];
  const onLine = (text: string) => {
    try {
      const v: unknown = JSON.parse(text);
      if (isPlainObject(v)) objects.push(v);
    } catch {
      // A bad line shows up in the batch report; the preview shows the good ones.
    }
    return objects.length < Math.max(1, sampleRows);
  };
  for await (const _ of lines(source, limits, onLine, () => [])) void _;
  return { ...previewObjects(objects, sampleRows), encoding: 'utf-8' };
}
