/**
 * Grants (issue 4 minimal; issue 5 creates them from approved applications). Every change is
 * audited in the same transaction. `grantsFor` is asked on every data read, so it is cached per
 * process for a short time and dropped on this service's own writes; a grant changed on another
 * node takes effect here within GRANT_CACHE_MS.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../core/db/database.js';
import type { Database } from '../core/db/schema.js';
import type { Clock } from '../core/clock.js';
import type { AuditActor, AuditInput, AuditWriter } from '../audit/types.js';
import { AppError, invalid } from '../core/errors.js';
import type { MessageKey } from '../core/i18n.js';
import { DATA_ITEM_CODE_RE, MASKING_RULES, RESOURCE_CODE_RE, type MaskingRule } from '../catalog/model.js';
import { filterShapeProblem } from '../exchange/query.js';
import type { Filter } from '../exchange/types.js';
import {
  GRANT_LIMITS,
  GRANT_STATES,
  GRANT_STATES_NEEDING_REASON,
  GRANT_TRANSITIONS,
  type Grant,
  type GrantFilter,
  type GrantInput,
  type GrantState,
} from './model.js';
import * as store from './store.js';
import './messages.js';

export { GRANT_STATES, type Grant, type GrantInput, type GrantState, type GrantFilter } from './model.js';

/** How long `grantsFor` answers from memory. */
export const GRANT_CACHE_MS = 2000;
const QUOTA_MAX = 1_000_000_000;

/** What an observer knows about a grant's resource, looked up outside any transaction. */
export interface GrantContext {
  providerUnitId: string | null;
  resourceName: string | null;
}

/** One change of a grant, as its observer sees it (inside the changing transaction). */
export interface GrantChange {
  by: AuditActor;
  grant: Grant;
  /** null when the grant is created. */
  from: GrantState | null;
  to: GrantState;
  reason: string | null;
  /** The audit action ('sharing.grant.create' / 'sharing.grant.state') and its detail. */
  action: string;
  detail: Record<string, unknown>;
  context: GrantContext;
}

/**
 * Records every grant change elsewhere in the same transaction: the sharing workflow puts it on
 * the grant's timeline and notifies both sides. Inside a transaction only the transaction may be
 * used (SQLite has one connection), so what needs other reads comes from `prepare`, which runs
 * before the transaction opens.
 */
export interface GrantObserver {
  prepare(resourceCode: string): Promise<GrantContext>;
  /** Returns the audit event to append instead of the default one (same action and detail), or null to keep the default. */
  record(trx: Transaction<Database>, change: GrantChange): Promise<AuditInput | null>;
}

/** A search over grants with paging (the grants API). */
export interface GrantQuery extends GrantFilter {
  resourceCodes?: string[];
  /** Only what this unit sees: its grants as consumer, or the grants on `providedCodes`. */
  visibleTo?: { unitId: string; providedCodes: string[] };
  limit?: number;
  offset?: number;
}

export interface SharingService {
  /** Creates a grant (shape-validated; 400 with field errors). Audited 'sharing.grant.create'. */
  createGrant(by: AuditActor, input: GrantInput): Promise<Grant>;
  /** Moves a grant along GRANT_TRANSITIONS (409 otherwise). Audited 'sharing.grant.state'. */
  setGrantState(by: AuditActor, id: string, state: GrantState, reason?: string | null): Promise<Grant>;
  /**
   * createGrant inside the caller's transaction (an approved application creates its grant in the
   * same transaction): returns the grant and the audit events to append. Call `invalidate()` after commit.
   */
  createGrantIn(trx: Transaction<Database>, by: AuditActor, input: GrantInput, context?: GrantContext): Promise<{ grant: Grant; events: AuditInput[] }>;
  /** setGrantState inside the caller's transaction; call `invalidate()` after commit. */
  setGrantStateIn(trx: Transaction<Database>, by: AuditActor, id: string, state: GrantState, reason?: string | null, context?: GrantContext): Promise<{ grant: Grant; events: AuditInput[] }>;
  /** Drops the grantsFor cache (after committing a change made with the *In methods). */
  invalidate(): void;
  /** Sets the one observer of every grant change (the sharing workflow's timeline); null removes it. */
  observe(observer: GrantObserver | null): void;
  /** 404 when absent. */
  getGrant(id: string): Promise<Grant>;
  listGrants(filter?: GrantFilter): Promise<Grant[]>;
  /** A page of grants, newest first. */
  searchGrants(q: GrantQuery): Promise<{ items: Grant[]; total: number }>;
  /** Active or suspended grants whose validity has ended by `at` (at most `limit`). */
  pastValidity(at: Date, limit?: number): Promise<Grant[]>;
  /** Every grant (all states) of a unit on a resource: what the access policy decides on. */
  grantsFor(unitId: string, resourceCode: string): Promise<Grant[]>;
}

export interface SharingDeps {
  db: Db;
  audit: AuditWriter;
  clock: Clock;
}

type FieldIssue = { field: string; code: string; messageKey: MessageKey; params?: Record<string, string | number> };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/** An ISO instant from a date-time with an offset, or from a date (00:00 China Standard Time, or the day's end). */
function parseInstant(s: unknown, endOfDay: boolean): string | null {
  if (typeof s !== 'string') return null;
  const d = DATE_RE.exec(s);
  if (d) {
    const t = Date.parse(`${s}T00:00:00+08:00`);
    if (!Number.isFinite(t)) return null;
    // Reject 2026-02-30 and the like: the day must survive the round trip.
    if (new Date(t + 8 * 3_600_000).toISOString().slice(0, 10) !== s) return null;
    return new Date(endOfDay ? t + DAY_MS : t).toISOString();
  }
  if (!DATETIME_RE.test(s)) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

function validateInput(input: GrantInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, code: string, key: string, params?: Record<string, string | number>) => issues.push({ field, code, messageKey: `sharing.grant.${key}`, params });
  if (typeof input.resourceCode !== 'string' || !RESOURCE_CODE_RE.test(input.resourceCode)) add('body.resourceCode', 'invalid_resource_code', 'invalid_resource_code', { value: String(input.resourceCode) });
  if (typeof input.consumerUnitId !== 'string' || !input.consumerUnitId) add('body.consumerUnitId', 'required', 'text_required');
  if (input.consumerSystemId != null && (typeof input.consumerSystemId !== 'string' || !input.consumerSystemId)) add('body.consumerSystemId', 'invalid_value', 'unknown_system', { id: String(input.consumerSystemId) });
  if (input.fields != null) {
    if (!Array.isArray(input.fields)) add('body.fields', 'invalid_value', 'invalid_item_code', { value: String(input.fields) });
    else if (input.fields.length === 0) add('body.fields', 'empty_list', 'empty_list');
    else if (input.fields.length > GRANT_LIMITS.fieldsMax) add('body.fields', 'too_many', 'too_many', { max: GRANT_LIMITS.fieldsMax });
    else {
      const seen = new Set<string>();
      input.fields.forEach((f, i) => {
        if (typeof f !== 'string' || !DATA_ITEM_CODE_RE.test(f)) add(`body.fields/${i}`, 'invalid_item_code', 'invalid_item_code', { value: String(f) });
        else if (seen.has(f)) add(`body.fields/${i}`, 'duplicate_item_code', 'duplicate_item_code', { value: f });
        else seen.add(f);
      });
    }
  }
  if (input.rowFilter !== undefined) {
    if (!Array.isArray(input.rowFilter)) add('body.rowFilter', 'invalid_filter', 'invalid_filter', { reason: 'not an array' });
    else if (input.rowFilter.length > GRANT_LIMITS.rowFilterMax) add('body.rowFilter', 'too_many', 'too_many', { max: GRANT_LIMITS.rowFilterMax });
    else
      input.rowFilter.forEach((f, i) => {
        const p = filterShapeProblem(f);
        if (p) add(`body.rowFilter/${i}`, 'invalid_filter', 'invalid_filter', { reason: p });
      });
  }
  if (input.masking !== undefined) {
    if (input.masking === null || typeof input.masking !== 'object' || Array.isArray(input.masking)) add('body.masking', 'invalid_masking', 'invalid_masking', { value: String(input.masking) });
    else {
      const entries = Object.entries(input.masking);
      if (entries.length > GRANT_LIMITS.fieldsMax) add('body.masking', 'too_many', 'too_many', { max: GRANT_LIMITS.fieldsMax });
      for (const [code, rule] of entries) {
        if (!DATA_ITEM_CODE_RE.test(code)) add(`body.masking/${code}`, 'invalid_item_code', 'invalid_item_code', { value: code });
        else if (!(MASKING_RULES as readonly unknown[]).includes(rule)) add(`body.masking/${code}`, 'invalid_masking', 'invalid_masking', { value: String(rule) });
      }
    }
  }
  const text = (field: string, v: unknown, max: number, required: boolean) => {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) add(field, 'required', 'text_required');
    } else if (typeof v !== 'string') add(field, 'required', 'text_required');
    else if (v.length > max) add(field, 'too_long', 'too_long', { max });
  };
  text('body.purpose', input.purpose, GRANT_LIMITS.purposeMax, true);
  text('body.legalBasis', input.legalBasis, GRANT_LIMITS.legalBasisMax, false);
  for (const [name, v] of [
    ['quotaRequestsPerDay', input.quotaRequestsPerDay],
    ['quotaRowsPerDay', input.quotaRowsPerDay],
  ] as const) {
    if (v != null && !(Number.isInteger(v) && v >= 1 && v <= QUOTA_MAX)) add(`body.${name}`, 'invalid_quota', 'invalid_quota', { max: QUOTA_MAX });
  }
  if (input.state !== undefined && input.state !== 'active' && input.state !== 'pending_agreement') add('body.state', 'invalid_state', 'invalid_state', { value: String(input.state) });
  return issues;
}

export function createSharingService({ db, audit, clock }: SharingDeps): SharingService {
  const k = db.kysely;
  const cache = new Map<string, { at: number; grants: Promise<Grant[]> }>();
  const now = () => clock.now().toISOString();

  function event(by: AuditActor, action: string, id: string, detail: Record<string, unknown>): AuditInput {
    const { actorType, actorId, actorName, unitId, clientIp, requestId } = by;
    return { actorType, actorId, actorName, unitId, clientIp, requestId, action, targetType: 'sharing_grant', targetId: id, result: 'success', detail };
  }

  const notFound = (id: string) => new AppError(404, 'not_found', 'sharing.grant.not_found', { id });

  let observer: GrantObserver | null = null;

  const NO_CONTEXT: GrantContext = { providerUnitId: null, resourceName: null };

  async function observed(trx: Transaction<Database>, change: GrantChange, fallback: AuditInput): Promise<AuditInput[]> {
    const e = observer ? await observer.record(trx, change) : null;
    return [e ?? fallback];
  }

  async function contextFor(resourceCode: string | undefined): Promise<GrantContext> {
    if (!observer || typeof resourceCode !== 'string') return NO_CONTEXT;
    return observer.prepare(resourceCode);
  }

  async function createIn(trx: Transaction<Database>, by: AuditActor, input: GrantInput, context: GrantContext = NO_CONTEXT): Promise<{ grant: Grant; events: AuditInput[] }> {
    const issues = validateInput(input ?? ({} as GrantInput));
    const at = now();
    const validFrom = input.validFrom == null ? at : parseInstant(input.validFrom, false);
    if (validFrom === null) issues.push({ field: 'body.validFrom', code: 'invalid_date', messageKey: 'sharing.grant.invalid_date', params: { value: String(input.validFrom) } });
    const validUntil = input.validUntil == null ? null : parseInstant(input.validUntil, true);
    if (input.validUntil != null && validUntil === null) issues.push({ field: 'body.validUntil', code: 'invalid_date', messageKey: 'sharing.grant.invalid_date', params: { value: String(input.validUntil) } });
    if (validFrom && validUntil && validUntil <= validFrom) issues.push({ field: 'body.validUntil', code: 'period_order', messageKey: 'sharing.grant.period_order' });
    if (issues.length) throw invalid(issues);
    const row: store.GrantRow = {
      id: randomUUID(),
      resource_code: input.resourceCode,
      consumer_unit_id: input.consumerUnitId,
      consumer_system_id: input.consumerSystemId ?? null,
      fields: input.fields == null ? null : JSON.stringify(input.fields),
      row_filter: JSON.stringify((input.rowFilter ?? []).map((f: Filter) => (f.value === undefined ? { field: f.field, op: f.op } : { field: f.field, op: f.op, value: f.value }))),
      masking: JSON.stringify(input.masking ?? {}),
      purpose: input.purpose.trim(),
      legal_basis: (input.legalBasis ?? '').trim(),
      valid_from: validFrom!,
      valid_until: validUntil,
      quota_requests_per_day: input.quotaRequestsPerDay ?? null,
      quota_rows_per_day: input.quotaRowsPerDay ?? null,
      state: input.state ?? 'active',
      state_reason: null,
      created_by: by.actorName,
      created_at: at,
      updated_at: at,
    };
    if (!(await store.unitExists(trx, row.consumer_unit_id))) {
      throw invalid([{ field: 'body.consumerUnitId', code: 'unknown_unit', messageKey: 'sharing.grant.unknown_unit', params: { id: row.consumer_unit_id } }]);
    }
    if (row.consumer_system_id !== null && (await store.systemUnit(trx, row.consumer_system_id)) !== row.consumer_unit_id) {
      throw invalid([{ field: 'body.consumerSystemId', code: 'unknown_system', messageKey: 'sharing.grant.unknown_system', params: { id: row.consumer_system_id } }]);
    }
    await store.insertGrant(trx, row);
    const grant = store.toGrant(row);
    const detail = {
      resourceCode: grant.resourceCode,
      consumerUnitId: grant.consumerUnitId,
      consumerSystemId: grant.consumerSystemId,
      fields: grant.fields,
      rowFilter: grant.rowFilter,
      masking: grant.masking,
      validFrom: grant.validFrom,
      validUntil: grant.validUntil,
      state: grant.state,
    };
    const action = 'sharing.grant.create';
    const events = await observed(trx, { by, grant, from: null, to: grant.state, reason: null, action, detail, context }, event(by, action, row.id, detail));
    return { grant, events };
  }

  async function setStateIn(
    trx: Transaction<Database>,
    by: AuditActor,
    id: string,
    state: GrantState,
    reason: string | null = null,
    context: GrantContext = NO_CONTEXT,
  ): Promise<{ grant: Grant; events: AuditInput[] }> {
    if (!(GRANT_STATES as readonly string[]).includes(state)) {
      throw invalid([{ field: 'body.state', code: 'invalid_state', messageKey: 'sharing.grant.invalid_state', params: { value: String(state) } }]);
    }
    const why = typeof reason === 'string' && reason.trim() ? reason.trim() : null;
    if (why !== null && why.length > GRANT_LIMITS.reasonMax) {
      throw invalid([{ field: 'body.reason', code: 'too_long', messageKey: 'sharing.grant.too_long', params: { max: GRANT_LIMITS.reasonMax } }]);
    }
    if (why === null && GRANT_STATES_NEEDING_REASON.includes(state)) {
      throw invalid([{ field: 'body.reason', code: 'reason_required', messageKey: 'sharing.grant.reason_required' }]);
    }
    const row = await store.findGrant(trx, id);
    if (!row) throw notFound(id);
    const badTransition = (from: GrantState) => new AppError(409, 'bad_grant_transition', 'sharing.grant.bad_transition', { from, to: state });
    if (!GRANT_TRANSITIONS[row.state].includes(state)) throw badTransition(row.state);
    const at = now();
    // Conditional on the state read: another node that moved the grant first wins, this one gets a 409.
    if (!(await store.updateGrantState(trx, id, row.state, state, why, at))) throw badTransition(row.state);
    const grant = store.toGrant({ ...row, state, state_reason: why, updated_at: at });
    const detail = { resourceCode: row.resource_code, consumerUnitId: row.consumer_unit_id, from: row.state, to: state, reason: why };
    const action = 'sharing.grant.state';
    const events = await observed(trx, { by, grant, from: row.state, to: state, reason: why, action, detail, context }, event(by, action, id, detail));
    return { grant, events };
  }

  return {
    async createGrant(by, input) {
      const context = await contextFor(input?.resourceCode);
      const grant = await audit.transact(async (trx) => {
        const { grant: value, events } = await createIn(trx, by, input, context);
        return { value, events };
      });
      cache.clear();
      return grant;
    },

    async setGrantState(by, id, state, reason = null) {
      const context = observer ? await contextFor((await store.findGrant(k, id))?.resource_code) : NO_CONTEXT;
      const grant = await audit.transact(async (trx) => {
        const { grant: value, events } = await setStateIn(trx, by, id, state, reason, context);
        return { value, events };
      });
      cache.clear();
      return grant;
    },

    createGrantIn: createIn,
    setGrantStateIn: setStateIn,

    invalidate() {
      cache.clear();
    },

    observe(o) {
      observer = o;
    },

    async getGrant(id) {
      const row = await store.findGrant(k, id);
      if (!row) throw notFound(id);
      return store.toGrant(row);
    },

    async listGrants(filter = {}) {
      return (await store.listGrants(k, filter)).map(store.toGrant);
    },

    async searchGrants(q) {
      const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
      const offset = Math.max(q.offset ?? 0, 0);
      const { rows, total } = await store.searchGrants(k, { ...q, limit, offset });
      return { items: rows.map(store.toGrant), total };
    },

    async pastValidity(at, limit = 500) {
      return (await store.grantsPastValidity(k, at.toISOString(), limit)).map(store.toGrant);
    },

    grantsFor(unitId, resourceCode) {
      const key = `${unitId}\u0000${resourceCode}`;
      const t = performance.now();
      const hit = cache.get(key);
      if (hit && t - hit.at < GRANT_CACHE_MS) return hit.grants;
      const grants = store.listGrants(k, { consumerUnitId: unitId, resourceCode }).then((rows) => rows.map(store.toGrant));
      // A failed read is not cached.
      grants.catch(() => cache.delete(key));
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { at: t, grants });
      return grants;
    },
  };
}
