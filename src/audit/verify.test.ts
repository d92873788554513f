import { afterEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestPlatform, describeEachDialect, type TestPlatform } from '../../test/helpers/platform.js';
import { FixedClock } from '../core/clock.js';
import type { Db } from '../core/db/database.js';
import type { AuditInput } from './types.js';
import { EVENT_COLUMNS, canonicalEvent, canonicalRow, chainHash, checkpointPayload, type EventArray } from './chain.js';
import { CANONICAL_SQL, SQLITE_CANONICAL_SQL } from './scan.js';
import { verifyAuditLog } from './verify.js';
import type { AuditEventTable } from './tables.js';

const T0 = '2026-11-25T08:00:00.000Z';

function event(i: number): AuditInput {
  return {
    actorType: 'user',
    actorId: `u-${i % 4}`,
    actorName: `user${i % 4}`,
    unitId: 'unit-1',
    clientIp: '10.0.0.2',
    requestId: `req-${i}`,
    action: i % 2 ? 'data.record.get' : 'org.unit.update',
    targetType: 'unit',
    targetId: `t-${i}`,
    result: 'success',
    detail: { i },
  };
}

/**
 * Runs statements as an attacker with DDL rights would: the append-only triggers are
 * disabled first (that is exactly what verification has to catch).
 */
async function tamper(db: Db, statements: string[]): Promise<void> {
  if (db.dialect === 'sqlite') {
    for (const t of ['audit_event', 'audit_checkpoint']) {
      for (const op of ['update', 'delete']) await sql.raw(`drop trigger if exists ${t}_no_${op}`).execute(db.kysely);
    }
    for (const s of statements) await sql.raw(s).execute(db.kysely);
    return;
  }
  await db.kysely.connection().execute(async (c) => {
    await sql.raw('alter table audit_event disable trigger user').execute(c);
    await sql.raw('alter table audit_checkpoint disable trigger user').execute(c);
    for (const s of statements) await sql.raw(s).execute(c);
    await sql.raw('alter table audit_event enable trigger user').execute(c);
    await sql.raw('alter table audit_checkpoint enable trigger user').execute(c);
  });
}

const q = (v: string | number | null) => (v === null ? 'null' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);

function insertSql(r: AuditEventTable): string {
  const cols = Object.keys(r) as (keyof AuditEventTable)[];
  return `insert into audit_event (${cols.join(', ')}) values (${cols.map((c) => q(r[c])).join(', ')})`;
}

describeEachDialect('audit verification finds every kind of tampering', (dialect) => {
  let tp: TestPlatform;
  afterEach(async () => {
    await tp?.cleanup();
  });

  /** A platform with 20 events (checkpoints after 10 and 20 when asked). */
  async function chainOf20(opts: { checkpoints?: boolean } = {}) {
    tp = await createTestPlatform(dialect, { clock: new FixedClock(T0) });
    const { audit, db } = tp.platform;
    await Promise.all(Array.from({ length: 10 }, (_, i) => audit.append(event(i + 1))));
    if (opts.checkpoints) await audit.checkpoint();
    await Promise.all(Array.from({ length: 10 }, (_, i) => audit.append(event(i + 11))));
    if (opts.checkpoints) await audit.checkpoint();
    const rows = async () => db.kysely.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    return { audit, db, rows };
  }

  /** The breaks found, checked to be the same inline and with the hashing worker over small pages. */
  const breaksOf = async () => {
    const r = await tp.platform.audit.verify();
    const found = r.breaks.map((b) => ({ seq: b.seq, reason: b.reason }));
    for (const pageSize of [3, 7]) {
      const p = await verifyAuditLog(tp.platform.db, { parallel: true, pageSize });
      expect(p.breaks).toEqual(r.breaks);
      expect(p.checkedEvents).toBe(r.checkedEvents);
    }
    return found;
  };

  it('an intact chain verifies, with its checkpoints', async () => {
    const { audit, rows } = await chainOf20({ checkpoints: true });
    const progress: number[] = [];
    const r = await audit.verify({ onProgress: (done) => progress.push(done) });
    const all = await rows();
    expect(r).toMatchObject({ ok: true, checkedEvents: 20, checkedCheckpoints: 2, lastSeq: 20, headHash: all[19].hash, algorithm: 'sm3', signature: 'sm2', breaks: [] });
    expect(progress.at(-1)).toBe(20);
    expect(await breaksOf()).toEqual([]);
  });

  it('an altered event: hash_mismatch at its seq', async () => {
    const { db } = await chainOf20({ checkpoints: true });
    await tamper(db, [`update audit_event set actor_name = 'someone else' where seq = 5`]);
    expect(await breaksOf()).toEqual([{ seq: 5, reason: 'hash_mismatch' }]);
  });

  it('an altered detail (even only its JSON spelling): hash_mismatch at its seq', async () => {
    const { db } = await chainOf20();
    await tamper(db, [`update audit_event set detail = '{ "i": 12 }' where seq = 12`]);
    expect(await breaksOf()).toEqual([{ seq: 12, reason: 'hash_mismatch' }]);
  });

  it('an altered event whose own hash was recomputed: hash_mismatch at its seq', async () => {
    const { db, rows } = await chainOf20();
    const r = (await rows())[6];
    const forged = { ...r, action: 'org.unit.nothing' };
    const hash = chainHash('sm3', forged.prev_hash, canonicalEvent(forged));
    await tamper(db, [`update audit_event set action = 'org.unit.nothing', hash = '${hash}' where seq = 7`]);
    expect(await breaksOf()).toEqual([{ seq: 7, reason: 'hash_mismatch' }]);
  });

  it('a whole chain re-hashed after an edit is caught by the signed checkpoints', async () => {
    const { db, rows } = await chainOf20({ checkpoints: true });
    const all = await rows();
    const statements: string[] = [];
    let prev = all[3].hash;
    for (const r of all.slice(4)) {
      const changed = { ...r, prev_hash: prev, actor_name: r.seq === 5 ? 'someone else' : r.actor_name };
      const hash = chainHash('sm3', prev, canonicalEvent(changed));
      statements.push(`update audit_event set actor_name = ${q(changed.actor_name)}, prev_hash = '${prev}', hash = '${hash}' where seq = ${r.seq}`);
      prev = hash;
    }
    statements.push(`update audit_head set hash = '${prev}'`);
    await tamper(db, statements);
    expect(await breaksOf()).toEqual([
      { seq: 10, reason: 'checkpoint_mismatch' },
      { seq: 20, reason: 'checkpoint_mismatch' },
    ]);
  });

  it('a deleted event: missing at its seq', async () => {
    const { db } = await chainOf20({ checkpoints: true });
    await tamper(db, ['delete from audit_event where seq = 7']);
    expect(await breaksOf()).toEqual([{ seq: 7, reason: 'missing' }]);
  });

  it('deleted events with the rest renumbered to close the gap: missing at the first', async () => {
    const { db } = await chainOf20({ checkpoints: true });
    await tamper(db, [
      'delete from audit_event where seq in (7, 8)',
      'update audit_event set seq = -(seq - 2) where seq > 8',
      'update audit_event set seq = -seq where seq < 0',
      'update audit_head set seq = 18',
    ]);
    expect(await breaksOf()).toEqual([{ seq: 7, reason: 'missing' }]);
    expect((await tp.platform.audit.verify()).breaks[0].detail).toMatch(/7–8/);
  });

  it('a forged event appended after the head: inserted at its seq', async () => {
    const { db, rows } = await chainOf20();
    const last = (await rows())[19];
    const forged: AuditEventTable = { ...last, seq: 21, action: 'org.user.create', target_id: 'forged', prev_hash: last.hash, hash: '' };
    forged.hash = chainHash('sm3', last.hash, canonicalEvent(forged));
    await tamper(db, [insertSql(forged)]);
    expect(await breaksOf()).toEqual([{ seq: 21, reason: 'inserted' }]);
  });

  it('a forged event slipped into the middle (later events renumbered): inserted at its seq', async () => {
    const { db, rows } = await chainOf20({ checkpoints: true });
    const all = await rows();
    const forged: AuditEventTable = { ...all[9], seq: 11, action: 'org.user.create', target_id: 'forged', prev_hash: all[9].hash, hash: '' };
    forged.hash = chainHash('sm3', forged.prev_hash, canonicalEvent(forged));
    await tamper(db, [
      'update audit_event set seq = -(seq + 1) where seq > 10',
      'update audit_event set seq = -seq where seq < 0',
      insertSql(forged),
    ]);
    expect(await breaksOf()).toEqual([{ seq: 11, reason: 'inserted' }]);
  });

  it('a forged event linking to nothing at the tail: inserted at its seq', async () => {
    const { db, rows } = await chainOf20();
    const last = (await rows())[19];
    const forged: AuditEventTable = { ...last, seq: 21, prev_hash: 'ab'.repeat(32), hash: '' };
    forged.hash = chainHash('sm3', forged.prev_hash, canonicalEvent(forged));
    await tamper(db, [insertSql(forged), `update audit_head set seq = 21, hash = '${forged.hash}'`]);
    expect(await breaksOf()).toEqual([{ seq: 21, reason: 'inserted' }]);
  });

  it('two neighbouring events swapped: reordered at both seqs', async () => {
    const { db } = await chainOf20({ checkpoints: true });
    await tamper(db, ['update audit_event set seq = -1 where seq = 8', 'update audit_event set seq = 8 where seq = 9', 'update audit_event set seq = 9 where seq = -1']);
    expect(await breaksOf()).toEqual([
      { seq: 8, reason: 'reordered' },
      { seq: 9, reason: 'reordered' },
    ]);
  });

  it('two distant events swapped: reordered at both seqs', async () => {
    const { db } = await chainOf20({ checkpoints: true });
    // Contents swapped between the rows stored at 2 and 19 (as a dump-edit-restore would).
    await tamper(db, ['update audit_event set seq = -1 where seq = 2', 'update audit_event set seq = 2 where seq = 19', 'update audit_event set seq = 19 where seq = -1']);
    expect(await breaksOf()).toEqual([
      { seq: 2, reason: 'reordered' },
      { seq: 19, reason: 'reordered' },
    ]);
    expect((await tp.platform.audit.verify()).breaks[0].detail).toMatch(/19/);
  });

  it('a truncated tail: truncated after the last event left', async () => {
    const { db } = await chainOf20({ checkpoints: true });
    await tamper(db, ['delete from audit_event where seq > 17']);
    expect(await breaksOf()).toEqual([{ seq: 18, reason: 'truncated' }]);
  });

  it('a truncated tail with the head moved back: the signed checkpoint still tells', async () => {
    const { db, rows } = await chainOf20({ checkpoints: true });
    const all = await rows();
    await tamper(db, ['delete from audit_event where seq > 17', `update audit_head set seq = 17, hash = '${all[16].hash}'`]);
    expect(await breaksOf()).toEqual([{ seq: 18, reason: 'truncated' }]);
  });

  it('a forged checkpoint signature: bad_checkpoint_signature at its seq', async () => {
    const { db } = await chainOf20({ checkpoints: true });
    const cp = await db.kysely.selectFrom('audit_checkpoint').selectAll().where('seq', '=', 10).executeTakeFirstOrThrow();
    // A well-formed signature of other data by the genuine key.
    const { loadSigningKey } = await import('./keys.js');
    const other = loadSigningKey(tp.platform.config.dataDir).sign(checkpointPayload({ ...cp, seq: 10, time: '2020-01-01T00:00:00.000Z' }));
    await tamper(db, [`update audit_checkpoint set signature = '${other}' where seq = 10`]);
    expect(await breaksOf()).toEqual([{ seq: 10, reason: 'bad_checkpoint_signature' }]);
  });

  it('a checkpoint whose vouched hash was changed: bad_checkpoint_signature at its seq', async () => {
    const { db } = await chainOf20({ checkpoints: true });
    await tamper(db, [`update audit_checkpoint set hash = '${'cd'.repeat(32)}' where seq = 20`]);
    expect(await breaksOf()).toEqual([{ seq: 20, reason: 'bad_checkpoint_signature' }]);
  });

  it('verifies offline from the database alone (the public keys are recorded in it)', async () => {
    const { db, audit } = await chainOf20({ checkpoints: true });
    await audit.flush();
    const r = await verifyAuditLog(db, { pageSize: 3 });
    expect(r).toMatchObject({ ok: true, checkedEvents: 20, checkedCheckpoints: 2, lastSeq: 20 });
    await tamper(db, ['delete from audit_event where seq = 4']);
    const broken = await verifyAuditLog(db, { pageSize: 3 });
    expect(broken.breaks.map((b) => [b.seq, b.reason])).toEqual([[4, 'missing']]);
  });

  it('verifies events with quotes, control characters, emoji and line separators in every text field', async () => {
    tp = await createTestPlatform(dialect, { clock: new FixedClock(T0) });
    const { audit, db } = tp.platform;
    const odd = 't"q\\b\n\t\r\u0001\u001f\u007f 张三😀 \u2028/<>&';
    await audit.append({ ...event(1), actorName: odd, purpose: odd, targetId: odd, requestId: odd, detail: { [odd]: odd, n: [1, null, true] } });
    await audit.append({ ...event(2), actorId: null, unitId: null, targetType: null, targetId: null, clientIp: null, requestId: null, detail: null });
    expect(await breaksOf()).toEqual([]);
    // The database's spelling of the canonical form matches chain.ts byte for byte (else verification only slows down).
    const rows =
      dialect === 'postgres'
        ? ((await db.pool!.query({ text: `select ${EVENT_COLUMNS.join(', ')}, ${CANONICAL_SQL} from audit_event order by seq`, rowMode: 'array' })).rows as unknown[][])
        : (db.sqlite!.prepare(`select ${EVENT_COLUMNS.join(', ')}, ${SQLITE_CANONICAL_SQL} from audit_event order by seq`).raw(true).all() as unknown[][]);
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(String(r[18])).toBe(canonicalRow(r as EventArray));
  });

  it('does not mistake events appended during verification for forged ones', async () => {
    const { audit } = await chainOf20();
    const writing = Promise.all(Array.from({ length: 300 }, (_, i) => audit.append(event(100 + i))));
    const results = await Promise.all([verifyAuditLog(tp.platform.db, { pageSize: 5 }), verifyAuditLog(tp.platform.db, { pageSize: 7, parallel: true })]);
    await writing;
    for (const r of results) expect(r.breaks).toEqual([]);
    expect((await audit.verify()).checkedEvents).toBe(320);
  });

  it('an edited head row (moved back over intact events) is reported', async () => {
    const { db } = await chainOf20();
    await tamper(db, ['update audit_head set seq = 18']);
    expect(await breaksOf()).toEqual([{ seq: 18, reason: 'hash_mismatch' }]);
  });

  it('a forged row whose seq is not a number (SQLite stores it) is not invisible', async () => {
    if (dialect !== 'sqlite') return;
    const { db, rows } = await chainOf20();
    const last = (await rows())[19];
    const cols = Object.keys(last) as (keyof AuditEventTable)[];
    await tamper(db, [`insert into audit_event (${cols.join(', ')}) values (${cols.map((c) => (c === 'seq' ? "'x'" : q(last[c]))).join(', ')})`]);
    expect(await breaksOf()).toEqual([{ seq: 0, reason: 'inserted' }]);
  });

  it('a value of the wrong type planted in a column (SQLite stores it) is an altered event, not a crash', async () => {
    if (dialect !== 'sqlite') return;
    const { db } = await chainOf20();
    await tamper(db, [`update audit_event set actor_name = x'e5bca0e4b889' where seq = 9`]);
    expect(await breaksOf()).toEqual([{ seq: 9, reason: 'hash_mismatch' }]);
  });
});
