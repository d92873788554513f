import type { SupervisionDeps } from '../../supervision/deps.js';
import { iso } from '../../core/clock.js';
import { invalid } from '../../core/errors.js';
import { USAGE_DIMENSIONS, USAGE_KINDS, type UsageQuery, type UsageService, type UsageTotal } from '../types.js';
import * as store from './store.js';
import './messages.js';

/** Events read per fold transaction (a seq window of the chain): bounds memory whatever the backlog. */
export const FOLD_BATCH = 100_000;
const MAX_PERIOD_DAYS = 3700;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const ROWS_RE = /"rows":\s*(\d+)/;
const COUNT_RE = /"count":\s*(\d+)/;

/** The CST (UTC+8) day of an ISO-8601 UTC instant, without a Date per event: hours ≥ 16 UTC are the next CST day. */
function cstDayOf(time: string, nextDay: Map<string, string>): string {
  const day = time.slice(0, 10);
  if (time.slice(11, 13) < '16') return day;
  let n = nextDay.get(day);
  if (!n) {
    n = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    nextDay.set(day, n);
  }
  return n;
}

/** Rows an event served: detail.rows (queries, lookups, changes, exports), detail.count (deliveries), 1 per download. */
function servedRows(kind: string, detail: string | null): number {
  if (kind === 'download') return 1;
  if (!detail) return 0;
  const m = (kind === 'delivery' ? COUNT_RE : ROWS_RE).exec(detail);
  return m ? Number(m[1]) : 0;
}

export interface UsageServiceExt extends UsageService {
  /** Validates a query from the API (400 with field errors). */
  check(q: UsageQuery): UsageQuery;
  /** Each chain's fold cursor (operations, the benchmark). */
  cursors(): Promise<{ chain: string; seq: number; updatedAt: string }[]>;
}

/**
 * The usage rollup (使用情况): folds the audit log's data-access events into per-day and
 * per-month counts. Never writes audit rows; the cursor per chain makes the fold incremental,
 * and each batch's counts and its cursor move commit in one transaction, so a crash between
 * batches never double-counts and a guarded cursor update lets only one node fold a batch.
 */
export function createUsageService(deps: SupervisionDeps): UsageServiceExt {
  const { db, clock, audit, workflow } = deps;
  const k = db.kysely;
  const providers = new Map<string, string>();
  const systemsOfTokens = new Map<string, string>();
  const systemsOfSubscriptions = new Map<string, string>();
  const nextDay = new Map<string, string>();
  let running: Promise<number> = Promise.resolve(0);

  async function resolve(events: store.EventRow[]): Promise<void> {
    const codes = new Set<string>();
    const tokens = new Set<string>();
    const subs = new Set<string>();
    for (const e of events) {
      if (e.target_id && !providers.has(e.target_id)) codes.add(e.target_id);
      if (e.actor_type === 'token' && e.actor_id && !systemsOfTokens.has(e.actor_id)) tokens.add(e.actor_id);
      if (e.actor_type === 'system' && e.action === 'data.subscription.deliver' && e.actor_id && !systemsOfSubscriptions.has(e.actor_id)) subs.add(e.actor_id);
    }
    if (codes.size) {
      const found = await store.providerOf(k, [...codes]);
      // A resource code the catalog does not know (never expected) counts under no provider.
      for (const c of codes) providers.set(c, found.get(c) ?? '');
    }
    if (tokens.size) {
      const found = await store.tokenSystems(k, [...tokens]);
      for (const t of tokens) systemsOfTokens.set(t, found.get(t) ?? '');
    }
    if (subs.size) {
      const found = await store.subscriptionSystems(k, [...subs]);
      for (const s of subs) systemsOfSubscriptions.set(s, found.get(s) ?? '');
    }
    if (providers.size > 200_000) providers.clear();
    if (systemsOfTokens.size > 200_000) systemsOfTokens.clear();
    if (systemsOfSubscriptions.size > 200_000) systemsOfSubscriptions.clear();
  }

  function aggregate(events: store.EventRow[]): { daily: store.Cell[]; monthly: store.Cell[] } {
    const daily = new Map<string, store.Cell>();
    const monthly = new Map<string, store.Cell>();
    const add = (map: Map<string, store.Cell>, period: string, base: Omit<store.Cell, 'period' | 'calls' | 'rows' | 'refused'>, ok: boolean, rows: number) => {
      const key = `${period}\u0000${base.consumer}\u0000${base.system}\u0000${base.provider}\u0000${base.resource}\u0000${base.kind}`;
      let c = map.get(key);
      if (!c) map.set(key, (c = { period, ...base, calls: 0, rows: 0, refused: 0 }));
      if (ok) {
        c.calls += 1;
        c.rows += rows;
      } else c.refused += 1;
    };
    for (const e of events) {
      const kind = store.ACTION_KINDS[e.action]!;
      const resource = e.target_id ?? '';
      const system =
        e.actor_type === 'token' && e.actor_id
          ? (systemsOfTokens.get(e.actor_id) ?? '')
          : kind === 'delivery' && e.actor_id
            ? (systemsOfSubscriptions.get(e.actor_id) ?? '')
            : '';
      const base = { consumer: e.unit_id ?? '', system, provider: providers.get(resource) ?? '', resource, kind };
      const ok = e.result === 'success';
      const rows = ok ? servedRows(kind, e.detail) : 0;
      const day = cstDayOf(e.time, nextDay);
      add(daily, day, base, ok, rows);
      add(monthly, day.slice(0, 7), base, ok, rows);
    }
    return { daily: [...daily.values()], monthly: [...monthly.values()] };
  }

  /** Folds one chain up to its current head; returns events folded. */
  async function foldChain(chain: string, head: number): Promise<number> {
    let folded = 0;
    for (;;) {
      const at = iso(clock.now());
      const cursor = await store.cursorOf(k, chain, at);
      if (cursor >= head) return folded;
      const upto = Math.min(head, cursor + FOLD_BATCH);
      const events = await store.accessEvents(k, chain, cursor, upto);
      await resolve(events);
      const cells = aggregate(events);
      const won = await k.transaction().execute(async (trx) => {
        // The guarded move first: on PostgreSQL it takes the cursor row's lock, so a second node
        // folding the same window waits here and then finds the cursor moved (0 rows) and stops.
        if (!(await store.advanceCursor(trx, chain, cursor, upto, at))) return false;
        await store.addCells(trx, 'usage_daily', cells.daily);
        await store.addCells(trx, 'usage_monthly', cells.monthly);
        return true;
      });
      if (!won) continue;
      folded += events.length;
    }
  }

  async function fold(): Promise<number> {
    await audit.flush();
    let total = 0;
    for (const h of await store.heads(k)) total += await foldChain(h.chain, h.seq);
    return total;
  }

  function check(q: UsageQuery): UsageQuery {
    const issues: { field: string; code: string; messageKey: 'evaluation.usage.invalid_day' | 'evaluation.usage.bad_period' | 'evaluation.usage.bad_dimension'; params?: Record<string, string | number> }[] = [];
    const validDay = (v: string) => DAY_RE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
    for (const f of ['from', 'to'] as const) if (!validDay(q[f])) issues.push({ field: `querystring.${f}`, code: 'invalid_day', messageKey: 'evaluation.usage.invalid_day', params: { value: q[f] } });
    if (!issues.length) {
      const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000;
      if (days <= 0 || days > MAX_PERIOD_DAYS) issues.push({ field: 'querystring.to', code: 'bad_period', messageKey: 'evaluation.usage.bad_period', params: { max: MAX_PERIOD_DAYS } });
    }
    for (const d of q.groupBy) if (!(USAGE_DIMENSIONS as readonly string[]).includes(d)) issues.push({ field: 'querystring.groupBy', code: 'bad_dimension', messageKey: 'evaluation.usage.bad_dimension', params: { value: d } });
    if (q.kind && !(USAGE_KINDS as readonly string[]).includes(q.kind)) issues.push({ field: 'querystring.kind', code: 'bad_dimension', messageKey: 'evaluation.usage.bad_dimension', params: { value: q.kind } });
    if (issues.length) throw invalid(issues);
    return { ...q, groupBy: [...new Set(q.groupBy)] };
  }

  const present = (rows: store.TotalRow[]): UsageTotal[] =>
    rows.map((r) => ({ keys: Object.fromEntries(Object.entries(r.keys).map(([d, v]) => [d, v === '' ? null : v])), calls: r.calls, rows: r.rows, refused: r.refused }));

  const service: UsageServiceExt = {
    catchUp() {
      // One fold at a time in this process; a caller arriving meanwhile gets a fold that starts after it.
      const next = running.catch(() => 0).then(fold);
      running = next;
      return next;
    },
    async totals(q) {
      return present(await store.totals(k, check(q)));
    },
    check,
    cursors: () => store.allCursors(k),
  };
  workflow.registerSweepHook('evaluation.usage', () => service.catchUp());
  return service;
}
