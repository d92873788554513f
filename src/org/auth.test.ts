import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/platform.js';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../../test/helpers/app.js';
import { FixedClock } from '../core/clock.js';
import type { Platform } from '../platform.js';

const START = '2026-12-01T01:00:00.000Z';
const GOOD = 'Harbour-Light-2026';
const cli = { actorType: 'cli' as const, actorId: 'test', actorName: 'cli:test', unitId: null, clientIp: null, requestId: null };

async function auditEvents(p: Platform, action: string, targetId?: string) {
  let q = p.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action);
  if (targetId) q = q.where('target_id', '=', targetId);
  return q.orderBy('seq').execute();
}

async function count(p: Platform, table: 'unit' | 'app_user' | 'session'): Promise<number> {
  const r = await p.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describeEachDialect('org auth: login, sessions, CSRF, lockout', (dialect) => {
  let t: TestApp;
  let clock: FixedClock;
  let unitId: string;
  let n = 0;

  const login = (username: string, password: string, extra: { headers?: Record<string, string>; cookies?: Record<string, string> } = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, ...extra });

  /** A new admin session each time: tests move the clock, so a cached one could have expired. */
  const adminToken = async () => (await login('admin', DEMO_PASSWORD)).json().token as string;

  /** A fresh user in a demo unit (each test gets its own, so lockouts do not leak between tests). */
  async function freshUser(roles: Parameters<Platform['org']['createUser']>[1]['roles'] = ['unit_user']) {
    const username = `tester${++n}`;
    const u = await t.platform.org.createUser(cli, { username, displayName: `测试用户${n}`, unitId, roles, password: GOOD });
    return { ...u, username };
  }

  beforeAll(async () => {
    clock = new FixedClock(START);
    t = await createTestApp(dialect, { clock });
    unitId = (await t.platform.org.listUnits({ q: '民政局' })).items[0].id;
  });
  afterAll(async () => t?.close());

  it('login returns a bearer token that authenticates GET /me', async () => {
    const res = await login('admin', DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.expiresAt).toBe(new Date(Date.parse(START) + t.platform.config.sessionTtlMinutes * 60_000).toISOString());
    expect(body.user).toMatchObject({ kind: 'user', username: 'admin', roles: ['platform_admin'], unitName: '三亚市信息中心' });

    const me = await t.as(body.token, 'GET', '/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'user', username: 'admin', displayName: '平台管理员（演示）', roles: ['platform_admin'], unitName: '三亚市信息中心' });
    expect(me.json().scopes).toContain('data:read');
    // A bearer caller needs no CSRF token, so none is handed out.
    expect(me.json().csrfToken).toBeUndefined();
  });

  it('sets an httpOnly SameSite=Strict session cookie and a readable CSRF cookie', async () => {
    const res = await login('admin', DEMO_PASSWORD);
    const session = res.cookies.find((c) => c.name === 'gs_session')!;
    const csrf = res.cookies.find((c) => c.name === 'gs_csrf')!;
    expect(session).toMatchObject({ value: res.json().token, httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(csrf.value).toBe(res.json().csrfToken);
    expect(csrf.httpOnly).toBeFalsy();
    expect(session.secure).toBeFalsy();
  });

  it('stores only a hash of the session token', async () => {
    const res = await login('admin', DEMO_PASSWORD);
    const rows = await t.platform.db.kysely.selectFrom('session').select(['token_hash']).execute();
    expect(rows.some((r) => r.token_hash === res.json().token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('answers a wrong password and an unknown user the same way, and audits both without the password', async () => {
    const u = await freshUser();
    const wrong = await login(u.username, 'Not-The-Password-1');
    const unknown = await login('nobody_here', 'Not-The-Password-1');
    for (const r of [wrong, unknown]) {
      expect(r.statusCode).toBe(401);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.json()).toMatchObject({ code: 'invalid_credentials', detail: '用户名或密码错误' });
    }
    const failures = (await auditEvents(t.platform, 'auth.login')).filter((e) => e.result === 'failure');
    expect(failures.some((e) => e.target_id === u.id && JSON.parse(e.detail!).reason === 'bad_password')).toBe(true);
    expect(failures.some((e) => e.target_id === null && JSON.parse(e.detail!).username === 'nobody_here')).toBe(true);
    const all = await t.platform.db.kysely.selectFrom('audit_event').select('detail').execute();
    expect(all.some((e) => (e.detail ?? '').includes('Not-The-Password-1') || (e.detail ?? '').includes(DEMO_PASSWORD))).toBe(false);
  });

  it('audits a successful login', async () => {
    const u = await freshUser();
    expect((await login(u.username, GOOD)).statusCode).toBe(200);
    const ev = await auditEvents(t.platform, 'auth.login', u.id);
    expect(ev.map((e) => [e.result, e.actor_id, e.actor_type])).toEqual([['success', u.id, 'user']]);
  });

  it('speaks English when asked (Accept-Language: en), Chinese by default', async () => {
    const en = await login('nobody_here', 'x', { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().detail).toBe('Wrong username or password');
    const zh = await login('nobody_here', 'x');
    expect(zh.json().detail).toBe('用户名或密码错误');
  });

  it('accepts a cookie session for reads and demands the CSRF token on unsafe requests', async () => {
    const { token, csrfToken } = (await login('admin', DEMO_PASSWORD)).json();
    const cookies = { gs_session: token };
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies });
    expect(me.statusCode).toBe(200);
    expect(me.json().csrfToken).toBe(csrfToken);

    const newUser = { username: `csrf${++n}`, displayName: 'CSRF 测试', unitId, roles: ['unit_user'], password: GOOD };
    const before = await count(t.platform, 'app_user');
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/users', cookies, payload: newUser });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('csrf_failed');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/users', cookies, payload: newUser, headers: { 'x-csrf-token': csrfToken.slice(1) + 'A' } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('csrf_failed');
    // Another session's CSRF token does not fit this session.
    const other = (await login('admin', DEMO_PASSWORD)).json().csrfToken;
    const crossed = await t.app.inject({ method: 'POST', url: '/api/v1/users', cookies, payload: newUser, headers: { 'x-csrf-token': other } });
    expect(crossed.statusCode).toBe(403);
    expect(await count(t.platform, 'app_user')).toBe(before);

    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/users', cookies, payload: newUser, headers: { 'x-csrf-token': csrfToken } });
    expect(ok.statusCode).toBe(201);
    expect(await count(t.platform, 'app_user')).toBe(before + 1);
  });

  it('lets login through without CSRF even when an old session cookie is present', async () => {
    const { token } = (await login('admin', DEMO_PASSWORD)).json();
    const again = await login('admin', DEMO_PASSWORD, { cookies: { gs_session: token } });
    expect(again.statusCode).toBe(200);
  });

  it('rejects a bad bearer credential at once, but treats an unknown cookie as anonymous', async () => {
    for (const authorization of ['Bearer nonsense-token', 'Bearer gst_abcdefgh_xyz', 'Basic YWRtaW46eA==', 'Bearer']) {
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: { authorization } });
      expect(r.statusCode, authorization).toBe(401);
      expect(r.json().code).toBe('invalid_token');
    }
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { gs_session: 'stale' } });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe('unauthenticated');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/units' })).statusCode).toBe(401);
  });

  it('locks an account after repeated failures, audits the lock, and unlocks by an administrator', async () => {
    const u = await freshUser();
    const max = t.platform.config.loginMaxFailures;
    for (let i = 1; i < max; i++) expect((await login(u.username, `Wrong-Guess-${i}`)).statusCode).toBe(401);
    const locking = await login(u.username, 'Wrong-Guess-last');
    expect(locking.statusCode).toBe(423);
    const lockedUntil = new Date(clock.now().getTime() + t.platform.config.loginLockMinutes * 60_000).toISOString();
    expect(locking.json()).toMatchObject({ code: 'account_locked', lockedUntil });
    expect(locking.json().detail).toContain(lockedUntil);
    expect(Number(locking.headers['retry-after'])).toBe(t.platform.config.loginLockMinutes * 60);

    // Even the right password is refused while locked.
    const right = await login(u.username, GOOD);
    expect(right.statusCode).toBe(423);
    expect(right.json().code).toBe('account_locked');
    expect((await auditEvents(t.platform, 'org.user.lock', u.id)).length).toBe(1);

    const admin = await adminToken();
    const user = await t.as(admin, 'GET', `/api/v1/users/${u.id}`);
    expect(user.json().lockedUntil).toBe(lockedUntil);
    expect((await t.as(admin, 'POST', `/api/v1/users/${u.id}/unlock`)).statusCode).toBe(204);
    expect((await auditEvents(t.platform, 'org.user.unlock', u.id)).length).toBe(1);
    expect((await login(u.username, GOOD)).statusCode).toBe(200);
  });

  it('lifts a lock by itself when the lock time has passed', async () => {
    const u = await freshUser();
    for (let i = 0; i < t.platform.config.loginMaxFailures; i++) await login(u.username, `Wrong-Guess-${i}`);
    expect((await login(u.username, GOOD)).statusCode).toBe(423);
    clock.advance(t.platform.config.loginLockMinutes * 60_000 + 1000);
    expect((await login(u.username, GOOD)).statusCode).toBe(200);
  });

  it('resets the failure count on a successful login', async () => {
    const u = await freshUser();
    const max = t.platform.config.loginMaxFailures;
    for (let i = 1; i < max; i++) await login(u.username, `Wrong-Guess-${i}`);
    expect((await login(u.username, GOOD)).statusCode).toBe(200);
    for (let i = 1; i < max; i++) expect((await login(u.username, `Wrong-Guess-${i}`)).statusCode).toBe(401);
    expect((await login(u.username, GOOD)).statusCode).toBe(200);
  });

  it('refuses a disabled user and stops their existing sessions', async () => {
    const u = await freshUser();
    const session = (await login(u.username, GOOD)).json().token as string;
    expect((await t.as(session, 'GET', '/api/v1/me')).statusCode).toBe(200);

    const admin = await adminToken();
    const patched = await t.as(admin, 'PATCH', `/api/v1/users/${u.id}`, { disabled: true });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().disabled).toBe(true);
    expect((await auditEvents(t.platform, 'org.user.disable', u.id)).length).toBe(1);

    expect((await t.as(session, 'GET', '/api/v1/me')).statusCode).toBe(401);
    const denied = await login(u.username, GOOD);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('account_disabled');
    // A wrong password still gets the ordinary answer, so disabled accounts cannot be discovered.
    expect((await login(u.username, 'Wrong-Guess-9')).json().code).toBe('invalid_credentials');

    await t.as(admin, 'PATCH', `/api/v1/users/${u.id}`, { disabled: false });
    expect((await auditEvents(t.platform, 'org.user.enable', u.id)).length).toBe(1);
    expect((await login(u.username, GOOD)).statusCode).toBe(200);
  });

  it('expires sessions after the configured lifetime', async () => {
    const u = await freshUser();
    const session = (await login(u.username, GOOD)).json().token as string;
    clock.advance(t.platform.config.sessionTtlMinutes * 60_000 - 1000);
    expect((await t.as(session, 'GET', '/api/v1/me')).statusCode).toBe(200);
    clock.advance(2000);
    const expired = await t.as(session, 'GET', '/api/v1/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('session_expired');
  });

  it('logout ends the session, clears the cookies and is audited', async () => {
    const u = await freshUser();
    const session = (await login(u.username, GOOD)).json().token as string;
    const out = await t.as(session, 'POST', '/api/v1/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'gs_session')?.value).toBe('');
    expect((await t.as(session, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await auditEvents(t.platform, 'auth.logout')).some((e) => e.actor_id === u.id)).toBe(true);
  });

  it('changes the own password under the policy and ends the other sessions', async () => {
    const u = await freshUser();
    const first = (await login(u.username, GOOD)).json().token as string;
    const second = (await login(u.username, GOOD)).json().token as string;

    const wrongCurrent = await t.as(first, 'POST', '/api/v1/me/password', { currentPassword: 'nope', newPassword: 'Another-Strong-77' });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().errors[0]).toMatchObject({ field: 'body.currentPassword', code: 'wrong_password' });

    const weak = await t.as(first, 'POST', '/api/v1/me/password', { currentPassword: GOOD, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('weak_password');
    expect(weak.json().errors.map((e: { code: string }) => e.code)).toEqual(['too_short', 'too_few_classes']);

    const ok = await t.as(first, 'POST', '/api/v1/me/password', { currentPassword: GOOD, newPassword: 'Another-Strong-77' });
    expect(ok.statusCode).toBe(204);
    expect((await t.as(first, 'GET', '/api/v1/me')).statusCode).toBe(200);
    expect((await t.as(second, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await login(u.username, GOOD)).statusCode).toBe(401);
    expect((await login(u.username, 'Another-Strong-77')).statusCode).toBe(200);
    expect((await auditEvents(t.platform, 'org.user.password_change', u.id)).length).toBe(1);
  });

  it('lets an administrator reset a password, which ends the user’s sessions', async () => {
    const u = await freshUser();
    const session = (await login(u.username, GOOD)).json().token as string;
    const admin = await adminToken();
    const weak = await t.as(admin, 'POST', `/api/v1/users/${u.id}/password`, { password: `${u.username}-Pass-1` });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors.map((e: { code: string }) => e.code)).toEqual(['contains_username']);
    expect((await t.as(admin, 'POST', `/api/v1/users/${u.id}/password`, { password: 'Reset-By-Admin-1' })).statusCode).toBe(204);
    expect((await t.as(session, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await login(u.username, 'Reset-By-Admin-1')).statusCode).toBe(200);
    expect((await auditEvents(t.platform, 'org.user.password_reset', u.id)).length).toBe(1);
  });
});

describeEachDialect('org auth: login rate limit', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: false, config: { rateLimitPerMinute: 1000 } });
  });
  afterAll(async () => t?.close());

  it('limits sign-in attempts per client address more strictly than other requests', async () => {
    const attempt = (remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'x' }, remoteAddress });
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await attempt('10.20.30.40')).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    const limited = await attempt('10.20.30.40');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    // Another address is not affected.
    expect((await attempt('10.20.30.41')).statusCode).toBe(401);
  });
});
