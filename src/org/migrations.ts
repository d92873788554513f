import { sql, type Migration } from 'kysely';
import { columnTypes } from '../core/db/columns.js';
import type { MigrationSet } from '../core/db/migrate.js';
import { UNIT_KINDS } from './model.js';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const orgMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-25-0200-org-unit': {
      async up(db) {
        await db.schema
          .createTable('unit')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('code', t.text, (c) => c.notNull().unique())
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('short_name', t.text)
          .addColumn('kind', t.text, (c) => c.notNull().check(sql`kind in (${inList(UNIT_KINDS)})`))
          .addColumn('parent_id', t.id, (c) => c.references('unit.id'))
          .addColumn('functions', t.json, (c) => c.notNull().defaultTo('[]'))
          .addColumn('responsible_person', t.json)
          .addColumn('contacts', t.json, (c) => c.notNull().defaultTo('[]'))
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('unit_parent_idx').on('unit').column('parent_id').execute();
        await db.schema.createIndex('unit_name_idx').on('unit').column('name').execute();
      },
    },
    '2026-11-25-0210-org-user': {
      async up(db) {
        await db.schema
          .createTable('app_user')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('username', t.text, (c) => c.notNull().unique())
          .addColumn('display_name', t.text, (c) => c.notNull())
          .addColumn('unit_id', t.id, (c) => c.references('unit.id'))
          .addColumn('roles', t.json, (c) => c.notNull().defaultTo('[]'))
          .addColumn('password_hash', t.text, (c) => c.notNull())
          .addColumn('phone', t.text)
          .addColumn('email', t.text)
          .addColumn('disabled', t.bool, (c) => c.notNull().defaultTo(0).check(sql`disabled in (0, 1)`))
          .addColumn('failed_logins', t.int, (c) => c.notNull().defaultTo(0))
          .addColumn('locked_until', t.time)
          .addColumn('last_login_at', t.time)
          .addColumn('password_changed_at', t.time)
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('app_user_unit_idx').on('app_user').column('unit_id').execute();
      },
    },
    '2026-11-25-0220-org-session': {
      async up(db) {
        await db.schema
          .createTable('session')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('token_hash', t.text, (c) => c.notNull().unique())
          .addColumn('csrf_token', t.text, (c) => c.notNull())
          .addColumn('user_id', t.id, (c) => c.notNull().references('app_user.id'))
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('expires_at', t.time, (c) => c.notNull())
          .addColumn('last_seen_at', t.time, (c) => c.notNull())
          .addColumn('client_ip', t.text)
          .addColumn('ended_at', t.time)
          .execute();
        await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute();
        await db.schema.createIndex('session_expires_idx').on('session').column('expires_at').execute();
      },
    },
    '2026-11-25-0230-org-app-system': {
      async up(db) {
        await db.schema
          .createTable('app_system')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('code', t.text, (c) => c.notNull())
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('description', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('scenario', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('disabled', t.bool, (c) => c.notNull().defaultTo(0).check(sql`disabled in (0, 1)`))
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .addUniqueConstraint('app_system_unit_code_uq', ['unit_id', 'code'])
          .execute();
      },
    },
    '2026-11-25-0240-org-api-token': {
      async up(db) {
        await db.schema
          .createTable('api_token')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('system_id', t.id, (c) => c.notNull().references('app_system.id'))
          .addColumn('unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('prefix', t.text, (c) => c.notNull())
          .addColumn('secret_hash', t.text, (c) => c.notNull().unique())
          .addColumn('scopes', t.json, (c) => c.notNull().defaultTo('[]'))
          .addColumn('expires_at', t.time, (c) => c.notNull())
          .addColumn('revoked_at', t.time)
          .addColumn('last_used_at', t.time)
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('created_by', t.text)
          .execute();
        await db.schema.createIndex('api_token_system_idx').on('api_token').column('system_id').execute();
        await db.schema.createIndex('api_token_unit_idx').on('api_token').column('unit_id').execute();
      },
    },
  };
  return m;
};
