import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import type { Platform } from '../platform.js';
import { usccCheckChar } from './uscc.js';

const TABLES = ['unit', 'app_user', 'session', 'app_system', 'api_token', 'audit_event'] as const;

async function counts(p: Platform): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const r = await p.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(r.n);
  }
  return out;
}

const validCode = () => {
  const first17 = '14460200MA0000001';
  return first17 + usccCheckChar(first17);
};

describeEachDialect('org bad input: 4xx problem, nothing written', (dialect) => {
  let t: TestApp;
  let admin: string;
  let unitId: string;
  let systemId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { bodyLimitBytes: 2048 } });
    admin = await t.login('admin');
    unitId = (await t.platform.org.listUnits({ q: '市民政局' })).items[0].id;
    systemId = (await t.platform.org.listSystems({})).items[0].id;
  });
  afterAll(async () => t?.close());

  /** Sends a raw request as the admin and checks: the status, a problem+json body, and no row written anywhere. */
  async function expectRejected(
    req: { method: 'POST' | 'PATCH'; url: string; payload: string; contentType?: string },
    status: number,
    code: string,
  ) {
    const before = await counts(t.platform);
    const res = await t.app.inject({
      method: req.method,
      url: req.url,
      payload: req.payload,
      headers: { authorization: `Bearer ${admin}`, 'content-type': req.contentType ?? 'application/json' },
    });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ status, code });
    expect(typeof body.detail).toBe('string');
    expect(await counts(t.platform)).toEqual(before);
    return body as { errors?: { field: string; code: string; message: string }[] };
  }

  it('malformed JSON', async () => {
    await expectRejected({ method: 'POST', url: '/api/v1/units', payload: '{"code": "x", "name": ' }, 400, 'malformed_json');
    await expectRejected({ method: 'POST', url: '/api/v1/users', payload: '{username:admin}' }, 400, 'malformed_json');
    await expectRejected({ method: 'PATCH', url: `/api/v1/units/${unitId}`, payload: '' }, 400, 'malformed_json');
  });

  it('wrong types', async () => {
    const unit = await expectRejected(
      { method: 'POST', url: '/api/v1/units', payload: JSON.stringify({ code: validCode(), name: { zh: '名称' }, kind: 'town', functions: 'it_authority,x' }) },
      400,
      'validation_failed',
    );
    expect(unit.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(['body.name']));
    const token = await expectRejected(
      { method: 'POST', url: '/api/v1/tokens', payload: JSON.stringify({ systemId, name: 'x', scopes: ['data:read'], expiresInDays: 'ninety' }) },
      400,
      'validation_failed',
    );
    expect(token.errors).toEqual([expect.objectContaining({ field: 'body.expiresInDays', code: 'type' })]);
    await expectRejected({ method: 'PATCH', url: `/api/v1/users/${(await t.platform.org.getUserByUsername('auditor'))!.id}`, payload: JSON.stringify({ disabled: 'maybe' }) }, 400, 'validation_failed');
    await expectRejected({ method: 'POST', url: '/api/v1/units', payload: JSON.stringify([{ code: validCode() }]) }, 400, 'validation_failed');
    await expectRejected({ method: 'POST', url: '/api/v1/units', payload: JSON.stringify({ code: validCode(), name: 'x', kind: 'province' }) }, 400, 'validation_failed');
  });

  it('unknown fields', async () => {
    const res = await expectRejected(
      { method: 'POST', url: '/api/v1/users', payload: JSON.stringify({ username: 'newbie', displayName: 'x', unitId, roles: ['unit_user'], password: 'Harbour-Light-2026', isAdmin: true }) },
      400,
      'validation_failed',
    );
    expect(res.errors).toEqual([{ field: 'body.isAdmin', code: 'unknown_field', message: '不允许的字段：body.isAdmin' }]);
    const nested = await expectRejected(
      { method: 'PATCH', url: `/api/v1/units/${unitId}`, payload: JSON.stringify({ responsiblePerson: { name: '某某', salary: 1 } }) },
      400,
      'validation_failed',
    );
    expect(nested.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'body.responsiblePerson.salary', code: 'unknown_field' })]));
  });

  it('oversized body', async () => {
    const big = JSON.stringify({ code: validCode(), name: '大'.repeat(3000), kind: 'town' });
    await expectRejected({ method: 'POST', url: '/api/v1/units', payload: big }, 413, 'body_too_large');
  });

  it('a body that is not JSON', async () => {
    await expectRejected({ method: 'POST', url: '/api/v1/units', payload: 'code=1', contentType: 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type');
  });

  it('over-long strings and out-of-range numbers', async () => {
    await expectRejected({ method: 'POST', url: '/api/v1/systems', payload: JSON.stringify({ unitId, code: 'A', name: 'x'.repeat(201) }) }, 400, 'validation_failed');
    await expectRejected({ method: 'POST', url: '/api/v1/tokens', payload: JSON.stringify({ systemId, name: 'x', scopes: ['data:read'], expiresInDays: 100000 }) }, 400, 'validation_failed');
  });

  it('bad query parameters', async () => {
    const res = await t.as(admin, 'GET', '/api/v1/units?limit=0');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'querystring.limit', code: 'range' });
    expect((await t.as(admin, 'GET', '/api/v1/users?role=king')).statusCode).toBe(400);
  });

  it('a blank name after trimming', async () => {
    await expectRejected({ method: 'POST', url: '/api/v1/units', payload: JSON.stringify({ code: validCode(), name: '   ', kind: 'town' }) }, 400, 'blank');
  });
});
