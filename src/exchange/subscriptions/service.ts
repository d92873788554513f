import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { iso, type Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import type { Db } from '../../core/db/database.js';
import type { Page, PageOpts } from '../../core/db/query.js';
import { AppError, notFound } from '../../core/errors.js';
import type { AuditInput, AuditWriter } from '../../audit/types.js';
import {
  SIGNATURE_ALGORITHMS,
  type CreateSubscriptionInput,
  type Delivery,
  type ExchangeAccess,
  type ExchangeActor,
  type PingResult,
  type Subscription,
  type SubscriptionState,
  type UpdateSubscriptionInput,
} from '../types.js';
import { can, canOwn, isProviderSteward, type SubscriptionAction, type SubscriptionRef } from './policy.js';
import { newSecret } from './signing.js';
import * as store from './store.js';
import type { SubscriptionRow } from './store.js';
import { createDeliveryWorker, sendSigned, type WorkerLogger } from './worker.js';
import { cleanPurpose } from '../purpose.js';
import './messages.js';

export type { CreateSubscriptionInput, Delivery, PingResult, Subscription, UpdateSubscriptionInput } from '../types.js';
export { backoffMs, subscriptionActor } from './worker.js';

/**
 * Subscriptions to a resource's change feed, delivered as signed webhooks (issue 4, R10).
 * A subscription reads with its owner's access, re-decided before every delivery: when the
 * owner loses access, the subscription stops. Its secret is a shared HMAC key: the platform
 * keeps it to sign and returns it only once, when the subscription is created.
 */

export interface SubscriptionServiceOptions {
  db: Db;
  audit: AuditWriter;
  clock: Clock;
  config: Pick<Config, 'webhookAllowedHosts' | 'webhookTimeoutMs' | 'webhookMaxAttempts'> & Partial<Pick<Config, 'logLevel'>>;
  access: ExchangeAccess;
  /** This node's id: the owner name of delivery leases (config.nodeId). */
  nodeId: string;
  /** Defaults to the global fetch. */
  fetchImpl?: typeof fetch;
  /** First retry delay, doubled per attempt up to an hour (default 1000 ms; tests use a few ms). */
  backoffBaseMs?: number;
  /** Worker poll interval (default 500 ms). */
  pollIntervalMs?: number;
  /** How often idle subscriptions are checked for changes committed on other nodes (default 5 s). */
  sweepIntervalMs?: number;
  /** Subscriptions one node delivers to at the same time (default 4). */
  concurrency?: number;
  logger?: WorkerLogger;
}

export interface ListSubscriptionsInput extends PageOpts {
  /** Only this resource's subscriptions (GET /data/{code}/subscriptions). */
  resourceCode?: string;
  state?: SubscriptionState;
  /** Every unit's (platform administrators and the IT authority only); default: the caller's own. */
  all?: boolean;
}

export interface SubscriptionService {
  /** The secret is returned here and never again. */
  create(by: ExchangeActor, code: string, input: CreateSubscriptionInput): Promise<{ subscription: Subscription; secret: string }>;
  list(by: ExchangeActor, input?: ListSubscriptionsInput): Promise<Page<Subscription>>;
  get(by: ExchangeActor, id: string): Promise<Subscription>;
  update(by: ExchangeActor, id: string, patch: UpdateSubscriptionInput): Promise<Subscription>;
  /** Stops the subscription for good; it is kept (with its deliveries) for the audit trail. */
  remove(by: ExchangeActor, id: string): Promise<Subscription>;
  deliveries(by: ExchangeActor, id: string, page?: PageOpts): Promise<Page<Delivery>>;
  /** Puts the dead-lettered delivery back in the queue and resumes the subscription. */
  replay(by: ExchangeActor, id: string): Promise<Subscription>;
  /** Sends a signed {type:'ping'} event now and reports what the receiver answered. */
  test(by: ExchangeActor, id: string): Promise<PingResult>;
  /** Starts the delivery loop (also woken by commits through `access.onCommit`). */
  start(): void;
  /** Stops the loop and waits for deliveries in flight. */
  stop(): Promise<void>;
  /** Delivers everything due now (tests, CLI). */
  runOnce(): Promise<void>;
}

export const URL_MAX = 2048;
export const BATCH_SIZE_DEFAULT = 100;
export const BATCH_SIZE_MAX = 1000;

function fieldError(status: number, code: string, key: string, field: string): AppError {
  return new AppError(status, code, key, {}, [{ field, code, messageKey: key }]);
}

/**
 * The URL rules: https anywhere; plain http only to the hosts the platform allows
 * (config.webhookAllowedHosts, e.g. an internal gateway); never credentials in the URL.
 */
export function checkWebhookUrl(raw: string, allowedHosts: readonly string[]): string {
  const bad = () => fieldError(400, 'webhook_url_not_allowed', 'exchange.subscription.url_not_allowed', 'body.url');
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text || text.length > URL_MAX) throw bad();
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw bad();
  }
  if (u.username || u.password || u.hash) throw bad();
  if (u.protocol === 'https:') return u.toString();
  if (u.protocol !== 'http:') throw bad();
  const host = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const allowed = allowedHosts.some((h) => {
    const a = h.toLowerCase().replace(/^\[|\]$/g, '');
    return a === host || a === u.host.toLowerCase();
  });
  if (!allowed) throw bad();
  return u.toString();
}

/** The URL as audit details show it: no query string (receivers sometimes put a token there). */
function urlForAudit(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '';
  }
}

function cleanBatchSize(n: unknown): number {
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > BATCH_SIZE_MAX) {
    throw new AppError(400, 'validation_failed', 'error.validation', {}, [{ field: 'body.batchSize', code: 'range', messageKey: 'error.range', params: { field: 'body.batchSize' } }]);
  }
  return n as number;
}

export function createSubscriptionService(o: SubscriptionServiceOptions): SubscriptionService {
  const { db, audit, clock, config, access } = o;
  const q = db.kysely;
  const logger: WorkerLogger = o.logger ?? pino({ level: config.logLevel ?? 'info', name: 'webhooks' }, process.stderr);
  const fetchImpl = o.fetchImpl ?? fetch;
  const worker = createDeliveryWorker({
    db,
    audit,
    clock,
    access,
    nodeId: o.nodeId,
    timeoutMs: config.webhookTimeoutMs,
    maxAttempts: config.webhookMaxAttempts,
    fetchImpl,
    logger,
    backoffBaseMs: o.backoffBaseMs,
    pollIntervalMs: o.pollIntervalMs,
    sweepIntervalMs: o.sweepIntervalMs,
    concurrency: o.concurrency,
  });

  function event(by: ExchangeActor, action: string, sub: Pick<SubscriptionRow, 'id' | 'resource_code' | 'purpose'>, detail: Record<string, unknown>, grantId: string | null = null): AuditInput {
    const { kind: _k, roles: _r, scopes: _s, systemId: _y, ...who } = by;
    return {
      ...who,
      action,
      targetType: 'exchange_subscription',
      targetId: sub.id,
      result: 'success',
      purpose: sub.purpose,
      grantId,
      detail: { resourceCode: sub.resource_code, ...detail },
    };
  }

  /** Deny by default; a refusal is audited. */
  async function authorize(by: ExchangeActor, action: SubscriptionAction, ref: SubscriptionRef | undefined, target: { type: string; id: string | null }): Promise<void> {
    if (can(by, action, ref)) return;
    const { kind: _k, roles: _r, scopes: _s, systemId: _y, ...who } = by;
    await audit.append({ ...who, action: `data.subscription.${action}`, targetType: target.type, targetId: target.id, result: 'denied', detail: null });
    if (by.kind === 'token' && !by.scopes.includes('subscribe')) throw new AppError(403, 'forbidden', 'exchange.subscription.scope_required');
    if (action === 'create' && !by.unitId) throw new AppError(403, 'forbidden', 'exchange.subscription.no_unit');
    throw new AppError(403, 'forbidden', 'exchange.subscription.forbidden');
  }

  const refOf = (r: SubscriptionRow, providerUnitId?: string | null): SubscriptionRef => ({ ownerUnitId: r.owner_unit_id, ownerSystemId: r.owner_system_id, providerUnitId });

  /** The providing unit of a resource as the caller may learn it (null when the caller cannot see the resource). */
  async function providerOf(by: ExchangeActor, code: string): Promise<string | null> {
    try {
      return (await access.decide(by, code)).resource.providerUnitId;
    } catch (e) {
      if (e instanceof AppError && e.status < 500) return null;
      throw e;
    }
  }

  /**
   * Loads a subscription the caller may see (else 404, so ids of other units' subscriptions are
   * not confirmed) and checks `action` on it (403 when seen but not allowed).
   */
  async function load(by: ExchangeActor, id: string, action: SubscriptionAction): Promise<SubscriptionRow> {
    const row = await store.findSubscription(q, id);
    if (!row) throw notFound('subscription');
    let ref = refOf(row);
    if (!can(by, 'read', ref) && isProviderSteward(by, by.unitId)) ref = refOf(row, await providerOf(by, row.resource_code));
    if (!can(by, 'read', ref)) {
      if (by.kind === 'token' && !by.scopes.includes('subscribe')) await authorize(by, action, ref, { type: 'exchange_subscription', id });
      throw notFound('subscription');
    }
    await authorize(by, action, ref, { type: 'exchange_subscription', id });
    return row;
  }

  return {
    async create(by, code, input) {
      await authorize(by, 'create', undefined, { type: 'resource', id: code });
      const purpose = cleanPurpose(input.purpose, 'body.purpose', 'exchange.subscription.purpose_required');
      const url = checkWebhookUrl(input.url, config.webhookAllowedHosts);
      const algorithm = input.algorithm ?? 'hmac-sha256';
      if (!SIGNATURE_ALGORITHMS.includes(algorithm)) {
        throw new AppError(400, 'validation_failed', 'error.validation', {}, [{ field: 'body.algorithm', code: 'enum', messageKey: 'error.enum', params: { field: 'body.algorithm' } }]);
      }
      const batchSize = cleanBatchSize(input.batchSize ?? BATCH_SIZE_DEFAULT);
      const from = input.from ?? 'now';
      // The same admission as a query: the caller must be allowed to read the resource now.
      // A fresh head: a subscription 'from now' starts at the dataset's current last change.
      const { schema, decision } = await access.decide(by, code, { fresh: true });
      if (!schema) throw new AppError(409, 'not_tabular', 'exchange.subscription.not_tabular');
      const secret = newSecret();
      const at = iso(clock.now());
      const row: SubscriptionRow = {
        id: randomUUID(),
        resource_code: code,
        owner_unit_id: by.unitId!,
        owner_system_id: by.kind === 'token' ? by.systemId : null,
        created_by: by.actorName,
        purpose,
        url,
        secret,
        algorithm,
        state: 'active',
        state_reason: null,
        cursor: from === 'start' ? 0 : schema.lastSeq,
        batch_size: batchSize,
        created_at: at,
        updated_at: at,
        lease_owner: null,
        lease_until: null,
      };
      await audit.transact(async (trx) => {
        await store.insertSubscription(trx, row);
        return {
          value: undefined,
          events: [event(by, 'data.subscription.create', row, { url: urlForAudit(url), algorithm, batchSize, from, cursor: String(row.cursor), ownerSystemId: row.owner_system_id }, decision.grantId)],
        };
      });
      worker.wake(code);
      return { subscription: store.toSubscription(row), secret };
    },

    async list(by, input = {}) {
      const page = { limit: input.limit, offset: input.offset };
      const base = { state: input.state, resourceCode: input.resourceCode };
      const seeAll = can(by, 'list_all');
      if (input.all) {
        await authorize(by, 'list_all', undefined, { type: 'exchange_subscription', id: null });
      }
      let filter: store.SubscriptionFilter | null;
      if (seeAll && (input.all || input.resourceCode !== undefined)) filter = base;
      else if (input.resourceCode !== undefined && isProviderSteward(by, await providerOf(by, input.resourceCode))) filter = base;
      else if (canOwn(by)) filter = { ...base, ownerUnitId: by.unitId!, ...(by.kind === 'token' ? { ownerSystemId: by.systemId! } : {}) };
      else if (by.kind === 'token') {
        await authorize(by, 'read', undefined, { type: 'exchange_subscription', id: null });
        filter = null;
      } else filter = null;
      if (!filter) return { items: [], total: 0 };
      const r = await store.listSubscriptions(q, filter, page);
      return { items: r.items.map(store.toSubscription), total: r.total };
    },

    async get(by, id) {
      return store.toSubscription(await load(by, id, 'read'));
    },

    async update(by, id, patch) {
      const current = await load(by, id, 'manage');
      const set: Partial<SubscriptionRow> = {};
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (patch.url !== undefined) {
        const url = checkWebhookUrl(patch.url, config.webhookAllowedHosts);
        if (url !== current.url) {
          set.url = url;
          changes.url = { from: urlForAudit(current.url), to: urlForAudit(url) };
        }
      }
      if (patch.purpose !== undefined) {
        const purpose = cleanPurpose(patch.purpose, 'body.purpose', 'exchange.subscription.purpose_required');
        if (purpose !== current.purpose) {
          set.purpose = purpose;
          changes.purpose = { from: current.purpose, to: purpose };
        }
      }
      if (patch.batchSize !== undefined) {
        const n = cleanBatchSize(patch.batchSize);
        if (n !== current.batch_size) {
          set.batch_size = n;
          changes.batchSize = { from: current.batch_size, to: n };
        }
      }
      if (patch.state !== undefined && !['active', 'paused'].includes(patch.state)) {
        throw fieldError(400, 'invalid_state', 'exchange.subscription.invalid_state', 'body.state');
      }
      const updated = await audit.transact(async (trx) => {
        const row = await store.findSubscription(trx, id);
        if (!row) throw notFound('subscription');
        if (row.state === 'stopped') throw new AppError(409, 'subscription_stopped', 'exchange.subscription.stopped');
        const next = { ...set };
        const diff = { ...changes };
        if (patch.state !== undefined && patch.state !== row.state) {
          if (row.state === 'dead_letter') throw new AppError(409, 'subscription_dead_letter', 'exchange.subscription.dead_letter');
          next.state = patch.state;
          next.state_reason = null;
          diff.state = { from: row.state, to: patch.state };
        }
        if (!Object.keys(next).length) return { value: row, events: [] };
        next.updated_at = iso(clock.now());
        if (!(await store.updateSubscription(trx, id, row.state, next))) throw new AppError(409, 'subscription_changed', 'exchange.subscription.changed');
        return { value: { ...row, ...next }, events: [event(by, 'data.subscription.update', { ...row, ...next }, { changes: diff })] };
      });
      if (updated.state === 'active') worker.wake(updated.resource_code);
      return store.toSubscription(updated);
    },

    async remove(by, id) {
      await load(by, id, 'manage');
      const row = await audit.transact(async (trx) => {
        const r = await store.findSubscription(trx, id);
        if (!r) throw notFound('subscription');
        if (r.state === 'stopped') return { value: r, events: [] };
        const at = iso(clock.now());
        if (!(await store.updateSubscription(trx, id, r.state, { state: 'stopped', state_reason: 'removed', updated_at: at }))) {
          throw new AppError(409, 'subscription_changed', 'exchange.subscription.changed');
        }
        await store.killOpenDelivery(trx, id, 'subscription stopped: removed');
        const value: SubscriptionRow = { ...r, state: 'stopped', state_reason: 'removed', updated_at: at };
        return { value, events: [event(by, 'data.subscription.delete', r, { state: { from: r.state, to: 'stopped' } })] };
      });
      return store.toSubscription(row);
    },

    async deliveries(by, id, page = {}) {
      await load(by, id, 'read');
      const r = await store.listDeliveries(q, id, page);
      return { items: r.items.map(store.toDelivery), total: r.total };
    },

    async replay(by, id) {
      await load(by, id, 'manage');
      const row = await audit.transact(async (trx) => {
        const r = await store.findSubscription(trx, id);
        if (!r) throw notFound('subscription');
        if (r.state !== 'dead_letter') throw new AppError(409, 'not_dead_letter', 'exchange.subscription.not_dead_letter');
        const at = iso(clock.now());
        const deliveryId = await store.revive(trx, id, at);
        if (!(await store.updateSubscription(trx, id, 'dead_letter', { state: 'active', state_reason: null, updated_at: at }))) {
          throw new AppError(409, 'not_dead_letter', 'exchange.subscription.not_dead_letter');
        }
        const value: SubscriptionRow = { ...r, state: 'active', state_reason: null, updated_at: at };
        return { value, events: [event(by, 'data.subscription.replay', r, { deliveryId, state: { from: 'dead_letter', to: 'active' } })] };
      });
      worker.wake(row.resource_code);
      return store.toSubscription(row);
    },

    async test(by, id) {
      const row = await load(by, id, 'manage');
      if (row.state === 'stopped') throw new AppError(409, 'subscription_stopped', 'exchange.subscription.stopped');
      const deliveryId = randomUUID();
      const now = clock.now();
      const body = JSON.stringify({ type: 'ping', subscriptionId: row.id, deliveryId, resourceCode: row.resource_code, sentAt: iso(now) });
      const r = await sendSigned({
        fetchImpl,
        url: row.url,
        secret: row.secret,
        algorithm: row.algorithm,
        subscriptionId: row.id,
        deliveryId,
        event: 'ping',
        body,
        nowMs: now.getTime(),
        timeoutMs: config.webhookTimeoutMs,
      });
      await audit.append({
        ...event(by, 'data.subscription.test', row, { deliveryId, status: r.status, error: r.error }),
        result: r.ok ? 'success' : 'failure',
      });
      return { ok: r.ok, status: r.status, error: r.error, durationMs: r.durationMs, deliveryId };
    },

    start: () => worker.start(),
    stop: () => worker.stop(),
    runOnce: () => worker.runOnce(),
  };
}
