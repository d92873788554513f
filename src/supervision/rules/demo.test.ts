import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { seedObjectionDemo } from '../../sharing/objections/demo.js';
import { seedComplianceDemo } from './demo.js';

describeEachDialect('compliance demo seed', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { catalog: true });
  }, 120_000);
  afterAll(async () => t?.close());

  it('runs every rule once so the register has real candidates (the upheld demo objection), and is idempotent', async () => {
    await seedObjectionDemo(t.platform);
    const lines: string[] = [];
    await seedComplianceDemo(t.platform, (l) => lines.push(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^compliance rules: \d+ run, \d+ findings, [1-9]\d* new violation candidates$/);
    const upheld = await t.platform.db.kysely.selectFrom('supervision_violation').select(['category', 'state', 'rule_id']).where('rule_id', '=', 'c2.objection_upheld').execute();
    expect(upheld).toEqual([{ category: 2, state: 'candidate', rule_id: 'c2.objection_upheld' }]);
    const rules = await t.platform.compliance.list({ actorType: 'system', actorId: null, actorName: 't', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] });
    expect(rules.filter((r) => /^c[1-5]\./.test(r.id)).map((r) => r.lastRun.status)).toEqual(Array(10).fill('ok'));
    const again: string[] = [];
    await seedComplianceDemo(t.platform, (l) => again.push(l));
    expect(again[0]).toMatch(/, 0 new violation candidates$/);
  });
});
