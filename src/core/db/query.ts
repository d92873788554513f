import { sql } from 'kysely';

/** Query helpers every module's store shares: paging, case-insensitive LIKE, constraint errors. */

export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageOpts {
  limit?: number;
  offset?: number;
}

/** Limit (default 50, at most `max`) and offset of a list request, never negative. */
export function clampPage(opts: PageOpts, max = 500): { limit: number; offset: number } {
  return { limit: Math.min(Math.max(opts.limit ?? 50, 1), max), offset: Math.max(opts.offset ?? 0, 0) };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern matching `text` anywhere, with the wildcards in `text` taken literally. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text.toLowerCase())}%`;
}

/** Case-insensitive LIKE with the escape character the patterns above use. */
export const likeCi = (column: string, pattern: string) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;

/** True for a unique-constraint violation on either dialect. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** Splits a list so no statement exceeds the parameter limits of either dialect. */
export function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
