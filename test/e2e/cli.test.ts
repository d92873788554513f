import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { demoUnitCode } from '../../src/demo/seed.js';
import { createTestDatabase, type TestDatabase } from '../helpers/platform.js';
import { freePort, waitForServer } from './support.js';

const BIN = resolve('bin/govshare.js');

/**
 * Runs the CLI to its end. Asynchronous on purpose: a spawnSync blocked the test worker for as long as
 * the command ran, and under load vitest's worker-to-main messages timed out ("Timeout calling
 * onTaskUpdate") and failed the run although every test had passed.
 */
function govshare(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolveRun, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { encoding: 'utf8', env: { ...process.env, GOVSHARE_LOG_LEVEL: 'silent', ...env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolveRun({ code: error ? (error.code as number) : 0, out: stdout, err: stderr });
      },
    );
  });
}

describe('govshare CLI on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govshare-cli-'));
  const dd = ['--data-dir', dir];
  const unitCode = demoUnitCode(901);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('initialises a data directory once, printing a generated admin password', async () => {
    const first = await govshare(['init', ...dd]);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('administrator: admin');
    expect(first.out).toMatch(/password \(shown once.*\): \S{12,}/);
    expect(existsSync(join(dir, 'audit-signing-key.pem'))).toBe(true);
    const again = await govshare(['init', ...dd]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('administrator: already present');
  });

  it('adds and lists units, refusing a bad credit code in one clear line', async () => {
    const ok = await govshare(['unit', 'add', ...dd, '--code', unitCode, '--name', '测试局', '--kind', 'city_department']);
    expect(ok.code, ok.err).toBe(0);
    const bad = await govshare(['unit', 'add', ...dd, '--code', unitCode.slice(0, 17) + (unitCode[17] === '0' ? '1' : '0'), '--name', '坏代码局', '--kind', 'city_department']);
    expect(bad.code).toBe(1);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/^govshare: /);
    const list = await govshare(['unit', 'list', ...dd]);
    expect(list.out).toContain('测试局');
    expect(list.out).not.toContain('坏代码局');
  });

  it('manages users: add, list, passwd, disable', async () => {
    const add = await govshare(['user', 'add', ...dd, '--username', 'zhangsan_demo', '--name', '测试用户', '--unit', unitCode, '--roles', 'unit_steward', '--password', 'Cli@Passw0rd!']);
    expect(add.code, add.err).toBe(0);
    expect((await govshare(['user', 'list', ...dd])).out).toContain('zhangsan_demo');
    const weak = await govshare(['user', 'passwd', 'zhangsan_demo', ...dd, '--password', 'short']);
    expect(weak.code).toBe(1);
    expect((await govshare(['user', 'passwd', 'zhangsan_demo', ...dd, '--password', 'An0ther#Passw0rd'])).code).toBe(0);
    expect((await govshare(['user', 'disable', 'zhangsan_demo', ...dd])).code).toBe(0);
    const badRole = await govshare(['user', 'add', ...dd, '--username', 'x_demo', '--name', 'x', '--unit', unitCode, '--roles', 'king']);
    expect(badRole.code).toBe(1);
    expect(badRole.err).toContain('unknown: king');
  });

  it('creates and revokes an API token for an application system', async () => {
    expect((await govshare(['system', 'add', ...dd, '--unit', unitCode, '--code', 'TEST', '--name', '测试系统'])).code).toBe(0);
    const created = await govshare(['token', 'create', ...dd, '--unit', unitCode, '--system', 'TEST', '--name', 'ci', '--days', '30']);
    expect(created.code, created.err).toBe(0);
    expect(created.out).toMatch(/secret \(shown once\): gst_\S+/);
    const id = /token (\S+) for/.exec(created.out)![1];
    expect((await govshare(['token', 'revoke', id, ...dd])).code).toBe(0);
    expect((await govshare(['token', 'create', ...dd, '--unit', unitCode, '--system', 'NOPE', '--name', 'x'])).code).toBe(1);
  });

  it('verifies the audit chain, and names the event a direct database edit broke', async () => {
    const ok = await govshare(['audit', 'verify', ...dd]);
    expect(ok.code, ok.out + ok.err).toBe(0);
    expect(ok.out).toContain('audit chain intact');
    const copy = mkdtempSync(join(tmpdir(), 'govshare-cli-tamper-'));
    try {
      expect((await govshare(['backup', ...dd, '--out', join(copy, 'govshare.db')])).code).toBe(0);
      for (const f of ['audit-signing-key.pem', 'audit-signing-key.pub.pem']) {
        if (existsSync(join(dir, f))) copyFileSync(join(dir, f), join(copy, f));
      }
      const db = new SQLite(join(copy, 'govshare.db'));
      const victim = db.prepare("select seq from audit_event where action like 'org.user.%' order by seq limit 1").get() as { seq: number };
      // An attacker with file access first drops the append-only trigger, then edits the row.
      db.exec('drop trigger if exists audit_event_no_update');
      db.prepare('update audit_event set actor_name = ? where seq = ?').run('someone-else', victim.seq);
      db.close();
      const broken = await govshare(['audit', 'verify', '--data-dir', copy]);
      expect(broken.code).toBe(2);
      expect(broken.out).toContain(`seq ${victim.seq}`);
      expect(broken.err).toContain('audit verification failed');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('backs up and restores, verifying the restored audit chain', async () => {
    const file = join(dir, 'backup-1.db');
    const b = await govshare(['backup', ...dd, '--out', file]);
    expect(b.code, b.err).toBe(0);
    expect((await govshare(['backup', ...dd, '--out', file])).code).toBe(1);
    expect((await govshare(['unit', 'add', ...dd, '--code', demoUnitCode(902), '--name', '备份后新增局', '--kind', 'city_department'])).code).toBe(0);
    const r = await govshare(['restore', ...dd, '--from', file]);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain('audit chain intact');
    const list = (await govshare(['unit', 'list', ...dd])).out;
    expect(list).toContain('测试局');
    expect(list).not.toContain('备份后新增局');
    const notDb = await govshare(['restore', ...dd, '--from', BIN]);
    expect(notDb.code).toBe(1);
    expect(notDb.err).toMatch(/not a (readable SQLite|GovShare) database/);
  });

  it('refuses bad flags with one clear line', async () => {
    const r = await govshare(['serve', ...dd, '--port', 'eighty']);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe('govshare: --port must be an integer between 0 and 65535, got "eighty"');
    const e = await govshare(['serve', '--data-dir', join(dir, 'empty')]);
    expect(e.code).toBe(1);
    expect(e.err).toContain('govshare init');
  });
});

describe('govshare demo and serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govshare-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds the Sanya demo, serves it, and shuts down cleanly on SIGTERM with an intact audit chain', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'demo', '--data-dir', dir, '--port', String(port), '--host', '127.0.0.1'], {
      env: { ...process.env, GOVSHARE_LOG_LEVEL: 'warn', GOVSHARE_DEMO_PASSWORD: 'Demo@Pass2026' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const health = await waitForServer(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'Demo@Pass2026' }),
      });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(((await me.json()) as { username: string }).username).toBe('admin');
      const units = (await (await fetch(`http://127.0.0.1:${port}/api/v1/units?limit=100`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { name: string }[] };
      const names = units.items.map((u) => u.name);
      for (const n of ['三亚市公安局', '三亚市海棠区人民政府', '三亚市吉阳区人民政府', '三亚市天涯区人民政府', '三亚市崖州区人民政府', '三亚市育才生态区管理委员会']) expect(names).toContain(n);
      // The README's first minute with the data API: a demo token of a consumer system.
      const demoToken = 'gst_demoshjz_SanyaDemo2026-ReadOnly-SHJZ';
      const q = await fetch(`http://127.0.0.1:${port}/api/v1/data/A01%2F000001/records?filter=${encodeURIComponent('ssq:eq:460203')}&fields=xm,ssq&limit=5&count=true`, {
        headers: { authorization: `Bearer ${demoToken}`, 'x-purpose': encodeURIComponent('低保资格核查') },
      });
      expect(q.status).toBe(200);
      const page = (await q.json()) as { items: { xm: string; ssq: string }[]; total: number };
      expect(page.items).toHaveLength(5);
      expect(page.items.every((r) => r.ssq === '460203' && /\*/.test(r.xm))).toBe(true);
      expect(page.total).toBeGreaterThan(1000);
      // The README's demo grant: 民政局 may use 社保参保信息 (five fields, masked), under a daily quota it can see.
      const social = await fetch(`http://127.0.0.1:${port}/api/v1/data/B01%2F000001/records?limit=3`, {
        headers: { authorization: `Bearer ${demoToken}`, 'x-purpose': encodeURIComponent('低保资格核查') },
      });
      const insured = (await social.json()) as { items: Record<string, unknown>[] };
      expect(social.status, JSON.stringify(insured)).toBe(200);
      expect(Object.keys(insured.items[0]!).filter((k) => !k.startsWith('_')).sort()).toEqual(['cbxz', 'cbzt', 'sfzhm', 'shbzhm', 'xm']);
      // 社会保障号码 is the ID number: masked like it, the record key included.
      for (const r of insured.items) for (const k of ['shbzhm', 'sfzhm', '_key']) expect(String(r[k]), k).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      const info = (await (await fetch(`http://127.0.0.1:${port}/api/v1/data/B01%2F000001`, { headers: { authorization: `Bearer ${demoToken}` } })).json()) as { access: { basis: string; quota: unknown } };
      expect(info.access).toMatchObject({ basis: 'grant', quota: { requestsPerDay: 10_000, rowsPerDay: null, requests: 1, rows: 3 } });
      const portal = await fetch(`http://127.0.0.1:${port}/units`);
      expect(portal.status).toBe(200);
      expect(await portal.text()).toContain('<div id="root">');
    } finally {
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited, out).toBe(0);
    }
    const v = await govshare(['audit', 'verify', '--data-dir', dir]);
    expect(v.code, v.out + v.err).toBe(0);
    // The archival package of the demo's population register.
    const zip = join(dir, 'rk-archive.zip');
    const arch = await govshare(['export-archive', 'A01/000001', '--data-dir', dir, '--out', zip]);
    expect(arch.code, arch.err).toBe(0);
    expect(arch.out).toContain('50000 rows');
    expect(statSync(zip).size).toBeGreaterThan(100_000);
    const missing = await govshare(['export-archive', 'Z99/000001', '--data-dir', dir, '--out', join(dir, 'none.zip')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^govshare: /);
    // Demo is idempotent: a second run (seed only) keeps the data.
    const again = await govshare(['demo', '--data-dir', dir, '--no-serve']);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain('already seeded');
  });
});

describe('govshare CLI on PostgreSQL', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
  });
  afterAll(() => tdb.drop());

  it('initialises, adds a unit and verifies the audit chain through DATABASE_URL', async () => {
    const env = { DATABASE_URL: tdb.databaseUrl! };
    const init = await govshare(['init', '--data-dir', tdb.dataDir, '--admin-password', 'Pg@Root2026!x'], env);
    expect(init.code, init.err).toBe(0);
    expect(init.out).toContain('PostgreSQL');
    expect((await govshare(['unit', 'add', '--data-dir', tdb.dataDir, '--code', demoUnitCode(903), '--name', 'PG测试局', '--kind', 'district'], env)).code).toBe(0);
    const v = await govshare(['audit', 'verify', '--data-dir', tdb.dataDir], env);
    expect(v.code, v.out + v.err).toBe(0);
    const backup = await govshare(['backup', '--data-dir', tdb.dataDir, '--out', join(tdb.dataDir, 'x.dump')], env);
    expect(backup.out).toContain('pg_dump');
  });
});
