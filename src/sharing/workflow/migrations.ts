import { sql, type Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';

/** workflow migrations: names …-061x-… (2026-11-25 so they run after the grant table; later ones dated after the last migration of any module). */
export const workflowMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-25-0610-sharing-task-timeline': {
      async up(db) {
        await db.schema
          .createTable('sharing_task')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('item_kind', t.text, (c) => c.notNull())
          .addColumn('item_id', t.id, (c) => c.notNull())
          .addColumn('step', t.text, (c) => c.notNull())
          .addColumn('assignee_role', t.text, (c) => c.notNull())
          .addColumn('assignee_unit_id', t.id)
          .addColumn('deadline_kind', t.text)
          .addColumn('due_at', t.time)
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in ('open', 'done', 'cancelled')`))
          .addColumn('overdue_at', t.time)
          .addColumn('opened_at', t.time, (c) => c.notNull())
          .addColumn('closed_at', t.time)
          .addColumn('title', t.text, (c) => c.notNull())
          .execute();
        // The inbox asks "open tasks of my roles"; the sweeper asks "open tasks past due".
        await db.schema.createIndex('sharing_task_inbox_idx').on('sharing_task').columns(['assignee_role', 'state', 'due_at']).execute();
        await db.schema.createIndex('sharing_task_item_idx').on('sharing_task').columns(['item_kind', 'item_id', 'state']).execute();
        await db.schema.createIndex('sharing_task_due_idx').on('sharing_task').columns(['state', 'due_at']).execute();
        await db.schema.createIndex('sharing_task_overdue_idx').on('sharing_task').columns(['overdue_at']).execute();

        await db.schema
          .createTable('sharing_timeline')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('item_kind', t.text, (c) => c.notNull())
          .addColumn('item_id', t.id, (c) => c.notNull())
          .addColumn('at', t.time, (c) => c.notNull())
          .addColumn('seq', t.bigint, (c) => c.notNull())
          .addColumn('actor_name', t.text, (c) => c.notNull())
          .addColumn('actor_id', t.text)
          .addColumn('unit_id', t.id)
          .addColumn('action', t.text, (c) => c.notNull())
          .addColumn('from_state', t.text)
          .addColumn('to_state', t.text)
          .addColumn('comment', t.text)
          .addColumn('detail', t.json)
          .execute();
        await db.schema.createIndex('sharing_timeline_item_idx').on('sharing_timeline').columns(['item_kind', 'item_id', 'at', 'seq']).execute();
      },
    },
    '2026-11-25-0611-sharing-notification-setting': {
      async up(db) {
        await db.schema
          .createTable('sharing_notification')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('item_kind', t.text, (c) => c.notNull())
          .addColumn('item_id', t.id, (c) => c.notNull())
          .addColumn('kind', t.text, (c) => c.notNull())
          .addColumn('params', t.json, (c) => c.notNull().defaultTo('{}'))
          .addColumn('assignee_role', t.text, (c) => c.notNull())
          .addColumn('assignee_unit_id', t.id)
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('seq', t.bigint, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sharing_notification_assignee_idx').on('sharing_notification').columns(['assignee_role', 'created_at']).execute();
        await db.schema
          .createTable('sharing_notification_read')
          .addColumn('notification_id', t.id, (c) => c.notNull().references('sharing_notification.id').onDelete('cascade'))
          .addColumn('user_id', t.id, (c) => c.notNull())
          .addColumn('read_at', t.time, (c) => c.notNull())
          .addPrimaryKeyConstraint('sharing_notification_read_pk', ['notification_id', 'user_id'])
          .execute();
        await db.schema.createIndex('sharing_notification_read_user_idx').on('sharing_notification_read').columns(['user_id']).execute();
        await db.schema
          .createTable('sharing_setting')
          .addColumn('key', t.text, (c) => c.primaryKey())
          .addColumn('value', t.json, (c) => c.notNull())
          .addColumn('updated_by', t.text)
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
      },
    },
    '2026-11-25-0612-sharing-oa-hook': {
      async up(db) {
        await db.schema
          .createTable('sharing_oa_hook')
          .addColumn('unit_id', t.id, (c) => c.primaryKey().references('unit.id'))
          .addColumn('url', t.text, (c) => c.notNull())
          .addColumn('secret', t.text, (c) => c.notNull())
          .addColumn('enabled', t.bool, (c) => c.notNull().defaultTo(1))
          .addColumn('updated_by', t.text)
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sharing_oa_delivery')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('notification_id', t.id, (c) => c.notNull().references('sharing_notification.id'))
          .addColumn('unit_id', t.id, (c) => c.notNull())
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in ('pending', 'delivered', 'dead')`))
          .addColumn('attempts', t.int, (c) => c.notNull().defaultTo(0))
          .addColumn('next_at', t.time, (c) => c.notNull())
          .addColumn('last_error', t.text)
          .addColumn('last_status', t.int)
          .addColumn('lease_owner', t.text)
          .addColumn('lease_until', t.time)
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('delivered_at', t.time)
          .execute();
        await db.schema.createIndex('sharing_oa_delivery_due_idx').on('sharing_oa_delivery').columns(['state', 'next_at']).execute();
      },
    },
    '2026-11-25-0613-sharing-task-seq': {
      async up(db) {
        // Tasks opened by one transition share opened_at: seq keeps the order they were opened in.
        await db.schema.alterTable('sharing_task').addColumn('seq', t.bigint, (c) => c.notNull().defaultTo(0)).execute();
      },
    },
    // Dated after every migration of the other modules: the migrator refuses a new name that sorts
    // before one a database has already run.
    '2026-11-26-0830-sharing-task-title-en': {
      async up(db) {
        // The English title of tasks the platform titles itself (violations, …); null on user-titled items and on tasks opened before.
        await db.schema.alterTable('sharing_task').addColumn('title_en', t.text).execute();
      },
    },
  };
  return m;
};
