import type { Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';

const DIMS = ['consumer_unit_id', 'system_id', 'provider_unit_id', 'resource_code', 'kind'] as const;

/** Migrations of evaluation/usage: the fold cursor and the daily and monthly rollups (2026-11-26-0800-…). */
export const usageMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-26-0800-usage-rollup': {
      async up(db) {
        await db.schema
          .createTable('usage_cursor')
          .addColumn('chain', t.text, (c) => c.primaryKey())
          .addColumn('seq', t.bigint, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        for (const [table, period] of [
          ['usage_daily', 'day'],
          ['usage_monthly', 'month'],
        ] as const) {
          let b = db.schema.createTable(table).addColumn(period, t.text, (c) => c.notNull());
          for (const d of DIMS) b = b.addColumn(d, t.text, (c) => c.notNull());
          await b
            .addColumn('calls', t.bigint, (c) => c.notNull().defaultTo(0))
            .addColumn('served', t.bigint, (c) => c.notNull().defaultTo(0))
            .addColumn('refused', t.bigint, (c) => c.notNull().defaultTo(0))
            .addPrimaryKeyConstraint(`${table}_pk`, [period, ...DIMS] as never)
            .execute();
          // The dashboards ask a period's totals by provider, by consumer or by resource: each
          // index leads with that dimension, then the period, so a year is one range per key.
          await db.schema.createIndex(`${table}_provider_idx`).on(table).columns(['provider_unit_id', period]).execute();
          await db.schema.createIndex(`${table}_consumer_idx`).on(table).columns(['consumer_unit_id', period]).execute();
          await db.schema.createIndex(`${table}_resource_idx`).on(table).columns(['resource_code', period]).execute();
        }
      },
    },
  };
  return m;
};
