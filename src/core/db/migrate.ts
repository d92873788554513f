import { Migrator, type Migration, type MigrationProvider, type Kysely } from 'kysely';
import type { Dialect } from './database.js';
import type { Db } from './database.js';
import { coreMigrations } from '../migrations.js';
import { orgMigrations } from '../../org/migrations.js';
import { auditMigrations } from '../../audit/migrations.js';
import { catalogMigrations } from '../../catalog/migrations.js';
import { exchangeMigrations } from '../../exchange/migrations.js';
import { sharingMigrations } from '../../sharing/migrations.js';
import { supervisionMigrations } from '../../supervision/migrations.js';
import { evaluationMigrations } from '../../evaluation/migrations.js';

/** A module's migrations: names must sort in the order they are to run (date-prefixed). */
export type MigrationSet = (dialect: Dialect) => Record<string, Migration>;

const sets: MigrationSet[] = [coreMigrations, orgMigrations, auditMigrations, catalogMigrations, exchangeMigrations, sharingMigrations, supervisionMigrations, evaluationMigrations];

export function allMigrations(dialect: Dialect): Record<string, Migration> {
  const all: Record<string, Migration> = {};
  for (const set of sets) {
    for (const [name, m] of Object.entries(set(dialect))) {
      if (all[name]) throw new Error(`duplicate migration name ${name}`);
      all[name] = m;
    }
  }
  return all;
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations() {
    return this.migrations;
  }
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db: db.kysely as unknown as Kysely<unknown>,
    provider: new StaticProvider(allMigrations(db.dialect)),
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
