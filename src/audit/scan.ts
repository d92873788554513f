import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Db } from '../core/db/database.js';
import { COL_HASH, COL_PREV, COL_SEQ, EVENT_COLUMNS, canonicalRow, type EventArray } from './chain.js';
import type { HashAlgorithm } from './types.js';

/**
 * The reading and hashing half of verification: a seq range of a chain is read with one query
 * and every row's hash recomputed. What the rows mean (links, gaps, moved rows) is judged in
 * verify.ts.
 */

/** One seq range of a chain: seq, prev_hash, hash and canonical text per row, in seq order. */
export interface Page {
  seqs: number[];
  prevs: string[];
  hashes: string[];
  /** The bytes each hash covers after prev_hash (chain.ts `canonicalRow`, or the database's spelling of it). */
  canons: (string | Uint8Array)[];
  /** Full rows, fetched on demand for the rows that need a closer look. */
  full: (EventArray | undefined)[];
}

/** Reads a chain by seq range. Ranges rather than LIMIT pages: no sort even with stale planner statistics. */
export interface RangeSource {
  /** Rows with from < seq ≤ to. */
  read(from: number, to: number): Promise<Page>;
  /** The smallest seq above `after`, or null. */
  nextSeq(after: number): Promise<number | null>;
  /** Full rows by seq (undefined where none). */
  rows(seqs: number[]): Promise<(EventArray | undefined)[]>;
}

/** chain.ts `canonicalRow` as an SQL expression, given how the dialect spells a JSON string. */
function canonicalSql(quote: (column: string) => string, seq: string): string {
  return (
    "'{' || " +
    EVENT_COLUMNS.slice(0, 16)
      .map((c) => (c === 'seq' ? `'"seq":' || ${seq}` : c === 'detail' ? `'"detail":' || coalesce(detail, 'null')` : `'"${c}":' || ${quote(c)}`))
      .join(" || ',' || ") +
    " || '}'"
  );
}

/**
 * The canonical text built by the database, so rows need not cross as 18 columns and the bytes
 * arrive ready to hash. Only a speed-up: a row whose bytes do not hash to its stored hash is
 * re-read in full and judged by chain.ts's canonical form (verify.ts), so the database's
 * spelling never decides alone. Both spell JSON strings exactly as JSON.stringify does (a test
 * holds them to it), and the encoding is injective, so altered values cannot spell the
 * original bytes either.
 */
export const CANONICAL_SQL = canonicalSql((c) => `coalesce(pg_catalog.to_json(${c})::text, 'null')`, 'seq::text');
export const SQLITE_CANONICAL_SQL = `cast(${canonicalSql((c) => `json_quote(${c})`, 'seq')} as blob)`;

const COLS = EVENT_COLUMNS.join(', ');

function emptyPage(n: number): Page {
  return { seqs: new Array(n), prevs: new Array(n), hashes: new Array(n), canons: new Array(n), full: new Array(n) };
}

/**
 * Where verification reads: on SQLite through the Kysely connection lock, so a read never lands
 * inside another caller's open transaction; on PostgreSQL through the pool.
 */
export function dbSource(db: Db, chain: string): RangeSource {
  if (db.sqlite) {
    const sqlite = db.sqlite;
    const lean = sqlite.prepare(`select seq, prev_hash, hash, ${SQLITE_CANONICAL_SQL} from audit_event where chain = ? and seq > ? and seq <= ? order by seq`).raw(true);
    const full = sqlite.prepare(`select ${COLS} from audit_event where chain = ? and seq > ? and seq <= ? order by seq`).raw(true);
    const next = sqlite.prepare('select min(seq) from audit_event where chain = ? and seq > ?').pluck();
    const bySeq = sqlite.prepare(`select ${COLS} from audit_event where chain = ? and seq = ?`).raw(true);
    const lock = <T>(f: () => T) => db.kysely.connection().execute(async () => f());
    return {
      read: (from, to) =>
        lock(() => {
          let rows: [number, string, string, Uint8Array][];
          try {
            rows = lean.all(chain, from, to) as [number, string, string, Uint8Array][];
          } catch {
            // json_quote refuses a BLOB planted in a text column: read this range in full instead.
            const all = full.all(chain, from, to) as EventArray[];
            const page = emptyPage(all.length);
            all.forEach((r, i) => {
              page.seqs[i] = Number(r[COL_SEQ]);
              page.prevs[i] = String(r[COL_PREV]);
              page.hashes[i] = String(r[COL_HASH]);
              page.canons[i] = canonicalRow(r, Number(r[COL_SEQ]));
            });
            return page;
          }
          const page = emptyPage(rows.length);
          for (let i = 0; i < rows.length; i++) {
            const r = rows[i];
            page.seqs[i] = Number(r[0]);
            page.prevs[i] = String(r[1]);
            page.hashes[i] = String(r[2]);
            page.canons[i] = r[3];
          }
          return page;
        }),
      nextSeq: (after) =>
        lock(() => {
          const v = next.get(chain, after) as number | null | undefined;
          return v === null || v === undefined ? null : Number(v);
        }),
      rows: (seqs) => lock(() => seqs.map((s) => bySeq.get(chain, s) as EventArray | undefined)),
    };
  }
  const pool = db.pool;
  if (!pool) throw new Error('verify: database has neither a SQLite handle nor a PostgreSQL pool');
  const query = async (text: string, values: unknown[]) => (await pool.query({ text, values, rowMode: 'array' })).rows as unknown[][];
  const range = `select seq, prev_hash, hash, ${CANONICAL_SQL} from audit_event where chain = $1 and seq > $2 and seq <= $3 order by seq`;
  return {
    async read(from, to) {
      const rows = (await query(range, [chain, from, to])) as [number, string, string, string][];
      const page = emptyPage(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        page.seqs[i] = Number(r[0]);
        page.prevs[i] = String(r[1]);
        page.hashes[i] = String(r[2]);
        page.canons[i] = String(r[3]);
      }
      return page;
    },
    async nextSeq(after) {
      const v = (await query('select min(seq) from audit_event where chain = $1 and seq > $2', [chain, after]))[0]?.[0];
      return v === null || v === undefined ? null : Number(v);
    },
    async rows(seqs) {
      const r = (await query(`select ${COLS} from audit_event where chain = $1 and seq = any($2::bigint[])`, [chain, seqs])) as EventArray[];
      const bySeq = new Map(r.map((x) => [Number(x[COL_SEQ]), x]));
      return seqs.map((s) => bySeq.get(s));
    },
  };
}

/** Hashes a page and says which rows match their stored hash: on this thread or in a worker. */
export interface Hasher {
  check(alg: HashAlgorithm, page: Page): Promise<Uint8Array>;
  close(): Promise<void>;
}

function compare(page: Page, digest: (i: number) => string): Uint8Array {
  const ok = new Uint8Array(page.seqs.length);
  for (let i = 0; i < ok.length; i++) ok[i] = digest(i) === page.hashes[i] ? 1 : 0;
  return ok;
}

export class InlineHasher implements Hasher {
  async check(alg: HashAlgorithm, page: Page): Promise<Uint8Array> {
    return compare(page, (i) => createHash(alg).update(page.prevs[i]).update(page.canons[i]).digest('hex'));
  }
  async close() {}
}

// The worker only hashes byte ranges of one buffer; it never builds canonical text, so the
// worker can be this small inline script. Buffers travel both ways by transfer, not copy, and
// are reused (allocating ~1 MB of external memory per range makes V8 collect far more).
const HASH_WORKER = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.on('message', ({ id, alg, bytes, offsets }) => {
  const b = Buffer.from(bytes);
  let out = '';
  for (let i = 0; i + 1 < offsets.length; i++) out += createHash(alg).update(b.subarray(offsets[i], offsets[i + 1])).digest('hex');
  parentPort.postMessage({ id, digests: out, bytes }, [bytes]);
});`;

/**
 * Hashing in a worker thread, while this thread reads and serializes the next range. (Reading
 * itself does not speed up on a second thread: two SQLite connections read no faster than one.)
 */
export class WorkerHasher implements Hasher {
  private nextId = 0;
  private readonly jobs = new Map<number, { resolve: (d: string) => void; reject: (e: unknown) => void }>();
  private readonly spare: ArrayBuffer[] = [];
  private failed: unknown = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: { id: number; digests: string; bytes: ArrayBuffer }) => {
      if (this.spare.length < 4) this.spare.push(m.bytes);
      this.jobs.get(m.id)?.resolve(m.digests);
      this.jobs.delete(m.id);
    });
    const fail = (e: unknown) => {
      this.failed = e;
      for (const j of this.jobs.values()) j.reject(e);
      this.jobs.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('verify worker exited')));
  }

  static start(): WorkerHasher | null {
    try {
      return new WorkerHasher(new Worker(HASH_WORKER, { eval: true }));
    } catch {
      return null;
    }
  }

  private buffer(size: number): ArrayBuffer {
    const i = this.spare.findIndex((b) => b.byteLength >= size);
    if (i >= 0) return this.spare.splice(i, 1)[0];
    return new ArrayBuffer(Math.max(size, 1 << 20));
  }

  async check(alg: HashAlgorithm, page: Page): Promise<Uint8Array> {
    if (this.failed) throw this.failed;
    const n = page.seqs.length;
    let cap = 0;
    for (let i = 0; i < n; i++) cap += page.prevs[i].length + page.canons[i].length;
    // (Strings may need up to 3 UTF-8 bytes per UTF-16 unit; byte arrays are exact.)
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    const ab = this.buffer(cap * 3);
    const bytes = Buffer.from(ab);
    const offsets = new Int32Array(n + 1);
    let pos = 0;
    for (let i = 0; i < n; i++) {
      pos += bytes.write(page.prevs[i], pos, 'utf8');
      const c = page.canons[i];
      if (typeof c === 'string') pos += bytes.write(c, pos, 'utf8');
      else {
        bytes.set(c, pos);
        pos += c.length;
      }
      offsets[i + 1] = pos;
    }
    const id = this.nextId++;
    const digests = await new Promise<string>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      this.worker.postMessage({ id, alg, bytes: ab, offsets }, [ab, offsets.buffer]);
    });
    return compare(page, (i) => digests.slice(i * 64, i * 64 + 64));
  }

  async close() {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
