import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { FixedClock } from '../core/clock.js';
import type { Platform } from '../platform.js';

const DAY = 24 * 60 * 60_000;

async function auditEvents(p: Platform, action: string, targetId?: string) {
  let q = p.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action);
  if (targetId) q = q.where('target_id', '=', targetId);
  return q.orderBy('seq').execute();
}

describeEachDialect('org application systems and API tokens', (dialect) => {
  let t: TestApp;
  let clock: FixedClock;
  let admin: string;
  let steward: string;
  let policeId: string;
  let hrId: string;
  let systemId: string;
  let n = 0;

  const newToken = async (extra: Record<string, unknown> = {}) => {
    const res = await t.as(admin, 'POST', '/api/v1/tokens', { systemId, name: `令牌${++n}`, scopes: ['catalog:read', 'data:read'], expiresInDays: 30, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { token: { id: string; prefix: string; lastUsedAt: string | null }; secret: string };
  };

  beforeAll(async () => {
    clock = new FixedClock('2026-12-01T01:00:00.000Z');
    t = await createTestApp(dialect, { clock });
    // Logins happen at the start time; tests below move the clock by days, so log in once here
    // and re-login when needed.
    admin = await t.login('admin');
    steward = await t.login('steward_ga');
    policeId = (await t.platform.org.listUnits({ q: '市公安局' })).items[0].id;
    hrId = (await t.platform.org.listUnits({ q: '人力资源' })).items[0].id;
    systemId = (await t.platform.org.listSystems({ unitId: policeId })).items.find((s) => s.code === 'LDRK')!.id;
  });
  afterAll(async () => t?.close());

  it('registers application systems, unique by code within a unit', async () => {
    const res = await t.as(steward, 'POST', '/api/v1/systems', { unitId: policeId, code: 'ZAGL', name: '治安管理系统', scenario: '公共安全', description: '治安案件与人口核查' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ unitId: policeId, unitName: '三亚市公安局', code: 'ZAGL', name: '治安管理系统', scenario: '公共安全', disabled: false });
    expect((await auditEvents(t.platform, 'org.system.create', res.json().id))).toHaveLength(1);

    const dup = await t.as(admin, 'POST', '/api/v1/systems', { unitId: policeId, code: 'ZAGL', name: '重复' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('system_code_taken');
    // The same code in another unit is a different system.
    expect((await t.as(admin, 'POST', '/api/v1/systems', { unitId: hrId, code: 'ZAGL', name: '人社同名系统' })).statusCode).toBe(201);
    const badCode = await t.as(admin, 'POST', '/api/v1/systems', { unitId: policeId, code: '含空格 code', name: 'x' });
    expect(badCode.json().code).toBe('invalid_code');
    const noUnit = await t.as(admin, 'POST', '/api/v1/systems', { unitId: 'nope', code: 'X1', name: 'x' });
    expect(noUnit.json().code).toBe('unit_not_found');

    const other = await t.as(steward, 'POST', '/api/v1/systems', { unitId: hrId, code: 'QT', name: '别人的系统' });
    expect(other.statusCode).toBe(403);

    const own = (await t.as(steward, 'GET', '/api/v1/systems')).json();
    expect(own.items.every((s: { unitId: string }) => s.unitId === policeId)).toBe(true);
    expect(own.items.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(['LDRK', 'ZAGL']));
    const all = (await t.as(admin, 'GET', '/api/v1/systems')).json();
    expect(all.total).toBeGreaterThan(own.total);

    const patched = await t.as(steward, 'PATCH', `/api/v1/systems/${res.json().id}`, { description: '新的说明' });
    expect(patched.json().description).toBe('新的说明');
    expect(await auditEvents(t.platform, 'org.system.update', res.json().id)).toHaveLength(1);
  });

  it('shows the token secret once, stores only its hash, and lists tokens without it', async () => {
    const { token, secret } = await newToken();
    expect(secret).toMatch(/^gst_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(secret.slice(4, 12)).toBe(token.prefix);
    const row = await t.platform.db.kysely.selectFrom('api_token').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret.slice(13));

    const list = await t.as(admin, 'GET', `/api/v1/tokens?systemId=${systemId}`);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret.slice(13));
    expect(list.body).not.toMatch(/secret|hash/i);
    expect(list.json().items.find((x: { id: string }) => x.id === token.id)).toMatchObject({ prefix: token.prefix, systemName: '流动人口管理系统', unitId: policeId, scopes: ['catalog:read', 'data:read'] });

    const ev = await auditEvents(t.platform, 'org.token.create', token.id);
    expect(ev).toHaveLength(1);
    expect(ev[0].detail).not.toContain(secret.slice(13));
  });

  it('authenticates an application system by its token, as the system of its unit with its scopes', async () => {
    const { token, secret } = await newToken({ scopes: ['data:read'] });
    const me = await t.as(secret, 'GET', '/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      kind: 'token',
      id: token.id,
      username: expect.stringMatching(/^令牌/),
      displayName: '流动人口管理系统',
      unitId: policeId,
      unitName: '三亚市公安局',
      roles: [],
      systemId,
      scopes: ['data:read'],
    });
    expect((await t.as(secret, 'GET', '/api/v1/units')).statusCode).toBe(200);
    expect((await t.as(secret, 'GET', '/api/v1/users')).statusCode).toBe(403);
    // A token is not a cookie: sent as gs_session it authenticates nobody.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { gs_session: secret } })).statusCode).toBe(401);
  });

  it('records last use at most once a minute', async () => {
    const { token, secret } = await newToken();
    const lastUsed = async () =>
      (await t.platform.db.kysely.selectFrom('api_token').select('last_used_at').where('id', '=', token.id).executeTakeFirstOrThrow()).last_used_at;
    expect(await lastUsed()).toBeNull();
    await t.as(secret, 'GET', '/api/v1/me');
    const first = await lastUsed();
    expect(first).toBe(clock.now().toISOString());
    clock.advance(30_000);
    await t.as(secret, 'GET', '/api/v1/me');
    expect(await lastUsed()).toBe(first);
    clock.advance(31_000);
    await t.as(secret, 'GET', '/api/v1/me');
    expect(await lastUsed()).toBe(clock.now().toISOString());
  });

  it('stops a revoked token at once (401 token_revoked), even right after it was used', async () => {
    const { token, secret } = await newToken();
    expect((await t.as(secret, 'GET', '/api/v1/units')).statusCode).toBe(200);
    const revoked = await t.as(admin, 'POST', `/api/v1/tokens/${token.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toBe(clock.now().toISOString());
    const res = await t.as(secret, 'GET', '/api/v1/units');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'token_revoked', detail: '访问令牌已被吊销' });
    // Revoking again changes nothing and is not a second event.
    expect((await t.as(admin, 'POST', `/api/v1/tokens/${token.id}/revoke`)).json().revokedAt).toBe(revoked.json().revokedAt);
    expect(await auditEvents(t.platform, 'org.token.revoke', token.id)).toHaveLength(1);
  });

  it('lets a steward manage the tokens of their own unit only', async () => {
    const created = await t.as(steward, 'POST', '/api/v1/tokens', { systemId, name: '公安令牌', scopes: ['subscribe'], expiresInDays: 7 });
    expect(created.statusCode).toBe(201);
    expect((await t.as(steward, 'POST', `/api/v1/tokens/${created.json().token.id}/revoke`)).statusCode).toBe(200);
    const hrSystem = (await t.platform.org.listSystems({ unitId: hrId })).items[0];
    const denied = await t.as(steward, 'POST', '/api/v1/tokens', { systemId: hrSystem.id, name: 'x', scopes: ['subscribe'], expiresInDays: 7 });
    expect(denied.statusCode).toBe(403);
    expect((await t.as(steward, 'GET', `/api/v1/tokens?unitId=${hrId}`)).statusCode).toBe(403);
    const own = (await t.as(steward, 'GET', '/api/v1/tokens')).json();
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((x: { unitId: string }) => x.unitId === policeId)).toBe(true);
  });

  it('validates token requests', async () => {
    const bad = async (body: Record<string, unknown>) => t.as(admin, 'POST', '/api/v1/tokens', { systemId, name: 'x', scopes: ['data:read'], expiresInDays: 30, ...body });
    expect((await bad({ expiresInDays: 0 })).statusCode).toBe(400);
    expect((await bad({ expiresInDays: 731 })).statusCode).toBe(400);
    expect((await bad({ scopes: [] })).statusCode).toBe(400);
    expect((await bad({ scopes: ['admin'] })).statusCode).toBe(400);
    const noSystem = await bad({ systemId: 'nope' });
    expect(noSystem.statusCode).toBe(400);
    expect(noSystem.json().code).toBe('system_not_found');
  });

  it('stops tokens of a disabled system and refuses new ones for it', async () => {
    const sys = (await t.as(admin, 'POST', '/api/v1/systems', { unitId: policeId, code: `TMP${++n}`, name: '临时系统' })).json();
    const res = await t.as(admin, 'POST', '/api/v1/tokens', { systemId: sys.id, name: 'tmp', scopes: ['data:read'], expiresInDays: 30 });
    const secret = res.json().secret as string;
    expect((await t.as(secret, 'GET', '/api/v1/me')).statusCode).toBe(200);
    expect((await t.as(admin, 'PATCH', `/api/v1/systems/${sys.id}`, { disabled: true })).json().disabled).toBe(true);
    const stopped = await t.as(secret, 'GET', '/api/v1/me');
    expect(stopped.statusCode).toBe(401);
    expect(stopped.json().code).toBe('system_disabled');
    const refused = await t.as(admin, 'POST', '/api/v1/tokens', { systemId: sys.id, name: 'tmp2', scopes: ['data:read'], expiresInDays: 30 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('system_disabled');
  });

  it('expires a token after its validity (401 token_expired)', async () => {
    const { secret } = await newToken({ expiresInDays: 1 });
    expect((await t.as(secret, 'GET', '/api/v1/me')).statusCode).toBe(200);
    clock.advance(DAY - 1000);
    expect((await t.as(secret, 'GET', '/api/v1/me')).statusCode).toBe(200);
    clock.advance(2000);
    const res = await t.as(secret, 'GET', '/api/v1/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('token_expired');
    const en = await t.as(secret, 'GET', '/api/v1/me', undefined, { 'accept-language': 'en' });
    expect(en.json().detail).toBe('The access token has expired');
  });
});
