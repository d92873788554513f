/**
 * 共享需求 (R12, R14): demands in one unified form, routing (at once when the target is known,
 * otherwise matched by the authority with catalog suggestions), the provider's answer (an
 * existing resource, a new catalog entry, or a decline with circumstances and reasons), the
 * authority's registration (备案) of every demand and response, coordination, escalation to the
 * leadership group (whose decision binds) and the city-wide gap list.
 *
 * Each operation is one transaction: the demand row changes conditionally on the state read (two
 * nodes acting at once: the second gets a 409), and workflow.record writes the timeline, tasks
 * and notifications and returns the audit event, all committed together. Everything that reads
 * other modules (catalog, org) is asked before the transaction: on SQLite the transaction holds
 * the only connection.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import { AppError, invalid } from '../../core/errors.js';
import type { MessageKey } from '../../core/i18n.js';
import { clampPage } from '../../core/db/query.js';
import { DATA_ITEM_CODE_RE, RESOURCE_CODE_RE, WORKING_STATES } from '../../catalog/model.js';
import type { CatalogActor } from '../../catalog/policy.js';
import type { SharingModuleDeps } from '../deps.js';
import type { Assignee, SharingActor, Transition } from '../workflow/types.js';
import {
  DECISION_OUTCOMES,
  DEMAND_LIMITS,
  DEMAND_METHODS,
  DEMAND_STATES,
  DEMAND_STEPS,
  DEMAND_TRANSITIONS,
  RESPONSE_KINDS,
  TRANSITION_FROM,
  type DecisionLevel,
  type DecisionOutcome,
  type Demand,
  type DemandDetail,
  type DemandInput,
  type DemandListQuery,
  type DemandState,
  type DemandSuggestion,
  type DemandTransition,
  type GapEntry,
  type RecordKind,
  type WantedItem,
} from './model.js';
import { can, type DemandAction, type DemandParties } from './policy.js';
import * as store from './store.js';
import './messages.js';

export * from './model.js';

export interface RouteInput {
  providerUnitId?: string | null;
  resourceCodes?: string[];
  comment?: string | null;
}
export interface AcceptInput {
  /** existing: a published resource of the provider; new_entry: a catalog draft it created for this demand. */
  mode: 'existing' | 'new_entry';
  resourceCode: string;
  comment?: string | null;
}
export interface DeclineInput {
  circumstances: string;
  reasons: string;
}
export interface DecisionInput {
  outcome: DecisionOutcome;
  text: string;
}

export interface DemandService {
  /** Raises a demand for the caller's unit; routed at once when a target resource or provider is given. */
  submit(by: SharingActor, input: DemandInput): Promise<DemandDetail>;
  /** 404 when absent or not visible to the caller. */
  get(by: SharingActor, id: string): Promise<DemandDetail>;
  /** The board: a page plus the count per state (same box and text filter). */
  list(by: SharingActor, q?: DemandListQuery): Promise<{ items: Demand[]; total: number; counts: Partial<Record<DemandState, number>> }>;
  /** The city-wide gap list (资源缺口), for every signed-in user. */
  gaps(by: SharingActor, q?: { q?: string; limit?: number; offset?: number }): Promise<{ items: GapEntry[]; total: number }>;
  /** What the form offers the caller: its unit's enabled application systems (unit users may not list systems in org). */
  formOptions(by: SharingActor): Promise<{ systems: { id: string; code: string; name: string }[] }>;
  /** Catalog search suggestions for matching the demand to resources. */
  suggestions(by: SharingActor, id: string, opts?: { limit?: number }): Promise<DemandSuggestion[]>;
  route(by: SharingActor, id: string, input: RouteInput): Promise<DemandDetail>;
  accept(by: SharingActor, id: string, input: AcceptInput): Promise<DemandDetail>;
  decline(by: SharingActor, id: string, input: DeclineInput): Promise<DemandDetail>;
  /** Registers (备案) the demand and every response not yet registered; 409 when nothing is pending. */
  register(by: SharingActor, id: string, input?: { comment?: string | null }): Promise<DemandDetail>;
  decide(by: SharingActor, id: string, input: DecisionInput): Promise<DemandDetail>;
  escalate(by: SharingActor, id: string, input: { reason: string }): Promise<DemandDetail>;
  leaderDecide(by: SharingActor, id: string, input: DecisionInput): Promise<DemandDetail>;
  markGap(by: SharingActor, id: string, input: { note: string }): Promise<DemandDetail>;
  withdraw(by: SharingActor, id: string, input?: { reason?: string | null }): Promise<DemandDetail>;
  /** Moves in_progress demands whose catalog entry is now published to met (the sweep hook); returns how many. */
  checkMet(): Promise<number>;
}

type FieldIssue = { field: string; code: string; messageKey: MessageKey; params?: Record<string, string | number> };
type Trx = Transaction<Database>;

const AUTHORITY: Assignee = { role: 'authority_reviewer', unitId: null };
const LEADERS: Assignee = { role: 'leader', unitId: null };
const steward = (unitId: string): Assignee => ({ role: 'unit_steward', unitId });
/** A unit's people who follow its own demands: its users and its steward. */
const unitPeople = (unitId: string): Assignee[] => [
  { role: 'unit_user', unitId },
  { role: 'unit_steward', unitId },
];

/** The policy action each transition needs. */
const POLICY_OF: Record<DemandTransition, DemandAction> = {
  route: 'route',
  accept: 'accept',
  decline: 'decline',
  register: 'register',
  decide: 'decide',
  escalate: 'escalate',
  'leader-decide': 'leader_decide',
  'mark-gap': 'mark_gap',
  withdraw: 'withdraw',
};

const SWEEP_ACTOR: SharingActor = { actorType: 'system', actorId: 'sharing-sweep', actorName: 'system', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function isValidDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** Words of the suggestions that say nothing about what is wanted. */
const STOP_WORDS = new Set(['信息', '数据', '需要', '需求', '用于', '共享', '查询', '提供', '相关', '情况', '我们', '本单位', '单位', '进行', '工作', '办理', '以及', '有关', '资料', '名单', '获取']);
const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });

/** The search terms of a demand: data item names whole, then the meaningful words of the title and content. */
function suggestionTerms(d: Demand): string[] {
  const terms: string[] = [];
  const add = (t: string) => {
    const s = t.trim();
    if (s.length >= 2 && !STOP_WORDS.has(s) && !terms.includes(s)) terms.push(s);
  };
  for (const item of d.dataItems) add(item.name);
  for (const text of [d.title, d.content]) {
    for (const seg of segmenter.segment(text)) if (seg.isWordLike) add(seg.segment);
  }
  return terms.slice(0, 12);
}

export function createDemandService(deps: SharingModuleDeps): DemandService {
  const { db, audit, clock, org, catalog, calendar, workflow } = deps;
  const k = db.kysely;
  const now = () => clock.now().toISOString();

  const notFound = (id: string) => new AppError(404, 'not_found', 'sharing.demand.not_found', { id });
  const badState = (state: string, action: string) => new AppError(409, 'bad_state', 'sharing.demand.bad_state', { state, action });
  const forbidden = (action: string) => new AppError(403, 'forbidden', 'sharing.demand.forbidden', { action });
  const field = (f: string, code: string, key: string, params?: Record<string, string | number>): FieldIssue => ({ field: f, code, messageKey: `sharing.demand.${key}`, params });

  const partiesOf = (r: store.DemandRow): DemandParties => ({ requesterUnitId: r.requester_unit_id, providerUnitId: r.provider_unit_id });
  const catalogActor = (by: SharingActor): CatalogActor => ({ ...by, roles: by.roles, scopes: [] });

  /** A text field: trimmed, null when blank; issues for required/too long. */
  function text(issues: FieldIssue[], name: string, v: unknown, max: number, required: boolean): string | null {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) issues.push(field(name, 'required', 'required'));
      return null;
    }
    if (typeof v !== 'string') {
      issues.push(field(name, 'invalid_value', 'invalid_value', { value: String(v) }));
      return null;
    }
    const s = v.trim();
    if (s.length > max) issues.push(field(name, 'too_long', 'too_long', { max }));
    return s;
  }

  /** Loads a demand the caller may see (404 otherwise). */
  async function visible(by: SharingActor, id: string): Promise<store.DemandRow> {
    const row = await store.findDemand(k, id);
    if (!row || !can(by, 'read', partiesOf(row))) throw notFound(id);
    return row;
  }

  /** The transition's gatekeeping, in this order: 404 (not visible), 403 (not the caller's step), 409 (wrong state). */
  async function gate(by: SharingActor, id: string, action: DemandTransition): Promise<store.DemandRow> {
    const row = await visible(by, id);
    if (!can(by, POLICY_OF[action], partiesOf(row))) throw forbidden(action);
    if (!TRANSITION_FROM[action].includes(row.state)) throw badState(row.state, action);
    return row;
  }

  async function pendingRegistration(q: typeof k, row: store.DemandRow): Promise<number> {
    const records = await store.listRecords(q, row.id);
    return (row.registered_at ? 0 : 1) + records.filter((r) => RESPONSE_KINDS.includes(r.kind) && !r.registered_at).length;
  }

  function allowedFor(by: SharingActor, row: store.DemandRow, pending: number): DemandTransition[] {
    return DEMAND_TRANSITIONS.filter((t) => {
      if (!can(by, POLICY_OF[t], partiesOf(row)) || !TRANSITION_FROM[t].includes(row.state)) return false;
      if (t === 'accept' && row.state === 'decided') return row.decision_outcome === 'provider_must_share';
      if (t === 'register') return pending > 0;
      return true;
    });
  }

  async function detail(by: SharingActor, id: string): Promise<DemandDetail> {
    const row = await store.findNamedDemand(k, id);
    if (!row || !can(by, 'read', partiesOf(row))) throw notFound(id);
    const records = await store.listRecords(k, id);
    const pending = (row.registered_at ? 0 : 1) + records.filter((r) => RESPONSE_KINDS.includes(r.kind) && !r.registered_at).length;
    return { ...store.toDemand(row), records: records.map(store.toRecord), pendingRegistration: pending, allowed: allowedFor(by, row, pending) };
  }

  /**
   * Runs one transition: the conditional update (409 when another writer moved the demand first),
   * an optional record row, and workflow.record — all in one audited transaction.
   */
  async function commit(
    by: SharingActor,
    row: store.DemandRow,
    action: DemandTransition | 'met',
    to: DemandState,
    patch: Partial<store.DemandRow>,
    t: Omit<Transition, 'by' | 'itemKind' | 'itemId' | 'title' | 'action' | 'fromState' | 'toState'>,
    record?: { kind: RecordKind; outcome?: DecisionOutcome | null; text?: string | null; circumstances?: string | null; resourceCode?: string | null },
  ): Promise<void> {
    await audit.transact(async (trx: Trx) => {
      const at = now();
      if (!(await store.updateDemand(trx, row.id, row.state, { ...patch, state: to, updated_at: at }))) {
        const current = await store.findDemand(trx, row.id);
        throw badState(current?.state ?? row.state, action);
      }
      if (record) {
        await store.insertRecord(trx, {
          id: randomUUID(),
          demand_id: row.id,
          kind: record.kind,
          outcome: record.outcome ?? null,
          text: record.text ?? null,
          circumstances: record.circumstances ?? null,
          resource_code: record.resourceCode ?? null,
          actor_id: by.actorId,
          actor_name: by.actorName,
          unit_id: by.unitId,
          at,
          registered_at: null,
          registered_by: null,
        });
      }
      const e = await workflow.record(trx, {
        ...t,
        by,
        itemKind: 'demand',
        itemId: row.id,
        title: row.title,
        action: `sharing.demand.${action.replace('-', '_')}`,
        fromState: row.state,
        toState: to,
      });
      return { value: undefined, events: [e] };
    });
  }

  /** The requester's unit and, when routed, the provider's steward. */
  const partiesNotice = (row: store.DemandRow, kind: string) => {
    const list = unitPeople(row.requester_unit_id).map((assignee) => ({ assignee, kind, params: { title: row.title } }));
    if (row.provider_unit_id) list.push({ assignee: steward(row.provider_unit_id), kind, params: { title: row.title } });
    return list;
  };

  /** A published resource of the catalog, or a field issue. */
  async function publishedResource(issues: FieldIssue[], name: string, code: string) {
    if (!RESOURCE_CODE_RE.test(code)) {
      issues.push(field(name, 'invalid_resource_code', 'invalid_resource_code', { value: code }));
      return null;
    }
    const r = await catalog.published(code);
    if (!r) issues.push(field(name, 'unknown_resource', 'unknown_resource', { code }));
    return r;
  }

  const service: DemandService = {
    async submit(by, input) {
      if (!can(by, 'create')) {
        if (by.actorType === 'user' && !by.unitId) throw new AppError(403, 'forbidden', 'sharing.demand.no_unit');
        throw forbidden('create');
      }
      const unitId = by.unitId!;
      const body = (input ?? {}) as Partial<DemandInput>;
      const issues: FieldIssue[] = [];
      const title = text(issues, 'body.title', body.title, DEMAND_LIMITS.titleMax, true);
      const duty = text(issues, 'body.duty', body.duty, DEMAND_LIMITS.shortTextMax, true);
      const legalBasis = text(issues, 'body.legalBasis', body.legalBasis, DEMAND_LIMITS.textMax, true);
      const content = text(issues, 'body.content', body.content, DEMAND_LIMITS.textMax, true);
      const scope = text(issues, 'body.scope', body.scope, DEMAND_LIMITS.shortTextMax, true);
      const purpose = text(issues, 'body.purpose', body.purpose, DEMAND_LIMITS.shortTextMax, true);
      if (!(DEMAND_METHODS as readonly unknown[]).includes(body.method)) issues.push(field('body.method', 'invalid_value', 'invalid_value', { value: String(body.method) }));
      const today = calendar.today();
      if (typeof body.neededBy !== 'string' || !isValidDate(body.neededBy)) issues.push(field('body.neededBy', 'invalid_date', 'invalid_date', { value: String(body.neededBy) }));
      else if (body.neededBy < today) issues.push(field('body.neededBy', 'date_past', 'date_past', { today }));

      const items: WantedItem[] = [];
      if (body.dataItems != null) {
        if (!Array.isArray(body.dataItems)) issues.push(field('body.dataItems', 'invalid_value', 'invalid_value', { value: String(body.dataItems) }));
        else if (body.dataItems.length > DEMAND_LIMITS.dataItemsMax) issues.push(field('body.dataItems', 'too_many', 'too_many', { max: DEMAND_LIMITS.dataItemsMax }));
        else
          body.dataItems.forEach((it, i) => {
            const name = text(issues, `body.dataItems.${i}.name`, it?.name, DEMAND_LIMITS.dataItemNameMax, true);
            const code = it?.code == null || it.code === '' ? null : String(it.code);
            if (code !== null && !DATA_ITEM_CODE_RE.test(code)) issues.push(field(`body.dataItems.${i}.code`, 'invalid_item_code', 'invalid_item_code', { value: code }));
            if (name) items.push(code ? { name, code } : { name });
          });
      }

      // What the unit targeted decides where the demand goes at once.
      const targetCode = body.targetResourceCode ? String(body.targetResourceCode).trim() : null;
      let providerUnitId = body.targetProviderUnitId ? String(body.targetProviderUnitId) : null;
      if (providerUnitId && !(await org.getUnit(providerUnitId))) {
        issues.push(field('body.targetProviderUnitId', 'unknown_unit', 'unknown_unit', { id: providerUnitId }));
        providerUnitId = null;
      }
      if (targetCode) {
        const r = await publishedResource(issues, 'body.targetResourceCode', targetCode);
        if (r) {
          if (body.targetProviderUnitId && providerUnitId && r.providerUnitId !== providerUnitId) issues.push(field('body.targetProviderUnitId', 'provider_mismatch', 'provider_mismatch', { code: targetCode }));
          else providerUnitId = r.providerUnitId;
        }
      }
      if (providerUnitId && providerUnitId === unitId) issues.push(field(targetCode ? 'body.targetResourceCode' : 'body.targetProviderUnitId', 'own_unit', 'own_unit'));
      const systemId = body.systemId ? String(body.systemId) : null;
      if (systemId) {
        const s = await store.systemOf(k, systemId);
        if (!s || s.unit_id !== unitId || Number(s.disabled)) issues.push(field('body.systemId', 'unknown_system', 'unknown_system', { id: systemId }));
      }
      if (issues.length) throw invalid(issues);

      const at = now();
      const id = randomUUID();
      const routed = !!providerUnitId;
      const row: store.DemandRow = {
        id,
        title: title!,
        state: routed ? 'routed' : 'submitted',
        requester_unit_id: unitId,
        requester_id: by.actorId,
        requester_name: by.actorName,
        duty: duty!,
        legal_basis: legalBasis!,
        content: content!,
        data_items: JSON.stringify(items),
        target_resource_code: targetCode,
        target_provider_unit_id: body.targetProviderUnitId ? providerUnitId : null,
        scope: scope!,
        purpose: purpose!,
        method: body.method as DemandInput['method'],
        system_id: systemId,
        needed_by: body.neededBy!,
        provider_unit_id: providerUnitId,
        resource_codes: JSON.stringify(targetCode ? [targetCode] : []),
        routed_at: routed ? at : null,
        routed_by: routed ? by.actorName : null,
        answer_kind: null,
        answer_resource_code: null,
        answer_resource_version: null,
        answer_circumstances: null,
        answer_reasons: null,
        answer_comment: null,
        answered_at: null,
        answered_by: null,
        decision_level: null,
        decision_outcome: null,
        decision_text: null,
        decided_at: null,
        decided_by: null,
        escalation_reason: null,
        escalated_at: null,
        escalated_by: null,
        gap_note: null,
        gap_at: null,
        gap_by: null,
        withdraw_reason: null,
        withdrawn_at: null,
        registered_at: null,
        registered_by: null,
        met_at: null,
        created_at: at,
        updated_at: at,
      };
      const params = { title: row.title };
      await audit.transact(async (trx) => {
        await store.insertDemand(trx, row);
        const e = await workflow.record(trx, {
          by,
          itemKind: 'demand',
          itemId: id,
          title: row.title,
          action: 'sharing.demand.submit',
          fromState: null,
          toState: row.state,
          detail: { requesterUnitId: unitId, providerUnitId, targetResourceCode: targetCode, method: row.method, neededBy: row.needed_by },
          open: [
            { step: DEMAND_STEPS.register, assignee: AUTHORITY, deadline: 'registration' },
            routed ? { step: DEMAND_STEPS.answer, assignee: steward(providerUnitId!), deadline: 'demand_answer' } : { step: DEMAND_STEPS.match, assignee: AUTHORITY },
          ],
          notify: [{ assignee: AUTHORITY, kind: routed ? 'demand.notice.submitted' : 'demand.notice.to_match', params }, ...(routed ? [{ assignee: steward(providerUnitId!), kind: 'demand.notice.routed', params }] : [])],
        });
        return { value: undefined, events: [e] };
      });
      return detail(by, id);
    },

    get: detail,

    async formOptions(by) {
      if (!can(by, 'create')) throw forbidden('create');
      return { systems: await store.systemsOfUnit(k, by.unitId!) };
    },

    async list(by, q = {}) {
      if (!can(by, 'list')) throw forbidden('list');
      const { limit, offset } = clampPage(q, DEMAND_LIMITS.listMax);
      let states: DemandState[] | undefined;
      if (q.state) {
        const parts = q.state
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const bad = parts.find((s) => !(DEMAND_STATES as readonly string[]).includes(s));
        if (bad !== undefined) throw invalid([field('query.state', 'invalid_value', 'invalid_value', { value: bad })]);
        states = parts as DemandState[];
      }
      const f: store.DemandSearch = { q: q.q, states, decisionLevel: q.decisionLevel, escalated: q.escalated, limit, offset };
      if (!can(by, 'read_all')) f.visibleToUnit = by.unitId ?? null;
      const box = q.box ?? 'all';
      if (box === 'mine') f.requesterUnitId = by.unitId ?? '';
      if (box === 'to_answer') f.providerUnitId = by.unitId ?? '';
      const { rows, total, counts } = await store.searchDemands(k, f);
      return { items: rows.map(store.toDemand), total, counts };
    },

    async gaps(by, q = {}) {
      if (!can(by, 'read_gaps')) throw forbidden('read_gaps');
      const { limit, offset } = clampPage(q, DEMAND_LIMITS.listMax);
      const { rows, total } = await store.listGaps(k, { q: q.q, limit, offset });
      return { items: rows.map(store.toGap), total };
    },

    async suggestions(by, id, opts = {}) {
      const row = await visible(by, id);
      if (!can(by, 'suggest', partiesOf(row))) throw forbidden('suggest');
      const named = await store.findNamedDemand(k, id);
      const d = store.toDemand(named!);
      const max = Math.min(Math.max(opts.limit ?? 10, 1), DEMAND_LIMITS.suggestionsMax);
      const hits = new Map<string, DemandSuggestion & { order: number }>();
      let order = 0;
      for (const term of suggestionTerms(d)) {
        const page = await catalog.search(catalogActor(by), { q: term, limit: 10, facets: false });
        for (const r of page.items) {
          // The requester does not ask itself for what it holds.
          if (r.providerUnitId === d.requesterUnitId) continue;
          const h = hits.get(r.code);
          if (h) h.matchedBy.push(term);
          else
            hits.set(r.code, {
              code: r.code,
              name: r.name,
              abstract: r.abstract,
              providerUnitId: r.providerUnitId,
              providerUnitName: r.providerUnitName,
              sharingType: r.sharingType,
              matchedBy: [term],
              order: order++,
            });
        }
      }
      return [...hits.values()]
        .sort((a, b) => b.matchedBy.length - a.matchedBy.length || a.order - b.order)
        .slice(0, max)
        .map(({ order: _o, ...s }) => s);
    },

    async route(by, id, input) {
      const row = await gate(by, id, 'route');
      const body = input ?? {};
      const issues: FieldIssue[] = [];
      const comment = text(issues, 'body.comment', body.comment, DEMAND_LIMITS.textMax, false);
      let provider = body.providerUnitId ? String(body.providerUnitId) : null;
      const codes = Array.isArray(body.resourceCodes) ? [...new Set(body.resourceCodes.map((c) => String(c).trim()).filter(Boolean))] : [];
      if (codes.length > DEMAND_LIMITS.resourceCodesMax) issues.push(field('body.resourceCodes', 'too_many', 'too_many', { max: DEMAND_LIMITS.resourceCodesMax }));
      if (!provider && codes.length === 0) issues.push(field('body.providerUnitId', 'required', 'route_target_required'));
      if (provider && !(await org.getUnit(provider))) {
        issues.push(field('body.providerUnitId', 'unknown_unit', 'unknown_unit', { id: provider }));
        provider = null;
      }
      if (!issues.length) {
        const owners = new Set<string>();
        for (const [i, code] of codes.entries()) {
          const r = await publishedResource(issues, `body.resourceCodes.${i}`, code);
          if (!r) continue;
          if (body.providerUnitId && provider && r.providerUnitId !== provider) issues.push(field(`body.resourceCodes.${i}`, 'provider_mismatch', 'provider_mismatch', { code }));
          owners.add(r.providerUnitId);
        }
        if (!body.providerUnitId && owners.size > 1) issues.push(field('body.resourceCodes', 'resources_mixed', 'resources_mixed'));
        if (!provider && owners.size === 1) provider = [...owners][0]!;
      }
      if (provider && provider === row.requester_unit_id) issues.push(field('body.providerUnitId', 'own_unit', 'own_unit'));
      if (issues.length) throw invalid(issues);
      const params = { title: row.title };
      await commit(
        by,
        row,
        'route',
        'routed',
        { provider_unit_id: provider, resource_codes: JSON.stringify(codes), routed_at: now(), routed_by: by.actorName },
        {
          comment,
          detail: { providerUnitId: provider, resourceCodes: codes, previousProviderUnitId: row.provider_unit_id },
          closeSteps: [DEMAND_STEPS.match],
          // A re-route takes the question away from the previous provider.
          cancelSteps: [DEMAND_STEPS.answer],
          open: [{ step: DEMAND_STEPS.answer, assignee: steward(provider!), deadline: 'demand_answer' }],
          notify: [{ assignee: steward(provider!), kind: 'demand.notice.routed', params }, ...unitPeople(row.requester_unit_id).map((assignee) => ({ assignee, kind: 'demand.notice.routed_requester', params }))],
        },
      );
      return detail(by, id);
    },

    async accept(by, id, input) {
      const row = await gate(by, id, 'accept');
      if (row.state === 'decided' && row.decision_outcome !== 'provider_must_share') throw new AppError(409, 'bad_state', 'sharing.demand.not_must_share');
      const body = (input ?? {}) as Partial<AcceptInput>;
      const issues: FieldIssue[] = [];
      const comment = text(issues, 'body.comment', body.comment, DEMAND_LIMITS.textMax, false);
      const mode = body.mode;
      if (mode !== 'existing' && mode !== 'new_entry') issues.push(field('body.mode', 'invalid_value', 'invalid_value', { value: String(mode) }));
      const code = typeof body.resourceCode === 'string' ? body.resourceCode.trim() : '';
      if (!code) issues.push(field('body.resourceCode', 'required', 'required'));
      else if (!RESOURCE_CODE_RE.test(code)) issues.push(field('body.resourceCode', 'invalid_resource_code', 'invalid_resource_code', { value: code }));
      let version: number | null = null;
      if (!issues.length && mode === 'existing') {
        const r = await catalog.published(code);
        if (!r) issues.push(field('body.resourceCode', 'not_published', 'not_published', { code }));
        else if (r.providerUnitId !== row.provider_unit_id) issues.push(field('body.resourceCode', 'not_provider_resource', 'not_provider_resource', { code }));
        else version = r.version;
      } else if (!issues.length && mode === 'new_entry') {
        let res: Awaited<ReturnType<typeof catalog.getResource>> | null = null;
        try {
          res = await catalog.getResource({ actorType: 'system', actorId: 'sharing-demands', actorName: 'sharing-demands', unitId: null, clientIp: null, requestId: null }, code);
        } catch (e) {
          if (!(e instanceof AppError && e.status === 404)) throw e;
        }
        if (!res) issues.push(field('body.resourceCode', 'unknown_resource', 'unknown_resource', { code }));
        else if (res.providerUnitId !== row.provider_unit_id) issues.push(field('body.resourceCode', 'not_provider_resource', 'not_provider_resource', { code }));
        else {
          const working = res.versions.find((v) => WORKING_STATES.includes(v.state));
          if (!working) issues.push(field('body.resourceCode', 'no_working_version', 'no_working_version', { code }));
          else if (working.changeKind === 'withdraw') issues.push(field('body.resourceCode', 'withdrawal_version', 'withdrawal_version', { code }));
          else version = working.version;
        }
      }
      if (issues.length) throw invalid(issues);
      const existing = mode === 'existing';
      const to: DemandState = existing ? 'accepted' : 'in_progress';
      const params = { title: row.title };
      await commit(
        by,
        row,
        'accept',
        to,
        {
          answer_kind: mode,
          answer_resource_code: code,
          answer_resource_version: version,
          answer_circumstances: null,
          answer_reasons: null,
          answer_comment: comment,
          answered_at: now(),
          answered_by: by.actorName,
        },
        {
          comment,
          detail: { mode, resourceCode: code, version },
          closeSteps: [DEMAND_STEPS.answer, DEMAND_STEPS.comply],
          open: [{ step: DEMAND_STEPS.register, assignee: AUTHORITY, deadline: 'registration' }, ...(existing ? [] : [{ step: DEMAND_STEPS.publish, assignee: steward(row.provider_unit_id!) }])],
          notify: [
            ...unitPeople(row.requester_unit_id).map((assignee) => ({ assignee, kind: existing ? 'demand.notice.accepted' : 'demand.notice.in_progress', params })),
            { assignee: AUTHORITY, kind: existing ? 'demand.notice.accepted' : 'demand.notice.in_progress', params },
          ],
        },
        { kind: mode!, text: comment, resourceCode: code },
      );
      return detail(by, id);
    },

    async decline(by, id, input) {
      const row = await gate(by, id, 'decline');
      const body = (input ?? {}) as Partial<DeclineInput>;
      const issues: FieldIssue[] = [];
      const circumstances = text(issues, 'body.circumstances', body.circumstances, DEMAND_LIMITS.textMax, true);
      const reasons = text(issues, 'body.reasons', body.reasons, DEMAND_LIMITS.textMax, true);
      if (issues.length) throw invalid(issues);
      const params = { title: row.title };
      await commit(
        by,
        row,
        'decline',
        'declined',
        {
          answer_kind: 'decline',
          answer_resource_code: null,
          answer_resource_version: null,
          answer_circumstances: circumstances,
          answer_reasons: reasons,
          answer_comment: null,
          answered_at: now(),
          answered_by: by.actorName,
        },
        {
          comment: reasons,
          detail: { circumstances, reasons },
          closeSteps: [DEMAND_STEPS.answer],
          open: [
            { step: DEMAND_STEPS.register, assignee: AUTHORITY, deadline: 'registration' },
            { step: DEMAND_STEPS.coordinate, assignee: AUTHORITY, deadline: 'coordination' },
          ],
          notify: [...unitPeople(row.requester_unit_id).map((assignee) => ({ assignee, kind: 'demand.notice.declined', params })), { assignee: AUTHORITY, kind: 'demand.notice.to_coordinate', params }],
        },
        { kind: 'decline', text: reasons, circumstances },
      );
      return detail(by, id);
    },

    async register(by, id, input = {}) {
      const row = await gate(by, id, 'register');
      const issues: FieldIssue[] = [];
      const comment = text(issues, 'body.comment', input?.comment, DEMAND_LIMITS.textMax, false);
      if (issues.length) throw invalid(issues);
      if ((await pendingRegistration(k, row)) === 0) throw new AppError(409, 'nothing_to_register', 'sharing.demand.nothing_to_register');
      await audit.transact(async (trx) => {
        const at = now();
        const demand = await store.registerDemand(trx, id, at, by.actorName);
        const responses = await store.registerResponses(trx, id, RESPONSE_KINDS, at, by.actorName);
        // Another node registered first.
        if (!demand && responses === 0) throw new AppError(409, 'nothing_to_register', 'sharing.demand.nothing_to_register');
        const e = await workflow.record(trx, {
          by,
          itemKind: 'demand',
          itemId: id,
          title: row.title,
          action: 'sharing.demand.register',
          fromState: row.state,
          toState: row.state,
          comment,
          detail: { demand, responses },
          closeSteps: [DEMAND_STEPS.register],
          notify: unitPeople(row.requester_unit_id).map((assignee) => ({ assignee, kind: 'demand.notice.registered', params: { title: row.title } })),
        });
        return { value: undefined, events: [e] };
      });
      return detail(by, id);
    },

    async decide(by, id, input) {
      const row = await gate(by, id, 'decide');
      return decideAs(by, row, 'decide', 'authority', input);
    },

    async escalate(by, id, input) {
      const row = await gate(by, id, 'escalate');
      const issues: FieldIssue[] = [];
      const reason = text(issues, 'body.reason', input?.reason, DEMAND_LIMITS.textMax, true);
      if (issues.length) throw invalid(issues);
      const params = { title: row.title };
      await commit(
        by,
        row,
        'escalate',
        'escalated',
        { escalation_reason: reason, escalated_at: now(), escalated_by: by.actorName },
        {
          comment: reason,
          detail: { reason },
          closeSteps: [DEMAND_STEPS.coordinate],
          open: [{ step: DEMAND_STEPS.decide, assignee: LEADERS }],
          notify: [{ assignee: LEADERS, kind: 'demand.notice.escalated', params }, ...partiesNotice(row, 'demand.notice.escalated')],
        },
      );
      return detail(by, id);
    },

    async leaderDecide(by, id, input) {
      const row = await gate(by, id, 'leader-decide');
      return decideAs(by, row, 'leader-decide', 'leadership', input);
    },

    async markGap(by, id, input) {
      const row = await gate(by, id, 'mark-gap');
      const issues: FieldIssue[] = [];
      const note = text(issues, 'body.note', input?.note, DEMAND_LIMITS.textMax, true);
      if (issues.length) throw invalid(issues);
      await commit(
        by,
        row,
        'mark-gap',
        'gap',
        { gap_note: note, gap_at: now(), gap_by: by.actorName },
        {
          comment: note,
          detail: { note },
          closeSteps: [DEMAND_STEPS.match, DEMAND_STEPS.coordinate],
          cancelSteps: [DEMAND_STEPS.answer],
          notify: partiesNotice(row, 'demand.notice.gap'),
        },
      );
      return detail(by, id);
    },

    async withdraw(by, id, input = {}) {
      const row = await gate(by, id, 'withdraw');
      const issues: FieldIssue[] = [];
      const reason = text(issues, 'body.reason', input?.reason, DEMAND_LIMITS.textMax, false);
      if (issues.length) throw invalid(issues);
      const params = { title: row.title };
      await commit(
        by,
        row,
        'withdraw',
        'withdrawn',
        { withdraw_reason: reason, withdrawn_at: now() },
        {
          comment: reason,
          detail: { reason },
          // The registration stays: the authority keeps a record of every demand, withdrawn or not.
          cancelSteps: [DEMAND_STEPS.match, DEMAND_STEPS.answer],
          notify: [{ assignee: AUTHORITY, kind: 'demand.notice.withdrawn', params }, ...(row.provider_unit_id ? [{ assignee: steward(row.provider_unit_id), kind: 'demand.notice.withdrawn', params }] : [])],
        },
      );
      return detail(by, id);
    },

    async checkMet() {
      let met = 0;
      for (const row of await store.demandsInState(k, 'in_progress', 500)) {
        if (!row.answer_resource_code) continue;
        const pub = await catalog.published(row.answer_resource_code);
        if (!pub || pub.version < Number(row.answer_resource_version ?? 0)) continue;
        try {
          await commit(
            SWEEP_ACTOR,
            row,
            'met',
            'met',
            { met_at: now() },
            {
              detail: { resourceCode: row.answer_resource_code, version: pub.version },
              closeSteps: [DEMAND_STEPS.publish],
              notify: [...unitPeople(row.requester_unit_id).map((assignee) => ({ assignee, kind: 'demand.notice.met', params: { title: row.title } })), { assignee: AUTHORITY, kind: 'demand.notice.met', params: { title: row.title } }],
            },
          );
          met++;
        } catch (e) {
          // Another node moved it first: nothing to do here.
          if (!(e instanceof AppError && e.status === 409)) throw e;
        }
      }
      return met;
    },
  };

  async function decideAs(by: SharingActor, row: store.DemandRow, action: 'decide' | 'leader-decide', level: DecisionLevel, input: DecisionInput): Promise<DemandDetail> {
    const body = (input ?? {}) as Partial<DecisionInput>;
    const issues: FieldIssue[] = [];
    if (!(DECISION_OUTCOMES as readonly unknown[]).includes(body.outcome)) issues.push(field('body.outcome', 'invalid_value', 'invalid_outcome', { value: String(body.outcome) }));
    const decision = text(issues, 'body.text', body.text, DEMAND_LIMITS.textMax, true);
    if (issues.length) throw invalid(issues);
    const outcome = body.outcome as DecisionOutcome;
    const mustShare = outcome === 'provider_must_share' && !!row.provider_unit_id;
    const params = { title: row.title };
    const kind = level === 'leadership' ? 'demand.notice.leader_decided' : mustShare ? 'demand.notice.must_share' : 'demand.notice.decided';
    await commit(
      by,
      row,
      action,
      'decided',
      { decision_level: level, decision_outcome: outcome, decision_text: decision, decided_at: now(), decided_by: by.actorName },
      {
        comment: decision,
        detail: { level, outcome, text: decision },
        closeSteps: level === 'leadership' ? [DEMAND_STEPS.decide] : [DEMAND_STEPS.coordinate],
        // The provider must now share: its answer is awaited again.
        open: mustShare ? [{ step: DEMAND_STEPS.comply, assignee: steward(row.provider_unit_id!), deadline: 'demand_answer' }] : [],
        notify: [...partiesNotice(row, kind), ...(level === 'leadership' ? [{ assignee: AUTHORITY, kind, params }] : [])],
      },
      { kind: level === 'leadership' ? 'leadership_decision' : 'authority_decision', outcome, text: decision },
    );
    return detail(by, row.id);
  }

  workflow.registerAccess('demand', async (by, itemId) => {
    const row = await store.findDemand(k, itemId);
    return !!row && can(by, 'read', partiesOf(row));
  });
  workflow.registerSweepHook('demand-met', () => service.checkMet());

  return service;
}
