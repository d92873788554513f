import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { FixedClock } from '../../core/clock.js';
import type { AuditActor, AuditInput } from '../../audit/types.js';
import { describeEachDialect, createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.js';
import { usccCheckChar } from '../../org/uscc.js';
import { SYSTEM_ACTOR as CATALOG_SYSTEM, publish, sampleInput } from '../../catalog/test-fixtures.js';
import type { ResourceInput } from '../../catalog/model.js';
import type { EvaluationDeps } from '../deps.js';
import { createEvaluationService, type EvaluationActor, type EvaluationService } from './service.js';
import { DEFAULT_SETTINGS, INDICATORS, scoreCents, totalCents, frac } from './model.js';
import { canEvaluate, EVALUATION_POLICY_ACTIONS } from './policy.js';
import { evaluationMessages } from './messages.js';

const SEED: AuditActor = { actorType: 'system', actorId: 'eval-test', actorName: 'eval-test', unitId: null, clientIp: null, requestId: null };

describe('evaluation arithmetic', () => {
  it('rounds half up once per indicator and once for the total', () => {
    expect(scoreCents({ weight: 5, formula: 'inverse_ratio' }, frac(1, 3), null)).toBe(6667);
    expect(scoreCents({ weight: 5, formula: 'ratio_to_best' }, frac(1), frac(8))).toBe(1250);
    expect(scoreCents({ weight: 5, formula: 'ratio_to_best' }, frac(1), frac(0))).toBe(0);
    expect(scoreCents({ weight: 5, formula: 'inverse_ratio_to_best' }, frac(4), frac(2))).toBe(5000);
    expect(scoreCents({ weight: 5, formula: 'inverse_ratio_to_best' }, frac(0), frac(0))).toBe(10000);
    expect(scoreCents({ weight: 5, formula: 'threshold', target: 2 }, frac(2), null)).toBe(10000);
    expect(scoreCents({ weight: 5, formula: 'threshold', target: 2 }, frac(3, 2), null)).toBe(0);
    expect(scoreCents({ weight: 5, formula: 'deduction', points: 2.5, cap: 10 }, frac(3), null)).toBe(9250);
    expect(scoreCents({ weight: 5, formula: 'deduction', points: 2.5, cap: 10 }, frac(5), null)).toBe(9000);
    expect(scoreCents({ weight: 5, formula: 'ratio' }, null, null)).toBe(10000);
    expect(totalCents([{ weight: 50, cents: 3333 }, { weight: 50, cents: 3334 }])).toBe(3334); // 3333.5 → 3334
  });
  it('the default weights sum to 100', () => {
    expect(INDICATORS.reduce((s, i) => s + DEFAULT_SETTINGS.indicators[i].weight, 0)).toBe(100);
  });
  it('messages have both languages with the same placeholders', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries(evaluationMessages)) expect(ph(m.zh), key).toEqual(ph(m.en));
  });
});

describe('evaluation policy: role × action', () => {
  const user = (roles: string[], unitId = 'u1'): EvaluationActor => ({ actorType: 'user', actorId: 'x', actorName: 'x', unitId, clientIp: null, requestId: null, kind: 'user', roles: roles as never });
  const expected: Record<string, Record<string, boolean>> = {
    authority_reviewer: { run: true, publish: true, discard: true, settings_read: true, settings_update: true, read_drafts: true, read_published: true, unit_detail: true },
    supervisor: { run: false, publish: false, discard: false, settings_read: true, settings_update: false, read_drafts: true, read_published: true, unit_detail: true },
    platform_admin: { run: false, publish: false, discard: false, settings_read: true, settings_update: false, read_drafts: true, read_published: true, unit_detail: true },
    leader: { run: false, publish: false, discard: false, settings_read: true, settings_update: false, read_drafts: true, read_published: true, unit_detail: true },
    unit_steward: { run: false, publish: false, discard: false, settings_read: false, settings_update: false, read_drafts: false, read_published: true, unit_detail: false },
    unit_user: { run: false, publish: false, discard: false, settings_read: false, settings_update: false, read_drafts: false, read_published: true, unit_detail: false },
    secrecy_officer: { run: false, publish: false, discard: false, settings_read: false, settings_update: false, read_drafts: false, read_published: true, unit_detail: false },
    auditor: { run: false, publish: false, discard: false, settings_read: false, settings_update: false, read_drafts: false, read_published: true, unit_detail: false },
  };
  it('matches the matrix (unit_detail for another unit; own unit always)', () => {
    for (const [role, row] of Object.entries(expected)) {
      for (const action of EVALUATION_POLICY_ACTIONS) {
        const verb = action.slice('evaluation.'.length);
        expect(canEvaluate(user([role]), action, { unitId: 'other' }), `${role} ${verb}`).toBe(row[verb]);
      }
      expect(canEvaluate(user([role]), 'evaluation.unit_detail', { unitId: 'u1' }), `${role} own`).toBe(true);
    }
    expect(canEvaluate({ actorType: 'token', kind: 'token', roles: [], unitId: 'u1' }, 'evaluation.read_published')).toBe(false);
    expect(canEvaluate({ actorType: 'cli', roles: [], unitId: null }, 'evaluation.run')).toBe(true);
  });
});

describeEachDialect('annual evaluation (年度评估, 第二十八条): the hand-computed example', (dialect) => {
  let t: TestPlatform;
  let ev: EvaluationService;
  // Monday 2026-01-05, 10:00 China Standard Time. No holidays are recorded: Monday–Friday work.
  const clock = new FixedClock('2026-01-05T02:00:00.000Z');
  const u = { a: '', b: '', c: '' };
  const res = { a1: '', a2: '', a3: '', b1: '', c1: '' };
  let systemC = '';
  let tokenC = '';
  const authority: EvaluationActor = { actorType: 'user', actorId: 'rev', actorName: 'reviewer', unitId: null, clientIp: null, requestId: null, kind: 'user', roles: ['authority_reviewer'] };
  const stewardB = (unitId: string): EvaluationActor => ({ actorType: 'user', actorId: 'sb', actorName: 'steward_b', unitId, clientIp: null, requestId: null, kind: 'user', roles: ['unit_steward'] });

  const items = (n: number): ResourceInput['dataItems'] =>
    Array.from({ length: n }, (_, i) => ({ name: `信息项${i + 1}`, code: `item_${i + 1}`, dataType: 'C' as const, length: 20, isKey: i === 0, required: i === 0 }));

  const access = async (time: string, e: Partial<AuditInput> & { action: string; targetId: string; unitId: string }) => {
    clock.set(time);
    await t.platform.audit.append({ actorType: 'user', actorId: 'p', actorName: 'person', clientIp: null, requestId: null, targetType: 'dataset', result: 'success', purpose: '测试', ...e } as AuditInput);
  };

  beforeAll(async () => {
    t = await createTestPlatform(dialect, { clock });
    const p = t.platform;
    const k = p.db.kysely;
    let serial = 0;
    const code = () => {
      const first17 = `11460200MB${String(++serial).padStart(7, '0')}`;
      return first17 + usccCheckChar(first17);
    };
    u.a = (await p.org.createUnit(SEED, { code: code(), name: '甲局（测试）', shortName: '甲局', kind: 'city_department' })).id;
    u.b = (await p.org.createUnit(SEED, { code: code(), name: '乙局（测试）', shortName: '乙局', kind: 'city_department' })).id;
    u.c = (await p.org.createUnit(SEED, { code: code(), name: '丙局（测试）', shortName: '丙局', kind: 'city_department' })).id;
    const cls = await p.catalog.createClassification(CATALOG_SYSTEM, { kind: 'basic', code: '1', name: '基础信息资源' });
    const input = (name: string, over: Partial<ResourceInput>) => sampleInput(cls.id, { name, ...over });
    // Published Monday 2026-01-05 10:00 CST.
    res.a1 = await publish(p, u.a, input('甲一', { sharingType: 'mandatory', updateCycle: 'monthly', updateTimeLimitDays: 5, dataItems: items(3) }));
    res.a2 = await publish(p, u.a, input('甲二', { sharingType: 'restricted', sharingConditions: '仅限业务办理', updateCycle: 'irregular', dataItems: items(2) }));
    res.a3 = await publish(p, u.a, input('甲三', { sharingType: 'none', legalBasis: '《测试法》第一条', updateCycle: 'irregular', dataItems: items(1) }));
    res.b1 = await publish(p, u.b, input('乙一', { sharingType: 'mandatory', updateCycle: 'monthly', updateTimeLimitDays: 5, dataItems: items(2) }));
    res.c1 = await publish(p, u.c, input('丙一', { sharingType: 'none', legalBasis: '《测试法》第二条', updateCycle: 'irregular', dataItems: items(2) }));
    const sys = await p.org.createSystem(SEED, { unitId: u.c, code: 'C-SYS', name: '丙局业务系统' });
    systemC = sys.id;
    tokenC = (await p.org.createToken(SEED, { systemId: systemC, name: 'c-token', scopes: ['data:read'], expiresInDays: 365 })).token.id;

    // Records held (crafted dataset rows), update batches (crafted commits), subscriptions and tasks.
    const now = '2026-01-05T02:00:00.000Z';
    for (const [c, n] of [[res.a1, 300], [res.a2, 100], [res.b1, 200]] as const) {
      await k.insertInto('exchange_dataset').values({ resource_code: c, table_name: `ds_${c.replace(/\W/g, '_')}`, version: 1, columns: '{}', key_items: '[]', last_seq: 0, row_count: n, last_update_at: null, last_batch_id: null, created_at: now, updated_at: now } as never).execute();
    }
    const batch = (id: string, code: string, unit: string, finishedAt: string, state = 'committed', dryRun = 0) =>
      k.insertInto('exchange_batch').values({ id, resource_code: code, mode: 'upsert', format: 'csv', state, dry_run: dryRun, idempotency_key: null, request_hash: null, file_name: 'x.csv', bytes: 10, sha256: null, rows_read: 1, rows_invalid: 0, inserted: 1, updated: 0, unchanged: 0, deleted: 0, issue_count: 0, first_seq: null, last_seq: null, unit_id: unit, created_by: 'x', node_id: 'n', created_at: finishedAt, finished_at: finishedAt } as never).execute();
    await batch('b1', res.a1, u.a, '2026-02-10T02:00:00.000Z');
    await batch('b2', res.a1, u.a, '2026-03-20T02:00:00.000Z');
    await batch('b3', res.b1, u.b, '2026-02-01T02:00:00.000Z', 'committed', 1); // a dry run: not an update
    await batch('b4', res.b1, u.b, '2026-02-02T02:00:00.000Z', 'rejected'); // rejected: not an update
    const sub = (id: string, code: string, owner: string) =>
      k.insertInto('exchange_subscription').values({ id, resource_code: code, owner_unit_id: owner, owner_system_id: null, created_by: 'x', purpose: '测试', url: 'https://example.invalid/hook', secret: 's', algorithm: 'hmac-sha256', state: 'active', state_reason: null, cursor: 0, batch_size: 100, created_at: now, updated_at: now, lease_owner: null, lease_until: null } as never).execute();
    await sub('s1', res.a1, u.c);
    await sub('s2', res.b1, u.a);
    await sub('s3', res.b1, u.c);
    await sub('s4', res.a1, u.a); // its own resource: not counted
    const task = (id: string, kind: string, unit: string, dueAt: string, state: string, closedAt: string | null) =>
      k.insertInto('sharing_task').values({ id, item_kind: kind, item_id: `item-${id}`, step: 'answer', assignee_role: 'unit_steward', assignee_unit_id: unit, deadline_kind: 'restricted_answer', due_at: dueAt, state, overdue_at: null, opened_at: now, closed_at: closedAt, title: id, seq: 1 } as never).execute();
    await task('t1', 'application', u.a, '2026-02-10T15:59:59.999Z', 'done', '2026-02-09T02:00:00.000Z'); // on time
    await task('t2', 'demand', u.a, '2026-02-20T15:59:59.999Z', 'done', '2026-02-24T02:00:00.000Z'); // late
    await task('t3', 'objection', u.b, '2026-03-02T15:59:59.999Z', 'done', '2026-03-02T02:00:00.000Z'); // on time
    await task('t4', 'application', u.c, '2026-03-02T15:59:59.999Z', 'cancelled', '2026-03-01T02:00:00.000Z'); // cancelled: ignored
    await task('t5', 'violation', u.c, '2026-03-02T15:59:59.999Z', 'open', null); // not a sharing item: ignored
    await task('t6', 'application', u.c, '2026-05-02T15:59:59.999Z', 'open', null); // due after the run: ignored

    // Accesses (the audit log the usage rollup folds).
    await access('2026-01-20T02:00:00.000Z', { action: 'data.record.query', targetId: res.a1, unitId: u.b, detail: { rows: 10 } });
    await access('2026-01-21T02:00:00.000Z', { action: 'data.record.query', targetId: res.a1, unitId: u.b, detail: { rows: 10 } });
    await access('2026-01-22T02:00:00.000Z', { action: 'data.record.query', targetId: res.a1, unitId: u.b, detail: { rows: 10 } });
    await access('2026-01-23T02:00:00.000Z', { action: 'data.record.query', targetId: res.a1, unitId: u.c, actorType: 'token', actorId: tokenC, detail: { rows: 20 } });
    await access('2026-01-24T02:00:00.000Z', { action: 'data.record.query', targetId: res.a1, unitId: u.a, detail: { rows: 5 } }); // its own use
    await access('2026-02-03T02:00:00.000Z', { action: 'data.file.download', targetId: res.b1, unitId: u.a, detail: { fileId: 'f' } });
    await access('2026-02-04T02:00:00.000Z', { action: 'data.record.query', targetId: res.b1, unitId: u.a, detail: { rows: 9 } });
    await access('2026-02-05T02:00:00.000Z', { action: 'data.record.query', targetId: res.b1, unitId: u.c, result: 'denied', detail: { rows: 0 } });
    await access('2025-12-20T02:00:00.000Z', { action: 'data.record.query', targetId: res.b1, unitId: u.c, detail: { rows: 99 } }); // the year before

    const deps = p as unknown as EvaluationDeps;
    ev = createEvaluationService({
      ...deps,
      usage: p.usage,
      objections: { ...p.objections, stats: async () => ({ unitId: null, from: null, to: null, upheld: 1, notUpheld: 0, rejected: 0, open: 0, byProvider: [{ unitId: u.b, unitName: '乙局', upheld: 1, notUpheld: 0 }] }) },
      violations: { countsByUnit: async () => [{ unitId: u.c, confirmed: 2, serious: 0, byCategory: { 3: 2 } }], summary: async () => ({ byState: {}, byCategory: {}, total: 2 }) },
      training: { byUnit: async () => [{ unitId: u.a, sessions: 1, people: 3 }, { unitId: u.b, sessions: 1, people: 1 }], summary: async () => ({ sessions: 1, attendances: 4, people: 4, units: 2 }) },
      plans: { summary: async () => ({ total: 0, byStatus: {}, budget: 0 }) },
    });
    // Run on Wednesday 2026-04-01, 10:00 CST.
    clock.set('2026-04-01T02:00:00.000Z');
  });
  afterAll(async () => t?.cleanup());

  it('reproduces the hand-computed scores, totals, ranks and grades exactly', async () => {
    const run = await ev.run(authority, { year: 2026 });
    expect(run).toMatchObject({ year: 2026, version: 1, state: 'draft', settingsVersion: 0, units: 3, periodFrom: '2025-12-31T16:00:00.000Z', periodTo: '2026-12-31T16:00:00.000Z' });
    const by = Object.fromEntries(run.results.map((r) => [r.unitId, r]));
    const vals = (id: string) => Object.fromEntries(INDICATORS.map((i) => [i, by[id]!.indicators[i].exact]));
    const scores = (id: string) => Object.fromEntries(INDICATORS.map((i) => [i, by[id]!.indicators[i].score]));

    // Raw values.
    // A: shares 甲一 (3 items, 300 records) and 甲二 (2, 100); 甲三 is not shared → 1/3.
    //    甲一 monthly, 5 working days: cycle 1 from 01-05, due end of 02-12 (02-06, 09, 10, 11, 12), updated 02-10: met;
    //    cycle 2 from 02-10, due end of 03-17 (03-11, 12, 13, 16, 17), updated 03-20: late by 3 working days (18, 19, 20);
    //    cycle 3 from 03-20 is due 04-27, after the run: not counted. → 1/2 met, mean delay 3.
    //    Usage by others: 乙 3 queries (30 rows), 丙 1 query by its system (20 rows); its own query not counted
    //    → 4 calls, 50 rows, 2 consumers, 1 system, 0 downloads. Subscriptions: s1 (丙) → 1 (s4 is its own).
    //    Tasks: t1 on time, t2 late → 1/2. Training: 3 people.
    // B: 乙一 (2 items, 200 records), nothing unshared → 0/1. Cycle 1 due end of 02-12, never updated (the dry run
    //    and the rejected batch do not count) → 0/1, late from 02-12 to the run day 04-01: 34 working days
    //    (02-13; 02-16…20; 23…27; 03-02…06; 09…13; 16…20; 23…27; 03-30, 31, 04-01 = 1+5·6+3).
    //    Usage by others: 甲 1 download (1 row) + 1 query (9 rows) → 2 calls, 10 rows, 1 consumer, 0 systems,
    //    1 download; 丙's refused query is no call; 2024-12's query is outside the year. Subscriptions s2, s3 → 2.
    //    Tasks: t3 on time → 1/1. Upheld objections 1. Training 1 person.
    // C: only 丙一, not shared → 1/1, no cycle (irregular) → no value, nothing used, no task → no value,
    //    2 confirmed violations.
    expect(vals(u.a)).toEqual({ shared_resources: '2', data_items: '5', records_available: '400', non_shared_share: '1/3', update_timeliness: '1/2', update_delay: '3', usage_calls: '4', usage_rows: '50', usage_consumers: '2', usage_systems: '1', subscriptions: '1', downloads: '0', responsiveness: '1/2', quality: '0', compliance: '0', training: '3' });
    expect(vals(u.b)).toEqual({ shared_resources: '1', data_items: '2', records_available: '200', non_shared_share: '0', update_timeliness: '0', update_delay: '34', usage_calls: '2', usage_rows: '10', usage_consumers: '1', usage_systems: '0', subscriptions: '2', downloads: '1', responsiveness: '1', quality: '1', compliance: '0', training: '1' });
    expect(vals(u.c)).toEqual({ shared_resources: '0', data_items: '0', records_available: '0', non_shared_share: '1', update_timeliness: null, update_delay: '0', usage_calls: '0', usage_rows: '0', usage_consumers: '0', usage_systems: '0', subscriptions: '0', downloads: '0', responsiveness: null, quality: '0', compliance: '2', training: '0' });

    // Scores (default settings; rounded half up to hundredths once):
    //   ratio_to_best: value / best × 100 (best: 2 resources, 5 items, 400 records, 4 calls, 50 rows, 2 consumers,
    //   1 system, 2 subscriptions, 1 download); inverse_ratio: (1 − share) × 100, A: 66.666… → 66.67;
    //   ratio: share × 100, no value → 100; deduction: 100 − min(100, points × value) — delay 5/day: A 85, B 0 (170 capped);
    //   quality 20 per upheld: B 80; compliance 25 per violation: C 50; threshold (≥ 2 people): A 100, B 0.
    expect(scores(u.a)).toEqual({ shared_resources: 100, data_items: 100, records_available: 100, non_shared_share: 66.67, update_timeliness: 50, update_delay: 85, usage_calls: 100, usage_rows: 100, usage_consumers: 100, usage_systems: 100, subscriptions: 50, downloads: 0, responsiveness: 50, quality: 100, compliance: 100, training: 100 });
    expect(scores(u.b)).toEqual({ shared_resources: 50, data_items: 40, records_available: 50, non_shared_share: 100, update_timeliness: 0, update_delay: 0, usage_calls: 50, usage_rows: 20, usage_consumers: 50, usage_systems: 0, subscriptions: 100, downloads: 100, responsiveness: 100, quality: 80, compliance: 100, training: 0 });
    expect(scores(u.c)).toEqual({ shared_resources: 0, data_items: 0, records_available: 0, non_shared_share: 0, update_timeliness: 100, update_delay: 100, usage_calls: 0, usage_rows: 0, usage_consumers: 0, usage_systems: 0, subscriptions: 0, downloads: 0, responsiveness: 100, quality: 100, compliance: 50, training: 0 });

    // Totals: Σ weight × score / 100 with weights 10,5,5,5, 10,5, 10,5,5,5,5,5, 10, 5, 5, 5:
    //   A: (1000+500+500+333.35 + 500+425 + 1000+500+500+500+250+0 + 500 + 500+500+500) / 10 = 8008.35 / 100 → 80.0835 → 80.08
    //   B: (500+200+250+500 + 0+0 + 500+100+250+0+500+500 + 1000 + 400+500+0) / 10 = 5200 / 100 → 52.00
    //   C: (0+0+0+0 + 1000+500 + 0+0+0+0+0+0 + 1000 + 500+250+0) / 10 = 3250 / 100 → 32.50
    expect(run.results.map((r) => [r.unitName, r.total, r.rank, r.grade])).toEqual([
      ['甲局', 80.08, 1, 'good'],
      ['乙局', 52, 2, 'fail'],
      ['丙局', 32.5, 3, 'fail'],
    ]);
    expect(run.best).toMatchObject({ shared_resources: 2, usage_calls: 4, subscriptions: 2 });
  });

  it('drill-down: a unit sees the records behind its score (late cycles with due and actual times)', async () => {
    const [run] = await ev.list(authority, { year: 2026 });
    await ev.publish(authority, run!.id);
    const b = await ev.unitBreakdown(stewardB(u.b), run!.id, u.b);
    expect(b.result.total).toBe(52);
    expect(b.evidence.update_timeliness).toEqual([{ resourceCode: res.b1, start: '2026-01-05T02:00:00.000Z', dueAt: '2026-02-12T15:59:59.999Z', updatedAt: null, met: false, delayDays: 34 }]);
    const a = await ev.unitBreakdown(authority, run!.id, u.a);
    expect((a.evidence.update_timeliness as { met: boolean; updatedAt: string }[]).map((c) => [c.met, c.updatedAt])).toEqual([
      [true, '2026-02-10T02:00:00.000Z'],
      [false, '2026-03-20T02:00:00.000Z'],
    ]);
    expect((a.evidence.responsiveness as { id: string; onTime: boolean }[]).map((x) => [x.id, x.onTime])).toEqual([
      ['t1', true],
      ['t2', false],
    ]);
    expect((a.evidence.usage_calls as { consumers: string[] }).consumers).toEqual([u.b, u.c].sort());
    // Another unit's breakdown is not for B.
    await expect(ev.unitBreakdown(stewardB(u.b), run!.id, u.a)).rejects.toMatchObject({ status: 403 });
  });

  it('a published run cannot be changed: the service refuses (409) and so does the database', async () => {
    const [run] = await ev.list(authority, { year: 2026 });
    expect(run!.state).toBe('published');
    await expect(ev.publish(authority, run!.id)).rejects.toMatchObject({ status: 409, code: 'published' });
    await expect(ev.discard(authority, run!.id)).rejects.toMatchObject({ status: 409, code: 'published' });
    const k = t.platform.db.kysely;
    await expect(sql`update evaluation_run set results = '[]' where id = ${run!.id}`.execute(k)).rejects.toThrow(/published evaluation run/);
    await expect(sql`delete from evaluation_run where id = ${run!.id}`.execute(k)).rejects.toThrow(/published evaluation run/);
    await expect(sql`update evaluation_evidence set records = '{}' where run_id = ${run!.id}`.execute(k)).rejects.toThrow(/published evaluation run/);
    await expect(sql`delete from evaluation_evidence where run_id = ${run!.id}`.execute(k)).rejects.toThrow(/published evaluation run/);
    const again = await ev.get(authority, run!.id);
    expect(again.results.map((r) => r.total)).toEqual([80.08, 52, 32.5]);
    // Drafts can be discarded.
    const draft = await ev.run(authority, { year: 2026 });
    await ev.discard(authority, draft.id);
    await expect(ev.get(authority, draft.id)).rejects.toMatchObject({ status: 404 });
  });

  it('settings changes never alter existing runs; a newer published version supersedes the old', async () => {
    const before = await ev.latestPublished(stewardB(u.b), 2026);
    const s = structuredClone(DEFAULT_SETTINGS);
    s.indicators.training.weight = 0;
    s.indicators.shared_resources.weight = 15;
    await expect(ev.updateSettings(authority, { ...s, indicators: { ...s.indicators, quality: { weight: 7, formula: 'deduction', points: 20 } } })).rejects.toMatchObject({ status: 400, fieldErrors: [{ code: 'weights_sum' }] });
    await expect(ev.updateSettings(stewardB(u.b), s)).rejects.toMatchObject({ status: 403 });
    const saved = await ev.updateSettings(authority, s);
    expect(saved.version).toBe(1);
    const newer = await ev.run(authority, { year: 2026, publish: true });
    expect(newer).toMatchObject({ version: 2, state: 'published', settingsVersion: 1 });
    // A: 8008.35 − 5 × 100 (training) + 5 × 100 (more weight on resources) = 8008.35 → 80.08; B: 5200 + 5 × 50 = 5450 → 54.5
    expect(newer.results.map((r) => r.total)).toEqual([80.08, 54.5, 32.5]);
    const old = await ev.get(authority, before.id);
    expect(old.state).toBe('superseded');
    expect(old.settingsVersion).toBe(0);
    expect(old.results.map((r) => r.total)).toEqual([80.08, 52, 32.5]);
    expect((await ev.latestPublished(stewardB(u.b), 2026)).id).toBe(newer.id);
    // Unit people see published runs only.
    expect((await ev.list(stewardB(u.b))).every((r) => r.state !== 'draft')).toBe(true);
  });

  it('leaves units with an excluded function (default: the leadership group) out of scoring and ranking', async () => {
    const first17 = '11460200MB9999999';
    const group = (await t.platform.org.createUnit(SEED, { code: first17 + usccCheckChar(first17), name: '领导小组（测试）', shortName: '领导小组', kind: 'affiliated', functions: ['leadership_group'] })).id;
    const byDefault = await ev.run(authority, { year: 2026 });
    expect(byDefault.results.map((r) => r.unitId)).not.toContain(group);
    expect(byDefault.results).toHaveLength(3);
    await ev.discard(authority, byDefault.id);

    const s = structuredClone((await ev.settings(authority)).settings);
    await expect(ev.updateSettings(authority, { ...s, excludedFunctions: ['no_such_function' as never] })).rejects.toMatchObject({ status: 400, fieldErrors: [{ code: 'invalid_function' }] });
    await ev.updateSettings(authority, { ...s, excludedFunctions: [] });
    const everyone = await ev.run(authority, { year: 2026 });
    expect(everyone.results.map((r) => r.unitId)).toContain(group);
    expect(everyone.results).toHaveLength(4);
    await ev.discard(authority, everyone.id);
  });
});
