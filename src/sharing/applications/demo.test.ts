import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { seedApplicationDemo } from './demo.js';
import { APPLICATION_STATES } from './model.js';

describeEachDialect('demo applications', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { catalog: true });
  }, 180_000);
  afterAll(async () => t?.close());

  it('seeds applications in every state and grants in every state but expired; a second run changes nothing', async () => {
    expect((await seedApplicationDemo(t.platform)).applications).toBe(13);
    const rows = await t.platform.db.kysely.selectFrom('sharing_application').select(['state', 'auto_answer']).execute();
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(APPLICATION_STATES));
    expect(rows.filter((r) => r.auto_answer).map((r) => r.auto_answer).sort()).toEqual(['mandatory', 'not_shared']);
    const grants = await t.platform.sharing.listGrants();
    expect(new Set(grants.map((g) => g.state))).toEqual(new Set(['pending_agreement', 'active', 'suspended', 'revoked']));
    expect((await seedApplicationDemo(t.platform)).applications).toBe(0);
    // Every role's inbox has something: the providers, the authority, the applicants.
    const inbox = async (username: string) => {
      const u = (await t.platform.org.getUserByUsername(username))!;
      return (await t.platform.workflow.inbox({ actorType: 'user', actorId: u.id, actorName: username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user', roles: u.roles })).total;
    };
    for (const u of ['steward_ga', 'steward_rs', 'reviewer', 'user_mz']) expect(await inbox(u), u).toBeGreaterThan(0);
  });
});
