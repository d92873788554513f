import { randomUUID } from 'node:crypto';
import { iso, type Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { isUniqueViolation } from '../../core/db/query.js';
import { AppError } from '../../core/errors.js';
import type { AuditInput, AuditWriter } from '../../audit/types.js';
import type { AccessDecision, Change, DatasetSchema, ExchangeAccess, ExchangeActor, SignatureAlgorithm } from '../types.js';
import { signatureHeader } from './signing.js';
import * as store from './store.js';
import type { DeliveryRow, SubscriptionRow } from './store.js';

/**
 * The webhook delivery worker. Order is kept by construction: a subscription has at most one
 * open delivery, and the next is only built after the previous one was delivered. A delivery's
 * id and change range are fixed when it is built, so a retry is the same delivery again
 * (receivers de-duplicate by X-GovShare-Delivery). Several nodes may run workers on one
 * database: a node works on a subscription only while it holds its lease.
 */

export interface WorkerLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface WorkerOptions {
  db: Db;
  audit: AuditWriter;
  clock: Clock;
  access: ExchangeAccess;
  nodeId: string;
  timeoutMs: number;
  maxAttempts: number;
  fetchImpl: typeof fetch;
  logger: WorkerLogger;
  /** First retry delay; doubles per attempt up to an hour (default 1 s). */
  backoffBaseMs?: number;
  /** Poll interval (default 500 ms). */
  pollIntervalMs?: number;
  /** How often idle subscriptions are checked for changes committed on other nodes (default 5 s). */
  sweepIntervalMs?: number;
  /** Subscriptions worked on at the same time (default 4). */
  concurrency?: number;
}

/** What one HTTP attempt came to. */
export interface SendResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

const MAX_BACKOFF_MS = 60 * 60_000;
/** Batches one claim may deliver before the subscription goes back in the queue (fairness). */
const BATCHES_PER_CLAIM = 20;
/** Changes read per page when a retry re-reads its range. */
const REREAD_PAGE = 1000;
/** Statuses of `decide` that end a subscription: access revoked or expired, resource gone or no longer served. */
const TERMINAL_STATUS = new Set([403, 404, 409, 410]);

/** Retry delay after `attempts` failed attempts: base·2^(attempts−1), at most an hour, ±10 % jitter. */
export function backoffMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const raw = Math.min(baseMs * 2 ** Math.max(attempts - 1, 0), MAX_BACKOFF_MS);
  return Math.round(raw * (0.9 + 0.2 * random()));
}

/** The identity a delivery reads the data with: the subscription acting for its owner. */
export function subscriptionActor(sub: Pick<SubscriptionRow, 'id' | 'owner_unit_id' | 'owner_system_id'>): ExchangeActor {
  return {
    kind: 'system',
    actorType: 'system',
    actorId: sub.id,
    actorName: `subscription:${sub.id}`,
    unitId: sub.owner_unit_id,
    systemId: sub.owner_system_id,
    roles: [],
    scopes: ['read', 'data:read'],
    clientIp: null,
    requestId: null,
  };
}

/** Short, log-safe text of a failed fetch. */
function errorText(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timeout';
  const detail = err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
  return `network: ${detail}`.slice(0, 500);
}

/** POSTs a signed JSON body. Never throws: every outcome is a SendResult. */
export async function sendSigned(opts: {
  fetchImpl: typeof fetch;
  url: string;
  secret: string;
  algorithm: SignatureAlgorithm;
  subscriptionId: string;
  deliveryId: string;
  event: 'changes' | 'ping';
  body: string;
  nowMs: number;
  timeoutMs: number;
}): Promise<SendResult> {
  const timestamp = Math.floor(opts.nowMs / 1000);
  const started = performance.now();
  try {
    const res = await opts.fetchImpl(opts.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'GovShare-Webhook/1',
        'x-govshare-event': opts.event,
        'x-govshare-delivery': opts.deliveryId,
        'x-govshare-subscription': opts.subscriptionId,
        'x-govshare-timestamp': String(timestamp),
        'x-govshare-signature': signatureHeader(opts.algorithm, opts.secret, timestamp, opts.body),
      },
      body: opts.body,
      // A redirect is an answer, not a delivery: following it could send data to a host the URL rules never checked.
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    // The receiver's answer is not used; drop it so the connection is freed.
    await res.body?.cancel().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, error: ok ? null : `http ${res.status}`, durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    return { ok: false, status: null, error: errorText(e), durationMs: Math.round(performance.now() - started) };
  }
}

interface Admitted {
  schema: DatasetSchema;
  decision: AccessDecision;
}

export interface DeliveryWorker {
  start(): void;
  /** Stops the loop and waits for the deliveries in flight. */
  stop(): Promise<void>;
  /** Processes everything due now, until nothing more is (tests, CLI). */
  runOnce(): Promise<void>;
  /** Work on this resource's subscriptions soon (a commit, a new or resumed subscription). */
  wake(code?: string): void;
}

export function createDeliveryWorker(o: WorkerOptions): DeliveryWorker {
  const { db, audit, clock, access, nodeId, logger } = o;
  const backoffBase = o.backoffBaseMs ?? 1000;
  const pollMs = o.pollIntervalMs ?? 500;
  const sweepMs = o.sweepIntervalMs ?? 5000;
  const concurrency = Math.max(1, o.concurrency ?? 4);
  // Longer than any single attempt, so a lease never runs out while its node is waiting on a receiver.
  const leaseMs = Math.max(30_000, o.timeoutMs * 2);
  const q = db.kysely;

  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;
  let wakeRequested = false;
  let unsubscribe: (() => void) | null = null;
  let lastSweep = 0;
  /** Resources with commits not yet looked at. */
  const dirty = new Set<string>();
  /** Subscriptions with more work than one claim did, or not launched for lack of a free slot. */
  const again = new Set<string>();
  const inFlight = new Map<string, Promise<void>>();

  const later = (ms: number) => iso(new Date(clock.now().getTime() + ms));

  function deliverEvent(sub: SubscriptionRow, decision: AccessDecision | null, result: AuditInput['result'], detail: Record<string, unknown>): AuditInput {
    const who = subscriptionActor(sub);
    return {
      actorType: 'system',
      actorId: who.actorId,
      actorName: who.actorName,
      unitId: who.unitId,
      clientIp: null,
      requestId: null,
      action: 'data.subscription.deliver',
      targetType: 'resource',
      targetId: sub.resource_code,
      result,
      purpose: sub.purpose,
      grantId: decision?.grantId ?? null,
      detail: { subscriptionId: sub.id, ...detail },
    };
  }

  /** Ends a subscription whose owner may no longer read the resource. */
  async function stopSubscription(sub: SubscriptionRow, reason: string, cause: AppError | null): Promise<void> {
    const at = iso(clock.now());
    await audit.transact(async (trx) => {
      const done = await store.updateSubscription(trx, sub.id, 'active', { state: 'stopped', state_reason: reason, updated_at: at });
      if (!done) return { value: undefined, events: [] };
      await store.killOpenDelivery(trx, sub.id, `subscription stopped: ${reason}`);
      const who = subscriptionActor(sub);
      return {
        value: undefined,
        events: [
          {
            actorType: 'system',
            actorId: who.actorId,
            actorName: who.actorName,
            unitId: who.unitId,
            clientIp: null,
            requestId: null,
            action: 'data.subscription.update',
            targetType: 'exchange_subscription',
            targetId: sub.id,
            result: 'success',
            purpose: sub.purpose,
            detail: { resourceCode: sub.resource_code, state: { from: 'active', to: 'stopped' }, reason, code: cause?.code ?? null },
          },
        ],
      };
    });
  }

  /** The owner's current admission, or null when the subscription had to stop. */
  async function admit(sub: SubscriptionRow): Promise<Admitted | null> {
    try {
      const r = await access.decide(subscriptionActor(sub), sub.resource_code, { fresh: true });
      if (!r.schema) {
        await stopSubscription(sub, 'not_tabular', null);
        return null;
      }
      return { schema: r.schema, decision: r.decision };
    } catch (e) {
      if (e instanceof AppError && TERMINAL_STATUS.has(e.status)) {
        await stopSubscription(sub, e.status === 403 ? 'access_revoked' : e.status === 404 ? 'resource_not_found' : e.code, e);
        return null;
      }
      throw e;
    }
  }

  /** The changes of a delivery's range as the owner may see them now (a retry sends the same range). */
  async function rereadRange(a: Admitted, d: DeliveryRow): Promise<Change[]> {
    const out: Change[] = [];
    let after = d.from_seq - 1;
    while (after < d.to_seq) {
      const page = await access.readChanges(a.schema, a.decision, after, Math.min(Math.max(d.to_seq - after, 1), REREAD_PAGE));
      for (const c of page.items) if (c.seq > after && c.seq <= d.to_seq) out.push(c);
      const next = Number(page.nextCursor);
      if (!(next > after) || !page.hasMore) break;
      after = next;
    }
    return out;
  }

  /** One HTTP attempt of a delivery and its bookkeeping; true when it was delivered. */
  async function attempt(sub: SubscriptionRow, d: DeliveryRow, a: Admitted, changes: Change[]): Promise<boolean> {
    if (!(await store.renewLease(q, sub.id, nodeId, later(leaseMs)))) return false;
    const body = JSON.stringify({
      type: 'changes',
      subscriptionId: sub.id,
      deliveryId: d.id,
      resourceCode: sub.resource_code,
      changes,
      cursor: String(d.to_seq),
    });
    const r = await sendSigned({
      fetchImpl: o.fetchImpl,
      url: sub.url,
      secret: sub.secret,
      algorithm: sub.algorithm,
      subscriptionId: sub.id,
      deliveryId: d.id,
      event: 'changes',
      body,
      nowMs: clock.now().getTime(),
      timeoutMs: o.timeoutMs,
    });
    const now = clock.now();
    const at = iso(now);
    const attempts = d.attempts + 1;
    const detail = { deliveryId: d.id, from: d.from_seq, to: d.to_seq, count: changes.length, attempt: attempts, status: r.status };
    // Every attempt is audited, recorded or not: the data left the platform either way. A delivery
    // no longer pending (its subscription was removed meanwhile, or another node recorded it after
    // this node's lease ran out) is not changed again.
    if (r.ok) {
      return audit.transact(async (trx) => {
        const done = await store.settleDelivery(trx, d.id, { state: 'delivered', attempts, last_status: r.status, last_error: null, last_attempt_at: at, delivered_at: at });
        if (done) await store.advanceCursor(trx, sub.id, d.to_seq, at);
        return { value: done, events: [deliverEvent(sub, a.decision, 'success', done ? detail : { ...detail, recorded: false })] };
      });
    }
    const dead = attempts >= o.maxAttempts;
    await audit.transact(async (trx) => {
      const patch: Partial<DeliveryRow> = { attempts, last_status: r.status, last_error: r.error, last_attempt_at: at };
      if (dead) patch.state = 'dead';
      else patch.next_attempt_at = iso(new Date(now.getTime() + backoffMs(attempts, backoffBase)));
      const done = await store.settleDelivery(trx, d.id, patch, d.attempts);
      if (done && dead) {
        // Nothing later is sent while this one is dead: the receiver would see a gap. (Paused meanwhile: dead-lettered all the same, so resuming goes through replay.)
        const to = { state: 'dead_letter' as const, state_reason: 'max_attempts', updated_at: at };
        if (!(await store.updateSubscription(trx, sub.id, 'active', to))) await store.updateSubscription(trx, sub.id, 'paused', to);
      }
      return { value: undefined, events: [deliverEvent(sub, a.decision, 'failure', { ...detail, error: r.error, deadLetter: done && dead, ...(done ? {} : { recorded: false }) })] };
    });
    return false;
  }

  /** Works on one subscription under its lease. Returns true when it has more to do right away. */
  async function processSubscription(id: string): Promise<boolean> {
    const start = clock.now();
    if (!(await store.claimLease(q, id, nodeId, iso(start), iso(new Date(start.getTime() + leaseMs))))) return false;
    try {
      for (let i = 0; i < BATCHES_PER_CLAIM; i++) {
        const sub = await store.findSubscription(q, id);
        if (!sub || sub.state !== 'active' || sub.lease_owner !== nodeId) return false;
        const open = await store.openDelivery(q, id);
        const now = clock.now();
        if (open) {
          if (open.state !== 'pending' || open.next_attempt_at > iso(now)) return false;
          const a = await admit(sub);
          if (!a) return false;
          if (!(await attempt(sub, open, a, await rereadRange(a, open)))) return false;
          continue;
        }
        const a = await admit(sub);
        if (!a || a.schema.lastSeq <= sub.cursor) return false;
        const page = await access.readChanges(a.schema, a.decision, sub.cursor, sub.batch_size);
        const to = Number(page.nextCursor);
        if (!Number.isSafeInteger(to) || to <= sub.cursor) return false;
        const changes = page.items.filter((c) => c.seq > sub.cursor && c.seq <= to);
        if (!changes.length) {
          // Every change of the range is outside the owner's rows: nothing to send, move on.
          await store.advanceCursor(q, id, to, iso(now));
          continue;
        }
        const d: DeliveryRow = {
          id: randomUUID(),
          subscription_id: id,
          from_seq: sub.cursor + 1,
          to_seq: to,
          change_count: changes.length,
          attempts: 0,
          state: 'pending',
          last_status: null,
          last_error: null,
          next_attempt_at: iso(now),
          last_attempt_at: null,
          created_at: iso(now),
          delivered_at: null,
        };
        try {
          await store.insertDelivery(q, d);
        } catch (e) {
          if (isUniqueViolation(e)) continue; // another open delivery appeared: work on that one
          throw e;
        }
        if (!(await attempt(sub, d, a, changes))) return false;
      }
      return true;
    } finally {
      await store.releaseLease(q, id, nodeId).catch((e: unknown) => logger.error({ err: e, subscriptionId: id }, 'webhook lease release failed'));
    }
  }

  /** Starts work on one subscription unless it is already in flight here; resolves when done. */
  function launch(id: string): Promise<void> {
    const existing = inFlight.get(id);
    if (existing) return existing;
    const p = processSubscription(id)
      .then((more) => {
        if (more) again.add(id);
      })
      .catch((e: unknown) => logger.error({ err: e, subscriptionId: id }, 'webhook delivery failed'))
      .finally(() => {
        inFlight.delete(id);
        if (running && (again.size || dirty.size)) wake();
      });
    inFlight.set(id, p);
    return p;
  }

  /** The subscriptions to look at now. */
  async function candidates(full: boolean): Promise<string[]> {
    const now = iso(clock.now());
    const ids = new Set<string>(again);
    again.clear();
    for (const id of await store.dueSubscriptionIds(q, now, 500)) ids.add(id);
    if (dirty.size) {
      const codes = [...dirty];
      dirty.clear();
      for (const id of await store.idleSubscriptionIds(q, now, codes, 5000)) ids.add(id);
    }
    if (full) {
      lastSweep = Date.now();
      for (const id of await store.idleSubscriptionIds(q, now, null, 10_000)) ids.add(id);
    }
    return [...ids];
  }

  async function tick(): Promise<void> {
    const ids = await candidates(Date.now() - lastSweep >= sweepMs);
    for (const id of ids) {
      if (inFlight.has(id)) continue;
      if (inFlight.size >= concurrency) again.add(id);
      else void launch(id);
    }
  }

  /** Waits until the next due retry or the poll interval, whichever is sooner. */
  async function nextDelay(): Promise<number> {
    if (again.size || dirty.size) return 0;
    const due = await store.nextDueAt(q).catch(() => null);
    if (!due) return pollMs;
    return Math.max(0, Math.min(pollMs, new Date(due).getTime() - clock.now().getTime()));
  }

  function schedule(ms: number): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(loop, ms);
    timer.unref();
  }

  function loop(): void {
    timer = null;
    if (!running) return;
    if (ticking) {
      wakeRequested = true;
      return;
    }
    ticking = tick()
      .catch((e: unknown) => logger.error({ err: e }, 'webhook worker tick failed'))
      .then(async () => (wakeRequested ? 0 : await nextDelay()))
      .then((ms) => {
        ticking = null;
        wakeRequested = false;
        schedule(ms);
      });
  }

  function wake(code?: string): void {
    if (code) dirty.add(code);
    if (!running) return;
    if (ticking) wakeRequested = true;
    else schedule(0);
  }

  return {
    start() {
      if (running) return;
      running = true;
      lastSweep = 0;
      unsubscribe = access.onCommit((code) => wake(code));
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      unsubscribe?.();
      unsubscribe = null;
      await ticking;
      await Promise.allSettled([...inFlight.values()]);
    },
    async runOnce() {
      await Promise.allSettled([...inFlight.values()]);
      // One pass per subscription, continued while it has more right away; a subscription that
      // stopped short (a failed attempt, an error) waits for the next run.
      const visited = new Set<string>();
      let full = true;
      for (let round = 0; round < 10_000; round++) {
        const more = new Set(again);
        const ids = (await candidates(full)).filter((id) => more.has(id) || !visited.has(id));
        full = false;
        if (!ids.length) return;
        for (const id of ids) visited.add(id);
        // Bounded parallelism, like the loop.
        const queue = [...ids];
        await Promise.all(
          Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
            for (let id = queue.shift(); id !== undefined; id = queue.shift()) await launch(id);
          }),
        );
      }
    },
    wake,
  };
}
