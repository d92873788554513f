import { sql, type Migration } from 'kysely';
import { columnTypes } from '../core/db/columns.js';
import type { MigrationSet } from '../core/db/migrate.js';
import { GRANT_STATES } from './model.js';
import { workflowMigrations } from './workflow/migrations.js';
import { applicationsMigrations } from './applications/migrations.js';
import { agreementsMigrations } from './agreements/migrations.js';
import { demandsMigrations } from './demands/migrations.js';
import { objectionsMigrations } from './objections/migrations.js';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** Sharing module migrations (names 2026-11-25-06xx-…). */
export const sharingMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-25-0600-sharing-grant': {
      async up(db) {
        await db.schema
          .createTable('sharing_grant')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('resource_code', t.text, (c) => c.notNull())
          .addColumn('consumer_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('consumer_system_id', t.id, (c) => c.references('app_system.id'))
          .addColumn('fields', t.json)
          .addColumn('row_filter', t.json, (c) => c.notNull().defaultTo('[]'))
          .addColumn('masking', t.json, (c) => c.notNull().defaultTo('{}'))
          .addColumn('purpose', t.text, (c) => c.notNull())
          .addColumn('legal_basis', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('valid_from', t.time, (c) => c.notNull())
          .addColumn('valid_until', t.time)
          .addColumn('quota_requests_per_day', t.bigint)
          .addColumn('quota_rows_per_day', t.bigint)
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in (${inList(GRANT_STATES)})`))
          .addColumn('state_reason', t.text)
          .addColumn('created_by', t.text, (c) => c.notNull())
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        // grantsFor(unit, resource) is asked on every data read.
        await db.schema.createIndex('sharing_grant_unit_resource_idx').on('sharing_grant').columns(['consumer_unit_id', 'resource_code']).execute();
        await db.schema.createIndex('sharing_grant_resource_idx').on('sharing_grant').columns(['resource_code', 'state']).execute();
      },
    },
  };
  return { ...m, ...workflowMigrations(dialect), ...applicationsMigrations(dialect), ...agreementsMigrations(dialect), ...demandsMigrations(dialect), ...objectionsMigrations(dialect) };
};
