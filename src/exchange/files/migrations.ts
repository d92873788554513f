import type { Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';

/** File (non-tabular resource) tables (names 2026-11-25-054x-…). */
export const fileMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-25-0540-exchange-file': {
      async up(db) {
        await db.schema
          .createTable('exchange_file')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('resource_code', t.text, (c) => c.notNull())
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('version', t.int, (c) => c.notNull())
          .addColumn('content_type', t.text, (c) => c.notNull())
          .addColumn('bytes', t.bigint, (c) => c.notNull())
          .addColumn('sha256', t.text, (c) => c.notNull())
          .addColumn('note', t.text)
          .addColumn('uploaded_by_unit', t.id, (c) => c.notNull())
          .addColumn('uploaded_by', t.text, (c) => c.notNull())
          .addColumn('uploaded_at', t.time, (c) => c.notNull())
          .addColumn('deleted_at', t.time)
          .addUniqueConstraint('exchange_file_version_uq', ['resource_code', 'name', 'version'])
          .execute();
        // Which rows still reference a blob (garbage collection of orphaned blobs).
        await db.schema.createIndex('exchange_file_sha256_idx').on('exchange_file').column('sha256').execute();
      },
    },
  };
  return m;
};
