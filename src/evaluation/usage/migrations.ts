import type { MigrationSet } from '../../core/db/migrate.js';

/** Migrations of evaluation/usage (names 2026-11-26-07xx-… for supervision, 08xx-… for evaluation). */
export const usageMigrations: MigrationSet = () => ({});
