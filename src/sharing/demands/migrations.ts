import type { MigrationSet } from '../../core/db/migrate.js';

/** demands migrations: names 2026-11-25-064x-… so they run after the grant table. */
export const demandsMigrations: MigrationSet = () => ({});
