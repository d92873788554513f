import { sql, type Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';
import { ANSWER_KINDS, OBJECTION_OUTCOMES, OBJECTION_STATES } from './model.js';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** objections migrations: names 2026-11-25-065x-… so they run after the grant table. */
export const objectionsMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-25-0650-sharing-objection': {
      async up(db) {
        await db.schema
          .createTable('sharing_objection')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('resource_code', t.text, (c) => c.notNull())
          .addColumn('resource_name', t.text, (c) => c.notNull())
          .addColumn('provider_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('raiser_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('raised_by', t.text, (c) => c.notNull())
          .addColumn('raised_by_id', t.text)
          .addColumn('raised_by_role', t.text, (c) => c.notNull())
          .addColumn('description', t.text, (c) => c.notNull())
          .addColumn('evidence_text', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('expected_correction', t.text, (c) => c.notNull())
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in (${inList(OBJECTION_STATES)})`))
          .addColumn('marked', t.bool, (c) => c.notNull().defaultTo(0))
          .addColumn('answer_kind', t.text, (c) => c.check(sql`answer_kind is null or answer_kind in (${inList(ANSWER_KINDS)})`))
          .addColumn('answer', t.text)
          .addColumn('answered_by', t.text)
          .addColumn('answered_at', t.time)
          .addColumn('reject_reason', t.text)
          .addColumn('dispute_reason', t.text)
          .addColumn('disputed_at', t.time)
          .addColumn('acknowledged_at', t.time)
          .addColumn('outcome', t.text, (c) => c.check(sql`outcome is null or outcome in (${inList(OBJECTION_OUTCOMES)})`))
          .addColumn('conclusion', t.text)
          .addColumn('accepted_at', t.time)
          .addColumn('closed_at', t.time)
          .addColumn('archived_at', t.time)
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        // marks(resource) is asked whenever a dataset is shown; the lists filter by unit and state.
        await db.schema.createIndex('sharing_objection_marked_idx').on('sharing_objection').columns(['resource_code', 'marked']).execute();
        await db.schema.createIndex('sharing_objection_raiser_idx').on('sharing_objection').columns(['raiser_unit_id', 'state']).execute();
        await db.schema.createIndex('sharing_objection_provider_idx').on('sharing_objection').columns(['provider_unit_id', 'state']).execute();
        await db.schema.createIndex('sharing_objection_state_idx').on('sharing_objection').columns(['state', 'updated_at']).execute();
        await db.schema.createIndex('sharing_objection_outcome_idx').on('sharing_objection').columns(['outcome', 'closed_at']).execute();

        await db.schema
          .createTable('sharing_objection_record')
          .addColumn('objection_id', t.id, (c) => c.notNull().references('sharing_objection.id'))
          .addColumn('seq', t.int, (c) => c.notNull())
          .addColumn('resource_code', t.text, (c) => c.notNull())
          .addColumn('kind', t.text, (c) => c.notNull().check(sql`kind in ('key', 'field')`))
          .addColumn('value', t.text, (c) => c.notNull())
          .addPrimaryKeyConstraint('sharing_objection_record_pk', ['objection_id', 'seq'])
          .execute();
        await db.schema.createIndex('sharing_objection_record_resource_idx').on('sharing_objection_record').columns(['resource_code', 'kind', 'value']).execute();

        await db.schema
          .createTable('sharing_objection_evidence')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('objection_id', t.id, (c) => c.notNull().references('sharing_objection.id'))
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('content_type', t.text, (c) => c.notNull())
          .addColumn('bytes', t.bigint, (c) => c.notNull())
          .addColumn('sha256', t.text, (c) => c.notNull())
          .addColumn('party', t.text, (c) => c.notNull().check(sql`party in ('raiser', 'provider')`))
          .addColumn('uploaded_by', t.text, (c) => c.notNull())
          .addColumn('uploaded_by_unit_id', t.id, (c) => c.notNull())
          .addColumn('uploaded_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sharing_objection_evidence_objection_idx').on('sharing_objection_evidence').columns(['objection_id', 'uploaded_at']).execute();
        // Which rows still reference a blob (garbage collection of orphaned blobs).
        await db.schema.createIndex('sharing_objection_evidence_sha256_idx').on('sharing_objection_evidence').column('sha256').execute();
      },
    },
  };
  return m;
};
