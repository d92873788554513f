/**
 * `npm run bench`: every benchmark of the platform, each against a bare baseline measured in the
 * same run on the same machine. Prints tables; record the figures in docs/benchmarks.md.
 *   GOVSHARE_BENCH_DIALECTS=sqlite,postgres   which databases (default both)
 *   GOVSHARE_BENCH_AUDIT_EVENTS=20000         events per audit measurement
 */
import { cpus, totalmem, platform as osPlatform, release } from 'node:os';
import { benchAudit } from './audit.js';

const dialects = (process.env.GOVSHARE_BENCH_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim()) as ('sqlite' | 'postgres')[];

console.log(`GovShare benchmarks — ${new Date().toISOString()}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${osPlatform()} ${release()}, Node ${process.version}`);
await benchAudit({ dialects, events: Number(process.env.GOVSHARE_BENCH_AUDIT_EVENTS ?? 20_000) });
const { benchSearch } = await import('./search.js');
await benchSearch({ dialects, docs: Number(process.env.GOVSHARE_BENCH_SEARCH_DOCS ?? 100_000) });
const { benchCatalogIo } = await import('./catalog-io.js');
await benchCatalogIo({ resources: Number(process.env.GOVSHARE_BENCH_CATALOG_IO ?? 10_000) });
const { benchCatalogSearch } = await import('./catalog-search.js');
await benchCatalogSearch({ dialects, resources: Number(process.env.GOVSHARE_BENCH_CATALOG_RESOURCES ?? 100_000) });
