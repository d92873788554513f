/**
 * The clients of bench/exchange.ts, run in a worker thread so their work does not share the
 * server's event loop (nor its heap):
 *  - 'lookup': 50 connections (by default) each asking for a random key of the uploaded set; a
 *    warm-up run, then the measured run. The load generator is wrk (a C process, one thread) when
 *    it is installed, else autocannon in this worker thread (GOVSHARE_BENCH_LOADGEN=wrk|autocannon
 *    chooses). On a 2-core host the generator shares the CPU with the server, and autocannon spends
 *    80–150 µs of CPU per response — more per response the slower the route (docs/benchmarks.md) —
 *    so it understates a slower route twice; wrk spends a few µs.
 *  - 'feed': one consumer reading the change feed page after page (fetch, parse, next cursor).
 */
import { createRequire } from 'node:module';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';

export type LoadGenerator = 'wrk' | 'autocannon';

export interface LoadJob {
  kind: 'lookup';
  loader: LoadGenerator;
  /** Origin, e.g. http://127.0.0.1:1234 */
  url: string;
  /** Path before the URL-encoded key, e.g. /api/v1/data/A01%2F000001/records/ */
  pathPrefix: string;
  keys: string[];
  headers: Record<string, string>;
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface LoadResult {
  /** 2xx responses per second over the measured run. */
  rate: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  latency: { p50: number; p99: number };
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  requests: { method: string; setupRequest: (req: AutocannonRequest) => AutocannonRequest }[];
}
type Autocannon = ((opts: AutocannonOptions) => Promise<unknown>) & {
  /** Off the main thread autocannon hands back raw histograms; this turns them into the usual result. */
  aggregateResult(results: unknown[], opts: Partial<AutocannonOptions>): AutocannonResult;
};

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** wrk if GOVSHARE_BENCH_LOADGEN says so or, unset, if `wrk` runs here; else autocannon. */
export function chooseLoadGenerator(env: NodeJS.ProcessEnv = process.env): LoadGenerator {
  const asked = env.GOVSHARE_BENCH_LOADGEN;
  if (asked === 'wrk' || asked === 'autocannon') return asked;
  if (asked) throw new Error(`GOVSHARE_BENCH_LOADGEN: wrk or autocannon, not ${asked}`);
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return 'wrk';
  } catch (e) {
    // wrk --version prints its version and exits 1; only a missing binary is ENOENT.
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'autocannon' : 'wrk';
  }
}

/** The wrk script: a random path of the list per request; the summary as one JSON line. */
const WRK_SCRIPT = `
local paths = {}
local n = 0
init = function(args)
  math.randomseed(os.time())
  for line in io.lines(args[1]) do n = n + 1; paths[n] = line end
end
request = function()
  return wrk.format("GET", paths[math.random(n)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"duration":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%.3f,"p99":%.3f}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
`;

async function runWrk(job: LoadJob, seconds: number): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'govshare-wrk-'));
  try {
    const script = join(dir, 'lookup.lua');
    const pathsFile = join(dir, 'paths.txt');
    writeFileSync(script, WRK_SCRIPT);
    writeFileSync(pathsFile, job.keys.map((k) => job.pathPrefix + encodeURIComponent(k)).join('\n') + '\n');
    const args = ['-t1', `-c${job.connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script];
    for (const [k, v] of Object.entries(job.headers)) args.push('-H', `${k}: ${v}`);
    args.push(job.url, '--', pathsFile);
    const { stdout } = await promisify(execFile)('wrk', args, { maxBuffer: 1 << 20 });
    const line = stdout.split('\n').find((l) => l.startsWith('{"requests"'));
    if (!line) throw new Error(`wrk printed no summary:\n${stdout}`);
    const r = JSON.parse(line) as { requests: number; duration: number; connect: number; read: number; write: number; status: number; timeout: number; p50: number; p99: number };
    const secs = r.duration / 1e6;
    const ok = r.requests - r.status;
    return { rate: ok / secs, p50: r.p50, p99: r.p99, ok, non2xx: r.status, errors: r.connect + r.read + r.write, timeouts: r.timeout, seconds: secs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(job: LoadJob, seconds: number): Promise<LoadResult> {
  if (job.loader === 'wrk') return runWrk(job, seconds);
  const { keys, pathPrefix } = job;
  const paths = keys.map((k) => pathPrefix + encodeURIComponent(k));
  const n = paths.length;
  const opts: AutocannonOptions = {
    url: job.url,
    connections: job.connections,
    duration: seconds,
    headers: job.headers,
    requests: [
      {
        method: 'GET',
        setupRequest(req) {
          req.path = paths[Math.floor(Math.random() * n)]!;
          return req;
        },
      },
    ],
  };
  const r = autocannon.aggregateResult([await autocannon(opts)], { url: opts.url, connections: opts.connections, duration: opts.duration });
  return {
    rate: r['2xx'] / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    seconds: r.duration,
  };
}

export interface FeedJob {
  kind: 'feed';
  /** Full URL of the changes resource, without query. */
  url: string;
  headers: Record<string, string>;
  limit: number;
  /** Pages read before the timed pass. */
  warmupPages: number;
  /** 'stream': one GET of …/changes/stream?limit=<limit>, NDJSON parsed line by line as it arrives. */
  mode?: 'pages' | 'stream';
}

export interface FeedResult {
  changes: number;
  pages: number;
  seconds: number;
}

async function feed(job: FeedJob, maxPages: number): Promise<FeedResult> {
  let after = '0';
  let changes = 0;
  let pages = 0;
  const t = performance.now();
  while (pages < maxPages) {
    const res = await fetch(`${job.url}?after=${after}&limit=${job.limit}`, { headers: job.headers });
    if (res.status !== 200) throw new Error(`changes: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { items: unknown[]; nextCursor: string; hasMore: boolean };
    changes += page.items.length;
    pages++;
    after = page.nextCursor;
    if (!page.hasMore) break;
  }
  return { changes, pages, seconds: (performance.now() - t) / 1000 };
}

/** The streamed feed: one response, each line parsed as it arrives; resumes from the last line's cursor if cut. */
async function stream(job: FeedJob): Promise<FeedResult> {
  let after = '0';
  let changes = 0;
  let pages = 0;
  const t = performance.now();
  const decoder = new TextDecoder();
  for (;;) {
    const res = await fetch(`${job.url}/stream?after=${after}&limit=${job.limit}`, { headers: job.headers });
    if (res.status !== 200 || !res.body) throw new Error(`changes/stream: ${res.status} ${await res.text()}`);
    pages++;
    let rest = '';
    type End = { nextCursor: string; hasMore: boolean; error?: unknown };
    let end: End | null = null;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const text = rest + decoder.decode(chunk, { stream: true });
      const lines = text.split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        const v = JSON.parse(line) as { seq?: number };
        if (v.seq !== undefined) changes++;
        else end = v as unknown as End;
      }
    }
    if (!end) throw new Error('changes/stream: no end line');
    if (end.error) throw new Error(`changes/stream: ${JSON.stringify(end.error)}`);
    after = end.nextCursor;
    if (!end.hasMore) break;
  }
  return { changes, pages, seconds: (performance.now() - t) / 1000 };
}

if (parentPort && workerData) {
  const job = workerData as LoadJob | FeedJob;
  if (job.kind === 'lookup') {
    if (job.warmupSeconds > 0) await run(job, job.warmupSeconds);
    parentPort.postMessage({ measuring: true }); // the parent samples its CPU clocks from here
    parentPort.postMessage(await run(job, job.seconds));
  } else {
    if (job.warmupPages > 0) await feed({ ...job, limit: Math.min(job.limit, 10_000) }, job.warmupPages);
    parentPort.postMessage(job.mode === 'stream' ? await stream(job) : await feed(job, Infinity));
  }
}
