import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { SharingActor } from '../workflow/types.js';
import { seedObjectionDemo } from './demo.js';

describeEachDialect('objection demo seed', (dialect) => {
  let t: TestApp;
  const system: SharingActor = { actorType: 'system', actorId: 'test', actorName: 'test', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };
  beforeAll(async () => {
    t = await createTestApp(dialect, { catalog: true });
  }, 120_000);
  afterAll(async () => t?.close());

  it('leaves objections in every state, each awaiting a real demo account, and is idempotent', async () => {
    expect(await seedObjectionDemo(t.platform)).toBe(8);
    const all = await t.platform.objections.list(system, { box: 'all', limit: 50 });
    const states = all.items.map((o) => `${o.state}${o.outcome ? `:${o.outcome}` : ''}`).sort();
    expect(states).toEqual(['acknowledged', 'archived:not_upheld', 'archived:rejected', 'archived:upheld', 'disputed', 'fed_back', 'marked', 'raised']);
    const inbox = async (username: string) => {
      const u = (await t.platform.org.getUserByUsername(username))!;
      const by: SharingActor = { actorType: 'user', actorId: u.id, actorName: u.username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user', roles: u.roles, systemId: null };
      return (await t.platform.workflow.inbox(by, { itemKind: 'objection' })).items.map((x) => x.step).sort();
    };
    expect(await inbox('reviewer')).toEqual(['accept', 'close', 'close']);
    expect(await inbox('steward_zr')).toEqual(['verify']);
    expect(await inbox('user_mz')).toEqual(['acknowledge']);
    expect(await t.platform.objections.upheldCount()).toBe(1);
    expect(await seedObjectionDemo(t.platform)).toBe(0);
  });
});
