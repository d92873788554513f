import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { translate } from '../core/i18n.js';
import { createQuotaMeter } from './quota.js';
import { createTestPlatform, describeEachDialect, type TestPlatform } from '../../test/helpers/platform.js';
import type { AccessDecision } from './types.js';

function decision(grantId: string | null, requestsPerDay: number | null, rowsPerDay: number | null): AccessDecision {
  return {
    basis: grantId ? 'grant' : 'mandatory',
    grantId,
    fields: ['a'],
    masks: {},
    rowFilter: [],
    quota: requestsPerDay === null && rowsPerDay === null ? null : { requestsPerDay, rowsPerDay },
  };
}

/** The refusal of a check that must refuse (thrown at once, or rejected after the first load of the day). */
async function quotaError(q: ReturnType<typeof createQuotaMeter>, d: AccessDecision): Promise<AppError> {
  try {
    await q.check(d);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected quota_exceeded');
}

describe('quota meter (per grant, per China Standard Time day, per node)', () => {
  it('allows requestsPerDay requests, then 429 quota_exceeded naming the limit', async () => {
    const clock = new FixedClock('2026-12-01T02:00:00.000Z');
    const q = createQuotaMeter({ clock });
    const d = decision('g1', 3, null);
    for (let i = 0; i < 3; i++) {
      q.check(d);
      q.record(d, 10);
    }
    const e = await quotaError(q, d);
    expect([e.status, e.code, e.params.limit]).toEqual([429, 'quota_exceeded', 3]);
    expect(translate(e.messageKey, 'zh-CN', e.params)).toContain('3 次');
    expect(translate(e.messageKey, 'en', e.params)).toContain('3 requests');
    expect(e.params.resetAt).toBe('2026-12-02 00:00');
    // 10:00 CST: the counts start again in 14 hours.
    expect(e.headers).toEqual({ 'retry-after': String(14 * 3600) });
    expect(q.usage('g1')).toEqual({ day: '2026-12-01', requests: 3, rows: 30 });
  });

  it('rowsPerDay: the request that crosses the limit is served, the next one refused', async () => {
    const q = createQuotaMeter({ clock: new FixedClock('2026-12-01T02:00:00.000Z') });
    const d = decision('g1', null, 100);
    q.check(d);
    q.record(d, 99);
    q.check(d);
    q.record(d, 50);
    const e = await quotaError(q, d);
    expect([e.code, e.params.limit, e.messageKey]).toEqual(['quota_exceeded', 100, 'exchange.quota.rows']);
  });

  it('states the quota as RateLimit headers: the policy per day and what is left until the CST midnight', () => {
    const q = createQuotaMeter({ clock: new FixedClock('2026-12-01T02:00:00.000Z') });
    const both = decision('g1', 3, 100);
    q.record(both, 40);
    expect(q.headers(both)).toEqual({
      'ratelimit-policy': '"requests";q=3;w=86400, "rows";q=100;w=86400',
      ratelimit: `"requests";r=2;t=${14 * 3600}, "rows";r=60;t=${14 * 3600}`,
    });
    q.record(both, 90); // past the row limit: nothing left, never negative
    expect(q.headers(both)!.ratelimit).toBe(`"requests";r=1;t=${14 * 3600}, "rows";r=0;t=${14 * 3600}`);
    expect(q.headers(decision('g2', null, 50))).toEqual({ 'ratelimit-policy': '"rows";q=50;w=86400', ratelimit: `"rows";r=50;t=${14 * 3600}` });
    expect(q.headers(decision('g3', null, null))).toBeNull();
    expect(q.headers(decision(null, null, null))).toBeNull();
  });

  it('counts each grant separately and ignores decisions without a grant or a quota', () => {
    const q = createQuotaMeter({ clock: new FixedClock('2026-12-01T02:00:00.000Z') });
    const a = decision('ga', 1, null);
    const b = decision('gb', 1, null);
    q.record(a, 0);
    expect(() => q.check(a)).toThrow(AppError);
    expect(() => q.check(b)).not.toThrow();
    const unlimited = decision('gc', null, null);
    const noGrant = decision(null, null, null);
    for (let i = 0; i < 1000; i++) {
      q.record(unlimited, 1000);
      q.record(noGrant, 1000);
    }
    expect(() => q.check(unlimited)).not.toThrow();
    expect(() => q.check(noGrant)).not.toThrow();
    expect(q.usage('gc').requests).toBe(0);
  });

  it('a new day starts at midnight China Standard Time (16:00 UTC), not at UTC midnight', async () => {
    const clock = new FixedClock('2026-12-01T15:59:59.999Z'); // 2026-12-01 23:59:59.999 CST
    const q = createQuotaMeter({ clock });
    const d = decision('g1', 2, null);
    q.record(d, 1);
    q.record(d, 1);
    expect(() => q.check(d)).toThrow(AppError);
    expect(q.usage('g1').day).toBe('2026-12-01');
    clock.set('2026-12-01T16:00:00.000Z'); // 2026-12-02 00:00 CST
    expect(() => q.check(d)).not.toThrow();
    expect(q.usage('g1')).toEqual({ day: '2026-12-02', requests: 0, rows: 0 });
    q.record(d, 5);
    q.record(d, 5);
    expect(() => q.check(d)).toThrow(AppError);
    // UTC midnight (08:00 CST) is the same CST day: still used up.
    clock.set('2026-12-02T00:00:00.000Z');
    expect(() => q.check(d)).toThrow(AppError);
    expect((await quotaError(q, d)).params.resetAt).toBe('2026-12-03 00:00');
  });
});

async function use(q: ReturnType<typeof createQuotaMeter>, d: AccessDecision, times: number, rows = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    await q.check(d);
    q.record(d, rows);
  }
}

describeEachDialect('quota counts shared through the database (nodes, restarts)', (dialect) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await createTestPlatform(dialect);
  });
  afterAll(() => t.cleanup());

  it('a restarted node starts from its stored count of the day, not from zero', async () => {
    const clock = new FixedClock('2026-12-01T02:00:00.000Z');
    const d = decision('g-restart', 5, null);
    const before = createQuotaMeter({ db: t.platform.db, clock, nodeId: 'n1' });
    await use(before, d, 3, 10);
    await before.stop();
    const after = createQuotaMeter({ db: t.platform.db, clock, nodeId: 'n1' });
    await use(after, d, 2);
    expect(after.usage('g-restart')).toEqual({ day: '2026-12-01', requests: 5, rows: 32 });
    expect((await quotaError(after, d)).code).toBe('quota_exceeded');
    // The stored row is the node's total, written again (not added to) on the next sync.
    await after.sync();
    await after.sync();
    const stored = await t.platform.db.kysely.selectFrom('exchange_quota_use').selectAll().where('grant_id', '=', 'g-restart').execute();
    expect(stored.map((r) => [r.day, r.node, Number(r.request_count), Number(r.row_count)])).toEqual([['2026-12-01', 'n1', 5, 32]]);
  });

  it('nodes see each other\'s counts after a sync; the grant\'s limit holds across them', async () => {
    const clock = new FixedClock('2026-12-01T02:00:00.000Z');
    const d = decision('g-nodes', 5, 1000);
    const a = createQuotaMeter({ db: t.platform.db, clock, nodeId: 'a' });
    const b = createQuotaMeter({ db: t.platform.db, clock, nodeId: 'b' });
    await use(a, d, 3);
    await use(b, d, 1);
    await a.sync();
    await b.sync();
    expect(b.usage('g-nodes').requests).toBe(4);
    await use(b, d, 1);
    // 3 on a + 2 on b: b refuses; a refuses too once it has synced.
    expect((await quotaError(b, d)).params.limit).toBe(5);
    await b.sync();
    await a.sync();
    expect(a.usage('g-nodes')).toEqual({ day: '2026-12-01', requests: 5, rows: 5 });
    expect((await quotaError(a, d)).code).toBe('quota_exceeded');
    // Another grant is untouched.
    await expect(Promise.resolve(a.check(decision('g-other', 1, null)))).resolves.toBeUndefined();
  });

  it('a new day starts from zero on every node, and counts older than a month are removed', async () => {
    const clock = new FixedClock('2026-12-01T02:00:00.000Z');
    const d = decision('g-days', 2, null);
    await t.platform.db.kysely
      .insertInto('exchange_quota_use')
      .values({ grant_id: 'g-days', day: '2026-10-01', node: 'old', request_count: 9, row_count: 9, updated_at: '2026-10-01T00:00:00.000Z' })
      .execute();
    const a = createQuotaMeter({ db: t.platform.db, clock, nodeId: 'a' });
    await use(a, d, 2);
    await a.sync();
    expect((await quotaError(a, d)).code).toBe('quota_exceeded');
    clock.set('2026-12-01T16:00:00.000Z'); // 2026-12-02 00:00 CST
    const fresh = createQuotaMeter({ db: t.platform.db, clock, nodeId: 'b' });
    await fresh.sync();
    expect(fresh.usage('g-days')).toEqual({ day: '2026-12-02', requests: 0, rows: 0 });
    await use(a, d, 2);
    const days = await t.platform.db.kysely.selectFrom('exchange_quota_use').select('day').where('grant_id', '=', 'g-days').orderBy('day').execute();
    expect(days.map((r) => r.day)).toEqual(['2026-12-01']);
  });

  it('the platform writes its counts when it closes and reads them when it opens again', async () => {
    const p = await createTestPlatform(dialect);
    try {
      const d = decision('g-platform', 3, null);
      const meter = p.platform.exchange.quota as ReturnType<typeof createQuotaMeter>;
      await use(meter, d, 2);
      await p.platform.close();
      const { openPlatform } = await import('../platform.js');
      const { testConfig } = await import('../../test/helpers/platform.js');
      const again = await openPlatform(testConfig(p.tdb));
      try {
        await again.exchange.quota.sync();
        expect(again.exchange.quota.usage('g-platform').requests).toBe(2);
      } finally {
        await again.close();
      }
    } finally {
      await p.tdb.drop();
    }
  });
});
