import { afterAll, beforeAll, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import { demoUnitCode } from '../../demo/seed.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { addSteward, codeOf, complete, enc, idNumber, ok, problem, SEEDER, systemIdOf } from './test-support.js';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

/**
 * Grants from applications, enforced by the REAL exchange API (GET /api/v1/data/{code}/records):
 * the data plane serves exactly the active grants — fewer fields, masked; nothing when refused,
 * pending its agreement, suspended, expired or revoked (R13, R16, R17).
 */
describeEachDialect('grants from applications, enforced by the data API', (dialect) => {
  let t: TestApp;
  // Monday 28 Dec 2026, 10:00 in Sanya.
  const clock = new FixedClock('2026-12-28T02:00:00.000Z');
  const tok: Record<string, string> = {};
  let social: string; // 社保参保信息 — restricted, 人社局, privacy items
  let equipment: string; // 特种设备登记信息 — restricted, 市场监管局, no sensitive item
  let shjz: string;
  let shjzToken: string;

  const api = (user: string, method: string, url: string, body?: unknown, headers?: Record<string, string>) => t.as(tok[user]!, method, `/api/v1${url}`, body, headers);
  const read = (user: string, code: string) => api(user, 'GET', `/data/${enc(code)}/records?limit=50`, undefined, { 'x-purpose': enc('社会救助资格核查') });
  const readAs = (token: string, code: string) => t.as(token, 'GET', `/api/v1/data/${enc(code)}/records?limit=50`, undefined, { 'x-purpose': enc('社会救助资格核查') });
  const fields = (rows: Record<string, unknown>[]) => [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => !k.startsWith('_'))))].sort();

  beforeAll(async () => {
    t = await createTestApp(dialect, { catalog: true, clock, config: { sessionTtlMinutes: 43_200 } });
    for (const u of ['user_mz', 'user_jy', 'steward_rs', 'reviewer', 'supervisor', 'secrecy']) tok[u] = await t.login(u);
    tok.steward_sc = await addSteward(t, 'steward_sc', 14);
    social = await codeOf(t, tok.reviewer!, '社保参保信息');
    equipment = await codeOf(t, tok.reviewer!, '特种设备登记信息');
    shjz = await systemIdOf(t, 'SHJZ');
    shjzToken = (await t.platform.org.createToken(SEEDER, { systemId: shjz, name: '社会救助系统令牌（测试）', scopes: ['catalog:read', 'data:read'], expiresInDays: 90 })).secret;

    const rows = [1, 2, 3].map((n) => [`46020${n}00000000000${n}`.slice(0, 18), idNumber(n), `测试${n}号`, '城镇职工养老保险', '1', '5000.00', demoUnitCode(12), '2020-01-01'].join(','));
    const up = await api('steward_rs', 'POST', `/data/${enc(social)}/batches`, ['shbzhm,sfzhm,xm,cbxz,cbzt,jfjs,cbdw_tyshxydm,cbrq', ...rows].join('\r\n') + '\r\n', { 'content-type': 'text/csv' });
    expect(up.statusCode, up.body).toBe(200);
    const eq = [1, 2].map((n) => [`TZSB${n}`, '电梯', demoUnitCode(14), `三亚市吉阳区测试路${n}号`, '2027-06-30'].join(','));
    const up2 = await api('steward_sc', 'POST', `/data/${enc(equipment)}/batches`, ['sbzcdm,sbzl,sydw_tyshxydm,azdz,xcjyrq', ...eq].join('\r\n') + '\r\n', { 'content-type': 'text/csv' });
    expect(up2.statusCode, up2.body).toBe(200);
  }, 180_000);
  afterAll(async () => t?.close());

  it('approved with fewer fields: nothing before the agreement is filed, then only those fields, masked; suspended and revoked serve nothing', async () => {
    problem(await read('user_mz', social), 403, 'no_grant');
    const app = ok(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: social, ...complete(), consumerSystemId: shjz, fields: ['shbzhm', 'sfzhm', 'xm', 'cbxz', 'cbzt'], submit: true }), 201);
    problem(await read('user_mz', social), 403, 'no_grant');
    const approved = ok(await api('steward_rs', 'POST', `/sharing/applications/${app.id}/approve`, { fields: ['shbzhm', 'sfzhm', 'cbzt'], comment: '仅提供核对所需信息项' }));
    const grantId = approved.grant.id as string;
    expect(approved.grant.state).toBe('pending_agreement');
    // pending_agreement → 403 (R17: no filing, no data)
    problem(await read('user_mz', social), 403, 'grant_not_active');

    // The agreement is signed by both parties and filed with both offices (the agreements module's API).
    const agreementId = approved.agreementId as string;
    expect(agreementId).toBeTruthy();
    expect(ok(await api('user_mz', 'GET', `/sharing/grants/${grantId}`)).agreementId).toBe(agreementId);
    ok(await api('user_mz', 'POST', `/sharing/agreements/${agreementId}/document?name=${enc('共享安全保密协议.pdf')}`, PDF, { 'content-type': 'application/octet-stream' }));
    ok(await api('steward_rs', 'POST', `/sharing/agreements/${agreementId}/confirm`, {}));
    ok(await api('user_mz', 'POST', `/sharing/agreements/${agreementId}/confirm`, {}));
    ok(await api('user_mz', 'POST', `/sharing/agreements/${agreementId}/submit-filing`, {}));
    ok(await api('secrecy', 'POST', `/sharing/agreements/${agreementId}/acknowledge`, {}));
    problem(await read('user_mz', social), 403, 'grant_not_active');
    ok(await api('reviewer', 'POST', `/sharing/agreements/${agreementId}/acknowledge`, {}));

    // Active: only the granted fields, the sensitive ones masked; for the unit's users and the bound system.
    const res = await read('user_mz', social);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Record<string, string>[];
    expect(items).toHaveLength(3);
    expect(fields(items)).toEqual(['cbzt', 'sfzhm', 'shbzhm']);
    const one = items.find((r) => r.shbzhm!.endsWith('1'))!;
    expect(one.sfzhm).toBe(`460203********${idNumber(1).slice(-4)}`);
    expect(one.sfzhm).not.toBe(idNumber(1));
    const bySystem = await readAs(shjzToken, social);
    expect(bySystem.statusCode, bySystem.body).toBe(200);
    expect(fields(bySystem.json().items)).toEqual(['cbzt', 'sfzhm', 'shbzhm']);
    // The data access is audited under the grant.
    const access = (await t.platform.audit.query({ action: 'data.record.query', limit: 20 } as never)).items.find((e) => e.grantId === grantId);
    expect(access).toBeTruthy();

    // Both sides see every change on the grant's timeline.
    let g = ok(await api('steward_rs', 'GET', `/sharing/grants/${grantId}`));
    expect(g.timeline.map((e: { toState: string }) => e.toState)).toEqual(['pending_agreement', 'active']);
    expect(g).toMatchObject({ state: 'active', needsAgreement: true, agreementFiled: true, actions: { suspend: true, resume: false, revoke: true } });

    // suspend: provider, authority, supervision — not the consumer
    problem(await api('user_mz', 'POST', `/sharing/grants/${grantId}/suspend`, { reason: '自行暂停' }), 403, 'forbidden');
    problem(await api('user_jy', 'POST', `/sharing/grants/${grantId}/suspend`, { reason: 'x' }), 404);
    problem(await api('supervisor', 'POST', `/sharing/grants/${grantId}/suspend`, { reason: '' }), 400);
    g = ok(await api('supervisor', 'POST', `/sharing/grants/${grantId}/suspend`, { reason: '监察发现超范围使用，暂停核查' }));
    expect(g).toMatchObject({ state: 'suspended', stateReason: '监察发现超范围使用，暂停核查' });
    problem(await read('user_mz', social), 403, 'grant_not_active');
    problem(await readAs(shjzToken, social), 403, 'grant_not_active');
    problem(await api('supervisor', 'POST', `/sharing/grants/${grantId}/suspend`, { reason: '再次' }), 409, 'bad_grant_transition');
    // Both sides were notified.
    const consumerNotes = ok(await api('user_mz', 'GET', '/sharing/notifications'));
    expect(consumerNotes.items.some((n: { itemId: string; kind: string; params: { to: string } }) => n.itemId === grantId && n.kind === 'application.notice.grantChanged.suspended')).toBe(true);
    const providerNotes = ok(await api('steward_rs', 'GET', '/sharing/notifications'));
    expect(providerNotes.items.some((n: { itemId: string; params: { to: string } }) => n.itemId === grantId && n.params.to === 'suspended')).toBe(true);

    // resume: provider or authority, the agreement being filed; supervision may not
    problem(await api('user_mz', 'POST', `/sharing/grants/${grantId}/resume`, {}), 403);
    problem(await api('supervisor', 'POST', `/sharing/grants/${grantId}/resume`, {}), 403);
    g = ok(await api('steward_rs', 'POST', `/sharing/grants/${grantId}/resume`, { comment: '核查无误，恢复' }));
    expect(g.state).toBe('active');
    expect((await read('user_mz', social)).statusCode).toBe(200);

    // revoke: provider or authority; final
    problem(await api('supervisor', 'POST', `/sharing/grants/${grantId}/revoke`, { reason: 'x' }), 403);
    problem(await api('user_mz', 'POST', `/sharing/grants/${grantId}/revoke`, { reason: 'x' }), 403);
    g = ok(await api('steward_rs', 'POST', `/sharing/grants/${grantId}/revoke`, { reason: '民政局救助系统改造，原授权撤销' }));
    expect(g.state).toBe('revoked');
    problem(await read('user_mz', social), 403, 'grant_not_active');
    problem(await api('steward_rs', 'POST', `/sharing/grants/${grantId}/resume`, {}), 409, 'bad_grant_transition');
    expect(g.timeline.map((e: { toState: string }) => e.toState)).toEqual(['pending_agreement', 'active', 'suspended', 'active', 'revoked']);
    const audited = await t.platform.audit.query({ action: 'sharing.grant.state', targetId: grantId, limit: 20 } as never);
    expect(audited.items.map((e) => [e.detail?.from, e.detail?.to]).reverse()).toEqual([
      ['pending_agreement', 'active'],
      ['active', 'suspended'],
      ['suspended', 'active'],
      ['active', 'revoked'],
    ]);
  });

  it('a grant that needs an agreement cannot resume while its agreement is not filed', async () => {
    const app = ok(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: social, ...complete(), consumerSystemId: shjz, fields: ['shbzhm', 'xm'], submit: true }), 201);
    const approved = ok(await api('steward_rs', 'POST', `/sharing/applications/${app.id}/approve`, {}));
    const grantId = approved.grant.id as string;
    // Activated without a filing (e.g. by an operator's mistake), then suspended: resuming needs the filing.
    await t.platform.sharing.setGrantState(SEEDER, grantId, 'active');
    ok(await api('reviewer', 'POST', `/sharing/grants/${grantId}/suspend`, { reason: '补办保密协议备案' }));
    problem(await api('reviewer', 'POST', `/sharing/grants/${grantId}/resume`, {}), 409, 'agreement_not_filed');
    problem(await api('steward_rs', 'POST', `/sharing/grants/${grantId}/resume`, {}), 409, 'agreement_not_filed');
    problem(await read('user_mz', social), 403);
  });

  it('no sensitive item: active at once, delivered automatically by the sweep, expired at the end of its validity', async () => {
    const app = ok(await api('user_mz', 'POST', '/sharing/applications', { resourceCode: equipment, ...complete({ validUntil: '2027-01-08' }), consumerSystemId: shjz, fields: null, submit: true }), 201);
    const approved = ok(await api('steward_sc', 'POST', `/sharing/applications/${app.id}/approve`, { validUntil: '2027-01-05' }));
    expect(approved.grant).toMatchObject({ state: 'active', fields: null, validUntil: '2027-01-05T16:00:00.000Z' });
    expect(approved.agreementId).toBeNull();
    const res = await read('user_mz', equipment);
    expect(res.statusCode, res.body).toBe(200);
    expect(fields(res.json().items)).toEqual(['azdz', 'sbzcdm', 'sbzl', 'sydw_tyshxydm', 'xcjyrq']);

    // The sweep confirms delivery: the grant is active and the dataset has rows.
    const s1 = await t.platform.workflow.sweep();
    expect(s1.hooks['sharing.applications.delivery']).toBeGreaterThanOrEqual(1);
    const delivered = ok(await api('user_mz', 'GET', `/sharing/applications/${app.id}`));
    expect(delivered.deliveredAt).toBe(clock.now().toISOString());
    expect(delivered.tasks.find((x: { step: string }) => x.step === 'deliver')).toMatchObject({ state: 'done' });
    expect(delivered.timeline.at(-1)).toMatchObject({ action: 'sharing.application.deliver', actorName: 'GovShare（自动）' });

    // After the last day of validity (China Standard Time) nothing is served, even before the sweep.
    clock.set('2027-01-05T16:00:00.000Z');
    problem(await read('user_mz', equipment), 403, 'grant_expired');
    const s2 = await t.platform.workflow.sweep();
    expect(s2.hooks['sharing.grants.expire']).toBeGreaterThanOrEqual(1);
    const g = ok(await api('user_mz', 'GET', `/sharing/grants/${approved.grant.id}`));
    expect(g.state).toBe('expired');
    expect(g.timeline.at(-1)).toMatchObject({ fromState: 'active', toState: 'expired', actorName: 'GovShare（自动）' });
    problem(await read('user_mz', equipment), 403, 'grant_not_active');
    // Idempotent: a second sweep changes nothing.
    const s3 = await t.platform.workflow.sweep();
    expect(s3.hooks['sharing.grants.expire']).toBe(0);
    expect(s3.hooks['sharing.applications.delivery']).toBe(0);
    clock.set('2026-12-28T02:00:00.000Z');
  });

  it('refused (upheld by the authority) → the data API serves nothing', async () => {
    const app = ok(await api('user_jy', 'POST', '/sharing/applications', { resourceCode: equipment, ...complete(), fields: ['sbzcdm', 'sbzl'], consumerSystemId: await systemIdOf(t, 'JYZW'), submit: true }), 201);
    ok(await api('steward_sc', 'POST', `/sharing/applications/${app.id}/refuse`, { reason: '吉阳区不承担特种设备安全监管职责' }));
    ok(await api('reviewer', 'POST', `/sharing/applications/${app.id}/coordinate`, { decision: 'uphold', comment: '维持不予共享' }));
    problem(await read('user_jy', equipment), 403, 'no_grant');
  });

  it('a daily quota: the consumer sees today\'s use on the dataset and in every answer\'s RateLimit headers, the request past the limit is 429, the provider sees no quota', async () => {
    const app = ok(await api('user_jy', 'POST', '/sharing/applications', { resourceCode: equipment, ...complete(), fields: null, consumerSystemId: await systemIdOf(t, 'JYZW'), submit: true }), 201);
    const approved = ok(await api('steward_sc', 'POST', `/sharing/applications/${app.id}/approve`, { quotaRequestsPerDay: 4, quotaRowsPerDay: 100 }));
    expect(approved.grant).toMatchObject({ state: 'active', quotaRequestsPerDay: 4, quotaRowsPerDay: 100 });
    const info = async (user: string) => ok(await api(user, 'GET', `/data/${enc(equipment)}`)).access;
    expect((await info('user_jy')).quota).toEqual({ day: '2026-12-28', requestsPerDay: 4, rowsPerDay: 100, requests: 0, rows: 0 });
    const purpose = { 'x-purpose': enc('社会救助资格核查') };
    // Each kind of read states the quota and what is left today (IETF RateLimit fields).
    const page = await read('user_jy', equipment); // 2 rows
    expect(page.statusCode).toBe(200);
    expect(page.headers['ratelimit-policy']).toBe('"requests";q=4;w=86400, "rows";q=100;w=86400');
    expect(page.headers.ratelimit).toMatch(/^"requests";r=3;t=\d+, "rows";r=98;t=\d+$/);
    const one = await api('user_jy', 'GET', `/data/${enc(equipment)}/records/TZSB1`, undefined, purpose); // 1 row
    expect(one.statusCode).toBe(200);
    expect(one.headers.ratelimit).toMatch(/^"requests";r=2;t=\d+, "rows";r=97;t=\d+$/);
    const changes = await api('user_jy', 'GET', `/data/${enc(equipment)}/changes?after=0`, undefined, purpose); // 2 rows
    expect(changes.statusCode).toBe(200);
    expect(changes.headers.ratelimit).toMatch(/^"requests";r=1;t=\d+, "rows";r=95;t=\d+$/);
    // A key that is not there still counts, and the 404 says so.
    const miss = await api('user_jy', 'GET', `/data/${enc(equipment)}/records/NOSUCHKEY`, undefined, purpose);
    problem(miss, 404, 'not_found');
    expect(miss.headers.ratelimit).toMatch(/^"requests";r=0;t=\d+, "rows";r=95;t=\d+$/);
    // The provider reads its own data under no grant: no quota headers.
    const own = await read('steward_sc', equipment);
    expect(own.statusCode).toBe(200);
    expect(own.headers.ratelimit).toBeUndefined();
    const refused = await read('user_jy', equipment);
    problem(refused, 429, 'quota_exceeded');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 86_400).toBe(true); // until the next CST midnight
    expect((await info('user_jy')).quota).toEqual({ day: '2026-12-28', requestsPerDay: 4, rowsPerDay: 100, requests: 4, rows: 5 });
    // The count is written for the other nodes (and a restart) by the next sync.
    await t.platform.exchange.quota.sync();
    const stored = await t.platform.db.kysely.selectFrom('exchange_quota_use').selectAll().where('grant_id', '=', approved.grant.id).execute();
    expect(stored.map((r) => [r.day, Number(r.request_count), Number(r.row_count)])).toEqual([['2026-12-28', 4, 5]]);
    expect((await info('steward_sc')).quota).toBeNull();
  });
});
