import { sql, type Migration } from 'kysely';
import { columnTypes } from '../core/db/columns.js';
import type { MigrationSet } from '../core/db/migrate.js';
import { subscriptionMigrations } from './subscriptions/migrations.js';
import { fileMigrations } from './files/migrations.js';
import { BATCH_STATES, UPLOAD_FORMATS, UPLOAD_MODES } from './types.js';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** The exchange module's registry tables (2026-11-25-050x-…); per-resource dataset tables are created by dataset.ts. */
const datasetMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-25-0500-exchange-dataset': {
      async up(db) {
        // One row per dataset table: its served version, columns and change-feed head.
        await db.schema
          .createTable('exchange_dataset')
          .addColumn('resource_code', t.text, (c) => c.primaryKey())
          .addColumn('table_name', t.text, (c) => c.notNull().unique())
          .addColumn('version', t.int, (c) => c.notNull())
          .addColumn('columns', t.json, (c) => c.notNull())
          .addColumn('key_items', t.json, (c) => c.notNull())
          .addColumn('last_seq', t.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('row_count', t.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('last_update_at', t.time)
          .addColumn('last_batch_id', t.id)
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('exchange_upload')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('resource_code', t.text, (c) => c.notNull())
          .addColumn('format', t.text, (c) => c.notNull().check(sql`format in (${inList(UPLOAD_FORMATS)})`))
          .addColumn('encoding', t.text)
          .addColumn('file_name', t.text)
          .addColumn('bytes', t.bigint, (c) => c.notNull())
          .addColumn('sha256', t.text, (c) => c.notNull())
          .addColumn('unit_id', t.id, (c) => c.notNull())
          .addColumn('created_by', t.text, (c) => c.notNull())
          .addColumn('created_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('exchange_batch')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('resource_code', t.text, (c) => c.notNull())
          .addColumn('mode', t.text, (c) => c.notNull().check(sql`mode in (${inList(UPLOAD_MODES)})`))
          .addColumn('format', t.text, (c) => c.notNull().check(sql`format in (${inList(UPLOAD_FORMATS)})`))
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in (${inList(BATCH_STATES)})`))
          .addColumn('dry_run', t.bool, (c) => c.notNull().defaultTo(0))
          .addColumn('idempotency_key', t.text)
          .addColumn('request_hash', t.text)
          .addColumn('file_name', t.text)
          .addColumn('bytes', t.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('sha256', t.text)
          .addColumn('rows_read', t.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('rows_invalid', t.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('inserted', t.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('updated', t.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('unchanged', t.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('deleted', t.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('issue_count', t.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('first_seq', t.bigint)
          .addColumn('last_seq', t.bigint)
          .addColumn('unit_id', t.id, (c) => c.notNull())
          .addColumn('created_by', t.text, (c) => c.notNull())
          .addColumn('node_id', t.text, (c) => c.notNull())
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('finished_at', t.time)
          .execute();
        await db.schema.createIndex('exchange_batch_resource_idx').on('exchange_batch').columns(['resource_code', 'created_at']).execute();
        // A key is claimed only by a committed batch: a rejected or interrupted batch can be retried with it.
        await sql`create unique index exchange_batch_idem_idx on exchange_batch (resource_code, idempotency_key) where state = 'committed' and dry_run = 0 and idempotency_key is not null`.execute(db);
        await db.schema
          .createTable('exchange_batch_issue')
          .addColumn('batch_id', t.id, (c) => c.notNull())
          .addColumn('n', t.int, (c) => c.notNull())
          .addColumn('row_number', t.bigint, (c) => c.notNull())
          .addColumn('field', t.text)
          .addColumn('value', t.text)
          .addColumn('code', t.text, (c) => c.notNull())
          .addColumn('message_key', t.text, (c) => c.notNull())
          .addColumn('params', t.json, (c) => c.notNull())
          .addPrimaryKeyConstraint('exchange_batch_issue_pk', ['batch_id', 'n'])
          .execute();
      },
    },
    '2026-11-26-0500-exchange-quota-use': {
      async up(db) {
        // Grant quotas shared by the nodes and kept across restarts (quota.ts): each node writes its
        // own row per grant and day, and reads the others'.
        await db.schema
          .createTable('exchange_quota_use')
          .addColumn('grant_id', t.id, (c) => c.notNull())
          .addColumn('day', t.text, (c) => c.notNull())
          .addColumn('node', t.text, (c) => c.notNull())
          .addColumn('request_count', t.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('row_count', t.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .addPrimaryKeyConstraint('exchange_quota_use_pk', ['grant_id', 'day', 'node'])
          .execute();
        await db.schema.createIndex('exchange_quota_use_day_idx').on('exchange_quota_use').columns(['day', 'node']).execute();
      },
    },
    '2026-11-27-0400-exchange-feed-keys': {
      async up(db) {
        // The record keys a row-filtered change feed has handed to a consumer unit (query.ts): a row
        // that later leaves the unit's grant filter is sent to it as a deletion, and only to a unit that had it.
        await db.schema
          .createTable('exchange_feed_key')
          .addColumn('unit_id', t.id, (c) => c.notNull())
          .addColumn('resource_code', t.text, (c) => c.notNull())
          .addColumn('record_key', t.text, (c) => c.notNull())
          .addColumn('first_seq', t.bigint, (c) => c.notNull())
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addPrimaryKeyConstraint('exchange_feed_key_pk', ['unit_id', 'resource_code', 'record_key'])
          .execute();
      },
    },
  };
  return m;
};

export const exchangeMigrations: MigrationSet = (dialect) => ({
  ...datasetMigrations(dialect),
  ...subscriptionMigrations(dialect),
  ...fileMigrations(dialect),
});
