import { sql, type Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';

/** Migrations of evaluation/indicators (2026-11-26-0810-…): settings versions, runs, drill-down evidence, immutability triggers. */
export const indicatorsMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-26-0810-evaluation-runs': {
      async up(db) {
        await db.schema
          .createTable('evaluation_setting')
          .addColumn('version', t.int, (c) => c.primaryKey())
          .addColumn('body', t.json, (c) => c.notNull())
          .addColumn('created_by', t.text, (c) => c.notNull())
          .addColumn('created_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('evaluation_run')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('year', t.int, (c) => c.notNull())
          .addColumn('version', t.int, (c) => c.notNull())
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in ('draft', 'published')`))
          .addColumn('settings_version', t.int, (c) => c.notNull())
          .addColumn('settings', t.json, (c) => c.notNull())
          .addColumn('period_from', t.time, (c) => c.notNull())
          .addColumn('period_to', t.time, (c) => c.notNull())
          .addColumn('computed_at', t.time, (c) => c.notNull())
          .addColumn('created_by', t.text, (c) => c.notNull())
          .addColumn('results', t.json, (c) => c.notNull())
          .addColumn('best', t.json, (c) => c.notNull())
          .addColumn('unit_count', t.int, (c) => c.notNull())
          .addColumn('published_at', t.time)
          .addColumn('published_by', t.text)
          .addUniqueConstraint('evaluation_run_year_version_uq', ['year', 'version'])
          .execute();
        await db.schema.createIndex('evaluation_run_state_idx').on('evaluation_run').columns(['state', 'year']).execute();
        await db.schema
          .createTable('evaluation_evidence')
          .addColumn('run_id', t.id, (c) => c.notNull().references('evaluation_run.id'))
          .addColumn('unit_id', t.id, (c) => c.notNull())
          .addColumn('indicator', t.text, (c) => c.notNull())
          .addColumn('records', t.json, (c) => c.notNull())
          .addPrimaryKeyConstraint('evaluation_evidence_pk', ['run_id', 'unit_id', 'indicator'])
          .execute();

        // A published evaluation can never change (第二十八条: it is the published record); the
        // service refuses with 409, and the database refuses too, whoever writes.
        if (dialect === 'sqlite') {
          for (const op of ['UPDATE', 'DELETE']) {
            await sql
              .raw(
                `CREATE TRIGGER evaluation_run_published_no_${op.toLowerCase()} BEFORE ${op} ON evaluation_run ` +
                  `WHEN OLD.state = 'published' BEGIN SELECT RAISE(ABORT, 'a published evaluation run cannot be changed'); END`,
              )
              .execute(db);
            await sql
              .raw(
                `CREATE TRIGGER evaluation_evidence_published_no_${op.toLowerCase()} BEFORE ${op} ON evaluation_evidence ` +
                  `WHEN (SELECT state FROM evaluation_run WHERE id = OLD.run_id) = 'published' ` +
                  `BEGIN SELECT RAISE(ABORT, 'the evidence of a published evaluation run cannot be changed'); END`,
              )
              .execute(db);
          }
          await sql
            .raw(
              `CREATE TRIGGER evaluation_evidence_published_no_insert BEFORE INSERT ON evaluation_evidence ` +
                `WHEN (SELECT state FROM evaluation_run WHERE id = NEW.run_id) = 'published' ` +
                `BEGIN SELECT RAISE(ABORT, 'the evidence of a published evaluation run cannot be changed'); END`,
            )
            .execute(db);
        } else {
          await sql
            .raw(
              `CREATE FUNCTION evaluation_run_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN
                 IF OLD.state = 'published' THEN RAISE EXCEPTION 'a published evaluation run cannot be changed'; END IF;
                 IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                 RETURN NEW;
               END $$`,
            )
            .execute(db);
          await sql.raw(`CREATE TRIGGER evaluation_run_published_no_change BEFORE UPDATE OR DELETE ON evaluation_run FOR EACH ROW EXECUTE FUNCTION evaluation_run_immutable()`).execute(db);
          await sql
            .raw(
              `CREATE FUNCTION evaluation_evidence_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
               DECLARE s text;
               BEGIN
                 SELECT state INTO s FROM evaluation_run WHERE id = (CASE WHEN TG_OP = 'INSERT' THEN NEW.run_id ELSE OLD.run_id END);
                 IF s = 'published' THEN RAISE EXCEPTION 'the evidence of a published evaluation run cannot be changed'; END IF;
                 IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                 RETURN NEW;
               END $$`,
            )
            .execute(db);
          await sql
            .raw(`CREATE TRIGGER evaluation_evidence_published_no_change BEFORE INSERT OR UPDATE OR DELETE ON evaluation_evidence FOR EACH ROW EXECUTE FUNCTION evaluation_evidence_immutable()`)
            .execute(db);
        }
      },
    },
  };
  return m;
};
