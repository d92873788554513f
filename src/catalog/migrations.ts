import { sql, type Migration } from 'kysely';
import { columnTypes } from '../core/db/columns.js';
import type { MigrationSet } from '../core/db/migrate.js';
import { createSearchIndexMigration } from '../core/search/index.js';
import {
  CHANGE_KINDS,
  CLASSIFICATION_KINDS,
  DATA_GRADES,
  DATA_TYPES,
  LAYERS,
  MASKING_RULES,
  OPEN_ATTRIBUTES,
  RESOURCE_FORMATS,
  SECRECY_LEVELS,
  SENSITIVITIES,
  SHARING_TYPES,
  UPDATE_CYCLES,
  VERSION_STATES,
} from './model.js';

/** Name of the catalog's search index (src/core/search). */
export const CATALOG_SEARCH_INDEX = 'catalog_search';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const catalogMigrations: MigrationSet = (dialect) => {
  const t = columnTypes(dialect);
  const m: Record<string, Migration> = {
    '2026-11-25-0400-catalog-classification': {
      async up(db) {
        await db.schema
          .createTable('catalog_classification')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('kind', t.text, (c) => c.notNull().check(sql`kind in (${inList(CLASSIFICATION_KINDS)})`))
          .addColumn('code', t.text, (c) => c.notNull().unique())
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('parent_id', t.id, (c) => c.references('catalog_classification.id'))
          .addColumn('level', t.int, (c) => c.notNull().check(sql`level between 1 and 4`))
          .addColumn('description', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('catalog_classification_parent_idx').on('catalog_classification').column('parent_id').execute();
        await db.schema
          .createTable('catalog_code_seq')
          .addColumn('classification_code', t.text, (c) => c.primaryKey())
          .addColumn('last_seq', t.int, (c) => c.notNull())
          .execute();
      },
    },
    '2026-11-25-0410-catalog-data-element': {
      async up(db) {
        await db.schema
          .createTable('catalog_data_element')
          .addColumn('code', t.text, (c) => c.primaryKey())
          .addColumn('name', t.text, (c) => c.notNull().unique())
          .addColumn('definition', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('data_type', t.text, (c) => c.notNull().check(sql`data_type in (${inList(DATA_TYPES)})`))
          .addColumn('length', t.int)
          .addColumn('authoritative_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('catalog_data_element_unit_idx').on('catalog_data_element').column('authoritative_unit_id').execute();
      },
    },
    '2026-11-25-0420-catalog-resource': {
      async up(db) {
        await db.schema
          .createTable('catalog_resource')
          .addColumn('code', t.text, (c) => c.primaryKey())
          .addColumn('provider_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('status', t.text, (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'withdrawn')`))
          .addColumn('published_version', t.int)
          .addColumn('working_version', t.int)
          .addColumn('latest_version', t.int, (c) => c.notNull())
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('catalog_resource_provider_idx').on('catalog_resource').column('provider_unit_id').execute();
        await db.schema.createIndex('catalog_resource_published_idx').on('catalog_resource').column('published_version').execute();

        await db.schema
          .createTable('catalog_resource_version')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('resource_code', t.text, (c) => c.notNull().references('catalog_resource.code'))
          .addColumn('version', t.int, (c) => c.notNull())
          .addColumn('state', t.text, (c) => c.notNull().check(sql`state in (${inList(VERSION_STATES)})`))
          .addColumn('change_kind', t.text, (c) => c.notNull().check(sql`change_kind in (${inList(CHANGE_KINDS)})`))
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('abstract', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('provider_unit_id', t.id, (c) => c.notNull().references('unit.id'))
          .addColumn('provider_department', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('classification_id', t.id, (c) => c.notNull().references('catalog_classification.id'))
          .addColumn('layer', t.text, (c) => c.notNull().check(sql`layer in (${inList(LAYERS)})`))
          .addColumn('format', t.text, (c) => c.notNull().check(sql`format in (${inList(RESOURCE_FORMATS)})`))
          .addColumn('storage_format', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('secrecy_level', t.text, (c) => c.notNull().check(sql`secrecy_level in (${inList(SECRECY_LEVELS)})`))
          .addColumn('data_grade', t.text, (c) => c.notNull().check(sql`data_grade in (${inList(DATA_GRADES)})`))
          .addColumn('sharing_type', t.text, (c) => c.notNull().check(sql`sharing_type in (${inList(SHARING_TYPES)})`))
          .addColumn('sharing_conditions', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('sharing_scope', t.json, (c) => c.notNull())
          .addColumn('legal_basis', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('sharing_methods', t.json, (c) => c.notNull().defaultTo('[]'))
          .addColumn('open_attribute', t.text, (c) => c.notNull().check(sql`open_attribute in (${inList(OPEN_ATTRIBUTES)})`))
          .addColumn('update_cycle', t.text, (c) => c.notNull().check(sql`update_cycle in (${inList(UPDATE_CYCLES)})`))
          .addColumn('update_time_limit_days', t.int, (c) => c.notNull().defaultTo(0))
          .addColumn('published_at', t.time)
          .addColumn('related_codes', t.json, (c) => c.notNull().defaultTo('[]'))
          .addColumn('keywords', t.json, (c) => c.notNull().defaultTo('[]'))
          .addColumn('scenarios', t.json, (c) => c.notNull().defaultTo('[]'))
          .addColumn('source_system', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('target_database', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('metadata_only', t.bool, (c) => c.notNull().defaultTo(0).check(sql`metadata_only in (0, 1)`))
          .addColumn('created_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .addColumn('submitted_at', t.time)
          .addColumn('comment', t.text)
          .addColumn('created_by', t.text)
          .addUniqueConstraint('catalog_resource_version_uq', ['resource_code', 'version'])
          .execute();
        await db.schema.createIndex('catalog_resource_version_state_idx').on('catalog_resource_version').columns(['state', 'updated_at']).execute();
        await db.schema.createIndex('catalog_resource_version_provider_idx').on('catalog_resource_version').column('provider_unit_id').execute();

        await db.schema
          .createTable('catalog_data_item')
          .addColumn('version_id', t.id, (c) => c.notNull().references('catalog_resource_version.id'))
          .addColumn('seq', t.int, (c) => c.notNull())
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('code', t.text, (c) => c.notNull())
          .addColumn('data_type', t.text, (c) => c.notNull().check(sql`data_type in (${inList(DATA_TYPES)})`))
          .addColumn('length', t.int)
          .addColumn('precision', t.int)
          .addColumn('required', t.bool, (c) => c.notNull().defaultTo(0))
          .addColumn('is_key', t.bool, (c) => c.notNull().defaultTo(0))
          .addColumn('description', t.text, (c) => c.notNull().defaultTo(''))
          .addColumn('code_set', t.json)
          .addColumn('sensitivity', t.text, (c) => c.notNull().check(sql`sensitivity in (${inList(SENSITIVITIES)})`))
          .addColumn('masking', t.text, (c) => c.notNull().check(sql`masking in (${inList(MASKING_RULES)})`))
          .addColumn('masking_custom', t.json)
          .addColumn('element_code', t.text)
          .addPrimaryKeyConstraint('catalog_data_item_pk', ['version_id', 'seq'])
          .addUniqueConstraint('catalog_data_item_code_uq', ['version_id', 'code'])
          .execute();
        await db.schema.createIndex('catalog_data_item_element_idx').on('catalog_data_item').column('element_code').execute();

        await db.schema
          .createTable('catalog_transition')
          .addColumn('id', t.id, (c) => c.primaryKey())
          .addColumn('resource_code', t.text, (c) => c.notNull().references('catalog_resource.code'))
          .addColumn('version', t.int, (c) => c.notNull())
          .addColumn('at', t.time, (c) => c.notNull())
          .addColumn('action', t.text, (c) => c.notNull())
          .addColumn('from_state', t.text)
          .addColumn('to_state', t.text, (c) => c.notNull())
          .addColumn('actor_id', t.text)
          .addColumn('actor_name', t.text, (c) => c.notNull())
          .addColumn('unit_id', t.id)
          .addColumn('comment', t.text)
          .execute();
        await db.schema.createIndex('catalog_transition_resource_idx').on('catalog_transition').columns(['resource_code', 'at']).execute();
      },
    },
    // The published catalog's full-text index (one document per resource code, the published version).
    '2026-11-25-0430-catalog-search': createSearchIndexMigration(CATALOG_SEARCH_INDEX, dialect),
    '2026-11-25-0440-catalog-published': {
      async up(db) {
        await db.schema
          .createTable('catalog_published')
          .addColumn('code', t.text, (c) => c.primaryKey().references('catalog_resource.code'))
          .addColumn('version_id', t.id, (c) => c.notNull().references('catalog_resource_version.id'))
          .addColumn('version', t.int, (c) => c.notNull())
          .addColumn('provider_unit_id', t.id, (c) => c.notNull())
          .addColumn('name', t.text, (c) => c.notNull())
          .addColumn('layer', t.text, (c) => c.notNull())
          .addColumn('sharing_type', t.text, (c) => c.notNull())
          .addColumn('format', t.text, (c) => c.notNull())
          .addColumn('update_cycle', t.text, (c) => c.notNull())
          .addColumn('classification_id', t.id, (c) => c.notNull())
          .addColumn('classification_code', t.text, (c) => c.notNull())
          .addColumn('theme', t.text, (c) => c.notNull())
          .addColumn('scenarios', t.json, (c) => c.notNull().defaultTo('[]'))
          .addColumn('published_at', t.time, (c) => c.notNull())
          .addColumn('updated_at', t.time, (c) => c.notNull())
          .execute();
        // One index per filter / facet / sort column: each facet count reads one index only.
        for (const col of ['provider_unit_id', 'layer', 'sharing_type', 'format', 'update_cycle', 'classification_id', 'classification_code', 'theme', 'published_at', 'updated_at', 'name']) {
          await db.schema.createIndex(`catalog_published_${col}_idx`).on('catalog_published').columns([col, 'code']).execute();
        }
      },
    },
    // SQLite only: the filter columns of each published resource keyed by its search row id, so a
    // filtered text query counts and pages from the FTS rowids without joining by text code.
    // Triggers keep it equal to catalog_search_doc ⋈ catalog_published (PostgreSQL joins directly).
    '2026-11-25-0450-catalog-search-filter': {
      async up(db) {
        if (dialect !== 'sqlite') return;
        await sql`create table catalog_search_filter (
          rid integer primary key, layer text not null, sharing_type text not null, format text not null, update_cycle text not null)`.execute(db);
        await sql`insert into catalog_search_filter (rid, layer, sharing_type, format, update_cycle)
          select d.rid, cp.layer, cp.sharing_type, cp.format, cp.update_cycle
          from catalog_search_doc d join catalog_published cp on cp.code = d.doc_id order by d.rid`.execute(db);
        const fromPublished = (doc: string) => `insert or replace into catalog_search_filter (rid, layer, sharing_type, format, update_cycle)
          select ${doc}.rid, cp.layer, cp.sharing_type, cp.format, cp.update_cycle from catalog_published cp where cp.code = ${doc}.doc_id;`;
        const fromDoc = `insert or replace into catalog_search_filter (rid, layer, sharing_type, format, update_cycle)
          select d.rid, new.layer, new.sharing_type, new.format, new.update_cycle from catalog_search_doc d where d.doc_id = new.code;`;
        const dropByCode = `delete from catalog_search_filter where rid in (select d.rid from catalog_search_doc d where d.doc_id = old.code);`;
        const triggers = [
          `create trigger catalog_search_filter_doc_ins after insert on catalog_search_doc begin ${fromPublished('new')} end`,
          `create trigger catalog_search_filter_doc_upd after update on catalog_search_doc begin
            delete from catalog_search_filter where rid = old.rid; ${fromPublished('new')} end`,
          `create trigger catalog_search_filter_doc_del after delete on catalog_search_doc begin
            delete from catalog_search_filter where rid = old.rid; end`,
          `create trigger catalog_search_filter_pub_ins after insert on catalog_published begin ${fromDoc} end`,
          `create trigger catalog_search_filter_pub_upd after update on catalog_published begin ${dropByCode} ${fromDoc} end`,
          `create trigger catalog_search_filter_pub_del after delete on catalog_published begin ${dropByCode} end`,
        ];
        for (const t of triggers) await sql.raw(t).execute(db);
      },
    },
  };
  return m;
};
