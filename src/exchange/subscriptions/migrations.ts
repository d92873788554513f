import { sql, type Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';
import { DELIVERY_STATES, SIGNATURE_ALGORITHMS, SUBSCRIPTION_STATES } from '../types.js';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** Subscription and delivery tables (names 2026-11-25-052x-…). */
export const subscriptionMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-25-0520-exchange-subscription': {
      async up(db) {
        await db.schema
          .createTable('exchange_subscription')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('resource_code', t.text, (c) => c.notNull())
          .addColumn('owner_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('owner_system_id', t.id, (c) => c.references('app_system.id'))
          .addColumn('created_by', t.text, (c) => c.notNull())
          .addColumn('purpose', t.text, (c) => c.notNull())
          .addColumn('url', t.text, (c) => c.notNull())
          .addColumn('secret', t.text, (c) => c.notNull())
          .addColumn('algorithm', t.text, (c) => c.notNull().check(sql`algorithm in (${inList(SIGNATURE_ALGORITHMS)})`))
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in (${inList(SUBSCRIPTION_STATES)})`))
          .addColumn('state_reason', t.text)
          .addColumn('cursor', t.bigint, (c) => c.notNull().check(sql`"cursor" >= 0`))
          .addColumn('batch_size', t.int, (c) => c.notNull().check(sql`batch_size between 1 and 1000`))
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .addColumn('lease_owner', t.text)
          .addColumn('lease_until', t.time)
          .execute();
        await db.schema.createIndex('exchange_subscription_resource_idx').on('exchange_subscription').columns(['resource_code', 'state']).execute();
        await db.schema.createIndex('exchange_subscription_owner_idx').on('exchange_subscription').columns(['owner_unit_id', 'created_at']).execute();
        await db.schema.createIndex('exchange_subscription_state_idx').on('exchange_subscription').column('state').execute();
      },
    },
    '2026-11-25-0521-exchange-delivery': {
      async up(db) {
        await db.schema
          .createTable('exchange_delivery')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('subscription_id', t.id, (c) => c.notNull().references('exchange_subscription.id'))
          .addColumn('from_seq', t.bigint, (c) => c.notNull())
          .addColumn('to_seq', t.bigint, (c) => c.notNull())
          .addColumn('change_count', t.int, (c) => c.notNull())
          .addColumn('attempts', t.int, (c) => c.notNull().defaultTo(0))
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in (${inList(DELIVERY_STATES)})`))
          .addColumn('last_status', t.int)
          .addColumn('last_error', t.text)
          .addColumn('next_attempt_at', t.time, (c) => c.notNull())
          .addColumn('last_attempt_at', t.time)
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('delivered_at', t.time)
          .addCheckConstraint('exchange_delivery_range', sql`from_seq <= to_seq`)
          .execute();
        await db.schema.createIndex('exchange_delivery_subscription_idx').on('exchange_delivery').columns(['subscription_id', 'from_seq']).execute();
        // Order is kept by construction: at most one open (pending or dead) delivery per subscription.
        await db.schema
          .createIndex('exchange_delivery_open_idx')
          .on('exchange_delivery')
          .column('subscription_id')
          .unique()
          .where(sql<boolean>`state in ('pending', 'dead')`)
          .execute();
        await db.schema
          .createIndex('exchange_delivery_due_idx')
          .on('exchange_delivery')
          .column('next_attempt_at')
          .where(sql<boolean>`state = 'pending'`)
          .execute();
      },
    },
  };
  return m;
};
