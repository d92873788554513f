/**
 * Catalog XLSX export and re-import at scale (issue 3, Performance): 10,000 resources with 10
 * data items each must each finish within 60 s with memory that does not grow with the file.
 * The same run at a tenth of the size is the baseline: the peak RSS above the starting point
 * should stay about the same while the file grows tenfold (the import's result — the drafts
 * themselves — is the one part that has to grow, and is reported apart).
 * Run alone: npx tsc -p tsconfig.build.json && node dist/bench/catalog-io.js [resources]
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { exportCatalog, parseCatalogFile } from '../src/catalog/io/index.js';
import { sampleImportContext, sampleResourceStream } from '../src/catalog/io/sample.js';

export interface CatalogIoRow {
  resources: number;
  items: number;
  'file MB': number;
  'export s': number;
  'export peak RSS Δ MB': number;
  'import s': number;
  'import peak RSS Δ MB': number;
  'drafts heap MB': number;
  /** Import peak above the drafts themselves: what the reading costs. */
  'import overhead MB': number;
  errors: number;
  pass: boolean;
}

const MB = 2 ** 20;

/** A full collection before each measurement, so peak RSS shows live memory, not leftover garbage. */
const gc: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** Samples RSS every 20 ms while `fn` runs; returns the result, the seconds and the peak RSS above the start. */
async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; peakDelta: number }> {
  gc();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, seconds: (performance.now() - t0) / 1000, peakDelta: (peak - start) / MB };
  } finally {
    clearInterval(timer);
  }
}

async function runOnce(resources: number, itemsPerResource: number, dir: string): Promise<CatalogIoRow> {
  const file = join(dir, `catalog-${resources}.xlsx`);
  const exp = await measure(() =>
    exportCatalog(sampleResourceStream(resources, { items: itemsPerResource, allTabular: true }), 'xlsx', createWriteStream(file), { baseUrl: 'https://share.example.gov.cn' }),
  );
  const size = statSync(file).size;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const imp = await measure(() => parseCatalogFile(createReadStream(file), 'xlsx', sampleImportContext()));
  gc();
  const draftsHeap = (process.memoryUsage().heapUsed - heapBefore) / MB;
  const items = imp.value.resources.reduce((n, r) => n + (r.dataItems?.length ?? 0), 0);
  const row: CatalogIoRow = {
    resources: imp.value.resources.length,
    items,
    'file MB': round(size / MB),
    'export s': round(exp.seconds),
    'export peak RSS Δ MB': round(exp.peakDelta),
    'import s': round(imp.seconds),
    'import peak RSS Δ MB': round(imp.peakDelta),
    'drafts heap MB': round(draftsHeap),
    'import overhead MB': round(imp.peakDelta - draftsHeap),
    errors: imp.value.errors.length,
    pass: exp.seconds < 60 && imp.seconds < 60 && imp.value.errors.length === 0 && imp.value.resources.length === resources,
  };
  if (imp.value.errors.length > 0) console.log(imp.value.errors.slice(0, 5));
  // Keep the drafts alive until measured.
  void imp.value.resources.length;
  return row;
}

const round = (n: number) => Math.round(n * 100) / 100;

export async function benchCatalogIo(opts: { resources: number; itemsPerResource?: number }): Promise<CatalogIoRow[]> {
  const items = opts.itemsPerResource ?? 10;
  const dir = mkdtempSync(join(tmpdir(), 'govshare-bench-catalog-'));
  try {
    const rows: CatalogIoRow[] = [];
    // A small warm-up run so the first measurement does not pay for JIT and module loading.
    await runOnce(Math.max(10, Math.floor(opts.resources / 100)), items, dir);
    rows.push(await runOnce(Math.max(1, Math.floor(opts.resources / 10)), items, dir));
    rows.push(await runOnce(opts.resources, items, dir));
    console.log('\nCatalog XLSX export / import (targets: each < 60 s; peak RSS Δ not growing with the file)');
    console.table(rows);
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? process.env.GOVSHARE_BENCH_CATALOG_RESOURCES ?? 10_000);
  const rows = await benchCatalogIo({ resources: n });
  process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
}
