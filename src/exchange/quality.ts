/**
 * Data quality reads for the supervision module (第三十一条第二项: required data items left
 * empty). Read-only: counts live rows of a dataset table whose given items are empty (null, or
 * blank text). Takes the dataset registry row (exchange_dataset) so it never creates or extends a
 * dataset as `exchange.dataset()` would.
 */
import { sql } from 'kysely';
import type { Db } from '../core/db/database.js';
import type { DatasetColumn } from './types.js';

export interface EmptyCounts {
  /** Live rows (not tombstoned). */
  rows: number;
  /** Per item code: live rows where it is empty. */
  empty: Record<string, number>;
}

const TEXT_TYPES = new Set(['C', 'M']);

/**
 * Empty counts of `itemCodes` in the dataset stored in `tableName` with `columns` (the JSON of
 * exchange_dataset.columns). Items without a column are skipped.
 */
export async function emptyCounts(db: Db, tableName: string, columns: DatasetColumn[], itemCodes: string[]): Promise<EmptyCounts> {
  if (!/^ds_[0-9a-f]{16}$/.test(tableName)) throw new Error(`not a dataset table: ${tableName}`);
  const byCode = new Map(columns.map((c) => [c.code, c]));
  const cols = itemCodes.map((c) => byCode.get(c)).filter((c): c is DatasetColumn => !!c);
  const selections = cols.map((c, i) => {
    const id = sql.id(c.code);
    const emptyExpr = TEXT_TYPES.has(c.dataType) ? sql`${id} is null or trim(${id}) = ''` : sql`${id} is null`;
    return sql`sum(case when ${emptyExpr} then 1 else 0 end) as ${sql.id(`e${i}`)}`;
  });
  const list = selections.length ? sql.join([sql`count(*) as n`, ...selections]) : sql`count(*) as n`;
  const r = await sql<Record<string, number | string | null>>`select ${list} from ${sql.table(tableName)} where _deleted = 0`.execute(db.kysely);
  const row = r.rows[0] ?? {};
  const empty: Record<string, number> = {};
  cols.forEach((c, i) => (empty[c.code] = Number(row[`e${i}`] ?? 0)));
  return { rows: Number(row.n ?? 0), empty };
}
