import type { MigrationSet } from '../../core/db/migrate.js';

/** agreements migrations: names 2026-11-25-063x-… so they run after the grant table. */
export const agreementsMigrations: MigrationSet = () => ({});
