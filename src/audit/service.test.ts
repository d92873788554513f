import { execFile } from 'node:child_process';
import { statSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestPlatform, describeEachDialect, type TestPlatform } from '../../test/helpers/platform.js';
import { FixedClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { AuditInput } from './types.js';
import { GENESIS, canonicalEvent, canonicalJson, chainHash } from './chain.js';
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, createSigningKey, loadSigningKey, signatureVerifier } from './keys.js';
import { openAudit } from './service.js';

const T0 = '2026-11-25T08:00:00.000Z';
const execFileAsync = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const viteNode = join(repoRoot, 'node_modules/vite-node/vite-node.mjs');

function event(i: number, over: Partial<AuditInput> = {}): AuditInput {
  return {
    actorType: 'user',
    actorId: `u-${i % 3}`,
    actorName: `user${i % 3}`,
    unitId: `unit-${i % 2}`,
    clientIp: '10.0.0.1',
    requestId: `req-${i}`,
    action: 'org.unit.update',
    targetType: 'unit',
    targetId: `t-${i}`,
    result: 'success',
    detail: { i },
    ...over,
  };
}

class Sink extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void) {
    this.chunks.push(Buffer.from(chunk));
    cb();
  }
  text() {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs `body` in a real second process (vite-node) once it has opened the platform's database
 * and this node's audit log as `db` and `audit`; resolves with what it wrote to stdout.
 */
async function inChildProcess(platform: TestPlatform['platform'], body: string, timeout?: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'govshare-child-'));
  const script = join(dir, 'child.ts');
  const src = (f: string) => JSON.stringify(fileURLToPath(new URL(f, import.meta.url)));
  writeFileSync(
    script,
    `import { openDb } from ${src('../core/db/database.ts')};
     import { openAudit } from ${src('./service.ts')};
     const config = JSON.parse(process.argv[2]);
     const db = openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sqliteFile: process.argv[3] || undefined });
     const audit = await openAudit({ db, config, clock: { now: () => new Date() } });
     ${body}`,
  );
  try {
    const args = [viteNode, script, JSON.stringify(platform.config), platform.db.sqlitePath ?? ''];
    return (await execFileAsync(process.execPath, args, { cwd: repoRoot, timeout })).stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('canonical form and keys', () => {
  it('sorts detail keys at every level and fixes the field order', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
    const c = canonicalEvent({
      chain: 'n', seq: 3, time: T0, actor_type: 'user', actor_id: null, actor_name: '张三', unit_id: null, action: 'a.b',
      target_type: null, target_id: null, result: 'success', purpose: null, grant_id: null, client_ip: null, request_id: null, detail: '{"k":1}',
    });
    expect(JSON.parse(c)).toMatchObject({ chain: 'n', seq: 3, actor_name: '张三', detail: { k: 1 } });
    expect(Object.keys(JSON.parse(c))[0]).toBe('chain');
  });

  it('hashes with SM3 and SHA-256', () => {
    expect(chainHash('sm3', GENESIS, 'x')).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash('sha256', GENESIS, 'x')).not.toBe(chainHash('sm3', GENESIS, 'x'));
  });

  for (const alg of ['sm2', 'ecdsa-p256'] as const) {
    it(`creates a ${alg} key once, owner-readable, and signs verifiably`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'govshare-key-'));
      try {
        const first = createSigningKey(dir, alg);
        expect(first.created).toBe(true);
        expect(first.keyId).toMatch(/^[0-9a-f]{16}$/);
        expect(statSync(join(dir, PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
        expect(existsSync(join(dir, PUBLIC_KEY_FILE))).toBe(true);
        const again = createSigningKey(dir, alg === 'sm2' ? 'ecdsa-p256' : 'sm2');
        expect(again).toEqual({ keyId: first.keyId, created: false });
        const key = loadSigningKey(dir);
        expect(key.algorithm).toBe(alg);
        expect(key.keyId).toBe(first.keyId);
        const sig = key.sign('hello');
        const check = signatureVerifier(alg, key.publicKeyPem);
        expect(check('hello', sig)).toBe(true);
        expect(check('hellO', sig)).toBe(false);
        expect(check('hello', 'not base64 at all')).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('tells the operator to run govshare init when the key is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'govshare-key-'));
    try {
      expect(() => loadSigningKey(dir)).toThrow(/govshare init/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeEachDialect('audit writer', (dialect) => {
  let tp: TestPlatform;
  const clock = new FixedClock(T0);
  afterEach(async () => {
    await tp?.cleanup();
    clock.set(T0);
  });

  it('chains events from the genesis hash, seq 1, 2, 3 …', async () => {
    tp = await createTestPlatform(dialect, { clock });
    const { audit, db } = tp.platform;
    for (let i = 0; i < 5; i++) await audit.append(event(i));
    const rows = await db.kysely.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0].prev_hash).toBe(GENESIS);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    for (const r of rows) expect(chainHash('sm3', r.prev_hash, canonicalEvent(r))).toBe(r.hash);
    expect(rows[0]).toMatchObject({ chain: 'node-1', time: T0, actor_name: 'user0', detail: '{"i":0}' });
    const head = await db.kysely.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    expect(Number(head.seq)).toBe(5);
    expect(head.hash).toBe(rows[4].hash);
    const result = await audit.verify();
    expect(result).toMatchObject({ ok: true, checkedEvents: 5, lastSeq: 5, headHash: rows[4].hash, algorithm: 'sm3', breaks: [] });
  });

  it('group-commits 200 concurrent appends into one consistent chain with far fewer transactions', async () => {
    tp = await createTestPlatform(dialect, { clock });
    const { audit, db } = tp.platform;
    const before = audit.stats();
    await Promise.all(Array.from({ length: 200 }, (_, i) => audit.append(event(i))));
    const after = audit.stats();
    expect(after.events - before.events).toBe(200);
    expect(after.transactions - before.transactions).toBeLessThanOrEqual(20);
    const rows = await db.kysely.selectFrom('audit_event').select(['chain', 'seq']).orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.chain))).toEqual(new Set(['node-1']));
    expect((await audit.verify()).ok).toBe(true);
  });

  it('rejects a malformed event alone, the rest of its batch commits', async () => {
    tp = await createTestPlatform(dialect, { clock });
    const { audit } = tp.platform;
    const results = await Promise.allSettled([
      audit.append(event(1)),
      audit.append({ ...event(2), result: 'maybe' as 'success' }),
      audit.append({ ...event(3), action: '' }),
      audit.append(event(4)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((await audit.query({})).items).toHaveLength(2);
  });

  it('transact() commits the change and its events together, and neither when work throws', async () => {
    tp = await createTestPlatform(dialect, { clock });
    const { audit, db } = tp.platform;
    const day = (d: string) => ({ day: d, kind: 'holiday' as const, name: 'test', updated_at: T0, updated_by: null });
    const value = await audit.transact(async (trx) => {
      await trx.insertInto('calendar_day').values(day('2026-10-01')).execute();
      return { value: 42, events: [event(1, { action: 'core.calendar.update' })] };
    });
    expect(value).toBe(42);
    await expect(
      audit.transact(async (trx) => {
        await trx.insertInto('calendar_day').values(day('2026-10-02')).execute();
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    await expect(
      audit.transact(async (trx) => {
        await trx.insertInto('calendar_day').values(day('2026-10-03')).execute();
        return { value: 1, events: [{ ...event(2), actorType: 'robot' as 'user' }] };
      }),
    ).rejects.toThrow(/actorType/);
    const days = await db.kysely.selectFrom('calendar_day').select('day').execute();
    expect(days.map((d) => d.day)).toEqual(['2026-10-01']);
    const events = await db.kysely.selectFrom('audit_event').select(['seq', 'action']).execute();
    expect(events).toEqual([{ seq: 1, action: 'core.calendar.update' }]);
    await audit.append(event(3));
    expect((await audit.verify()).ok).toBe(true);
  });

  it('interleaves transact() and append() on one chain', async () => {
    tp = await createTestPlatform(dialect, { clock });
    const { audit } = tp.platform;
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 3 === 0 ? audit.transact(async () => ({ value: i, events: [event(i), event(i + 1000)] })) : audit.append(event(i)),
      ),
    );
    const v = await audit.verify();
    expect(v).toMatchObject({ ok: true, checkedEvents: 80, lastSeq: 80 });
  });

  it('writes group commits on the writer thread by default, on the event loop when configured inline; the chains are the same', async () => {
    const chains: string[][] = [];
    for (const auditWriter of ['thread', 'inline'] as const) {
      tp = await createTestPlatform(dialect, { clock, config: { auditWriter } });
      const { audit, db } = tp.platform;
      expect(audit.stats().writer).toBe(auditWriter);
      await Promise.all(Array.from({ length: 30 }, (_, i) => audit.append(event(i))));
      await audit.transact(async () => ({ value: 0, events: [event(100)] }));
      await audit.append(event(101));
      expect(await audit.verify()).toMatchObject({ ok: true, checkedEvents: 32 });
      chains.push((await db.kysely.selectFrom('audit_event').select('hash').orderBy('seq').execute()).map((r) => r.hash));
      await tp.cleanup();
      tp = undefined as unknown as TestPlatform;
    }
    // Same events, same fixed clock: the thread hashes exactly what the event loop would.
    expect(chains[0]).toEqual(chains[1]);
  });

  it('hands a burst to the writer thread as several batches at once (at most four uncommitted), in append order; flush() waits for all', async () => {
    tp = await createTestPlatform(dialect, { clock });
    const { db, config } = tp.platform;
    const log: string[] = [];
    let uncommitted = 0;
    let most = 0;
    const sizes: number[] = [];
    const audit = await openAudit({
      db,
      config,
      clock,
      onWriterThread: (w) => {
        const post = w.postMessage.bind(w);
        w.postMessage = (m: { id?: number; rows?: unknown[] }) => {
          if (m.rows) {
            log.push(`send ${m.id}`);
            sizes.push(m.rows.length);
            most = Math.max(most, ++uncommitted);
          }
          post(m);
        };
        w.on('message', (m: { id?: number; seq?: number }) => {
          if (m.id !== undefined && m.seq !== undefined) {
            log.push(`commit ${m.id}`);
            uncommitted--;
          }
        });
      },
    });
    try {
      let answered = 0;
      const appends = Array.from({ length: 100 }, (_, i) => audit.append(event(i)).then(() => void answered++));
      await audit.flush();
      expect(answered).toBe(100); // flush() returned only after every batch was durable
      await Promise.all(appends);
      // Sent while the first was still uncommitted: the thread commits while the loop builds more.
      expect(log.indexOf('send 2')).toBeLessThan(log.indexOf('commit 1'));
      expect(most).toBeGreaterThan(1);
      expect(most).toBeLessThanOrEqual(4);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(100);
      expect(sizes[0]).toBe(16);
      const rows = await db.kysely.selectFrom('audit_event').select(['seq', 'detail']).orderBy('seq').execute();
      expect(rows.map((r) => r.detail)).toEqual(Array.from({ length: 100 }, (_, i) => `{"i":${i}}`));
      expect(await audit.verify()).toMatchObject({ ok: true, checkedEvents: 100 });
    } finally {
      await audit.close();
    }
  });

  if (dialect === 'sqlite') {
    it('the writer thread holds its next commit back while a main-connection transaction waits for the write lock', async () => {
      tp = await createTestPlatform(dialect, { clock });
      const { db, config } = tp.platform;
      const committed: number[] = [];
      const audit = await openAudit({ db, config, clock, onWriterThread: (w) => w.on('message', (m: { id?: number; seq?: number }) => m.seq !== undefined && committed.push(m.seq)) });
      const intent = db.writeIntent!;
      try {
        await audit.append(event(0));
        expect(committed).toEqual([1]);
        // As the driver does when BEGIN IMMEDIATE finds the lock taken.
        Atomics.add(intent, 0, 1);
        let done = false;
        const held = audit.append(event(1)).then(() => void (done = true));
        await new Promise((r) => setTimeout(r, 25)); // within the thread's 50 ms of holding back
        expect(committed).toEqual([1]);
        expect(done).toBe(false);
        Atomics.sub(intent, 0, 1);
        Atomics.notify(intent, 0);
        await held;
        expect(committed).toEqual([1, 2]);
        // A transaction that does wait announces itself and withdraws once it has begun.
        await db.kysely.transaction().execute(async (trx) => trx.selectFrom('audit_head').select('seq').execute());
        expect(Atomics.load(intent, 0)).toBe(0);
      } finally {
        await audit.close();
      }
    });
  }

  it('state changes that read before they write commit while the writer thread appends (no SQLITE_BUSY_SNAPSHOT)', async () => {
    tp = await createTestPlatform(dialect, { clock });
    const { audit, db } = tp.platform;
    expect(audit.stats().writer).toBe('thread');
    const day = (n: number) => `2026-10-${String(n).padStart(2, '0')}`;
    let done = false;
    let appended = 0;
    const reads = (async () => {
      while (!done) {
        await Promise.all(Array.from({ length: 10 }, (_, i) => audit.append(event(appended + i))));
        appended += 10;
      }
    })();
    for (let n = 0; n < 10; n++) {
      await audit.transact(async (trx) => {
        // Read first (a snapshot starts), wait while the thread commits, then write: with a
        // DEFERRED begin on SQLite the write fails at once (SQLITE_BUSY_SNAPSHOT).
        const seen = await trx.selectFrom('calendar_day').select('day').execute();
        await sleep(5);
        await trx.insertInto('calendar_day').values({ day: day(n + 1), kind: 'holiday', name: `seen ${seen.length}`, updated_at: T0, updated_by: null }).execute();
        return { value: n, events: [event(1000 + n, { action: 'core.calendar.update' })] };
      });
    }
    done = true;
    await reads;
    expect(await db.kysely.selectFrom('calendar_day').select('day').execute()).toHaveLength(10);
    expect(appended).toBeGreaterThan(0);
    expect(await audit.verify()).toMatchObject({ ok: true, checkedEvents: appended + 10 });
  });

  it('when the writer thread dies, its batch is refused and later events are written on the event loop', async () => {
    tp = await createTestPlatform(dialect, { clock });
    const { db, config } = tp.platform;
    let thread: import('node:worker_threads').Worker | null = null;
    const errors: string[] = [];
    const audit = await openAudit({ db, config, clock, onWriterThread: (w) => (thread = w), logger: { warn: () => {}, error: (_o, m) => errors.push(String(m)) } });
    try {
      await audit.append(event(1));
      expect(audit.stats().writer).toBe('thread');
      await thread!.terminate();
      await audit.append(event(2)); // the thread is known dead before this batch: written inline
      expect(audit.stats().writer).toBe('inline');
      expect(errors.join(' ')).toMatch(/writer thread/);
      await Promise.all(Array.from({ length: 10 }, (_, i) => audit.append(event(10 + i))));
      expect(await audit.verify()).toMatchObject({ ok: true, checkedEvents: 12 });
    } finally {
      await audit.close();
    }
  });

  if (dialect === 'postgres') {
    it('reconnects the writer thread after its PostgreSQL connection is killed (only that moment\'s batch is refused)', async () => {
      tp = await createTestPlatform(dialect, { clock });
      const { audit, db } = tp.platform;
      await audit.append(event(1));
      const killed = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where application_name = 'govshare-audit-writer' and datname = current_database()`.execute(db.kysely);
      expect(killed.rows[0]!.n).toBe(1);
      const second = await audit.append(event(2)).then(() => 'written', () => 'refused');
      await audit.append(event(3));
      await Promise.all(Array.from({ length: 5 }, (_, i) => audit.append(event(10 + i))));
      expect(audit.stats().writer).toBe('thread');
      expect(await audit.verify()).toMatchObject({ ok: true, checkedEvents: second === 'written' ? 8 : 7 });
    });
  }

  it('a process that appends and never closes the audit log still exits, its event written (the idle writer thread does not hold it)', async () => {
    tp = await createTestPlatform(dialect, { clock });
    const stdout = await inChildProcess(
      tp.platform,
      `await audit.append({ actorType: 'cli', actorId: null, actorName: 'cli', unitId: null, clientIp: null, requestId: null,
         action: 'cli.forgot_close', targetType: null, targetId: null, result: 'success' });
       process.stdout.write(audit.stats().writer);
       await db.close(); // the database, not the audit log`,
      20_000,
    );
    expect(stdout).toBe('thread');
    expect(await tp.platform.db.kysely.selectFrom('audit_event').select('seq').where('action', '=', 'cli.forgot_close').execute()).toHaveLength(1);
  }, 40_000);

  it('shares one chain safely with another process on the same database (server + CLI)', async () => {
    tp = await createTestPlatform(dialect, { clock });
    const { audit, db } = tp.platform;
    // A real second process: on SQLite a second connection in this process would block the
    // event loop while it waits for the write lock.
    const child = inChildProcess(
      tp.platform,
      `const ev = (i) => ({ actorType: 'cli', actorId: null, actorName: 'cli', unitId: null, clientIp: null, requestId: null,
         action: 'cli.test', targetType: null, targetId: String(i), result: 'success' });
       for (let round = 0; round < 10; round++) {
         await Promise.all(Array.from({ length: 10 }, (_, i) => audit.append(ev(round * 10 + i))));
       }
       await audit.transact(async () => ({ value: 0, events: [ev(1000)] }));
       await audit.close();
       await db.close();
       process.stdout.write('done');`,
    );
    const mine = (async () => {
      for (let round = 0; round < 10; round++) {
        await Promise.all(Array.from({ length: 10 }, (_, i) => audit.append(event(round * 10 + i))));
        await audit.transact(async () => ({ value: 0, events: [event(500 + round)] }));
      }
    })();
    const [stdout] = await Promise.all([child, mine]);
    expect(stdout).toBe('done');
    const v = await audit.verify();
    expect(v).toMatchObject({ ok: true, checkedEvents: 211, lastSeq: 211 });
    const cli = await db.kysely.selectFrom('audit_event').select('seq').where('action', '=', 'cli.test').execute();
    expect(cli).toHaveLength(101);
  });

  it('rejects appends and transactions after close, and signs a final checkpoint', async () => {
    tp = await createTestPlatform(dialect, { clock });
    const { audit, db } = tp.platform;
    const pending = audit.append(event(1));
    await audit.close();
    await pending; // queued before close: written
    await expect(audit.append(event(2))).rejects.toThrow(/closed/);
    await expect(audit.transact(async () => ({ value: 1, events: [] }))).rejects.toThrow(/closed/);
    const cps = await db.kysely.selectFrom('audit_checkpoint').selectAll().execute();
    expect(cps).toHaveLength(1);
    expect(cps[0]).toMatchObject({ chain: 'node-1', seq: 1, algorithm: 'sm2' });
  });

  it('signs a checkpoint every auditCheckpointEvery events and after 5 s with new events', async () => {
    const c = new FixedClock(T0);
    tp = await createTestPlatform(dialect, { clock: c, config: { auditCheckpointEvery: 10 } });
    const { audit, db } = tp.platform;
    for (let i = 0; i < 25; i++) await audit.append(event(i));
    await audit.flush();
    const cps = async () => (await db.kysely.selectFrom('audit_checkpoint').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
    await expect.poll(cps).toEqual([10, 20]);
    c.advance(5_000);
    await audit.append(event(99));
    await expect.poll(cps).toEqual([10, 20, 26]);
    await expect.poll(() => audit.stats().checkpoints).toBe(3); // counted once its insert has returned, just after the row shows
    expect((await audit.verify()).checkedCheckpoints).toBe(3);
  });

  it('keeps the hash algorithm fixed at first start', async () => {
    tp = await createTestPlatform(dialect, { clock });
    const { audit, db, config } = tp.platform;
    await audit.append(event(1));
    const again = await openAudit({ db, config: { ...config, auditHash: 'sha256' }, clock, logger: { warn: () => {}, error: () => {} } });
    expect(again.algorithm).toBe('sm3');
    await again.append(event(2));
    await again.close();
    const v = await audit.verify();
    expect(v).toMatchObject({ ok: true, algorithm: 'sm3', checkedEvents: 2 });
  });

  it('verifies a SHA-256 chain with ECDSA P-256 checkpoints', async () => {
    tp = await createTestPlatform(dialect, { clock, config: { auditHash: 'sha256', auditSignature: 'ecdsa-p256' } });
    const { audit, db } = tp.platform;
    await Promise.all(Array.from({ length: 30 }, (_, i) => audit.append(event(i))));
    await audit.checkpoint();
    const row = await db.kysely.selectFrom('audit_event').selectAll().where('seq', '=', 1).executeTakeFirstOrThrow();
    expect(chainHash('sha256', GENESIS, canonicalEvent(row))).toBe(row.hash);
    const v = await audit.verify();
    expect(v).toMatchObject({ ok: true, algorithm: 'sha256', signature: 'ecdsa-p256', checkedEvents: 30, checkedCheckpoints: 1 });
  });

  it('refuses UPDATE and DELETE of audit rows in the database itself', async () => {
    tp = await createTestPlatform(dialect, { clock });
    const { audit, db } = tp.platform;
    await audit.append(event(1));
    await expect(sql`update audit_event set action = 'x'`.execute(db.kysely)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_event`.execute(db.kysely)).rejects.toThrow(/append-only/);
    expect((await audit.verify()).ok).toBe(true);
  });

  describe('query', () => {
    async function seeded() {
      tp = await createTestPlatform(dialect, { clock });
      const { audit } = tp.platform;
      const c = clock;
      c.set(T0);
      const inputs: AuditInput[] = [
        event(0, { action: 'org.unit.create', targetType: 'unit', targetId: 'U1' }),
        event(1, { action: 'org.unit.update', targetType: 'unit', targetId: 'U1', result: 'failure' }),
        event(2, { action: 'org.user.create', targetType: 'user', targetId: 'P1' }),
        event(3, { action: 'auth.login', result: 'denied', actorName: 'alice', actorId: 'id-alice', unitId: 'unit-9' }),
        event(4, { action: 'org%unit.odd' }),
      ];
      for (const e of inputs) {
        await audit.append(e);
        c.advance(60_000);
      }
      // Ten events at the same instant: paging must still be exact.
      await Promise.all(Array.from({ length: 10 }, (_, i) => audit.append(event(10 + i, { action: 'data.record.get' }))));
      return audit;
    }

    it('filters by actor, unit, action prefix, target, result and time', async () => {
      const audit = await seeded();
      const seqs = async (f: Parameters<typeof audit.query>[0]) => (await audit.query(f)).items.map((e) => e.seq);
      expect(await seqs({ action: 'org.unit' })).toEqual([2, 1]);
      expect(await seqs({ action: 'org%' })).toEqual([5]);
      expect(await seqs({ action: 'org' })).toEqual([5, 3, 2, 1]);
      expect(await seqs({ actor: 'alice' })).toEqual([4]);
      expect(await seqs({ actor: 'id-alice' })).toEqual([4]);
      expect(await seqs({ unitId: 'unit-9' })).toEqual([4]);
      expect(await seqs({ targetType: 'unit', targetId: 'U1' })).toEqual([2, 1]);
      expect(await seqs({ result: 'failure' })).toEqual([2]);
      expect(await seqs({ from: '2026-11-25T08:01:00Z', to: '2026-11-25T16:03:00+08:00' })).toEqual([3, 2]);
      const e = (await audit.query({ actor: 'alice' })).items[0];
      expect(e).toMatchObject({ seq: 4, chain: 'node-1', action: 'auth.login', result: 'denied', detail: { i: 3 }, time: '2026-11-25T08:03:00.000Z' });
      expect(await audit.get('node-1', 4)).toEqual(e);
      expect(await audit.get('node-1', 99)).toBeNull();
    });

    it('pages newest first with an opaque cursor, without gaps or repeats', async () => {
      const audit = await seeded();
      const seen: number[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const r = await audit.query({ limit: 4, cursor });
        seen.push(...r.items.map((i) => i.seq));
        if (!r.nextCursor) break;
        cursor = r.nextCursor;
      }
      expect(seen).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
      const err = await audit.query({ cursor: 'garbage' }).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('invalid_cursor');
      const bad = await audit.query({ from: 'yesterday' }).catch((x: unknown) => x);
      expect((bad as AppError).code).toBe('invalid_time');
    });

    it('exports CSV with a BOM, an English header and neutralised formulas, page by page', async () => {
      const audit = await seeded();
      await audit.append(event(50, { actorName: '=HYPERLINK("http://x")', action: 'org.unit.delete', detail: { note: '含中文, "quoted"' } }));
      const sink = new Sink();
      const n = await audit.exportCsv({ action: 'org' }, sink);
      expect(n).toBe(5);
      const text = sink.text();
      expect(text.startsWith('\uFEFFseq,chain,time,actorType,actorId,actorName,unitId,action,targetType,targetId,result,purpose,grantId,clientIp,requestId,detail,prevHash,hash\r\n')).toBe(true);
      const lines = text.trim().split('\r\n');
      expect(lines).toHaveLength(6);
      expect(lines[1]).toContain(`'=HYPERLINK(""http://x"")`);
      expect(lines[1]).toContain('"{""note"":""含中文, \\""quoted\\""""}"');
      expect(lines[1].startsWith('16,node-1,')).toBe(true);
    });
  });
});
