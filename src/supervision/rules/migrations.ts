import { sql, type Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';

/** Migrations of supervision/rules (合规监测): names 2026-11-26-072x-…. */
export const complianceMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-26-0720-supervision-rules': {
      async up(db) {
        await db.schema
          .createTable('supervision_rule_run')
          .addColumn('rule_id', t.id, (c) => c.primaryKey())
          .addColumn('lease_owner', t.text)
          .addColumn('lease_until', t.time)
          .addColumn('last_start', t.time)
          .addColumn('last_end', t.time)
          .addColumn('last_status', t.text, (c) => c.check(sql`last_status is null or last_status in ('running', 'ok', 'failed')`))
          .addColumn('last_findings', t.int, (c) => c.notNull().defaultTo(0))
          .addColumn('last_created', t.int, (c) => c.notNull().defaultTo(0))
          .addColumn('last_error', t.text)
          .addColumn('last_success_end', t.time)
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('supervision_rule_setting')
          .addColumn('key', t.text, (c) => c.primaryKey())
          .addColumn('value', t.json, (c) => c.notNull())
          .addColumn('updated_by', t.text, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
      },
    },
  };
  return m;
};
