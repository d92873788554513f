/**
 * 共享安全保密协议 and filings (R17; 第四条第五项、第二十一条、第二十六条): the agreement gate.
 *
 * A grant to data touching state secrets, business secrets or personal privacy starts as
 * `pending_agreement`. Its agreement goes draft → signed (the signed document uploaded; both
 * parties confirm) → filing (submitted for 备案: one task for the secrecy bureau, one for the IT
 * authority) → filed (both acknowledged) | returned (either office sends it back with a reason;
 * the parties correct, confirm again and resubmit). Only when it is filed does the grant become
 * active; when it expires (sweep) or is terminated, the grant is suspended. Every transition goes
 * through workflow.record inside this module's own transaction; the grant changes through the
 * grant service (its own audited transaction) right after, and the sweep repairs the gap if the
 * process died in between. The one exception is the draft an approval opens: startForGrantIn
 * writes it inside the approval's transaction, so the approved application, its pending grant and
 * the draft agreement commit together or not at all.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import type { AuditActor, AuditInput } from '../../audit/types.js';
import type { Resource } from '../../catalog/model.js';
import { iso } from '../../core/clock.js';
import type { Database } from '../../core/db/schema.js';
import { isUniqueViolation } from '../../core/db/query.js';
import { AppError, invalid } from '../../core/errors.js';
import type { MessageKey } from '../../core/i18n.js';
import { createBlobStore, type BlobStore } from '../../exchange/files/blobs.js';
import { cleanFileName } from '../../exchange/files/service.js';
import type { SharingModuleDeps } from '../deps.js';
import type { Grant } from '../model.js';
import type { Assignee, DeadlineKind, SharingActor, Transition } from '../workflow/types.js';
import { checkDocument } from './document.js';
import {
  AGREEMENT_LIMITS,
  CONFIRMABLE_STATES,
  EDITABLE_STATES,
  FINAL_STATES,
  GRANT_REASONS,
  OFFICE_ROLE,
  defaultObligations,
  type Agreement,
  type AgreementCapabilities,
  type AgreementDetail,
  type AgreementDocument,
  type AgreementFilter,
  type AgreementState,
  type AgreementTermsInput,
  type FilingOffice,
  type Side,
} from './model.js';
import { can, officesOf, sidesOf, type AgreementAction } from './policy.js';
import * as store from './store.js';
import { findGrant, toGrant } from '../store.js';
import './messages.js';

export * from './model.js';

/** 共享安全保密协议 and filings (R17): agreements, signed documents, filing with the secrecy bureau and the authority. */
export interface AgreementService {
  /**
   * Whether a grant to `fields` of `resource` (all items when null) needs an agreement: the
   * resource is classified (涉密), or a served item is sensitive (privacy, business or state
   * secret). 公开 and 内部 resources are decided by their items.
   */
  needsAgreement(resource: Resource, fields: string[] | null): boolean;
  /**
   * Creates the draft agreement of a grant waiting for one (pending_agreement), with terms taken
   * from the grant and the default obligations, in its own transaction. Idempotent: a grant's
   * agreement in progress is returned as is (also when a racing creation won). The caller has
   * already decided the grant may have one. A thin wrapper over prepareDraft + startForGrantIn.
   */
  startForGrant(by: SharingActor, grant: Grant, ctx: { applicationId: string | null }): Promise<{ id: string }>;
  /**
   * What a draft agreement takes from the catalog and the unit register, read BEFORE the caller's
   * transaction opens (SQLite has one connection: inside a transaction only `trx` may be used).
   * `resource` is the published entry when the caller already holds it. 409 when unpublished.
   */
  prepareDraft(grant: { resourceCode: string; consumerUnitId: string }, resource?: Resource | null): Promise<DraftSources>;
  /**
   * startForGrant inside the caller's transaction (an approval opens the agreement of the grant it
   * creates in the same transaction): uses `trx` only; returns the agreement's id and the audit
   * events to append ('sharing.agreement.create'; none when the grant's agreement in progress is
   * returned as is). 409 grant_not_pending when the grant (as the transaction sees it) does not
   * wait for an agreement. A racing creation for the same grant fails on the unique index: the
   * database error propagates and the caller's whole transaction must roll back (on PostgreSQL
   * the transaction is unusable after it).
   */
  startForGrantIn(trx: Transaction<Database>, by: SharingActor, grant: Grant, ctx: { applicationId: string | null; sources: DraftSources }): Promise<{ id: string; events: AuditInput[] }>;
  /** An agreement of the grant is filed and in force now. */
  isFiled(grantId: string): Promise<boolean>;

  /** POST /agreements: an agreement for a grant awaiting one (a party or the authority). */
  create(by: SharingActor, input: { grantId: string; applicationId?: string | null }): Promise<AgreementDetail>;
  list(by: SharingActor, filter?: AgreementFilter): Promise<{ items: Agreement[]; total: number }>;
  get(by: SharingActor, id: string): Promise<AgreementDetail>;
  /** The parties change the terms (draft, signed, returned); a signed agreement goes back to draft. */
  updateTerms(by: SharingActor, id: string, input: AgreementTermsInput): Promise<AgreementDetail>;
  /** The signed document (PDF, OFD, JPEG, PNG by magic bytes; at most maxBytes): → signed, confirmations cleared. */
  uploadDocument(by: SharingActor, id: string, input: DocumentUpload, stream: Readable): Promise<AgreementDetail>;
  /** The signed document for download; audited before it is returned. */
  openDocument(by: SharingActor, id: string): Promise<{ document: AgreementDocument; stream: Readable }>;
  /** A party confirms the signed document for its side (inferred when the caller has one). */
  confirm(by: SharingActor, id: string, input?: { side?: Side; comment?: string | null }): Promise<AgreementDetail>;
  /** Submits for filing (备案) with the secrecy bureau and the authority: both sides must have confirmed. */
  submitFiling(by: SharingActor, id: string, input?: { comment?: string | null }): Promise<AgreementDetail>;
  /** An office acknowledges the filing; the second acknowledgement files the agreement and activates the grant. */
  acknowledge(by: SharingActor, id: string, input?: { office?: FilingOffice; comment?: string | null; reference?: string | null }): Promise<AgreementDetail>;
  /** An office returns the filing with a reason: the agreement goes back to the parties. */
  returnFiling(by: SharingActor, id: string, input: { office?: FilingOffice; reason: string }): Promise<AgreementDetail>;
  /** The provider or the authority ends the agreement with a reason; an active grant is suspended. */
  terminate(by: SharingActor, id: string, input: { reason: string }): Promise<AgreementDetail>;
  /** What `by` may do with the agreement now (the portal's buttons; the operations check again). */
  capabilities(by: SharingActor, a: AgreementDetail): AgreementCapabilities;
  /** One sweep: expires filed agreements past their end and suspends their grants; repairs the gate. Idempotent. */
  sweep(now: Date): Promise<number>;
  /** config.fileMaxBytes: the largest signed document accepted. */
  readonly maxBytes: number;
}

/** The catalog entry and the unit names a draft agreement is written from (AgreementService.prepareDraft). */
export interface DraftSources {
  /** The published resource of the grant. */
  resource: Resource;
  providerName: string;
  consumerName: string;
}

export interface DocumentUpload {
  name: string | null | undefined;
  /** The client's Content-Type (never trusted; the bytes decide). */
  contentType?: string | null;
  /** Content-Length when announced: refused early when over the limit. */
  declaredBytes?: number | null;
  /** When the parties signed: a date or an ISO date-time (default: now). */
  signedAt?: string | null;
}

/** The identity the sweep acts under. */
const SWEEPER: SharingActor = { actorType: 'system', actorId: null, actorName: 'sharing.agreements', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };

const FILE_STEP: Record<FilingOffice, string> = { secrecy_bureau: 'file_secrecy', authority: 'file_authority' };

type FieldIssue = { field: string; code: string; messageKey: MessageKey; params?: Record<string, string | number> };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;
const CST_MS = 8 * 3_600_000;

/** An ISO instant from a date-time with an offset, or a date (00:00 China Standard Time, or the day's end, exclusive). */
export function parseInstant(s: unknown, endOfDay: boolean): string | null {
  if (typeof s !== 'string') return null;
  if (DATE_RE.test(s)) {
    const t = Date.parse(`${s}T00:00:00+08:00`);
    if (!Number.isFinite(t) || new Date(t + CST_MS).toISOString().slice(0, 10) !== s) return null;
    return new Date(endOfDay ? t + DAY_MS : t).toISOString();
  }
  if (!DATETIME_RE.test(s)) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const len = (s: string) => [...s].length;

function who(by: AuditActor): AuditActor {
  return { actorType: by.actorType, actorId: by.actorId, actorName: by.actorName, unitId: by.unitId, clientIp: by.clientIp, requestId: by.requestId };
}

const badState = (state: AgreementState, action: string) => new AppError(409, 'bad_agreement_state', 'sharing.agreement.bad_state', { state, action });
const notFound = (id: string) => new AppError(404, 'not_found', 'sharing.agreement.not_found', { id });

/** The inbox steps an agreement in this state waits on, with whom. */
interface Step {
  step: string;
  assignees: Assignee[];
  deadline?: DeadlineKind;
}

function partyAssignees(row: store.AgreementRow, side: Side): Assignee[] {
  return side === 'provider'
    ? [{ role: 'unit_steward', unitId: row.provider_unit_id }]
    : [
        { role: 'unit_steward', unitId: row.consumer_unit_id },
        { role: 'unit_user', unitId: row.consumer_unit_id },
      ];
}

const OFFICE_ASSIGNEES: Assignee[] = [
  { role: 'secrecy_officer', unitId: null },
  { role: 'authority_reviewer', unitId: null },
];

function stepsFor(row: store.AgreementRow, pendingOffices: FilingOffice[]): Step[] {
  switch (row.state) {
    case 'draft':
      return [{ step: 'sign', assignees: [...partyAssignees(row, 'provider'), ...partyAssignees(row, 'consumer')] }];
    case 'signed':
    case 'returned': {
      const steps: Step[] = [];
      if (!row.provider_confirmed_at) steps.push({ step: 'confirm_provider', assignees: partyAssignees(row, 'provider') });
      if (!row.consumer_confirmed_at) steps.push({ step: 'confirm_consumer', assignees: partyAssignees(row, 'consumer') });
      // R17: the consumer files the agreement it signed (either party may press the button).
      if (steps.length === 0) steps.push({ step: 'submit', assignees: partyAssignees(row, 'consumer') });
      return steps;
    }
    case 'filing':
      return pendingOffices.map((o) => ({ step: FILE_STEP[o], assignees: [{ role: OFFICE_ROLE[o], unitId: null }], deadline: 'filing' as const }));
    default:
      return [];
  }
}

/** Where signed agreement documents are kept: a blob store of their own under the data directory. */
export function agreementBlobRoot(dataDir: string): string {
  return join(dataDir, 'sharing', 'agreements');
}

export function createAgreementService(deps: SharingModuleDeps & { blobs?: BlobStore }): AgreementService {
  const { db, audit, clock, config, org, catalog, grants, workflow } = deps;
  const k = db.kysely;
  // The exchange's content-addressed store, under its own root: agreements are not resource files.
  const blobs = deps.blobs ?? createBlobStore(agreementBlobRoot(config.dataDir));
  const maxBytes = config.fileMaxBytes;
  const now = () => iso(clock.now());

  const targetOf = (r: { provider_unit_id: string; consumer_unit_id: string }) => ({ providerUnitId: r.provider_unit_id, consumerUnitId: r.consumer_unit_id });

  /** A refusal: audited as denied, then 403. */
  async function deny(by: SharingActor, action: string, id: string | null): Promise<never> {
    await audit.append({ ...who(by), action: `sharing.agreement.${action}`, targetType: 'sharing_agreement', targetId: id, result: 'denied' });
    throw new AppError(403, 'forbidden', 'sharing.agreement.forbidden');
  }

  async function loadFor(by: SharingActor, id: string, action: AgreementAction, extra: { side?: Side; office?: FilingOffice } = {}): Promise<store.AgreementRow> {
    const row = await store.findAgreement(k, id);
    if (!row) throw notFound(id);
    if (!can(by, action, { ...targetOf(row), ...extra })) await deny(by, action, id);
    return row;
  }

  async function detail(row: store.AgreementRow, q = k): Promise<AgreementDetail> {
    const filings = row.round > 0 ? await store.filingsOf(q, row.id, Number(row.round)) : [];
    return { ...store.toAgreement(row), filings: filings.map(store.toFiling) };
  }

  async function pendingOfficesOf(trx: Transaction<Database>, row: store.AgreementRow): Promise<FilingOffice[]> {
    if (row.state !== 'filing') return [];
    return (await store.filingsOf(trx, row.id, Number(row.round))).filter((f) => f.state === 'pending').map((f) => f.office);
  }

  interface Change {
    action: string;
    /** Steps this action answers (closed as done). */
    answered?: string[];
    comment?: string | null;
    detail?: Record<string, unknown>;
    /** Notification kind suffix: agreement.notice.<notice>. */
    notice: string;
    /** Also notify the two filing offices. */
    notifyOffices?: boolean;
    noticeParams?: Record<string, string | number>;
  }

  /**
   * One transition reported to the kernel: the tasks of the old state the action answered are
   * closed, the ones no longer awaited cancelled, the new state's tasks opened; both parties (and
   * the offices when it concerns them) are notified. Returns the audit event.
   */
  async function record(trx: Transaction<Database>, by: SharingActor, before: store.AgreementRow | null, beforeOffices: FilingOffice[], after: store.AgreementRow, c: Change): Promise<AuditInput> {
    const prev = before ? stepsFor(before, beforeOffices) : [];
    const next = stepsFor(after, await pendingOfficesOf(trx, after));
    const answered = c.answered ?? [];
    const prevNames = new Set(prev.map((s) => s.step));
    const nextNames = new Set(next.map((s) => s.step));
    const stillOpen = new Set([...prevNames].filter((s) => !answered.includes(s) && nextNames.has(s)));
    const closeSteps = answered.filter((s) => prevNames.has(s));
    const cancelSteps = [...prevNames].filter((s) => !answered.includes(s) && !nextNames.has(s));
    const open: NonNullable<Transition['open']> = [];
    for (const s of next) {
      if (stillOpen.has(s.step)) continue;
      for (const assignee of s.assignees) open.push(s.deadline ? { step: s.step, assignee, deadline: s.deadline } : { step: s.step, assignee });
    }
    const params = { resource: after.resource_name, code: after.resource_code, ...(c.noticeParams ?? {}) };
    const notify: NonNullable<Transition['notify']> = [...partyAssignees(after, 'provider'), ...partyAssignees(after, 'consumer')].map((assignee) => ({
      assignee,
      kind: `agreement.notice.${c.notice}`,
      params,
    }));
    if (c.notifyOffices) for (const assignee of OFFICE_ASSIGNEES) notify.push({ assignee, kind: `agreement.notice.${c.notice}`, params });
    return workflow.record(trx, {
      by,
      itemKind: 'agreement',
      itemId: after.id,
      title: `保密协议：${after.resource_name}`,
      titleEn: `Confidentiality agreement: ${after.resource_name}`,
      action: c.action,
      fromState: before?.state ?? null,
      toState: after.state,
      comment: c.comment ?? null,
      detail: { grantId: after.grant_id, resourceCode: after.resource_code, ...(c.detail ?? {}) },
      closeSteps,
      cancelSteps,
      open,
      notify,
      targetType: 'sharing_agreement',
    });
  }

  /**
   * Runs one change of an existing agreement in one transaction: locks the row, checks the state
   * again (it may have moved since the policy check), applies `change`, records the transition.
   */
  async function mutate(
    by: SharingActor,
    id: string,
    change: (row: store.AgreementRow, trx: Transaction<Database>, at: string) => Promise<{ patch: Partial<store.AgreementRow>; c: Change; extra?: AuditInput[] } | null>,
  ): Promise<{ before: store.AgreementRow; after: store.AgreementRow; value: AgreementDetail }> {
    return audit.transact(async (trx) => {
      const row = await store.lockAgreement(trx, id);
      if (!row) throw notFound(id);
      const beforeOffices = await pendingOfficesOf(trx, row);
      const at = now();
      const out = await change(row, trx, at);
      if (!out) return { value: { before: row, after: row, value: await detail(row, trx) }, events: [] };
      const after: store.AgreementRow = { ...row, ...out.patch, updated_at: at };
      await store.updateAgreement(trx, id, { ...out.patch, updated_at: at });
      const event = await record(trx, by, row, beforeOffices, after, out.c);
      return { value: { before: row, after, value: await detail(after, trx) }, events: [event, ...(out.extra ?? [])] };
    });
  }

  /** Grants the agreement gate opens for: waiting for their first agreement, or suspended because the last one ended. */
  function awaitsAgreement(g: Grant): boolean {
    if (g.state === 'pending_agreement') return true;
    return g.state === 'suspended' && (g.stateReason === GRANT_REASONS.expired || g.stateReason === GRANT_REASONS.terminated);
  }

  /** The grant change made on behalf of the agreement workflow: a system actor carrying who caused it. */
  const gateActor = (by: SharingActor): AuditActor => ({ ...who(by), actorType: 'system' });

  /** Filed: the grant becomes active (a 409 means it moved meanwhile — revoked, or the sweep was first). */
  async function openGate(by: SharingActor, grantId: string): Promise<boolean> {
    try {
      const g = await grants.getGrant(grantId);
      if (!awaitsAgreement(g)) return false;
      await grants.setGrantState(gateActor(by), grantId, 'active', GRANT_REASONS.filed);
      return true;
    } catch (e) {
      if (e instanceof AppError && (e.status === 409 || e.status === 404)) return false;
      throw e;
    }
  }

  /** Expired or terminated: an active grant is suspended. */
  async function closeGate(by: SharingActor, grantId: string, why: 'expired' | 'terminated'): Promise<boolean> {
    try {
      const g = await grants.getGrant(grantId);
      if (g.state !== 'active' || (await store.hasFiledAgreement(k, grantId, now()))) return false;
      await grants.setGrantState(gateActor(by), grantId, 'suspended', GRANT_REASONS[why]);
      return true;
    } catch (e) {
      if (e instanceof AppError && (e.status === 409 || e.status === 404)) return false;
      throw e;
    }
  }

  function validateTerms(input: AgreementTermsInput, current: { validFrom: string; validUntil: string } | null): { patch: Partial<store.AgreementRow>; issues: FieldIssue[] } {
    const issues: FieldIssue[] = [];
    const patch: Partial<store.AgreementRow> = {};
    const add = (field: string, code: string, key: string, params?: Record<string, string | number>) => issues.push({ field, code, messageKey: `sharing.agreement.${key}`, params });
    const text = (name: 'purpose' | 'scope' | 'obligations', max: number, required: boolean) => {
      const v = input[name];
      if (v === undefined) return;
      if (typeof v !== 'string') return add(`body.${name}`, 'required', 'text_required');
      if (required && v.trim() === '') return add(`body.${name}`, 'required', 'text_required');
      if (len(v) > max) return add(`body.${name}`, 'too_long', 'too_long', { max });
      patch[name] = v.trim();
    };
    text('purpose', AGREEMENT_LIMITS.purposeMax, true);
    text('scope', AGREEMENT_LIMITS.scopeMax, false);
    text('obligations', AGREEMENT_LIMITS.obligationsMax, true);
    if (input.validFrom !== undefined) {
      const v = parseInstant(input.validFrom, false);
      if (v === null) add('body.validFrom', 'invalid_date', 'invalid_date', { value: String(input.validFrom) });
      else patch.valid_from = v;
    }
    if (input.validUntil !== undefined) {
      const v = parseInstant(input.validUntil, true);
      if (v === null) add('body.validUntil', 'invalid_date', 'invalid_date', { value: String(input.validUntil) });
      else patch.valid_until = v;
    }
    const from = patch.valid_from ?? current?.validFrom;
    const until = patch.valid_until ?? current?.validUntil;
    if (from && until && until <= from && !issues.some((i) => i.field.startsWith('body.valid'))) add('body.validUntil', 'period_order', 'period_order');
    return { patch, issues };
  }

  function cleanText(v: string | null | undefined, field: string, max: number, required: boolean): string | null {
    if (blank(v)) {
      if (required) throw invalid([{ field, code: 'required', messageKey: 'sharing.agreement.reason_required' }]);
      return null;
    }
    const s = String(v).trim();
    if (len(s) > max) throw invalid([{ field, code: 'too_long', messageKey: 'sharing.agreement.too_long', params: { max } }]);
    return s;
  }

  /** The side a caller confirms for: the one given, or their only side. */
  function sideFor(by: SharingActor, row: store.AgreementRow, side: Side | undefined): Side | null {
    if (side) return side;
    const sides = sidesOf(by, targetOf(row));
    if (sides.length === 1) return sides[0]!;
    if (sides.length > 1) throw invalid([{ field: 'body.side', code: 'side_required', messageKey: 'sharing.agreement.side_required' }]);
    return null;
  }

  function officeFor(by: SharingActor, office: FilingOffice | undefined): FilingOffice | null {
    if (office) return office;
    const offices = officesOf(by);
    if (offices.length === 1) return offices[0]!;
    if (offices.length > 1) throw invalid([{ field: 'body.office', code: 'office_required', messageKey: 'sharing.agreement.office_required' }]);
    return null;
  }

  /** What a draft needs from other modules; read outside any transaction. */
  async function prepareDraft(grant: { resourceCode: string; consumerUnitId: string }, given?: Resource | null): Promise<DraftSources> {
    const resource = given && given.code === grant.resourceCode ? given : await catalog.published(grant.resourceCode);
    if (!resource) throw new AppError(409, 'resource_not_published', 'sharing.agreement.resource_not_published', { code: grant.resourceCode });
    const [provider, consumer] = await Promise.all([org.getUnit(resource.providerUnitId), org.getUnit(grant.consumerUnitId)]);
    return { resource, providerName: provider?.name ?? resource.providerUnitName, consumerName: consumer?.name ?? grant.consumerUnitId };
  }

  /** Terms of a new agreement, from the grant and the catalog (no database access). */
  function draftRow(by: SharingActor, grant: Grant, applicationId: string | null, sources: DraftSources): store.AgreementRow {
    const { resource } = sources;
    if (resource.code !== grant.resourceCode) throw new Error(`agreement draft: sources of ${resource.code} for a grant on ${grant.resourceCode}`);
    const at = now();
    const validFrom = grant.validFrom > at ? grant.validFrom : at;
    const validUntil = grant.validUntil ?? new Date(Date.parse(validFrom) + 365 * DAY_MS).toISOString();
    const items = grant.fields === null ? resource.dataItems : resource.dataItems.filter((i) => grant.fields!.includes(i.code));
    const scope = [
      grant.fields === null ? '信息项：全部信息项' : `信息项：${items.map((i) => `${i.name}（${i.code}）`).join('、')}`,
      grant.rowFilter.length ? `数据范围：${grant.rowFilter.map((f) => `${f.field} ${f.op}${f.value === undefined ? '' : ` ${JSON.stringify(f.value)}`}`).join('；')}` : '数据范围：不限',
      Object.keys(grant.masking).length ? `脱敏：${Object.entries(grant.masking).map(([c, r]) => `${c}→${r}`).join('、')}` : null,
    ]
      .filter((s): s is string => s !== null)
      .join('\n');
    return {
      id: randomUUID(),
      grant_id: grant.id,
      application_id: applicationId,
      resource_code: resource.code,
      resource_name: resource.name,
      provider_unit_id: resource.providerUnitId,
      consumer_unit_id: grant.consumerUnitId,
      consumer_system_id: grant.consumerSystemId,
      purpose: grant.purpose.slice(0, AGREEMENT_LIMITS.purposeMax),
      scope: scope.slice(0, AGREEMENT_LIMITS.scopeMax),
      valid_from: validFrom,
      valid_until: validUntil > validFrom ? validUntil : new Date(Date.parse(validFrom) + 365 * DAY_MS).toISOString(),
      obligations: defaultObligations({
        providerName: sources.providerName,
        consumerName: sources.consumerName,
        resourceName: resource.name,
        resourceCode: resource.code,
      }),
      state: 'draft',
      round: 0,
      document_sha256: null,
      document_bytes: null,
      document_name: null,
      document_content_type: null,
      document_uploaded_at: null,
      document_uploaded_by: null,
      document_uploaded_unit_id: null,
      signed_at: null,
      provider_confirmed_at: null,
      provider_confirmed_by: null,
      consumer_confirmed_at: null,
      consumer_confirmed_by: null,
      submitted_at: null,
      filed_at: null,
      returned_at: null,
      return_reason: null,
      ended_at: null,
      end_reason: null,
      created_by: by.actorName,
      created_at: at,
      updated_at: at,
    };
  }

  /**
   * Inserts the draft and records its creation inside the caller's transaction; a racing creation
   * for the same grant loses on the unique index (the error propagates: roll the transaction back).
   */
  async function insertDraftIn(trx: Transaction<Database>, by: SharingActor, row: store.AgreementRow): Promise<AuditInput> {
    await store.insertAgreement(trx, row);
    return record(trx, by, null, [], row, { action: 'sharing.agreement.create', notice: 'created', detail: { applicationId: row.application_id } });
  }

  /** The grant as the transaction sees it (it may have been created in it), or 404. */
  async function grantIn(trx: Transaction<Database>, grantId: string): Promise<Grant> {
    const row = await findGrant(trx, grantId);
    if (!row) throw new AppError(404, 'not_found', 'sharing.grant.not_found', { id: grantId });
    return toGrant(row);
  }

  async function startForGrantIn(
    trx: Transaction<Database>,
    by: SharingActor,
    grant: Grant,
    ctx: { applicationId: string | null; sources: DraftSources },
  ): Promise<{ id: string; events: AuditInput[] }> {
    const existing = await store.openAgreementOfGrant(trx, grant.id);
    if (existing) return { id: existing.id, events: [] };
    // Checked again inside the transaction: the grant may have moved since the caller read it.
    const current = await grantIn(trx, grant.id);
    if (!awaitsAgreement(current)) throw new AppError(409, 'grant_not_pending', 'sharing.agreement.grant_not_pending', { state: current.state });
    const row = draftRow(by, current, ctx.applicationId, ctx.sources);
    return { id: row.id, events: [await insertDraftIn(trx, by, row)] };
  }

  const service: AgreementService = {
    maxBytes,

    needsAgreement(resource, fields) {
      // 涉密 is a state secret. 内部 (the catalog's default level) means "not for the public", not
      // one of R17's categories: there the data items decide.
      if (resource.secrecyLevel === 'secret_classified') return true;
      const wanted = fields === null ? null : new Set(fields);
      return resource.dataItems.some((i) => (wanted === null || wanted.has(i.code)) && i.sensitivity !== 'none');
    },

    async startForGrant(by, grant, ctx) {
      const existing = await store.openAgreementOfGrant(k, grant.id);
      if (existing) return { id: existing.id };
      const current = await grants.getGrant(grant.id);
      if (!awaitsAgreement(current)) throw new AppError(409, 'grant_not_pending', 'sharing.agreement.grant_not_pending', { state: current.state });
      const sources = await prepareDraft(current);
      try {
        return await audit.transact(async (trx) => {
          const started = await startForGrantIn(trx, by, current, { applicationId: ctx.applicationId, sources });
          return { value: { id: started.id }, events: started.events };
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        // Another node created it first (its transaction committed before ours): that one is the agreement.
        const winner = await store.openAgreementOfGrant(k, grant.id);
        if (!winner) throw e;
        return { id: winner.id };
      }
    },

    prepareDraft,

    startForGrantIn,

    async isFiled(grantId) {
      return store.hasFiledAgreement(k, grantId, now());
    },

    async create(by, input) {
      const grantId = typeof input?.grantId === 'string' ? input.grantId : '';
      let grant: Grant;
      try {
        grant = await grants.getGrant(grantId);
      } catch (e) {
        if (e instanceof AppError && e.status === 404) {
          throw invalid([{ field: 'body.grantId', code: 'unknown_grant', messageKey: 'sharing.agreement.grant_not_found', params: { id: grantId } }]);
        }
        throw e;
      }
      const resource = await catalog.published(grant.resourceCode);
      if (!resource) throw new AppError(409, 'resource_not_published', 'sharing.agreement.resource_not_published', { code: grant.resourceCode });
      if (!can(by, 'create', { providerUnitId: resource.providerUnitId, consumerUnitId: grant.consumerUnitId })) await deny(by, 'create', null);
      if (!awaitsAgreement(grant)) throw new AppError(409, 'grant_not_pending', 'sharing.agreement.grant_not_pending', { state: grant.state });
      const open = await store.openAgreementOfGrant(k, grant.id);
      if (open) throw new AppError(409, 'agreement_exists', 'sharing.agreement.already_open', { id: open.id });
      const row = draftRow(by, grant, input.applicationId ?? null, await prepareDraft(grant, resource));
      try {
        await audit.transact(async (trx) => {
          // Checked again inside the transaction (SQLite serialises racing creations here).
          const raced = await store.openAgreementOfGrant(trx, grant.id);
          if (raced) throw new AppError(409, 'agreement_exists', 'sharing.agreement.already_open', { id: raced.id });
          const current = await grantIn(trx, grant.id);
          if (!awaitsAgreement(current)) throw new AppError(409, 'grant_not_pending', 'sharing.agreement.grant_not_pending', { state: current.state });
          return { value: null, events: [await insertDraftIn(trx, by, row)] };
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        const winner = await store.openAgreementOfGrant(k, grant.id);
        throw new AppError(409, 'agreement_exists', 'sharing.agreement.already_open', { id: winner?.id ?? '' });
      }
      return detail(row);
    },

    async list(by, filter = {}) {
      const box = filter.box ?? 'mine';
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), AGREEMENT_LIMITS.listMax);
      const offset = Math.max(filter.offset ?? 0, 0);
      const q: store.ListQuery = { state: filter.state, grantId: filter.grantId, resourceCode: filter.resourceCode, limit, offset };
      if (box === 'all') {
        if (!can(by, 'list_all')) await deny(by, 'list', null);
      } else if (box === 'to_file') {
        if (!can(by, 'list_to_file')) await deny(by, 'list', null);
        q.pendingOffices = officesOf(by);
      } else {
        // A unit's agreements, for the people of the unit who take part in sharing (nobody else has a "mine").
        if (!can(by, 'list_mine') || !by.unitId) return { items: [], total: 0 };
        q.partyUnitId = by.unitId;
      }
      const page = await store.listAgreements(k, q);
      return { items: page.items.map(store.toAgreement), total: page.total };
    },

    async get(by, id) {
      return detail(await loadFor(by, id, 'read'));
    },

    async updateTerms(by, id, input) {
      await loadFor(by, id, 'edit');
      const { value } = await mutate(by, id, async (row) => {
        if (!EDITABLE_STATES.includes(row.state)) throw badState(row.state, 'edit');
        const { patch, issues } = validateTerms(input ?? {}, { validFrom: row.valid_from, validUntil: row.valid_until });
        if (issues.length) throw invalid(issues);
        const changed = (Object.keys(patch) as (keyof store.AgreementRow)[]).filter((key) => patch[key] !== row[key]);
        if (changed.length === 0) return null;
        const p: Partial<store.AgreementRow> = Object.fromEntries(changed.map((key) => [key, patch[key]]));
        // The signed document no longer says what the terms say: sign again.
        if (row.state !== 'draft') Object.assign(p, { state: 'draft', provider_confirmed_at: null, provider_confirmed_by: null, consumer_confirmed_at: null, consumer_confirmed_by: null });
        return { patch: p, c: { action: 'sharing.agreement.update', notice: 'updated', detail: { changed: changed.map(String) } } };
      });
      return value;
    },

    async uploadDocument(by, id, input, stream) {
      let name: string;
      let signedAt: string | null = null;
      try {
        const row = await loadFor(by, id, 'upload');
        if (!EDITABLE_STATES.includes(row.state)) throw badState(row.state, 'upload');
        name = cleanFileName(input.name);
        if (!blank(input.signedAt)) {
          signedAt = parseInstant(input.signedAt, false);
          if (signedAt === null || signedAt > now()) {
            throw invalid([{ field: 'querystring.signedAt', code: 'invalid_date', messageKey: 'sharing.agreement.invalid_date', params: { value: String(input.signedAt) } }]);
          }
        }
        if (input.declaredBytes !== null && input.declaredBytes !== undefined && input.declaredBytes > maxBytes) {
          throw new AppError(413, 'file_too_large', 'exchange.file.too_large', { max: maxBytes });
        }
      } catch (e) {
        // Refused before reading: let the body drain so the answer still gets out.
        stream.resume();
        throw e;
      }
      let contentType = '';
      const blob = await blobs.write(stream, {
        maxBytes,
        inspect: (head, complete) => {
          contentType = checkDocument(head, complete, name).contentType;
        },
      });
      const { value } = await mutate(by, id, async (row, _trx, at) => {
        if (!EDITABLE_STATES.includes(row.state)) throw badState(row.state, 'upload');
        return {
          patch: {
            state: 'signed',
            document_sha256: blob.sha256,
            document_bytes: blob.bytes,
            document_name: name,
            document_content_type: contentType,
            document_uploaded_at: at,
            document_uploaded_by: by.actorName,
            document_uploaded_unit_id: by.unitId,
            signed_at: signedAt ?? at,
            provider_confirmed_at: null,
            provider_confirmed_by: null,
            consumer_confirmed_at: null,
            consumer_confirmed_by: null,
          },
          c: {
            action: 'sharing.agreement.document',
            answered: ['sign'],
            notice: 'signed',
            detail: { sha256: blob.sha256, bytes: blob.bytes, name, contentType, replaced: row.document_sha256 },
          },
        };
      });
      return value;
    },

    async openDocument(by, id) {
      const row = await loadFor(by, id, 'read');
      const document = store.toAgreement(row).document;
      if (!document) throw new AppError(404, 'not_found', 'sharing.agreement.document_missing');
      let opened;
      try {
        opened = await blobs.open(document.sha256);
      } catch {
        throw new AppError(409, 'document_lost', 'sharing.agreement.document_lost', { sha256: document.sha256 });
      }
      try {
        // Durable before the first byte leaves (第二十九条: every access recorded).
        await audit.append({
          ...who(by),
          action: 'sharing.agreement.document.download',
          targetType: 'sharing_agreement',
          targetId: id,
          result: 'success',
          grantId: row.grant_id,
          detail: { sha256: document.sha256, bytes: document.bytes, name: document.name },
        });
      } catch (e) {
        await opened.close();
        throw e;
      }
      return { document, stream: opened.stream };
    },

    async confirm(by, id, input = {}) {
      const current = await store.findAgreement(k, id);
      if (!current) throw notFound(id);
      const side = sideFor(by, current, input.side);
      if (!side) return deny(by, 'confirm', id);
      await loadFor(by, id, 'confirm', { side });
      const comment = cleanText(input.comment, 'body.comment', AGREEMENT_LIMITS.commentMax, false);
      const { value } = await mutate(by, id, async (row, _trx, at) => {
        if (!CONFIRMABLE_STATES.includes(row.state)) throw badState(row.state, 'confirm');
        if (!row.document_sha256) throw new AppError(409, 'document_required', 'sharing.agreement.document_required');
        if ((side === 'provider' ? row.provider_confirmed_at : row.consumer_confirmed_at) !== null) {
          throw new AppError(409, 'already_confirmed', 'sharing.agreement.already_confirmed', { side });
        }
        const patch: Partial<store.AgreementRow> =
          side === 'provider' ? { provider_confirmed_at: at, provider_confirmed_by: by.actorName } : { consumer_confirmed_at: at, consumer_confirmed_by: by.actorName };
        return { patch, c: { action: 'sharing.agreement.confirm', answered: [`confirm_${side}`], comment, notice: 'confirmed', noticeParams: { side }, detail: { side, sha256: row.document_sha256 } } };
      });
      return value;
    },

    async submitFiling(by, id, input = {}) {
      await loadFor(by, id, 'submit');
      const comment = cleanText(input.comment, 'body.comment', AGREEMENT_LIMITS.commentMax, false);
      const { value } = await mutate(by, id, async (row, trx, at) => {
        if (!CONFIRMABLE_STATES.includes(row.state)) throw badState(row.state, 'submit');
        if (!row.document_sha256) throw new AppError(409, 'document_required', 'sharing.agreement.document_required');
        if (!row.provider_confirmed_at || !row.consumer_confirmed_at) throw new AppError(409, 'not_confirmed', 'sharing.agreement.not_confirmed');
        if (row.valid_until <= at) throw new AppError(409, 'validity_ended', 'sharing.agreement.expired_validity');
        const round = Number(row.round) + 1;
        for (const office of ['secrecy_bureau', 'authority'] as const) {
          await store.insertFiling(trx, {
            id: randomUUID(),
            agreement_id: row.id,
            round,
            office,
            state: 'pending',
            submitted_at: at,
            submitted_by: by.actorName,
            decided_at: null,
            decided_by: null,
            decided_by_id: null,
            decided_unit_id: null,
            comment: null,
            reference: null,
          });
        }
        return {
          patch: { state: 'filing', round, submitted_at: at, returned_at: null, return_reason: null },
          c: { action: 'sharing.agreement.submit', answered: ['submit'], comment, notice: 'submitted', notifyOffices: true, detail: { round, sha256: row.document_sha256 } },
        };
      });
      return value;
    },

    async acknowledge(by, id, input = {}) {
      const office = officeFor(by, input.office);
      if (!office) return deny(by, 'acknowledge', id);
      await loadFor(by, id, 'acknowledge', { office });
      const comment = cleanText(input.comment, 'body.comment', AGREEMENT_LIMITS.commentMax, false);
      const reference = cleanText(input.reference, 'body.reference', AGREEMENT_LIMITS.referenceMax, false);
      const { after, value } = await mutate(by, id, async (row, trx, at) => {
        if (row.state !== 'filing') throw badState(row.state, 'acknowledge');
        const filings = await store.filingsOf(trx, row.id, Number(row.round));
        const mine = filings.find((f) => f.office === office);
        if (!mine || mine.state !== 'pending') throw new AppError(409, 'office_done', 'sharing.agreement.office_done', { office });
        await store.updateFiling(trx, mine.id, { state: 'acknowledged', decided_at: at, decided_by: by.actorName, decided_by_id: by.actorId, decided_unit_id: by.unitId, comment, reference });
        const complete = filings.every((f) => f.office === office || f.state === 'acknowledged');
        return {
          patch: complete ? ({ state: 'filed', filed_at: at } satisfies Partial<store.AgreementRow>) : {},
          c: {
            action: 'sharing.agreement.acknowledge',
            answered: [FILE_STEP[office]],
            comment,
            notice: complete ? 'filed' : 'acknowledged',
            notifyOffices: complete,
            noticeParams: { office },
            detail: { office, reference, round: Number(row.round), filed: complete },
          },
        };
      });
      if (after.state === 'filed') {
        await openGate(by, after.grant_id);
        return detail((await store.findAgreement(k, id))!);
      }
      return value;
    },

    async returnFiling(by, id, input) {
      const office = officeFor(by, input?.office);
      if (!office) return deny(by, 'return', id);
      await loadFor(by, id, 'return', { office });
      const reason = cleanText(input?.reason, 'body.reason', AGREEMENT_LIMITS.reasonMax, true)!;
      const { value } = await mutate(by, id, async (row, trx, at) => {
        if (row.state !== 'filing') throw badState(row.state, 'return');
        const filings = await store.filingsOf(trx, row.id, Number(row.round));
        const mine = filings.find((f) => f.office === office);
        if (!mine || mine.state !== 'pending') throw new AppError(409, 'office_done', 'sharing.agreement.office_done', { office });
        await store.updateFiling(trx, mine.id, { state: 'returned', decided_at: at, decided_by: by.actorName, decided_by_id: by.actorId, decided_unit_id: by.unitId, comment: reason });
        await store.cancelPendingFilings(trx, row.id, Number(row.round), at);
        return {
          patch: {
            state: 'returned',
            returned_at: at,
            return_reason: reason,
            provider_confirmed_at: null,
            provider_confirmed_by: null,
            consumer_confirmed_at: null,
            consumer_confirmed_by: null,
          },
          c: { action: 'sharing.agreement.return', answered: [FILE_STEP[office]], comment: reason, notice: 'returned', notifyOffices: true, noticeParams: { office, reason }, detail: { office, round: Number(row.round) } },
        };
      });
      return value;
    },

    async terminate(by, id, input) {
      await loadFor(by, id, 'terminate');
      const reason = cleanText(input?.reason, 'body.reason', AGREEMENT_LIMITS.reasonMax, true)!;
      const { before, value } = await mutate(by, id, async (row, trx, at) => {
        if (FINAL_STATES.includes(row.state)) throw badState(row.state, 'terminate');
        if (row.round > 0) await store.cancelPendingFilings(trx, row.id, Number(row.round), at);
        return {
          patch: { state: 'terminated', ended_at: at, end_reason: reason },
          c: { action: 'sharing.agreement.terminate', comment: reason, notice: 'terminated', notifyOffices: true, noticeParams: { reason }, detail: { wasFiled: row.state === 'filed' } },
        };
      });
      if (before.state === 'filed') await closeGate(by, before.grant_id, 'terminated');
      return value;
    },

    capabilities(by, a) {
      const target = { providerUnitId: a.providerUnitId, consumerUnitId: a.consumerUnitId };
      const editable = EDITABLE_STATES.includes(a.state);
      const confirmable = CONFIRMABLE_STATES.includes(a.state) && a.document !== null;
      const confirm = sidesOf(by, target).filter(
        (side) => confirmable && can(by, 'confirm', { ...target, side }) && (side === 'provider' ? a.providerConfirmedAt : a.consumerConfirmedAt) === null,
      );
      const pending = a.state === 'filing' ? a.filings.filter((f) => f.state === 'pending').map((f) => f.office) : [];
      return {
        edit: editable && can(by, 'edit', target),
        upload: editable && can(by, 'upload', target),
        confirm,
        submit: confirmable && !!a.providerConfirmedAt && !!a.consumerConfirmedAt && can(by, 'submit', target),
        acknowledge: pending.filter((office) => can(by, 'acknowledge', { ...target, office })),
        terminate: !FINAL_STATES.includes(a.state) && can(by, 'terminate', target),
      };
    },

    async sweep(nowDate) {
      const at = iso(nowDate);
      let n = 0;
      for (const candidate of await store.filedEndedBy(k, at)) {
        const moved = await audit.transact(async (trx) => {
          const row = await store.lockAgreement(trx, candidate.id);
          // Another node (or an earlier sweep) got there first, or the validity was extended meanwhile.
          if (!row || row.state !== 'filed' || row.valid_until > at) return { value: null, events: [] };
          const patch = { state: 'expired' as const, ended_at: at, end_reason: '有效期届满 / validity ended', updated_at: at };
          if (!(await store.moveAgreement(trx, row.id, 'filed', patch))) return { value: null, events: [] };
          const after = { ...row, ...patch };
          const event = await record(trx, SWEEPER, row, [], after, { action: 'sharing.agreement.expire', notice: 'expired', notifyOffices: true, detail: { validUntil: row.valid_until } });
          return { value: after, events: [event] };
        });
        if (moved) {
          n++;
          await closeGate(SWEEPER, moved.grant_id, 'expired');
        }
      }
      // Repairs of the gate: a process that died between an agreement's change and its grant's.
      for (const row of await store.filedWithPendingGrant(k)) {
        if (row.valid_from <= at && row.valid_until > at && (await openGate(SWEEPER, row.grant_id))) n++;
      }
      for (const { grantId, lastState } of await store.activeGrantsWithoutFiledAgreement(k)) {
        if (await closeGate(SWEEPER, grantId, lastState === 'terminated' ? 'terminated' : 'expired')) n++;
      }
      return n;
    },
  };

  workflow.registerAccess('agreement', async (by, itemId) => {
    const row = await store.findAgreement(k, itemId);
    return !!row && can(by, 'read', targetOf(row));
  });
  workflow.registerSweepHook('agreement-expiry', (at) => service.sweep(at));

  return service;
}
