import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { FixedClock } from '../../core/clock.js';

describeEachDialect('integrity API (/api/v1/supervision/integrity)', (dialect) => {
  let t: TestApp;
  const clock = new FixedClock('2026-11-02T02:00:00.000Z');

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
  }, 60_000);
  afterAll(async () => t?.close());

  it('both routes are in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(doc.paths['/api/v1/supervision/integrity']).toHaveProperty('get');
    expect(doc.paths['/api/v1/supervision/integrity/verify']).toHaveProperty('post');
  });

  it('a unit user may neither see nor run the checks (403 problem with a stable code)', async () => {
    const user = await t.login('user_mz');
    for (const [method, url] of [['GET', '/api/v1/supervision/integrity'], ['POST', '/api/v1/supervision/integrity/verify']] as const) {
      const r = await t.as(user, method, url);
      expect(r.statusCode, r.body).toBe(403);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().code).toBe('forbidden');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/supervision/integrity' })).statusCode).toBe(401);
  });

  it('before any run every check reads "never ran"; the supervisor runs the full verification, which is audited, and sees each check clean', async () => {
    const supervisor = await t.login('supervisor');
    const before = await t.as(supervisor, 'GET', '/api/v1/supervision/integrity');
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json().checks.map((c: { id: string; ok: boolean | null }) => [c.id, c.ok])).toEqual([
      ['c7.audit_chain', null],
      ['c7.dataset_tamper', null],
      ['c7.schema_drift', null],
    ]);
    const r = await t.as(supervisor, 'POST', '/api/v1/supervision/integrity/verify');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.ok).toBe(true);
    for (const c of body.checks) expect(c).toMatchObject({ ok: true, mode: 'full', findings: [], article: '第三十一条第七项' });
    expect(body.checks.find((c: { id: string }) => c.id === 'c7.audit_chain').checked).toBeGreaterThan(0);
    const events = await t.platform.audit.query({ action: 'supervision.integrity.verify', limit: 5 } as never);
    expect(events.items).toHaveLength(1);
    expect(events.items[0]!.actorName).toBe('supervisor');
  });

  it('after an audit event is edited in the database, the verification reports it with chain, seq and kind', async () => {
    if (dialect === 'sqlite') await sql.raw('drop trigger audit_event_no_update').execute(t.platform.db.kysely);
    else await sql.raw('alter table audit_event disable trigger audit_event_no_change').execute(t.platform.db.kysely);
    await sql.raw(`update audit_event set result = 'failure' where seq = 3`).execute(t.platform.db.kysely);
    const auditor = await t.login('auditor');
    const r = await t.as(auditor, 'POST', '/api/v1/supervision/integrity/verify');
    expect(r.statusCode, r.body).toBe(200);
    const chain = r.json().checks.find((c: { id: string }) => c.id === 'c7.audit_chain');
    expect(chain.ok).toBe(false);
    expect(chain.findings[0]).toMatchObject({ category: 7, evidence: { firstBadSeq: 3, reason: 'hash_mismatch' } });
    const schema = r.json().checks.find((c: { id: string }) => c.id === 'c7.schema_drift');
    const trig = dialect === 'sqlite' ? 'trigger:audit_event_no_update' : 'trigger:audit_event_no_change';
    expect(schema.findings.map((f: { evidence: { object: string } }) => f.evidence.object)).toContain(trig);
    const status = await t.as(auditor, 'GET', '/api/v1/supervision/integrity');
    expect(status.json().ok).toBe(false);
  });
});
