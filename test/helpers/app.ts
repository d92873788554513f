import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/core/http/app.js';
import { seedDemo } from '../../src/demo/seed.js';
import { createTestPlatform, type TestPlatform } from './platform.js';
import type { Dialect } from '../../src/core/db/database.js';
import type { Clock } from '../../src/core/clock.js';
import type { Config } from '../../src/core/config.js';

export const DEMO_PASSWORD = 'Test@Demo2026x';

export interface TestApp extends TestPlatform {
  app: FastifyInstance;
  /** Logs in through the API and returns the bearer token. */
  login(username: string, password?: string): Promise<string>;
  /** `app.inject` with a bearer token. */
  as(token: string, method: string, url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** A platform seeded with the Sanya demo and its HTTP app (no listening socket). */
export async function createTestApp(dialect: Dialect, opts: { clock?: Clock; config?: Partial<Config>; seed?: boolean; catalog?: boolean } = {}): Promise<TestApp> {
  const t = await createTestPlatform(dialect, opts);
  if (opts.seed !== false) await seedDemo(t.platform, { password: DEMO_PASSWORD, catalog: opts.catalog ?? false });
  const app = await buildApp(t.platform, { logger: false, serveWeb: false });
  await app.ready();
  const tokens = new Map<string, string>();
  return {
    ...t,
    app,
    async login(username, password = DEMO_PASSWORD) {
      const key = `${username}\u0000${password}`;
      const cached = tokens.get(key);
      if (cached) return cached;
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const token = res.json().token as string;
      tokens.set(key, token);
      return token;
    },
    as(token, method, url, payload, headers = {}) {
      return app.inject({ method: method as never, url, payload: payload as never, headers: { authorization: `Bearer ${token}`, ...headers } });
    },
    async close() {
      await app.close();
      await t.cleanup();
    },
  };
}
