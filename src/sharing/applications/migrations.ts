import { sql, type Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';
import { APPLICATION_STATES, AUTO_ANSWERS, COORDINATION_DECISIONS, EXTENSION_STATES } from './model.js';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** applications migrations: names 2026-11-25-062x-… so they run after the grant table. */
export const applicationsMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-25-0620-sharing-application': {
      async up(db) {
        await db.schema
          .createTable('sharing_application')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in (${inList(APPLICATION_STATES)})`))
          .addColumn('resource_code', t.text, (c) => c.notNull())
          .addColumn('resource_version', t.int, (c) => c.notNull())
          .addColumn('resource_name', t.text, (c) => c.notNull())
          .addColumn('provider_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('consumer_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('consumer_system_id', t.id, (c) => c.references('app_system.id'))
          .addColumn('applicant_id', t.id)
          .addColumn('applicant_name', t.text, (c) => c.notNull())
          .addColumn('applicant_role', t.text, (c) => c.notNull())
          .addColumn('fields', t.json)
          .addColumn('purpose', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('legal_basis', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('scenario', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('scope', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('method', t.text)
          .addColumn('valid_from', t.text)
          .addColumn('valid_until', t.text)
          .addColumn('quota_requests_per_day', t.bigint)
          .addColumn('quota_rows_per_day', t.bigint)
          .addColumn('missing', t.json, (c) => c.notNull().defaultTo('[]'))
          .addColumn('incomplete_note', t.text)
          .addColumn('auto_answer', t.text, (c) => c.check(sql`auto_answer is null or auto_answer in (${inList(AUTO_ANSWERS)})`))
          .addColumn('decision_comment', t.text)
          .addColumn('decided_by', t.text)
          .addColumn('decided_at', t.time)
          .addColumn('grant_id', t.id, (c) => c.references('sharing_grant.id'))
          .addColumn('agreement_id', t.id)
          .addColumn('extension_state', t.text, (c) => c.check(sql`extension_state is null or extension_state in (${inList(EXTENSION_STATES)})`))
          .addColumn('extension_days', t.int)
          .addColumn('extension_reason', t.text)
          .addColumn('extension_comment', t.text)
          .addColumn('coordination_decision', t.text, (c) => c.check(sql`coordination_decision is null or coordination_decision in (${inList(COORDINATION_DECISIONS)})`))
          .addColumn('coordination_comment', t.text)
          .addColumn('delivered_at', t.time)
          .addColumn('submitted_at', t.time)
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sharing_application_consumer_idx').on('sharing_application').columns(['consumer_unit_id', 'updated_at']).execute();
        await db.schema.createIndex('sharing_application_provider_idx').on('sharing_application').columns(['provider_unit_id', 'state']).execute();
        await db.schema.createIndex('sharing_application_grant_idx').on('sharing_application').column('grant_id').execute();
        // The delivery sweep looks for approved applications not yet delivered.
        await db.schema.createIndex('sharing_application_delivery_idx').on('sharing_application').columns(['state', 'delivered_at']).execute();
      },
    },
  };
  return m;
};
