import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect } from '../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import type { AuditActor } from '../audit/types.js';
import { ORG_ACTIONS, type OrgAction } from './policy.js';
import { usccCheckChar } from './uscc.js';

/**
 * Role × action matrix through the real routes: every demo role (and an application system's
 * API token) tries every org action on its own unit (市公安局, the steward's) and on another unit
 * (市人社局). The table below is the specification; the policy must match it exactly.
 */
type Who = 'admin' | 'reviewer' | 'steward_ga' | 'user_mz' | 'supervisor' | 'secrecy' | 'leader' | 'auditor' | 'api_token';
type Where = 'own' | 'other';

const READ_ORG: OrgAction[] = ['unit.read', 'user.read', 'system.read'];
const STEWARD_OWN: OrgAction[] = ['unit.read', 'unit.update_contacts', 'user.read', 'system.read', 'system.create', 'system.update', 'token.read', 'token.create', 'token.revoke'];

const ALLOWED: Record<Who, Record<Where, OrgAction[]>> = {
  admin: { own: [...ORG_ACTIONS], other: [...ORG_ACTIONS] },
  reviewer: { own: READ_ORG, other: READ_ORG },
  steward_ga: { own: STEWARD_OWN, other: ['unit.read'] },
  user_mz: { own: ['unit.read'], other: ['unit.read'] },
  supervisor: { own: READ_ORG, other: READ_ORG },
  secrecy: { own: ['unit.read'], other: ['unit.read'] },
  leader: { own: ['unit.read'], other: ['unit.read'] },
  auditor: { own: [...READ_ORG, 'token.read'], other: [...READ_ORG, 'token.read'] },
  api_token: { own: ['unit.read'], other: ['unit.read'] },
};

const cli: AuditActor = { actorType: 'cli', actorId: 'matrix', actorName: 'cli:matrix', unitId: null, clientIp: null, requestId: null };
const PASSWORD = 'Matrix-Pass-2026';

describeEachDialect('org role × action matrix', (dialect) => {
  let t: TestApp;
  const credentials = new Map<Who, string>();
  const units: Record<Where, string> = { own: '', other: '' };
  const victims: Record<Where, string> = { own: '', other: '' };
  const systems: Record<Where, string> = { own: '', other: '' };
  let serial = 0;

  const freshCode = () => {
    const first17 = `13460200MA${String(++serial).padStart(7, '0')}`;
    return first17 + usccCheckChar(first17);
  };

  /** One request per action, aimed at a unit; each builds what it needs so every attempt can succeed. */
  const attempts: Record<OrgAction, (token: string, where: Where) => Promise<LightMyRequestResponse>> = {
    'unit.read': (tok, w) => t.as(tok, 'GET', `/api/v1/units/${units[w]}`),
    'unit.create': (tok, w) => t.as(tok, 'POST', '/api/v1/units', { code: freshCode(), name: `矩阵单位${serial}`, kind: 'town', parentId: units[w] }),
    'unit.update': (tok, w) => t.as(tok, 'PATCH', `/api/v1/units/${units[w]}`, { shortName: `简称${++serial}` }),
    'unit.update_contacts': (tok, w) => t.as(tok, 'PATCH', `/api/v1/units/${units[w]}`, { contacts: [{ name: `联系人${++serial}` }] }),
    'user.read': (tok, w) => t.as(tok, 'GET', `/api/v1/users/${victims[w]}`),
    'user.create': (tok, w) =>
      t.as(tok, 'POST', '/api/v1/users', { username: `matrix${++serial}`, displayName: '矩阵用户', unitId: units[w], roles: ['unit_user'], password: PASSWORD }),
    'user.update': (tok, w) => t.as(tok, 'PATCH', `/api/v1/users/${victims[w]}`, { displayName: `受测用户${++serial}` }),
    'user.reset_password': (tok, w) => t.as(tok, 'POST', `/api/v1/users/${victims[w]}/password`, { password: PASSWORD }),
    'system.read': (tok, w) => t.as(tok, 'GET', `/api/v1/systems/${systems[w]}`),
    'system.create': (tok, w) => t.as(tok, 'POST', '/api/v1/systems', { unitId: units[w], code: `M${++serial}`, name: '矩阵系统' }),
    'system.update': (tok, w) => t.as(tok, 'PATCH', `/api/v1/systems/${systems[w]}`, { description: `说明${++serial}` }),
    'token.read': (tok, w) => t.as(tok, 'GET', `/api/v1/tokens?unitId=${units[w]}`),
    'token.create': (tok, w) => t.as(tok, 'POST', '/api/v1/tokens', { systemId: systems[w], name: `矩阵令牌${++serial}`, scopes: ['data:read'], expiresInDays: 30 }),
    'token.revoke': async (tok, w) => {
      const { token } = await t.platform.org.createToken(cli, { systemId: systems[w], name: `待吊销${++serial}`, scopes: ['data:read'], expiresInDays: 30 });
      return t.as(tok, 'POST', `/api/v1/tokens/${token.id}/revoke`);
    },
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    units.own = (await t.platform.org.listUnits({ q: '市公安局' })).items[0].id;
    units.other = (await t.platform.org.listUnits({ q: '人力资源' })).items[0].id;
    for (const w of ['own', 'other'] as const) {
      victims[w] = (await t.platform.org.createUser(cli, { username: `victim_${w}`, displayName: '受测用户', unitId: units[w], roles: ['unit_user'], password: PASSWORD })).id;
      systems[w] = (await t.platform.org.createSystem(cli, { unitId: units[w], code: `MATRIX_${w}`, name: '矩阵受测系统' })).id;
    }
    for (const who of Object.keys(ALLOWED) as Who[]) {
      if (who === 'api_token') {
        const { secret } = await t.platform.org.createToken(cli, { systemId: systems.own, name: '矩阵调用方', scopes: ['catalog:read', 'data:read', 'data:write', 'subscribe'], expiresInDays: 30 });
        credentials.set(who, secret);
      } else {
        credentials.set(who, await t.login(who));
      }
    }
  });
  afterAll(async () => t?.close());

  it('covers every org action in the table', () => {
    expect(Object.keys(attempts).sort()).toEqual([...ORG_ACTIONS].sort());
  });

  for (const who of Object.keys(ALLOWED) as Who[]) {
    it(`${who}: allowed exactly what the table says, denied (403 + audited) the rest`, async () => {
      const tok = credentials.get(who)!;
      const mismatches: string[] = [];
      for (const action of ORG_ACTIONS) {
        for (const where of ['own', 'other'] as const) {
          const expected = ALLOWED[who][where].includes(action);
          const deniedBefore = await deniedCount(action);
          const res = await attempts[action](tok, where);
          const allowed = res.statusCode >= 200 && res.statusCode < 300;
          if (allowed !== expected) mismatches.push(`${action}@${where}: expected ${expected ? 'allowed' : 'denied'}, got ${res.statusCode} ${res.body.slice(0, 120)}`);
          if (!expected) {
            if (res.statusCode !== 403 || res.json().code !== 'forbidden') mismatches.push(`${action}@${where}: denial was ${res.statusCode} ${res.body.slice(0, 120)}`);
            if ((await deniedCount(action)) !== deniedBefore + 1) mismatches.push(`${action}@${where}: denial not audited`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  }

  async function deniedCount(action: OrgAction): Promise<number> {
    const r = await t.platform.db.kysely
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', `org.${action}`)
      .where('result', '=', 'denied')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
});
