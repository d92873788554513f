/**
 * Rows that arrive as JSON objects (NDJSON lines, JSON array elements): property names → item
 * codes. There is no header, so names are resolved as they appear (cached), and a missing
 * property is simply an absent value (the engine's row validation reports required ones).
 */
import { cellTooLarge, overBytes, uploadError, type ColumnResolver, type Preview, type SourceLimits } from './source.js';

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class ObjectMapper {
  private readonly cellChars: number;

  constructor(
    private readonly resolver: ColumnResolver,
    private readonly limits: SourceLimits,
  ) {
    this.cellChars = Math.floor(limits.maxCellBytes / 3);
  }

  /**
   * The object keyed by item codes (the parsed object itself when every property already is an
   * item code). `size` is the record's text length: only a record that large can hold a string
   * over the cell limit, so small records skip that walk.
   */
  map(obj: Record<string, unknown>, row: number, size: number): Record<string, unknown> {
    const r = this.resolver;
    let identity = true;
    for (const k in obj) {
      if (r.resolve(k) !== k) {
        identity = false;
        break;
      }
    }
    let out: Record<string, unknown>;
    if (identity) out = obj;
    else {
      out = {};
      const from: Record<string, string> = {};
      let unknown: string[] | null = null;
      for (const k in obj) {
        const code = r.resolve(k);
        if (code === undefined) (unknown ??= []).push(k);
        else if (code !== null) {
          if (Object.hasOwn(out, code)) throw r.duplicate(from[code]!, k, code);
          out[code] = obj[k];
          from[code] = k;
        }
      }
      if (unknown !== null) {
        const shown = unknown.slice(0, 20).map((n) => (n.length > 60 ? `${n.slice(0, 60)}…` : n));
        throw uploadError('unknown_columns', { row, count: unknown.length, columns: shown.join(', ') + (unknown.length > 20 ? ', …' : '') });
      }
    }
    if (size > this.cellChars) {
      for (const k in out) {
        const v = out[k];
        if (typeof v === 'string' && overBytes(v, this.limits.maxCellBytes)) throw cellTooLarge(row, k, this.limits);
      }
    }
    return out;
  }
}

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Columns = property names in order of first appearance; sample cells as text ('' when absent). */
export function previewObjects(objects: Record<string, unknown>[], sampleRows: number, maxColumns = 1000): Omit<Preview, 'encoding'> {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const o of objects) {
    for (const k of Object.keys(o)) {
      if (!seen.has(k) && columns.length < maxColumns) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  const sample = objects.slice(0, sampleRows).map((o) => columns.map((c) => (Object.hasOwn(o, c) ? text(o[c]) : '')));
  return { columns, sample };
}
