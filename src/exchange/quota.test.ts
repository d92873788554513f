import { describe, expect, it } from 'vitest';
import { FixedClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { translate } from '../core/i18n.js';
import { createQuotaMeter } from './quota.js';
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

function quotaError(fn: () => void): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected quota_exceeded');
}

describe('quota meter (per grant, per China Standard Time day, per node)', () => {
  it('allows requestsPerDay requests, then 429 quota_exceeded naming the limit', () => {
    const clock = new FixedClock('2026-12-01T02:00:00.000Z');
    const q = createQuotaMeter({ clock });
    const d = decision('g1', 3, null);
    for (let i = 0; i < 3; i++) {
      q.check(d);
      q.record(d, 10);
    }
    const e = quotaError(() => q.check(d));
    expect([e.status, e.code, e.params.limit]).toEqual([429, 'quota_exceeded', 3]);
    expect(translate(e.messageKey, 'zh-CN', e.params)).toContain('3 次');
    expect(translate(e.messageKey, 'en', e.params)).toContain('3 requests');
    expect(e.params.resetAt).toBe('2026-12-02 00:00');
    expect(q.usage('g1')).toEqual({ day: '2026-12-01', requests: 3, rows: 30 });
  });

  it('rowsPerDay: the request that crosses the limit is served, the next one refused', () => {
    const q = createQuotaMeter({ clock: new FixedClock('2026-12-01T02:00:00.000Z') });
    const d = decision('g1', null, 100);
    q.check(d);
    q.record(d, 99);
    q.check(d);
    q.record(d, 50);
    const e = quotaError(() => q.check(d));
    expect([e.code, e.params.limit, e.messageKey]).toEqual(['quota_exceeded', 100, 'exchange.quota.rows']);
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

  it('a new day starts at midnight China Standard Time (16:00 UTC), not at UTC midnight', () => {
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
    expect(quotaError(() => q.check(d)).params.resetAt).toBe('2026-12-03 00:00');
  });
});
