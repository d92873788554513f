import { afterAll, beforeAll, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { seedReportDemo } from './demo.js';

describeEachDialect('annual report demo', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: new FixedClock('2026-11-26T02:00:00.000Z') });
  });
  afterAll(async () => t?.close());

  it('drafts, completes and sends the 2025 report once; the leader finds it in the inbox', async () => {
    const lines: string[] = [];
    await seedReportDemo(t.platform, (l) => lines.push(l));
    await seedReportDemo(t.platform, (l) => lines.push(l));
    expect(lines).toHaveLength(1);
    const u = (await t.platform.org.getUserByUsername('leader'))!;
    const leader: SharingActor = { actorType: 'user', actorId: u.id, actorName: u.username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user', roles: u.roles, systemId: null };
    const list = await t.platform.reports.list(leader);
    expect(list.items).toMatchObject([{ year: 2025, state: 'sent', version: 2 }]);
    const inbox = await t.platform.workflow.inbox(leader, { itemKind: 'annual_report' });
    expect(inbox.items.map((i) => i.step)).toEqual(['receive']);
  });
});
