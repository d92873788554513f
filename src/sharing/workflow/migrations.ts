import type { MigrationSet } from '../../core/db/migrate.js';

/** workflow migrations: names 2026-11-25-061x-… so they run after the grant table. */
export const workflowMigrations: MigrationSet = () => ({});
