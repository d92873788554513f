import type { MigrationSet } from '../../core/db/migrate.js';

/** objections migrations: names 2026-11-25-065x-… so they run after the grant table. */
export const objectionsMigrations: MigrationSet = () => ({});
