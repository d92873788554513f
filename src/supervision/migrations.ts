import type { MigrationSet } from '../core/db/migrate.js';
import { violationMigrations } from './violations/migrations.js';
import { complaintMigrations } from './complaints/migrations.js';
import { complianceMigrations } from './rules/migrations.js';
import { integrityMigrations } from './integrity/migrations.js';
import { trainingMigrations } from './training/migrations.js';
import { planMigrations } from './plans/migrations.js';

/** The supervision module's migrations: each part's set, merged. */
export const supervisionMigrations: MigrationSet = (dialect) => ({
  ...violationMigrations(dialect),
  ...complaintMigrations(dialect),
  ...complianceMigrations(dialect),
  ...integrityMigrations(dialect),
  ...trainingMigrations(dialect),
  ...planMigrations(dialect),
});
