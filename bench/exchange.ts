/**
 * The exchange data plane (issue 4, Performance) against bare baselines measured in the same run,
 * on the real platform (demo units, catalog and published 人口基础信息, rows uploaded through
 * exchange.submitBatch):
 *  1. key lookup over HTTP, 50 connections (autocannon in a worker thread), as an API token of
 *     another unit (mandatory sharing: the ID number, name and address are masked), X-Purpose set,
 *     random keys of the uploaded set — vs a bare Fastify route in the same process doing the
 *     same primary-key lookup on the same table (no auth, audit or masking). Target ≥ 0.6×.
 *     Diagnosis rows beside it: the platform's /healthz against the bare one (the framework
 *     floor), and the governed lookup served by the same services on plain node:http (what is
 *     left once Fastify and the platform's hooks are gone).
 *  2. validated upload of a CSV file (valid 人口基础信息 rows from demoRows) streamed through
 *     exchange.submitBatch in-process, mode upsert, into an empty dataset — vs a raw prepared
 *     insert loop of the same file's rows into a table of the same shape (one transaction).
 *     Target ≥ 0.5×. Peak RSS and heap are sampled every 100 ms at two file sizes.
 *  3. change feed: a consumer reads every change of the uploaded dataset over HTTP
 *     (GET …/changes, limit 10,000) — vs the bare SQL scan of the same rows in _seq order.
 *     Target ≥ 100,000 changes/s.
 * Run alone: npx tsc -p tsconfig.build.json && node dist/bench/exchange.js [--quick]
 *   GOVSHARE_BENCH_DIALECTS=sqlite,postgres
 *   GOVSHARE_BENCH_EXCHANGE_LOOKUP_ROWS=50000       rows behind the key lookups
 *   GOVSHARE_BENCH_EXCHANGE_UPLOAD_ROWS=250000,1000000  upload sizes (the largest feeds the change feed)
 *   GOVSHARE_BENCH_EXCHANGE_SECONDS=10              measured seconds per lookup run (after a warm-up)
 *   GOVSHARE_BENCH_EXCHANGE_PG_SINGLE_ROWS=250000   PostgreSQL's single-row baseline is timed over this many rows
 *   GOVSHARE_BENCH_EXCHANGE_PARTS=lookup,upload      which measures run (upload includes the change feed)
 *   GOVSHARE_BENCH_PROFILE=/tmp/prof                 CPU profile of the server thread during each governed lookup run
 *   GOVSHARE_AUDIT_WRITER=inline                     the audit group commit on the event loop instead of its thread (ADR 0019)
 *   --quick (or GOVSHARE_BENCH_QUICK=1)             10,000 lookup rows, 3 s runs, uploads of 50,000 and 200,000
 */
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../src/core/config.js';
import type { Dialect } from '../src/core/db/database.js';
import { createSigningKey } from '../src/audit/keys.js';
import type { AuditActor } from '../src/audit/types.js';
import { openPlatform, type Platform } from '../src/platform.js';
import { buildApp } from '../src/core/http/app.js';
import { seedDemo } from '../src/demo/seed.js';
import { DEMO_SEED, demoResource, demoResourceCode, demoRows } from '../src/demo/datasets.js';
import type { Resource } from '../src/catalog/model.js';
import { createDatasetTable, ident } from '../src/exchange/dataset.js';
import { cleanPurpose } from '../src/exchange/purpose.js';
import { securityHeadersFor } from '../src/core/http/security-headers.js';
import { AppError } from '../src/core/errors.js';
import type { DatasetSchema, ExchangeActor } from '../src/exchange/types.js';
import { createBenchDatabase, type BenchDatabase } from './db.js';
import { chooseLoadGenerator, type FeedJob, type FeedResult, type LoadGenerator, type LoadJob, type LoadResult } from './exchange-load.js';

export interface ExchangeRow {
  dialect: Dialect;
  measure: string;
  size: number;
  rate: number;
  unit: string;
  'baseline rate': number;
  ratio: number;
  target: string;
  pass: boolean | '';
  detail: string;
}

export interface ExchangeBenchOptions {
  dialects: Dialect[];
  lookupRows: number;
  uploadRows: number[];
  seconds: number;
  warmupSeconds: number;
  connections: number;
  /** The HTTP load generator of the lookup runs (wrk when installed). */
  loader: LoadGenerator;
  /** PostgreSQL's single-row insert baseline is timed over this many rows of each file (one round trip per row). */
  pgSingleRows: number;
  /** Which measures run (default both): 'lookup', 'upload' (upload + change feed). */
  parts: ('lookup' | 'upload')[];
}

const RESOURCE_NAME = '人口基础信息';
const PURPOSE = '最低生活保障对象家庭经济状况核对';
const PASSWORD = 'Bench#Exchange2026';
const FEED_PAGE = 10_000;
const SYSTEM: AuditActor = { actorType: 'system', actorId: 'bench', actorName: 'bench', unitId: null, clientIp: null, requestId: null };

const round = (x: number) => Math.round(x);
const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
const mib = (b: number) => Math.round(b / 2 ** 20);
const log = (s: string) => console.log(`  ${s}`);

// ---------------------------------------------------------------- the platform under test

interface BenchPlatform {
  bdb: BenchDatabase;
  platform: Platform;
  resource: Resource;
  /** A steward of the providing unit (公安局): uploads. */
  provider: ExchangeActor;
  /** API token of the providing unit's system (LDRK). */
  providerToken: string;
  /** API token of another unit's system (民政局 SHJZ): mandatory sharing, masked. */
  consumerToken: string;
  close(): Promise<void>;
}

async function openBenchPlatform(dialect: Dialect): Promise<BenchPlatform> {
  const bdb = await createBenchDatabase(dialect);
  // Default settings: the per-address rate limit stays on (the loopback address is on its allow list).
  // The audit writer can be chosen for a comparison (GOVSHARE_AUDIT_WRITER=thread|inline); nothing else of the environment applies.
  const env = process.env.GOVSHARE_AUDIT_WRITER ? { GOVSHARE_AUDIT_WRITER: process.env.GOVSHARE_AUDIT_WRITER } : {};
  const config = loadConfig(env, { dataDir: bdb.dataDir, databaseUrl: bdb.databaseUrl, logLevel: 'silent' });
  createSigningKey(config.dataDir, config.auditSignature);
  const platform = await openPlatform(config);
  try {
    await seedDemo(platform, { password: PASSWORD, catalog: true });
    const resource = await platform.catalog.published(demoResourceCode(RESOURCE_NAME));
    if (!resource) throw new Error(`${RESOURCE_NAME} is not published by the demo seed`);
    const systems = (await platform.org.listSystems({ limit: 1000 })).items;
    const token = async (code: string) => {
      const system = systems.find((s) => s.code === code);
      if (!system) throw new Error(`demo system ${code} missing`);
      return (await platform.org.createToken(SYSTEM, { systemId: system.id, name: `bench ${code}`, scopes: ['data:read'], expiresInDays: 30 })).secret;
    };
    const providerToken = await token('LDRK');
    const consumerToken = await token('SHJZ');
    const provider: ExchangeActor = { ...SYSTEM, actorName: 'bench-uploader', kind: 'user', roles: ['unit_steward'], scopes: [], systemId: null, unitId: resource.providerUnitId };
    return {
      bdb,
      platform,
      resource,
      provider,
      providerToken,
      consumerToken,
      async close() {
        await platform.close();
        await bdb.drop();
      },
    };
  } catch (e) {
    await platform.close();
    await bdb.drop();
    throw e;
  }
}

// ---------------------------------------------------------------- files

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV of `rows` valid rows (header: the data items' Chinese names). */
async function csvFile(dir: string, resource: Resource, rows: number): Promise<string> {
  const path = join(dir, `${rows}.csv`);
  const t = performance.now();
  const items = resource.dataItems;
  const out = createWriteStream(path);
  let buf = `${items.map((i) => csvCell(i.name)).join(',')}\n`;
  let n = 0;
  for (const row of demoRows(resource, rows, DEMO_SEED)) {
    let line = '';
    for (let k = 0; k < items.length; k++) line += (k ? ',' : '') + csvCell(row[items[k]!.code]);
    buf += `${line}\n`;
    if (++n % 2000 === 0) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  log(`generated ${path} (${rows} rows, ${mib(statSync(path).size)} MiB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return path;
}

/**
 * The rows of a CSV file written by csvFile as arrays of cell text ('' → null), a chunk at a
 * time. The baselines' reader: a line split, no validation (the generator quotes nothing).
 */
async function* plainCsvRows(path: string, chunk = 1000): AsyncGenerator<(string | null)[][]> {
  let rest = '';
  let header = true;
  let rows: (string | null)[][] = [];
  for await (const block of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (block as string);
    let p = 0;
    for (;;) {
      const nl = text.indexOf('\n', p);
      if (nl < 0) break;
      const line = text.slice(p, nl);
      p = nl + 1;
      if (header) {
        header = false;
        continue;
      }
      if (line.includes('"')) throw new Error('plainCsvRows: quoted cell (the baseline reader does not unquote)');
      rows.push(line.split(',').map((c) => (c === '' ? null : c)));
      if (rows.length === chunk) {
        yield rows;
        rows = [];
      }
    }
    rest = text.slice(p);
  }
  if (rows.length) yield rows;
}

// ---------------------------------------------------------------- memory

interface MemoryPeaks {
  rssStart: number;
  rssPeak: number;
  heapStart: number;
  heapPeak: number;
  /** Largest heapUsed right after a full collection (null: no way to collect). */
  liveHeap: number | null;
  samples: number;
}
interface MemorySampler {
  stop(): MemoryPeaks;
}

/** `gc()`: the one node was started with (--expose-gc), or one switched on at run time. */
function gcFunction(): (() => void) | null {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return g;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

/** The first forced collection comes after 1 s, then every 5 s. */
const LIVE_HEAP_FIRST_MS = 1000;
const LIVE_HEAP_EVERY_MS = 5000;
const liveText = (m: MemoryPeaks) => (m.liveHeap === null ? 'live heap not sampled (run too short)' : `live heap ≤ ${mib(m.liveHeap)} MiB`);

/**
 * RSS and heapUsed every 100 ms (peaks), plus the heap still in use right after a full
 * collection forced after 1 s and then every 5 s: V8 lets garbage pile up in the old space for a while, so the
 * heapUsed peak says more about the collector's pacing than about what the upload holds.
 */
function sampleMemory(): MemorySampler {
  const gc = gcFunction();
  const first = process.memoryUsage();
  let rssPeak = first.rss;
  let heapPeak = first.heapUsed;
  let liveHeap: number | null = null;
  let samples = 0;
  let nextGc = performance.now() + LIVE_HEAP_FIRST_MS;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    samples++;
    if (m.rss > rssPeak) rssPeak = m.rss;
    if (m.heapUsed > heapPeak) heapPeak = m.heapUsed;
    if (gc && performance.now() >= nextGc) {
      gc();
      nextGc = performance.now() + LIVE_HEAP_EVERY_MS;
      const live = process.memoryUsage().heapUsed;
      liveHeap = liveHeap === null ? live : Math.max(liveHeap, live);
    }
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return { rssStart: first.rss, rssPeak, heapStart: first.heapUsed, heapPeak, liveHeap, samples };
    },
  };
}

// ---------------------------------------------------------------- 1. key lookup over HTTP

function inWorker(job: LoadJob, onMeasuring?: () => void): Promise<LoadResult>;
function inWorker(job: FeedJob): Promise<FeedResult>;
function inWorker(job: LoadJob | FeedJob, onMeasuring?: () => void): Promise<LoadResult | FeedResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./exchange-load.js', import.meta.url), { workerData: job });
    w.on('message', (m: LoadResult | FeedResult | { measuring: true }) => {
      if ('measuring' in m) onMeasuring?.();
      else resolve(m);
    });
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`client worker exited with ${code}`));
    });
  });
}

/** CPU seconds of this process's main thread (utime + stime from /proc; null where there is no /proc). */
function mainThreadCpu(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // fields 14 and 15, in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

/**
 * Runs a load job and measures the server's CPU per answered request: of the main thread (the
 * event loop, where Fastify and the platform run) and of the whole process (plus worker threads).
 * The load generator is wrk in its own process, or autocannon in a worker of this one (then "all
 * threads" includes it). On a shared host these survive noise that the req/s figures do not.
 */
type Measured = LoadResult & { mainUs: number | null; allUs: number; elu: number };

async function measured(job: LoadJob): Promise<Measured> {
  let main0: number | null = null;
  let all0 = process.cpuUsage();
  let elu0 = performance.eventLoopUtilization();
  const r = await inWorker(job, () => {
    main0 = mainThreadCpu();
    all0 = process.cpuUsage();
    elu0 = performance.eventLoopUtilization();
  });
  const main1 = mainThreadCpu();
  const all = process.cpuUsage(all0);
  const elu = performance.eventLoopUtilization(elu0).utilization;
  const answered = Math.max(1, r.ok + r.non2xx);
  return {
    ...r,
    mainUs: main0 === null || main1 === null ? null : ((main1 - main0) * 1e6) / answered,
    allUs: (all.user + all.system) / answered,
    elu,
  };
}

function cpuPair(r: Measured): string {
  return `${r.mainUs === null ? '?' : r.mainUs.toFixed(0)}/${r.allUs.toFixed(0)}`;
}

function cpuNote(r: Measured): string {
  return `server CPU µs/request, main thread/all threads: ${cpuPair(r)}; event loop busy ${(r.elu * 100).toFixed(0)} %`;
}

/** The bare route: the same primary-key lookup on the same table; no auth, audit or masking. */
async function bareServer(dialect: Dialect, bp: BenchPlatform, schema: DatasetSchema): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const cols = ['_key', '_rev', '_updated_at', ...schema.items.map((i) => i.code)].map((c) => `"${c}"`).join(', ');
  const text = `select ${cols} from "${schema.table}" where "_key" = $1 and "_deleted" = 0`;
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ status: 'ok' }));
  let closeDb: () => Promise<void>;
  if (dialect === 'sqlite') {
    const conn = new SQLite(bp.platform.db.sqlitePath!, { readonly: true });
    const st = conn.prepare(text.replace('$1', '?'));
    app.get<{ Params: { key: string } }>('/bare/:key', async (request, reply) => {
      const row = st.get(request.params.key);
      return row ?? reply.code(404).send({ code: 'not_found' });
    });
    closeDb = async () => void conn.close();
  } else {
    const pool = new pg.Pool({ connectionString: bp.bdb.databaseUrl!, max: 20 });
    app.get<{ Params: { key: string } }>('/bare/:key', async (request, reply) => {
      const r = await pool.query({ name: 'bench_bare_key', text, values: [request.params.key] });
      return r.rows[0] ?? reply.code(404).send({ code: 'not_found' });
    });
    closeDb = () => pool.end();
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    async close() {
      await app.close();
      await closeDb();
    },
  };
}

/**
 * Diagnosis, not a product path: the governed key lookup on a plain node:http server, without
 * Fastify — the platform's own services (token authentication, the grant decision, masking, the
 * durable audit event) and the API's headers, nothing of the framework (routing, schemas, hooks,
 * rate limit, cookies, metrics). What it gains over the platform shows what the framework layer
 * costs; what it still lacks of the bare route is the governance itself.
 */
async function servicesOnlyServer(platform: Platform): Promise<{ server: Server; close(): Promise<void> }> {
  const api = securityHeadersFor('/api/v1/');
  const route = /^\/api\/v1\/data\/([^/?]+)\/records\/([^/?]+)$/;
  const server = createServer((req, res) => {
    void (async () => {
      const m = route.exec(req.url ?? '');
      const bearer = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)[ ]*$/i.exec(req.headers.authorization ?? '');
      const actor = m && bearer ? await platform.org.authenticate(bearer[1]!, 'bearer') : null;
      if (!m || !actor) throw new AppError(401, 'invalid_token', 'org.auth.invalid_token');
      const requestId = randomUUID();
      const by: ExchangeActor = {
        actorType: actor.kind,
        actorId: actor.id,
        actorName: actor.name,
        unitId: actor.unitId,
        clientIp: req.socket.remoteAddress ?? null,
        requestId,
        kind: actor.kind,
        roles: actor.roles,
        scopes: actor.scopes,
        systemId: actor.systemId ?? null,
      };
      const purpose = cleanPurpose(decodeURIComponent(String(req.headers['x-purpose'] ?? '')));
      const meta: { headers?: Record<string, string> } = {};
      const row = await platform.exchange.getRecord(by, decodeURIComponent(m[1]!), purpose, decodeURIComponent(m[2]!), undefined, meta);
      const body = JSON.stringify(row);
      res.writeHead(200, { ...api, ...meta.headers, 'x-request-id': requestId, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    })().catch((e: unknown) => {
      res.writeHead(e instanceof AppError ? e.status : 500, { 'content-type': 'text/plain' });
      res.end(e instanceof Error ? e.message : String(e));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * With GOVSHARE_BENCH_PROFILE=<dir>, a CPU profile of this thread (the server's) during one
 * governed phase, written as <dir>/<name>.cpuprofile (open in Chrome DevTools).
 */
async function startProfile(name: string): Promise<() => Promise<void>> {
  const dir = process.env.GOVSHARE_BENCH_PROFILE;
  if (!dir) return async () => undefined;
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync, mkdirSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}

async function benchLookup(dialect: Dialect, opts: ExchangeBenchOptions): Promise<ExchangeRow[]> {
  const bp = await openBenchPlatform(dialect);
  try {
    const { platform, resource } = bp;
    const code = resource.code;
    const keyItem = resource.dataItems.find((i) => i.isKey)!.code;
    const keys: string[] = [];
    const lines = (function* () {
      for (const row of demoRows(resource, opts.lookupRows, DEMO_SEED)) {
        keys.push(String(row[keyItem]));
        yield `${JSON.stringify(row)}\n`;
      }
    })();
    const { batch } = await platform.exchange.submitBatch(bp.provider, code, { body: Readable.from(lines), meta: { contentType: 'application/x-ndjson', fileName: 'bench.ndjson' } }, { mode: 'upsert' });
    if (batch.state !== 'committed' || batch.inserted !== opts.lookupRows) throw new Error(`lookup upload: ${batch.state}, ${batch.inserted} inserted`);
    const schema = await platform.exchange.dataset(code);

    const app = await buildApp(platform, { logger: false, serveWeb: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const bare = await bareServer(dialect, bp, schema);
    const servicesOnly = await servicesOnlyServer(platform);
    try {
      const origin = (a: { server: Server }) => `http://127.0.0.1:${(a.server.address() as AddressInfo).port}`;
      const prefix = `/api/v1/data/${encodeURIComponent(code)}/records/`;
      const headers = { authorization: `Bearer ${bp.consumerToken}`, 'x-purpose': encodeURIComponent(PURPOSE) };
      // Sanity: the governed answer is masked, the bare one is not, both find the key.
      const probe = await fetch(`${origin(app)}${prefix}${encodeURIComponent(keys[0]!)}`, { headers });
      const masked = (await probe.json()) as Record<string, unknown>;
      if (probe.status !== 200 || !String(masked[keyItem]).includes('*')) throw new Error(`lookup probe: ${probe.status} ${JSON.stringify(masked)}`);
      const bareProbe = await fetch(`${origin(bare.app)}/bare/${encodeURIComponent(keys[0]!)}`);
      if (bareProbe.status !== 200 || ((await bareProbe.json()) as Record<string, unknown>)[keyItem] !== keys[0]) throw new Error('bare probe failed');
      log(`[${dialect}] lookup: ${opts.lookupRows} rows uploaded; governed answer masked (${keyItem} → ${String(masked[keyItem])})`);

      const job = (url: string, pathPrefix: string, h: Record<string, string>): LoadJob => ({
        kind: 'lookup',
        loader: opts.loader,
        url,
        pathPrefix,
        keys,
        headers: h,
        connections: opts.connections,
        warmupSeconds: opts.warmupSeconds,
        seconds: opts.seconds,
      });
      const before = platform.audit.stats();
      // Interleaved rounds, best of each (the host may be shared): governed, then bare.
      let best: Measured | null = null;
      let bestBare: Measured | null = null;
      let bestServices: Measured | null = null;
      const rounds = opts.seconds >= 5 ? 2 : 1;
      for (let r = 0; r < rounds; r++) {
        const stopProfile = await startProfile(`lookup-${dialect}-${r + 1}`);
        const a = await measured(job(origin(app), prefix, headers));
        await stopProfile();
        log(`[${dialect}] lookup round ${r + 1}: governed ${round(a.rate)} req/s, p99 ${a.p99} ms (non-2xx ${a.non2xx}, errors ${a.errors}); ${cpuNote(a)}`);
        const b = await measured(job(origin(bare.app), '/bare/', {}));
        log(`[${dialect}] lookup round ${r + 1}: bare ${round(b.rate)} req/s, p99 ${b.p99} ms (non-2xx ${b.non2xx}, errors ${b.errors}); ${cpuNote(b)}`);
        const c = await measured(job(origin(servicesOnly), prefix, headers));
        log(`[${dialect}] lookup round ${r + 1}: governed without Fastify ${round(c.rate)} req/s, p99 ${c.p99} ms (non-2xx ${c.non2xx}, errors ${c.errors}); ${cpuNote(c)}`);
        if (a.non2xx || a.errors || b.non2xx || b.errors || c.non2xx || c.errors) throw new Error('lookup: failed requests');
        if (!best || a.rate > best.rate) best = a;
        if (!bestBare || b.rate > bestBare.rate) bestBare = b;
        if (!bestServices || c.rate > bestServices.rate) bestServices = c;
      }
      const after = platform.audit.stats();
      const perCommit = (after.events - before.events) / Math.max(1, after.flushes - before.flushes);
      // Diagnosis: the floor every API route stands on — the platform's /healthz (its Fastify
      // set-up: security headers, authentication hook, rate limit, cookies, metrics, request id;
      // no database) against the same route on the bare instance.
      const floor = await measured({ ...job(origin(app), '/healthz', {}), keys: [''] });
      const bareFloor = await measured({ ...job(origin(bare.app), '/healthz', {}), keys: [''] });
      log(`[${dialect}] floor: platform /healthz ${round(floor.rate)} req/s (${cpuNote(floor)}), bare /healthz ${round(bareFloor.rate)} req/s (${cpuNote(bareFloor)})`);
      return [
        {
          dialect,
          measure: `key lookup over HTTP, ${opts.connections} connections, ${opts.loader} (masked consumer, audited)`,
          size: opts.lookupRows,
          rate: round(best!.rate),
          unit: 'req/s',
          'baseline rate': round(bestBare!.rate),
          ratio: ratio(best!.rate, bestBare!.rate),
          target: '≥ 0.6× bare route',
          pass: best!.rate / bestBare!.rate >= 0.6,
          detail: `p50/p99 ${best!.p50}/${best!.p99} ms vs bare ${bestBare!.p50}/${bestBare!.p99} ms; ${perCommit.toFixed(0)} audit events/commit (${after.writer})`,
        },
        {
          dialect,
          measure: 'floor: GET /healthz on the platform vs on the bare instance (no database)',
          size: 0,
          rate: round(floor.rate),
          unit: 'req/s',
          'baseline rate': round(bareFloor.rate),
          ratio: ratio(floor.rate, bareFloor.rate),
          target: '(diagnosis)',
          pass: '',
          detail: `server CPU µs per request, main thread/all threads: governed lookup ${cpuPair(best!)}, bare lookup ${cpuPair(bestBare!)}, platform floor ${cpuPair(floor)}, bare floor ${cpuPair(bareFloor)}`,
        },
        {
          dialect,
          measure: 'governed key lookup on node:http without Fastify (same services, headers and audit) vs bare route',
          size: opts.lookupRows,
          rate: round(bestServices!.rate),
          unit: 'req/s',
          'baseline rate': round(bestBare!.rate),
          ratio: ratio(bestServices!.rate, bestBare!.rate),
          target: '(diagnosis)',
          pass: '',
          detail: `server CPU µs per request, main thread/all threads: ${cpuPair(bestServices!)}; p50/p99 ${bestServices!.p50}/${bestServices!.p99} ms`,
        },
      ];
    } finally {
      await app.close();
      await bare.close();
      await servicesOnly.close();
    }
  } finally {
    await bp.close();
  }
}

// ---------------------------------------------------------------- 2. validated upload

interface UploadRun {
  rows: number;
  seconds: number;
  memory: MemoryPeaks;
}

async function uploadThroughService(bp: BenchPlatform, path: string, rows: number): Promise<UploadRun> {
  const sampler = sampleMemory();
  const t = performance.now();
  const { batch } = await bp.platform.exchange.submitBatch(
    bp.provider,
    bp.resource.code,
    { body: createReadStream(path), meta: { contentType: 'text/csv', fileName: 'bench.csv' } },
    { mode: 'upsert' },
  );
  const seconds = (performance.now() - t) / 1000;
  const memory = sampler.stop();
  if (batch.state !== 'committed' || batch.inserted !== rows) throw new Error(`upload of ${rows}: ${batch.state}, ${batch.inserted} inserted, ${batch.issues[0]?.message ?? ''}`);
  return { rows, seconds, memory };
}

/** The raw baseline: the same file's rows into a table of the same shape (columns and indexes), one transaction. */
async function rawInsert(bp: BenchPlatform, schema: DatasetSchema, path: string, table: string, style: 'single' | 'multi', limit = Infinity): Promise<{ seconds: number; rows: number }> {
  const { db } = bp.platform;
  const columns = Object.values(schema.columns);
  await createDatasetTable(db.kysely, db.dialect, table, columns);
  const codes = schema.items.map((i) => i.code);
  const colList = ['_key', '_seq', '_rev', '_updated_at', '_deleted', '_batch', ...codes].map((c) => `"${c}"`).join(', ');
  const now = new Date().toISOString();
  const keyAt = codes.indexOf(schema.keyItems[0]!);
  let seq = 0;
  const t = performance.now();
  if (db.sqlite) {
    const st = db.sqlite.prepare(`insert into "${table}" (${colList}) values (?, ?, 1, ?, 0, ?${', ?'.repeat(codes.length)})`);
    db.sqlite.exec('begin');
    for await (const chunk of plainCsvRows(path)) {
      for (const r of chunk) st.run(r[keyAt], ++seq, now, 'raw', ...r);
      if (seq >= limit) break;
    }
    db.sqlite.exec('commit');
  } else {
    const client = await db.pool!.connect();
    try {
      await client.query('begin');
      const per = 4 + codes.length;
      const marks = (rows: number) =>
        Array.from({ length: rows }, (_, i) => `($${i * per + 1}, $${i * per + 2}, 1, $${i * per + 3}, 0, $${i * per + 4}${codes.map((_, k) => `, $${i * per + 5 + k}`).join('')})`).join(', ');
      const one = `insert into "${table}" (${colList}) values ${marks(1)}`;
      const full = `insert into "${table}" (${colList}) values ${marks(1000)}`;
      for await (const chunk of plainCsvRows(path)) {
        if (style === 'single') {
          for (const r of chunk) await client.query({ name: `bench_raw1_${table}`, text: one, values: [r[keyAt], ++seq, now, 'raw', ...r] });
        } else {
          const values: unknown[] = [];
          for (const r of chunk) values.push(r[keyAt], ++seq, now, 'raw', ...r);
          if (chunk.length === 1000) await client.query({ name: `bench_rawn_${table}`, text: full, values });
          else await client.query(`insert into "${table}" (${colList}) values ${marks(chunk.length)}`, values);
        }
        if (seq >= limit) break;
      }
      await client.query('commit');
    } finally {
      client.release();
    }
  }
  return { seconds: (performance.now() - t) / 1000, rows: seq };
}

async function dropTable(bp: BenchPlatform, table: string): Promise<void> {
  const { sql } = await import('kysely');
  await sql`drop table if exists ${ident(table)}`.execute(bp.platform.db.kysely);
}

// ---------------------------------------------------------------- 3. change feed

/** One consumer (in a worker thread) reading every change over HTTP: fetch, parse, next cursor. */
async function feedOverHttp(origin: string, code: string, token: string, total: number, mode: 'pages' | 'stream' = 'pages'): Promise<FeedResult> {
  const r = await inWorker({
    kind: 'feed',
    url: `${origin}/api/v1/data/${encodeURIComponent(code)}/changes`,
    headers: { authorization: `Bearer ${token}`, 'x-purpose': encodeURIComponent(PURPOSE) },
    limit: mode === 'stream' ? 1_000_000 : FEED_PAGE,
    warmupPages: 3,
    mode,
  });
  if (r.changes !== total) throw new Error(`changes: read ${r.changes}, expected ${total}`);
  return r;
}

async function feedInProcess(bp: BenchPlatform, total: number): Promise<{ seconds: number }> {
  const run = async (pages: number) => {
    let after = '0';
    let n = 0;
    const t = performance.now();
    for (let k = 0; k < pages; k++) {
      const p = await bp.platform.exchange.changes(bp.provider, bp.resource.code, PURPOSE, after, FEED_PAGE);
      n += p.items.length;
      after = p.nextCursor;
      if (!p.hasMore) break;
    }
    return { n, seconds: (performance.now() - t) / 1000 };
  };
  await run(3); // warm-up
  const r = await run(Infinity);
  if (r.n !== total) throw new Error(`changes in-process: read ${r.n}, expected ${total}`);
  return { seconds: r.seconds };
}

/** The bare scan: the same rows and columns in _seq order, in pages of the same size. */
async function bareScan(bp: BenchPlatform, schema: DatasetSchema): Promise<{ seconds: number; rows: number }> {
  const cols = ['_key', '_rev', '_updated_at', ...schema.items.map((i) => i.code), '_seq', '_deleted'].map((c) => `"${c}"`).join(', ');
  const text = `select ${cols} from "${schema.table}" where "_seq" > $1 order by "_seq" limit $2`;
  const seqAt = 3 + schema.items.length;
  const { db } = bp.platform;
  const run = async () => {
    let after = 0;
    let rows = 0;
    const t = performance.now();
    for (;;) {
      let page: unknown[][];
      if (db.sqlite) page = db.sqlite.prepare(text.replace('$1', '?').replace('$2', '?')).raw(true).all(after, FEED_PAGE) as unknown[][];
      else page = (await db.pool!.query({ name: 'bench_bare_scan', text, values: [after, FEED_PAGE], rowMode: 'array' })).rows as unknown[][];
      rows += page.length;
      if (page.length < FEED_PAGE) break;
      after = Number(page[page.length - 1]![seqAt]);
    }
    return { seconds: (performance.now() - t) / 1000, rows };
  };
  await run();
  const a = await run();
  const b = await run();
  return a.seconds < b.seconds ? a : b;
}

// ---------------------------------------------------------------- upload + feed per dialect

async function benchUploadAndFeed(dialect: Dialect, opts: ExchangeBenchOptions, files: Map<number, string>): Promise<{ rows: ExchangeRow[]; memory: Record<string, unknown>[] }> {
  const out: ExchangeRow[] = [];
  const memory: Record<string, unknown>[] = [];
  const sizes = [...opts.uploadRows].sort((a, b) => a - b);
  const largest = sizes[sizes.length - 1]!;
  for (const size of sizes) {
    const path = files.get(size)!;
    const bp = await openBenchPlatform(dialect);
    try {
      const schema = await bp.platform.exchange.dataset(bp.resource.code);
      const up = await uploadThroughService(bp, path, size);
      const m = up.memory;
      log(
        `[${dialect}] upload ${size}: ${up.seconds.toFixed(1)} s, ${round(size / up.seconds)} rows/s; RSS ${mib(m.rssStart)} → peak ${mib(m.rssPeak)} MiB, heapUsed ${mib(m.heapStart)} → peak ${mib(m.heapPeak)} MiB, ${liveText(m)} (${m.samples} samples)`,
      );
      memory.push({
        dialect,
        rows: size,
        'file MiB': mib(statSync(path).size),
        seconds: Number(up.seconds.toFixed(1)),
        'RSS start MiB': mib(m.rssStart),
        'RSS peak MiB': mib(m.rssPeak),
        'RSS growth MiB': mib(m.rssPeak - m.rssStart),
        'heapUsed start MiB': mib(m.heapStart),
        'heapUsed peak MiB': mib(m.heapPeak),
        'live heap MiB (max after GC)': m.liveHeap === null ? '–' : mib(m.liveHeap),
        samples: m.samples,
      });

      // Raw baselines into tables of the same shape in the same database. PostgreSQL's
      // single-row loop is one round trip per row (its rate does not depend on the file size):
      // timed over the first rows of the file only, so the run stays short.
      const singleLimit = dialect === 'postgres' ? opts.pgSingleRows : Infinity;
      const single = await rawInsert(bp, schema, path, `bench_raw_${size}`, 'single', singleLimit);
      await dropTable(bp, `bench_raw_${size}`);
      const singleRate = single.rows / single.seconds;
      log(`[${dialect}] raw prepared single-row insert, ${single.rows} rows: ${single.seconds.toFixed(1)} s, ${round(singleRate)} rows/s`);
      const multi = dialect === 'postgres' ? await rawInsert(bp, schema, path, `bench_rawm_${size}`, 'multi') : null;
      if (multi !== null) {
        await dropTable(bp, `bench_rawm_${size}`);
        log(`[${dialect}] raw multi-row (1,000 per statement) insert of ${size}: ${multi.seconds.toFixed(1)} s, ${round(size / multi.seconds)} rows/s`);
      }
      const rate = size / up.seconds;
      const growth = `RSS +${mib(m.rssPeak - m.rssStart)} MiB (peak ${mib(m.rssPeak)}), heap peak ${mib(m.heapPeak)} MiB, ${liveText(m)}`;
      out.push({
        dialect,
        measure:
          'validated CSV upload (submitBatch, upsert, empty dataset) vs raw prepared single-row inserts, one transaction' +
          (single.rows < size ? ` (baseline timed over the first ${single.rows} rows)` : ''),
        size,
        rate: round(rate),
        unit: 'rows/s',
        'baseline rate': round(singleRate),
        ratio: ratio(rate, singleRate),
        target: '≥ 0.5× raw',
        pass: rate / singleRate >= 0.5,
        detail: `${up.seconds.toFixed(1)} s; ${growth}`,
      });
      if (multi !== null) {
        out.push({
          dialect,
          measure: 'validated CSV upload vs raw multi-row inserts (1,000 rows per statement), one transaction',
          size,
          rate: round(rate),
          unit: 'rows/s',
          'baseline rate': round(size / multi.seconds),
          ratio: ratio(rate, size / multi.seconds),
          target: '(for reference)',
          pass: '',
          detail: `${up.seconds.toFixed(1)} s`,
        });
      }

      if (size === largest) {
        const app = await buildApp(bp.platform, { logger: false, serveWeb: false });
        await app.listen({ host: '127.0.0.1', port: 0 });
        try {
          const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
          const bare = await bareScan(bp, schema);
          const bareRate = bare.rows / bare.seconds;
          log(`[${dialect}] bare _seq scan of ${bare.rows} rows: ${bare.seconds.toFixed(2)} s, ${round(bareRate)} rows/s`);
          // Where the time goes: the same pages through the service in-process (no HTTP, no JSON).
          const inProcess = await feedInProcess(bp, size);
          log(`[${dialect}] change feed in-process (exchange.changes), provider: ${inProcess.seconds.toFixed(2)} s, ${round(size / inProcess.seconds)} changes/s`);
          out.push({
            dialect,
            measure: `change feed in-process (exchange.changes, no HTTP), limit ${FEED_PAGE}, provider`,
            size,
            rate: round(size / inProcess.seconds),
            unit: 'changes/s',
            'baseline rate': round(bareRate),
            ratio: ratio(size / inProcess.seconds, bareRate),
            target: '(diagnosis)',
            pass: '',
            detail: `${inProcess.seconds.toFixed(1)} s`,
          });
          for (const mode of ['pages', 'stream'] as const) {
            for (const [who, token] of [
              ['provider (unmasked)', bp.providerToken],
              ['consumer of another unit (masked)', bp.consumerToken],
            ] as const) {
              const stopProfile = await startProfile(`feed-${dialect}-${mode}-${who.split(' ')[0]}`);
              const f = await feedOverHttp(origin, bp.resource.code, token, size, mode);
              await stopProfile();
              const r = f.changes / f.seconds;
              const how = mode === 'pages' ? `pages of ${FEED_PAGE} (GET …/changes)` : 'one NDJSON stream (GET …/changes/stream)';
              log(`[${dialect}] change feed over HTTP, ${how}, ${who}: ${f.seconds.toFixed(2)} s, ${round(r)} changes/s`);
              out.push({
                dialect,
                measure: `change feed over HTTP, ${how}, ${who}`,
                size: f.changes,
                rate: round(r),
                unit: 'changes/s',
                'baseline rate': round(bareRate),
                ratio: ratio(r, bareRate),
                target: '≥ 100,000 changes/s',
                pass: r >= 100_000,
                detail: `${f.seconds.toFixed(1)} s; baseline = bare SQL scan in _seq order, pages of ${FEED_PAGE}`,
              });
            }
          }
        } finally {
          await app.close();
        }
      }
    } finally {
      await bp.close();
    }
  }
  return { rows: out, memory };
}

// ---------------------------------------------------------------- entry

export async function benchExchange(opts: ExchangeBenchOptions): Promise<ExchangeRow[]> {
  const resource = demoResource(RESOURCE_NAME);
  const dir = mkdtempSync(join(tmpdir(), 'govshare-bench-exchange-'));
  const rows: ExchangeRow[] = [];
  const memory: Record<string, unknown>[] = [];
  try {
    const files = new Map<number, string>();
    const upload = opts.parts.includes('upload');
    if (upload) for (const size of opts.uploadRows) files.set(size, await csvFile(dir, resource, size));
    for (const dialect of opts.dialects) {
      console.log(`\nExchange [${dialect}]`);
      if (opts.parts.includes('lookup')) rows.push(...(await benchLookup(dialect, opts)));
      if (!upload) continue;
      const u = await benchUploadAndFeed(dialect, opts, files);
      rows.push(...u.rows);
      memory.push(...u.memory);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\nExchange data plane (issue 4): ${RESOURCE_NAME}; lookups ${opts.warmupSeconds} s warm-up + ${opts.seconds} s per run, best of the runs; uploads of ${opts.uploadRows.join(' and ')} CSV rows; change feed over the largest upload`,
  );
  console.table(rows);
  console.log('\nUpload memory during submitBatch (sampled every 100 ms when the event loop is free; live heap: right after a full GC forced after 1 s, then every 5 s)');
  console.table(memory);
  return rows;
}

export function exchangeOptionsFromEnv(argv: string[] = process.argv): ExchangeBenchOptions {
  const quick = argv.includes('--quick') || process.env.GOVSHARE_BENCH_QUICK === '1';
  const env = process.env;
  const dialects = (env.GOVSHARE_BENCH_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim()) as Dialect[];
  const upload = env.GOVSHARE_BENCH_EXCHANGE_UPLOAD_ROWS ?? (quick ? '50000,200000' : '250000,1000000');
  return {
    dialects,
    lookupRows: Number(env.GOVSHARE_BENCH_EXCHANGE_LOOKUP_ROWS ?? (quick ? 10_000 : 50_000)),
    uploadRows: upload.split(',').map((s) => Number(s.trim())),
    seconds: Number(env.GOVSHARE_BENCH_EXCHANGE_SECONDS ?? (quick ? 3 : 10)),
    warmupSeconds: quick ? 1 : 3,
    connections: 50,
    loader: chooseLoadGenerator(env),
    pgSingleRows: Number(env.GOVSHARE_BENCH_EXCHANGE_PG_SINGLE_ROWS ?? (quick ? 50_000 : 250_000)),
    parts: (env.GOVSHARE_BENCH_EXCHANGE_PARTS ?? 'lookup,upload').split(',').map((p) => p.trim()) as ExchangeBenchOptions['parts'],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchExchange(exchangeOptionsFromEnv());
  process.exitCode = rows.every((r) => r.pass !== false) ? 0 : 1;
}
