import { sql, type Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';
import { TOPIC_KINDS } from './model.js';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** Migrations of supervision/training (names 2026-11-26-074x-…). */
export const trainingMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-26-0740-supervision-training': {
      async up(db) {
        await db.schema
          .createTable('supervision_training_session')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('title', t.text, (c) => c.notNull())
          .addColumn('starts_at', t.time, (c) => c.notNull())
          .addColumn('day', t.text, (c) => c.notNull())
          .addColumn('topic', t.text, (c) => c.notNull().check(sql`topic in (${inList(TOPIC_KINDS)})`))
          .addColumn('organizer_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('location', t.text)
          .addColumn('description', t.text)
          .addColumn('trainer', t.text)
          .addColumn('hours_tenths', t.int)
          .addColumn('created_by', t.text, (c) => c.notNull())
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('supervision_training_session_starts_idx').on('supervision_training_session').column('starts_at').execute();

        await db.schema
          .createTable('supervision_training_attendance')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('session_id', t.id, (c) => c.notNull().references('supervision_training_session.id'))
          .addColumn('unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('user_id', t.id, (c) => c.references('app_user.id'))
          .addColumn('person_name', t.text, (c) => c.notNull())
          .addColumn('person_post', t.text)
          .addColumn('person_key', t.text, (c) => c.notNull())
          .addColumn('sharing_staff', t.bool, (c) => c.notNull().defaultTo(1))
          .addColumn('attended', t.bool, (c) => c.notNull().defaultTo(1))
          .addColumn('result', t.text)
          .addColumn('certificate', t.text)
          .addColumn('recorded_by', t.text, (c) => c.notNull())
          .addColumn('recorded_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .addUniqueConstraint('supervision_training_attendance_person_uq', ['session_id', 'unit_id', 'person_key'])
          .execute();
        // The half-year coverage groups attendance by unit.
        await db.schema.createIndex('supervision_training_attendance_unit_idx').on('supervision_training_attendance').columns(['unit_id', 'session_id']).execute();
      },
    },
  };
  return m;
};
