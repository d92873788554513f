import type { MigrationSet } from '../../core/db/migrate.js';

/** applications migrations: names 2026-11-25-062x-… so they run after the grant table. */
export const applicationsMigrations: MigrationSet = () => ({});
