import { sql, type Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';
import { VIOLATION_SOURCES, VIOLATION_STATES } from './model.js';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** Migrations of supervision/violations (2026-11-26-070x-…). */
export const violationMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-26-0700-supervision-violation': {
      async up(db) {
        await db.schema
          .createTable('supervision_violation')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('unit_id', t.id, (c) => c.references('unit.id'))
          .addColumn('category', t.int, (c) => c.notNull().check(sql`category between 1 and 8`))
          .addColumn('source', t.text, (c) => c.notNull().check(sql`source in (${inList(VIOLATION_SOURCES)})`))
          .addColumn('rule_id', t.text)
          .addColumn('complaint_id', t.id)
          .addColumn('title', t.text, (c) => c.notNull())
          .addColumn('title_en', t.text)
          .addColumn('description', t.text)
          .addColumn('evidence', t.json, (c) => c.notNull())
          .addColumn('subject_type', t.text)
          .addColumn('subject_id', t.text)
          .addColumn('dedupe_key', t.text)
          .addColumn('review_only', t.bool, (c) => c.notNull().defaultTo(0))
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in (${inList(VIOLATION_STATES)})`))
          .addColumn('serious', t.bool, (c) => c.notNull().defaultTo(0))
          .addColumn('sanction', t.text)
          .addColumn('observed_at', t.time, (c) => c.notNull())
          .addColumn('detected_at', t.time, (c) => c.notNull())
          .addColumn('confirmed_at', t.time)
          .addColumn('confirmed_by', t.text)
          .addColumn('dismissed_at', t.time)
          .addColumn('dismiss_reason', t.text)
          .addColumn('notified_at', t.time)
          .addColumn('notice_text', t.text)
          .addColumn('rectify_order', t.text)
          .addColumn('rectification_due_at', t.time)
          .addColumn('rectify_rounds', t.int, (c) => c.notNull().defaultTo(0))
          .addColumn('answer', t.text)
          .addColumn('answered_at', t.time)
          .addColumn('answered_by', t.text)
          .addColumn('rectified_at', t.time)
          .addColumn('close_comment', t.text)
          .addColumn('escalated_at', t.time)
          .addColumn('closed_at', t.time)
          .addColumn('created_by', t.text, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        // raiseCandidates relies on it: a concurrent duplicate inserts nothing (NULLs — manual entries — never collide).
        await db.schema.createIndex('supervision_violation_dedupe_uq').on('supervision_violation').column('dedupe_key').unique().execute();
        await db.schema.createIndex('supervision_violation_state_idx').on('supervision_violation').columns(['state', 'detected_at']).execute();
        await db.schema.createIndex('supervision_violation_unit_idx').on('supervision_violation').columns(['unit_id', 'state']).execute();
        await db.schema.createIndex('supervision_violation_confirmed_idx').on('supervision_violation').columns(['confirmed_at']).execute();
        await db.schema.createIndex('supervision_violation_notified_idx').on('supervision_violation').columns(['notified_at']).execute();
        await db.schema.createIndex('supervision_violation_complaint_idx').on('supervision_violation').columns(['complaint_id']).execute();
      },
    },
  };
  return m;
};
