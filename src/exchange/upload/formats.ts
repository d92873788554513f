/**
 * Which reader an uploaded file goes to: an explicit `format`, else the Content-Type, else (for
 * application/octet-stream or no type) the file name's extension.
 */
import { AppError } from '../../core/errors.js';
import { UPLOAD_FORMATS, type UploadFormat } from '../types.js';
import './messages.js';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Content types (without parameters, lower case) and the format they carry. */
export const CONTENT_TYPES: Readonly<Record<string, UploadFormat>> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/comma-separated-values': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/x-jsonlines': 'ndjson',
  'application/jsonlines': 'ndjson',
  'application/json': 'json',
  'text/json': 'json',
  [XLSX_MIME]: 'xlsx',
};

const EXTENSIONS: Readonly<Record<string, UploadFormat>> = {
  csv: 'csv',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  json: 'json',
  xlsx: 'xlsx',
};

/** The media type of each format (for responses and stored uploads). */
export const FORMAT_MIME: Readonly<Record<UploadFormat, string>> = {
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
  json: 'application/json',
  xlsx: XLSX_MIME,
};

function unsupported(type: string): AppError {
  return new AppError(415, 'unsupported_format', 'exchange.upload.unsupported_format', { type: type.slice(0, 200) });
}

export function isUploadFormat(v: string): v is UploadFormat {
  return (UPLOAD_FORMATS as readonly string[]).includes(v);
}

/**
 * The format of an upload. `explicit` (query `format`) wins; it may be a format name, an
 * extension ('jsonl') or a media type. Generic types (application/octet-stream, none) fall back
 * to the file name's extension. Anything else: 415 unsupported_format.
 */
export function formatFromRequest(contentType: string | undefined, fileName: string | undefined, explicit?: string): UploadFormat {
  if (explicit !== undefined && explicit.trim() !== '') {
    const e = explicit.trim().toLowerCase();
    const f = isUploadFormat(e) ? e : (EXTENSIONS[e.replace(/^\./, '')] ?? CONTENT_TYPES[mediaType(e)]);
    if (f) return f;
    throw unsupported(explicit);
  }
  const type = contentType === undefined ? '' : mediaType(contentType);
  const byType = Object.hasOwn(CONTENT_TYPES, type) ? CONTENT_TYPES[type] : undefined;
  if (byType) return byType;
  if (type === '' || type === 'application/octet-stream' || type === 'binary/octet-stream') {
    const byName = fileName === undefined ? undefined : extensionFormat(fileName);
    if (byName) return byName;
    throw unsupported(fileName ? fileName : type || 'application/octet-stream');
  }
  throw unsupported(contentType ?? '');
}

function mediaType(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

function extensionFormat(fileName: string): UploadFormat | undefined {
  const base = fileName.replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = base.slice(dot + 1).trim().toLowerCase();
  return Object.hasOwn(EXTENSIONS, ext) ? EXTENSIONS[ext] : undefined;
}
