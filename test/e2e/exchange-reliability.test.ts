import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { seedDemo } from '../../src/demo/seed.js';
import { demoResource, demoResourceCode, demoRows } from '../../src/demo/datasets.js';
import { tableNameFor } from '../../src/exchange/dataset.js';
import { createTestPlatform, describeEachDialect, type TestDatabase } from '../helpers/platform.js';
import { freePort, waitForServer } from './support.js';

/**
 * Issue 4: a batch is all-or-nothing even when the server dies in the middle of it. The real
 * server binary takes a 150,000-row CSV upload with an Idempotency-Key and is killed with SIGKILL
 * while the batch runs; after a restart the dataset has no row of it (or all, had the kill come
 * after the commit), the batch is `aborted`, the audit chain verifies, and the same request
 * retried commits every row once; a further retry is answered from the first commit.
 */

const BIN = resolve('bin/govshare.js');
const PASSWORD = 'E2e-Reliab-Pass#2026';
const ROWS = 150_000;
const CODE = demoResourceCode('人口基础信息'); // A01/000001
const PATH = `/api/v1/data/${encodeURIComponent(CODE)}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The CSV of `ROWS` valid people (header = item codes), written once for both dialects. */
let csvDir: string;
let csvFile: string;
let csvBytes: number;

beforeAll(async () => {
  csvDir = mkdtempSync(join(tmpdir(), 'govshare-crash-csv-'));
  csvFile = join(csvDir, 'people.csv');
  const resource = demoResource('人口基础信息');
  const codes = resource.dataItems.map((i) => i.code);
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const out = createWriteStream(csvFile);
  let buf = codes.join(',') + '\r\n';
  for (const row of demoRows(resource, ROWS)) {
    buf += codes.map((c) => cell(row[c])).join(',') + '\r\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  csvBytes = statSync(csvFile).size;
}, 60_000);
afterAll(() => rmSync(csvDir, { recursive: true, force: true }));

describeEachDialect('a server killed mid-batch loses nothing and half-writes nothing', (dialect) => {
  let tdb: TestDatabase;
  let env: Record<string, string>;
  let port: number;
  let server: ChildProcess | null = null;
  let serverLog = '';

  const base = () => `http://127.0.0.1:${port}`;

  async function start(): Promise<void> {
    serverLog = '';
    const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', tdb.dataDir, '--port', String(port), '--host', '127.0.0.1'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (serverLog += d));
    child.stderr!.on('data', (d) => (serverLog += d));
    server = child;
    const health = await waitForServer(`${base()}/healthz`);
    expect(health.status, serverLog).toBe(200);
  }

  /** Stops the server: SIGKILL (a crash) or SIGTERM (a clean shutdown); resolves with the exit code / signal. */
  async function stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = server!;
    server = null;
    if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    child.kill(signal);
    const [code, sig] = await exited;
    return { code, signal: sig };
  }

  function govshare(args: string[]) {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  async function login(): Promise<string> {
    const res = await fetch(`${base()}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'steward_ga', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  }

  async function get<T>(token: string, path: string, timeoutMs = 30_000): Promise<{ status: number; body: T }> {
    const res = await fetch(`${base()}${path}`, { headers: { authorization: `Bearer ${token}`, 'x-purpose': 'crash-test' }, signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: (await res.json()) as T };
  }

  /** POSTs the CSV file as a streamed request body (never read into memory). */
  function postCsv(token: string, key: string): Promise<{ status: number; headers: Record<string, unknown>; body: string } | { error: Error }> {
    return new Promise((done) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `${PATH}/batches?fileName=people.csv`,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': String(csvBytes), 'idempotency-key': key },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (body += d));
          res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body }));
          res.on('error', (error) => done({ error }));
        },
      );
      req.on('error', (error) => done({ error }));
      createReadStream(csvFile).pipe(req);
    });
  }

  /** Reads the database behind the server's back (a second connection): batch states and live rows. */
  async function direct<T>(work: (q: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
    if (dialect === 'sqlite') {
      const db = new SQLite(join(tdb.dataDir, 'govshare.db'), { readonly: true, fileMustExist: true });
      try {
        return await work(async (text, params = []) => db.prepare(text.replace(/\$\d+/g, '?')).all(...params) as Record<string, unknown>[]);
      } finally {
        db.close();
      }
    }
    const c = new pg.Client({ connectionString: tdb.databaseUrl! });
    await c.connect();
    try {
      return await work(async (text, params = []) => (await c.query(text, params)).rows as Record<string, unknown>[]);
    } finally {
      await c.end();
    }
  }

  const liveRows = () =>
    direct(async (q) => {
      const t = await q(`select count(*) as n from exchange_dataset where table_name = $1`, [tableNameFor(CODE)]);
      if (Number(t[0]!.n) === 0) return 0;
      return Number((await q(`select count(*) as n from "${tableNameFor(CODE)}" where _deleted = 0`))[0]!.n);
    });
  const batchStates = (key: string) =>
    direct(async (q) => (await q(`select id, state from exchange_batch where resource_code = $1 and idempotency_key = $2 order by created_at`, [CODE, key])) as { id: string; state: string }[]);

  beforeAll(async () => {
    const created = await createTestPlatform(dialect);
    tdb = created.tdb;
    env = { GOVSHARE_LOG_LEVEL: 'silent', GOVSHARE_RATE_LIMIT_PER_MINUTE: '0', ...(tdb.databaseUrl ? { DATABASE_URL: tdb.databaseUrl } : {}) };
    await seedDemo(created.platform, { password: PASSWORD, catalog: true });
    await created.platform.close();
    port = await freePort();
  }, 120_000);
  afterAll(async () => {
    if (server) await stop('SIGKILL');
    await tdb?.drop();
  });

  it('SIGKILL during a 150,000-row batch: after restart 0 or all rows, the batch aborted, the audit chain intact; the retried key commits once', async () => {
    await start();
    let token = await login();
    const before = await get<{ rowCount: number }>(token, PATH);
    expect(before.status).toBe(200);
    expect(before.body.rowCount).toBe(0);

    // Upload, and kill the server once the batch is being validated and written.
    const upload = postCsv(token, 'crash-1');
    let running: string | null = null;
    const deadline = Date.now() + 60_000;
    while (!running) {
      if (Date.now() > deadline) throw new Error(`the batch never started running\n${serverLog}`);
      try {
        // On SQLite the batch's transaction holds the one connection: this read then waits (and times out).
        const r = await get<{ items: { id: string; idempotencyKey: string | null; state: string }[] }>(token, `${PATH}/batches`, 500);
        expect(r.status).toBe(200);
        running = r.body.items.find((b) => b.idempotencyKey === 'crash-1' && (b.state === 'validating' || b.state === 'applying'))?.id ?? null;
      } catch (e) {
        if ((e as Error).name !== 'TimeoutError') throw e;
        running = (await batchStates('crash-1')).find((b) => b.state === 'validating' || b.state === 'applying')?.id ?? null;
      }
      if (!running) await sleep(25);
    }
    // PostgreSQL serves the batch's live progress meanwhile: kill it with rows read and written but not committed.
    if (dialect === 'postgres') {
      let progress = { state: '', rowsRead: 0 };
      for (let i = 0; i < 400 && progress.rowsRead === 0; i++) {
        progress = (await get<{ state: string; rowsRead: number }>(token, `${PATH}/batches/${running}`)).body;
        if (progress.rowsRead === 0) await sleep(25);
      }
      expect(progress.state).toBe('applying');
      expect(progress.rowsRead).toBeGreaterThan(0);
      expect(progress.rowsRead).toBeLessThan(ROWS);
    }
    await sleep(300);
    const killed = await stop('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const answer = await upload;
    // The client saw the connection drop (or, had the batch already committed, its answer).
    if ('status' in answer) expect(answer.status).toBe(200);

    // Nothing half-written, even before the server is back.
    const rowsAfterKill = await liveRows();
    expect([0, ROWS]).toContain(rowsAfterKill);

    await start();
    token = await login();
    const info = await get<{ rowCount: number; lastSeq: number }>(token, PATH);
    expect(info.status).toBe(200);
    expect(info.body.rowCount).toBe(rowsAfterKill);
    expect(await liveRows()).toBe(rowsAfterKill);
    const counted = await get<{ total: number; totalCapped?: boolean }>(token, `${PATH}/records?count=true&limit=1`);
    expect(counted.status).toBe(200);
    if (rowsAfterKill === 0) expect(counted.body).toMatchObject({ total: 0 });
    else expect(counted.body).toMatchObject({ total: 10_000, totalCapped: true });

    const interrupted = await get<{ items: { id: string; idempotencyKey: string | null; state: string; rowsRead: number }[] }>(token, `${PATH}/batches`);
    const crashed = interrupted.body.items.filter((b) => b.idempotencyKey === 'crash-1');
    expect(crashed).toHaveLength(1);
    expect(crashed[0]!.id).toBe(running);
    const lateKill = rowsAfterKill === ROWS;
    expect(crashed[0]!.state).toBe(lateKill ? 'committed' : 'aborted');

    const verified = govshare(['audit', 'verify', '--data-dir', tdb.dataDir]);
    expect(verified.code, verified.out + verified.err).toBe(0);
    expect(verified.out).toContain('audit chain intact');

    // The same request again: it commits every row (or is answered from the commit that beat the kill).
    const retry = await postCsv(token, 'crash-1');
    if ('error' in retry) throw retry.error;
    expect(retry.status, retry.body).toBe(200);
    const committed = JSON.parse(retry.body) as { id: string; state: string; inserted: number; rowsRead: number };
    expect(committed.state).toBe('committed');
    expect(committed.rowsRead).toBe(ROWS);
    if (lateKill) {
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(committed.id).toBe(crashed[0]!.id);
    } else {
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
      expect(committed.inserted).toBe(ROWS);
      expect(committed.id).not.toBe(crashed[0]!.id);
    }
    const full = await get<{ rowCount: number; lastSeq: number }>(token, PATH);
    expect(full.body.rowCount).toBe(ROWS);
    expect(await liveRows()).toBe(ROWS);

    // And once more: a replay of that commit, nothing written.
    const again = await postCsv(token, 'crash-1');
    if ('error' in again) throw again.error;
    expect(again.status, again.body).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((JSON.parse(again.body) as { id: string }).id).toBe(committed.id);
    const still = await get<{ rowCount: number; lastSeq: number }>(token, PATH);
    expect(still.body).toMatchObject({ rowCount: ROWS, lastSeq: full.body.lastSeq });
    expect((await batchStates('crash-1')).filter((b) => b.state === 'committed')).toHaveLength(1);

    const stopped = await stop('SIGTERM');
    expect(stopped.code, serverLog).toBe(0);
    const final = govshare(['audit', 'verify', '--data-dir', tdb.dataDir]);
    expect(final.code, final.out + final.err).toBe(0);
  }, 90_000);
});
