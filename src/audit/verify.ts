import { availableParallelism } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../core/db/schema.js';
import type { Db } from '../core/db/database.js';
import { COL_HASH, COL_PREV, COL_SEQ, GENESIS, canonicalEvent, canonicalRow, chainHash, checkpointPayload, rowObject } from './chain.js';
import { InlineHasher, WorkerHasher, dbSource, type Hasher, type Page } from './scan.js';
import { signatureVerifier } from './keys.js';
import type { AuditCheckpointTable, AuditEventTable } from './tables.js';
import type { BreakReason, ChainSummary, HashAlgorithm, SignatureAlgorithm, VerifyBreak, VerifyResult } from './types.js';

export interface VerifyOptions {
  onProgress?: (done: number, total: number) => void;
  /** The chain whose head `lastSeq`/`headHash` report (the local node's). */
  chain?: string;
  /** Seq range read per query (default 1,000 on SQLite, 2,500 on PostgreSQL). */
  pageSize?: number;
  /** Public keys trusted besides those recorded in audit_meta (e.g. the data directory's). */
  trustedKeys?: { keyId: string; algorithm: SignatureAlgorithm; publicKeyPem: string }[];
  /** The hash algorithm when the database does not record one (an empty, never opened log). */
  defaultAlgorithm?: HashAlgorithm;
  /**
   * Hash in a worker thread while this thread reads and serializes the next range (default: for
   * logs of 20,000 events or more on a machine with two or more cores).
   */
  parallel?: boolean;
}

export const META_HASH_ALGORITHM = 'hash_algorithm';
export const META_KEY_PREFIX = 'signing_key:';
/** At most this many breaks are listed; a log rewritten wholesale is reported by its first ones. */
export const MAX_BREAKS = 1000;
/** Broken rows examined in detail per chain; beyond this only counted. */
const MAX_ANOMALIES = 10_000;
/** How far a moved row is looked for around its stored position before asking the database. */
const NEAR = 16;

type Row = AuditEventTable;

/** A row that does not continue the chain where it is stored (or a run of them shifted alike). */
interface Anomaly {
  /** Stored seq (of the run's first row). */
  s: number;
  row: Row;
  /** Its hash matches its content at its stored seq. */
  selfOk: boolean;
  /** Its prev_hash is the stored hash of the row stored before it. */
  linkOk: boolean;
  /** First seq of a gap just before it (seqs gapFrom..s-1 are absent). */
  gapFrom: number | null;
  /** The seq its content was hashed at (its true position), when found. */
  t: number | null;
  /** A run of rows shifted alike ends at this stored seq. */
  runEnd: number;
  /** The row stored just before it. */
  prev: { seq: number; hash: string } | null;
  /** Stored seq of the row whose hash its prev_hash names: 0 for genesis, null when no row has it. */
  pred?: number | null;
}

interface KeyInfo {
  algorithm: SignatureAlgorithm;
  check: (data: string, signature: string) => boolean;
}

/** Reads the audit_meta settings verification depends on. */
export async function readMeta(db: Kysely<Database>): Promise<{ algorithm: HashAlgorithm | null; keys: Map<string, { algorithm: SignatureAlgorithm; publicKeyPem: string }> }> {
  const rows = await db.selectFrom('audit_meta').select(['key', 'value']).execute();
  let algorithm: HashAlgorithm | null = null;
  const keys = new Map<string, { algorithm: SignatureAlgorithm; publicKeyPem: string }>();
  for (const r of rows) {
    if (r.key === META_HASH_ALGORITHM) algorithm = r.value as HashAlgorithm;
    else if (r.key.startsWith(META_KEY_PREFIX)) {
      try {
        const v = JSON.parse(r.value) as { algorithm: SignatureAlgorithm; publicKey: string };
        keys.set(r.key.slice(META_KEY_PREFIX.length), { algorithm: v.algorithm, publicKeyPem: v.publicKey });
      } catch {
        // A mangled key record leaves its checkpoints unverifiable; they are reported as such.
      }
    }
  }
  return { algorithm, keys };
}

/**
 * Verifies every chain of the log: recomputes each event's hash, follows the prev_hash links,
 * compares with the head rows and checks every signed checkpoint, and names each break by seq
 * and reason. Streams the events a page at a time; memory stays flat however long the log.
 */
export async function verifyAuditLog(database: Db, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const started = performance.now();
  const db = database.kysely;
  // Measured best: SQLite 1,000 (pages stay in the young generation), PostgreSQL 2,500 (fewer round trips).
  const pageSize = opts.pageSize ?? (database.sqlite ? 1000 : 2500);
  const counts = await db
    .selectFrom('audit_event')
    .select(['chain', sql<number>`count(*)`.as('n'), sql<number>`min(seq)`.as('lo'), sql<number>`max(seq)`.as('hi')])
    .groupBy('chain')
    .execute();
  const total = counts.reduce((a, c) => a + Number(c.n), 0);
  // The worker starts now, so its start-up overlaps the reading of keys, heads and checkpoints.
  const parallel = opts.parallel ?? (total >= 20_000 && availableParallelism() >= 2);
  const hasher: Hasher = (parallel && WorkerHasher.start()) || new InlineHasher();
  try {
    return await verifyWith(database, opts, pageSize, counts, total, hasher, started);
  } finally {
    await hasher.close();
  }
}

async function verifyWith(
  database: Db,
  opts: VerifyOptions,
  pageSize: number,
  counts: { chain: string; n: number; lo: number; hi: number }[],
  total: number,
  hasher: Hasher,
  started: number,
): Promise<VerifyResult> {
  const db = database.kysely;
  const meta = await readMeta(db);
  const algorithm = meta.algorithm ?? opts.defaultAlgorithm ?? 'sm3';

  const keys = new Map<string, KeyInfo>();
  const addKey = (keyId: string, k: { algorithm: SignatureAlgorithm; publicKeyPem: string }) => {
    try {
      keys.set(keyId, { algorithm: k.algorithm, check: signatureVerifier(k.algorithm, k.publicKeyPem) });
    } catch {
      // An unparsable key verifies nothing; its checkpoints are reported.
    }
  };
  for (const [id, k] of meta.keys) addKey(id, k);
  for (const k of opts.trustedKeys ?? []) addKey(k.keyId, k);

  const heads = await db.selectFrom('audit_head').selectAll().execute();
  const cpRows = await db.selectFrom('audit_checkpoint').selectAll().orderBy('chain').orderBy('seq').execute();
  const chains = [...new Set([...counts.map((c) => c.chain), ...heads.map((h) => h.chain), ...cpRows.map((c) => c.chain)])].sort();
  // Signatures first: independent of the events, and done while the worker starts.
  const signatures = new Map<AuditCheckpointTable, string | null>();
  for (const cp of cpRows) signatures.set(cp, signatureProblem(cp, keys));

  const breaks: VerifyBreak[] = [];
  const summaries: ChainSummary[] = [];
  let done = 0;
  let checkedCheckpoints = 0;
  let newestCheckpoint: AuditCheckpointTable | null = null;
  opts.onProgress?.(0, total);

  for (const chain of chains) {
    const head = heads.find((h) => h.chain === chain) ?? null;
    const cps = cpRows.filter((c) => c.chain === chain);
    const span = counts.find((c) => c.chain === chain);
    const report = await verifyChain(database, chain, algorithm, head, cps, signatures, span, pageSize, hasher, (n) => {
      done += n;
      opts.onProgress?.(done, Math.max(done, total));
    });
    breaks.push(...report.breaks);
    checkedCheckpoints += cps.length;
    for (const c of cps) if (!newestCheckpoint || c.time > newestCheckpoint.time) newestCheckpoint = c;
    summaries.push({ chain, events: report.events, checkpoints: cps.length, lastSeq: report.lastSeq, headHash: report.headHash ?? GENESIS });
  }

  const mine = summaries.find((s) => s.chain === opts.chain) ?? (summaries.length === 1 ? summaries[0] : undefined);
  const listed = breaks.slice(0, MAX_BREAKS);
  return {
    ok: breaks.length === 0,
    checkedEvents: done,
    checkedCheckpoints,
    lastSeq: mine?.lastSeq ?? 0,
    headHash: mine?.headHash ?? GENESIS,
    algorithm,
    signature: newestCheckpoint ? (newestCheckpoint.algorithm as SignatureAlgorithm) : null,
    breaks: listed,
    omittedBreaks: breaks.length - listed.length,
    chains: summaries,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Why a checkpoint's signature does not hold, or null when it does. */
function signatureProblem(cp: AuditCheckpointTable, keys: Map<string, KeyInfo>): string | null {
  const seq = Number(cp.seq);
  const key = keys.get(cp.key_id);
  if (!key) return `checkpoint ${seq} is signed by unknown key ${cp.key_id}`;
  if (key.algorithm !== cp.algorithm || !key.check(checkpointPayload({ chain: cp.chain, seq, hash: cp.hash, time: cp.time }), cp.signature)) {
    return `the signature of checkpoint ${seq} (${cp.time}, key ${cp.key_id}) does not verify`;
  }
  return null;
}

async function verifyChain(
  database: Db,
  chain: string,
  alg: HashAlgorithm,
  head: { seq: number; hash: string } | null,
  cps: AuditCheckpointTable[],
  signatures: Map<AuditCheckpointTable, string | null>,
  span: { n: number; lo: number } | undefined,
  pageSize: number,
  hasher: Hasher,
  progress: (n: number) => void,
): Promise<{ breaks: VerifyBreak[]; events: number; lastSeq: number; headHash: string | null }> {
  const db = database.kysely;
  const headSeq = head ? Number(head.seq) : Infinity;
  const headHash = head?.hash ?? null;
  // Where the head's hash actually sits in the chain (true seq); an edited head seq cannot hide rows.
  let headFound: number | null = null;
  // Hashes seen at the (true) seqs that checkpoints and the head vouch for.
  const watched = new Set<number>(cps.map((c) => Number(c.seq)));
  if (head) watched.add(headSeq);
  const seen = new Map<number, string>();
  const see = (seq: number, hash: string) => {
    if (watched.has(seq)) seen.set(seq, hash);
  };

  const anomalies: Anomaly[] = [];
  let uncollected = 0;
  let firstUncollected = 0;
  let events = 0;
  let lastHash = GENESIS;
  let lastSeq = 0;
  let anomaliesNote: string | null = null;
  // Intact rows past the head read at the start: appended while we verify, or forged.
  let beyondFrom = 0;
  let beyondTo = 0;
  const reader = dbSource(database, chain);

  /** Full rows for the rows that are not simply the next link: re-hashed from the JS canonical form. */
  const closerLook = async (page: Page, ok: Uint8Array) => {
    const need: number[] = [];
    let ph = lastHash;
    let ps = lastSeq;
    for (let i = 0; i < ok.length; i++) {
      if ((!ok[i] || page.prevs[i] !== ph || page.seqs[i] !== ps + 1) && !page.full[i]) need.push(i);
      ph = page.hashes[i];
      ps = page.seqs[i];
    }
    if (!need.length) return;
    const rows = await reader.rows(need.map((i) => page.seqs[i]));
    need.forEach((i, k) => {
      const r = rows[k];
      if (!r) return;
      page.full[i] = r;
      // The database built the canonical text; this side's canonical form is the one that counts.
      if (!ok[i]) ok[i] = chainHash(alg, String(r[COL_PREV]), canonicalRow(r, Number(r[COL_SEQ]))) === r[COL_HASH] ? 1 : 0;
    });
  };

  const check = (page: Page, ok: Uint8Array) => {
    const n = page.seqs.length;
    for (let i = 0; i < n; i++) {
      const s = page.seqs[i];
      const hash = page.hashes[i];
      const prev = page.prevs[i];
      const gap = s !== lastSeq + 1;
      const selfOk = ok[i] === 1;
      const linkOk = prev === lastHash;
      if (selfOk && linkOk && !gap) {
        see(s, hash);
        if (hash === headHash) headFound = s;
        if (s > headSeq) {
          if (!beyondFrom) beyondFrom = s;
          beyondTo = s;
        }
      } else {
        const r = page.full[i];
        if (!r) throw new Error(`verify: row ${chain}#${s} vanished while being verified`);
        const last = anomalies[anomalies.length - 1];
        let extended = false;
        // A run of rows all renumbered by the same offset is one break, not one per row.
        if (!selfOk && linkOk && !gap && last && last.runEnd === s - 1 && last.t !== null && last.t !== last.s) {
          const t = s - (last.s - last.t);
          if (t >= 1 && chainHash(alg, prev, canonicalRow(r, t)) === hash) {
            last.runEnd = s;
            see(t, hash);
            if (hash === headHash) headFound = t;
            extended = true;
          }
        }
        if (!extended) {
          if (anomalies.length >= MAX_ANOMALIES) {
            if (!uncollected) firstUncollected = s;
            uncollected++;
          } else {
            const row = rowObject(r);
            let t: number | null = selfOk ? s : null;
            if (!selfOk) t = findSeq(alg, row, s - NEAR, s + NEAR, s);
            if (t !== null) see(t, hash);
            if (hash === headHash && t !== null) headFound = t;
            anomalies.push({
              s,
              row,
              selfOk,
              linkOk,
              gapFrom: gap ? lastSeq + 1 : null,
              t,
              runEnd: s,
              prev: lastSeq ? { seq: lastSeq, hash: lastHash } : null,
            });
          }
        }
      }
      lastHash = hash;
      lastSeq = s;
      events++;
    }
    progress(n);
  };

  const finish = async ({ page, ok }: { page: Page; ok: Uint8Array }) => {
    if (!page.seqs.length) return;
    await closerLook(page, ok);
    check(page, ok);
  };
  // Pipelined: the next range is read (on PostgreSQL the server works meanwhile) and this one
  // hashed (in the worker) while the previous one is checked here.
  const lo = Number(span?.lo ?? 1);
  let from = Number.isFinite(lo) ? Math.min(lo - 1, 0) : 0;
  let fetching: Promise<Page> | null = reader.read(from, from + pageSize);
  let pending: { page: Page; ok: Promise<Uint8Array> } | null = null;
  while (fetching) {
    const page: Page = await fetching;
    if (page.seqs.length) {
      // After the last row seen, not the range's end: a range read while a commit lands may be
      // cut short (the writer commits seqs in order, so nothing before its last row is missing).
      const lastRead = page.seqs[page.seqs.length - 1];
      from = Number.isFinite(lastRead) ? lastRead : from + pageSize;
      fetching = reader.read(from, from + pageSize);
    } else {
      // An empty range: skip a (tampered) gap in one step, or stop at the end. Searched from the
      // range's start: rows may have been committed into it since it was read.
      const next = await reader.nextSeq(from);
      if (next === null) fetching = null;
      else {
        from = next - 1;
        fetching = reader.read(from, from + pageSize);
      }
    }
    const job = page.seqs.length ? { page, ok: hasher.check(alg, page) } : null;
    if (pending) await finish({ page: pending.page, ok: await pending.ok });
    pending = job;
  }
  if (pending) await finish({ page: pending.page, ok: await pending.ok });

  // Rows no seq range reaches (a seq that is not a number: SQLite stores what it is given).
  const unreachable = Number(span?.n ?? 0) - events;
  if (unreachable > 0) anomaliesNote = `${unreachable} events of this chain have a seq that is not a number`;
  // Writers may have moved the head while we read: rows up to the head as it is now are theirs.
  const headNow = await db.selectFrom('audit_head').select(['seq', 'hash']).where('chain', '=', chain).executeTakeFirst();
  const headNowSeq = headNow ? Number(headNow.seq) : headSeq;

  const breaks = new BreakList(chain);
  const headAt = Math.max(headFound ?? headSeq, headNowSeq);
  await classify(db, chain, alg, anomalies, breaks, seen, cps, lastSeq, headAt);
  if (beyondFrom) {
    let n = 0;
    for (let s = Math.max(beyondFrom, headAt + 1); s <= beyondTo; s++) {
      if (++n > 100) {
        breaks.add(s, 'inserted', `events ${s}–${beyondTo} lie beyond the chain head (${headAt}) too`);
        break;
      }
      breaks.add(s, 'inserted', `event ${s} lies beyond the chain head (${headAt}): it was not written by the audit log`);
    }
  }
  if (uncollected) {
    breaks.add(firstUncollected, 'hash_mismatch', `${uncollected} more broken events from seq ${firstUncollected} on were not examined one by one`);
  }
  if (anomaliesNote) breaks.add(0, 'inserted', anomaliesNote);

  // The true seq of the last stored row (a renumbered tail is counted where it belongs).
  const tail = anomalies[anomalies.length - 1];
  let trueLast = lastSeq;
  if (tail && tail.runEnd === lastSeq && tail.t !== null) trueLast = lastSeq - (tail.s - tail.t);

  const truncated: string[] = [];
  const chainBroken = breaks.size() > 0;
  // Judged by the head as read before the scan: everything up to it had been committed then.
  if (head && (headFound ?? headSeq) > trueLast) truncated.push(`the chain head records ${headSeq} events`);
  if (head && headFound === null && headSeq >= 1 && headSeq <= trueLast) {
    const h = seen.get(headSeq);
    if (h !== undefined && h !== head.hash && !breaks.has(headSeq)) {
      breaks.add(headSeq, 'hash_mismatch', `the chain head records a different hash for event ${headSeq}: the event was rewritten`);
    }
  }
  if (head && headFound !== null && headFound !== headSeq && !chainBroken) {
    breaks.add(headSeq, 'hash_mismatch', `the chain head was edited: it records seq ${headSeq} with the hash of event ${headFound}`);
  }
  for (const cp of cps) {
    const seq = Number(cp.seq);
    const problem = signatures.get(cp);
    if (problem) {
      breaks.add(seq, 'bad_checkpoint_signature', problem);
      continue;
    }
    if (seq > trueLast) {
      truncated.push(`a checkpoint signed at ${cp.time} covers ${seq} events`);
      continue;
    }
    const h = seen.get(seq);
    if (h !== undefined && h !== cp.hash) {
      breaks.add(seq, 'checkpoint_mismatch', `checkpoint ${seq} signed at ${cp.time} vouches for a different hash: events up to ${seq} were rewritten after it was signed`);
    }
  }
  if (truncated.length) {
    breaks.add(trueLast + 1, 'truncated', `the log ends at event ${trueLast}, but ${truncated.join(' and ')}: events from ${trueLast + 1} on were removed`);
  }
  return { breaks: breaks.sorted(), events, lastSeq: trueLast, headHash: headNow?.hash ?? headHash };
}

/** The seq in [from, to] at which the row's content hashes to its stored hash (nearest `near` first). */
function findSeq(alg: HashAlgorithm, row: Row, from: number, to: number, near: number): number | null {
  for (let d = 1; near - d >= from || near + d <= to; d++) {
    for (const cand of [near + d, near - d]) {
      if (cand >= Math.max(1, from) && cand <= to && chainHash(alg, row.prev_hash, canonicalEvent(row, cand)) === row.hash) return cand;
    }
  }
  return null;
}

class BreakList {
  private readonly list: VerifyBreak[] = [];
  private readonly at = new Set<number>();
  constructor(private readonly chain: string) {}
  add(seq: number, reason: BreakReason, detail: string) {
    if (this.list.some((b) => b.seq === seq && b.reason === reason)) return;
    this.list.push({ chain: this.chain, seq, reason, detail });
    this.at.add(seq);
  }
  has(seq: number) {
    return this.at.has(seq);
  }
  size() {
    return this.list.length;
  }
  sorted() {
    return this.list.sort((a, b) => a.seq - b.seq || a.reason.localeCompare(b.reason));
  }
}

/**
 * Explains the rows that did not continue the chain. Uses the hash links as the ground truth
 * of order: a row whose content fits another seq and whose prev_hash names the row before that
 * seq was moved (reordered) or renumbered around an inserted or deleted event.
 */
async function classify(
  db: Kysely<Database>,
  chain: string,
  alg: HashAlgorithm,
  anomalies: Anomaly[],
  breaks: BreakList,
  seen: Map<number, string>,
  cps: AuditCheckpointTable[],
  lastStored: number,
  headAt: number,
): Promise<void> {
  if (!anomalies.length) return;
  const byStored = new Map<number, Anomaly>();
  for (const a of anomalies) byStored.set(a.s, a);
  const cpBySeq = new Map(cps.map((c) => [Number(c.seq), c]));

  // The true seq of a stored row: itself unless it was found to have moved.
  const trueOf = (stored: number): number | null => {
    const a = byStored.get(stored);
    if (a) return a.t;
    // Inside a renumbered run? (anomalies are in stored order)
    let lo = 0;
    let hi = anomalies.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (anomalies[mid].s <= stored) lo = mid;
      else hi = mid - 1;
    }
    const run = anomalies[lo];
    return run.s < stored && stored <= run.runEnd && run.t !== null ? stored - (run.s - run.t) : stored;
  };

  // Where each broken row's prev_hash points: among the rows at hand first, then the database.
  const storedByHash = new Map<string, number>();
  for (const a of anomalies) {
    storedByHash.set(a.row.hash, a.s);
    if (a.prev) storedByHash.set(a.prev.hash, a.prev.seq);
  }
  const wanted = [...new Set(anomalies.filter((a) => !a.linkOk || !a.selfOk).map((a) => a.row.prev_hash))].filter(
    (h) => h !== GENESIS && !storedByHash.has(h),
  );
  for (let i = 0; i < wanted.length; i += 500) {
    const found = await db
      .selectFrom('audit_event')
      .select(['seq', 'hash'])
      .where('chain', '=', chain)
      .where('hash', 'in', wanted.slice(i, i + 500))
      .execute();
    for (const f of found) storedByHash.set(f.hash, Number(f.seq));
  }
  for (const a of anomalies) a.pred = a.row.prev_hash === GENESIS ? 0 : storedByHash.get(a.row.prev_hash) ?? null;

  // Rows whose content fits no nearby seq: try right after the row their prev_hash names.
  for (let pass = 0; pass < 2; pass++) {
    for (const a of anomalies) {
      if (a.t !== null || a.pred === null || a.pred === undefined) continue;
      const tp = a.pred === 0 ? 0 : trueOf(a.pred);
      if (tp === null) continue;
      const cand = tp + 1;
      if (chainHash(alg, a.row.prev_hash, canonicalEvent(a.row, cand)) === a.row.hash) {
        a.t = cand;
        if (cpBySeq.has(cand)) seen.set(cand, a.row.hash);
      }
    }
  }

  // Renumbered runs first: they tell which rows in front of them were forged. A genuine row
  // pushed up by d whose prev_hash names the row right before its true seq means the d rows
  // stored in between belong nowhere in the chain — unless they are genuine rows moved there.
  const inserted = new Map<number, string>();
  const explained = new Set<Anomaly>();
  for (const a of anomalies) {
    if (a.selfOk || a.t === null || a.pred === undefined || a.pred === null) continue;
    const d = a.s - a.t;
    const runLen = a.runEnd - a.s + 1;
    if (d <= 0 || a.pred !== a.t - 1 || trueOf(a.pred) !== a.t - 1) continue;
    let forged = true;
    for (let x = a.t; x < a.s && forged; x++) {
      const ax = byStored.get(x);
      if (ax && ax.t !== null && ax.t !== x) forged = false;
    }
    if (forged) {
      explained.add(a);
      for (let x = a.t; x < a.s; x++) {
        inserted.set(
          x,
          `event ${x} is forged: the genuine event ${a.t} links straight to event ${a.t - 1} and was renumbered to ${a.s}` +
            (runLen > 1 ? ` with the ${runLen - 1} events after it` : ''),
        );
      }
    }
  }

  for (const a of anomalies) {
    if (inserted.has(a.s)) continue;
    if (a.gapFrom !== null) {
      const n = a.s - a.gapFrom;
      breaks.add(a.gapFrom, 'missing', n === 1 ? `event ${a.gapFrom} is missing` : `events ${a.gapFrom}–${a.s - 1} are missing (${n} events)`);
    }
    // Rows past the head were never written by the audit writer (it moves the head in the same transaction).
    const firstTrue = a.t ?? a.s;
    const lastTrue = firstTrue + (a.runEnd - a.s);
    if (firstTrue > headAt) {
      breaks.add(a.s, 'inserted', `event ${a.s} lies beyond the chain head (${headAt}): it was not written by the audit log`);
      continue;
    }
    if (lastTrue > headAt) {
      const at = a.s + (headAt + 1 - firstTrue);
      breaks.add(at, 'inserted', `events from ${at} on lie beyond the chain head (${headAt}): they were not written by the audit log`);
    }
    if (!a.selfOk) {
      if (a.t === null) {
        breaks.add(a.s, 'hash_mismatch', a.linkOk ? `event ${a.s} does not match its hash: its content was altered` : `event ${a.s} matches neither its hash nor its place in the chain: it was altered`);
        continue;
      }
      const d = a.s - a.t;
      const runLen = a.runEnd - a.s + 1;
      if (explained.has(a)) continue; // the forged rows before it are reported
      if (d < 0 && a.pred === null && a.gapFrom === null && a.prev && a.prev.seq === a.s - 1) {
        const from = a.s;
        const to = a.t - 1;
        breaks.add(
          from,
          'missing',
          (from === to ? `event ${from} was deleted` : `events ${from}–${to} were deleted`) +
            ` and the ${runLen} events after it renumbered: event ${a.t} is stored as ${a.s}`,
        );
        continue;
      }
      breaks.add(
        a.s,
        'reordered',
        runLen > 1
          ? `events ${a.s}–${a.runEnd} are the chain's events ${a.t}–${a.t + runLen - 1}, moved`
          : `the event stored as ${a.s} is the chain's event ${a.t}: it was moved`,
      );
      continue;
    }
    if (a.linkOk || a.gapFrom !== null) continue;
    // Intact row that does not link to the row stored before it.
    if (a.pred === 0) {
      breaks.add(a.s, 'inserted', `event ${a.s} claims to start the chain`);
    } else if (a.pred !== null && a.pred !== undefined) {
      const tp = trueOf(a.pred);
      if (tp !== null && tp !== a.s - 1) breaks.add(a.s, 'inserted', `event ${a.s} links to event ${tp} instead of ${a.s - 1}: it is a forged branch`);
    } else if (a.prev && inserted.has(a.prev.seq)) {
      // Follows a forged row: already reported.
    } else {
      const p = a.prev ? a.prev.seq : a.s - 1;
      const vouched = a.prev !== null && cpBySeq.get(p)?.hash === a.prev.hash;
      if (a.s === lastStored || vouched) {
        breaks.add(a.s, 'inserted', `event ${a.s} links to a hash no stored event has: it is forged`);
      } else {
        breaks.add(p, 'hash_mismatch', `event ${p} was rewritten with a recomputed hash: event ${a.s} still links to its original hash`);
      }
    }
  }
  for (const [seq, detail] of inserted) breaks.add(seq, 'inserted', detail);
}
