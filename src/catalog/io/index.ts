/**
 * Catalog import and export (issue 3 §7): XLSX in the catalog-compilation layout, CSV, JSON,
 * and DCAT-AP 3 JSON-LD. The public surface of src/catalog/io.
 */
import type { Resource } from '../model.js';
import { CSV_CONTENT_TYPE, exportCsv } from './csv.js';
import { DCAT_CONTENT_TYPE, exportDcat } from './dcat.js';
import { JSON_CONTENT_TYPE, exportJson } from './json.js';
import type { ExportOptions } from './stream.js';
import { XLSX_CONTENT_TYPE, exportXlsx } from './xlsx.js';

export type ExportFormat = 'xlsx' | 'csv' | 'json' | 'dcat';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['xlsx', 'csv', 'json', 'dcat'];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: XLSX_CONTENT_TYPE,
  csv: CSV_CONTENT_TYPE,
  json: JSON_CONTENT_TYPE,
  dcat: DCAT_CONTENT_TYPE,
};

export const FILE_EXTENSIONS: Record<ExportFormat, string> = {
  xlsx: '.xlsx',
  csv: '.csv',
  json: '.json',
  dcat: '.jsonld',
};

/**
 * Writes the catalog to `out` in `format` and ends `out`. Streams: resources are consumed one at
 * a time, so pass an async iterable (e.g. pages from the store) for large catalogs.
 */
export async function exportCatalog(
  resources: AsyncIterable<Resource> | Resource[],
  format: ExportFormat,
  out: NodeJS.WritableStream,
  opts: ExportOptions,
): Promise<void> {
  switch (format) {
    case 'xlsx':
      return exportXlsx(resources, out, opts);
    case 'csv':
      return exportCsv(resources, out, opts);
    case 'json':
      return exportJson(resources, out, opts);
    case 'dcat':
      return exportDcat(resources, out, opts);
    default:
      throw new Error(`Unknown export format: ${String(format)}`);
  }
}

/** 'govshare-catalog-20261125.xlsx' — a download file name for the Content-Disposition header. */
export function exportFileName(format: ExportFormat, date: Date): string {
  return `govshare-catalog-${date.toISOString().slice(0, 10).replace(/-/g, '')}${FILE_EXTENSIONS[format]}`;
}

export type { ExportOptions } from './stream.js';
export type { UnitNameResolver, ImportedResource } from './cells.js';
export { resourceToInput } from './cells.js';
export { parseCatalogFile, importFormatOf, IMPORT_FORMATS, type ImportFormat, type ImportResult, type ImportOptions } from './import.js';
export { createImportContext, DEFAULT_LIMITS, type ImportContext, type ImportIssue, type ImportLimits } from './issues.js';
export { DCAT_CONTEXT, ACCESS_RIGHTS, FREQUENCIES } from './dcat.js';
