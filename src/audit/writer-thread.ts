import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from '../core/db/database.js';
import { EVENT_COLUMNS, canonicalHead, canonicalTail, eventArray, type EventArray, type EventContent } from './chain.js';
import { INSERT_CHUNKS, appendSql } from './store.js';
import type { HashAlgorithm } from './types.js';

/** The stored columns of an event minus chain, seq and the two hashes (what append() builds). */
export type Content = Omit<EventContent, 'chain' | 'seq'>;

/** Where a group commit left the chain. */
export interface Tip {
  seq: number;
  hash: string;
}

/**
 * Writes the group commits of `audit.append()` on a worker thread with its own database
 * connection (docs/adr/0019): locking the chain head, hashing, inserting the events, moving the
 * head, committing and (SQLite) syncing the WAL all run there, so the event loop only builds the
 * events and their canonical text. `transact()` (an audited state change) stays on the main
 * connection: its events commit with the change. Both serialise on the head row, as the server
 * and the CLI always have (docs/adr/0002).
 */
export interface ThreadCommitter {
  /**
   * Chains the events after the head in one transaction. Resolves once committed, with a second
   * promise for when the commit is durable: the next batch can commit while this one syncs.
   */
  commit(contents: Content[], now: string): Promise<{ tip: Tip; durable: Promise<void> }>;
  /** False once the thread has died (its pending commits were rejected). */
  alive(): boolean;
  /** Lets the running commit finish, then closes the thread's connection. */
  close(): Promise<void>;
}

/** How long the thread waits for SQLite's write lock (a large upload holds it for seconds). */
const SQLITE_BUSY_MS = 300_000;
/** How long the thread holds a commit back for a main-connection transaction about to begin. */
const YIELD_TO_MAIN_MS = 50;

// The thread's program. It is an inline CommonJS script (as in scan.ts) so that it runs the same
// from the TypeScript sources under the tests and from dist/; it receives the canonical text of
// each event without its head, so the one definition of the format stays in chain.ts.
const PROGRAM = `
const { parentPort, workerData: w } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, fdatasync, closeSync } = require('node:fs');
const hashOf = (prev, text) => createHash(w.algorithm).update(prev).update(text).digest('hex');
function chainRows(head, rows, tails) {
  let seq = Number(head.seq);
  let prev = head.hash;
  const values = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    seq++;
    const hash = hashOf(prev, w.prefix + seq + tails[i]);
    const r = rows[i].slice();
    r[0] = w.chain;
    r[1] = seq;
    r.push(prev, hash);
    values[i] = r;
    prev = hash;
  }
  return { values, tip: { seq, hash: prev } };
}
const missingHead = () => new Error('audit: the head row of chain ' + w.chain + ' is missing');

async function openSqlite() {
  const Database = require(w.driver);
  const db = new Database(w.sqlitePath);
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = ' + w.busyMs);
  const lock = db.prepare(w.sql.lockHead);
  const move = db.prepare(w.sql.moveHead);
  const inserts = new Map();
  const insertOf = (n) => {
    let st = inserts.get(n);
    if (!st) {
      st = db.prepare(w.sql.insertRows[n]);
      inserts.set(n, st);
    }
    return st;
  };
  const write = db.transaction((rows, tails, now) => {
    const head = lock.get(now, w.chain);
    if (!head) throw missingHead();
    const { values, tip } = chainRows(head, rows, tails);
    let i = 0;
    for (const size of w.chunks) {
      while (values.length - i >= size) {
        insertOf(size).run(values.slice(i, i + size).flat());
        i += size;
      }
    }
    move.run(tip.seq, tip.hash, now, w.chain);
    return tip;
  });
  // synchronous=NORMAL leaves a commit in the WAL; it is acknowledged once the WAL is synced
  // (ADR 0010). One fdatasync at a time on libuv's pool, outside the write lock; commits that
  // arrive while one runs share the next, and the next batch commits meanwhile.
  const walPath = w.sqlitePath + '-wal';
  let wal = null;
  let running = null;
  let next = null;
  const syncOnce = () => new Promise((resolve, reject) => {
    if (wal === null) {
      try {
        wal = openSync(walPath, 'r');
      } catch (e) {
        if (e.code === 'ENOENT') return resolve();
        return reject(e);
      }
    }
    fdatasync(wal, (e) => (e ? reject(e) : resolve()));
  });
  const sync = () => {
    if (!running) {
      running = syncOnce().finally(() => { running = null; });
      return running;
    }
    next = next || running.catch(() => {}).then(() => { next = null; return sync(); });
    return next;
  };
  // A transaction of the main connection waiting for the write lock (database.ts, writeIntent)
  // goes first: the next commit waits until it has begun, at most w.yieldMs.
  const intent = w.writeIntent;
  const yieldToMain = () => {
    const until = Date.now() + w.yieldMs;
    for (;;) {
      const waiting = Atomics.load(intent, 0);
      const left = until - Date.now();
      if (waiting === 0 || left <= 0) return;
      Atomics.wait(intent, 0, waiting, left);
    }
  };
  return {
    commit(rows, tails, now) {
      if (intent) yieldToMain();
      const tip = write.immediate(rows, tails, now);
      return { tip, durable: sync() };
    },
    async close() {
      // Their callers were answered already (a failed sync refuses them); only wait for them here.
      await running?.catch(() => {});
      await next?.catch(() => {});
      if (wal !== null) closeSync(wal);
      db.close();
    },
  };
}

async function openPostgres() {
  const { Client } = require(w.driver);
  const connect = async () => {
    const client = new Client({ connectionString: w.databaseUrl, application_name: 'govshare-audit-writer' });
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  // After a failed commit the connection is dropped and the next batch opens a new one, so a
  // restarted PostgreSQL or a broken socket costs the batches of that moment, not every later one.
  let c = await connect();
  return {
    async commit(rows, tails, now) {
      if (c === null) c = await connect();
      const client = c;
      try {
        await client.query('begin');
        const h = await client.query({ name: 'audit_lock_head', text: w.sql.lockHead, values: [now, w.chain] });
        if (!h.rows.length) throw missingHead();
        const { values, tip } = chainRows(h.rows[0], rows, tails);
        const columns = w.columns.map((_, k) => values.map((r) => r[k]));
        await client.query({ name: 'audit_insert', text: w.sql.insertArrays, values: columns });
        await client.query({ name: 'audit_move_head', text: w.sql.moveHead, values: [tip.seq, tip.hash, now, w.chain] });
        await client.query('commit'); // durable when it returns
        return { tip, durable: Promise.resolve() };
      } catch (e) {
        c = null;
        client.end().catch(() => {});
        throw e;
      }
    },
    close: () => (c === null ? Promise.resolve() : c.end()),
  };
}

(async () => {
  let store;
  try {
    store = await (w.dialect === 'sqlite' ? openSqlite() : openPostgres());
  } catch (e) {
    parentPort.postMessage({ ready: false, error: String(e && e.message || e) });
    return;
  }
  parentPort.postMessage({ ready: true });
  let queue = Promise.resolve();
  parentPort.on('message', (m) => {
    queue = queue.then(async () => {
      if (m.close) {
        await store.close();
        parentPort.postMessage({ closed: true });
        parentPort.close();
        return;
      }
      const fail = (e) => String((e && e.message) || e);
      let done;
      try {
        done = await store.commit(m.rows, m.tails, m.now);
      } catch (e) {
        parentPort.postMessage({ id: m.id, error: fail(e) });
        return;
      }
      parentPort.postMessage({ id: m.id, seq: done.tip.seq, hash: done.tip.hash });
      // Not awaited: the next batch commits while this one syncs.
      done.durable.then(
        () => parentPort.postMessage({ id: m.id, durable: true }),
        (e) => parentPort.postMessage({ id: m.id, durable: false, error: fail(e) }),
      );
    });
  });
})();
`;

interface Job {
  committed: (t: Tip) => void;
  durable: () => void;
  /** Refuses whichever of the two promises is still open. */
  fail: (e: unknown) => void;
}

type Reply =
  | { ready: true }
  | { ready: false; error: string }
  | { id: number; seq: number; hash: string }
  | { id: number; durable: true }
  | { id: number; durable: false; error: string }
  | { id: number; error: string }
  | { closed: true };

/**
 * Starts the writer thread for this database, or returns null where it cannot have a second
 * connection (an in-memory SQLite database). Rejects when the thread cannot open its connection.
 */
export async function startThreadCommitter(
  db: Db,
  databaseUrl: string | null,
  chain: string,
  algorithm: HashAlgorithm,
  onWorker?: (worker: Worker) => void,
): Promise<ThreadCommitter | null> {
  if (db.dialect === 'sqlite' && (!db.sqlitePath || db.sqlitePath === ':memory:' || db.sqlitePath.startsWith('file::memory:'))) return null;
  if (db.dialect === 'postgres' && !databaseUrl) return null;
  const require = createRequire(import.meta.url);
  const text = appendSql(db.dialect);
  const worker = new Worker(PROGRAM, {
    eval: true,
    workerData: {
      dialect: db.dialect,
      driver: require.resolve(db.dialect === 'sqlite' ? 'better-sqlite3' : 'pg'),
      sqlitePath: db.sqlitePath,
      databaseUrl,
      chain,
      algorithm,
      prefix: canonicalHead(chain, 0).slice(0, -1), // '{"chain":"…","seq":' — the thread appends the seq
      columns: EVENT_COLUMNS,
      // The statements of store.ts (appendSql): the thread runs the same SQL as the event loop.
      sql: { lockHead: text.lockHead, moveHead: text.moveHead, insertArrays: text.insertArrays, insertRows: Object.fromEntries(INSERT_CHUNKS.map((n) => [n, text.insertRows(n)])) },
      chunks: INSERT_CHUNKS,
      busyMs: SQLITE_BUSY_MS,
      writeIntent: db.writeIntent,
      yieldMs: YIELD_TO_MAIN_MS,
    },
  });
  const jobs = new Map<number, Job>();
  let nextId = 1;
  let failed: Error | null = null;
  let onClosed: (() => void) | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: Reply) => {
      if ('ready' in m) {
        if (m.ready) resolve();
        else reject(new Error(`audit writer thread: ${m.error}`));
        return;
      }
      if ('closed' in m) {
        onClosed?.();
        return;
      }
      const job = jobs.get(m.id);
      if (!job) return;
      if ('seq' in m) {
        job.committed({ seq: Number(m.seq), hash: m.hash });
        return;
      }
      jobs.delete(m.id);
      if (jobs.size === 0) worker.unref();
      if ('durable' in m && m.durable) job.durable();
      else job.fail(new Error(`audit writer thread: ${m.error}`));
    });
    const fail = (e: Error) => {
      failed ??= e;
      reject(e);
      for (const j of jobs.values()) j.fail(e);
      jobs.clear();
      onClosed?.();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`audit writer thread exited (${code})`)));
  });
  try {
    await ready;
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  // The thread keeps the process alive only while a commit is pending: a process that forgets
  // to close the audit log still exits (its last events written), as with the inline writer.
  worker.unref();
  onWorker?.(worker);
  let closing: Promise<void> | null = null;
  return {
    alive: () => failed === null,
    commit(contents, now) {
      if (failed) return Promise.reject(failed);
      if (closing) return Promise.reject(new Error('the audit writer thread is closed'));
      const rows = new Array<EventArray>(contents.length);
      const tails = new Array<string>(contents.length);
      for (let i = 0; i < contents.length; i++) {
        const r = eventArray('', 0, contents[i]!); // the thread fills in chain and seq
        rows[i] = r;
        tails[i] = canonicalTail(r);
      }
      const id = nextId++;
      let durable!: Promise<void>;
      const committed = new Promise<{ tip: Tip; durable: Promise<void> }>((resolveCommit, rejectCommit) => {
        durable = new Promise<void>((resolveDurable, rejectDurable) => {
          let tip: Tip | null = null;
          if (jobs.size === 0) worker.ref();
          jobs.set(id, {
            committed: (t) => {
              tip = t;
              resolveCommit({ tip: t, durable });
            },
            durable: resolveDurable,
            fail: (e) => (tip ? rejectDurable(e) : rejectCommit(e)),
          });
        });
      });
      worker.postMessage({ id, rows, tails, now });
      return committed;
    },
    close() {
      closing ??= (async () => {
        if (!failed) {
          await new Promise<void>((resolve) => {
            onClosed = resolve;
            worker.ref(); // until it has closed its connection
            worker.postMessage({ close: true });
          });
        }
        worker.removeAllListeners('exit');
        await worker.terminate();
      })();
      return closing;
    },
  };
}
