import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import type { Platform } from '../platform.js';
import { usccCheckChar } from './uscc.js';

let serial = 0;
/** A valid synthetic 统一社会信用代码 not used by the demo (the demo numbers its units from 11460200000000…). */
function newCode(): string {
  const first17 = `12460200MB${String(++serial).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17);
}

async function auditEvents(p: Platform, action: string, targetId?: string) {
  let q = p.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action);
  if (targetId) q = q.where('target_id', '=', targetId);
  return q.orderBy('seq').execute();
}

async function unitCount(p: Platform): Promise<number> {
  const r = await p.db.kysely.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describeEachDialect('org units', (dialect) => {
  let t: TestApp;
  let admin: string;
  let policeId: string;
  let hrId: string;

  const post = (body: unknown, headers?: Record<string, string>) => t.as(admin, 'POST', '/api/v1/units', body, headers);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    policeId = (await t.platform.org.listUnits({ q: '市公安局' })).items[0].id;
    hrId = (await t.platform.org.listUnits({ q: '人力资源' })).items[0].id;
  });
  afterAll(async () => t?.close());

  it('registers a unit with its responsible person and contacts, and audits it', async () => {
    const code = newCode();
    const res = await post({
      code,
      name: '三亚市测试局',
      shortName: '市测试局',
      kind: 'city_department',
      functions: ['archives_bureau', 'archives_bureau'],
      responsiblePerson: { name: '某某', title: '副局长', phone: '0898-00009999', email: 'lead@demo.invalid' },
      contacts: [{ name: '联系人甲', duty: '共享联系人', phone: '0898-00009998' }],
    });
    expect(res.statusCode).toBe(201);
    const unit = res.json();
    expect(unit).toMatchObject({
      code,
      name: '三亚市测试局',
      shortName: '市测试局',
      kind: 'city_department',
      parentId: null,
      parentName: null,
      functions: ['archives_bureau'],
      responsiblePerson: { name: '某某', title: '副局长', phone: '0898-00009999', email: 'lead@demo.invalid' },
      contacts: [{ name: '联系人甲', duty: '共享联系人', phone: '0898-00009998', email: '' }],
    });
    const got = await t.as(admin, 'GET', `/api/v1/units/${unit.id}`);
    expect(got.json()).toEqual(unit);
    const ev = await auditEvents(t.platform, 'org.unit.create', unit.id);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ result: 'success', actor_name: 'admin', target_type: 'unit' });
  });

  it('accepts a code typed in lower case and stores it upper case', async () => {
    const code = newCode();
    const res = await post({ code: code.toLowerCase(), name: '小写代码单位', kind: 'town', parentId: hrId });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code, parentId: hrId, parentName: '三亚市人力资源和社会保障局' });
  });

  it('rejects a code with a wrong check character, wrong length or bad letters (400 invalid_uscc), writing nothing', async () => {
    const good = newCode();
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const before = await unitCount(t.platform);
    for (const code of [wrongCheck, good.slice(0, 17), good + '1', 'I' + good.slice(1), '']) {
      const res = await post({ code, name: '坏代码单位', kind: 'town' });
      expect(res.statusCode, code).toBe(400);
      if (code) {
        expect(res.json().code).toBe('invalid_uscc');
        expect(res.json().errors[0]).toMatchObject({ field: 'body.code', code: 'invalid_uscc' });
      }
    }
    expect(await unitCount(t.platform)).toBe(before);
    expect((await auditEvents(t.platform, 'org.unit.create')).some((e) => (e.detail ?? '').includes('坏代码单位'))).toBe(false);
  });

  it('explains a bad code in English or Chinese', async () => {
    const en = await post({ code: '123', name: 'x', kind: 'town' }, { 'accept-language': 'en' });
    expect(en.json().detail).toMatch(/^Invalid unified social credit code: 123/);
    const zh = await post({ code: '123', name: 'x', kind: 'town' });
    expect(zh.json().detail).toMatch(/^统一社会信用代码无效：123/);
  });

  it('refuses a duplicate code (409 unit_code_taken)', async () => {
    const code = newCode();
    expect((await post({ code, name: '第一个', kind: 'town' })).statusCode).toBe(201);
    const before = await unitCount(t.platform);
    const dup = await post({ code, name: '第二个', kind: 'town' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('unit_code_taken');
    expect(await unitCount(t.platform)).toBe(before);
  });

  it('maps a duplicate that races past the pre-check to 409 too', async () => {
    const code = newCode();
    const results = await Promise.allSettled([1, 2, 3].map((i) => t.platform.org.createUnit({ actorType: 'cli', actorId: 't', actorName: 't', unitId: null, clientIp: null, requestId: null }, { code, name: `并发${i}`, kind: 'town' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409, code: 'unit_code_taken' });
  });

  it('refuses a parent that does not exist', async () => {
    const before = await unitCount(t.platform);
    const res = await post({ code: newCode(), name: '孤儿单位', kind: 'town', parentId: 'no-such-unit' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'parent_not_found', errors: [{ field: 'body.parentId', code: 'parent_not_found' }] });
    expect(await unitCount(t.platform)).toBe(before);
  });

  it('refuses a parent that would make the hierarchy a cycle, including the unit itself', async () => {
    const a = (await post({ code: newCode(), name: '上级A', kind: 'district' })).json();
    const b = (await post({ code: newCode(), name: '下级B', kind: 'town', parentId: a.id })).json();
    const c = (await post({ code: newCode(), name: '下下级C', kind: 'town', parentId: b.id })).json();
    for (const [id, parentId] of [
      [a.id, c.id],
      [a.id, b.id],
      [b.id, b.id],
    ]) {
      const res = await t.as(admin, 'PATCH', `/api/v1/units/${id}`, { parentId });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('unit_cycle');
    }
    expect((await t.as(admin, 'GET', `/api/v1/units/${a.id}`)).json().parentId).toBeNull();
    // Moving to the top and re-parenting elsewhere are fine.
    expect((await t.as(admin, 'PATCH', `/api/v1/units/${c.id}`, { parentId: null })).json().parentId).toBeNull();
    expect((await t.as(admin, 'PATCH', `/api/v1/units/${a.id}`, { parentId: c.id })).json()).toMatchObject({ parentId: c.id, parentName: '下下级C' });
  });

  it('updates a unit and audits which fields changed; an empty change writes nothing', async () => {
    const u = (await post({ code: newCode(), name: '改名前', kind: 'town' })).json();
    const res = await t.as(admin, 'PATCH', `/api/v1/units/${u.id}`, { name: '改名后', kind: 'district', shortName: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '改名后', kind: 'district', shortName: null, code: u.code });
    const ev = await auditEvents(t.platform, 'org.unit.update', u.id);
    expect(ev).toHaveLength(1);
    expect(JSON.parse(ev[0].detail!)).toMatchObject({ name: { from: '改名前', to: '改名后' }, kind: { from: 'town', to: 'district' } });
    expect((await t.as(admin, 'PATCH', `/api/v1/units/${u.id}`, { name: '改名后' })).statusCode).toBe(200);
    expect(await auditEvents(t.platform, 'org.unit.update', u.id)).toHaveLength(1);
  });

  it("lets a unit's steward change its responsible person and contacts, and nothing else", async () => {
    const steward = await t.login('steward_ga');
    const contacts = { responsiblePerson: { name: '新主管领导' }, contacts: [{ name: '新联系人', duty: '共享' }] };
    const own = await t.as(steward, 'PATCH', `/api/v1/units/${policeId}`, contacts);
    expect(own.statusCode).toBe(200);
    expect(own.json().responsiblePerson).toEqual({ name: '新主管领导', title: '', phone: '', email: '' });
    expect((await auditEvents(t.platform, 'org.unit.update', policeId)).at(-1)!.actor_name).toBe('steward_ga');

    const rename = await t.as(steward, 'PATCH', `/api/v1/units/${policeId}`, { ...contacts, name: '改名' });
    expect(rename.statusCode).toBe(403);
    const other = await t.as(steward, 'PATCH', `/api/v1/units/${hrId}`, contacts);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('forbidden');
    const denied = await auditEvents(t.platform, 'org.unit.update_contacts', hrId);
    expect(denied.map((e) => [e.result, e.actor_name])).toEqual([['denied', 'steward_ga']]);
    expect((await t.platform.org.getUnit(hrId))!.contacts[0].name).not.toBe('新联系人');
  });

  it('lists units with search, filters and paging', async () => {
    const all = (await t.as(admin, 'GET', '/api/v1/units?limit=500')).json();
    expect(all.total).toBe(all.items.length);
    const byName = (await t.as(admin, 'GET', `/api/v1/units?q=${encodeURIComponent('公安')}`)).json();
    expect(byName.items.map((u: { name: string }) => u.name)).toContain('三亚市公安局');
    const districts = (await t.as(admin, 'GET', '/api/v1/units?kind=district&limit=500')).json();
    expect(districts.items.every((u: { kind: string }) => u.kind === 'district')).toBe(true);
    expect(districts.items.map((u: { shortName: string }) => u.shortName)).toEqual(expect.arrayContaining(['海棠区', '吉阳区', '天涯区', '崖州区', '育才生态区']));
    const authority = (await t.as(admin, 'GET', '/api/v1/units?function=it_authority')).json();
    expect(authority.items.map((u: { name: string }) => u.name)).toEqual(['三亚市工业和信息化局']);
    const jiyang = (await t.platform.org.listUnits({ q: '吉阳区人民政府' })).items[0];
    const children = (await t.as(admin, 'GET', `/api/v1/units?parentId=${jiyang.id}`)).json();
    expect(children.items.map((u: { name: string }) => u.name)).toEqual(['吉阳区民政局']);
    const page = (await t.as(admin, 'GET', '/api/v1/units?limit=2&offset=1')).json();
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(all.total);
    expect(page.items[0].id).toBe(all.items[1].id);
    // Wildcards in the search text are taken literally.
    expect((await t.as(admin, 'GET', '/api/v1/units?q=%25')).json().total).toBe(0);
  });

  it('answers 404 for an unknown unit', async () => {
    const res = await t.as(admin, 'GET', '/api/v1/units/does-not-exist');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });
});
