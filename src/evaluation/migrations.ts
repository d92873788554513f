import type { MigrationSet } from '../core/db/migrate.js';
import { usageMigrations } from './usage/migrations.js';
import { indicatorsMigrations } from './indicators/migrations.js';
import { reportMigrations } from './report/migrations.js';
import { dashboardMigrations } from './dashboard/migrations.js';

/** The evaluation module's migrations: each part's set, merged. */
export const evaluationMigrations: MigrationSet = (dialect) => ({
  ...usageMigrations(dialect),
  ...indicatorsMigrations(dialect),
  ...reportMigrations(dialect),
  ...dashboardMigrations(dialect),
});
