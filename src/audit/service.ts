import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { sql, type Transaction } from 'kysely';
import pino from 'pino';
import { stringify } from 'csv-stringify/sync';
import type { Config } from '../core/config.js';
import type { Db } from '../core/db/database.js';
import type { Database } from '../core/db/schema.js';
import { iso, type Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { AuditEvent, AuditInput, AuditWriter, HashAlgorithm, VerifyResult } from './types.js';
import { GENESIS, canonicalEvent, canonicalJson, chainHash, checkpointPayload, type EventContent } from './chain.js';
import { loadSigningKey, type SigningKey } from './keys.js';
import { appendStatements, getEvent, listEvents, type AppendStatements, type AuditFilter, type Position } from './store.js';
import { META_HASH_ALGORITHM, META_KEY_PREFIX, verifyAuditLog } from './verify.js';
import type { AuditEventTable } from './tables.js';
import { startThreadCommitter, type Content, type ThreadCommitter, type Tip } from './writer-thread.js';
import './messages.js';

export type { AuditFilter } from './store.js';
export type { AuditEvent, BreakReason, VerifyBreak, VerifyResult } from './types.js';

export interface AuditQuery extends AuditFilter {
  /** Page size: default 50, at most 500. */
  limit?: number;
  /** Opaque position returned as `nextCursor` by the previous page. */
  cursor?: string;
}

/** Counters of the writer (for tests and the benchmark). */
export interface AuditStats {
  /** Database transactions that appended events (group commits plus transact() calls). */
  transactions: number;
  /** Events appended. */
  events: number;
  /** Group commits of the append() queue. */
  flushes: number;
  /** Most events written by one group commit. */
  largestBatch: number;
  /** Checkpoints this process signed. */
  checkpoints: number;
  /** Whether group commits run on the writer thread (docs/adr/0019) or on the event loop. */
  writer: 'thread' | 'inline';
}

export interface AuditService extends AuditWriter {
  /** This node's chain id (config.nodeId). */
  readonly chain: string;
  /** The chain's hash algorithm as fixed in the database at first start. */
  readonly algorithm: HashAlgorithm;
  query(filter: AuditQuery): Promise<{ items: AuditEvent[]; nextCursor: string | null }>;
  get(chain: string, seq: number): Promise<AuditEvent | null>;
  /** Verifies every chain in the database (see verify.ts). Concurrent calls share one run. */
  verify(opts?: { onProgress?: (done: number, total: number) => void }): Promise<VerifyResult>;
  /** Writes the matching events as CSV (UTF-8 BOM, header row) page by page; returns the count. Does not end `out`. */
  exportCsv(filter: AuditFilter, out: NodeJS.WritableStream): Promise<number>;
  /** Signs a checkpoint at the chain's current head (no-op when it is already signed). */
  checkpoint(): Promise<void>;
  stats(): AuditStats;
}

/** What the writer logs through (pino-compatible). */
export interface AuditLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface OpenAuditOptions {
  db: Db;
  config: Config;
  clock: Clock;
  logger?: AuditLogger;
  /** Defaults to the key in config.dataDir (see keys.ts). */
  signingKey?: SigningKey;
  /** Called with the writer thread once it runs (tests stop it to check the fallback). */
  onWriterThread?: (worker: Worker) => void;
}

const ACTOR_TYPES = new Set(['user', 'token', 'system', 'anonymous', 'cli']);
const RESULTS = new Set(['success', 'failure', 'denied']);
/** Events written by one group commit at most; the rest go into the next. */
const MAX_BATCH = 5000;
/**
 * With the writer thread, a batch leaves as soon as this many events wait, without waiting for the
 * end of the event loop's turn: one turn can read fifty requests at once (a synchronous SQLite
 * lookup each), and the thread commits the first of them while the loop still answers the rest.
 */
const THREAD_EAGER_BATCH = 16;
/** Batches handed to the writer thread and not yet committed, at most (the rest wait their turn). */
const THREAD_IN_FLIGHT = 4;
/** A checkpoint is signed at least this often while events arrive. */
const CHECKPOINT_INTERVAL_MS = 5000;
const PAGE = 1000;

interface Pending {
  content: Content;
  resolve: () => void;
  reject: (e: unknown) => void;
}

function text(v: unknown, field: string, max: number, nullable: true): string | null;
function text(v: unknown, field: string, max: number, nullable: false): string;
function text(v: unknown, field: string, max: number, nullable: boolean): string | null {
  if (v === null || v === undefined) {
    if (nullable) return null;
    throw new TypeError(`audit event: ${field} is required`);
  }
  if (typeof v !== 'string') throw new TypeError(`audit event: ${field} must be a string`);
  // Over-long values are cut rather than refused: losing the event would be worse.
  return v.length > max ? v.slice(0, max) : v;
}

/** Checks a caller's event and turns it into the stored columns (minus chain, seq and hashes). */
function toContent(e: AuditInput, time: string): Content {
  if (!e || typeof e !== 'object') throw new TypeError('audit event must be an object');
  if (!ACTOR_TYPES.has(e.actorType)) throw new TypeError(`audit event: unknown actorType ${String(e.actorType)}`);
  if (!RESULTS.has(e.result)) throw new TypeError(`audit event: unknown result ${String(e.result)}`);
  const action = text(e.action, 'action', 200, false);
  if (!action) throw new TypeError('audit event: action is required');
  return {
    time,
    actor_type: e.actorType,
    actor_id: text(e.actorId, 'actorId', 200, true),
    actor_name: text(e.actorName, 'actorName', 200, false),
    unit_id: text(e.unitId, 'unitId', 200, true),
    action,
    target_type: text(e.targetType, 'targetType', 200, true),
    target_id: text(e.targetId, 'targetId', 500, true),
    result: e.result,
    purpose: text(e.purpose, 'purpose', 2000, true),
    grant_id: text(e.grantId, 'grantId', 200, true),
    client_ip: text(e.clientIp, 'clientIp', 100, true),
    request_id: text(e.requestId, 'requestId', 200, true),
    detail: e.detail === null || e.detail === undefined ? null : canonicalJson(e.detail),
  };
}

export function presentEvent(r: AuditEventTable): AuditEvent {
  let detail: Record<string, unknown> | null = null;
  if (r.detail !== null) {
    try {
      const v = JSON.parse(r.detail) as unknown;
      detail = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
    } catch {
      // Only a tampered row has unparsable detail; show it as it is rather than fail the listing.
      detail = { raw: r.detail };
    }
  }
  return {
    seq: Number(r.seq),
    chain: r.chain,
    time: r.time,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.actor_name,
    unitId: r.unit_id,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    result: r.result,
    purpose: r.purpose,
    grantId: r.grant_id,
    clientIp: r.client_ip,
    requestId: r.request_id,
    detail,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function encodeCursor(r: { time: string; chain: string; seq: number }): string {
  return Buffer.from(JSON.stringify([r.time, r.chain, Number(r.seq)])).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 3 && typeof v[0] === 'string' && typeof v[1] === 'string' && Number.isSafeInteger(v[2])) {
      return { time: v[0], chain: v[1], seq: v[2] as number };
    }
  } catch {
    // fall through
  }
  throw new AppError(400, 'invalid_cursor', 'audit.bad_cursor');
}

/** Trims the filter and turns from/to into ISO-8601 UTC instants; a bad time is a 400 (code invalid_time). */
export function normalizeFilter(f: AuditFilter): AuditFilter {
  const out: AuditFilter = {};
  for (const k of ['actor', 'unitId', 'action', 'targetType', 'targetId', 'result'] as const) {
    const v = f[k];
    if (typeof v === 'string' && v.trim()) (out as Record<string, string>)[k] = v.trim();
  }
  for (const k of ['from', 'to'] as const) {
    const v = f[k];
    if (typeof v !== 'string' || !v.trim()) continue;
    const d = new Date(v.trim());
    if (Number.isNaN(d.getTime())) throw new AppError(400, 'invalid_time', 'audit.bad_time', { field: k, value: v });
    out[k] = d.toISOString();
  }
  return out;
}

const CSV_COLUMNS = [
  'seq', 'chain', 'time', 'actorType', 'actorId', 'actorName', 'unitId', 'action', 'targetType', 'targetId',
  'result', 'purpose', 'grantId', 'clientIp', 'requestId', 'detail', 'prevHash', 'hash',
] as const;

/** Spreadsheet programs run cells starting with these as formulas (CSV injection); such cells get a leading apostrophe. */
function cell(v: string | null): string {
  if (v === null) return '';
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function csvRow(r: AuditEventTable): string[] {
  return [
    String(r.seq), cell(r.chain), r.time, cell(r.actor_type), cell(r.actor_id), cell(r.actor_name), cell(r.unit_id), cell(r.action),
    cell(r.target_type), cell(r.target_id), cell(r.result), cell(r.purpose), cell(r.grant_id), cell(r.client_ip), cell(r.request_id),
    r.detail ?? '', r.prev_hash, r.hash,
  ];
}

function waitDrain(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: unknown) => {
      out.removeListener('drain', onDrain);
      out.removeListener('close', onClose);
      out.removeListener('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('export stream closed before the export finished'));
    const onError = (e: unknown) => done(e);
    out.once('drain', onDrain);
    out.once('close', onClose);
    out.once('error', onError);
  });
}

/**
 * Opens the audit log of this node: fixes the hash algorithm on first start, records the
 * signing key's public half, makes sure the chain's head row exists, and starts the writer.
 *
 * Writes never keep the chain head in memory: each transaction locks the head row
 * (`UPDATE audit_head …`: a row lock on PostgreSQL, the write lock on SQLite), reads the tip,
 * chains its events and moves the tip. So the server, the CLI and several PostgreSQL nodes can
 * share a database safely.
 */
export async function openAudit(opts: OpenAuditOptions): Promise<AuditService> {
  const { db, config, clock } = opts;
  const k = db.kysely;
  const log: AuditLogger = opts.logger ?? pino({ level: config.logLevel, name: 'audit' }, process.stderr);
  const key = opts.signingKey ?? loadSigningKey(config.dataDir);
  const chain = config.nodeId;

  await k
    .insertInto('audit_meta')
    .values({ key: META_HASH_ALGORITHM, value: config.auditHash })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const stored = await k.selectFrom('audit_meta').select('value').where('key', '=', META_HASH_ALGORITHM).executeTakeFirstOrThrow();
  const algorithm = stored.value as HashAlgorithm;
  if (algorithm !== 'sm3' && algorithm !== 'sha256') throw new Error(`audit_meta: unknown hash algorithm ${stored.value}`);
  if (algorithm !== config.auditHash) {
    log.warn({ configured: config.auditHash, stored: algorithm }, 'audit hash algorithm is fixed when the database is initialised; keeping the stored one');
  }
  await k
    .insertInto('audit_meta')
    .values({
      key: META_KEY_PREFIX + key.keyId,
      value: JSON.stringify({ algorithm: key.algorithm, publicKey: key.publicKeyPem, addedAt: iso(clock.now()), node: chain }),
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();

  const head = await k.selectFrom('audit_head').select(['seq', 'hash']).where('chain', '=', chain).executeTakeFirst();
  if (!head) {
    // A chain that has events but lost its head row continues from its last event, never restarts.
    const last = await k.selectFrom('audit_event').select(['seq', 'hash']).where('chain', '=', chain).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    await k
      .insertInto('audit_head')
      .values({ chain, seq: last ? Number(last.seq) : 0, hash: last?.hash ?? GENESIS, updated_at: iso(clock.now()) })
      .onConflict((oc) => oc.column('chain').doNothing())
      .execute();
  }
  const lastCp = await k
    .selectFrom('audit_checkpoint')
    .select(sql<number | null>`max(seq)`.as('seq'))
    .where('chain', '=', chain)
    .executeTakeFirst();

  // Group commits of append() on a writer thread (docs/adr/0019) unless configured inline or
  // the database cannot take a second connection (in-memory SQLite).
  const committer = config.auditWriter === 'thread' ? await startThreadCommitter(db, config.databaseUrl, chain, algorithm, opts.onWriterThread) : null;
  const writer = new Writer(db, chain, algorithm, clock, key, log, config, Number(lastCp?.seq ?? 0), Number(head?.seq ?? 0), committer);
  return writer;
}

class Writer implements AuditService {
  private queue: Pending[] = [];
  private active = false;
  private drained: Promise<void> = Promise.resolve();
  /** The durability wait of the last group commit (never rejects: its callers get the error). */
  private synced: Promise<void> = Promise.resolve();
  private closed = false;
  private closing: Promise<void> | null = null;
  private cpQueue: Promise<unknown> = Promise.resolve();
  private lastCpTime: number;
  private verifying: Promise<VerifyResult> | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly counters: Omit<AuditStats, 'writer'> = { transactions: 0, events: 0, flushes: 0, largestBatch: 0, checkpoints: 0 };
  private readonly statements: AppendStatements;
  /** Thread batches sent and not yet committed; a send is pending for the end of this turn. */
  private inFlight = 0;
  private sendScheduled = false;
  /** Settles when every batch sent to the thread so far has been answered (durable or refused). */
  private threadSettled: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    readonly chain: string,
    readonly algorithm: HashAlgorithm,
    private readonly clock: Clock,
    private readonly key: SigningKey,
    private readonly log: AuditLogger,
    private readonly config: Config,
    private lastCpSeq: number,
    private headSeq: number,
    private committer: ThreadCommitter | null,
  ) {
    this.lastCpTime = clock.now().getTime();
    this.statements = appendStatements(db);
    this.timer = setInterval(() => this.maybeCheckpoint(), CHECKPOINT_INTERVAL_MS);
    this.timer.unref();
  }

  // ---- write side -------------------------------------------------------------------------

  append(event: AuditInput): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the audit log is closed'));
    let content: Content;
    try {
      content = toContent(event, iso(this.clock.now()));
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ content, resolve, reject });
      this.kick();
    });
  }

  async transact<T>(work: (trx: Transaction<Database>) => Promise<{ value: T; events: AuditInput[] }>): Promise<T> {
    if (this.closed) throw new Error('the audit log is closed');
    let last = { seq: 0, hash: GENESIS };
    let n = 0;
    const value = await this.db.kysely.transaction().execute(async (trx) => {
      const { value, events } = await work(trx);
      if (events.length) {
        const time = iso(this.clock.now());
        last = await this.appendInTransaction(trx, events.map((e) => toContent(e, time)));
        n = events.length;
      }
      return value;
    });
    if (n) {
      await this.db.durable();
      this.counters.transactions++;
      this.counters.events += n;
      this.afterWrite(last.seq, last.hash);
    }
    return value;
  }

  async flush(): Promise<void> {
    for (;;) {
      if (this.committer && this.queue.length) this.sendToThread(true);
      const settled = this.threadSettled;
      await settled;
      while (this.active) await this.drained;
      await this.synced;
      if (!this.queue.length && this.inFlight === 0 && settled === this.threadSettled) return;
    }
  }

  queueLength(): number {
    return this.queue.length;
  }

  stats(): AuditStats {
    return { ...this.counters, writer: this.committer ? 'thread' : 'inline' };
  }

  async close(): Promise<void> {
    if (!this.closing) {
      this.closed = true;
      clearInterval(this.timer);
      this.closing = (async () => {
        await this.flush();
        await this.committer?.close();
        try {
          await this.checkpoint();
        } catch (e) {
          this.log.error({ err: e }, 'audit: the closing checkpoint could not be signed');
        }
      })();
    }
    return this.closing;
  }

  private kick(): void {
    if (this.committer && !this.active) {
      if (this.committer.alive()) {
        this.sendToThread(this.config.auditFlushMs === 0 && this.queue.length >= THREAD_EAGER_BATCH);
        return;
      }
      // The thread died (the batches it had were refused): later group commits run here.
      this.log.error({}, 'audit: the writer thread is gone; group commits continue on the event loop');
      this.committer = null;
    }
    if (this.active) return;
    this.active = true;
    this.drained = this.run();
  }

  /**
   * The thread's dispatcher (docs/adr/0019): sends what waits as one batch now (`now`: an eager
   * batch is full, or flush() asks) or at the end of this turn (or after GOVSHARE_AUDIT_FLUSH_MS),
   * with at most THREAD_IN_FLIGHT batches uncommitted. The thread commits them in the order sent.
   */
  private sendToThread(now: boolean): void {
    const thread = this.committer;
    if (!thread || !thread.alive()) return void this.kick();
    while (now && this.queue.length && this.inFlight < THREAD_IN_FLIGHT) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      const answered = this.threadBatch(thread, batch).finally(() => {
        this.inFlight--;
        if (this.queue.length) this.sendToThread(this.config.auditFlushMs === 0 || this.queue.length >= MAX_BATCH);
      });
      const before = this.threadSettled;
      this.threadSettled = Promise.all([before, answered]).then(() => undefined);
      if (this.queue.length < THREAD_EAGER_BATCH) break;
    }
    if (!this.queue.length || this.sendScheduled || this.inFlight >= THREAD_IN_FLIGHT) return;
    this.sendScheduled = true;
    const later = () => {
      this.sendScheduled = false;
      if (this.queue.length) this.sendToThread(true);
    };
    if (this.config.auditFlushMs > 0) setTimeout(later, this.config.auditFlushMs);
    else setImmediate(later);
  }

  /** One batch on the thread: its callers hear back once it is durable. Never rejects. */
  private async threadBatch(thread: ThreadCommitter, batch: Pending[]): Promise<void> {
    let done: { tip: Tip; durable: Promise<void> };
    try {
      done = await thread.commit(
        batch.map((p) => p.content),
        iso(this.clock.now()),
      );
    } catch (e) {
      // If the thread died, the next send (sendToThread, after this batch) moves the writer inline.
      for (const p of batch) p.reject(e);
      return;
    }
    this.committed(batch, done.tip, done.durable);
  }

  /** A batch committed: its callers hear back once it is durable; the next batch need not wait for that. */
  private committed(batch: Pending[], tip: Tip, durable: Promise<void>): void {
    this.counters.transactions++;
    this.counters.flushes++;
    this.counters.events += batch.length;
    if (batch.length > this.counters.largestBatch) this.counters.largestBatch = batch.length;
    const synced = durable.then(
      () => {
        for (const p of batch) p.resolve();
      },
      (e: unknown) => {
        for (const p of batch) p.reject(e);
      },
    );
    // flush() waits for every sync still running, not only the last one started.
    this.synced = Promise.all([this.synced, synced]).then(() => undefined);
    this.afterWrite(tip.seq, tip.hash);
  }

  /** The inline flusher: writes everything queued in one transaction, then what queued meanwhile. */
  private async run(): Promise<void> {
    try {
      while (this.queue.length) {
        // Let callers of this turn join the batch; optionally wait longer to gather more.
        if (this.config.auditFlushMs > 0) await sleep(this.config.auditFlushMs);
        else await nextTurn();
        const batch = this.queue.splice(0, MAX_BATCH);
        const contents = batch.map((p) => p.content);
        let last: { seq: number; hash: string };
        try {
          last = await this.db.kysely.transaction().execute((trx) => this.appendInTransaction(trx, contents));
        } catch (e) {
          for (const p of batch) p.reject(e);
          continue;
        }
        this.committed(batch, last, this.db.durable());
      }
    } finally {
      this.active = false;
    }
  }

  /** Locks the chain head, chains the events after it, inserts them and moves the head. Returns the new head. */
  private async appendInTransaction(trx: Transaction<Database>, contents: Content[]): Promise<{ seq: number; hash: string }> {
    const now = iso(this.clock.now());
    const lockHead = () => this.statements.lockHead(trx, this.chain, now);
    let head = await lockHead();
    if (!head) {
      const last = await trx.selectFrom('audit_event').select(['seq', 'hash']).where('chain', '=', this.chain).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      await trx
        .insertInto('audit_head')
        .values({ chain: this.chain, seq: last ? Number(last.seq) : 0, hash: last?.hash ?? GENESIS, updated_at: now })
        .onConflict((oc) => oc.column('chain').doNothing())
        .execute();
      head = await lockHead();
      if (!head) throw new Error(`audit: cannot create the head of chain ${this.chain}`);
    }
    let seq = Number(head.seq);
    let prev = head.hash;
    const rows: AuditEventTable[] = new Array(contents.length);
    for (let i = 0; i < contents.length; i++) {
      seq++;
      const c = contents[i];
      const content: EventContent = { chain: this.chain, seq, ...c };
      const hash = chainHash(this.algorithm, prev, canonicalEvent(content));
      rows[i] = { ...content, prev_hash: prev, hash };
      prev = hash;
    }
    await this.statements.insert(trx, rows);
    await this.statements.moveHead(trx, this.chain, seq, prev, now);
    return { seq, hash: prev };
  }

  // ---- checkpoints --------------------------------------------------------------------------

  private afterWrite(seq: number, hash: string): void {
    if (seq > this.headSeq) this.headSeq = seq;
    this.maybeCheckpoint({ seq, hash });
  }

  /** Signs off the hot path when enough events or time have passed since the last checkpoint. */
  private maybeCheckpoint(at?: { seq: number; hash: string }): void {
    if (this.closed || this.headSeq <= this.lastCpSeq) return;
    const due =
      this.headSeq - this.lastCpSeq >= this.config.auditCheckpointEvery ||
      this.clock.now().getTime() - this.lastCpTime >= CHECKPOINT_INTERVAL_MS;
    if (!due) return;
    // Taken now, so a burst of commits does not queue a signature each.
    this.lastCpTime = this.clock.now().getTime();
    if (at) this.lastCpSeq = Math.max(this.lastCpSeq, at.seq);
    this.enqueueCheckpoint(at).catch((e: unknown) =>
      this.log.error({ err: e }, 'audit: checkpoint could not be signed (events are safe; the next checkpoint will cover them)'),
    );
  }

  checkpoint(): Promise<void> {
    return this.enqueueCheckpoint();
  }

  private enqueueCheckpoint(at?: { seq: number; hash: string }): Promise<void> {
    const p = this.cpQueue.then(() => this.signCheckpoint(at));
    this.cpQueue = p.catch(() => undefined);
    return p;
  }

  /** Signs `at` (a position this process just committed) or else the chain's current head. */
  private async signCheckpoint(at?: { seq: number; hash: string }): Promise<void> {
    const k = this.db.kysely;
    let pos = at;
    if (!pos) {
      const head = await k.selectFrom('audit_head').select(['seq', 'hash']).where('chain', '=', this.chain).executeTakeFirst();
      if (!head || Number(head.seq) === 0) return;
      pos = { seq: Number(head.seq), hash: head.hash };
    }
    const { seq, hash } = pos;
    const last = await k.selectFrom('audit_checkpoint').select(sql<number | null>`max(seq)`.as('seq')).where('chain', '=', this.chain).executeTakeFirst();
    const lastSeq = Number(last?.seq ?? 0);
    if (lastSeq >= seq) {
      this.lastCpSeq = Math.max(this.lastCpSeq, lastSeq);
      return;
    }
    const time = iso(this.clock.now());
    const signature = this.key.sign(checkpointPayload({ chain: this.chain, seq, hash, time }));
    // Another process sharing the chain may have signed the same position meanwhile: either is fine.
    await k
      .insertInto('audit_checkpoint')
      .values({ chain: this.chain, seq, hash, time, algorithm: this.key.algorithm, signature, key_id: this.key.keyId })
      .onConflict((oc) => oc.columns(['chain', 'seq']).doNothing())
      .execute();
    this.lastCpSeq = Math.max(this.lastCpSeq, seq);
    this.lastCpTime = this.clock.now().getTime();
    this.counters.checkpoints++;
  }

  // ---- read side ----------------------------------------------------------------------------

  async query(filter: AuditQuery): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50) || 50, 1), 500);
    const after = filter.cursor ? decodeCursor(filter.cursor) : null;
    const rows = await listEvents(this.db.kysely, normalizeFilter(filter), after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map(presentEvent), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  async get(chain: string, seq: number): Promise<AuditEvent | null> {
    if (!Number.isSafeInteger(seq) || seq < 1) return null;
    const row = await getEvent(this.db.kysely, chain, seq);
    return row ? presentEvent(row) : null;
  }

  verify(opts: { onProgress?: (done: number, total: number) => void } = {}): Promise<VerifyResult> {
    const run = () =>
      verifyAuditLog(this.db, {
        chain: this.chain,
        onProgress: opts.onProgress,
        defaultAlgorithm: this.algorithm,
        trustedKeys: [{ keyId: this.key.keyId, algorithm: this.key.algorithm, publicKeyPem: this.key.publicKeyPem }],
      });
    if (opts.onProgress) return run();
    // Verification reads the whole log: concurrent requests share one run.
    if (!this.verifying) this.verifying = run().finally(() => (this.verifying = null));
    return this.verifying;
  }

  async exportCsv(filter: AuditFilter, out: NodeJS.WritableStream): Promise<number> {
    const f = normalizeFilter(filter);
    const write = async (s: string) => {
      if (!out.write(s)) await waitDrain(out);
    };
    await write('\uFEFF' + stringify([CSV_COLUMNS as unknown as string[]], { record_delimiter: 'windows' }));
    let after: Position | null = null;
    let n = 0;
    for (;;) {
      const rows = await listEvents(this.db.kysely, f, after, PAGE);
      if (!rows.length) break;
      await write(stringify(rows.map(csvRow), { record_delimiter: 'windows' }));
      n += rows.length;
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1];
      after = { time: last.time, chain: last.chain, seq: Number(last.seq) };
    }
    return n;
  }
}
