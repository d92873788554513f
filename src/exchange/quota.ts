/**
 * Daily quotas of grants (DESIGN.md access model: "a grant names … a quota"): requests and rows
 * per grant per China Standard Time day.
 *
 * Requests are counted in memory (the hot path writes nothing) and shared through the database:
 * every QUOTA_SYNC_MS each node writes its own counts for the day (`exchange_quota_use`, one row per
 * grant, day and node) and reads the sum of the other nodes'. A check compares this node's count
 * plus the others' last known sum with the limit, so a consumer spreading calls over several nodes
 * overshoots by at most what the other nodes served since their last sync, and a restarted node
 * starts from its own stored count for the day, not from zero. Without a database (unit tests of
 * the rules) the meter counts in memory only.
 */
import type { Db } from '../core/db/database.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { defineMessages, registerMessages } from '../core/i18n.js';
import type { AccessDecision } from './types.js';

export const quotaMessages = defineMessages({
  'exchange.quota.requests': {
    zh: '已达到授权的每日请求次数上限（{limit} 次），请于北京时间 {resetAt} 后再试',
    en: 'The grant\'s daily request quota ({limit} requests) is used up; retry after {resetAt} (China Standard Time midnight)',
  },
  'exchange.quota.rows': {
    zh: '已达到授权的每日数据条数上限（{limit} 条），请于北京时间 {resetAt} 后再试',
    en: 'The grant\'s daily row quota ({limit} rows) is used up; retry after {resetAt} (China Standard Time midnight)',
  },
});
registerMessages(quotaMessages);

const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The China Standard Time day of an instant, as a day number since 1970-01-01. */
function cstDay(d: Date): number {
  return Math.floor((d.getTime() + CST_OFFSET_MS) / DAY_MS);
}

/** Whole seconds (at least 1) from `now` to the end of CST day `day`, when the counts start again. */
function secondsToReset(day: number, now: Date): number {
  return Math.max(1, Math.ceil(((day + 1) * DAY_MS - CST_OFFSET_MS - now.getTime()) / 1000));
}

export interface QuotaUsage {
  /** CST day (YYYY-MM-DD) the counts are for. */
  day: string;
  requests: number;
  rows: number;
}

export interface QuotaMeter {
  /**
   * Throws 429 'quota_exceeded' when the decision's grant has used up its requests or rows today
   * (on every node, as far as the last sync knows). The first check of a grant with a quota waits
   * for this node's stored counts of the day to load.
   */
  check(decision: AccessDecision): void | Promise<void>;
  /** Counts one request that returned `rows` rows against the decision's grant. */
  record(decision: AccessDecision, rows: number): void;
  /** Today's use of a grant: this node's count plus the other nodes' as of the last sync. */
  usage(grantId: string): QuotaUsage;
  /**
   * The quota as response headers after a read (IETF httpapi RateLimit fields): `RateLimit-Policy`
   * `"requests";q=<per day>;w=86400, "rows";q=…;w=86400` and `RateLimit` `"requests";r=<left>;t=<seconds
   * to the CST midnight>, "rows";r=…;t=…`. Null for a decision without a quota.
   */
  headers(decision: AccessDecision): Record<string, string> | null;
  /** Resolves once this node's stored counts of today (and the other nodes' sum) are loaded. */
  ready(): Promise<void>;
  /** Writes this node's changed counts and reads the other nodes' (the timer calls it; tests may). */
  sync(): Promise<void>;
  /** Starts the periodic sync (a no-op without a database). */
  start(): void;
  /** Stops the timer and writes the last counts. */
  stop(): Promise<void>;
}

/** How often a node writes its counts and reads the others'. */
export const QUOTA_SYNC_MS = 2_000;
/** Stored counts are kept this many days (the portal and supervision may look back). */
const KEEP_DAYS = 31;

interface Count {
  day: number;
  requests: number;
  rows: number;
  /** What the database holds for this node (what the last sync wrote or loaded). */
  storedRequests: number;
  storedRows: number;
}

export function createQuotaMeter({ clock, db, nodeId = 'node-1' }: { db?: Db; clock: Clock; nodeId?: string }): QuotaMeter {
  const counters = new Map<string, Count>();
  /** The other nodes' sums for `othersDay`. */
  let others = new Map<string, { requests: number; rows: number }>();
  let othersDay = -1;
  /** The day whose stored counts of this node have been loaded into `counters`. */
  let loadedDay = -1;
  let loading: Promise<void> | null = null;
  let syncing: Promise<void> | null = null;
  let prunedDay = -1;
  let timer: NodeJS.Timeout | null = null;

  const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

  function current(grantId: string, day: number): Count {
    let c = counters.get(grantId);
    if (!c || c.day !== day) {
      // A new day starts from zero; drop every stale counter now and then.
      if (counters.size > 10_000) for (const [k, v] of counters) if (v.day !== day) counters.delete(k);
      c = { day, requests: 0, rows: 0, storedRequests: 0, storedRows: 0 };
      counters.set(grantId, c);
    }
    return c;
  }

  function othersOf(grantId: string, day: number): { requests: number; rows: number } {
    return (othersDay === day && others.get(grantId)) || { requests: 0, rows: 0 };
  }

  /** Adds this node's stored counts of `day` (after a restart: what it served before). Once per day. */
  function load(day: number): Promise<void> {
    if (!db || loadedDay === day) return Promise.resolve();
    loading ??= (async () => {
      try {
        const rows = await db.kysely
          .selectFrom('exchange_quota_use')
          .select(['grant_id', 'request_count', 'row_count'])
          .where('day', '=', dayText(day))
          .where('node', '=', nodeId)
          .execute();
        for (const r of rows) {
          const c = current(r.grant_id, day);
          c.requests += Number(r.request_count);
          c.rows += Number(r.row_count);
          c.storedRequests = Number(r.request_count);
          c.storedRows = Number(r.row_count);
        }
        await readOthers(day);
        loadedDay = day;
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  function enforce(decision: AccessDecision): void {
    const q = decision.quota!;
    const grantId = decision.grantId!;
    const day = cstDay(clock.now());
    const c = current(grantId, day);
    const o = othersOf(grantId, day);
    const resetAt = `${dayText(day + 1)} 00:00`;
    // Retry-After (RFC 9110): seconds until the next CST midnight, when the counts start again.
    const retryAfter = () => String(secondsToReset(day, clock.now()));
    if (q.requestsPerDay !== null && c.requests + o.requests >= q.requestsPerDay) {
      throw new AppError(429, 'quota_exceeded', 'exchange.quota.requests', { limit: q.requestsPerDay, resetAt }).withHeader('retry-after', retryAfter());
    }
    if (q.rowsPerDay !== null && c.rows + o.rows >= q.rowsPerDay) {
      throw new AppError(429, 'quota_exceeded', 'exchange.quota.rows', { limit: q.rowsPerDay, resetAt }).withHeader('retry-after', retryAfter());
    }
  }

  /** The other nodes' sums for `day`. */
  async function readOthers(day: number): Promise<void> {
    const sums = await db!.kysely
      .selectFrom('exchange_quota_use')
      .select((eb) => ['grant_id', eb.fn.sum<number | string>('request_count').as('requests'), eb.fn.sum<number | string>('row_count').as('rows')])
      .where('day', '=', dayText(day))
      .where('node', '<>', nodeId)
      .groupBy('grant_id')
      .execute();
    others = new Map(sums.map((r) => [r.grant_id, { requests: Number(r.requests), rows: Number(r.rows) }]));
    othersDay = day;
  }

  async function runSync(): Promise<void> {
    if (!db) return;
    const day = cstDay(clock.now());
    await load(day);
    // A node that has served no grant with a quota today has nothing to write, and reads the
    // others' counts when it first checks one (load): no query every few seconds for nothing.
    let active = false;
    for (const c of counters.values()) if (c.day === day) active = true;
    if (!active) return;
    const at = clock.now().toISOString();
    const text = dayText(day);
    const changed: { c: Count; grantId: string; requests: number; rows: number }[] = [];
    for (const [grantId, c] of counters) {
      if (c.day !== day || (c.requests === c.storedRequests && c.rows === c.storedRows)) continue;
      changed.push({ c, grantId, requests: c.requests, rows: c.rows });
    }
    if (changed.length) {
      // One transaction for all of them: one commit, and on SQLite a begin that waits for the
      // write lock without blocking the event loop (database.ts).
      await db.kysely.transaction().execute(async (trx) => {
        for (const { grantId, requests, rows } of changed) {
          await trx
            .insertInto('exchange_quota_use')
            .values({ grant_id: grantId, day: text, node: nodeId, request_count: requests, row_count: rows, updated_at: at })
            .onConflict((oc) => oc.columns(['grant_id', 'day', 'node']).doUpdateSet({ request_count: requests, row_count: rows, updated_at: at }))
            .execute();
        }
      });
      for (const { c, requests, rows } of changed) {
        c.storedRequests = requests;
        c.storedRows = rows;
      }
    }
    await readOthers(day);
    if (prunedDay !== day) {
      await db.kysely.deleteFrom('exchange_quota_use').where('day', '<', dayText(day - KEEP_DAYS)).execute();
      prunedDay = day;
    }
  }

  function usage(grantId: string): QuotaUsage {
    const day = cstDay(clock.now());
    const c = counters.get(grantId);
    const o = othersOf(grantId, day);
    const mine = c && c.day === day ? c : { requests: 0, rows: 0 };
    return { day: dayText(day), requests: mine.requests + o.requests, rows: mine.rows + o.rows };
  }

  return {
    check(decision) {
      if (!decision.quota || !decision.grantId) return;
      const day = cstDay(clock.now());
      if (db && loadedDay !== day) return load(day).then(() => enforce(decision));
      enforce(decision);
    },
    record(decision, rows) {
      if (!decision.quota || !decision.grantId) return;
      const c = current(decision.grantId, cstDay(clock.now()));
      c.requests += 1;
      c.rows += Math.max(0, Math.floor(rows) || 0);
    },
    usage,
    headers(decision) {
      const q = decision.quota;
      if (!q || !decision.grantId) return null;
      const now = clock.now();
      const used = usage(decision.grantId);
      const t = secondsToReset(cstDay(now), now);
      const policy: string[] = [];
      const left: string[] = [];
      for (const [name, limit, count] of [['requests', q.requestsPerDay, used.requests], ['rows', q.rowsPerDay, used.rows]] as const) {
        if (limit === null) continue;
        policy.push(`"${name}";q=${limit};w=86400`);
        left.push(`"${name}";r=${Math.max(0, limit - count)};t=${t}`);
      }
      return policy.length ? { 'ratelimit-policy': policy.join(', '), ratelimit: left.join(', ') } : null;
    },
    ready() {
      return load(cstDay(clock.now()));
    },
    sync() {
      // One at a time: a second caller waits for the running sync, then runs its own.
      const run = (syncing ?? Promise.resolve()).catch(() => undefined).then(runSync);
      const mine = run.finally(() => {
        if (syncing === mine) syncing = null;
      });
      syncing = mine;
      return mine;
    },
    start() {
      if (!db || timer) return;
      timer = setInterval(() => {
        // A failed sync changes nothing here: this node keeps counting and the next sync retries.
        this.sync().catch(() => undefined);
      }, QUOTA_SYNC_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await this.sync().catch(() => undefined);
    },
  };
}
