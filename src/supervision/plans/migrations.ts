import { sql, type Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';
import { ASSESSMENTS, ENTRY_KINDS, FUNDING_SOURCES, PLAN_KINDS, PLAN_STATUSES } from './model.js';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** Migrations of supervision/plans (names 2026-11-26-075x-…). */
export const planMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-26-0750-supervision-plan': {
      async up(db) {
        await db.schema
          .createTable('supervision_plan_item')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('year', t.int, (c) => c.notNull())
          .addColumn('kind', t.text, (c) => c.notNull().check(sql`kind in (${inList(PLAN_KINDS)})`))
          .addColumn('title', t.text, (c) => c.notNull())
          .addColumn('owner_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('content', t.text, (c) => c.notNull())
          .addColumn('budget_fen', t.bigint, (c) => c.notNull().check(sql`budget_fen >= 0`))
          .addColumn('funding_source', t.text, (c) => c.notNull().check(sql`funding_source in (${inList(FUNDING_SOURCES)})`))
          .addColumn('funding_note', t.text)
          .addColumn('status', t.text, (c) => c.notNull().check(sql`status in (${inList(PLAN_STATUSES)})`))
          .addColumn('status_reason', t.text)
          .addColumn('created_by', t.text, (c) => c.notNull())
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('supervision_plan_item_year_idx').on('supervision_plan_item').columns(['year', 'status']).execute();
        await db.schema.createIndex('supervision_plan_item_owner_idx').on('supervision_plan_item').columns(['owner_unit_id', 'year']).execute();

        await db.schema
          .createTable('supervision_plan_milestone')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('plan_id', t.id, (c) => c.notNull().references('supervision_plan_item.id'))
          .addColumn('seq', t.int, (c) => c.notNull())
          .addColumn('title', t.text, (c) => c.notNull())
          .addColumn('due_date', t.text, (c) => c.notNull())
          .addColumn('done_date', t.text)
          .addColumn('note', t.text)
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('supervision_plan_milestone_plan_idx').on('supervision_plan_milestone').columns(['plan_id', 'seq']).execute();

        await db.schema
          .createTable('supervision_plan_entry')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('plan_id', t.id, (c) => c.notNull().references('supervision_plan_item.id'))
          .addColumn('seq', t.int, (c) => c.notNull())
          .addColumn('kind', t.text, (c) => c.notNull().check(sql`kind in (${inList(ENTRY_KINDS)})`))
          .addColumn('day', t.text, (c) => c.notNull())
          .addColumn('note', t.text)
          .addColumn('assessment', t.text, (c) => c.check(sql`assessment is null or assessment in (${inList(ASSESSMENTS)})`))
          .addColumn('from_status', t.text)
          .addColumn('to_status', t.text)
          .addColumn('milestone_id', t.id)
          .addColumn('by_name', t.text, (c) => c.notNull())
          .addColumn('by_unit_id', t.id)
          .addColumn('at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('supervision_plan_entry_plan_idx').on('supervision_plan_entry').columns(['plan_id', 'seq']).unique().execute();
      },
    },
  };
  return m;
};
