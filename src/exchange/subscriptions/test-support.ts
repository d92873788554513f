import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, notFound } from '../../core/errors.js';
import type { Resource } from '../../catalog/model.js';
import type { AccessDecision, Change, ChangePage, DatasetSchema, DecideResult, ExchangeAccess, ExchangeActor } from '../types.js';
import { verifySignature } from './signing.js';

/**
 * Test doubles for the subscription tests: an in-memory ExchangeAccess (a change log per resource,
 * revocable per unit) and a webhook receiver on 127.0.0.1 that checks signatures.
 */

interface FakeDataset {
  code: string;
  providerUnitId: string;
  log: Change[];
  tabular: boolean;
}

export class FakeExchangeAccess implements ExchangeAccess {
  private readonly datasets = new Map<string, FakeDataset>();
  private readonly revoked = new Set<string>();
  private readonly listeners = new Set<(code: string, lastSeq: number) => void>();
  /** Changes a grant's row filter keeps out (by seq), per resource. */
  readonly hidden = new Map<string, Set<number>>();
  decideCalls = 0;

  dataset(code: string, providerUnitId: string, opts: { tabular?: boolean } = {}): void {
    this.datasets.set(code, { code, providerUnitId, log: [], tabular: opts.tabular ?? true });
  }

  lastSeq(code: string): number {
    return this.get(code).log.at(-1)?.seq ?? 0;
  }

  /** Commits `n` upserts (one batch) and tells the listeners. Returns the new seqs. */
  commit(code: string, n: number): number[] {
    const ds = this.get(code);
    const seqs: number[] = [];
    for (let i = 0; i < n; i++) {
      const seq = (ds.log.at(-1)?.seq ?? 0) + 1;
      const key = `K${String(seq).padStart(5, '0')}`;
      const updatedAt = new Date(Date.UTC(2026, 11, 1, 0, 0, seq)).toISOString();
      ds.log.push({ seq, op: 'upsert', key, rev: 1, updatedAt, record: { _key: key, _rev: 1, _updatedAt: updatedAt, NAME: `样例${seq}`, AMOUNT: String(seq * 10) } });
      seqs.push(seq);
    }
    for (const l of this.listeners) l(code, this.lastSeq(code));
    return seqs;
  }

  /** The unit loses its access (a grant revoked or expired): decide answers 403 from now on. */
  revoke(unitId: string): void {
    this.revoked.add(unitId);
  }

  /** Gives every unit its access back. */
  restoreAll(): void {
    this.revoked.clear();
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  async decide(by: ExchangeActor, code: string): Promise<DecideResult> {
    this.decideCalls++;
    const ds = this.datasets.get(code);
    if (!ds) throw notFound('resource');
    if (by.unitId && this.revoked.has(by.unitId)) throw new AppError(403, 'forbidden', 'auth.forbidden');
    const provider = by.unitId === ds.providerUnitId;
    const decision: AccessDecision = {
      basis: provider ? 'provider' : 'grant',
      grantId: provider ? null : `grant-${by.unitId}`,
      fields: ['NAME', 'AMOUNT'],
      masks: {},
      rowFilter: [],
      quota: null,
    };
    const resource = { code, name: `测试资源 ${code}`, providerUnitId: ds.providerUnitId, providerUnitName: '测试提供单位' } as Resource;
    return { schema: ds.tabular ? this.schemaOf(ds) : null, resource, decision };
  }

  async readChanges(schema: DatasetSchema, _decision: AccessDecision, afterSeq: number, limit: number): Promise<ChangePage> {
    const ds = this.get(schema.resourceCode);
    const hidden = this.hidden.get(ds.code) ?? new Set<number>();
    const after = ds.log.filter((c) => c.seq > afterSeq);
    const scanned = after.slice(0, limit);
    const items = scanned.filter((c) => !hidden.has(c.seq)).map((c) => structuredClone(c));
    return { items, nextCursor: String(scanned.at(-1)?.seq ?? afterSeq), hasMore: after.length > scanned.length };
  }

  onCommit(listener: (code: string, lastSeq: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private get(code: string): FakeDataset {
    const ds = this.datasets.get(code);
    if (!ds) throw new Error(`no fake dataset ${code}`);
    return ds;
  }

  private schemaOf(ds: FakeDataset): DatasetSchema {
    return {
      resourceCode: ds.code,
      table: 'ds_fake',
      items: [],
      version: 1,
      columns: {},
      keyItems: ['ID'],
      lastSeq: ds.log.at(-1)?.seq ?? 0,
      rowCount: ds.log.length,
      lastUpdateAt: null,
    };
  }
}

/** One request the receiver got. */
export interface Received {
  path: string;
  event: string | undefined;
  deliveryId: string;
  subscriptionId: string;
  signatureValid: boolean;
  /** The status the receiver answered. */
  answered: number;
  body: { type: string; subscriptionId: string; deliveryId: string; resourceCode: string; changes?: Change[]; cursor?: string };
}

/** How the receiver answers the next request: a status, or 'hang' (never answers in time). */
export type Behaviour = number | 'hang';

/** A webhook receiver on 127.0.0.1 that verifies signatures with the secrets it is told. */
export class Receiver {
  private server: Server | null = null;
  port = 0;
  readonly received: Received[] = [];
  readonly secrets = new Map<string, string>();
  /** Answers, used in order; when empty, `fallback`. */
  readonly script: Behaviour[] = [];
  fallback: Behaviour = 200;
  /** Milliseconds to wait before answering. */
  delayMs = 0;
  /** Requests being answered now, per delivery id and per subscription, and the most seen at once. */
  private readonly busyById = new Map<string, number>();
  private readonly busyBySub = new Map<string, number>();
  maxConcurrentSameDelivery = 0;
  maxConcurrentSameSubscription = 0;

  /** Starts counting concurrency afresh (a timed-out request may still be open from an earlier test). */
  resetCounters(): void {
    this.maxConcurrentSameDelivery = 0;
    this.maxConcurrentSameSubscription = 0;
  }

  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Stops listening: further deliveries get "connection refused". */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Successful deliveries (2xx answered) of one subscription, in arrival order. */
  delivered(subscriptionId: string): Received[] {
    return this.received.filter((r) => r.subscriptionId === subscriptionId && r.answered >= 200 && r.answered < 300 && r.event === 'changes');
  }

  /** Seqs of the changes delivered to a subscription, in arrival order. */
  deliveredSeqs(subscriptionId: string): number[] {
    return this.delivered(subscriptionId).flatMap((r) => (r.body.changes ?? []).map((c) => c.seq));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const deliveryId = String(req.headers['x-govshare-delivery'] ?? '');
    const subscriptionId = String(req.headers['x-govshare-subscription'] ?? '');
    const bump = (m: Map<string, number>, k: string, d: number) => {
      const v = (m.get(k) ?? 0) + d;
      m.set(k, v);
      return v;
    };
    this.maxConcurrentSameDelivery = Math.max(this.maxConcurrentSameDelivery, bump(this.busyById, deliveryId, 1));
    this.maxConcurrentSameSubscription = Math.max(this.maxConcurrentSameSubscription, bump(this.busyBySub, subscriptionId, 1));
    const behaviour = this.script.length ? this.script.shift()! : this.fallback;
    const secret = this.secrets.get(subscriptionId);
    const signatureValid =
      !!secret &&
      verifySignature({ secret, header: req.headers['x-govshare-signature'] as string | undefined, timestamp: req.headers['x-govshare-timestamp'] as string | undefined, body: raw });
    const answered = behaviour === 'hang' ? 0 : behaviour;
    this.received.push({
      path: req.url ?? '',
      event: req.headers['x-govshare-event'] as string | undefined,
      deliveryId,
      subscriptionId,
      signatureValid,
      answered,
      body: JSON.parse(raw.toString('utf8')) as Received['body'],
    });
    const wait = behaviour === 'hang' ? 5000 : this.delayMs;
    if (wait) await new Promise((r) => setTimeout(r, wait));
    bump(this.busyById, deliveryId, -1);
    bump(this.busyBySub, subscriptionId, -1);
    if (res.destroyed) return;
    res.statusCode = answered || 504;
    res.end('{}');
  }
}

/** Calls `step` until `done` holds (or fails after `timeoutMs`). */
export async function until(done: () => boolean | Promise<boolean>, step: () => Promise<void>, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    await step();
    if (await done()) return;
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
