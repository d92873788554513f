/**
 * 共享申请 (R13, R14) and the grants' HTTP side. An application runs draft → submitted →
 * (incomplete → resubmitted) → under_review → approved | coordination → refused | approved,
 * or is answered automatically by the resource's sharing type. Every transition is one
 * transaction: the row, the grant it creates (and, when the grant waits for a confidentiality
 * agreement, the agreement's draft: R17), the timeline entry, the tasks and their working-day
 * deadlines, the notifications and the audit events commit together (workflow.record).
 *
 * SQLite has a single connection: inside a transaction only `trx` may be used, so everything a
 * transition needs from other services (the catalog entry, unit names, settings, open tasks) is
 * read before the transaction opens, and the row is re-checked inside it (conditional update).
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import { AppError, invalid } from '../../core/errors.js';
import { translate, type MessageKey } from '../../core/i18n.js';
import type { AuditInput } from '../../audit/types.js';
import type { Role } from '../../core/actor.js';
import { DATA_ITEM_CODE_RE, MASKING_RULES, RESOURCE_CODE_RE, SHARING_METHODS, type MaskingRule, type Resource, type SharingMethod } from '../../catalog/model.js';
import type { CatalogActor } from '../../catalog/policy.js';
import { filterShapeProblem } from '../../exchange/query.js';
import type { Filter } from '../../exchange/types.js';
import type { SharingModuleDeps } from '../deps.js';
import { isUniqueViolation } from '../../core/db/query.js';
import type { AgreementService, DraftSources } from '../agreements/service.js';
import type { Grant, GrantInput, GrantState } from '../model.js';
import type { GrantContext } from '../service.js';
import { auditActorOf } from '../workflow/service.js';
import type { Assignee, SharingActor, Transition } from '../workflow/types.js';
import {
  ANSWERABLE_STATES,
  APPLICATION_LIMITS,
  EDITABLE_STATES,
  REQUIRED_FIELDS,
  WITHDRAWABLE_STATES,
  type Application,
  type ApplicationDetailView,
  type ApplicationInput,
  type ApplicationQuery,
  type ApplicationState,
  type ApplicationView,
  type ApprovalTerms,
  type ApplicationUiAction,
  type AutoAnswer,
  type CoordinationDecision,
  type GrantDetailView,
  type GrantListQuery,
  type GrantView,
  type Prefill,
  type RequiredField,
  type ResourceView,
} from './model.js';
import { APPLICANT_ROLES, can, type ApplicationAction, type PartyTarget } from './policy.js';
import * as store from './store.js';
import './messages.js';

export * from './model.js';

// ---------------------------------------------------------------- the contract

/** The agreements module as applications use it (R17): the gate between approval and data. */
export interface AgreementGate {
  /** Whether a grant on these fields of the resource needs a confidentiality agreement. */
  needsAgreement(resource: Resource, fields: string[] | null): boolean;
  /** Opens the agreement a pending grant waits for (its own transaction). */
  startForGrant(by: SharingActor, grant: Grant, ctx: { applicationId: string | null }): Promise<{ id: string }>;
  /** What startForGrantIn needs from the catalog and the unit register: read before the transaction opens. */
  prepareDraft(grant: { resourceCode: string; consumerUnitId: string }, resource?: Resource | null): Promise<DraftSources>;
  /** Opens the agreement inside the approval's transaction (trx only): its id and the audit events to append. */
  startForGrantIn(trx: Transaction<Database>, by: SharingActor, grant: Grant, ctx: { applicationId: string | null; sources: DraftSources }): Promise<{ id: string; events: AuditInput[] }>;
  /** Whether the grant's agreement is signed and filed with both offices. */
  isFiled(grantId: string): Promise<boolean>;
}

export interface ApplicationService {
  /** The form's defaults for a resource (GET …/applications/prefill). */
  prefill(by: SharingActor, resourceCode: string): Promise<Prefill>;
  /** A new application (draft, or submitted at once with `submit`). */
  create(by: SharingActor, input: ApplicationInput, opts?: { submit?: boolean }): Promise<ApplicationDetailView>;
  /** Changes a draft or an incomplete application. */
  update(by: SharingActor, id: string, input: ApplicationInput): Promise<ApplicationDetailView>;
  submit(by: SharingActor, id: string, input?: ApplicationInput): Promise<ApplicationDetailView>;
  resubmit(by: SharingActor, id: string, input?: ApplicationInput): Promise<ApplicationDetailView>;
  withdraw(by: SharingActor, id: string, comment?: string | null): Promise<ApplicationDetailView>;
  /** The provider takes a submitted application into review. */
  accept(by: SharingActor, id: string, comment?: string | null): Promise<ApplicationDetailView>;
  /** The provider's one notice listing everything missing. */
  markIncomplete(by: SharingActor, id: string, notice: { missing?: RequiredField[]; note?: string | null }): Promise<ApplicationDetailView>;
  approve(by: SharingActor, id: string, terms?: ApprovalTerms): Promise<ApplicationDetailView>;
  refuse(by: SharingActor, id: string, reason: string): Promise<ApplicationDetailView>;
  requestExtension(by: SharingActor, id: string, req: { days: number; reason: string }): Promise<ApplicationDetailView>;
  decideExtension(by: SharingActor, id: string, d: { approve: boolean; comment?: string | null }): Promise<ApplicationDetailView>;
  coordinate(by: SharingActor, id: string, d: { decision: CoordinationDecision; comment: string; terms?: ApprovalTerms }): Promise<ApplicationDetailView>;
  /** The authority registers (备案) the application and its answer. */
  register(by: SharingActor, id: string, comment?: string | null): Promise<ApplicationDetailView>;
  /** The provider confirms the data is delivered. */
  confirmDelivery(by: SharingActor, id: string, comment?: string | null): Promise<ApplicationDetailView>;
  get(by: SharingActor, id: string): Promise<ApplicationDetailView>;
  list(by: SharingActor, q?: ApplicationQuery): Promise<{ items: ApplicationView[]; total: number }>;

  listGrants(by: SharingActor, q?: GrantListQuery): Promise<{ items: GrantView[]; total: number }>;
  getGrant(by: SharingActor, id: string): Promise<GrantDetailView>;
  suspendGrant(by: SharingActor, id: string, reason: string): Promise<GrantDetailView>;
  resumeGrant(by: SharingActor, id: string, comment?: string | null): Promise<GrantDetailView>;
  revokeGrant(by: SharingActor, id: string, reason: string): Promise<GrantDetailView>;

  /** Sweep: active or suspended grants past their validity become expired. */
  expireGrants(): Promise<number>;
  /** Sweep: approved applications whose grant is active and whose dataset has rows are delivered. */
  checkDeliveries(): Promise<number>;
}

// ---------------------------------------------------------------- helpers

type Trx = Transaction<Database>;
type FieldIssue = { field: string; code: string; messageKey: MessageKey; params?: Record<string, string | number> };

/** The platform itself, for automatic answers and sweeps. */
export const SYSTEM_ACTOR: SharingActor = {
  actorType: 'system',
  actorId: 'sharing-workflow',
  actorName: 'GovShare（自动）',
  unitId: null,
  clientIp: null,
  requestId: null,
  kind: 'system',
  roles: [],
};
const CATALOG_READER: CatalogActor = { actorType: 'system', actorId: 'sharing-applications', actorName: 'sharing-applications', unitId: null, clientIp: null, requestId: null };

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
function validDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}
function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const blank = (s: string | null | undefined) => s === null || s === undefined || s.trim() === '';
const clean = (s: string | null | undefined) => (typeof s === 'string' && s.trim() ? s.trim() : null);

const forbidden = () => new AppError(403, 'forbidden', 'sharing.application.forbidden');
const notFound = (id: string) => new AppError(404, 'not_found', 'sharing.application.not_found', { id });
const badState = (state: string, action: string) => new AppError(409, 'bad_application_state', 'sharing.application.bad_state', { state, action });
const grantForbidden = () => new AppError(403, 'forbidden', 'sharing.grant.forbidden');

/** The role an applicant applies in: the incomplete notice goes to that role of the unit. */
function applicantRole(by: SharingActor): Role {
  return by.roles.includes('unit_user') ? 'unit_user' : 'unit_steward';
}

/** Whether the consumer unit may receive the resource at all (restricted: the sharing scope). */
function inScope(resource: Resource, unitId: string): boolean {
  return resource.sharingScope.all || resource.sharingScope.unitIds.includes(unitId);
}

/** The automatic answer a submission gets, by the resource's sharing type (R13) and scope. */
function autoAnswerFor(resource: Resource, unitId: string): AutoAnswer | null {
  if (resource.metadataOnly) return 'classified';
  if (resource.sharingType === 'none') return 'not_shared';
  if (resource.sharingType === 'mandatory') return 'mandatory';
  if (!inScope(resource, unitId)) return 'outside_scope';
  return null;
}

function autoComment(answer: AutoAnswer, resource: Resource): string {
  if (answer === 'not_shared') {
    const basis = resource.legalBasis.trim();
    return basis ? translate('sharing.application.auto.not_shared', 'zh-CN', { legalBasis: basis }) : translate('sharing.application.auto.not_shared_no_basis', 'zh-CN');
  }
  return translate(`sharing.application.auto.${answer}`, 'zh-CN');
}

const isTabular = (r: Resource) => r.format === 'database' || r.format === 'spreadsheet';

function missingFields(row: store.ApplicationRow): RequiredField[] {
  const missing: RequiredField[] = [];
  for (const f of REQUIRED_FIELDS) {
    switch (f) {
      case 'fields':
        if (row.fields !== null && (JSON.parse(row.fields) as string[]).length === 0) missing.push(f);
        break;
      case 'purpose':
        if (blank(row.purpose)) missing.push(f);
        break;
      case 'legalBasis':
        if (blank(row.legal_basis)) missing.push(f);
        break;
      case 'scenario':
        if (blank(row.scenario)) missing.push(f);
        break;
      case 'scope':
        if (blank(row.scope)) missing.push(f);
        break;
      case 'method':
        if (row.method === null) missing.push(f);
        break;
      case 'systemId':
        if (row.consumer_system_id === null) missing.push(f);
        break;
      case 'validFrom':
        if (row.valid_from === null) missing.push(f);
        break;
      case 'validUntil':
        if (row.valid_until === null) missing.push(f);
        break;
    }
  }
  return missing;
}

const fieldNames = (missing: readonly RequiredField[], lang: 'zh-CN' | 'en' = 'zh-CN') =>
  missing.map((f) => translate(`sharing.application.field.${f}`, lang)).join(lang === 'en' ? ', ' : '、');

// ---------------------------------------------------------------- the service

export function createApplicationService(deps: SharingModuleDeps & { agreements: AgreementService }): ApplicationService {
  const { db, audit, clock, org, catalog, calendar, grants, workflow } = deps;
  const k = db.kysely;
  // R17: the agreements module decides which grants wait for a confidentiality agreement and whether it is filed.
  const gate: AgreementGate = deps.agreements;
  const needsAgreement = (resource: Resource, fields: string[] | null): boolean => gate.needsAgreement(resource, fields);
  const isFiled = (grantId: string): Promise<boolean> => gate.isFiled(grantId);
  const now = () => clock.now().toISOString();

  // ---- names and resources (read outside transactions)

  const resourceInfo = new Map<string, { providerUnitId: string; name: string }>();
  async function resourceOf(code: string): Promise<{ providerUnitId: string; name: string } | null> {
    const hit = resourceInfo.get(code);
    if (hit) return hit;
    try {
      const r = await catalog.getResource(CATALOG_READER, code);
      // The providing unit of a resource code never changes; the name is refreshed on the next process start.
      const info = { providerUnitId: r.providerUnitId, name: r.name };
      resourceInfo.set(code, info);
      return info;
    } catch (e) {
      if (e instanceof AppError && e.status === 404) return null;
      throw e;
    }
  }

  async function names(ids: { units: (string | null)[]; systems: (string | null)[] }) {
    const units = new Map<string, string>();
    const systems = new Map<string, string>();
    for (const id of new Set(ids.units)) {
      if (!id) continue;
      const u = await org.getUnit(id);
      if (u) units.set(id, u.name);
    }
    for (const id of new Set(ids.systems)) {
      if (!id) continue;
      const s = await org.getSystem(id);
      if (s) systems.set(id, s.name);
    }
    return { units, systems };
  }

  async function views(rows: Application[]): Promise<ApplicationView[]> {
    const n = await names({ units: rows.flatMap((r) => [r.consumerUnitId, r.providerUnitId]), systems: rows.map((r) => r.consumerSystemId) });
    return rows.map((r) => ({
      ...r,
      consumerUnitName: n.units.get(r.consumerUnitId) ?? null,
      providerUnitName: n.units.get(r.providerUnitId) ?? null,
      consumerSystemName: r.consumerSystemId ? (n.systems.get(r.consumerSystemId) ?? null) : null,
    }));
  }

  async function published(code: string): Promise<Resource> {
    const r = await catalog.published(code);
    if (!r) throw new AppError(404, 'resource_not_found', 'sharing.application.resource_not_found', { code });
    return r;
  }

  async function resourceView(r: Resource): Promise<ResourceView> {
    const provider = await org.getUnit(r.providerUnitId);
    return {
      code: r.code,
      version: r.version,
      name: r.name,
      providerUnitId: r.providerUnitId,
      providerUnitName: provider?.name ?? r.providerUnitName,
      sharingType: r.sharingType,
      sharingConditions: r.sharingConditions,
      sharingMethods: r.sharingMethods,
      legalBasis: r.legalBasis,
      metadataOnly: r.metadataOnly,
      tabular: isTabular(r),
      items: r.dataItems.map((i) => ({ code: i.code, name: i.name, dataType: i.dataType, sensitivity: i.sensitivity, masking: i.masking })),
    };
  }

  async function titleOf(row: { resource_name: string; consumer_unit_id: string }): Promise<string> {
    const u = await org.getUnit(row.consumer_unit_id);
    return `${row.resource_name} · ${u?.shortName || u?.name || ''}`.trim();
  }

  // ---- assignees

  const authority: Assignee = { role: 'authority_reviewer', unitId: null };
  const providerSteward = (row: store.ApplicationRow): Assignee => ({ role: 'unit_steward', unitId: row.provider_unit_id });
  const applicant = (row: store.ApplicationRow): Assignee => ({ role: row.applicant_role as Role, unitId: row.consumer_unit_id });

  // ---- loading and checks

  async function load(id: string): Promise<store.ApplicationRow> {
    const row = await store.findApplication(k, id);
    if (!row) throw notFound(id);
    return row;
  }

  const party = (row: store.ApplicationRow): PartyTarget => ({ consumerUnitId: row.consumer_unit_id, providerUnitId: row.provider_unit_id });

  function allow(by: SharingActor, action: ApplicationAction, row: store.ApplicationRow) {
    if (!can(by, action, party(row))) {
      // Someone who may not even read it learns nothing about it.
      if (!can(by, 'application.read', party(row))) throw notFound(row.id);
      throw forbidden();
    }
  }

  function requireState(row: store.ApplicationRow, states: readonly ApplicationState[], action: string) {
    if (!states.includes(row.state)) throw badState(row.state, action);
  }

  // ---- input validation (shape, against the resource); blanks are left for the completeness check

  async function validateInput(by: SharingActor, input: ApplicationInput, resource: Resource, unitId: string): Promise<FieldIssue[]> {
    const issues: FieldIssue[] = [];
    const add = (field: string, code: string, key: string, params?: Record<string, string | number>) => issues.push({ field: `body.${field}`, code, messageKey: `sharing.application.${key}`, params });
    if (input.fields !== undefined && input.fields !== null) {
      if (!Array.isArray(input.fields)) add('fields', 'invalid_value', 'unknown_item', { value: String(input.fields) });
      else if (input.fields.length > APPLICATION_LIMITS.fieldsMax) add('fields', 'too_many', 'unknown_item', { value: String(input.fields.length) });
      else if (input.fields.length > 0 && resource.dataItems.length === 0) add('fields', 'no_items', 'no_items');
      else {
        const codes = new Set(resource.dataItems.map((i) => i.code));
        const seen = new Set<string>();
        input.fields.forEach((f, i) => {
          if (typeof f !== 'string' || !codes.has(f)) add(`fields/${i}`, 'unknown_item', 'unknown_item', { value: String(f) });
          else if (seen.has(f)) add(`fields/${i}`, 'duplicate_item', 'duplicate_item', { value: f });
          seen.add(f);
        });
      }
    }
    const text = (field: keyof ApplicationInput, max: number) => {
      const v = input[field];
      if (v === undefined || v === null) return;
      if (typeof v !== 'string') add(field, 'invalid_value', 'required');
      else if (v.length > max) add(field, 'too_long', 'too_long', { max });
    };
    text('purpose', APPLICATION_LIMITS.shortTextMax);
    text('legalBasis', APPLICATION_LIMITS.textMax);
    text('scenario', APPLICATION_LIMITS.shortTextMax);
    text('scope', APPLICATION_LIMITS.shortTextMax);
    if (input.method !== undefined && input.method !== null) {
      if (!(SHARING_METHODS as readonly string[]).includes(input.method)) add('method', 'invalid_value', 'method_not_offered', { value: String(input.method), offered: SHARING_METHODS.join(', ') });
      else if (resource.sharingMethods.length && !resource.sharingMethods.includes(input.method)) {
        add('method', 'method_not_offered', 'method_not_offered', { value: input.method, offered: resource.sharingMethods.join(', ') });
      }
    }
    for (const f of ['validFrom', 'validUntil'] as const) {
      const v = input[f];
      if (v !== undefined && v !== null && (typeof v !== 'string' || !validDate(v))) add(f, 'invalid_date', 'invalid_date', { value: String(v) });
    }
    for (const f of ['quotaRequestsPerDay', 'quotaRowsPerDay'] as const) {
      const v = input[f];
      if (v !== undefined && v !== null && !(Number.isInteger(v) && v >= 1 && v <= APPLICATION_LIMITS.quotaMax)) add(f, 'invalid_quota', 'invalid_quota', { max: APPLICATION_LIMITS.quotaMax });
    }
    if (input.consumerSystemId !== undefined && input.consumerSystemId !== null) {
      const s = typeof input.consumerSystemId === 'string' ? await store.systemOf(k, input.consumerSystemId) : null;
      if (!s || s.unitId !== unitId || s.disabled) add('consumerSystemId', 'unknown_system', 'unknown_system', { id: String(input.consumerSystemId) });
    }
    void by;
    return issues;
  }

  /** The row after applying an input's present fields. */
  function applyInput(row: store.ApplicationRow, input: ApplicationInput): store.ApplicationRow {
    const next = { ...row };
    if (input.consumerSystemId !== undefined) next.consumer_system_id = input.consumerSystemId ?? null;
    if (input.fields !== undefined) next.fields = input.fields === null ? null : JSON.stringify(input.fields);
    if (input.purpose !== undefined) next.purpose = input.purpose.trim();
    if (input.legalBasis !== undefined) next.legal_basis = input.legalBasis.trim();
    if (input.scenario !== undefined) next.scenario = input.scenario.trim();
    if (input.scope !== undefined) next.scope = input.scope.trim();
    if (input.method !== undefined) next.method = input.method ?? null;
    if (input.validFrom !== undefined) next.valid_from = input.validFrom ?? null;
    if (input.validUntil !== undefined) next.valid_until = input.validUntil ?? null;
    if (input.quotaRequestsPerDay !== undefined) next.quota_requests_per_day = input.quotaRequestsPerDay ?? null;
    if (input.quotaRowsPerDay !== undefined) next.quota_rows_per_day = input.quotaRowsPerDay ?? null;
    return next;
  }

  function periodIssue(row: store.ApplicationRow): FieldIssue | null {
    if (row.valid_from && row.valid_until && row.valid_until < row.valid_from) {
      return { field: 'body.validUntil', code: 'period_order', messageKey: 'sharing.application.period_order' };
    }
    return null;
  }

  // ---- recording transitions

  interface Step {
    action: string;
    to: ApplicationState;
    /** Defaults to the row's current state; null for an application's first entry. */
    from?: ApplicationState | null;
    comment?: string | null;
    detail?: Record<string, unknown>;
    closeSteps?: Transition['closeSteps'];
    cancelSteps?: Transition['cancelSteps'];
    open?: Transition['open'];
    notify?: Transition['notify'];
  }

  async function record(trx: Trx, by: SharingActor, row: store.ApplicationRow, title: string, s: Step): Promise<AuditInput> {
    return workflow.record(trx, {
      by,
      itemKind: 'application',
      itemId: row.id,
      title,
      action: s.action,
      fromState: s.from === undefined ? row.state : s.from,
      toState: s.to,
      comment: s.comment ?? null,
      detail: { resourceCode: row.resource_code, consumerUnitId: row.consumer_unit_id, providerUnitId: row.provider_unit_id, ...(s.detail ?? {}) },
      closeSteps: s.closeSteps,
      cancelSteps: s.cancelSteps,
      open: s.open,
      notify: s.notify,
    });
  }

  /** Moves the row from its current state (checked again inside the transaction) and writes the patch. */
  async function move(trx: Trx, row: store.ApplicationRow, action: string, patch: Partial<store.ApplicationRow>): Promise<void> {
    const ok = await store.updateApplication(trx, row.id, row.state, { ...patch, updated_at: now() });
    if (!ok) {
      const current = await store.findApplication(trx, row.id);
      throw badState(current?.state ?? row.state, action);
    }
  }

  const notice = (row: store.ApplicationRow, kind: string, assignees: Assignee[], params: Record<string, string | number> = {}) =>
    assignees.map((assignee) => ({ assignee, kind: `application.notice.${kind}`, params: { resource: row.resource_name, code: row.resource_code, ...params } }));

  // ---- sending (submit / resubmit / create+submit)

  async function send(by: SharingActor, row: store.ApplicationRow, action: 'sharing.application.submit' | 'sharing.application.resubmit', input: ApplicationInput | undefined, fresh: boolean): Promise<string> {
    const resource = await published(row.resource_code);
    if (input) {
      const issues = await validateInput(by, input, resource, row.consumer_unit_id);
      if (issues.length) throw invalid(issues);
    }
    let next = applyInput(row, input ?? {});
    // The version applied for is the one published when it is sent; its items must still exist.
    next = { ...next, resource_version: resource.version, resource_name: resource.name };
    const fields = next.fields === null ? null : (JSON.parse(next.fields) as string[]);
    if (fields && fields.length) {
      const issues = await validateInput(by, { fields, method: (next.method as SharingMethod | null) ?? undefined }, resource, row.consumer_unit_id);
      if (issues.length) throw invalid(issues);
    }
    const p = periodIssue(next);
    if (p) throw invalid([p]);
    const auto = autoAnswerFor(resource, row.consumer_unit_id);
    const missing = auto ? [] : missingFields(next);
    const title = await titleOf(next);
    const at = now();
    const content = {
      consumer_system_id: next.consumer_system_id,
      fields: next.fields,
      purpose: next.purpose,
      legal_basis: next.legal_basis,
      scenario: next.scenario,
      scope: next.scope,
      method: next.method,
      valid_from: next.valid_from,
      valid_until: next.valid_until,
      quota_requests_per_day: next.quota_requests_per_day,
      quota_rows_per_day: next.quota_rows_per_day,
      resource_version: next.resource_version,
      resource_name: next.resource_name,
      submitted_at: at,
    };

    await audit.transact(async (trx) => {
      if (fresh) await store.insertApplication(trx, { ...next, ...content, created_at: at, updated_at: at });
      const events: AuditInput[] = [];
      const sent = { ...next, ...content };
      const submitStep: Step = {
        action,
        from: fresh ? null : row.state,
        to: 'submitted',
        detail: { version: resource.version, fields, method: next.method },
        closeSteps: row.state === 'incomplete' ? ['resubmit'] : undefined,
      };
      if (auto) {
        const to: ApplicationState = auto === 'mandatory' ? 'approved' : 'refused';
        const comment = autoComment(auto, resource);
        await move(trx, row, action, { ...content, state: to, auto_answer: auto, decision_comment: auto === 'not_shared' ? resource.legalBasis.trim() || null : null, decided_by: SYSTEM_ACTOR.actorName, decided_at: at, missing: '[]' });
        events.push(await record(trx, by, sent, title, submitStep));
        events.push(
          await record(trx, SYSTEM_ACTOR, sent, title, {
            action: auto === 'mandatory' ? 'sharing.application.auto_approve' : 'sharing.application.auto_refuse',
            from: 'submitted',
            to,
            comment,
            detail: { autoAnswer: auto, legalBasis: auto === 'not_shared' ? resource.legalBasis : undefined },
            open: [{ step: 'register_answer', assignee: authority, deadline: 'registration' }],
            notify: notice(sent, auto === 'mandatory' ? 'autoApproved' : 'autoRefused', [applicant(sent)], { reason: comment }),
          }),
        );
      } else if (missing.length) {
        await move(trx, row, action, { ...content, state: 'incomplete', missing: JSON.stringify(missing), incomplete_note: null });
        events.push(await record(trx, by, sent, title, submitStep));
        events.push(
          await record(trx, SYSTEM_ACTOR, sent, title, {
            action: 'sharing.application.incomplete',
            from: 'submitted',
            to: 'incomplete',
            comment: translate('sharing.application.auto.incomplete', 'zh-CN', { fields: fieldNames(missing) }),
            detail: { missing, automatic: true },
            open: [{ step: 'resubmit', assignee: applicant(sent) }],
            notify: notice(sent, 'incomplete', [applicant(sent)], { missing: fieldNames(missing) }),
          }),
        );
      } else {
        await move(trx, row, action, { ...content, state: 'submitted', missing: '[]', incomplete_note: null });
        events.push(
          await record(trx, by, sent, title, {
            ...submitStep,
            open: [
              { step: 'answer', assignee: providerSteward(sent), deadline: 'restricted_answer' },
              { step: 'register_application', assignee: authority, deadline: 'registration' },
            ],
            notify: notice(sent, 'submitted', [providerSteward(sent)]),
          }),
        );
      }
      return { value: null, events };
    });
    return row.id;
  }

  // ---- approving (the provider, the authority, or the authority's coordination order)

  async function approval(by: SharingActor, row: store.ApplicationRow, terms: ApprovalTerms, how: { action: string; closeSteps: string[]; decision?: CoordinationDecision; comment?: string | null }) {
    const resource = await catalog.published(row.resource_code);
    if (!resource) throw new AppError(409, 'resource_unavailable', 'sharing.application.resource_unavailable', { code: row.resource_code });
    const issues: FieldIssue[] = [];
    const add = (field: string, code: string, key: string, params?: Record<string, string | number>) => issues.push({ field: `body.${field}`, code, messageKey: `sharing.application.${key}`, params });
    const requested = row.fields === null ? null : (JSON.parse(row.fields) as string[]);
    const itemCodes = new Set(resource.dataItems.map((i) => i.code));
    let fields: string[] | null = requested;
    if (terms.fields !== undefined) {
      if (terms.fields === null) {
        if (requested !== null) add('fields', 'not_subset', 'not_subset', { value: '*' });
        else fields = null;
      } else if (terms.fields.length === 0) add('fields', 'empty_fields', 'empty_fields');
      else {
        const seen = new Set<string>();
        terms.fields.forEach((f, i) => {
          if (!itemCodes.has(f)) add(`fields/${i}`, 'unknown_item', 'unknown_item', { value: f });
          else if (requested !== null && !requested.includes(f)) add(`fields/${i}`, 'not_subset', 'not_subset', { value: f });
          else if (seen.has(f)) add(`fields/${i}`, 'duplicate_item', 'duplicate_item', { value: f });
          seen.add(f);
        });
        fields = [...seen];
      }
    }
    // Items of a later catalog version that were dropped cannot be granted.
    if (fields !== null && terms.fields === undefined) fields = fields.filter((f) => itemCodes.has(f));
    const rowFilter: Filter[] = terms.rowFilter ?? [];
    rowFilter.forEach((f, i) => {
      const p = filterShapeProblem(f);
      if (p) add(`rowFilter/${i}`, 'invalid_filter', 'invalid_filter', { reason: p });
      else if (!itemCodes.has(f.field)) add(`rowFilter/${i}/field`, 'unknown_item', 'unknown_filter_field', { value: f.field });
    });
    const masking: Record<string, MaskingRule> = {};
    for (const [code, rule] of Object.entries(terms.masking ?? {})) {
      if (!DATA_ITEM_CODE_RE.test(code) || !itemCodes.has(code)) add(`masking/${code}`, 'unknown_item', 'unknown_item', { value: code });
      else if (!(MASKING_RULES as readonly string[]).includes(rule)) add(`masking/${code}`, 'invalid_masking', 'invalid_masking', { value: String(rule) });
      else masking[code] = rule;
    }
    const from = terms.validFrom ?? row.valid_from;
    const until = terms.validUntil ?? row.valid_until;
    for (const [f, v] of [
      ['validFrom', terms.validFrom],
      ['validUntil', terms.validUntil],
    ] as const) {
      if (v !== undefined && v !== null && !validDate(v)) add(f, 'invalid_date', 'invalid_date', { value: v });
    }
    if (!issues.some((i) => i.code === 'invalid_date')) {
      const reqFrom = row.valid_from ?? '0000-01-01';
      const reqUntil = row.valid_until ?? '9999-12-31';
      const params = { from: row.valid_from ?? '—', until: row.valid_until ?? '—' };
      if (from && from < reqFrom) add('validFrom', 'validity_not_narrowed', 'validity_not_narrowed', params);
      if (until && until > reqUntil) add('validUntil', 'validity_not_narrowed', 'validity_not_narrowed', params);
      if (from && until && until < from) add('validUntil', 'period_order', 'period_order');
    }
    for (const f of ['quotaRequestsPerDay', 'quotaRowsPerDay'] as const) {
      const v = terms[f];
      if (v !== undefined && v !== null && !(Number.isInteger(v) && v >= 1 && v <= APPLICATION_LIMITS.quotaMax)) add(f, 'invalid_quota', 'invalid_quota', { max: APPLICATION_LIMITS.quotaMax });
    }
    const comment = clean(how.comment ?? terms.comment);
    if (comment && comment.length > APPLICATION_LIMITS.commentMax) add('comment', 'too_long', 'too_long', { max: APPLICATION_LIMITS.commentMax });
    if (issues.length) throw invalid(issues);

    const pending = needsAgreement(resource, fields);
    const input: GrantInput = {
      resourceCode: row.resource_code,
      consumerUnitId: row.consumer_unit_id,
      consumerSystemId: row.consumer_system_id,
      fields,
      rowFilter,
      masking,
      purpose: row.purpose,
      legalBasis: row.legal_basis,
      validFrom: from,
      validUntil: until,
      quotaRequestsPerDay: terms.quotaRequestsPerDay !== undefined ? terms.quotaRequestsPerDay : store.toApplication(row).quotaRequestsPerDay,
      quotaRowsPerDay: terms.quotaRowsPerDay !== undefined ? terms.quotaRowsPerDay : store.toApplication(row).quotaRowsPerDay,
      state: pending ? 'pending_agreement' : 'active',
    };
    const title = await titleOf(row);
    const context: GrantContext = { providerUnitId: row.provider_unit_id, resourceName: row.resource_name };
    // R17: what the draft agreement is written from, read now (inside the transaction only `trx` may be used).
    const sources = pending ? await gate.prepareDraft({ resourceCode: row.resource_code, consumerUnitId: row.consumer_unit_id }, resource) : null;
    const at = now();
    let grant: Grant;
    try {
      grant = await audit.transact(async (trx) => {
        const created = await grants.createGrantIn(trx, by, input, context);
        // The grant, its draft agreement and the approved application commit together or not at all.
        const agreement = sources ? await gate.startForGrantIn(trx, by, created.grant, { applicationId: row.id, sources }) : null;
        await move(trx, row, how.action, {
          state: 'approved',
          grant_id: created.grant.id,
          ...(agreement ? { agreement_id: agreement.id } : {}),
          decision_comment: comment,
          decided_by: by.actorName,
          decided_at: at,
          coordination_decision: how.decision ?? row.coordination_decision,
          coordination_comment: how.decision ? comment : row.coordination_comment,
        });
        const narrowed = requested === null ? fields !== null : fields === null || fields.length < requested.length;
        const event = await record(trx, by, row, title, {
          action: how.action,
          to: 'approved',
          comment,
          detail: { grantId: created.grant.id, grantState: created.grant.state, fields, requestedFields: requested, narrowed, rowFilter, masking, validFrom: from, validUntil: until, decision: how.decision },
          closeSteps: how.closeSteps,
          cancelSteps: ['decide_extension', 'answer', 'coordinate'].filter((s) => !how.closeSteps.includes(s)),
          open: [
            { step: 'deliver', assignee: providerSteward(row), deadline: 'delivery' },
            { step: 'register_answer', assignee: authority, deadline: 'registration' },
          ],
          notify: [
            ...notice(row, how.decision ? 'approvalOrdered' : created.grant.state === 'pending_agreement' ? 'approvedPendingAgreement' : 'approved', [applicant(row)], { grantState: created.grant.state }),
            ...(how.decision ? notice(row, 'approvalOrdered', [providerSteward(row)], { grantState: created.grant.state }) : []),
          ],
        });
        const linked: AuditInput[] = agreement
          ? [
              ...agreement.events,
              { ...auditActorOf(by), action: 'sharing.application.agreement', targetType: 'sharing_application', targetId: row.id, result: 'success', detail: { grantId: created.grant.id, agreementId: agreement.id } },
            ]
          : [];
        return { value: created.grant, events: [...created.events, event, ...linked] };
      });
    } catch (e) {
      // Inside the one transaction a unique violation means another node raced (e.g. opened the
      // grant's agreement first): nothing of this approval was written; the caller may try again.
      if (isUniqueViolation(e)) throw new AppError(409, 'approval_conflict', 'sharing.application.approval_conflict', { id: row.id });
      throw e;
    }
    grants.invalidate();
    return grant;
  }

  // ---- reading

  async function detail(by: SharingActor, id: string): Promise<ApplicationDetailView> {
    const row = await load(id);
    if (!can(by, 'application.read', party(row))) throw notFound(id);
    const app = store.toApplication(row);
    const [view] = await views([app]);
    const resource = await catalog.published(row.resource_code);
    const grant = row.grant_id ? await grants.getGrant(row.grant_id) : null;
    const [timeline, tasks] = await Promise.all([workflow.timeline('application', id), workflow.tasksOf('application', id)]);
    const open = tasks.filter((t) => t.state === 'open');
    const hasOpen = (step: string) => open.some((t) => t.step === step);
    const t = party(row);
    const actions: Record<ApplicationUiAction, boolean> = {
      edit: can(by, 'application.edit', t) && EDITABLE_STATES.includes(row.state),
      submit: can(by, 'application.edit', t) && row.state === 'draft',
      resubmit: can(by, 'application.edit', t) && row.state === 'incomplete',
      withdraw: can(by, 'application.withdraw', t) && WITHDRAWABLE_STATES.includes(row.state),
      accept: can(by, 'application.review', t) && row.state === 'submitted',
      incomplete: can(by, 'application.review', t) && ANSWERABLE_STATES.includes(row.state),
      approve: can(by, 'application.approve', t) && ANSWERABLE_STATES.includes(row.state),
      refuse: can(by, 'application.review', t) && ANSWERABLE_STATES.includes(row.state),
      requestExtension: can(by, 'application.review', t) && ANSWERABLE_STATES.includes(row.state) && row.extension_state === null && hasOpen('answer'),
      decideExtension: can(by, 'application.decide_extension', t) && row.extension_state === 'requested' && ANSWERABLE_STATES.includes(row.state),
      coordinate: can(by, 'application.coordinate', t) && row.state === 'coordination',
      register: can(by, 'application.register', t) && (hasOpen('register_application') || hasOpen('register_answer')),
      deliver: can(by, 'application.review', t) && row.state === 'approved' && row.grant_id !== null && row.delivered_at === null,
    };
    return {
      ...view!,
      grant,
      resource: resource ? await resourceView(resource) : null,
      needsAgreement: resource ? needsAgreement(resource, app.fields) : false,
      timeline,
      tasks,
      actions,
    };
  }

  async function grantView(gs: Grant[]): Promise<GrantView[]> {
    const infos = new Map<string, { providerUnitId: string; name: string } | null>();
    for (const g of gs) if (!infos.has(g.resourceCode)) infos.set(g.resourceCode, await resourceOf(g.resourceCode));
    const n = await names({ units: [...gs.map((g) => g.consumerUnitId), ...[...infos.values()].map((i) => i?.providerUnitId ?? null)], systems: gs.map((g) => g.consumerSystemId) });
    const out: GrantView[] = [];
    for (const g of gs) {
      const info = infos.get(g.resourceCode) ?? null;
      const app = await store.findByGrant(k, g.id);
      out.push({
        ...g,
        resourceName: info?.name ?? null,
        providerUnitId: info?.providerUnitId ?? null,
        providerUnitName: info ? (n.units.get(info.providerUnitId) ?? null) : null,
        consumerUnitName: n.units.get(g.consumerUnitId) ?? null,
        consumerSystemName: g.consumerSystemId ? (n.systems.get(g.consumerSystemId) ?? null) : null,
        applicationId: app?.id ?? null,
      });
    }
    return out;
  }

  async function grantParty(g: Grant): Promise<PartyTarget> {
    return { consumerUnitId: g.consumerUnitId, providerUnitId: (await resourceOf(g.resourceCode))?.providerUnitId ?? null };
  }

  async function loadGrant(by: SharingActor, id: string, action: ApplicationAction): Promise<Grant> {
    const g = await grants.getGrant(id);
    const t = await grantParty(g);
    if (!can(by, action, t)) {
      if (!can(by, 'grant.read', t)) throw new AppError(404, 'not_found', 'sharing.grant.not_found', { id });
      throw grantForbidden();
    }
    return g;
  }

  async function grantDetail(by: SharingActor, id: string): Promise<GrantDetailView> {
    const g = await loadGrant(by, id, 'grant.read');
    const [view] = await grantView([g]);
    const app = await store.findByGrant(k, g.id);
    const resource = await catalog.published(g.resourceCode);
    const needs = resource ? needsAgreement(resource, g.fields) : false;
    const t = await grantParty(g);
    return {
      ...view!,
      agreementId: app?.agreement_id ?? null,
      needsAgreement: needs,
      agreementFiled: needs ? await isFiled(g.id) : null,
      timeline: await workflow.timeline('grant', g.id),
      actions: {
        suspend: can(by, 'grant.suspend', t) && g.state === 'active',
        resume: can(by, 'grant.resume', t) && g.state === 'suspended',
        revoke: can(by, 'grant.revoke', t) && (g.state === 'active' || g.state === 'suspended' || g.state === 'pending_agreement'),
      },
    };
  }

  // ---- the kernel hooks: who sees what, the grant timeline, sweeps

  workflow.registerAccess('application', async (by, itemId) => {
    const row = await store.findApplication(k, itemId);
    return !!row && can(by, 'application.read', party(row));
  });
  workflow.registerAccess('grant', async (by, itemId) => {
    try {
      const g = await grants.getGrant(itemId);
      return can(by, 'grant.read', await grantParty(g));
    } catch {
      return false;
    }
  });

  grants.observe({
    async prepare(code) {
      const info = await resourceOf(code);
      return { providerUnitId: info?.providerUnitId ?? null, resourceName: info?.name ?? null };
    },
    async record(trx, ch) {
      const g = ch.grant;
      const by: SharingActor =
        'kind' in ch.by && 'roles' in ch.by
          ? (ch.by as SharingActor)
          : { ...auditActorOf(ch.by), kind: ch.by.actorType === 'user' ? 'user' : ch.by.actorType === 'token' ? 'token' : 'system', roles: [] };
      const sides: Assignee[] = [
        { role: 'unit_steward', unitId: g.consumerUnitId },
        { role: 'unit_user', unitId: g.consumerUnitId },
        ...(ch.context.providerUnitId ? [{ role: 'unit_steward' as const, unitId: ch.context.providerUnitId }] : []),
      ];
      const resource = ch.context.resourceName ?? g.resourceCode;
      return workflow.record(trx, {
        by,
        itemKind: 'grant',
        itemId: g.id,
        title: `${resource}（${g.resourceCode}）`,
        action: ch.action,
        fromState: ch.from,
        toState: ch.to,
        comment: ch.reason,
        detail: ch.detail,
        notify: sides.map((assignee) => ({
          assignee,
          kind: `application.notice.${ch.from === null ? 'grantCreated' : 'grantChanged'}.${ch.to}`,
          params: { resource, code: g.resourceCode, from: ch.from ?? '', to: ch.to },
        })),
      });
    },
  });

  const service: ApplicationService = {
    async prefill(by, resourceCode) {
      if (!can(by, 'application.create')) throw new AppError(403, 'forbidden', 'sharing.application.no_unit');
      if (!RESOURCE_CODE_RE.test(resourceCode)) throw invalid([{ field: 'querystring.resource', code: 'invalid_resource_code', messageKey: 'sharing.application.invalid_resource_code', params: { value: resourceCode } }]);
      const resource = await published(resourceCode);
      const unitId = by.unitId!;
      if (resource.providerUnitId === unitId) throw new AppError(400, 'own_resource', 'sharing.application.own_resource');
      const systems = (await org.listSystems({ unitId, limit: 1000 })).items.filter((s) => !s.disabled);
      const today = calendar.today();
      const open = await store.searchApplications(k, { consumerUnitId: unitId, resourceCode, states: ['draft', 'submitted', 'incomplete', 'under_review', 'coordination'], limit: 20, offset: 0 });
      return {
        resource: await resourceView(resource),
        autoAnswer: autoAnswerFor(resource, unitId),
        inScope: inScope(resource, unitId),
        needsAgreement: needsAgreement(resource, null),
        systems: systems.map((s) => ({ id: s.id, code: s.code, name: s.name, scenario: s.scenario })),
        defaults: {
          resourceCode,
          fields: [],
          method: resource.sharingMethods[0] ?? null,
          validFrom: today,
          validUntil: addYears(today, 1),
          consumerSystemId: systems.length === 1 ? systems[0]!.id : null,
          scenario: systems.length === 1 ? systems[0]!.scenario : '',
        },
        open: open.rows.map((r) => ({ id: r.id, state: r.state })),
      };
    },

    async create(by, input, opts = {}) {
      if (!can(by, 'application.create')) throw new AppError(403, 'forbidden', 'sharing.application.no_unit');
      const unitId = by.unitId!;
      if (typeof input.resourceCode !== 'string' || !RESOURCE_CODE_RE.test(input.resourceCode)) {
        throw invalid([{ field: 'body.resourceCode', code: 'invalid_resource_code', messageKey: 'sharing.application.invalid_resource_code', params: { value: String(input.resourceCode) } }]);
      }
      const resource = await published(input.resourceCode);
      if (resource.providerUnitId === unitId) throw new AppError(400, 'own_resource', 'sharing.application.own_resource');
      const issues = await validateInput(by, input, resource, unitId);
      if (issues.length) throw invalid(issues);
      const at = now();
      const base: store.ApplicationRow = {
        id: randomUUID(),
        state: 'draft',
        resource_code: resource.code,
        resource_version: resource.version,
        resource_name: resource.name,
        provider_unit_id: resource.providerUnitId,
        consumer_unit_id: unitId,
        consumer_system_id: null,
        applicant_id: by.actorId,
        applicant_name: by.actorName,
        applicant_role: applicantRole(by),
        fields: '[]',
        purpose: '',
        legal_basis: '',
        scenario: '',
        scope: '',
        method: null,
        valid_from: null,
        valid_until: null,
        quota_requests_per_day: null,
        quota_rows_per_day: null,
        missing: '[]',
        incomplete_note: null,
        auto_answer: null,
        decision_comment: null,
        decided_by: null,
        decided_at: null,
        grant_id: null,
        agreement_id: null,
        extension_state: null,
        extension_days: null,
        extension_reason: null,
        extension_comment: null,
        coordination_decision: null,
        coordination_comment: null,
        delivered_at: null,
        submitted_at: null,
        created_at: at,
        updated_at: at,
      };
      const row = applyInput(base, input);
      const p = periodIssue(row);
      if (p) throw invalid([p]);
      if (opts.submit) {
        await send(by, row, 'sharing.application.submit', undefined, true);
        return detail(by, row.id);
      }
      const title = await titleOf(row);
      await audit.transact(async (trx) => {
        await store.insertApplication(trx, row);
        const event = await record(trx, by, row, title, { action: 'sharing.application.create', from: null, to: 'draft', detail: { version: resource.version } });
        return { value: null, events: [{ ...event }] };
      });
      return detail(by, row.id);
    },

    async update(by, id, input) {
      const row = await load(id);
      allow(by, 'application.edit', row);
      requireState(row, EDITABLE_STATES, 'update');
      const resource = await published(row.resource_code);
      const issues = await validateInput(by, input, resource, row.consumer_unit_id);
      if (issues.length) throw invalid(issues);
      const next = applyInput(row, input);
      const p = periodIssue(next);
      if (p) throw invalid([p]);
      await audit.transact(async (trx) => {
        await move(trx, row, 'update', {
          consumer_system_id: next.consumer_system_id,
          fields: next.fields,
          purpose: next.purpose,
          legal_basis: next.legal_basis,
          scenario: next.scenario,
          scope: next.scope,
          method: next.method,
          valid_from: next.valid_from,
          valid_until: next.valid_until,
          quota_requests_per_day: next.quota_requests_per_day,
          quota_rows_per_day: next.quota_rows_per_day,
        });
        return {
          value: null,
          events: [{ ...auditActorOf(by), action: 'sharing.application.update', targetType: 'sharing_application', targetId: id, result: 'success', detail: { changed: Object.keys(input) } }],
        };
      });
      return detail(by, id);
    },

    async submit(by, id, input) {
      const row = await load(id);
      allow(by, 'application.edit', row);
      requireState(row, ['draft'], 'submit');
      await send(by, row, 'sharing.application.submit', input, false);
      return detail(by, id);
    },

    async resubmit(by, id, input) {
      const row = await load(id);
      allow(by, 'application.edit', row);
      requireState(row, ['incomplete'], 'resubmit');
      await send(by, row, 'sharing.application.resubmit', input, false);
      return detail(by, id);
    },

    async withdraw(by, id, comment) {
      const row = await load(id);
      allow(by, 'application.withdraw', row);
      requireState(row, WITHDRAWABLE_STATES, 'withdraw');
      const title = await titleOf(row);
      await audit.transact(async (trx) => {
        await move(trx, row, 'withdraw', { state: 'withdrawn' });
        const event = await record(trx, by, row, title, {
          action: 'sharing.application.withdraw',
          to: 'withdrawn',
          comment: clean(comment),
          cancelSteps: '*',
          notify: row.state === 'draft' ? [] : notice(row, 'withdrawn', [providerSteward(row)]),
        });
        return { value: null, events: [event] };
      });
      return detail(by, id);
    },

    async accept(by, id, comment) {
      const row = await load(id);
      allow(by, 'application.review', row);
      requireState(row, ['submitted'], 'accept');
      const title = await titleOf(row);
      await audit.transact(async (trx) => {
        await move(trx, row, 'accept', { state: 'under_review' });
        const event = await record(trx, by, row, title, { action: 'sharing.application.accept', to: 'under_review', comment: clean(comment), notify: notice(row, 'accepted', [applicant(row)]) });
        return { value: null, events: [event] };
      });
      return detail(by, id);
    },

    async markIncomplete(by, id, n) {
      const row = await load(id);
      allow(by, 'application.review', row);
      requireState(row, ANSWERABLE_STATES, 'incomplete');
      const missing = [...new Set(n.missing ?? [])];
      const bad = missing.filter((m) => !(REQUIRED_FIELDS as readonly string[]).includes(m));
      if (bad.length) throw invalid(bad.map((value) => ({ field: 'body.missing', code: 'invalid_value', messageKey: 'sharing.application.invalid_missing', params: { value } })));
      const note = clean(n.note);
      if (!missing.length && !note) throw invalid([{ field: 'body.missing', code: 'notice_empty', messageKey: 'sharing.application.notice_empty' }]);
      if (note && note.length > APPLICATION_LIMITS.commentMax) throw invalid([{ field: 'body.note', code: 'too_long', messageKey: 'sharing.application.too_long', params: { max: APPLICATION_LIMITS.commentMax } }]);
      const title = await titleOf(row);
      await audit.transact(async (trx) => {
        await move(trx, row, 'incomplete', { state: 'incomplete', missing: JSON.stringify(missing), incomplete_note: note });
        const event = await record(trx, by, row, title, {
          action: 'sharing.application.incomplete',
          to: 'incomplete',
          comment: note,
          detail: { missing, automatic: false },
          // The answer period stops while the applicant completes the application; a resubmission starts a new one.
          cancelSteps: ['answer', 'decide_extension'],
          open: [{ step: 'resubmit', assignee: applicant(row) }],
          notify: notice(row, 'incomplete', [applicant(row)], { missing: fieldNames(missing), note: note ?? '' }),
        });
        return { value: null, events: [event] };
      });
      return detail(by, id);
    },

    async approve(by, id, terms = {}) {
      const row = await load(id);
      allow(by, 'application.approve', row);
      requireState(row, ANSWERABLE_STATES, 'approve');
      await approval(by, row, terms, { action: 'sharing.application.approve', closeSteps: ['answer'] });
      return detail(by, id);
    },

    async refuse(by, id, reason) {
      const row = await load(id);
      allow(by, 'application.review', row);
      requireState(row, ANSWERABLE_STATES, 'refuse');
      const why = clean(reason);
      if (!why) throw invalid([{ field: 'body.reason', code: 'required', messageKey: 'sharing.application.reason_required' }]);
      if (why.length > APPLICATION_LIMITS.commentMax) throw invalid([{ field: 'body.reason', code: 'too_long', messageKey: 'sharing.application.too_long', params: { max: APPLICATION_LIMITS.commentMax } }]);
      const title = await titleOf(row);
      const at = now();
      await audit.transact(async (trx) => {
        await move(trx, row, 'refuse', { state: 'coordination', decision_comment: why, decided_by: by.actorName, decided_at: at });
        // R14: a refusal is reported to the authority, which coordinates it.
        const event = await record(trx, by, row, title, {
          action: 'sharing.application.refuse',
          to: 'coordination',
          comment: why,
          closeSteps: ['answer'],
          cancelSteps: ['decide_extension'],
          open: [
            { step: 'coordinate', assignee: authority, deadline: 'coordination' },
            { step: 'register_answer', assignee: authority, deadline: 'registration' },
          ],
          notify: [...notice(row, 'refused', [applicant(row)], { reason: why }), ...notice(row, 'refusedToAuthority', [authority], { reason: why })],
        });
        return { value: null, events: [event] };
      });
      return detail(by, id);
    },

    async requestExtension(by, id, req) {
      const row = await load(id);
      allow(by, 'application.review', row);
      requireState(row, ANSWERABLE_STATES, 'request-extension');
      if (row.extension_state !== null) throw new AppError(409, 'extension_once', 'sharing.application.extension_once');
      const settings = await workflow.settings();
      const max = settings.extension_max;
      const issues: FieldIssue[] = [];
      if (!Number.isInteger(req.days) || req.days < 1 || req.days > max) issues.push({ field: 'body.days', code: 'extension_days', messageKey: 'sharing.application.extension_days', params: { max } });
      const why = clean(req.reason);
      if (!why) issues.push({ field: 'body.reason', code: 'required', messageKey: 'sharing.application.reason_required' });
      else if (why.length > APPLICATION_LIMITS.commentMax) issues.push({ field: 'body.reason', code: 'too_long', messageKey: 'sharing.application.too_long', params: { max: APPLICATION_LIMITS.commentMax } });
      if (issues.length) throw invalid(issues);
      const answer = (await workflow.tasksOf('application', id, { openOnly: true })).find((t) => t.step === 'answer');
      if (!answer) throw new AppError(409, 'no_answer_task', 'sharing.application.no_answer_task');
      const title = await titleOf(row);
      await audit.transact(async (trx) => {
        const ok = await trx
          .updateTable('sharing_application')
          .set({ extension_state: 'requested', extension_days: req.days, extension_reason: why, extension_comment: null, updated_at: now() })
          .where('id', '=', id)
          .where('state', '=', row.state)
          .where('extension_state', 'is', null)
          .executeTakeFirst();
        if (Number(ok.numUpdatedRows) === 0) throw new AppError(409, 'extension_once', 'sharing.application.extension_once');
        const event = await record(trx, by, row, title, {
          action: 'sharing.application.request_extension',
          to: row.state,
          comment: why,
          detail: { days: req.days, answerDueAt: answer.dueAt },
          open: [{ step: 'decide_extension', assignee: authority, deadline: 'registration' }],
          notify: notice(row, 'extensionRequested', [authority], { days: req.days, reason: why! }),
        });
        return { value: null, events: [event] };
      });
      return detail(by, id);
    },

    async decideExtension(by, id, d) {
      const row = await load(id);
      allow(by, 'application.decide_extension', row);
      requireState(row, ANSWERABLE_STATES, 'decide-extension');
      if (row.extension_state !== 'requested') throw new AppError(409, 'no_extension_request', 'sharing.application.no_extension_request');
      const comment = clean(d.comment);
      if (comment && comment.length > APPLICATION_LIMITS.commentMax) throw invalid([{ field: 'body.comment', code: 'too_long', messageKey: 'sharing.application.too_long', params: { max: APPLICATION_LIMITS.commentMax } }]);
      const answer = (await workflow.tasksOf('application', id, { openOnly: true })).find((t) => t.step === 'answer');
      if (d.approve && !answer) throw new AppError(409, 'no_answer_task', 'sharing.application.no_answer_task');
      const title = await titleOf(row);
      const days = Number(row.extension_days ?? 0);
      await audit.transact(async (trx) => {
        const ok = await trx
          .updateTable('sharing_application')
          .set({ extension_state: d.approve ? 'approved' : 'denied', extension_comment: comment, updated_at: now() })
          .where('id', '=', id)
          .where('extension_state', '=', 'requested')
          .executeTakeFirst();
        if (Number(ok.numUpdatedRows) === 0) throw new AppError(409, 'no_extension_request', 'sharing.application.no_extension_request');
        const extended = d.approve ? await workflow.extend(trx, answer!.id, days) : null;
        const event = await record(trx, by, row, title, {
          action: d.approve ? 'sharing.application.approve_extension' : 'sharing.application.deny_extension',
          to: row.state,
          comment,
          detail: { days, approved: d.approve, answerDueAt: extended?.dueAt ?? answer?.dueAt ?? null },
          closeSteps: ['decide_extension'],
          notify: notice(row, d.approve ? 'extensionApproved' : 'extensionDenied', [providerSteward(row), applicant(row)], { days }),
        });
        return { value: null, events: [event] };
      });
      return detail(by, id);
    },

    async coordinate(by, id, d) {
      const row = await load(id);
      allow(by, 'application.coordinate', row);
      requireState(row, ['coordination'], 'coordinate');
      const comment = clean(d.comment);
      if (!comment) throw invalid([{ field: 'body.comment', code: 'required', messageKey: 'sharing.application.reason_required' }]);
      if (comment.length > APPLICATION_LIMITS.commentMax) throw invalid([{ field: 'body.comment', code: 'too_long', messageKey: 'sharing.application.too_long', params: { max: APPLICATION_LIMITS.commentMax } }]);
      if (d.decision === 'order_approval') {
        await approval(by, row, d.terms ?? {}, { action: 'sharing.application.coordinate', closeSteps: ['coordinate'], decision: 'order_approval', comment });
        return detail(by, id);
      }
      const title = await titleOf(row);
      await audit.transact(async (trx) => {
        await move(trx, row, 'coordinate', { state: 'refused', coordination_decision: 'uphold', coordination_comment: comment });
        const event = await record(trx, by, row, title, {
          action: 'sharing.application.coordinate',
          to: 'refused',
          comment,
          detail: { decision: 'uphold' },
          closeSteps: ['coordinate'],
          notify: notice(row, 'refusalUpheld', [applicant(row), providerSteward(row)], { reason: comment }),
        });
        return { value: null, events: [event] };
      });
      return detail(by, id);
    },

    async register(by, id, comment) {
      const row = await load(id);
      allow(by, 'application.register', row);
      const open = (await workflow.tasksOf('application', id, { openOnly: true })).filter((t) => t.step === 'register_application' || t.step === 'register_answer');
      if (!open.length) throw new AppError(409, 'nothing_to_register', 'sharing.application.nothing_to_register');
      const title = await titleOf(row);
      await audit.transact(async (trx) => {
        const event = await record(trx, by, row, title, {
          action: 'sharing.application.register',
          to: row.state,
          comment: clean(comment),
          detail: { registered: open.map((t) => t.step) },
          closeSteps: ['register_application', 'register_answer'],
        });
        return { value: null, events: [event] };
      });
      return detail(by, id);
    },

    async confirmDelivery(by, id, comment) {
      const row = await load(id);
      allow(by, 'application.review', row);
      requireState(row, ['approved'], 'deliver');
      if (row.grant_id === null || row.delivered_at !== null) throw new AppError(409, 'already_delivered', 'sharing.application.already_delivered');
      const title = await titleOf(row);
      await deliver(by, row, title, clean(comment));
      return detail(by, id);
    },

    get: detail,

    async list(by, q = {}) {
      const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
      const offset = Math.max(q.offset ?? 0, 0);
      const box = q.box ?? 'mine';
      let f: store.ApplicationSearch;
      if (box === 'all') {
        if (!can(by, 'application.list_all')) throw forbidden();
        f = { limit, offset };
      } else if (box === 'to_review') {
        if (!can(by, 'application.list_review')) throw forbidden();
        f = { providerUnitId: by.unitId!, excludeStates: ['draft'], limit, offset };
      } else {
        if (!by.unitId || by.kind !== 'user') throw forbidden();
        f = { consumerUnitId: by.unitId, limit, offset };
      }
      if (q.state) f.states = [q.state];
      if (q.resourceCode) f.resourceCode = q.resourceCode;
      const { rows, total } = await store.searchApplications(k, f);
      return { items: await views(rows.map(store.toApplication)), total };
    },

    async listGrants(by, q = {}) {
      const all = can(by, 'grant.list_all');
      const box = q.box ?? (all ? 'all' : undefined);
      if (by.kind !== 'user') throw grantForbidden();
      if (box === 'all' && !all) throw grantForbidden();
      const query: Parameters<typeof grants.searchGrants>[0] = { resourceCode: q.resourceCode, state: q.state, limit: q.limit, offset: q.offset };
      if (box !== 'all') {
        if (!by.unitId) throw grantForbidden();
        const provided = box === 'consumer' ? [] : await providedCodes(by.unitId);
        if (box === 'consumer') query.consumerUnitId = by.unitId;
        else if (box === 'provider') query.resourceCodes = provided;
        else query.visibleTo = { unitId: by.unitId, providedCodes: provided };
      }
      if (q.consumerUnitId) {
        if (query.consumerUnitId && query.consumerUnitId !== q.consumerUnitId) return { items: [], total: 0 };
        query.consumerUnitId = q.consumerUnitId;
      }
      const page = await grants.searchGrants(query);
      return { items: await grantView(page.items), total: page.total };
    },

    getGrant: grantDetail,

    async suspendGrant(by, id, reason) {
      await loadGrant(by, id, 'grant.suspend');
      await grants.setGrantState(by, id, 'suspended', reason);
      return grantDetail(by, id);
    },

    async resumeGrant(by, id, comment) {
      const g = await loadGrant(by, id, 'grant.resume');
      if (g.state !== 'suspended') throw new AppError(409, 'bad_grant_transition', 'sharing.grant.resume_only_suspended', { state: g.state });
      const resource = await catalog.published(g.resourceCode);
      if (resource && needsAgreement(resource, g.fields) && !(await isFiled(g.id))) throw new AppError(409, 'agreement_not_filed', 'sharing.grant.agreement_not_filed');
      await grants.setGrantState(by, id, 'active', comment ?? null);
      return grantDetail(by, id);
    },

    async revokeGrant(by, id, reason) {
      await loadGrant(by, id, 'grant.revoke');
      await grants.setGrantState(by, id, 'revoked', reason);
      return grantDetail(by, id);
    },

    async expireGrants() {
      let n = 0;
      const reason = translate('sharing.application.auto.expired', 'zh-CN');
      for (const g of await grants.pastValidity(clock.now())) {
        try {
          await grants.setGrantState(SYSTEM_ACTOR, g.id, 'expired', reason);
          n++;
        } catch (e) {
          // Another node expired it first.
          if (!(e instanceof AppError && e.status === 409)) throw e;
        }
      }
      return n;
    },

    async checkDeliveries() {
      let n = 0;
      for (const row of await store.awaitingDelivery(k, 500)) {
        const g = await grants.getGrant(row.grant_id!);
        if (g.state !== 'active' || !(await store.datasetHasRows(k, row.resource_code))) continue;
        try {
          await deliver(SYSTEM_ACTOR, row, await titleOf(row), translate('sharing.application.auto.delivered', 'zh-CN'));
          n++;
        } catch (e) {
          if (!(e instanceof AppError && e.status === 409)) throw e;
        }
      }
      return n;
    },
  };

  async function deliver(by: SharingActor, row: store.ApplicationRow, title: string, comment: string | null) {
    const at = now();
    await audit.transact(async (trx) => {
      const ok = await trx.updateTable('sharing_application').set({ delivered_at: at, updated_at: at }).where('id', '=', row.id).where('state', '=', 'approved').where('delivered_at', 'is', null).executeTakeFirst();
      if (Number(ok.numUpdatedRows) === 0) throw new AppError(409, 'already_delivered', 'sharing.application.already_delivered');
      const event = await record(trx, by, row, title, {
        action: 'sharing.application.deliver',
        to: 'approved',
        comment,
        detail: { grantId: row.grant_id, automatic: by === SYSTEM_ACTOR },
        closeSteps: ['deliver'],
        notify: notice(row, 'delivered', [applicant(row)]),
      });
      return { value: null, events: [event] };
    });
  }

  async function providedCodes(unitId: string): Promise<string[]> {
    const codes: string[] = [];
    for await (const batch of catalog.publishedBatches(CATALOG_READER, { providerUnitId: unitId, facets: false }, 500)) for (const r of batch) codes.push(r.code);
    const applied = await k.selectFrom('sharing_application').select('resource_code').distinct().where('provider_unit_id', '=', unitId).execute();
    for (const a of applied) if (!codes.includes(a.resource_code)) codes.push(a.resource_code);
    return codes;
  }

  workflow.registerSweepHook('sharing.grants.expire', () => service.expireGrants());
  workflow.registerSweepHook('sharing.applications.delivery', () => service.checkDeliveries());

  return service;
}

export { APPLICANT_ROLES };
