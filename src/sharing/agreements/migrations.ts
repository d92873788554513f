import { sql, type Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';
import { AGREEMENT_STATES, FILING_OFFICES, FILING_STATES } from './model.js';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** agreements migrations: names 2026-11-25-063x-… so they run after the grant table. */
export const agreementsMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-25-0630-sharing-agreement': {
      async up(db) {
        await db.schema
          .createTable('sharing_agreement')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('grant_id', t.id, (c) => c.notNull().references('sharing_grant.id'))
          .addColumn('application_id', t.id)
          .addColumn('resource_code', t.text, (c) => c.notNull())
          .addColumn('resource_name', t.text, (c) => c.notNull())
          .addColumn('provider_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('consumer_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('consumer_system_id', t.id)
          .addColumn('purpose', t.text, (c) => c.notNull())
          .addColumn('scope', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('valid_from', t.time, (c) => c.notNull())
          .addColumn('valid_until', t.time, (c) => c.notNull())
          .addColumn('obligations', t.text, (c) => c.notNull())
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in (${inList(AGREEMENT_STATES)})`))
          .addColumn('round', t.int, (c) => c.notNull().defaultTo(0))
          .addColumn('document_sha256', t.text)
          .addColumn('document_bytes', t.bigint)
          .addColumn('document_name', t.text)
          .addColumn('document_content_type', t.text)
          .addColumn('document_uploaded_at', t.time)
          .addColumn('document_uploaded_by', t.text)
          .addColumn('document_uploaded_unit_id', t.id)
          .addColumn('signed_at', t.time)
          .addColumn('provider_confirmed_at', t.time)
          .addColumn('provider_confirmed_by', t.text)
          .addColumn('consumer_confirmed_at', t.time)
          .addColumn('consumer_confirmed_by', t.text)
          .addColumn('submitted_at', t.time)
          .addColumn('filed_at', t.time)
          .addColumn('returned_at', t.time)
          .addColumn('return_reason', t.text)
          .addColumn('ended_at', t.time)
          .addColumn('end_reason', t.text)
          .addColumn('created_by', t.text, (c) => c.notNull())
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sharing_agreement_grant_idx').on('sharing_agreement').column('grant_id').execute();
        // The sweep looks for filed agreements past their end.
        await db.schema.createIndex('sharing_agreement_state_until_idx').on('sharing_agreement').columns(['state', 'valid_until']).execute();
        await db.schema.createIndex('sharing_agreement_provider_idx').on('sharing_agreement').column('provider_unit_id').execute();
        await db.schema.createIndex('sharing_agreement_consumer_idx').on('sharing_agreement').column('consumer_unit_id').execute();
        // At most one agreement per grant that is not over: two racing creations cannot both succeed.
        await sql`create unique index sharing_agreement_open_uq on sharing_agreement (grant_id) where state not in ('expired', 'terminated')`.execute(db);

        await db.schema
          .createTable('sharing_agreement_filing')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('agreement_id', t.id, (c) => c.notNull().references('sharing_agreement.id'))
          .addColumn('round', t.int, (c) => c.notNull())
          .addColumn('office', t.text, (c) => c.notNull().check(sql`office in (${inList(FILING_OFFICES)})`))
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in (${inList(FILING_STATES)})`))
          .addColumn('submitted_at', t.time, (c) => c.notNull())
          .addColumn('submitted_by', t.text, (c) => c.notNull())
          .addColumn('decided_at', t.time)
          .addColumn('decided_by', t.text)
          .addColumn('decided_by_id', t.text)
          .addColumn('decided_unit_id', t.id)
          .addColumn('comment', t.text)
          .addColumn('reference', t.text)
          .addUniqueConstraint('sharing_agreement_filing_uq', ['agreement_id', 'round', 'office'])
          .execute();
        // The offices' 待备案 box.
        await db.schema.createIndex('sharing_agreement_filing_pending_idx').on('sharing_agreement_filing').columns(['state', 'office']).execute();
      },
    },
  };
  return m;
};
