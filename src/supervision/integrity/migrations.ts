import { sql, type Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';

/** Migrations of supervision/integrity (第三十一条第七项; docs/adr/0013). */
export const integrityMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-26-0730-integrity-tables': {
      async up(db) {
        await db.schema
          .createTable('integrity_check')
          .addColumn('check_id', t.text, (c) => c.primaryKey())
          .addColumn('last_run_at', t.time)
          .addColumn('mode', t.text)
          .addColumn('ok', t.bool)
          .addColumn('checked', t.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('duration_ms', t.int, (c) => c.notNull().defaultTo(0))
          .addColumn('scope', t.json, (c) => c.notNull().defaultTo('{}'))
          .addColumn('open_findings', t.json, (c) => c.notNull().defaultTo('[]'))
          .addColumn('last_full_at', t.time)
          .addColumn('state', t.json, (c) => c.notNull().defaultTo('{}'))
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('integrity_seal')
          .addColumn('resource_code', t.text, (c) => c.notNull())
          // Byte-wise like the dataset tables' _key (collate "C" on PostgreSQL), so joins on the key use both indexes.
          .addColumn('row_key', dialect === 'postgres' ? sql`text collate "C"` : t.text, (c) => c.notNull())
          .addColumn('seq', t.bigint, (c) => c.notNull())
          .addColumn('rev', t.int, (c) => c.notNull())
          .addColumn('deleted', t.bool, (c) => c.notNull())
          .addColumn('mac', t.text, (c) => c.notNull())
          .addPrimaryKeyConstraint('integrity_seal_pk', ['resource_code', 'row_key'])
          .execute();
        await db.schema
          .createTable('integrity_dataset')
          .addColumn('resource_code', t.text, (c) => c.primaryKey())
          .addColumn('table_name', t.text, (c) => c.notNull())
          .addColumn('sealed_seq', t.bigint, (c) => c.notNull())
          .addColumn('sealed_at', t.time, (c) => c.notNull())
          .addColumn('verify_cursor', t.text)
          .addColumn('mac', t.text, (c) => c.notNull())
          .execute();
      },
    },
  };
  return m;
};
