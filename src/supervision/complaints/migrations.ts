import { sql, type Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';
import { ADDRESSEES, COMPLAINT_STATES, OUTCOMES } from './model.js';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** Migrations of supervision/complaints (2026-11-26-071x-…). */
export const complaintMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-26-0710-supervision-complaint': {
      async up(db) {
        await db.schema
          .createTable('supervision_complaint')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('complainant_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('complainant_id', t.text)
          .addColumn('complainant_name', t.text, (c) => c.notNull())
          .addColumn('complainant_role', t.text, (c) => c.notNull())
          .addColumn('target_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('addressee', t.text, (c) => c.notNull().check(sql`addressee in (${inList(ADDRESSEES)})`))
          .addColumn('category', t.int, (c) => c.check(sql`category is null or category between 1 and 8`))
          .addColumn('title', t.text, (c) => c.notNull())
          .addColumn('text', t.text, (c) => c.notNull())
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in (${inList(COMPLAINT_STATES)})`))
          .addColumn('disclosed', t.bool, (c) => c.notNull().defaultTo(0))
          .addColumn('target_involved', t.bool, (c) => c.notNull().defaultTo(0))
          .addColumn('pending_target', t.bool, (c) => c.notNull().defaultTo(0))
          .addColumn('pending_complainant', t.bool, (c) => c.notNull().defaultTo(0))
          .addColumn('outcome', t.text, (c) => c.check(sql`outcome is null or outcome in (${inList(OUTCOMES)})`))
          .addColumn('result', t.text)
          .addColumn('reject_reason', t.text)
          .addColumn('accepted_at', t.time)
          .addColumn('concluded_at', t.time)
          .addColumn('acknowledged_at', t.time)
          .addColumn('closed_at', t.time)
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('supervision_complaint_complainant_idx').on('supervision_complaint').columns(['complainant_unit_id', 'state']).execute();
        await db.schema.createIndex('supervision_complaint_target_idx').on('supervision_complaint').columns(['target_unit_id', 'state']).execute();
        await db.schema.createIndex('supervision_complaint_state_idx').on('supervision_complaint').columns(['addressee', 'state', 'updated_at']).execute();

        await db.schema
          .createTable('supervision_complaint_message')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('complaint_id', t.id, (c) => c.notNull().references('supervision_complaint.id'))
          .addColumn('kind', t.text, (c) => c.notNull().check(sql`kind in ('note', 'request', 'reply')`))
          .addColumn('party', t.text, (c) => c.check(sql`party is null or party in ('target', 'complainant')`))
          .addColumn('text', t.text, (c) => c.notNull())
          .addColumn('by_name', t.text, (c) => c.notNull())
          .addColumn('by_unit_id', t.id)
          .addColumn('at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('supervision_complaint_message_idx').on('supervision_complaint_message').columns(['complaint_id', 'at']).execute();

        await db.schema
          .createTable('supervision_complaint_evidence')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('complaint_id', t.id, (c) => c.notNull().references('supervision_complaint.id'))
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('content_type', t.text, (c) => c.notNull())
          .addColumn('bytes', t.bigint, (c) => c.notNull())
          .addColumn('sha256', t.text, (c) => c.notNull())
          .addColumn('uploaded_by', t.text, (c) => c.notNull())
          .addColumn('uploaded_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('supervision_complaint_evidence_idx').on('supervision_complaint_evidence').columns(['complaint_id', 'uploaded_at']).execute();
        await db.schema.createIndex('supervision_complaint_evidence_sha256_idx').on('supervision_complaint_evidence').column('sha256').execute();

        await db.schema
          .createTable('supervision_complaint_violation')
          .addColumn('complaint_id', t.id, (c) => c.notNull().references('supervision_complaint.id'))
          .addColumn('violation_id', t.id, (c) => c.notNull().references('supervision_violation.id'))
          .addColumn('linked_by', t.text, (c) => c.notNull())
          .addColumn('linked_at', t.time, (c) => c.notNull())
          .addPrimaryKeyConstraint('supervision_complaint_violation_pk', ['complaint_id', 'violation_id'])
          .execute();
      },
    },
  };
  return m;
};
