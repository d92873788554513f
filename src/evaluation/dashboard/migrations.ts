import type { MigrationSet } from '../../core/db/migrate.js';

/** Migrations of evaluation/dashboard (names 2026-11-26-07xx-… for supervision, 08xx-… for evaluation). */
export const dashboardMigrations: MigrationSet = () => ({});
