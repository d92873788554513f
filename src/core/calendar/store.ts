import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export interface CalendarDay {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

type Q = Kysely<Database> | Transaction<Database>;

export function listDays(db: Q, from: string, to: string): Promise<CalendarDay[]> {
  return db.selectFrom('calendar_day').select(['day', 'kind', 'name']).where('day', '>=', from).where('day', '<=', to).orderBy('day').execute();
}

export async function replaceYear(trx: Transaction<Database>, year: number, days: CalendarDay[], at: string, by: string | null): Promise<void> {
  await trx.deleteFrom('calendar_day').where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).execute();
  if (days.length) {
    await trx
      .insertInto('calendar_day')
      .values(days.map((d) => ({ day: d.day, kind: d.kind, name: d.name, updated_at: at, updated_by: by })))
      .execute();
  }
}
