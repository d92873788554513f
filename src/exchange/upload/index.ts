/**
 * Streaming readers of uploaded dataset files (CSV, NDJSON, JSON, XLSX) for the upload engine
 * and the upload wizard. Nothing here touches the database: files in, rows keyed by data item
 * code out, file-level problems as AppErrors, row-level ones on the row.
 */
import { previewCsv, readCsvRows } from './csv.js';
import { previewJson, readJsonRows } from './json.js';
import { previewNdjson, readNdjsonRows } from './ndjson.js';
import { DEFAULT_SAMPLE_ROWS, suggestMapping, unmappedRequired, uploadError, type InspectOptions, type InspectResult, type Preview, type SourceOptions, type SourceRow } from './source.js';
import { previewXlsx, readXlsxRows } from './xlsx.js';

export { formatFromRequest, FORMAT_MIME, XLSX_MIME } from './formats.js';
export { DEFAULT_LIMITS, UPLOAD_FILE_ERRORS, UPLOAD_ROW_PROBLEMS, suggestMapping } from './source.js';
export type { InspectOptions, InspectResult, RowProblem, SourceLimits, SourceOptions, SourceRow } from './source.js';
export type { UploadEncoding, RequestedEncoding } from '../types.js';
export { uploadMessages } from './messages.js';

/**
 * Streams the file at `path` in chunks of rows; never holds the whole file in memory. File-level
 * problems throw AppError 400 (413 for size) with a stable code and the row/line in its params;
 * a bad NDJSON line, a non-object JSON element, a CSV row with the wrong number of cells or an
 * XLSX error cell is a row `problem` instead.
 */
export function readRows(path: string, opts: SourceOptions): AsyncGenerator<SourceRow[]> {
  switch (opts.format) {
    case 'csv':
      return readCsvRows(path, opts);
    case 'ndjson':
      return readNdjsonRows(path, opts);
    case 'json':
      return readJsonRows(path, opts);
    case 'xlsx':
      return readXlsxRows(path, opts);
    default:
      throw unsupported(opts.format);
  }
}

function unsupported(format: unknown) {
  return uploadError('unsupported_format', { type: String(format) }, 415);
}

/** For the upload wizard: header, the first rows as text, the encoding and a suggested mapping. */
export async function inspectFile(path: string, opts: InspectOptions): Promise<InspectResult> {
  const n = opts.sampleRows !== undefined && Number.isInteger(opts.sampleRows) && opts.sampleRows >= 0 ? opts.sampleRows : DEFAULT_SAMPLE_ROWS;
  let p: Preview;
  switch (opts.format) {
    case 'csv':
      p = await previewCsv(path, opts.encoding, n);
      break;
    case 'ndjson':
      p = await previewNdjson(path, n);
      break;
    case 'json':
      p = await previewJson(path, n);
      break;
    case 'xlsx':
      p = await previewXlsx(path, opts.sheet, n);
      break;
    default:
      throw unsupported(opts.format);
  }
  const mapping = suggestMapping(p.columns, opts.items);
  return { columns: p.columns, sample: p.sample, encoding: p.encoding, mapping, unmappedRequired: unmappedRequired(opts.items, mapping) };
}
