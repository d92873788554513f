import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Migrator, sql, type Kysely } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createTestDatabase, createTestPlatform, describeEachDialect, testConfig, type TestPlatform } from '../../../test/helpers/platform.js';
import { FixedClock } from '../../core/clock.js';
import { openDb } from '../../core/db/database.js';
import { allMigrations, migrateToLatest } from '../../core/db/migrate.js';
import { idNumberCheckChar } from '../../exchange/values.js';
import { tableNameFor } from '../../exchange/dataset.js';
import type { Finding } from '../types.js';
import type { SupervisionDeps } from '../deps.js';
import { createIntegrityService } from './service.js';

/** A synthetic ID number (never a real person). */
function idNumber(n: number): string {
  const first17 = `460202${'19900101'}${String(n).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}
const enc = encodeURIComponent;
const ofKind = (fs: Finding[], kind: string) => fs.filter((f) => f.ruleId === 'c7.dataset_tamper' && (f.evidence as { kind: string }).kind === kind);

describeEachDialect('integrity 第七项: dataset rows changed outside uploads', (dialect) => {
  let t: TestApp;
  let steward: string;
  let people: string;
  let table: string;
  let providerUnit: string;
  const clock = new FixedClock('2026-11-02T02:00:00.000Z');
  const csv = (rows: string[], extra = '') => [`sfzhm,xm,xb,mz,csrq,hjdz,ssq,rkzt${extra}`, ...rows].join('\r\n') + '\r\n';
  const person = (n: number, name = `测试${n}`) => `${idNumber(n)},${name},1,01,1990-01-01,三亚市吉阳区测试路${n}号,460202,10`;
  const upload = async (body: string, query = '') => {
    const r = await t.as(steward, 'POST', `/api/v1/data/${enc(people)}/batches${query}`, body, { 'content-type': 'text/csv' });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const raw = (text: string) => sql.raw(text).execute(t.platform.db.kysely);
  const sweep = () => t.platform.integrity.run('c7.dataset_tamper', 'sweep');
  const full = () => t.platform.integrity.run('c7.dataset_tamper', 'full');
  const rowOf = async (n: number) =>
    (await sql<Record<string, unknown>>`select * from ${sql.id(table)} where _key = ${idNumber(n)}`.execute(t.platform.db.kysely)).rows[0]!;

  beforeAll(async () => {
    t = await createTestApp(dialect, { catalog: true, clock, config: { sessionTtlMinutes: 43_200 } });
    steward = await t.login('steward_ga');
    const r = await t.as(steward, 'GET', `/api/v1/catalog/resources?q=${enc('人口基础信息')}&facets=false`);
    people = (r.json().items as { code: string; name: string }[]).find((x) => x.name === '人口基础信息')!.code;
    table = tableNameFor(people);
    providerUnit = (await t.platform.catalog.published(people))!.providerUnitId;
    await upload(csv([1, 2, 3, 4, 5, 6].map((n) => person(n))));
  }, 120_000);
  afterAll(async () => t?.close());

  it('legitimate uploads (insert, update, delete, snapshot) are sealed and stay silent, in sweeps and full runs', async () => {
    expect(await sweep()).toEqual([]);
    await upload(csv([person(1, '改名一'), person(7)]));
    await upload(csv([idNumber(6)].map((k) => `${k},,,,,,,`)), '?mode=delete');
    expect(await sweep()).toEqual([]);
    expect(await full()).toEqual([]);
    const seals = await t.platform.db.kysely.selectFrom('integrity_seal').select(['row_key', 'seq', 'deleted']).where('resource_code', '=', people).execute();
    expect(seals).toHaveLength(7);
    expect(seals.find((s) => s.row_key === idNumber(6))!.deleted).toBe(1);
    const status = await t.platform.integrity.status({ actorType: 'user', kind: 'user', actorId: 'x', actorName: 'supervisor', unitId: null, clientIp: null, requestId: null, roles: ['supervisor'] });
    const ds = status.checks.find((c) => c.id === 'c7.dataset_tamper')!;
    expect(ds).toMatchObject({ ok: true, mode: 'full', findings: [] });
    expect(ds.checked).toBeGreaterThanOrEqual(7);
  });

  it('a value edited in place (the _seq untouched) is found as 第七项 with key, seq and sealed vs found hash; restoring it makes a full run clean', async () => {
    const before = await rowOf(2);
    await raw(`update ${table} set xm = '篡改者' where _key = '${idNumber(2)}'`);
    const fs = await sweep();
    const m = ofKind(fs, 'modified');
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ category: 7, unitId: providerUnit, subject: { type: 'resource', id: people } });
    const ev = m[0]!.evidence as { keys: string[]; seqs: number[]; hashes: { expected: string; found: string }[]; table: string };
    expect(ev.keys).toEqual([idNumber(2)]);
    expect(ev.seqs).toEqual([Number(before._seq)]);
    expect(ev.table).toBe(table);
    expect(ev.hashes[0]!.expected).not.toBe(ev.hashes[0]!.found);
    // Near miss: the original value back → nothing observed any more.
    await raw(`update ${table} set xm = '${String(before.xm)}' where _key = '${idNumber(2)}'`);
    expect(await full()).toEqual([]);
  });

  it('flipping the tombstone flag by hand is found (the seal covers row metadata too)', async () => {
    await raw(`update ${table} set _deleted = 1 where _key = '${idNumber(3)}'`);
    const fs = await full();
    expect(ofKind(fs, 'modified')[0]!.evidence).toMatchObject({ keys: [idNumber(3)] });
    expect(ofKind(fs, 'count_mismatch')).toHaveLength(1);
    await raw(`update ${table} set _deleted = 0 where _key = '${idNumber(3)}'`);
    expect(await full()).toEqual([]);
  });

  it('a row deleted by hand is found (deleted, and the live count no longer matches the registry)', async () => {
    const saved = await rowOf(4);
    await raw(`delete from ${table} where _key = '${idNumber(4)}'`);
    const fs = await sweep();
    expect(ofKind(fs, 'deleted')[0]!.evidence).toMatchObject({ keys: [idNumber(4)], count: 1 });
    expect(ofKind(fs, 'count_mismatch')[0]!.evidence).toMatchObject({ count: 1 });
    await (t.platform.db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>).insertInto(table).values(saved).execute();
    expect(await full()).toEqual([]);
  });

  it('a row inserted by hand is found, even when the tamperer also moves the registry (no committed batch wrote that seq)', async () => {
    const reg = await t.platform.db.kysely.selectFrom('exchange_dataset').selectAll().where('resource_code', '=', people).executeTakeFirstOrThrow();
    const last = Number(reg.last_seq);
    const k = idNumber(90);
    const insert = `insert into ${table} (_key, _seq, _rev, _updated_at, _deleted, _batch, sfzhm, xm) values ('${k}', ${last + 1}, 1, '2026-11-02T02:00:00.000Z', 0, '${reg.last_batch_id}', '${k}', '伪造')`;
    // Plain insertion above the recorded sequence.
    await raw(insert);
    const a = await sweep();
    expect(ofKind(a, 'beyond_head')[0]!.evidence).toMatchObject({ keys: [k], seqs: [last + 1], recordedLastSeq: last });
    // The careful tamperer also updates the registry: the row is still not from a committed batch.
    await raw(`update exchange_dataset set last_seq = ${last + 1}, row_count = row_count + 1 where resource_code = '${people}'`);
    const b = await full();
    expect(ofKind(b, 'inserted')[0]!.evidence).toMatchObject({ keys: [k], seqs: [last + 1] });
    expect(ofKind(b, 'beyond_head')).toEqual([]);
    // Undo both; the next upload continues from the real sequence.
    await raw(`delete from ${table} where _key = '${k}'`);
    await raw(`update exchange_dataset set last_seq = ${last}, row_count = ${Number(reg.row_count)} where resource_code = '${people}'`);
    expect(await full()).toEqual([]);
  });

  it('a rewritten change sequence is found, and so is a seal removed from the seal table', async () => {
    const r = await rowOf(5);
    await raw(`update ${table} set _seq = 1000000 where _key = '${idNumber(5)}'`);
    const fs = await full();
    expect(fs.some((f) => ['beyond_head', 'seq_rewritten'].includes((f.evidence as { kind: string }).kind) && (f.evidence as { keys: string[] }).keys.includes(idNumber(5)))).toBe(true);
    await raw(`update ${table} set _seq = ${Number(r._seq)} where _key = '${idNumber(5)}'`);
    expect(await full()).toEqual([]);
    await raw(`delete from integrity_seal where resource_code = '${people}' and row_key = '${idNumber(5)}'`);
    expect(ofKind(await full(), 'unsealed')[0]!.evidence).toMatchObject({ keys: [idNumber(5)] });
  });

  it('a new catalog version (a column added by the exchange) and uploads to it stay silent, for the rows and the schema', async () => {
    // The previous test removed a seal: a real upload of that row seals it again.
    await upload(csv([person(5, '第五人')]));
    expect(await full()).toEqual([]);
    const { actorOf } = await import('../../catalog/test-fixtures.js');
    const ga = await actorOf(t.platform, 'steward_ga');
    const reviewer = await actorOf(t.platform, 'reviewer');
    const v1 = (await t.platform.catalog.published(people))!;
    await t.platform.catalog.startChange(ga, people, '新增联系电话');
    // The draft input: the published entry without its identity and state.
    const rest = Object.fromEntries(Object.entries(v1).filter(([f]) => !['seq', 'code', 'version', 'state', 'dataItems'].includes(f)));
    await t.platform.catalog.updateDraft(ga, people, {
      ...(rest as object),
      dataItems: [...v1.dataItems.map(({ seq: _q, ...i }) => i), { name: '联系电话', code: 'lxdh', dataType: 'C' as const, length: 20, sensitivity: 'privacy' as const, masking: 'phone' as const }],
    } as never);
    await t.platform.catalog.submit(ga, people);
    await t.platform.catalog.approve(reviewer, people);
    await t.platform.catalog.confirm(ga, people);
    await new Promise((r) => setTimeout(r, 2100)); // the exchange's 2 s resource cache
    await upload(csv([`${person(8)},0898-00001234`], ',lxdh'));
    expect(await sweep()).toEqual([]);
    expect(await full()).toEqual([]);
    expect(await t.platform.integrity.run('c7.schema_drift', 'full')).toEqual([]);
    // Near miss on the schema side: a column nobody registered is found.
    await raw(`alter table ${table} add column extra_col text`);
    const s = await t.platform.integrity.run('c7.schema_drift', 'sweep');
    expect(s.map((f) => f.evidence)).toEqual([expect.objectContaining({ object: `column:${table}.extra_col`, change: 'added' })]);
  });

  it('a seal mark rewound by hand is found, and nothing is sealed on its word', async () => {
    const mark = await t.platform.db.kysely.selectFrom('integrity_dataset').selectAll().where('resource_code', '=', people).executeTakeFirstOrThrow();
    await raw(`update integrity_dataset set sealed_seq = 0 where resource_code = '${people}'`);
    const fs = await sweep();
    expect(ofKind(fs, 'mark_tampered')).toHaveLength(1);
    expect(ofKind(fs, 'modified')).toEqual([]);
    await raw(`update integrity_dataset set sealed_seq = ${Number(mark.sealed_seq)} where resource_code = '${people}'`);
    expect(await full()).toEqual([]);
  });

  it('a dataset whose feed-order or key index was dropped by hand is found; recreating it makes the check clean', async () => {
    // SQLite keeps rows in _seq order (the rowid) and enforces the key by <table>_key; PostgreSQL
    // enforces the key by its primary key and orders the feed by <table>_seq (ADR 0016).
    const index = dialect === 'sqlite' ? `${table}_key` : `${table}_seq`;
    const column = dialect === 'sqlite' ? '_key' : '_seq';
    const ofIndex = (fs: Awaited<ReturnType<typeof t.platform.integrity.run>>) => fs.map((f) => f.evidence).filter((e) => (e as { object?: string }).object === `index:${index}`);
    expect(ofIndex(await t.platform.integrity.run('c7.schema_drift', 'sweep'))).toEqual([]);
    await raw(`drop index ${index}`);
    expect(ofIndex(await t.platform.integrity.run('c7.schema_drift', 'sweep'))).toEqual([expect.objectContaining({ object: `index:${index}`, change: 'removed' })]);
    await raw(`create unique index ${index} on ${table} (${column})`);
    expect(ofIndex(await t.platform.integrity.run('c7.schema_drift', 'sweep'))).toEqual([]);
  });

  it('a schema fingerprint rewritten in the database (to hide a change) is found by its MAC', async () => {
    const row = await t.platform.db.kysely.selectFrom('integrity_check').select('state').where('check_id', '=', 'c7.schema_drift').executeTakeFirstOrThrow();
    const state = JSON.parse(row.state) as { fingerprint: Record<string, string> };
    state.fingerprint[`column:${table}.extra_col`] = 'text';
    await t.platform.db.kysely.updateTable('integrity_check').set({ state: JSON.stringify(state) }).where('check_id', '=', 'c7.schema_drift').execute();
    const fs = await t.platform.integrity.run('c7.schema_drift', 'sweep');
    expect(fs.map((f) => (f.evidence as { object: string }).object)).toContain('integrity:schema_fingerprint');
  });

  it('a node whose seal key differs refuses to judge the datasets (a 503 problem), instead of calling every row modified', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'govshare-other-key-'));
    try {
      const p = t.platform;
      const other = createIntegrityService({ ...p, config: { ...p.config, dataDir: otherDir } } as unknown as SupervisionDeps);
      await expect(other.run('c7.dataset_tamper', 'sweep')).rejects.toMatchObject({ status: 503, code: 'integrity_key_mismatch' });
      expect(await full()).toEqual([]);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});

describeEachDialect('integrity 第七项: audit chain and schema', (dialect) => {
  let tp: TestPlatform;
  const clock = new FixedClock('2026-11-02T02:00:00.000Z');
  const raw = (text: string) => sql.raw(text).execute(tp.platform.db.kysely);
  const who = { actorType: 'system' as const, actorId: null, actorName: 'test', unitId: null, clientIp: null, requestId: null };

  beforeAll(async () => {
    tp = await createTestPlatform(dialect, { clock });
    for (let i = 0; i < 30; i++) await tp.platform.audit.append({ ...who, action: 'test.event', targetType: 't', targetId: String(i), result: 'success', detail: { i } });
    await tp.platform.audit.flush();
  }, 60_000);
  afterAll(async () => tp?.cleanup());

  it('the sweep verifies incrementally and stays silent on an intact log, new events included', async () => {
    expect(await tp.platform.integrity.run('c7.audit_chain', 'sweep')).toEqual([]);
    for (let i = 0; i < 5; i++) await tp.platform.audit.append({ ...who, action: 'test.more', targetType: 't', targetId: String(i), result: 'success' });
    await tp.platform.audit.flush();
    expect(await tp.platform.integrity.run('c7.audit_chain', 'sweep')).toEqual([]);
    const row = await tp.platform.db.kysely.selectFrom('integrity_check').selectAll().where('check_id', '=', 'c7.audit_chain').executeTakeFirstOrThrow();
    const scope = JSON.parse(row.scope) as { chains: { from: number; to: number }[] };
    expect(scope.chains[0]!.from).toBeGreaterThan(30); // only what was appended since the last sweep, plus the slice
    expect(await tp.platform.integrity.run('c7.schema_drift', 'sweep')).toEqual([]);
  });

  it('an audit event edited directly in the database (after dropping the append-only trigger) is found as 第七项 with chain, seq and kind', async () => {
    if (dialect === 'sqlite') await raw('drop trigger audit_event_no_update');
    else await raw('drop trigger audit_event_no_change on audit_event');
    await raw(`update audit_event set actor_name = 'someone else' where seq = 7`);
    const fs = await tp.platform.integrity.run('c7.audit_chain', 'sweep');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ ruleId: 'c7.audit_chain', category: 7, unitId: null });
    expect(fs[0]!.evidence).toMatchObject({ firstBadSeq: 7, reason: 'hash_mismatch' });
    // The dropped trigger is a schema change outside migrations.
    const schema = await tp.platform.integrity.run('c7.schema_drift', 'sweep');
    const trig = dialect === 'sqlite' ? 'trigger:audit_event_no_update' : 'trigger:audit_event_no_change';
    expect(schema.map((f) => f.evidence)).toContainEqual(expect.objectContaining({ object: trig, change: 'removed' }));
    // Still reported by the next sweep (open until a full run finds the log intact).
    expect((await tp.platform.integrity.run('c7.audit_chain', 'sweep')).map((f) => f.dedupeKey)).toEqual([fs[0]!.dedupeKey]);
  });

  it('restoring the edited event exactly makes a full run clean (near miss); deleting an event is found as missing', async () => {
    await raw(`update audit_event set actor_name = 'test' where seq = 7`);
    expect(await tp.platform.integrity.run('c7.audit_chain', 'full')).toEqual([]);
    if (dialect === 'sqlite') await raw('drop trigger audit_event_no_delete');
    await raw(`delete from audit_event where seq = 12`);
    const fs = await tp.platform.integrity.run('c7.audit_chain', 'full');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.evidence).toMatchObject({ firstBadSeq: 12, reason: 'missing' });
  });

  it('a column added to a platform table by hand is found; the same run names nothing else', async () => {
    const before = (await tp.platform.integrity.run('c7.schema_drift', 'full')).map((f) => (f.evidence as { object: string }).object);
    await raw('alter table unit add column shadow text');
    const after = await tp.platform.integrity.run('c7.schema_drift', 'full');
    const added = after.filter((f) => !before.includes((f.evidence as { object: string }).object));
    expect(added.map((f) => f.evidence)).toEqual([expect.objectContaining({ object: 'column:unit.shadow', change: 'added', table: 'unit' })]);
  });
});

describeEachDialect('integrity 第七项: a migration applied after the fingerprint is legitimate', (dialect) => {
  it('re-records after a real migration run and stays silent; a table created by hand afterwards is found', async () => {
    const tdb = await createTestDatabase(dialect);
    const config = testConfig(tdb);
    const db = openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const all = allMigrations(db.dialect);
      const names = Object.keys(all).sort();
      const older = Object.fromEntries(names.slice(0, -1).map((n) => [n, all[n]!]));
      const migrator = new Migrator({
        db: db.kysely as unknown as Kysely<unknown>,
        provider: { getMigrations: async () => older },
        migrationTableName: 'schema_migration',
        migrationLockTableName: 'schema_migration_lock',
      });
      const r = await migrator.migrateToLatest();
      expect(r.error).toBeUndefined();
      const deps = { db, config, clock: new FixedClock('2026-11-02T02:00:00.000Z'), audit: {} as never, catalog: {} as never } as unknown as SupervisionDeps;
      const integrity = createIntegrityService(deps);
      await integrity.afterMigrations();
      expect(await migrateToLatest(db)).toEqual([names[names.length - 1]]);
      expect(await integrity.run('c7.schema_drift', 'sweep')).toEqual([]);
      await sql.raw('create table sneaky (x text)').execute(db.kysely);
      const fs = await integrity.run('c7.schema_drift', 'sweep');
      expect(fs.map((f) => (f.evidence as { object: string }).object)).toContain('table:sneaky');
    } finally {
      await db.close();
      await tdb.drop();
    }
  });
});
