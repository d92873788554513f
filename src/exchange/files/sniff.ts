import { AppError } from '../../core/errors.js';
import type { ResourceFormat } from '../../catalog/model.js';
import { FILE_LIMITS } from './model.js';
import './messages.js';

/**
 * What a file really is, decided from its first bytes (magic numbers), never from what the
 * client says. The client's file name and Content-Type may only agree with it; the resource's
 * catalog format decides which kinds it accepts. Executables and scripts are always refused.
 */

export const FILE_KINDS = ['pdf', 'ofd', 'docx', 'xlsx', 'pptx', 'txt', 'csv', 'zip', 'png', 'jpeg', 'gif', 'webp', 'tiff', 'json', 'geojson', 'xml', 'mp4', 'mp3'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

interface KindInfo {
  /** Content type the platform stores and serves. */
  contentType: string;
  /** File extensions (lowercase, with the dot) that name this kind. */
  extensions: readonly string[];
  text?: boolean;
}

const ZIP_TYPE = 'application/zip';
const OOXML = 'application/vnd.openxmlformats-officedocument';

export const KINDS: Record<FileKind, KindInfo> = {
  pdf: { contentType: 'application/pdf', extensions: ['.pdf'] },
  ofd: { contentType: 'application/ofd', extensions: ['.ofd'] },
  docx: { contentType: `${OOXML}.wordprocessingml.document`, extensions: ['.docx'] },
  xlsx: { contentType: `${OOXML}.spreadsheetml.sheet`, extensions: ['.xlsx'] },
  pptx: { contentType: `${OOXML}.presentationml.presentation`, extensions: ['.pptx'] },
  zip: { contentType: ZIP_TYPE, extensions: ['.zip'] },
  txt: { contentType: 'text/plain', extensions: ['.txt', '.text'], text: true },
  csv: { contentType: 'text/csv', extensions: ['.csv'], text: true },
  json: { contentType: 'application/json', extensions: ['.json'], text: true },
  geojson: { contentType: 'application/geo+json', extensions: ['.geojson'], text: true },
  xml: { contentType: 'application/xml', extensions: ['.xml', '.kml', '.gml', '.xsd', '.rdf'], text: true },
  png: { contentType: 'image/png', extensions: ['.png'] },
  jpeg: { contentType: 'image/jpeg', extensions: ['.jpg', '.jpeg', '.jpe', '.jfif'] },
  gif: { contentType: 'image/gif', extensions: ['.gif'] },
  webp: { contentType: 'image/webp', extensions: ['.webp'] },
  tiff: { contentType: 'image/tiff', extensions: ['.tif', '.tiff'] },
  mp4: { contentType: 'video/mp4', extensions: ['.mp4', '.m4v'] },
  mp3: { contentType: 'audio/mpeg', extensions: ['.mp3'] },
};

/** Which kinds each non-tabular catalog format accepts. */
export const ALLOWED_KINDS: Record<Exclude<ResourceFormat, 'spreadsheet' | 'database'>, readonly FileKind[]> = {
  image: ['png', 'jpeg', 'gif', 'webp', 'tiff'],
  file: ['pdf', 'ofd', 'docx', 'xlsx', 'pptx', 'txt', 'csv', 'zip'],
  self_describing: ['json', 'geojson', 'xml', 'zip'],
  stream: ['mp4', 'mp3', 'json', 'zip'],
  service: ['mp4', 'mp3', 'json', 'zip'],
};

/** Declared content types (essence, lowercase) and the kinds they are consistent with. */
const DECLARED: Record<string, readonly FileKind[]> = {
  'application/pdf': ['pdf'],
  'application/ofd': ['ofd'],
  'application/x-ofd': ['ofd'],
  [KINDS.docx.contentType]: ['docx'],
  [KINDS.xlsx.contentType]: ['xlsx'],
  [KINDS.pptx.contentType]: ['pptx'],
  'application/zip': ['zip', 'docx', 'xlsx', 'pptx', 'ofd'],
  'application/x-zip-compressed': ['zip', 'docx', 'xlsx', 'pptx', 'ofd'],
  'application/x-zip': ['zip', 'docx', 'xlsx', 'pptx', 'ofd'],
  'text/plain': ['txt', 'csv', 'json', 'geojson', 'xml'],
  'text/csv': ['csv'],
  'application/csv': ['csv'],
  'text/x-csv': ['csv'],
  'text/comma-separated-values': ['csv'],
  // What browsers on Windows send for a .csv file when Excel is installed.
  'application/vnd.ms-excel': ['csv'],
  'application/json': ['json', 'geojson'],
  'text/json': ['json', 'geojson'],
  'application/geo+json': ['geojson'],
  'application/vnd.geo+json': ['geojson'],
  'application/xml': ['xml'],
  'text/xml': ['xml'],
  'application/gml+xml': ['xml'],
  'application/vnd.google-earth.kml+xml': ['xml'],
  'image/png': ['png'],
  'image/x-png': ['png'],
  'image/jpeg': ['jpeg'],
  'image/jpg': ['jpeg'],
  'image/pjpeg': ['jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/tiff': ['tiff'],
  'image/tif': ['tiff'],
  'image/x-tiff': ['tiff'],
  'image/geotiff': ['tiff'],
  'video/mp4': ['mp4'],
  'audio/mp4': ['mp4'],
  'application/mp4': ['mp4'],
  'audio/mpeg': ['mp3'],
  'audio/mp3': ['mp3'],
  'audio/mpeg3': ['mp3'],
  'audio/x-mpeg-3': ['mp3'],
};

/** Declarations that say nothing about the content (generic binary, form encodings). */
const UNINFORMATIVE = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/** Types that are never accepted whatever the content: active content a browser would run. */
const REFUSED_TYPES = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'text/javascript',
  'application/javascript',
  'application/x-javascript',
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-executable',
  'application/x-elf',
  'application/x-sh',
  'application/x-shellscript',
  'application/java-archive',
  'application/x-msi',
]);

/** Extensions that are never accepted (programs, scripts, active documents). */
const REFUSED_EXTENSIONS = new Set([
  '.exe', '.dll', '.com', '.scr', '.msi', '.msp', '.bat', '.cmd', '.ps1', '.psm1', '.vbs', '.vbe', '.js', '.mjs', '.cjs', '.jse', '.wsf', '.wsh',
  '.hta', '.cpl', '.jar', '.apk', '.app', '.sh', '.bash', '.zsh', '.csh', '.ksh', '.py', '.pl', '.rb', '.php', '.elf', '.bin', '.so', '.dylib',
  '.html', '.htm', '.xhtml', '.shtml', '.svg', '.svgz', '.lnk', '.reg', '.docm', '.xlsm', '.pptm',
]);

const EXTENSION_KIND = new Map<string, FileKind>();
for (const k of FILE_KINDS) for (const e of KINDS[k].extensions) EXTENSION_KIND.set(e, k);

/** The lowercase extension with its dot ('' when the name has none). */
export function extensionOf(name: string): string {
  const i = name.lastIndexOf('.');
  if (i <= 0 || i === name.length - 1) return '';
  return name.slice(i).toLowerCase();
}

/** 'text/CSV; charset=x' → 'text/csv'. */
export function contentTypeEssence(value: string | null | undefined): string {
  return (value ?? '').split(';')[0]!.trim().toLowerCase();
}

// ---------------------------------------------------------------- magic numbers

/** What the first bytes say, before names and declarations are considered. */
export type Magic =
  | { kind: 'binary'; type: Exclude<FileKind, 'ofd' | 'docx' | 'xlsx' | 'pptx' | 'txt' | 'csv' | 'json' | 'geojson' | 'xml'> }
  | { kind: 'text'; shape: 'json' | 'xml' | 'plain'; charset: 'utf-8' | 'gb18030'; geojson: boolean }
  | { kind: 'executable' }
  | { kind: 'active' }
  | { kind: 'empty' }
  | { kind: 'unknown' };

const startsWith = (b: Buffer, bytes: number[], at = 0) => b.length >= at + bytes.length && bytes.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function isExecutable(b: Buffer): boolean {
  return (
    startsWith(b, ascii('MZ')) || // DOS/Windows PE
    startsWith(b, [0x7f, 0x45, 0x4c, 0x46]) || // ELF
    startsWith(b, ascii('#!')) || // script with an interpreter line
    startsWith(b, [0xfe, 0xed, 0xfa, 0xce]) ||
    startsWith(b, [0xfe, 0xed, 0xfa, 0xcf]) ||
    startsWith(b, [0xce, 0xfa, 0xed, 0xfe]) ||
    startsWith(b, [0xcf, 0xfa, 0xed, 0xfe]) || // Mach-O
    startsWith(b, [0xca, 0xfe, 0xba, 0xbe]) || // Mach-O universal / Java class
    startsWith(b, [0x00, 0x61, 0x73, 0x6d]) // WebAssembly
  );
}

/** MPEG audio frame header: sync, layer II or III, a valid bitrate and sample rate. */
function isMpegAudioFrame(b: Buffer): boolean {
  if (b.length < 3 || b[0] !== 0xff || (b[1]! & 0xe0) !== 0xe0) return false;
  const version = (b[1]! >> 3) & 3;
  const layer = (b[1]! >> 1) & 3;
  const bitrate = b[2]! >> 4;
  const rate = (b[2]! >> 2) & 3;
  return version !== 1 && (layer === 1 || layer === 2) && bitrate !== 0 && bitrate !== 15 && rate !== 3;
}

/** Decodes text strictly; a head cut inside a multi-byte character may drop its last bytes. */
function decodeStrict(b: Buffer, encoding: 'utf-8' | 'gb18030', complete: boolean): string | null {
  const decoder = new TextDecoder(encoding, { fatal: true });
  for (let cut = 0; cut <= (complete ? 0 : 3) && cut < b.length; cut++) {
    try {
      return decoder.decode(cut ? b.subarray(0, b.length - cut) : b);
    } catch {
      // try with fewer trailing bytes
    }
  }
  return null;
}

// Control characters other than tab, line feed, form feed, carriage return (and DEL).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

function sniffText(b: Buffer, complete: boolean): Magic {
  let body = b;
  if (startsWith(b, [0xef, 0xbb, 0xbf])) body = b.subarray(3);
  // UTF-16 is not accepted: the platform's text is UTF-8 (or GB18030 from older systems).
  if (startsWith(b, [0xff, 0xfe]) || startsWith(b, [0xfe, 0xff])) return { kind: 'unknown' };
  let charset: 'utf-8' | 'gb18030' = 'utf-8';
  let text = decodeStrict(body, 'utf-8', complete);
  if (text === null && body === b) {
    text = decodeStrict(body, 'gb18030', complete);
    charset = 'gb18030';
  }
  if (text === null || CONTROL.test(text)) return { kind: 'unknown' };
  const lead = text.trimStart();
  if (/^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>]|iframe[\s>]|svg[\s>])/i.test(lead)) return { kind: 'active' };
  if (/^<\?xml[^>]*>\s*(<!--[\s\S]*?-->\s*)*<(svg|html)[\s>]/i.test(lead)) return { kind: 'active' };
  const first = lead.charAt(0);
  const shape = first === '{' || first === '[' ? 'json' : first === '<' ? 'xml' : 'plain';
  const geojson = shape === 'json' && /"type"\s*:\s*"(FeatureCollection|Feature)"/.test(lead);
  return { kind: 'text', shape, charset, geojson };
}

/** Reads the magic numbers of the first bytes of a file (`complete`: `head` is the whole file). */
export function sniffMagic(head: Buffer, complete: boolean): Magic {
  const b = head;
  if (b.length === 0) return { kind: 'empty' };
  if (isExecutable(b)) return { kind: 'executable' };
  if (startsWith(b, ascii('%PDF-'))) return { kind: 'binary', type: 'pdf' };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'binary', type: 'png' };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { kind: 'binary', type: 'jpeg' };
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return { kind: 'binary', type: 'gif' };
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return { kind: 'binary', type: 'webp' };
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) || startsWith(b, [0x49, 0x49, 0x2b, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2b])) {
    return { kind: 'binary', type: 'tiff' }; // classic and BigTIFF, GeoTIFF included
  }
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'binary', type: 'zip' };
  if (startsWith(b, ascii('ftyp'), 4)) return { kind: 'binary', type: 'mp4' };
  if (startsWith(b, ascii('ID3')) || isMpegAudioFrame(b)) return { kind: 'binary', type: 'mp3' };
  return sniffText(b, complete);
}

// ---------------------------------------------------------------- the check

export interface FileCheckInput {
  /** The file name (its extension must agree with the content). */
  name: string;
  /** The Content-Type the client declared (null: none). */
  declaredType: string | null;
  /** The resource's catalog format. */
  format: ResourceFormat;
}

export interface DetectedType {
  kind: FileKind;
  /** What to store and serve, with the charset for text. */
  contentType: string;
}

const refused = (key: 'exchange.file.executable' | 'exchange.file.unrecognised' | 'exchange.file.extension_refused' | 'exchange.file.declared_type_refused', params: Record<string, string> = {}) =>
  new AppError(415, 'file_type_not_allowed', key, params);

/** A label for messages: 'PNG', 'GeoJSON', … */
export function kindLabel(kind: FileKind): string {
  const labels: Partial<Record<FileKind, string>> = { geojson: 'GeoJSON', jpeg: 'JPEG', txt: 'TXT', tiff: 'TIFF' };
  return labels[kind] ?? kind.toUpperCase();
}

/** The kind the name and the content agree on, or a 415 problem. */
function kindFrom(magic: Extract<Magic, { kind: 'binary' | 'text' }>, ext: string, declared: string): FileKind {
  const extKind = EXTENSION_KIND.get(ext);
  const mismatch = (detected: string) => new AppError(415, 'content_type_mismatch', 'exchange.file.extension_mismatch', { detected, ext });
  if (magic.kind === 'binary') {
    if (magic.type === 'zip') {
      // Office Open XML, OFD and plain archives are all ZIP containers: the name tells them apart.
      if (extKind === 'docx' || extKind === 'xlsx' || extKind === 'pptx' || extKind === 'ofd' || extKind === 'zip') return extKind;
      if (extKind) throw mismatch('ZIP');
      return 'zip';
    }
    if (extKind && extKind !== magic.type) throw mismatch(kindLabel(magic.type));
    return magic.type;
  }
  const shapeLabel = magic.shape === 'json' ? 'JSON' : magic.shape === 'xml' ? 'XML' : 'TXT';
  switch (extKind) {
    case undefined:
      break;
    case 'txt':
      return 'txt';
    case 'csv':
      if (magic.shape !== 'plain') throw mismatch(shapeLabel);
      return 'csv';
    case 'json':
    case 'geojson':
      if (magic.shape !== 'json') throw mismatch(shapeLabel);
      return extKind;
    case 'xml':
      if (magic.shape !== 'xml') throw mismatch(shapeLabel);
      return 'xml';
    default:
      throw mismatch(shapeLabel);
  }
  if (magic.shape === 'json') return magic.geojson || declared === 'application/geo+json' || declared === 'application/vnd.geo+json' ? 'geojson' : 'json';
  if (magic.shape === 'xml') return 'xml';
  return DECLARED[declared]?.length === 1 && DECLARED[declared]![0] === 'csv' ? 'csv' : 'txt';
}

/**
 * Decides what an upload is from its first bytes (up to 4 KiB; `complete` when that is the whole
 * file) and checks it against the file name, the declared Content-Type and the resource format.
 * Throws 400 file_empty, 415 file_type_not_allowed or 415 content_type_mismatch.
 */
export function checkFileType(head: Buffer, complete: boolean, input: FileCheckInput): DetectedType {
  const ext = extensionOf(input.name);
  const declared = contentTypeEssence(input.declaredType);
  const magic = sniffMagic(head.subarray(0, FILE_LIMITS.sniffBytes), complete);
  if (magic.kind === 'empty') throw new AppError(400, 'file_empty', 'exchange.file.empty');
  if (magic.kind === 'executable' || magic.kind === 'active') throw refused('exchange.file.executable');
  if (REFUSED_EXTENSIONS.has(ext)) throw refused('exchange.file.extension_refused', { ext });
  if (REFUSED_TYPES.has(declared)) throw refused('exchange.file.declared_type_refused', { declared });
  if (magic.kind === 'unknown') throw refused('exchange.file.unrecognised');

  const kind = kindFrom(magic, ext, declared);
  if (!UNINFORMATIVE.has(declared)) {
    const consistent = DECLARED[declared];
    if (consistent && !consistent.includes(kind)) {
      throw new AppError(415, 'content_type_mismatch', 'exchange.file.declared_mismatch', { detected: kindLabel(kind), declared });
    }
  }
  const allowed = (ALLOWED_KINDS as Partial<Record<ResourceFormat, readonly FileKind[]>>)[input.format] ?? [];
  if (!allowed.includes(kind)) {
    throw new AppError(415, 'file_type_not_allowed', 'exchange.file.type_not_allowed', {
      format: input.format,
      detected: kindLabel(kind),
      allowed: allowed.map(kindLabel).join(', '),
    });
  }
  const info = KINDS[kind];
  const contentType = info.text && magic.kind === 'text' ? `${info.contentType}; charset=${magic.charset}` : info.contentType;
  return { kind, contentType };
}
