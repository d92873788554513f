import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { seedViolationDemo } from './demo.js';
import { seedComplaintDemo } from '../complaints/demo.js';

const SYSTEM: SharingActor = { actorType: 'system', actorId: null, actorName: 'test', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };

describeEachDialect('violations and complaints demo data', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, {});
  }, 120_000);
  afterAll(async () => t?.close());

  it('leaves violations in every state (one rectify task overdue) and complaints in several; a second run adds nothing', async () => {
    await seedViolationDemo(t.platform, () => {});
    await seedComplaintDemo(t.platform, () => {});
    const all = await t.platform.violations.list(SYSTEM, { limit: 200 });
    expect(new Set(all.items.map((v) => v.state))).toEqual(new Set(['candidate', 'dismissed', 'confirmed', 'notified', 'rectifying', 'answered', 'rectified', 'escalated']));
    expect(all.items.some((v) => v.reviewOnly && v.state === 'candidate')).toBe(true);
    expect(all.items.some((v) => v.source === 'manual' && v.category === 6)).toBe(true);
    const overdue = await t.platform.workflow.overdue({ itemKind: 'violation' });
    expect(overdue.some((o) => o.step === 'rectify')).toBe(true);
    expect((await t.platform.violations.notices(SYSTEM)).total).toBe(1);
    const complaints = await t.platform.complaints.list(SYSTEM, { box: 'all', limit: 200 });
    expect(new Set(complaints.items.map((c) => c.state))).toEqual(new Set(['submitted', 'investigating', 'concluded', 'closed', 'rejected']));
    await seedViolationDemo(t.platform, () => {});
    await seedComplaintDemo(t.platform, () => {});
    expect((await t.platform.violations.list(SYSTEM, { limit: 200 })).total).toBe(all.total);
    expect((await t.platform.complaints.list(SYSTEM, { box: 'all', limit: 200 })).total).toBe(complaints.total);
  });
});
