import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, walSyncer } from './database.js';

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
