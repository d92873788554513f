import { translate } from '../../core/i18n.js';
import type { Label } from '../model.js';
import type { ValidationContext } from '../validate.js';
import './messages.js';
import '../messages.js';

/**
 * One problem found in an import file, located the way the user sees the file: the sheet tab,
 * the row number Excel shows (1 = header row), the column letter and its header text.
 */
export interface ImportIssue {
  /** Sheet name as in the file ('信息资源', '信息项'), 'CSV' or 'JSON'; null for a problem with the whole file. */
  sheet: string | null;
  /** 1-based row as a spreadsheet shows it (CSV: header = 1; JSON: position of the resource in the array). */
  row: number | null;
  /** Column letter ('E'); null when the problem is not about one cell. */
  column: string | null;
  /** Header text of that column ('提供方内设机构'). */
  header: string | null;
  /** ResourceInput path ('providerDepartment', 'dataItems.2.length'); null for file-level problems. */
  field: string | null;
  /** Stable machine code ('invalid_code_value', 'legal_basis_required', 'zip_too_large' …). */
  code: string;
  /** zh-CN message. */
  message: string;
  messageEn: string;
}

/** Lookups an import needs to turn names into ids; all synchronous (load the small tables first). */
export interface ImportContext extends ValidationContext {
  /** A classification by its code ('A01') or exact name. */
  findClassification(codeOrName: string): { id: string; code: string; name: string } | null;
  /** A unit by id, unified social credit code, full name or short name. */
  findUnit(text: string): { id: string; name: string } | null;
}

/** Builds an ImportContext from plain lists (what the backend loads before an import, and what tests pass). */
export function createImportContext(data: {
  classifications: readonly { id: string; code: string; name: string }[];
  units: readonly { id: string; name: string; code?: string | null; shortName?: string | null }[];
  elementCodes: Iterable<string>;
}): ImportContext {
  const cls = new Map<string, { id: string; code: string; name: string }>();
  const clsById = new Set<string>();
  for (const c of data.classifications) {
    clsById.add(c.id);
    cls.set(`code:${c.code}`, c);
    if (!cls.has(`name:${c.name}`)) cls.set(`name:${c.name}`, c);
  }
  const units = new Map<string, { id: string; name: string }>();
  const unitIds = new Set<string>();
  for (const u of data.units) {
    const v = { id: u.id, name: u.name };
    unitIds.add(u.id);
    for (const k of [u.id, u.code, u.name, u.shortName]) if (k && !units.has(k)) units.set(k, v);
  }
  const elements = new Set(data.elementCodes);
  return {
    unitExists: (id) => unitIds.has(id),
    classificationExists: (id) => clsById.has(id),
    elementExists: (code) => elements.has(code),
    findClassification: (t) => cls.get(`code:${t.trim()}`) ?? cls.get(`name:${t.trim()}`) ?? null,
    findUnit: (t) => units.get(t.trim()) ?? null,
  };
}

export interface ImportLimits {
  /** Bytes of the uploaded file. */
  maxFileBytes: number;
  /** Sum of the uncompressed sizes of the parts of an XLSX. */
  maxUncompressedBytes: number;
  /** Uncompressed size of any one XLSX part. */
  maxEntryBytes: number;
  maxZipEntries: number;
  maxResources: number;
  maxItems: number;
  maxColumns: number;
  /** Characters in one cell (Excel itself stops at 32,767). */
  maxCellChars: number;
  /** Characters of the CSV data-items JSON column (one resource's items). */
  maxItemsCellChars: number;
  /** Issues reported before the import stops looking. */
  maxIssues: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxFileBytes: 200 * 2 ** 20,
  maxUncompressedBytes: 1024 * 2 ** 20,
  maxEntryBytes: 768 * 2 ** 20,
  maxZipEntries: 1000,
  maxResources: 20_000,
  maxItems: 500_000,
  maxColumns: 100,
  maxCellChars: 32_767,
  maxItemsCellChars: 4 * 2 ** 20,
  maxIssues: 1000,
};

export type Params = Record<string, string | number | Label>;

export interface Location {
  sheet: string | null;
  row: number | null;
  column: string | null;
  /** Header text as the file shows it. */
  header: string | null;
  field: string | null;
}

/** Thrown to stop reading a file that cannot or should not be read any further. */
export class ImportAbort extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function pick(params: Params, lang: 'zh-CN' | 'en'): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) out[k] = typeof v === 'object' ? (lang === 'en' ? v.en : v.zh) : v;
  return out;
}

/** Collects issues (both languages), remembers which cells already have one, and stops at the cap. */
export class IssueSink {
  readonly issues: ImportIssue[] = [];
  private readonly flagged = new Set<string>();

  constructor(private readonly maxIssues: number) {}

  get count(): number {
    return this.issues.length;
  }

  /** messageKey defaults to 'catalog.import.<code>'. */
  add(loc: Location, code: string, params: Params = {}, messageKey = `catalog.import.${code}`): void {
    if (this.issues.length >= this.maxIssues) {
      this.issues.push(this.make({ sheet: null, row: null, column: null, header: null, field: null }, 'too_many_errors', { limit: this.maxIssues }, 'catalog.import.too_many_errors'));
      throw new ImportAbort('too_many_errors');
    }
    for (const k of flagKeys(loc)) this.flagged.add(k);
    this.issues.push(this.make(loc, code, params, messageKey));
  }

  /** A whole-file problem: recorded, then reading stops. */
  fatal(code: string, params: Params = {}, loc: Partial<Location> = {}): never {
    this.issues.push(this.make({ sheet: null, row: null, column: null, header: null, field: null, ...loc }, code, params, `catalog.import.${code}`));
    throw new ImportAbort(code);
  }

  /** Whether a cell already carries an issue (validation then need not repeat it). */
  hasIssueAt(loc: Location): boolean {
    return this.flagged.has(loc.column !== null ? cellKey(loc) : fieldKey(loc, loc.field ?? ''));
  }

  private make(loc: Location, code: string, params: Params, messageKey: string): ImportIssue {
    return {
      sheet: loc.sheet,
      row: loc.row,
      column: loc.column,
      header: loc.header,
      field: loc.field,
      code,
      message: translate(messageKey, 'zh-CN', pick(params, 'zh-CN')),
      messageEn: translate(messageKey, 'en', pick(params, 'en')),
    };
  }
}

const cellKey = (l: Location) => `${l.sheet}\u0000${l.row}\u0000${l.column}`;
const fieldKey = (l: Location, field: string) => `${l.sheet}\u0000${l.row}\u0000f:${field}`;

/**
 * A cell, or for JSON a field and its ancestors ('sharingScope.unitIds.2' also covers 'sharingScope'),
 * so validation does not repeat what parsing already said. 'dataItems' and 'dataItems.N' are not
 * covered: a rule about the whole list (a key item is required) is still worth saying.
 */
function flagKeys(l: Location): string[] {
  if (l.column !== null) return [cellKey(l)];
  if (l.field === null) return [];
  const parts = l.field.split('.');
  const keys: string[] = [];
  for (let n = parts.length; n > 0; n--) {
    const f = parts.slice(0, n).join('.');
    if (n < parts.length && /^dataItems(\.\d+)?$/.test(f)) break;
    keys.push(fieldKey(l, f));
  }
  return keys;
}
