import { sql, type Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';
import { REPORT_STATES } from './model.js';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** Migrations of evaluation/report (年度报告): 2026-11-26-082x-…. */
export const reportMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-26-0820-evaluation-annual-report': {
      async up(db) {
        await db.schema
          .createTable('evaluation_annual_report')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('year', t.int, (c) => c.notNull().unique())
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in (${inList(REPORT_STATES)})`))
          .addColumn('title', t.text, (c) => c.notNull())
          .addColumn('version', t.int, (c) => c.notNull())
          .addColumn('data', t.json, (c) => c.notNull())
          .addColumn('sections', t.json, (c) => c.notNull())
          .addColumn('drafted_at', t.time, (c) => c.notNull())
          .addColumn('drafted_by', t.text, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .addColumn('sent_at', t.time)
          .addColumn('sent_by', t.text)
          .addColumn('received_at', t.time)
          .addColumn('received_by', t.text)
          .execute();
        await db.schema
          .createTable('evaluation_annual_report_version')
          .addColumn('report_id', t.id, (c) => c.notNull().references('evaluation_annual_report.id'))
          .addColumn('version', t.int, (c) => c.notNull())
          .addColumn('sections', t.json, (c) => c.notNull())
          .addColumn('edited_at', t.time, (c) => c.notNull())
          .addColumn('edited_by', t.text, (c) => c.notNull())
          .addColumn('comment', t.text)
          .addPrimaryKeyConstraint('evaluation_annual_report_version_pk', ['report_id', 'version'])
          .execute();
      },
    },
  };
  return m;
};
