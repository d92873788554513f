import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { loadConfig, type Config } from '../../src/core/config.js';
import type { Dialect } from '../../src/core/db/database.js';
import { openPlatform, type Platform } from '../../src/platform.js';
import { createSigningKey } from '../../src/audit/keys.js';
import type { Clock } from '../../src/core/clock.js';

/** The PostgreSQL server tests create their databases on. */
export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const DIALECTS: Dialect[] = (process.env.GOVSHARE_TEST_DIALECTS?.split(',') as Dialect[] | undefined) ?? ['sqlite', 'postgres'];

/** A fresh, empty database for one test suite: a temp SQLite file or a new PostgreSQL database. */
export interface TestDatabase {
  dialect: Dialect;
  dataDir: string;
  databaseUrl: string | null;
  drop(): Promise<void>;
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'govshare-test-'));
  if (dialect === 'sqlite') {
    return { dialect, dataDir, databaseUrl: null, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `govshare_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    dataDir,
    databaseUrl: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Tests hash passwords at the lowest cost the setting allows (2^10: ~1 ms instead of ~100 ms, and
 * ~1 s on a loaded 2-CPU CI host, where logins dominated whole suites). The default cost is checked
 * in src/org/password.test.ts and src/core/config.test.ts.
 */
export const TEST_PASSWORD_HASH_COST = 10;

export function testConfig(tdb: TestDatabase, overrides: Partial<Config> = {}): Config {
  return loadConfig({}, { dataDir: tdb.dataDir, databaseUrl: tdb.databaseUrl, logLevel: 'silent', rateLimitPerMinute: 0, passwordHashCost: TEST_PASSWORD_HASH_COST, ...overrides });
}

export interface TestPlatform {
  platform: Platform;
  tdb: TestDatabase;
  /** Closes the platform and drops the database. */
  cleanup(): Promise<void>;
}

/** A migrated platform with a signing key on a fresh database of the given dialect. */
export async function createTestPlatform(
  dialect: Dialect,
  opts: { clock?: Clock; config?: Partial<Config> } = {},
): Promise<TestPlatform> {
  const tdb = await createTestDatabase(dialect);
  const config = testConfig(tdb, opts.config);
  createSigningKey(config.dataDir, config.auditSignature);
  const platform = await openPlatform(config, { clock: opts.clock });
  return {
    platform,
    tdb,
    async cleanup() {
      await platform.close();
      await tdb.drop();
    },
  };
}

/** Runs the same suite on SQLite and PostgreSQL (the project's rule: every DB test on both). */
export function describeEachDialect(name: string, fn: (dialect: Dialect) => void): void {
  for (const dialect of DIALECTS) describe(`${name} [${dialect}]`, () => fn(dialect));
}
