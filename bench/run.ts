/**
 * `npm run bench`: every benchmark of the platform, each against a bare baseline measured in the
 * same run on the same machine. Prints tables; record the figures in docs/benchmarks.md.
 *   node dist/bench/run.js [name…] [--quick]   only the named benchmarks (default all):
 *                                               audit, search, catalog-io, catalog-search, exchange, evaluation
 *   GOVSHARE_BENCH_DIALECTS=sqlite,postgres   which databases (default both)
 *   GOVSHARE_BENCH_AUDIT_EVENTS=20000         events per audit measurement
 *   GOVSHARE_BENCH_EXCHANGE_*                 sizes of the exchange benchmark (bench/exchange.ts)
 *   GOVSHARE_BENCH_EVAL_EVENTS=10000000       data accesses of the evaluation benchmark (bench/evaluation.ts)
 */
import { cpus, totalmem, platform as osPlatform, release } from 'node:os';

const BENCHMARKS = ['audit', 'search', 'catalog-io', 'catalog-search', 'exchange', 'evaluation'] as const;
const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(BENCHMARKS as readonly string[]).includes(n));
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}`);
  process.exit(2);
}
const want = (name: (typeof BENCHMARKS)[number]) => names.length === 0 || names.includes(name);

const dialects = (process.env.GOVSHARE_BENCH_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim()) as ('sqlite' | 'postgres')[];

console.log(`GovShare benchmarks — ${new Date().toISOString()}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${osPlatform()} ${release()}, Node ${process.version}`);
if (want('audit')) {
  const { benchAudit } = await import('./audit.js');
  await benchAudit({ dialects, events: Number(process.env.GOVSHARE_BENCH_AUDIT_EVENTS ?? 20_000) });
}
if (want('search')) {
  const { benchSearch } = await import('./search.js');
  await benchSearch({ dialects, docs: Number(process.env.GOVSHARE_BENCH_SEARCH_DOCS ?? 100_000) });
}
if (want('catalog-io')) {
  const { benchCatalogIo } = await import('./catalog-io.js');
  await benchCatalogIo({ resources: Number(process.env.GOVSHARE_BENCH_CATALOG_IO ?? 10_000) });
}
if (want('catalog-search')) {
  const { benchCatalogSearch } = await import('./catalog-search.js');
  await benchCatalogSearch({ dialects, resources: Number(process.env.GOVSHARE_BENCH_CATALOG_RESOURCES ?? 100_000) });
}
if (want('exchange')) {
  const { benchExchange, exchangeOptionsFromEnv } = await import('./exchange.js');
  await benchExchange(exchangeOptionsFromEnv());
}
if (want('evaluation')) {
  const { benchEvaluation } = await import('./evaluation.js');
  await benchEvaluation({ dialects, events: Number(process.env.GOVSHARE_BENCH_EVAL_EVENTS ?? 10_000_000) });
}
