import { sql, type Migration } from 'kysely';
import { columnTypes } from '../core/db/columns.js';
import type { MigrationSet } from '../core/db/migrate.js';

export const auditMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-25-0300-audit-tables': {
      async up(db) {
        await db.schema
          .createTable('audit_event')
          .addColumn('chain', t.text, (c) => c.notNull())
          .addColumn('seq', t.bigint, (c) => c.notNull())
          .addColumn('time', t.time, (c) => c.notNull())
          .addColumn('actor_type', t.text, (c) => c.notNull())
          .addColumn('actor_id', t.text)
          .addColumn('actor_name', t.text, (c) => c.notNull())
          .addColumn('unit_id', t.text)
          .addColumn('action', t.text, (c) => c.notNull())
          .addColumn('target_type', t.text)
          .addColumn('target_id', t.text)
          .addColumn('result', t.text, (c) => c.notNull())
          .addColumn('purpose', t.text)
          .addColumn('grant_id', t.text)
          .addColumn('client_ip', t.text)
          .addColumn('request_id', t.text)
          .addColumn('detail', t.json)
          .addColumn('prev_hash', t.text, (c) => c.notNull())
          .addColumn('hash', t.text, (c) => c.notNull())
          .addPrimaryKeyConstraint('audit_event_pk', ['chain', 'seq'])
          .execute();
        // Newest-first listing pages on (time, chain, seq); the others serve the query filters.
        await db.schema.createIndex('audit_event_time_idx').on('audit_event').columns(['time', 'chain', 'seq']).execute();
        await db.schema.createIndex('audit_event_action_idx').on('audit_event').column('action').execute();
        await db.schema.createIndex('audit_event_actor_id_idx').on('audit_event').column('actor_id').execute();
        await db.schema.createIndex('audit_event_actor_name_idx').on('audit_event').column('actor_name').execute();
        await db.schema.createIndex('audit_event_unit_idx').on('audit_event').column('unit_id').execute();
        await db.schema.createIndex('audit_event_target_idx').on('audit_event').columns(['target_type', 'target_id']).execute();

        await db.schema
          .createTable('audit_head')
          .addColumn('chain', t.text, (c) => c.primaryKey())
          .addColumn('seq', t.bigint, (c) => c.notNull())
          .addColumn('hash', t.text, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('audit_checkpoint')
          .addColumn('chain', t.text, (c) => c.notNull())
          .addColumn('seq', t.bigint, (c) => c.notNull())
          .addColumn('hash', t.text, (c) => c.notNull())
          .addColumn('time', t.time, (c) => c.notNull())
          .addColumn('algorithm', t.text, (c) => c.notNull())
          .addColumn('signature', t.text, (c) => c.notNull())
          .addColumn('key_id', t.text, (c) => c.notNull())
          .addPrimaryKeyConstraint('audit_checkpoint_pk', ['chain', 'seq'])
          .execute();

        await db.schema
          .createTable('audit_meta')
          .addColumn('key', t.text, (c) => c.primaryKey())
          .addColumn('value', t.text, (c) => c.notNull())
          .execute();
      },
    },
    // The log is append-only by construction (no code path updates or deletes it); the database
    // refuses it as well, so a bug or a careless manual statement cannot rewrite history.
    // Someone who can drop triggers can still tamper — that is what verification detects.
    '2026-11-25-0301-audit-append-only': {
      async up(db) {
        if (dialect === 'sqlite') {
          for (const table of ['audit_event', 'audit_checkpoint']) {
            for (const op of ['UPDATE', 'DELETE']) {
              await sql
                .raw(
                  `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} ` +
                    `BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
                )
                .execute(db);
            }
          }
          return;
        }
        await sql
          .raw(
            `CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`,
          )
          .execute(db);
        for (const table of ['audit_event', 'audit_checkpoint']) {
          await sql
            .raw(`CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_append_only()`)
            .execute(db);
          await sql
            .raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`)
            .execute(db);
        }
      },
    },
  };
  return m;
};
