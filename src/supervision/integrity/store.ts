/** Queries on the integrity tables (the dataset seals are written by dataset-check.ts). */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import type { IntegrityCheckTable } from './tables.js';

export type CheckRow = Selectable<IntegrityCheckTable>;

export async function getCheck(q: Kysely<Database>, id: string): Promise<CheckRow | undefined> {
  return q.selectFrom('integrity_check').selectAll().where('check_id', '=', id).executeTakeFirst();
}

export async function listChecks(q: Kysely<Database>): Promise<CheckRow[]> {
  return q.selectFrom('integrity_check').selectAll().orderBy('check_id').execute();
}

export async function saveCheck(q: Kysely<Database>, row: CheckRow): Promise<void> {
  const { check_id: _id, ...rest } = row;
  await q
    .insertInto('integrity_check')
    .values(row)
    .onConflict((oc) => oc.column('check_id').doUpdateSet(rest))
    .execute();
}
