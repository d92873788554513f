import { sql, type Migration } from 'kysely';
import { columnTypes } from './db/columns.js';
import type { MigrationSet } from './db/migrate.js';

export const coreMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-25-0100-core-calendar': {
      async up(db) {
        await db.schema
          .createTable('calendar_day')
          .addColumn('day', t.text, (c) => c.primaryKey())
          .addColumn('kind', t.text, (c) => c.notNull().check(sql`kind in ('holiday', 'workday')`))
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .addColumn('updated_by', t.text)
          .execute();
      },
    },
  };
  return m;
};
