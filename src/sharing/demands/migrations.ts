import { sql, type Migration } from 'kysely';
import { columnTypes } from '../../core/db/columns.js';
import type { MigrationSet } from '../../core/db/migrate.js';
import { ANSWER_KINDS, DECISION_LEVELS, DECISION_OUTCOMES, DEMAND_METHODS, DEMAND_STATES, RECORD_KINDS } from './model.js';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** demands migrations: names 2026-11-25-064x-… so they run after the grant table. */
export const demandsMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-25-0640-sharing-demand': {
      async up(db) {
        await db.schema
          .createTable('sharing_demand')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('title', t.text, (c) => c.notNull())
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in (${inList(DEMAND_STATES)})`))
          .addColumn('requester_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('requester_id', t.id)
          .addColumn('requester_name', t.text, (c) => c.notNull())
          .addColumn('duty', t.text, (c) => c.notNull())
          .addColumn('legal_basis', t.text, (c) => c.notNull())
          .addColumn('content', t.text, (c) => c.notNull())
          .addColumn('data_items', t.json, (c) => c.notNull().defaultTo('[]'))
          .addColumn('target_resource_code', t.text)
          .addColumn('target_provider_unit_id', t.id, (c) => c.references('unit.id'))
          .addColumn('scope', t.text, (c) => c.notNull())
          .addColumn('purpose', t.text, (c) => c.notNull())
          .addColumn('method', t.text, (c) => c.notNull().check(sql`method in (${inList(DEMAND_METHODS)})`))
          .addColumn('system_id', t.id, (c) => c.references('app_system.id'))
          .addColumn('needed_by', t.text, (c) => c.notNull())
          .addColumn('provider_unit_id', t.id, (c) => c.references('unit.id'))
          .addColumn('resource_codes', t.json, (c) => c.notNull().defaultTo('[]'))
          .addColumn('routed_at', t.time)
          .addColumn('routed_by', t.text)
          .addColumn('answer_kind', t.text, (c) => c.check(sql`answer_kind is null or answer_kind in (${inList(ANSWER_KINDS)})`))
          .addColumn('answer_resource_code', t.text)
          .addColumn('answer_resource_version', t.int)
          .addColumn('answer_circumstances', t.text)
          .addColumn('answer_reasons', t.text)
          .addColumn('answer_comment', t.text)
          .addColumn('answered_at', t.time)
          .addColumn('answered_by', t.text)
          .addColumn('decision_level', t.text, (c) => c.check(sql`decision_level is null or decision_level in (${inList(DECISION_LEVELS)})`))
          .addColumn('decision_outcome', t.text, (c) => c.check(sql`decision_outcome is null or decision_outcome in (${inList(DECISION_OUTCOMES)})`))
          .addColumn('decision_text', t.text)
          .addColumn('decided_at', t.time)
          .addColumn('decided_by', t.text)
          .addColumn('escalation_reason', t.text)
          .addColumn('escalated_at', t.time)
          .addColumn('escalated_by', t.text)
          .addColumn('gap_note', t.text)
          .addColumn('gap_at', t.time)
          .addColumn('gap_by', t.text)
          .addColumn('withdraw_reason', t.text)
          .addColumn('withdrawn_at', t.time)
          .addColumn('registered_at', t.time)
          .addColumn('registered_by', t.text)
          .addColumn('met_at', t.time)
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sharing_demand_requester_idx').on('sharing_demand').columns(['requester_unit_id', 'updated_at']).execute();
        await db.schema.createIndex('sharing_demand_provider_idx').on('sharing_demand').columns(['provider_unit_id', 'updated_at']).execute();
        // The board's state tabs, the gap list and the met sweep (state = in_progress) read by state.
        await db.schema.createIndex('sharing_demand_state_idx').on('sharing_demand').columns(['state', 'updated_at']).execute();

        await db.schema
          .createTable('sharing_demand_decision')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('demand_id', t.id, (c) => c.notNull().references('sharing_demand.id'))
          .addColumn('seq', t.int, (c) => c.notNull())
          .addColumn('kind', t.text, (c) => c.notNull().check(sql`kind in (${inList(RECORD_KINDS)})`))
          .addColumn('outcome', t.text, (c) => c.check(sql`outcome is null or outcome in (${inList(DECISION_OUTCOMES)})`))
          .addColumn('text', t.text)
          .addColumn('circumstances', t.text)
          .addColumn('resource_code', t.text)
          .addColumn('actor_id', t.id)
          .addColumn('actor_name', t.text, (c) => c.notNull())
          .addColumn('unit_id', t.id)
          .addColumn('at', t.time, (c) => c.notNull())
          .addColumn('registered_at', t.time)
          .addColumn('registered_by', t.text)
          .execute();
        // One writer per (demand, seq): two nodes answering at once cannot both append seq N.
        await db.schema.createIndex('sharing_demand_decision_seq_idx').unique().on('sharing_demand_decision').columns(['demand_id', 'seq']).execute();
      },
    },
  };
  return m;
};
