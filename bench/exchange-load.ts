/**
 * The clients of bench/exchange.ts, run in a worker thread so their work does not share the
 * server's event loop (nor its heap):
 *  - 'lookup': autocannon, 50 connections (by default) each asking for a random key of the
 *    uploaded set; a warm-up run, then the measured run;
 *  - 'feed': one consumer reading the change feed page after page (fetch, parse, next cursor).
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadJob {
  kind: 'lookup';
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

async function run(job: LoadJob, seconds: number): Promise<LoadResult> {
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
    parentPort.postMessage(await run(job, job.seconds));
  } else {
    if (job.warmupPages > 0) await feed({ ...job, limit: Math.min(job.limit, 10_000) }, job.warmupPages);
    parentPort.postMessage(job.mode === 'stream' ? await stream(job) : await feed(job, Infinity));
  }
}
