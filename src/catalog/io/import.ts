/**
 * Catalog import (issue 3 §7): read the whole file, check everything, and hand back drafts only
 * when nothing at all is wrong. Each problem is located as the user sees the file (sheet, row,
 * column letter and header); whole-file problems (not a workbook, zip bomb, wrong encoding)
 * come back as one clear issue instead of an exception.
 */
import type { Readable } from 'node:stream';
import { CatalogAssembler } from './assemble.js';
import type { ImportedResource } from './cells.js';
import { readCsv } from './csv.js';
import { DEFAULT_LIMITS, ImportAbort, IssueSink, type ImportContext, type ImportIssue, type ImportLimits } from './issues.js';
import { readJson } from './json.js';
import { readAll } from './stream.js';
import { readXlsx } from './xlsx.js';

export type ImportFormat = 'xlsx' | 'csv' | 'json';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['xlsx', 'csv', 'json'];

export interface ImportResult {
  /** The drafts, in file order; empty whenever `errors` is not. */
  resources: ImportedResource[];
  errors: ImportIssue[];
}

export interface ImportOptions {
  /** Lower limits (tests) or higher ones (an operator's decision). */
  limits?: Partial<ImportLimits>;
}

export async function parseCatalogFile(
  input: Readable | Buffer,
  format: ImportFormat,
  ctx: ImportContext,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const limits: ImportLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const sink: IssueSink = new IssueSink(limits.maxIssues);
  const asm = new CatalogAssembler(ctx, sink, limits);
  try {
    const buf = await readAll(input, limits.maxFileBytes);
    if (buf === null) sink.fatal('file_too_large', { limit: limits.maxFileBytes });
    if (buf.length === 0) sink.fatal('empty_file');
    switch (format) {
      case 'xlsx':
        await readXlsx(buf, asm, sink, limits);
        break;
      case 'csv':
        readCsv(buf, asm, sink, limits);
        break;
      case 'json':
        readJson(buf, asm, sink, limits);
        break;
      default:
        throw new Error(`Unknown import format: ${String(format)}`);
    }
    const resources = asm.finish();
    return { resources: sink.count > 0 ? [] : resources, errors: sink.issues };
  } catch (e) {
    if (e instanceof ImportAbort) return { resources: [], errors: sink.issues };
    throw e;
  }
}

/** The import format for an uploaded file's name or content type; undefined when neither says. */
export function importFormatOf(fileName?: string | null, contentType?: string | null): ImportFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  if (ext === 'xlsx' || ext === 'csv' || ext === 'json') return ext;
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('spreadsheetml')) return 'xlsx';
  if (ct.includes('csv')) return 'csv';
  if (ct.includes('json')) return 'json';
  return undefined;
}
