import { afterAll, beforeAll, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import type { AuditActor, AuditInput } from '../../audit/types.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createUsageService } from './service.js';
import * as store from './store.js';
import { canUsage } from './policy.js';

const SYSTEM: AuditActor = { actorType: 'system', actorId: 'usage-test', actorName: 'usage-test', unitId: null, clientIp: null, requestId: null };

describeEachDialect('usage rollup (使用情况): incremental fold of the audit log, totals', (dialect) => {
  let t: TestApp;
  const clock = new FixedClock('2026-03-10T02:00:00.000Z');
  let resA: { code: string; provider: string };
  let resB: { code: string; provider: string };
  let consumer: string;
  let systemId: string;
  let tokenId: string;

  const at = async (time: string, e: Partial<AuditInput> & { action: string; targetId: string }) => {
    clock.set(time);
    await t.platform.audit.append({
      actorType: 'token',
      actorId: tokenId,
      actorName: 'token:usage-test',
      unitId: consumer,
      clientIp: null,
      requestId: null,
      targetType: 'dataset',
      result: 'success',
      purpose: '测试用途',
      ...e,
    } as AuditInput);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock, catalog: true });
    const k = t.platform.db.kysely;
    const published = await k.selectFrom('catalog_resource').select(['code', 'provider_unit_id']).where('published_version', 'is not', null).orderBy('code').execute();
    resA = { code: published[0]!.code, provider: published[0]!.provider_unit_id };
    const other = published.find((r) => r.provider_unit_id !== resA.provider)!;
    resB = { code: other.code, provider: other.provider_unit_id };
    const system = (await t.platform.org.listSystems({ limit: 50 })).items.find((s) => s.unitId !== resA.provider && s.unitId !== resB.provider)!;
    systemId = system.id;
    consumer = system.unitId;
    tokenId = (await t.platform.org.createToken(SYSTEM, { systemId, name: 'usage-test', scopes: ['data:read'], expiresInDays: 365 })).token.id;
  });
  afterAll(async () => t?.close());

  it('folds each kind of access with its rows, counts refusals, by CST day; never twice', async () => {
    await at('2026-03-10T02:00:00.000Z', { action: 'data.record.query', targetId: resA.code, detail: { basis: 'mandatory', cursor: false, filters: 1, rows: 20 } });
    await at('2026-03-10T03:00:00.000Z', { action: 'data.record.query', targetId: resA.code, detail: { basis: 'mandatory', cursor: false, filters: 0, rows: 5 } });
    await at('2026-03-10T04:00:00.000Z', { action: 'data.record.get', targetId: resA.code, result: 'failure', detail: { key: 'x', rows: 0 } });
    // 2026-03-31 16:30 UTC is 2026-04-01 00:30 in China Standard Time: April's first day.
    await at('2026-03-31T16:30:00.000Z', { action: 'data.changes.read', targetId: resB.code, detail: { after: '0', next: '7', rows: 7 } });
    await at('2026-04-02T01:00:00.000Z', { action: 'data.file.download', targetId: resB.code, detail: { fileId: 'f1', bytes: 10 } });
    await at('2026-04-02T01:00:00.000Z', { action: 'data.file.download', targetId: resB.code, result: 'denied', detail: { fileId: 'f1' } });
    // Not a data access: never counted.
    await at('2026-04-02T02:00:00.000Z', { action: 'data.file.upload', targetId: resB.code, detail: { name: 'a.pdf' } });
    await at('2026-04-02T03:00:00.000Z', { actorType: 'user', actorId: 'u1', actorName: 'user_mz', action: 'data.archive.export', targetId: resA.code, detail: { version: 1, rows: 100, lastSeq: 3 } });

    const before = await t.platform.db.kysely.selectFrom('audit_head').select(['chain', 'seq', 'hash']).execute();
    expect(await t.platform.usage.catchUp()).toBe(7);
    // The fold writes nothing to the audit log.
    expect(await t.platform.db.kysely.selectFrom('audit_head').select(['chain', 'seq', 'hash']).execute()).toEqual(before);
    expect(await t.platform.usage.catchUp()).toBe(0);

    const all = await t.platform.usage.totals({ from: '2026-03-01', to: '2026-05-01', groupBy: ['day', 'consumerUnit', 'system', 'providerUnit', 'resource', 'kind'] });
    expect(all).toHaveLength(5);
    expect(all).toEqual(expect.arrayContaining([
      { keys: { day: '2026-03-10', consumerUnit: consumer, system: systemId, providerUnit: resA.provider, resource: resA.code, kind: 'lookup' }, calls: 0, rows: 0, refused: 1 },
      { keys: { day: '2026-03-10', consumerUnit: consumer, system: systemId, providerUnit: resA.provider, resource: resA.code, kind: 'query' }, calls: 2, rows: 25, refused: 0 },
      { keys: { day: '2026-04-01', consumerUnit: consumer, system: systemId, providerUnit: resB.provider, resource: resB.code, kind: 'changes' }, calls: 1, rows: 7, refused: 0 },
      { keys: { day: '2026-04-02', consumerUnit: consumer, system: null, providerUnit: resA.provider, resource: resA.code, kind: 'export' }, calls: 1, rows: 100, refused: 0 },
      { keys: { day: '2026-04-02', consumerUnit: consumer, system: systemId, providerUnit: resB.provider, resource: resB.code, kind: 'download' }, calls: 1, rows: 1, refused: 1 },
    ]));

    // Month-aligned (monthly rollup) and day-aligned (daily rollup) periods agree.
    const byMonth = await t.platform.usage.totals({ from: '2026-03-01', to: '2026-05-01', groupBy: ['month'] });
    expect(byMonth).toEqual([
      { keys: { month: '2026-03' }, calls: 2, rows: 25, refused: 1 },
      { keys: { month: '2026-04' }, calls: 3, rows: 108, refused: 1 },
    ]);
    expect(await t.platform.usage.totals({ from: '2026-03-02', to: '2026-04-30', groupBy: ['month'] })).toEqual(byMonth);
    expect(await t.platform.usage.totals({ from: '2026-03-11', to: '2026-04-02', groupBy: [] })).toEqual([{ keys: {}, calls: 1, rows: 7, refused: 0 }]);

    // Incremental: only what came after the cursor.
    await at('2026-04-03T01:00:00.000Z', { action: 'data.record.query', targetId: resA.code, detail: { basis: 'mandatory', cursor: true, filters: 0, rows: 3 } });
    expect(await t.platform.usage.catchUp()).toBe(1);
    const top = await t.platform.usage.totals({ from: '2026-01-01', to: '2027-01-01', groupBy: ['resource'], top: 1 });
    expect(top).toEqual([{ keys: { resource: resA.code }, calls: 4, rows: 128, refused: 1 }]);
    expect(await t.platform.usage.totals({ from: '2026-01-01', to: '2027-01-01', groupBy: ['kind'], kind: 'query', providerUnitId: resA.provider })).toEqual([
      { keys: { kind: 'query' }, calls: 3, rows: 28, refused: 0 },
    ]);
    // A unit's view: where it is the consumer or the provider.
    expect(await t.platform.usage.totals({ from: '2026-01-01', to: '2027-01-01', groupBy: [], involvingUnitId: resB.provider })).toEqual([{ keys: {}, calls: 2, rows: 8, refused: 1 }]);
    expect(await t.platform.usage.totals({ from: '2026-01-01', to: '2027-01-01', groupBy: [], involvingUnitId: 'no-such-unit' })).toEqual([]);
  });

  it('two folders racing over the same backlog count each event once (guarded cursor)', async () => {
    const other = createUsageService(t.platform as never);
    for (let i = 0; i < 5; i++) await at(`2026-05-0${i + 1}T01:00:00.000Z`, { action: 'data.record.query', targetId: resB.code, detail: { basis: 'mandatory', cursor: false, filters: 0, rows: 2 } });
    const [a, b] = await Promise.all([t.platform.usage.catchUp(), other.catchUp()]);
    expect(a + b).toBe(5);
    expect(await t.platform.usage.totals({ from: '2026-05-01', to: '2026-06-01', groupBy: ['kind'] })).toEqual([{ keys: { kind: 'query' }, calls: 5, rows: 10, refused: 0 }]);
    // A stale cursor move is refused.
    const [c] = await store.allCursors(t.platform.db.kysely);
    expect(await store.advanceCursor(t.platform.db.kysely, c!.chain, c!.seq - 1, c!.seq + 10, new Date().toISOString())).toBe(false);
  });

  it('the sweeper keeps the rollup current (hook evaluation.usage)', async () => {
    await at('2026-06-01T01:00:00.000Z', { action: 'data.subscription.deliver', actorType: 'system', actorId: 'no-such-subscription', targetId: resA.code, targetType: 'resource', detail: { count: 9, subscriptionId: 'x' } });
    const r = await t.platform.workflow.sweep();
    expect(r.hooks['evaluation.usage']).toBe(1);
    expect(await t.platform.usage.totals({ from: '2026-06-01', to: '2026-07-01', groupBy: ['kind', 'system'] })).toEqual([{ keys: { kind: 'delivery', system: null }, calls: 1, rows: 9, refused: 0 }]);
  });

  it('rejects bad periods and dimensions with 400 field errors', async () => {
    await expect(t.platform.usage.totals({ from: '2026-13-01', to: '2026-12-01', groupBy: [] })).rejects.toMatchObject({ status: 400, fieldErrors: [{ code: 'invalid_day' }] });
    await expect(t.platform.usage.totals({ from: '2026-12-01', to: '2026-11-01', groupBy: [] })).rejects.toMatchObject({ status: 400, fieldErrors: [{ code: 'bad_period' }] });
    await expect(t.platform.usage.totals({ from: '2026-01-01', to: '2026-02-01', groupBy: ['weekday' as never] })).rejects.toMatchObject({ status: 400, fieldErrors: [{ code: 'bad_dimension' }] });
  });
});

it('usage policy: city-wide roles see all, unit people their own, tokens nothing', () => {
  const u = (roles: string[], unitId: string | null = 'u1') => ({ kind: 'user' as const, roles: roles as never, unitId });
  const matrix: [ReturnType<typeof u> | { kind: 'token'; roles: never[]; unitId: string }, boolean, boolean][] = [
    [u(['authority_reviewer']), true, false],
    [u(['supervisor']), true, false],
    [u(['platform_admin']), true, false],
    [u(['leader']), true, false],
    [u(['unit_steward']), false, true],
    [u(['unit_user']), false, true],
    [u(['unit_user'], null), false, false],
    [u(['secrecy_officer']), false, false],
    [u(['auditor']), false, false],
    [{ kind: 'token', roles: [], unitId: 'u1' }, false, false],
  ];
  for (const [actor, all, own] of matrix) {
    expect(canUsage(actor, 'usage.read_all'), JSON.stringify(actor)).toBe(all);
    expect(canUsage(actor, 'usage.read_own'), JSON.stringify(actor)).toBe(own);
  }
});
