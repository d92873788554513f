import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import type { Platform } from '../platform.js';

const GOOD = 'Harbour-Light-2026';

async function auditEvents(p: Platform, action: string, targetId?: string) {
  let q = p.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action);
  if (targetId) q = q.where('target_id', '=', targetId);
  return q.orderBy('seq').execute();
}

async function userCount(p: Platform): Promise<number> {
  const r = await p.db.kysely.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describeEachDialect('org users', (dialect) => {
  let t: TestApp;
  let admin: string;
  let civilId: string;
  let policeId: string;
  let n = 0;

  const create = (body: Record<string, unknown>, headers?: Record<string, string>) => t.as(admin, 'POST', '/api/v1/users', body, headers);
  const valid = (extra: Record<string, unknown> = {}) => ({ username: `clerk${++n}`, displayName: `办事员${n}`, unitId: civilId, roles: ['unit_user'], password: GOOD, ...extra });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    civilId = (await t.platform.org.listUnits({ q: '市民政局' })).items[0].id;
    policeId = (await t.platform.org.listUnits({ q: '市公安局' })).items[0].id;
  });
  afterAll(async () => t?.close());

  it('creates, reads and lists a user without ever returning the password hash', async () => {
    const body = valid({ username: 'Li.Si-01', phone: '0898-00001234', email: 'lisi@demo.invalid' });
    const res = await create(body);
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({
      username: 'li.si-01',
      displayName: body.displayName,
      unitId: civilId,
      unitName: '三亚市民政局',
      roles: ['unit_user'],
      phone: '0898-00001234',
      email: 'lisi@demo.invalid',
      disabled: false,
      lockedUntil: null,
      lastLoginAt: null,
    });
    const texts = [res.body, (await t.as(admin, 'GET', `/api/v1/users/${user.id}`)).body, (await t.as(admin, 'GET', '/api/v1/users?limit=500')).body];
    for (const text of texts) {
      expect(text).not.toMatch(/password|scrypt|hash/i);
      expect(text).toContain('li.si-01');
    }
    const row = await t.platform.db.kysely.selectFrom('app_user').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    // New hashes take the configured cost (tests run at the lowest; the default is 2^15) and name it.
    expect(row.password_hash).toMatch(new RegExp(`^scrypt\\$${2 ** t.platform.config.passwordHashCost}\\$8\\$1\\$`));
    const ev = await auditEvents(t.platform, 'org.user.create', user.id);
    expect(ev).toHaveLength(1);
    expect(ev[0].detail).not.toContain(GOOD);
  });

  it('rejects weak passwords with a per-rule explanation and writes nothing', async () => {
    const before = await userCount(t.platform);
    const res = await create(valid({ password: 'abc' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('weak_password');
    expect(res.json().errors).toEqual([
      { field: 'body.password', code: 'too_short', message: '密码至少 10 位' },
      { field: 'body.password', code: 'too_few_classes', message: '密码须包含小写字母、大写字母、数字、符号中的至少三类' },
    ]);
    const en = await create(valid({ password: 'alllowercaseletters' }), { 'accept-language': 'en' });
    expect(en.json().errors).toEqual([{ field: 'body.password', code: 'too_few_classes', message: 'The password needs three of: lower case, upper case, digits, symbols' }]);
    const withName = valid();
    const named = await create({ ...withName, password: `${withName.username}-Aa-2026` });
    expect(named.json().errors.map((e: { code: string }) => e.code)).toEqual(['contains_username']);
    expect(await userCount(t.platform)).toBe(before);
  });

  it('validates usernames, uniqueness, the unit and the roles', async () => {
    const before = await userCount(t.platform);
    for (const username of ['ab', 'x'.repeat(33), '张三', 'has space', 'semi;colon']) {
      const res = await create(valid({ username }));
      expect(res.statusCode, username).toBe(400);
      expect(res.json().code).toBe('invalid_username');
    }
    const taken = await create(valid({ username: 'admin' }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'username_taken', errors: [{ field: 'body.username' }] });
    const noUnit = await create(valid({ unitId: 'no-such-unit' }));
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().code).toBe('unit_not_found');
    const unitless = await create(valid({ unitId: null }));
    expect(unitless.statusCode).toBe(400);
    expect(unitless.json().code).toBe('unit_required');
    const badRole = await create(valid({ roles: ['root'] }));
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().errors[0]).toMatchObject({ field: 'body.roles.0', code: 'enum' });
    expect((await create(valid({ roles: [] }))).statusCode).toBe(400);
    expect(await userCount(t.platform)).toBe(before);
  });

  it('updates roles, unit and contact details, audits the change, and applies new roles to live sessions', async () => {
    const u = (await create(valid())).json();
    const session = await t.login(u.username, GOOD);
    expect((await t.as(session, 'GET', '/api/v1/users')).statusCode).toBe(403);

    const res = await t.as(admin, 'PATCH', `/api/v1/users/${u.id}`, { roles: ['unit_user', 'supervisor'], unitId: policeId, phone: null, displayName: '新名字' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ roles: ['unit_user', 'supervisor'], unitId: policeId, unitName: '三亚市公安局', phone: null, displayName: '新名字' });
    const ev = await auditEvents(t.platform, 'org.user.update', u.id);
    expect(ev).toHaveLength(1);
    expect(JSON.parse(ev[0].detail!)).toMatchObject({ roles: { from: ['unit_user'], to: ['unit_user', 'supervisor'] }, unitId: { from: civilId, to: policeId } });
    expect((await t.as(session, 'GET', '/api/v1/users')).statusCode).toBe(200);

    const bad = await t.as(admin, 'PATCH', `/api/v1/users/${u.id}`, { email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_email');
  });

  it('never disables or demotes the last active platform administrator', async () => {
    const adminUser = (await t.platform.org.getUserByUsername('admin'))!;
    const demote = await t.as(admin, 'PATCH', `/api/v1/users/${adminUser.id}`, { roles: ['auditor'] });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('last_admin');
    const disable = await t.as(admin, 'PATCH', `/api/v1/users/${adminUser.id}`, { disabled: true });
    expect(disable.statusCode).toBe(409);
    // With a second administrator, the first may step down.
    const second = (await create(valid({ roles: ['platform_admin'] }))).json();
    const ok = await t.as(admin, 'PATCH', `/api/v1/users/${second.id}`, { roles: ['auditor'] });
    expect(ok.statusCode).toBe(200);
  });

  it('filters the user list by text, unit and role, with paging', async () => {
    const all = (await t.as(admin, 'GET', '/api/v1/users?limit=500')).json();
    expect(all.total).toBe(all.items.length);
    const stewards = (await t.as(admin, 'GET', '/api/v1/users?role=unit_steward')).json();
    expect(stewards.items.map((u: { username: string }) => u.username)).toEqual(['steward_ga', 'steward_rs', 'steward_zr']);
    const police = (await t.as(admin, 'GET', `/api/v1/users?unitId=${policeId}`)).json();
    expect(police.items.every((u: { unitId: string }) => u.unitId === policeId)).toBe(true);
    const q = (await t.as(admin, 'GET', `/api/v1/users?q=${encodeURIComponent('审计员')}`)).json();
    expect(q.items.map((u: { username: string }) => u.username)).toEqual(['auditor']);
    const page = (await t.as(admin, 'GET', '/api/v1/users?limit=3&offset=3')).json();
    expect(page.items.map((u: { id: string }) => u.id)).toEqual(all.items.slice(3, 6).map((u: { id: string }) => u.id));
  });

  it("shows a steward only their own unit's users", async () => {
    const steward = await t.login('steward_ga');
    const own = (await t.as(steward, 'GET', '/api/v1/users')).json();
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((u: { unitId: string }) => u.unitId === policeId)).toBe(true);
    const other = await t.as(steward, 'GET', `/api/v1/users?unitId=${civilId}`);
    expect(other.statusCode).toBe(403);
    const denied = await auditEvents(t.platform, 'org.user.read');
    expect(denied.some((e) => e.result === 'denied' && e.actor_name === 'steward_ga')).toBe(true);
  });

  it('lets only a platform administrator exist without a unit (the first admin is created before any unit)', async () => {
    const cli = { actorType: 'cli' as const, actorId: 'op', actorName: 'cli:op', unitId: null, clientIp: null, requestId: null };
    const root = await t.platform.org.createUser(cli, { username: `root${++n}`, displayName: '初始管理员', unitId: null, roles: ['platform_admin'], password: GOOD });
    expect(root).toMatchObject({ unitId: null, unitName: null, roles: ['platform_admin'] });
    const res = await t.as(admin, 'PATCH', `/api/v1/users/${root.id}`, { roles: ['unit_user'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('unit_required');
    expect((await t.as(admin, 'PATCH', `/api/v1/users/${root.id}`, { roles: ['unit_user'], unitId: civilId })).statusCode).toBe(200);
  });

  it('answers 404 for an unknown user', async () => {
    expect((await t.as(admin, 'GET', '/api/v1/users/nope')).statusCode).toBe(404);
    expect((await t.as(admin, 'PATCH', '/api/v1/users/nope', { displayName: 'x' })).statusCode).toBe(404);
    expect((await t.as(admin, 'POST', '/api/v1/users/nope/unlock')).statusCode).toBe(404);
  });
});
