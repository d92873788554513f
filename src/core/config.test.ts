import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, defaultConfig, loadConfig, SETTINGS } from './config.js';

describe('configuration', () => {
  it('has a default, an environment variable and a description for every setting', () => {
    const keys = Object.keys(defaultConfig());
    expect(keys.sort()).toEqual(SETTINGS.map((s) => s.key).sort());
    for (const s of SETTINGS) {
      expect(s.env).toMatch(/^(GOVSHARE_|DATABASE_URL$)/);
      expect(s.describe.length).toBeGreaterThan(10);
    }
  });

  it('reads environment variables over defaults and CLI overrides over both', () => {
    const c = loadConfig({ GOVSHARE_PORT: '9090', GOVSHARE_AUDIT_HASH: 'sha256', GOVSHARE_TRUST_PROXY: 'yes' }, { host: '127.0.0.2' });
    expect(c.port).toBe(9090);
    expect(c.auditHash).toBe('sha256');
    expect(c.trustProxy).toBe(true);
    expect(c.host).toBe('127.0.0.2');
    expect(c.databaseUrl).toBeNull();
  });

  it('reports every bad value at once, naming the variable', () => {
    let err: unknown;
    try {
      loadConfig({ GOVSHARE_PORT: 'eighty', GOVSHARE_AUDIT_HASH: 'md5', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('GOVSHARE_PORT must be an integer');
    expect(msg).toContain('GOVSHARE_AUDIT_HASH must be one of sm3, sha256');
    expect(msg).toContain('DATABASE_URL must be a postgres:// URL');
  });

  it('rejects out-of-range numbers', () => {
    expect(() => loadConfig({ GOVSHARE_PORT: '70000' })).toThrow(/between 0 and 65535/);
    expect(() => loadConfig({ GOVSHARE_PASSWORD_MIN_LENGTH: '4' })).toThrow(/between 8 and 128/);
    expect(() => loadConfig({ GOVSHARE_PASSWORD_HASH_COST: '9' })).toThrow(/between 10 and 20/);
    expect(loadConfig({}).passwordHashCost).toBe(15);
    expect(loadConfig({ GOVSHARE_PASSWORD_HASH_COST: '16' }).passwordHashCost).toBe(16);
  });

  it('reads an optional JSON file and rejects unknown keys in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'govshare-cfg-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ port: 8181, logLevel: 'warn' }));
    expect(loadConfig({ GOVSHARE_CONFIG: good }).port).toBe(8181);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ GOVSHARE_CONFIG: bad })).toThrow(/unknown setting "prot"/);
    expect(() => loadConfig({ GOVSHARE_CONFIG: join(dir, 'missing.json') })).toThrow(/file not found/);
  });
});
