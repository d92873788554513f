import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { FixedClock } from '../../core/clock.js';
import type { AuditActor } from '../../audit/types.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { idNumberCheckChar } from '../../exchange/values.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import type { UsageQuery, UsageService, UsageTotal } from '../../evaluation/types.js';
import type { Finding, ViolationSink } from '../types.js';
import type { SupervisionDeps } from '../deps.js';
import { createComplianceService, type ComplianceService } from './service.js';
import { complianceMessages } from './messages.js';
import * as store from './store.js';

const SYSTEM: SharingActor = { actorType: 'system', actorId: null, actorName: 'test', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };
const enc = encodeURIComponent;
const HOUR = 3_600_000;

function idNumber(n: number): string {
  const first17 = `460202${'19900101'}${String(n).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** A ViolationSink that records what it is given and dedupes by key like the register does. */
function recordingSink(): ViolationSink & { calls: Finding[][]; keys: Set<string> } {
  const keys = new Set<string>();
  const calls: Finding[][] = [];
  return {
    calls,
    keys,
    async raiseCandidates(findings) {
      calls.push(findings);
      let created = 0;
      for (const f of findings) {
        if (!keys.has(f.dedupeKey)) {
          keys.add(f.dedupeKey);
          created++;
        }
      }
      return { created, existing: findings.length - created };
    },
  };
}

/** A UsageService answering from fixed per-unit, per-day call counts. */
function fakeUsage(days: Record<string, Record<string, number>>): UsageService & { queries: UsageQuery[] } {
  const queries: UsageQuery[] = [];
  return {
    queries,
    async catchUp() {
      return 0;
    },
    async totals(q) {
      queries.push(q);
      const out: UsageTotal[] = [];
      for (const [unit, perDay] of Object.entries(days)) {
        for (const [day, calls] of Object.entries(perDay)) if (day >= q.from && day < q.to) out.push({ keys: { consumerUnit: unit, day }, calls, rows: calls, refused: 0 });
      }
      return out;
    },
  };
}

describe('compliance messages', () => {
  it('have both languages with the same placeholders', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries(complianceMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(ph(m.zh), key).toEqual(ph(m.en));
    }
  });
});

describe('audit log paging', () => {
  it('walks every page by (time, chain, seq) and stops after a short page', async () => {
    const all = Array.from({ length: 7 }, (_, i) => ({ time: `2026-12-01T00:00:0${Math.floor(i / 2)}.000Z`, chain: 'n1', seq: i + 1 }));
    const seen: (string | null)[] = [];
    const read = async (after: { time: string; chain: string; seq: number } | null, limit: number) => {
      seen.push(after ? `${after.time}#${after.seq}` : null);
      const rest = after ? all.filter((r) => r.time > after.time || (r.time === after.time && r.seq > after.seq)) : all;
      return rest.slice(0, limit);
    };
    const got: number[] = [];
    for await (const page of store.pages(read, 3)) got.push(...page.map((r) => r.seq));
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seen).toEqual([null, '2026-12-01T00:00:01.000Z#3', '2026-12-01T00:00:02.000Z#6']);
  });
});

describeEachDialect('compliance monitor (合规监测, R23): engine and rules 第一～五项', (dialect) => {
  let t: TestApp;
  // Monday 2026-11-02, 10:00 China Standard Time.
  const clock = new FixedClock('2026-11-02T02:00:00.000Z');
  const sink = recordingSink();
  const usageDays: Record<string, Record<string, number>> = {};
  let svc: ComplianceService;
  let deps: SupervisionDeps;
  const unit: Record<string, string> = {};
  let people: string; // 人口基础信息 (mandatory, 公安局) — has data
  let legal: string; // 法人单位基础信息 (mandatory, 市场监管局) — never any data
  let moving: string; // 流动人口居住登记信息 (restricted, 公安局)

  /** Rules that produced at least one finding through `run`, each with a checked English title. */
  const titled = new Set<string>();
  const run = async (id: string) => {
    const r = await svc.runNow(SYSTEM, [id]);
    expect(r.rules.map((x) => [x.ruleId, x.status, x.error])).toEqual([[id, 'ok', null]]);
    // The portal shows titleEn in English: every finding carries one, in English (codes and ids, no Chinese names).
    for (const f of r.items) {
      expect(f.titleEn, `${f.ruleId} ${f.dedupeKey}`).toEqual(expect.any(String));
      expect(f.titleEn!.trim().length, f.ruleId).toBeGreaterThan(10);
      expect(f.titleEn, f.ruleId).not.toMatch(/\p{Script=Han}/u);
      titled.add(f.ruleId);
    }
    return r.items;
  };
  const about = (items: Finding[], subjectId: string) => items.filter((f) => f.subject?.id === subjectId);
  const at = (iso: string) => clock.set(iso);

  beforeAll(async () => {
    t = await createTestApp(dialect, { catalog: true, clock, config: { sessionTtlMinutes: 90 * 24 * 60 } });
    for (const u of ['steward_ga', 'steward_rs', 'steward_zr', 'user_mz', 'user_jy']) unit[u] = (await t.platform.org.getUserByUsername(u))!.unitId!;
    const p = t.platform;
    deps = { db: p.db, audit: p.audit, clock: p.clock, config: p.config, org: p.org, catalog: p.catalog, calendar: p.calendar, grants: p.sharing, workflow: p.workflow, exchange: p.exchange, files: p.files, subscriptions: p.subscriptions, demands: p.demands, applications: p.applications, agreements: p.agreements, objections: p.objections };
    svc = createComplianceService({ ...deps, violations: sink, usage: fakeUsage(usageDays) });
    const token = await t.login('steward_ga');
    const find = async (name: string) => {
      const r = await t.as(token, 'GET', `/api/v1/catalog/resources?q=${enc(name)}&facets=false`);
      const hit = (r.json().items as { code: string; name: string }[]).find((x) => x.name === name);
      if (!hit) throw new Error(`demo resource ${name} not found`);
      return hit.code;
    };
    people = await find('人口基础信息');
    legal = await find('法人单位基础信息');
    moving = await find('流动人口居住登记信息');
    const rows = Array.from({ length: 10 }, (_, i) => `${idNumber(i + 1)},测试${i + 1},1,01,1990-01-01,三亚市吉阳区测试路${i + 1}号,460202,10`);
    const csv = ['sfzhm,xm,xb,mz,csrq,hjdz,ssq,rkzt', ...rows].join('\r\n') + '\r\n';
    const up = await t.as(token, 'POST', `/api/v1/data/${enc(people)}/batches`, csv, { 'content-type': 'text/csv' });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().state).toBe('committed');
  }, 180_000);
  afterAll(async () => t?.close());

  it('lists every rule with its article and interval; one failing rule is recorded and does not stop the others', async () => {
    const list = await svc.list(SYSTEM);
    expect(list.map((r) => r.id)).toEqual(
      expect.arrayContaining(['c1.no_data', 'c1.delivery_overdue', 'c1.demand_unmet', 'c2.objection_upheld', 'c2.required_empty', 'c3.update_overdue', 'c4.outside_grant', 'c4.volume_spike', 'c4.odd_hours', 'c5.rectification_overdue']),
    );
    expect(list.find((r) => r.id === 'c3.update_overdue')).toMatchObject({ category: 3, article: '第三十一条第三项', reviewOnly: false });
    expect(list.find((r) => r.id === 'c4.odd_hours')).toMatchObject({ category: 4, article: '第三十一条第四项', reviewOnly: true });

    // A separate engine with a rule that throws: the failure is recorded, the next rule still runs.
    const other = createComplianceService({ ...deps, violations: recordingSink(), usage: fakeUsage({}) });
    other.register([
      { id: 'test.broken', category: 1, article: '第三十一条第一项', title: { zh: '坏规则', en: 'broken' }, intervalSeconds: 60, run: async () => Promise.reject(new Error('boom')) },
      { id: 'test.fine', category: 2, article: '第三十一条第二项', title: { zh: '好规则', en: 'fine' }, intervalSeconds: 60, run: async ({ now }) => [{ ruleId: 'test.fine', category: 2, unitId: null, dedupeKey: 'test.fine:1', title: '测试', evidence: {}, observedAt: now.toISOString() }] },
    ]);
    const r = await other.runNow(SYSTEM, ['test.broken', 'test.fine']);
    expect(r.rules).toEqual([
      { ruleId: 'test.broken', status: 'failed', findings: 0, created: 0, existing: 0, error: 'boom' },
      { ruleId: 'test.fine', status: 'ok', findings: 1, created: 1, existing: 0, error: null },
    ]);
    const shown = await other.list(SYSTEM);
    expect(shown.find((x) => x.id === 'test.broken')!.lastRun).toMatchObject({ status: 'failed', error: 'boom', lastSuccessAt: null });
    expect(shown.find((x) => x.id === 'test.fine')!.lastRun).toMatchObject({ status: 'ok', findings: 1, created: 1, lastSuccessAt: clock.now().toISOString() });
    const events = await t.platform.audit.query({ action: 'supervision.rules.run', targetId: 'test.broken' } as never);
    expect(events.items[0]).toMatchObject({ result: 'failure', actorName: 'test' });

    // Unknown rule ids are a 400, not a silent no-op.
    await expect(svc.runNow(SYSTEM, ['c9.nothing'])).rejects.toMatchObject({ status: 400 });
  });

  it('claims each rule with a lease: a rule held by another node is skipped; the sweeper runs a rule only when due', async () => {
    await run('c2.objection_upheld');
    const now = clock.now();
    await t.platform.db.kysely
      .updateTable('supervision_rule_run')
      .set({ lease_owner: 'other-node:x', lease_until: new Date(now.getTime() + 60_000).toISOString() })
      .where('rule_id', '=', 'c2.objection_upheld')
      .execute();
    const r = await svc.runNow(SYSTEM, ['c2.objection_upheld']);
    expect(r.rules[0]).toMatchObject({ ruleId: 'c2.objection_upheld', status: 'busy' });
    // An expired lease (a crashed node) is taken over.
    clock.advance(61_000);
    expect((await svc.runNow(SYSTEM, ['c2.objection_upheld'])).rules[0]!.status).toBe('ok');

    // The sweeper: everything ran (on demand) just now, so c2.objection_upheld (900 s) is not due yet.
    await svc.runNow(SYSTEM);
    const before = (await svc.list(SYSTEM)).find((x) => x.id === 'c2.objection_upheld')!.lastRun.startedAt;
    clock.advance(60_000);
    await t.platform.workflow.sweep();
    expect((await svc.list(SYSTEM)).find((x) => x.id === 'c2.objection_upheld')!.lastRun.startedAt).toBe(before);
    clock.advance(900_000);
    await t.platform.workflow.sweep();
    const after = (await svc.list(SYSTEM)).find((x) => x.id === 'c2.objection_upheld')!.lastRun;
    expect(after.startedAt).toBe(clock.now().toISOString());
    expect(after.status).toBe('ok');
    // The daily rule is still not due.
    expect((await svc.list(SYSTEM)).find((x) => x.id === 'c2.required_empty')!.lastRun.startedAt).toBe(before);
  });

  it('第三项: a resource past its update cycle plus time limit fires once per missed due date; not a minute before', async () => {
    const resource = (await t.platform.catalog.published(people))!;
    const ds = await t.platform.db.kysely.selectFrom('exchange_dataset').select('last_update_at').where('resource_code', '=', people).executeTakeFirstOrThrow();
    const status = await t.platform.exchange.updateStatus(resource, ds.last_update_at);
    const due = Date.parse(status.dueAt!);
    at(new Date(due).toISOString());
    expect(about(await run('c3.update_overdue'), people)).toEqual([]);
    at(new Date(due + 60_000).toISOString());
    const fired = about(await run('c3.update_overdue'), people);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ ruleId: 'c3.update_overdue', category: 3, unitId: unit.steward_ga, evidence: { resourceCode: people, lastUpdateAt: ds.last_update_at, dueAt: status.dueAt } });
    expect(fired[0]!.dedupeKey).toContain(people);
    // A resource that never had data is 第一项, not 第三项.
    expect(about(await run('c3.update_overdue'), legal)).toEqual([]);
  });

  it('第一项(a): a published mandatory resource without data by publication + N working days; silent before, and for one with data', async () => {
    await svc.updateSettings({ ...SYSTEM, actorType: 'user', kind: 'user', roles: ['supervisor'], actorName: 'supervisor' }, { noDataWorkingDays: 3 });
    const published = (await t.platform.catalog.published(legal))!.publishedAt!;
    const deadline = await t.platform.calendar.deadline(new Date(published), 3);
    at(new Date(deadline.getTime() - 60_000).toISOString());
    expect(about(await run('c1.no_data'), legal)).toEqual([]);
    at(new Date(deadline.getTime() + 60_000).toISOString());
    const items = await run('c1.no_data');
    expect(about(items, legal)).toHaveLength(1);
    expect(about(items, legal)[0]).toMatchObject({ category: 1, unitId: (await t.platform.catalog.published(legal))!.providerUnitId, evidence: { resourceCode: legal, deadline: deadline.toISOString(), workingDaysSetting: 3 } });
    expect(about(items, people)).toEqual([]);
    // Not shared at all (出入境, sharingType none) is never judged.
    expect(items.every((f) => f.evidence.sharingType === 'mandatory' || f.evidence.sharingType === 'restricted')).toBe(true);
  });

  it('第二项(b): required items empty above the ratio fire; exactly at the ratio stays silent', async () => {
    const table = (await t.platform.db.kysely.selectFrom('exchange_dataset').select('table_name').where('resource_code', '=', people).executeTakeFirstOrThrow()).table_name;
    // A direct edit leaves one of ten names empty: 10 % is not above the 10 % threshold.
    await sql`update ${sql.table(table)} set xm = null where _key = ${idNumber(1)}`.execute(t.platform.db.kysely);
    expect(about(await run('c2.required_empty'), people)).toEqual([]);
    await sql`update ${sql.table(table)} set xm = '' where _key = ${idNumber(2)}`.execute(t.platform.db.kysely);
    const fired = about(await run('c2.required_empty'), people);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ ruleId: 'c2.required_empty', category: 2, unitId: unit.steward_ga, evidence: { rows: 10, items: [{ item: 'xm', empty: 2, ratio: 0.2 }] } });
  });

  it('第二项(a): an upheld objection fires against the provider; one not upheld does not', async () => {
    const now = clock.now().toISOString();
    const base = {
      resource_code: people,
      resource_name: '人口基础信息',
      provider_unit_id: unit.steward_ga!,
      raiser_unit_id: unit.user_mz!,
      raised_by: 'user_mz',
      raised_by_id: null,
      raised_by_role: 'unit_user',
      description: '姓名有误',
      evidence_text: '',
      expected_correction: '更正',
      state: 'archived' as const,
      marked: 0,
      created_at: now,
      updated_at: now,
      closed_at: now,
      archived_at: now,
    };
    const upheld = randomUUID();
    const notUpheld = randomUUID();
    await t.platform.db.kysely.insertInto('sharing_objection').values([
      { ...base, id: upheld, outcome: 'upheld', conclusion: '经核实数据有误' },
      { ...base, id: notUpheld, outcome: 'not_upheld', conclusion: '数据无误' },
    ]).execute();
    const items = await run('c2.objection_upheld');
    expect(about(items, upheld)).toHaveLength(1);
    expect(about(items, upheld)[0]).toMatchObject({ category: 2, unitId: unit.steward_ga, dedupeKey: `c2.objection_upheld:${upheld}`, evidence: { objectionId: upheld, raiserUnitId: unit.user_mz } });
    expect(about(items, notUpheld)).toEqual([]);
  });

  it('第一项(c): a demand accepted with a new entry and not met by max(needed-by, accepted + N working days) fires; a met one never', async () => {
    await svc.updateSettings({ ...SYSTEM, actorType: 'user', kind: 'user', roles: ['authority_reviewer'], actorName: 'reviewer' }, { demandWorkingDays: 5 });
    const accepted = '2026-11-02T03:00:00.000Z'; // Monday → 5 working days: end of Monday 11-09 (CST)
    const row = (id: string, state: 'in_progress' | 'met') => ({
      id,
      title: `测试需求 ${id.slice(0, 4)}`,
      state,
      requester_unit_id: unit.user_mz!,
      requester_id: null,
      requester_name: 'user_mz',
      duty: '低保资格核查',
      legal_basis: '《社会救助暂行办法》',
      content: '需要人口变动数据',
      scope: '全市',
      purpose: '低保核查',
      method: 'online_query' as const,
      needed_by: '2026-11-10',
      provider_unit_id: unit.steward_ga!,
      answer_kind: 'new_entry' as const,
      answered_at: accepted,
      met_at: state === 'met' ? accepted : null,
      created_at: accepted,
      updated_at: accepted,
    });
    const open = randomUUID();
    const met = randomUUID();
    await t.platform.db.kysely.insertInto('sharing_demand').values([row(open, 'in_progress'), row(met, 'met')] as never).execute();
    at('2026-11-10T15:59:00.000Z'); // Tuesday 23:59 CST: still the needed-by day
    expect(about(await run('c1.demand_unmet'), open)).toEqual([]);
    at('2026-11-10T16:01:00.000Z');
    const items = await run('c1.demand_unmet');
    expect(about(items, open)).toHaveLength(1);
    expect(about(items, open)[0]).toMatchObject({ category: 1, unitId: unit.steward_ga, evidence: { demandId: open, neededBy: '2026-11-10', deadline: '2026-11-10T16:00:00.000Z' } });
    expect(about(items, met)).toEqual([]);
  });

  it('第一项(b) and 第五项: a delivery or rectification task past its deadline fires; one closed in time does not', async () => {
    const open = async (itemKind: 'application' | 'violation', step: string, deadline: 'delivery' | 'rectification') => {
      const id = randomUUID();
      await t.platform.audit.transact(async (trx) => {
        const e = await t.platform.workflow.record(trx, {
          by: SYSTEM,
          itemKind,
          itemId: id,
          title: `测试 ${itemKind}`,
          action: `test.${itemKind}.open`,
          fromState: null,
          toState: 'open',
          open: [{ step, assignee: { role: 'unit_steward', unitId: unit.steward_rs! }, deadline }],
        });
        return { value: null, events: [e] };
      });
      return id;
    };
    const close = async (itemKind: 'application' | 'violation', id: string, step: string) =>
      t.platform.audit.transact(async (trx) => {
        const e = await t.platform.workflow.record(trx, { by: SYSTEM, itemKind, itemId: id, title: 't', action: `test.${itemKind}.close`, fromState: 'open', toState: 'done', closeSteps: [step] });
        return { value: null, events: [e] };
      });
    const lateApp = await open('application', 'deliver', 'delivery');
    const inTimeApp = await open('application', 'deliver', 'delivery');
    const lateViolation = await open('violation', 'rectify', 'rectification');
    const inTimeViolation = await open('violation', 'rectify', 'rectification');
    const appDue = Date.parse((await t.platform.workflow.tasksOf('application', lateApp))[0]!.dueAt!);
    const vioDue = Date.parse((await t.platform.workflow.tasksOf('violation', lateViolation))[0]!.dueAt!);
    await close('application', inTimeApp, 'deliver');
    await close('violation', inTimeViolation, 'rectify');

    const first = Math.min(appDue, vioDue);
    at(new Date(first).toISOString());
    await t.platform.workflow.sweep();
    expect(about(await run('c1.delivery_overdue'), lateApp)).toEqual([]);
    expect(about(await run('c5.rectification_overdue'), lateViolation)).toEqual([]);

    at(new Date(Math.max(appDue, vioDue) + 60_000).toISOString());
    await t.platform.workflow.sweep();
    const d = await run('c1.delivery_overdue');
    expect(about(d, lateApp)).toHaveLength(1);
    expect(about(d, lateApp)[0]).toMatchObject({ category: 1, unitId: unit.steward_rs, dedupeKey: `c1.delivery_overdue:${lateApp}:${new Date(appDue).toISOString()}` });
    expect(about(d, inTimeApp)).toEqual([]);
    const r = await run('c5.rectification_overdue');
    expect(about(r, lateViolation)).toHaveLength(1);
    expect(about(r, lateViolation)[0]).toMatchObject({ category: 5, unitId: unit.steward_rs, evidence: { violationId: lateViolation } });
    expect(about(r, inTimeViolation)).toEqual([]);
    // The sweeper ran them too (they were due), and the register saw the same keys: nothing new on a second run.
    const again = await svc.runNow(SYSTEM, ['c1.delivery_overdue', 'c5.rectification_overdue']);
    expect(again.created).toBe(0);
  });

  it('第四项(a): reads outside a grant\'s validity or for another purpose are flagged for review; a read within both is not', async () => {
    const grant = await t.platform.sharing.createGrant(SYSTEM, {
      resourceCode: moving,
      consumerUnitId: unit.user_mz!,
      purpose: '流动人口服务管理',
      validFrom: '2026-12-14',
      validUntil: '2026-12-20',
    });
    const read = async (time: string, purpose: string) => {
      at(time);
      await t.platform.audit.append({ actorType: 'user', actorId: 'u', actorName: 'user_mz', unitId: unit.user_mz!, clientIp: null, requestId: null, action: 'data.record.query', targetType: 'dataset', targetId: moving, result: 'success', purpose, grantId: grant.id, detail: { rows: 3 } });
    };
    await read('2026-12-11T02:00:00.000Z', '流动人口服务管理'); // before validity
    await read('2026-12-15T02:00:00.000Z', '流动人口服务管理'); // fine
    await read('2026-12-15T03:00:00.000Z', '商业营销'); // other purpose
    await t.platform.audit.flush();
    at('2026-12-16T02:00:00.000Z');
    const items = about(await run('c4.outside_grant'), grant.id);
    expect(items.map((f) => f.evidence.reason).sort()).toEqual(['before_validity', 'purpose_mismatch']);
    for (const f of items) expect(f).toMatchObject({ category: 4, reviewOnly: true, unitId: unit.user_mz, evidence: { accesses: 1, grantId: grant.id } });
    const mismatch = items.find((f) => f.evidence.reason === 'purpose_mismatch')!;
    expect(mismatch.evidence.purposes).toEqual(['商业营销']);
    expect(items.find((f) => f.evidence.reason === 'before_validity')!.dedupeKey).toBe(`c4.outside_grant:${grant.id}:before_validity:2026-12-11`);
    // The same other purpose on another day is the same condition (one candidate to review), a new purpose is not.
    await read('2026-12-16T03:00:00.000Z', ' 商业 营销 ');
    await read('2026-12-16T04:00:00.000Z', '广告推送');
    await t.platform.audit.flush();
    at('2026-12-16T05:00:00.000Z');
    const later = about(await run('c4.outside_grant'), grant.id);
    expect(later.filter((f) => f.evidence.reason === 'purpose_mismatch').map((f) => f.dedupeKey).filter((k) => k === mismatch.dedupeKey)).toHaveLength(1);
    expect(new Set(later.filter((f) => f.evidence.reason === 'purpose_mismatch').map((f) => f.dedupeKey)).size).toBe(2);
  });

  it('第四项(c): bulk reads in the night (22:00–06:00 CST) above the threshold are flagged; the same volume by day, or less by night, is not', async () => {
    const read = async (time: string, who: string, rows: number) => {
      at(time);
      await t.platform.audit.append({ actorType: 'user', actorId: who, actorName: who, unitId: unit[who]!, clientIp: null, requestId: null, action: 'data.record.query', targetType: 'dataset', targetId: people, result: 'success', purpose: '核查', grantId: null, detail: { rows } });
    };
    await read('2026-12-16T15:30:00.000Z', 'user_mz', 800); // 23:30 CST
    await read('2026-12-16T17:00:00.000Z', 'user_mz', 400); // 01:00 CST, the same night
    await read('2026-12-16T15:40:00.000Z', 'user_jy', 1000); // exactly the threshold: not above
    await read('2026-12-17T02:00:00.000Z', 'steward_zr', 5000); // 10:00 CST: daytime
    await t.platform.audit.flush();
    at('2026-12-17T03:00:00.000Z');
    const items = (await run('c4.odd_hours')).filter((f) => f.evidence.night === '2026-12-16');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ category: 4, reviewOnly: true, unitId: unit.user_mz, dedupeKey: `c4.odd_hours:${unit.user_mz}:2026-12-16`, evidence: { rows: 1200, reads: 2 } });
  });

  it('第四项(b): a day far above the unit\'s own 30-day mean is flagged; below the multiple or under the minimum is not', async () => {
    const baseline = (calls: number) => Object.fromEntries(Array.from({ length: 30 }, (_, i) => [new Date(Date.UTC(2026, 10, 17 + i)).toISOString().slice(0, 10), calls]));
    // Evaluated day: 2026-12-17 (yesterday, CST, when run on 12-18). Baseline days 11-17 … 12-16.
    usageDays[unit.user_mz!] = { ...baseline(20), '2026-12-17': 101 }; // 5.05× of 20
    usageDays[unit.user_jy!] = { ...baseline(20), '2026-12-17': 100 }; // exactly 5×: not above
    usageDays[unit.steward_zr!] = { ...baseline(2), '2026-12-17': 90 }; // 45× but under 100 calls
    at('2026-12-18T02:00:00.000Z');
    const items = await run('c4.volume_spike');
    expect(items.map((f) => f.unitId)).toEqual([unit.user_mz]);
    expect(items[0]).toMatchObject({ reviewOnly: true, category: 4, dedupeKey: `c4.volume_spike:${unit.user_mz}:2026-12-17`, evidence: { day: '2026-12-17', calls: 101, baselineMean: 20, baselineDays: 30 } });
  });

  it('第四项(b) with the real usage rollup: one more call than the multiple fires; exactly the multiple does not', async () => {
    const engine = createComplianceService({ ...deps, violations: recordingSink(), usage: t.platform.usage });
    const sup: SharingActor = { ...SYSTEM, actorType: 'user', kind: 'user', roles: ['supervisor'], actorName: 'supervisor' };
    await engine.updateSettings(sup, { volumeMultiple: 3, volumeMinCalls: 5, volumeBaselineDays: 30 });
    const read = async (day: string, who: 'user_jy' | 'steward_zr', n: number) => {
      at(`${day}T02:00:00.000Z`); // 10:00 CST
      for (let i = 0; i < n; i++) {
        await t.platform.audit.append({ actorType: 'user', actorId: who, actorName: who, unitId: unit[who]!, clientIp: null, requestId: null, action: 'data.record.query', targetType: 'dataset', targetId: people, result: 'success', purpose: '核查', grantId: null, detail: { rows: 1 } });
      }
    };
    // Baseline: 2 calls a day for 30 days (2026-12-29 … 2027-01-27) by both units; then 2027-01-28.
    for (let i = 0; i < 30; i++) {
      const day = new Date(Date.UTC(2026, 11, 29 + i)).toISOString().slice(0, 10);
      await read(day, 'user_jy', 2);
      await read(day, 'steward_zr', 2);
    }
    await read('2027-01-28', 'user_jy', 7); // 3.5× the mean of 2
    await read('2027-01-28', 'steward_zr', 6); // exactly 3×: not above
    await t.platform.audit.flush();
    at('2027-01-29T02:00:00.000Z');
    const r = await engine.runNow(SYSTEM, ['c4.volume_spike']);
    expect(r.rules[0]).toMatchObject({ status: 'ok', error: null });
    const mine = r.items.filter((f) => f.unitId === unit.user_jy || f.unitId === unit.steward_zr);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ unitId: unit.user_jy, reviewOnly: true, dedupeKey: `c4.volume_spike:${unit.user_jy}:2027-01-28`, evidence: { day: '2027-01-28', calls: 7, baselineMean: 2 } });
  });

  it('through the real violations register: findings become candidates once, audited; a second run creates none', async () => {
    const real = t.platform.compliance;
    // The run records are shared with the engine above (one row per rule), so rules reading by time window
    // only look after their last run: use the ones that judge the current state.
    const ids = ['c1.no_data', 'c1.demand_unmet', 'c3.update_overdue'];
    const first = await real.runNow(SYSTEM, ids);
    expect(first.rules.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    expect(first.findings).toBeGreaterThanOrEqual(3);
    const keys = first.items.map((f) => f.dedupeKey);
    const rows = await t.platform.db.kysely.selectFrom('supervision_violation').select(['dedupe_key', 'state', 'category', 'unit_id', 'review_only']).where('dedupe_key', 'in', keys).execute();
    expect(rows).toHaveLength(keys.length);
    expect(rows.every((r) => r.state === 'candidate')).toBe(true);
    expect(rows.find((r) => r.dedupe_key?.startsWith(`c1.no_data:${legal}:`))).toMatchObject({ category: 1, review_only: 0 });
    expect(rows.find((r) => r.dedupe_key?.startsWith(`c3.update_overdue:${people}:`))).toMatchObject({ category: 3, unit_id: unit.steward_ga });
    const detect = await t.platform.audit.query({ action: 'supervision.violation.detect' } as never);
    expect(detect.items.length).toBeGreaterThan(0);
    const again = await real.runNow(SYSTEM, ids);
    expect(again).toMatchObject({ created: 0, existing: first.findings });
  });

  it('every built-in rule fired above, and each finding had an English title', () => {
    expect([...titled].sort()).toEqual(
      ['c1.delivery_overdue', 'c1.demand_unmet', 'c1.no_data', 'c2.objection_upheld', 'c2.required_empty', 'c3.update_overdue', 'c4.odd_hours', 'c4.outside_grant', 'c4.volume_spike', 'c5.rectification_overdue'].sort(),
    );
  });

  it('validates and audits threshold changes', async () => {
    const sup: SharingActor = { ...SYSTEM, actorType: 'user', kind: 'user', roles: ['supervisor'], actorName: 'supervisor' };
    await expect(svc.updateSettings(sup, { requiredEmptyRatio: 1.5 })).rejects.toMatchObject({ status: 400 });
    await expect(svc.updateSettings(sup, { oddHoursStart: 'x' as never })).rejects.toMatchObject({ status: 400 });
    await expect(svc.updateSettings(sup, { nope: 1 } as never)).rejects.toMatchObject({ status: 400 });
    await expect(svc.updateSettings(sup, { demandWorkingDays: null })).rejects.toMatchObject({ status: 400 });
    await expect(svc.updateSettings({ ...sup, roles: ['platform_admin'] }, { volumeMultiple: 3 })).rejects.toMatchObject({ status: 403 });
    const before = (await svc.settings()).volumeMultiple;
    const s = await svc.updateSettings(sup, { volumeMultiple: before + 1.5, noDataWorkingDays: null });
    expect(s).toMatchObject({ volumeMultiple: before + 1.5, noDataWorkingDays: null, demandWorkingDays: 5 });
    const ev = await t.platform.audit.query({ action: 'supervision.rules.settings' } as never);
    expect(ev.items[0]).toMatchObject({ actorName: 'supervisor', detail: { changes: { volumeMultiple: { from: before, to: before + 1.5 }, noDataWorkingDays: { from: 3, to: null } } } });
  });
});
