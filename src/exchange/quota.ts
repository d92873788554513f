/**
 * Daily quotas of grants (DESIGN.md access model: "a grant names … a quota"): requests and rows
 * per grant per China Standard Time day, counted in memory.
 *
 * The counters live in this process: on a cluster each node counts on its own, so a consumer
 * spreading calls over N nodes may use up to N times the quota. Persisting them (or sharing them
 * through the database) is left to a later issue; `db` is accepted now so callers need not change.
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

export interface QuotaUsage {
  /** CST day (YYYY-MM-DD) the counts are for. */
  day: string;
  requests: number;
  rows: number;
}

export interface QuotaMeter {
  /** Throws 429 'quota_exceeded' when the decision's grant has used up its requests or rows today. */
  check(decision: AccessDecision): void;
  /** Counts one request that returned `rows` rows against the decision's grant. */
  record(decision: AccessDecision, rows: number): void;
  /** Today's use of a grant on this node. */
  usage(grantId: string): QuotaUsage;
}

export function createQuotaMeter({ clock }: { db?: Db; clock: Clock }): QuotaMeter {
  const counters = new Map<string, { day: number; requests: number; rows: number }>();

  function current(grantId: string, day: number) {
    let c = counters.get(grantId);
    if (!c || c.day !== day) {
      // A new day starts from zero; drop every stale counter now and then.
      if (counters.size > 10_000) for (const [k, v] of counters) if (v.day !== day) counters.delete(k);
      c = { day, requests: 0, rows: 0 };
      counters.set(grantId, c);
    }
    return c;
  }

  const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

  return {
    check(decision) {
      const q = decision.quota;
      if (!q || !decision.grantId) return;
      const day = cstDay(clock.now());
      const c = current(decision.grantId, day);
      const resetAt = `${dayText(day + 1)} 00:00`;
      if (q.requestsPerDay !== null && c.requests >= q.requestsPerDay) throw new AppError(429, 'quota_exceeded', 'exchange.quota.requests', { limit: q.requestsPerDay, resetAt });
      if (q.rowsPerDay !== null && c.rows >= q.rowsPerDay) throw new AppError(429, 'quota_exceeded', 'exchange.quota.rows', { limit: q.rowsPerDay, resetAt });
    },
    record(decision, rows) {
      if (!decision.quota || !decision.grantId) return;
      const c = current(decision.grantId, cstDay(clock.now()));
      c.requests += 1;
      c.rows += Math.max(0, Math.floor(rows) || 0);
    },
    usage(grantId) {
      const day = cstDay(clock.now());
      const c = counters.get(grantId);
      return c && c.day === day ? { day: dayText(day), requests: c.requests, rows: c.rows } : { day: dayText(day), requests: 0, rows: 0 };
    },
  };
}
