import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDb, walSyncer, writesData } from './database.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'govshare-db-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SQLite durability (docs/adr/0010)', () => {
  it('runs WAL with synchronous=NORMAL: commits are made durable by durable(), not by the commit', async () => {
    const db = openDb({ databaseUrl: null, dataDir: tempDir() });
    try {
      expect(db.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
      // 1 = NORMAL
      expect(db.sqlite!.pragma('synchronous', { simple: true })).toBe(1);
      db.sqlite!.exec('create table t (x integer)');
      db.sqlite!.prepare('insert into t values (1)').run();
      await expect(db.durable()).resolves.toBeUndefined();
    } finally {
      await db.close();
    }
  });

  it('one fdatasync serves the callers waiting before it starts; a caller arriving during a sync gets the next one', async () => {
    const dir = tempDir();
    const wal = join(dir, 'x.db-wal');
    writeFileSync(wal, 'frames');
    const calls: number[] = [];
    const syncer = walSyncer(wal);
    try {
      const first = syncer.sync();
      // These arrive while the first sync runs: they must not be answered by it.
      const second = syncer.sync();
      const third = syncer.sync();
      expect(second).toBe(third);
      first.then(() => calls.push(1));
      second.then(() => calls.push(2));
      await Promise.all([first, second, third]);
      expect(calls).toEqual([1, 2]);
    } finally {
      syncer.close();
    }
  });

  it('a missing WAL file means nothing is pending; an unreadable one is an error, not a silent success', async () => {
    const dir = tempDir();
    const missing = walSyncer(join(dir, 'none.db-wal'));
    await expect(missing.sync()).resolves.toBeUndefined();
    missing.close();
    writeFileSync(join(dir, 'file'), 'x');
    const broken = walSyncer(join(dir, 'file', 'child-wal'));
    await expect(broken.sync()).rejects.toThrow();
    broken.close();
  });
});

/** A SQLite database with table t, and another connection holding its write lock with t's row 1 uncommitted. */
async function lockedByAnother(): Promise<{ db: ReturnType<typeof openDb>; other: import('better-sqlite3').Database }> {
  const db = openDb({ databaseUrl: null, dataDir: tempDir() });
  const SQLiteDriver = (await import('better-sqlite3')).default;
  const other = new SQLiteDriver(db.sqlitePath!);
  db.sqlite!.exec('create table t (x integer)');
  other.exec('begin immediate');
  other.prepare('insert into t values (1)').run();
  return { db, other };
}

describe('SQLite transactions beside another writing connection (docs/adr/0019)', () => {
  it('waits for the write lock on a timer, not in the busy handler: the event loop keeps running, and the work commits after the other writer', async () => {
    const { db, other } = await lockedByAnother();
    try {
      const order: string[] = [];
      const work = db.kysely
        .transaction()
        .execute(async (trx) => {
          order.push('began');
          // Reads inside see the other writer's row: the transaction began after it committed.
          const rows = await trx.selectFrom('t' as never).select('x' as never).execute();
          await trx.insertInto('t' as never).values({ x: 2 } as never).execute();
          return rows.length;
        })
        .then((seen) => {
          order.push('committed');
          return seen;
        });
      // The other connection holds the lock across several turns of the event loop: with SQLite's
      // busy handler, the begin above would sleep on this thread and none of these would run.
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 5));
        order.push(`turn ${i}`);
      }
      other.exec('commit');
      expect(await work).toBe(1);
      expect(order).toEqual(['turn 0', 'turn 1', 'turn 2', 'turn 3', 'turn 4', 'began', 'committed']);
      expect(db.sqlite!.prepare('select x from t order by x').pluck().all()).toEqual([1, 2]);
      // The busy timeout of other statements is back in place.
      expect(db.sqlite!.pragma('busy_timeout', { simple: true })).toBe(10_000);
    } finally {
      other.close();
      await db.close();
    }
  });

  it('gives a write outside a transaction a transaction of its own that waits the same way; reads do not wait', async () => {
    const { db, other } = await lockedByAnother();
    try {
      const order: string[] = [];
      const k = db.kysely;
      const writes = [
        k.insertInto('t' as never).values({ x: 2 } as never).execute(),
        k.insertInto('t' as never).values({ x: 3 } as never).returning('x' as never).execute(),
        sql`update t set x = x * 10 where x = 2`.execute(k),
      ].map((p, i) => p.then(() => order.push(`write ${i}`)));
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 5));
        order.push(`turn ${i}`);
      }
      other.exec('commit');
      await Promise.all(writes);
      expect(order).toEqual(['turn 0', 'turn 1', 'turn 2', 'write 0', 'write 1', 'write 2']);
      expect(db.sqlite!.prepare('select x from t order by x').pluck().all()).toEqual([1, 3, 20]);
      // A failed write rolls its own transaction back and leaves none open.
      db.sqlite!.exec('create table u (x integer not null)');
      await expect(k.insertInto('u' as never).values({ x: null } as never).execute()).rejects.toThrow(/NOT NULL/);
      expect(db.sqlite!.inTransaction).toBe(false);
      // Reads never take the lock: one runs while another connection holds it.
      other.exec('begin immediate');
      expect(await k.selectFrom('t' as never).select('x' as never).execute()).toHaveLength(3);
      other.exec('rollback');
    } finally {
      other.close();
      await db.close();
    }
  });

  it('tells writes from reads', () => {
    const db = openDb({ databaseUrl: null, dataDir: tempDir() });
    try {
      const k = db.kysely;
      expect(writesData(k.insertInto('t' as never).values({ x: 1 } as never).compile())).toBe(true);
      expect(writesData(k.updateTable('t' as never).set({ x: 1 } as never).compile())).toBe(true);
      expect(writesData(k.deleteFrom('t' as never).compile())).toBe(true);
      expect(writesData(sql`  CREATE INDEX i ON t (x)`.compile(k))).toBe(true);
      expect(writesData(k.selectFrom('t' as never).selectAll().compile())).toBe(false);
      expect(writesData(sql`select 1`.compile(k))).toBe(false);
      expect(writesData(sql`pragma user_version`.compile(k))).toBe(false);
    } finally {
      void db.close();
    }
  });
});
