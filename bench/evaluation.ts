/**
 * The usage rollup and the annual evaluation at scale (issue 6): one year of recorded data
 * accesses (default 10,000,000) over 100 units and 500 resources, in a throw-away database.
 *
 *   (1) the cold fold of every access event into the daily/monthly rollup (usage.catchUp),
 *       against a bare scan of the same rows (select count(*) … group by);
 *   (2) the evaluation run over the rollup (platform.evaluation.run);
 *   (3) the usage totals the dashboards ask (p50/p95), against a raw group-by over audit_event.
 *
 * The events are generated inside the database (one INSERT … SELECT over a generated series),
 * straight into audit_event under a separate chain 'bench' with placeholder hashes: the hash
 * chain is irrelevant to what is measured here (the fold never reads hashes). Peak RSS and the
 * live heap are printed: the fold reads one seq window (FOLD_BATCH events) at a time.
 *
 * Run alone: npx tsc -p tsconfig.build.json && node dist/bench/evaluation.js
 *   GOVSHARE_BENCH_DIALECTS=sqlite,postgres   GOVSHARE_BENCH_EVAL_EVENTS=10000000
 */
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { loadConfig } from '../src/core/config.js';
import type { Dialect } from '../src/core/db/database.js';
import type { Database } from '../src/core/db/schema.js';
import { createSigningKey } from '../src/audit/keys.js';
import { openPlatform, type Platform } from '../src/platform.js';
import { FixedClock } from '../src/core/clock.js';
import type { UsageQuery } from '../src/evaluation/types.js';
import { createBenchDatabase } from './db.js';

const UNITS = 100;
const RESOURCES = 500;
const TOKENS = 300;
const RUNS = 20;
const YEAR = 2026;
/** 2026-01-01T00:00 CST in Unix seconds, and the year's length. */
const YEAR_START = Date.UTC(2025, 11, 31, 16) / 1000;
const YEAR_SECONDS = 365 * 86400;

const mb = (n: number) => Math.round(n / 2 ** 20);
const pad3 = (n: number) => String(n).padStart(3, '0');

export interface EvaluationBenchRow {
  dialect: Dialect;
  step: string;
  ms: number;
  'p50 ms'?: number;
  'p95 ms'?: number;
  baseline: string;
  note: string;
}

function pct(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: Math.round(performance.now() - t0), value };
}

async function seedOrgAndCatalog(p: Platform): Promise<void> {
  const k = p.db.kysely;
  const now = new Date().toISOString();
  const cls = await p.catalog.createClassification({ actorType: 'system', actorId: 'bench', actorName: 'bench', unitId: null, clientIp: null, requestId: null }, { kind: 'basic', code: '1', name: '基础信息资源' });
  const units = Array.from({ length: UNITS }, (_, i) => ({
    id: `u${pad3(i)}`,
    code: `BENCH${pad3(i)}`,
    name: `基准测试单位${i}`,
    short_name: `单位${i}`,
    kind: 'city_department' as const,
    parent_id: null,
    functions: '[]',
    responsible_person: null,
    contacts: '[]',
    created_at: now,
    updated_at: now,
  }));
  await k.insertInto('unit').values(units).execute();
  await k.insertInto('app_system').values(units.map((u, i) => ({ id: `s${pad3(i)}`, unit_id: u.id, code: `SYS${i}`, name: `系统${i}`, description: '', scenario: '', disabled: 0, created_at: now, updated_at: now })) as never).execute();
  const tokens = Array.from({ length: TOKENS }, (_, i) => ({
    id: `t${pad3(i)}`,
    name: `token${i}`,
    system_id: `s${pad3(i % UNITS)}`,
    unit_id: `u${pad3(i % UNITS)}`,
    prefix: `b${String(i).padStart(7, '0')}`,
    secret_hash: `h${i}`,
    scopes: '["data:read"]',
    expires_at: '2099-01-01T00:00:00.000Z',
    revoked_at: null,
    last_used_at: null,
    created_at: now,
    created_by: 'bench',
  }));
  await k.insertInto('api_token').values(tokens as never).execute();
  for (let i = 0; i < RESOURCES; i += 100) {
    const part = Array.from({ length: Math.min(100, RESOURCES - i) }, (_, j) => i + j);
    await k
      .insertInto('catalog_resource')
      .values(part.map((r) => ({ code: `R${pad3(r)}`, provider_unit_id: `u${pad3(r % UNITS)}`, status: 'active' as const, published_version: 1, working_version: null, latest_version: 1, created_at: now, updated_at: now })))
      .execute();
    await k
      .insertInto('catalog_resource_version')
      .values(
        part.map((r) => ({
          id: `v${pad3(r)}`,
          resource_code: `R${pad3(r)}`,
          version: 1,
          state: 'published',
          change_kind: 'create',
          name: `基准资源${r}`,
          abstract: '基准测试用的合成资源',
          provider_unit_id: `u${pad3(r % UNITS)}`,
          provider_department: '',
          classification_id: cls.id,
          layer: 'base',
          format: 'database',
          storage_format: '',
          secrecy_level: 'internal',
          data_grade: 'general',
          sharing_type: r % 10 === 9 ? 'none' : r % 3 === 0 ? 'restricted' : 'mandatory',
          sharing_conditions: '',
          sharing_scope: '{"all":true,"unitIds":[]}',
          legal_basis: '',
          sharing_methods: '["online_query"]',
          open_attribute: 'closed',
          update_cycle: r % 2 ? 'monthly' : 'quarterly',
          update_time_limit_days: 5,
          published_at: '2025-06-01T02:00:00.000Z',
          related_codes: '[]',
          keywords: '[]',
          scenarios: '[]',
          source_system: '',
          target_database: '',
          metadata_only: 0,
          created_at: now,
          updated_at: now,
          submitted_at: null,
          comment: null,
          created_by: null,
        })) as never,
      )
      .execute();
  }
}

/** Generates `events` access events inside the database (chain 'bench', seq 1…N) and its head row. */
async function generateEvents(k: Kysely<Database>, dialect: Dialect, events: number): Promise<void> {
  const step = 2_000_000;
  for (let from = 1; from <= events; from += step) {
    const to = Math.min(events, from + step - 1);
    if (dialect === 'sqlite') {
      await sql`
        with recursive g(n) as (select ${sql.raw(String(from))} union all select n + 1 from g where n < ${sql.raw(String(to))})
        insert into audit_event (chain, seq, time, actor_type, actor_id, actor_name, unit_id, action, target_type, target_id, result, purpose, grant_id, client_ip, request_id, detail, prev_hash, hash)
        select 'bench', n,
          strftime('%Y-%m-%dT%H:%M:%fZ', ${sql.raw(String(YEAR_START))} + (n * ${sql.raw(`${YEAR_SECONDS}.0`)} / ${sql.raw(String(events))}), 'unixepoch'),
          case when n % 3 = 0 then 'token' else 'user' end,
          case when n % 3 = 0 then 't' || substr('000' || ((n * 7919) % ${sql.raw(String(UNITS))} + ${sql.raw(String(UNITS))} * ((n / 3) % 3)), -3) else 'p' end,
          'bench',
          'u' || substr('000' || ((n * 7919) % ${sql.raw(String(UNITS))}), -3),
          case when n % 20 < 14 then 'data.record.query' when n % 20 < 17 then 'data.record.get' when n % 20 = 17 then 'data.changes.read' when n % 20 = 18 then 'data.file.download' else 'data.subscription.deliver' end,
          'dataset',
          'R' || substr('000' || ((((n * 7919) % ${sql.raw(String(UNITS))}) * 37 + (n % 10) * 53) % ${sql.raw(String(RESOURCES))}), -3),
          case when n % 50 = 0 then 'denied' else 'success' end,
          'bench', null, null, null,
          case when n % 20 = 19 then '{"count":' || (n % 17) || '}' else '{"basis":"mandatory","rows":' || (n % 100) || '}' end,
          '', ''
        from g`.execute(k);
    } else {
      await sql`
        insert into audit_event (chain, seq, time, actor_type, actor_id, actor_name, unit_id, action, target_type, target_id, result, purpose, grant_id, client_ip, request_id, detail, prev_hash, hash)
        select 'bench', n,
          to_char(to_timestamp(${sql.raw(String(YEAR_START))} + (n * ${sql.raw(`${YEAR_SECONDS}.0`)} / ${sql.raw(String(events))})) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          case when n % 3 = 0 then 'token' else 'user' end,
          case when n % 3 = 0 then 't' || lpad(((n * 7919) % ${sql.raw(String(UNITS))} + ${sql.raw(String(UNITS))} * ((n / 3) % 3))::text, 3, '0') else 'p' end,
          'bench',
          'u' || lpad(((n * 7919) % ${sql.raw(String(UNITS))})::text, 3, '0'),
          case when n % 20 < 14 then 'data.record.query' when n % 20 < 17 then 'data.record.get' when n % 20 = 17 then 'data.changes.read' when n % 20 = 18 then 'data.file.download' else 'data.subscription.deliver' end,
          'dataset',
          'R' || lpad(((((n * 7919) % ${sql.raw(String(UNITS))}) * 37 + (n % 10) * 53) % ${sql.raw(String(RESOURCES))})::text, 3, '0'),
          case when n % 50 = 0 then 'denied' else 'success' end,
          'bench', null, null, null,
          case when n % 20 = 19 then '{"count":' || (n % 17) || '}' else '{"basis":"mandatory","rows":' || (n % 100) || '}' end,
          '', ''
        from generate_series(${sql.raw(String(from))}::bigint, ${sql.raw(String(to))}::bigint) n`.execute(k);
    }
  }
  await k.insertInto('audit_head').values({ chain: 'bench', seq: events, hash: '', updated_at: new Date().toISOString() }).execute();
  if (dialect === 'postgres') await sql`analyze`.execute(k);
}

const DASHBOARD_QUERIES: { label: string; q: UsageQuery }[] = [
  { label: 'year by month', q: { from: `${YEAR}-01-01`, to: `${YEAR + 1}-01-01`, groupBy: ['month'] } },
  { label: 'year, top 10 providers', q: { from: `${YEAR}-01-01`, to: `${YEAR + 1}-01-01`, groupBy: ['providerUnit'], top: 10 } },
  { label: 'year, top 10 resources', q: { from: `${YEAR}-01-01`, to: `${YEAR + 1}-01-01`, groupBy: ['resource'], top: 10 } },
  { label: 'year by consumer unit', q: { from: `${YEAR}-01-01`, to: `${YEAR + 1}-01-01`, groupBy: ['consumerUnit'] } },
  { label: 'year by kind', q: { from: `${YEAR}-01-01`, to: `${YEAR + 1}-01-01`, groupBy: ['kind'] } },
  { label: 'one provider by month', q: { from: `${YEAR}-01-01`, to: `${YEAR + 1}-01-01`, groupBy: ['month'], providerUnitId: 'u007' } },
  { label: 'one unit (own view) by month', q: { from: `${YEAR}-01-01`, to: `${YEAR + 1}-01-01`, groupBy: ['month'], involvingUnitId: 'u042' } },
  { label: 'one month by day', q: { from: `${YEAR}-06-01`, to: `${YEAR}-07-01`, groupBy: ['day'] } },
];

async function benchDialect(dialect: Dialect, events: number): Promise<EvaluationBenchRow[]> {
  const rows: EvaluationBenchRow[] = [];
  const bdb = await createBenchDatabase(dialect);
  const config = loadConfig({}, { dataDir: bdb.dataDir, databaseUrl: bdb.databaseUrl, logLevel: 'silent', rateLimitPerMinute: 0 });
  createSigningKey(config.dataDir, 'sm2');
  // The dashboards read the clock's current year: keep it inside the loaded year whenever the bench runs.
  const platform = await openPlatform(config, { clock: new FixedClock(`${YEAR}-12-15T04:00:00Z`) });
  const k = platform.db.kysely;
  try {
    await seedOrgAndCatalog(platform);
    const gen = await timed(() => generateEvents(k, dialect, events));
    console.log(`  [${dialect}] generated ${events.toLocaleString()} events in ${(gen.ms / 1000).toFixed(1)} s`);

    // Baseline of the fold: one bare pass over the same rows, grouped by consumer unit.
    const scan = await timed(() => sql`select unit_id, count(*) as n from audit_event where chain = 'bench' group by unit_id`.execute(k));
    const fold = await timed(() => platform.usage.catchUp());
    const mem = process.memoryUsage();
    const daily = await k.selectFrom('usage_daily').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    rows.push({
      dialect,
      step: `cold fold of ${events.toLocaleString()} events`,
      ms: fold.ms,
      baseline: `bare group-by scan ${scan.ms} ms`,
      note: `${Math.round(fold.value / (fold.ms / 1000)).toLocaleString()} events/s, ${Number(daily.n).toLocaleString()} daily rows; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MiB, heap ${mb(mem.heapUsed)} MiB`,
    });

    const run = await timed(() => platform.evaluation.run({ actorType: 'cli', actorId: 'bench', actorName: 'cli:bench', unitId: null, clientIp: null, requestId: null, roles: [] }, { year: YEAR }));
    rows.push({
      dialect,
      step: `evaluation run (${UNITS} units, ${RESOURCES} resources)`,
      ms: run.ms,
      baseline: '-',
      note: `${run.ms < 60_000 ? 'under' : 'OVER'} the 60 s target; top ${run.value.results[0]?.unitName} ${run.value.results[0]?.total}; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MiB, heap ${mb(process.memoryUsage().heapUsed)} MiB`,
    });

    for (const { label, q } of DASHBOARD_QUERIES) {
      const samples: number[] = [];
      await platform.usage.totals(q);
      for (let i = 0; i < RUNS; i++) samples.push((await timed(() => platform.usage.totals(q))).ms);
      rows.push({ dialect, step: `totals: ${label}`, ms: samples.reduce((a, b) => a + b, 0) / RUNS, 'p50 ms': pct(samples, 50), 'p95 ms': pct(samples, 95), baseline: '', note: pct(samples, 95) < 200 ? 'p95 < 200 ms' : 'p95 OVER 200 ms' });
    }
    // The same two dashboard answers straight from audit_event (what the rollup saves).
    const rawMonth = await timed(() => sql`select substr(time, 1, 7) as m, count(*) as n from audit_event where chain = 'bench' and result = 'success' group by substr(time, 1, 7)`.execute(k));
    const rawProvider = await timed(() => sql`select target_id, count(*) as n from audit_event where chain = 'bench' and result = 'success' group by target_id order by n desc limit 10`.execute(k));
    rows.find((r) => r.step === 'totals: year by month')!.baseline = `raw audit_event group-by ${rawMonth.ms} ms`;
    rows.find((r) => r.step === 'totals: year, top 10 resources')!.baseline = `raw audit_event group-by ${rawProvider.ms} ms`;

    // The two dashboards as the portal calls them (cold: first call; warm: within their 5 s cache).
    const { benchDashboard } = await import('./dashboard.js');
    for (const d of await benchDashboard(platform, { iterations: RUNS, print: false })) {
      rows.push({ dialect, step: `dashboard ${d.dashboard} (${d.mode})`, ms: d['p50 ms'], 'p50 ms': d['p50 ms'], 'p95 ms': d['p95 ms'], baseline: '', note: d.note });
    }
  } finally {
    await platform.close();
    await bdb.drop();
  }
  return rows;
}

export async function benchEvaluation(opts: { dialects: Dialect[]; events: number }): Promise<EvaluationBenchRow[]> {
  console.log(`\n== Evaluation (issue 6): usage rollup and the annual evaluation over ${opts.events.toLocaleString()} data accesses, ${UNITS} units ==`);
  const all: EvaluationBenchRow[] = [];
  for (const d of opts.dialects) all.push(...(await benchDialect(d, opts.events)));
  console.table(all.map((r) => ({ ...r, ms: Math.round(r.ms * 10) / 10 })));
  return all;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dialects = (process.env.GOVSHARE_BENCH_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim()) as Dialect[];
  await benchEvaluation({ dialects, events: Number(process.env.GOVSHARE_BENCH_EVAL_EVENTS ?? 10_000_000) });
}
