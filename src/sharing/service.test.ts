import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { FixedClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { translate } from '../core/i18n.js';
import type { AuditActor } from '../audit/types.js';
import { demoUnitCode } from '../demo/seed.js';
import { createTestPlatform, describeEachDialect, type TestPlatform } from '../../test/helpers/platform.js';
import { createSharingService, GRANT_CACHE_MS, GRANT_STATES, type SharingService } from './service.js';
import { sharingMessages } from './messages.js';
import type { GrantInput } from './model.js';

const BY: AuditActor = { actorType: 'user', actorId: 'u-admin', actorName: 'grant-admin', unitId: null, clientIp: '127.0.0.1', requestId: 'r1' };

async function problem(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('sharing messages', () => {
  it('has both languages with the same placeholders', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries(sharingMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(ph(m.zh), key).toEqual(ph(m.en));
    }
  });
});

describeEachDialect('sharing grants', (dialect) => {
  let tp: TestPlatform;
  let sharing: SharingService;
  let unitA: string;
  let unitB: string;
  let systemA: string;
  let systemB: string;
  const clock = new FixedClock('2026-12-01T02:00:00.000Z');

  beforeAll(async () => {
    tp = await createTestPlatform(dialect, { clock });
    const { org, audit, db } = tp.platform;
    const seeder: AuditActor = { ...BY, actorType: 'system', actorName: 'seed' };
    unitA = (await org.createUnit(seeder, { code: demoUnitCode(901), name: '测试使用单位甲', kind: 'city_department' })).id;
    unitB = (await org.createUnit(seeder, { code: demoUnitCode(902), name: '测试使用单位乙', kind: 'district' })).id;
    systemA = (await org.createSystem(seeder, { unitId: unitA, code: 'sys-a', name: '甲系统' })).id;
    systemB = (await org.createSystem(seeder, { unitId: unitB, code: 'sys-b', name: '乙系统' })).id;
    sharing = createSharingService({ db, audit, clock });
  });
  afterAll(async () => {
    await tp?.cleanup();
  });

  const input = (over: Partial<GrantInput> = {}): GrantInput => ({ resourceCode: '101/000001', consumerUnitId: unitA, purpose: '流动人口管理', ...over });

  it('creates a grant with defaults, audited in the same transaction', async () => {
    const g = await sharing.createGrant(BY, input({ fields: ['sfzh', 'xm'], rowFilter: [{ field: 'xzqh', op: 'eq', value: '460202' }], masking: { sfzh: 'none' }, quotaRowsPerDay: 5000 }));
    expect(g).toMatchObject({
      resourceCode: '101/000001',
      consumerUnitId: unitA,
      consumerSystemId: null,
      fields: ['sfzh', 'xm'],
      rowFilter: [{ field: 'xzqh', op: 'eq', value: '460202' }],
      masking: { sfzh: 'none' },
      purpose: '流动人口管理',
      legalBasis: '',
      validFrom: '2026-12-01T02:00:00.000Z',
      validUntil: null,
      quotaRequestsPerDay: null,
      quotaRowsPerDay: 5000,
      state: 'active',
      stateReason: null,
      createdBy: 'grant-admin',
    });
    expect(await sharing.getGrant(g.id)).toEqual(g);
    const events = await tp.platform.audit.query({ action: 'sharing.grant.create', targetId: g.id });
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({ actorName: 'grant-admin', targetType: 'sharing_grant', result: 'success', detail: { resourceCode: '101/000001', consumerUnitId: unitA, fields: ['sfzh', 'xm'] } });
  });

  it('reads dates as instants with an offset or China Standard Time days (end of day for validUntil)', async () => {
    const g = await sharing.createGrant(BY, input({ validFrom: '2026-12-01', validUntil: '2026-12-31', consumerSystemId: systemA, state: 'pending_agreement' }));
    expect([g.validFrom, g.validUntil, g.consumerSystemId, g.state]).toEqual(['2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z', systemA, 'pending_agreement']);
    const h = await sharing.createGrant(BY, input({ validFrom: '2026-12-01T08:00:00+08:00', validUntil: '2027-01-01T00:00:00Z' }));
    expect([h.validFrom, h.validUntil]).toEqual(['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
  });

  it('rejects malformed input with field errors and writes nothing', async () => {
    const before = (await sharing.listGrants()).length;
    const cases: [Partial<GrantInput>, string, string][] = [
      [{ resourceCode: 'bad' }, 'body.resourceCode', 'invalid_resource_code'],
      [{ fields: ['Bad-Code'] }, 'body.fields/0', 'invalid_item_code'],
      [{ fields: ['a', 'a'] }, 'body.fields/1', 'duplicate_item_code'],
      [{ fields: [] }, 'body.fields', 'empty_list'],
      [{ rowFilter: [{ field: 'xzqh', op: 'like' as never, value: 'x' }] }, 'body.rowFilter/0', 'invalid_filter'],
      [{ rowFilter: [{ field: 'xzqh', op: 'in', value: [] }] }, 'body.rowFilter/0', 'invalid_filter'],
      [{ masking: { sfzh: 'blur' as never } }, 'body.masking/sfzh', 'invalid_masking'],
      [{ purpose: '  ' }, 'body.purpose', 'required'],
      [{ purpose: 'x'.repeat(501) }, 'body.purpose', 'too_long'],
      [{ validFrom: '2026-02-30' }, 'body.validFrom', 'invalid_date'],
      [{ validUntil: '2026-12-01T00:00:00' }, 'body.validUntil', 'invalid_date'],
      [{ validFrom: '2026-12-02', validUntil: '2026-12-01' }, 'body.validUntil', 'period_order'],
      [{ quotaRequestsPerDay: 0 }, 'body.quotaRequestsPerDay', 'invalid_quota'],
      [{ quotaRowsPerDay: 1.5 }, 'body.quotaRowsPerDay', 'invalid_quota'],
      [{ state: 'revoked' as never }, 'body.state', 'invalid_state'],
      [{ consumerUnitId: 'no-such-unit' }, 'body.consumerUnitId', 'unknown_unit'],
      [{ consumerSystemId: systemB }, 'body.consumerSystemId', 'unknown_system'],
    ];
    for (const [over, field, code] of cases) {
      const e = await problem(sharing.createGrant(BY, input(over)));
      expect([e.status, e.code], JSON.stringify(over).slice(0, 100)).toEqual([400, 'validation_failed']);
      expect(e.fieldErrors[0]).toMatchObject({ field, code });
      const f = e.fieldErrors[0]!;
      expect(translate(f.messageKey, 'zh-CN', f.params)).not.toMatch(/\{\w+\}/);
    }
    expect((await sharing.listGrants()).length).toBe(before);
  });

  it('moves grants along the allowed states with reasons, audited; revoked is final', async () => {
    const g = await sharing.createGrant(BY, input({ consumerUnitId: unitB, state: 'pending_agreement' }));
    expect((await problem(sharing.setGrantState(BY, g.id, 'suspended', 'x'))).code).toBe('bad_grant_transition');
    const active = await sharing.setGrantState(BY, g.id, 'active');
    expect(active.state).toBe('active');
    expect((await problem(sharing.setGrantState(BY, g.id, 'suspended'))).fieldErrors[0]!.code).toBe('reason_required');
    clock.advance(1000);
    const suspended = await sharing.setGrantState(BY, g.id, 'suspended', '  协议到期待续签  ');
    expect([suspended.state, suspended.stateReason, suspended.updatedAt]).toEqual(['suspended', '协议到期待续签', '2026-12-01T02:00:01.000Z']);
    await sharing.setGrantState(BY, g.id, 'revoked', '申请撤回');
    const e = await problem(sharing.setGrantState(BY, g.id, 'active'));
    expect([e.status, e.code]).toEqual([409, 'bad_grant_transition']);
    expect((await problem(sharing.setGrantState(BY, g.id, 'bogus' as never))).fieldErrors[0]!.code).toBe('invalid_state');
    expect((await problem(sharing.setGrantState(BY, 'no-such-grant', 'active'))).status).toBe(404);
    expect((await problem(sharing.getGrant('no-such-grant'))).status).toBe(404);
    const events = await tp.platform.audit.query({ action: 'sharing.grant.state', targetId: g.id });
    expect(events.items.map((x) => [x.detail?.from, x.detail?.to])).toEqual([
      ['suspended', 'revoked'],
      ['active', 'suspended'],
      ['pending_agreement', 'active'],
    ]);
  });

  it('lists grants by resource, unit and state', async () => {
    const r = '102/000009';
    const a = await sharing.createGrant(BY, input({ resourceCode: r }));
    const b = await sharing.createGrant(BY, input({ resourceCode: r, consumerUnitId: unitB, state: 'pending_agreement' }));
    expect((await sharing.listGrants({ resourceCode: r })).map((g) => g.id).sort()).toEqual([a.id, b.id].sort());
    expect((await sharing.listGrants({ resourceCode: r, consumerUnitId: unitB })).map((g) => g.id)).toEqual([b.id]);
    expect((await sharing.listGrants({ resourceCode: r, state: 'active' })).map((g) => g.id)).toEqual([a.id]);
    expect(GRANT_STATES).toContain('pending_agreement');
  });

  it('createGrantIn and setGrantStateIn join the caller\'s transaction: a failure later in it leaves nothing', async () => {
    const before = await sharing.listGrants();
    const g = await sharing.createGrant(BY, input({ resourceCode: '104/000001' }));
    await expect(
      tp.platform.audit.transact(async (trx) => {
        await sharing.createGrantIn(trx, BY, input({ resourceCode: '104/000002' }));
        await sharing.setGrantStateIn(trx, BY, g.id, 'suspended', '核查');
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect((await sharing.listGrants()).length).toBe(before.length + 1);
    expect((await sharing.getGrant(g.id)).state).toBe('active');
    const ok = await tp.platform.audit.transact(async (trx) => {
      const { grant, events } = await sharing.createGrantIn(trx, BY, input({ resourceCode: '104/000003' }));
      return { value: grant, events };
    });
    sharing.invalidate();
    expect((await sharing.grantsFor(unitA, '104/000003')).map((x) => x.id)).toEqual([ok.id]);
    expect((await tp.platform.audit.query({ action: 'sharing.grant.create', targetId: ok.id })).items).toHaveLength(1);
  });

  it('an observer sees every change in the changing transaction, with the context it prepared, and may supply the audit event', async () => {
    const seen: unknown[] = [];
    sharing.observe({
      prepare: async (code) => ({ providerUnitId: `provider-of-${code}`, resourceName: '测试资源' }),
      record: async (_trx, ch) => {
        seen.push([ch.from, ch.to, ch.reason, ch.context.providerUnitId, ch.action]);
        return { ...BY, action: ch.action, targetType: 'sharing_grant', targetId: ch.grant.id, result: 'success', detail: { ...ch.detail, observed: true } };
      },
    });
    try {
      const g = await sharing.createGrant(BY, input({ resourceCode: '105/000001' }));
      await sharing.setGrantState(BY, g.id, 'suspended', '核查');
      expect(seen).toEqual([
        [null, 'active', null, 'provider-of-105/000001', 'sharing.grant.create'],
        ['active', 'suspended', '核查', 'provider-of-105/000001', 'sharing.grant.state'],
      ]);
      const events = await tp.platform.audit.query({ action: 'sharing.grant.state', targetId: g.id });
      expect(events.items).toHaveLength(1);
      expect(events.items[0]!.detail).toMatchObject({ from: 'active', to: 'suspended', observed: true });
    } finally {
      sharing.observe(null);
    }
  });

  it('lists a page of grants a unit may see: its own, or those on the resources it provides', async () => {
    const r = '106/000001';
    const own = await sharing.createGrant(BY, input({ resourceCode: r }));
    const other = await sharing.createGrant(BY, input({ resourceCode: r, consumerUnitId: unitB }));
    const elsewhere = await sharing.createGrant(BY, input({ resourceCode: '106/000002', consumerUnitId: unitB }));
    const ids = async (q: Parameters<SharingService['searchGrants']>[0]) => (await sharing.searchGrants(q)).items.map((g) => g.id).sort();
    expect(await ids({ resourceCodes: [r, '106/000002'], visibleTo: { unitId: unitA, providedCodes: [] } })).toEqual([own.id]);
    expect(await ids({ resourceCodes: [r, '106/000002'], visibleTo: { unitId: 'provider', providedCodes: ['106/000002'] } })).toEqual([elsewhere.id]);
    expect(await ids({ resourceCodes: [r, '106/000002'] })).toEqual([own.id, other.id, elsewhere.id].sort());
    expect(await ids({ resourceCodes: [] })).toEqual([]);
    const page = await sharing.searchGrants({ resourceCodes: [r, '106/000002'], limit: 2, offset: 0 });
    expect([page.items.length, page.total]).toEqual([2, 3]);
  });

  it('finds active or suspended grants past their validity (the expiry sweep)', async () => {
    const r = '107/000001';
    const past = await sharing.createGrant(BY, input({ resourceCode: r, validFrom: '2026-11-01', validUntil: '2026-11-30' }));
    await sharing.createGrant(BY, input({ resourceCode: r, validUntil: '2027-12-31' }));
    const found = (await sharing.pastValidity(clock.now())).filter((g) => g.resourceCode === r);
    expect(found.map((g) => g.id)).toEqual([past.id]);
  });

  it('grantsFor answers every state, caches, and sees its own writes at once', async () => {
    const r = '103/000001';
    expect(await sharing.grantsFor(unitA, r)).toEqual([]);
    const g = await sharing.createGrant(BY, input({ resourceCode: r }));
    expect((await sharing.grantsFor(unitA, r)).map((x) => x.id)).toEqual([g.id]);
    await sharing.setGrantState(BY, g.id, 'suspended', '核查');
    expect((await sharing.grantsFor(unitA, r)).map((x) => x.state)).toEqual(['suspended']);
    // A change made elsewhere (another node) shows after the cache period.
    await sql`update sharing_grant set state = 'active' where id = ${g.id}`.execute(tp.platform.db.kysely);
    expect((await sharing.grantsFor(unitA, r))[0]!.state).toBe('suspended');
    await new Promise((res) => setTimeout(res, GRANT_CACHE_MS + 50));
    expect((await sharing.grantsFor(unitA, r))[0]!.state).toBe('active');
    expect(await sharing.grantsFor(unitB, r)).toEqual([]);
  });
});
