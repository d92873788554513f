/**
 * 投诉 (R22, 第二十九条): complaints about another unit's violation, handled by the supervision
 * department or the IT authority, with requests for information, links to violations, and the
 * result fed back to the complainant. Every step is one audit.transact with workflow.record
 * (timeline, the handler's 'handle' task with the complaint_handle deadline, reply tasks,
 * notifications). The complained-about unit never learns who complained unless the handler
 * discloses it.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError, invalid } from '../../core/errors.js';
import type { MessageKey } from '../../core/i18n.js';
import type { AuditInput } from '../../audit/types.js';
import { createBlobStore, type BlobStore } from '../../exchange/files/blobs.js';
import { cleanFileName } from '../../exchange/files/service.js';
import { checkEvidenceType } from '../../sharing/objections/evidence.js';
import { auditActorOf } from '../../sharing/workflow/service.js';
import type { Assignee, SharingActor, Transition } from '../../sharing/workflow/types.js';
import type { SupervisionDeps } from '../deps.js';
import type { ManualInput, ViolationService } from '../violations/service.js';
import {
  ACTION_FROM,
  ADDRESSEES,
  COMPLAINT_ACTIONS,
  COMPLAINT_LIMITS,
  OUTCOMES,
  PARTIES,
  type Addressee,
  type Complaint,
  type ComplaintAction,
  type ComplaintDetail,
  type ComplaintEvidence,
  type ComplaintInput,
  type ComplaintOutcome,
  type ComplaintQuery,
  type ComplaintState,
  type Party,
} from './model.js';
import { can, HANDLER_ROLE, type ComplaintPolicyAction } from './policy.js';
import * as store from './store.js';
import './messages.js';

export * from './model.js';

/** 投诉 (R22). */
export interface ComplaintService {
  /** A unit's user or steward complains about another unit. Audited 'supervision.complaint.submit'. */
  submit(by: SharingActor, input: ComplaintInput): Promise<ComplaintDetail>;
  /**
   * One complaint as the caller may see it. Audited 'supervision.complaint.read' before it returns, with whether the
   * complainant's identity was included (denied when the caller may not see the complaint).
   */
  get(by: SharingActor, id: string): Promise<ComplaintDetail>;
  list(by: SharingActor, q?: ComplaintQuery): Promise<{ items: Complaint[]; total: number }>;
  accept(by: SharingActor, id: string, comment?: string | null): Promise<ComplaintDetail>;
  reject(by: SharingActor, id: string, reason: string): Promise<ComplaintDetail>;
  /** The handler's investigation note (not shown to the complained-about unit). */
  note(by: SharingActor, id: string, text: string): Promise<ComplaintDetail>;
  /** Asks the complained-about unit or the complainant for information; they reply in the platform. */
  request(by: SharingActor, id: string, input: { party: Party; text: string }): Promise<ComplaintDetail>;
  reply(by: SharingActor, id: string, text: string): Promise<ComplaintDetail>;
  /** Links existing violations found through this complaint. */
  link(by: SharingActor, id: string, violationIds: string[]): Promise<ComplaintDetail>;
  /** Records a confirmed violation (source 'complaint') of the complained-about unit and links it. */
  recordViolation(by: SharingActor, id: string, input: Omit<ManualInput, 'unitId'> & { unitId?: string | null }): Promise<ComplaintDetail>;
  /** The result (upheld / not upheld), fed back to the complainant. */
  conclude(by: SharingActor, id: string, input: { outcome: ComplaintOutcome; result: string }): Promise<ComplaintDetail>;
  /** The complainant acknowledges the result: closed. */
  acknowledge(by: SharingActor, id: string, comment?: string | null): Promise<ComplaintDetail>;
  /** The handler closes a concluded complaint. */
  close(by: SharingActor, id: string, comment?: string | null): Promise<ComplaintDetail>;
  /** The handler discloses the complainant's identity to the complained-about unit. */
  disclose(by: SharingActor, id: string, comment?: string | null): Promise<ComplaintDetail>;
  addEvidence(by: SharingActor, id: string, meta: { name?: string | null; contentType?: string | null; declaredBytes?: number | null }, stream: Readable): Promise<ComplaintEvidence>;
  openEvidence(by: SharingActor, id: string, evidenceId: string): Promise<{ evidence: ComplaintEvidence; stream: Readable }>;
  readonly evidenceMaxBytes: number;
}

type FieldIssue = { field: string; code: string; messageKey: MessageKey; params?: Record<string, string | number> };

export function createComplaintService(deps: SupervisionDeps & { violations: ViolationService; blobs?: BlobStore }): ComplaintService {
  const { db, audit, clock, org, workflow, violations, config } = deps;
  const k = db.kysely;
  const blobs = deps.blobs ?? createBlobStore(config.dataDir);
  const now = () => clock.now().toISOString();

  const notFound = (id: string) => new AppError(404, 'not_found', 'supervision.complaint.not_found', { id });
  const forbidden = () => new AppError(403, 'forbidden', 'supervision.complaint.forbidden');

  const targetOf = (r: store.ComplaintRow) => ({
    addressee: r.addressee,
    complainantUnitId: r.complainant_unit_id,
    targetUnitId: r.target_unit_id,
    targetInvolved: Number(r.target_involved) === 1,
    disclosed: Number(r.disclosed) === 1,
    pendingTarget: Number(r.pending_target) === 1,
    pendingComplainant: Number(r.pending_complainant) === 1,
  });
  const allowed = (by: SharingActor, action: ComplaintPolicyAction, r: store.ComplaintRow) => can(by, action, targetOf(r));

  /** How the caller takes part (decides what of the complaint it sees). */
  function roleOf(by: SharingActor, r: store.ComplaintRow): ComplaintDetail['role'] {
    if (allowed(by, 'complaint.handle', r)) return 'handler';
    const person = by.roles.includes('unit_user') || by.roles.includes('unit_steward');
    if (person && by.unitId === r.complainant_unit_id) return 'complainant';
    if (person && by.unitId === r.target_unit_id && !by.roles.some((x) => x === 'supervisor' || x === 'authority_reviewer' || x === 'leader')) return 'target';
    return 'reader';
  }

  async function unitNames(ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of new Set(ids)) {
      const u = await org.getUnit(id);
      if (u) out.set(id, u.name);
    }
    return out;
  }

  function toComplaint(r: store.ComplaintRow, names: Map<string, string>, hideComplainant: boolean): Complaint {
    const awaiting: Party[] = [];
    if (Number(r.pending_target) === 1) awaiting.push('target');
    if (Number(r.pending_complainant) === 1) awaiting.push('complainant');
    return {
      id: r.id,
      title: r.title,
      text: r.text,
      category: r.category === null ? null : Number(r.category),
      addressee: r.addressee,
      targetUnitId: r.target_unit_id,
      targetUnitName: names.get(r.target_unit_id) ?? null,
      complainantUnitId: hideComplainant ? null : r.complainant_unit_id,
      complainantUnitName: hideComplainant ? null : (names.get(r.complainant_unit_id) ?? null),
      complainant: hideComplainant ? null : r.complainant_name,
      disclosed: Number(r.disclosed) === 1,
      state: r.state,
      awaiting,
      outcome: r.outcome,
      result: r.result,
      rejectReason: r.reject_reason,
      acceptedAt: r.accepted_at,
      concludedAt: r.concluded_at,
      acknowledgedAt: r.acknowledged_at,
      closedAt: r.closed_at,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  const hides = (by: SharingActor, r: store.ComplaintRow) => roleOf(by, r) === 'target' && Number(r.disclosed) !== 1;

  function actionsFor(by: SharingActor, r: store.ComplaintRow): ComplaintAction[] {
    const out: ComplaintAction[] = [];
    for (const a of COMPLAINT_ACTIONS) {
      if (!ACTION_FROM[a].includes(r.state)) continue;
      const policy: ComplaintPolicyAction =
        a === 'reply' ? 'complaint.reply' : a === 'acknowledge' ? 'complaint.acknowledge' : a === 'evidence' ? 'complaint.evidence_add' : 'complaint.handle';
      if (!allowed(by, policy, r)) continue;
      if (a === 'disclose' && Number(r.disclosed) === 1) continue;
      out.push(a);
    }
    return out;
  }

  async function detail(by: SharingActor, r: store.ComplaintRow): Promise<ComplaintDetail> {
    const names = await unitNames([r.complainant_unit_id, r.target_unit_id]);
    const role = roleOf(by, r);
    const hide = hides(by, r);
    let messages = (await store.messagesOf(k, r.id)).map((m) => ({ id: m.id, kind: m.kind, party: m.party, text: m.text, by: m.by_name, at: m.at }));
    // The complained-about unit sees what was asked of it and its own replies; never the investigation notes or the complainant's exchange.
    if (role === 'target') messages = messages.filter((m) => m.party === 'target').map((m) => (m.kind === 'request' ? { ...m, by: '' } : m));
    if (role === 'complainant') messages = messages.filter((m) => m.party === 'complainant').map((m) => (m.kind === 'request' ? { ...m, by: '' } : m));
    const evidenceFiles = allowed(by, 'complaint.evidence_read', r)
      ? (await store.evidenceOf(k, r.id)).map((e) => ({ id: e.id, name: e.name, contentType: e.content_type, bytes: Number(e.bytes), sha256: e.sha256, uploadedAt: e.uploaded_at }))
      : [];
    const linked = await violations.byIds(await store.linkedIds(k, r.id));
    return {
      ...toComplaint(r, names, hide),
      messages,
      evidenceFiles,
      violations: linked.map((v) => ({ id: v.id, title: v.title, titleEn: v.titleEn, category: v.category, state: v.state, unitId: v.unitId })),
      role,
      actions: actionsFor(by, r),
    };
  }

  const handler = (r: Pick<store.ComplaintRow, 'addressee'>): Assignee => ({ role: HANDLER_ROLE[r.addressee], unitId: null });
  const complainant = (r: store.ComplaintRow): Assignee => ({ role: r.complainant_role as Assignee['role'], unitId: r.complainant_unit_id });
  const targetSteward = (r: store.ComplaintRow): Assignee => ({ role: 'unit_steward', unitId: r.target_unit_id });
  const titleOf = (r: Pick<store.ComplaintRow, 'title'>) => `投诉：${r.title}`;
  /** The inbox title in English: the prefix is the platform's; the complainant's title is shown as typed. */
  const titleEnOf = (r: Pick<store.ComplaintRow, 'title'>) => `Complaint: ${r.title}`;
  // The messages say "complaint" themselves: their English title is the complainant's (not the inbox's, which the kernel would give otherwise).
  const notice = (r: store.ComplaintRow, kind: string, to: Assignee[]) => to.map((assignee) => ({ assignee, kind: `complaint.notice.${kind}`, params: { title: r.title, titleEn: r.title } }));

  function text(issues: FieldIssue[], field: string, v: unknown, max: number, required: boolean): string {
    if (typeof v !== 'string' || v.trim() === '') {
      if (required || (v !== undefined && v !== null && typeof v !== 'string')) issues.push({ field, code: 'required', messageKey: 'supervision.complaint.text_required' });
      return '';
    }
    const s = v.trim();
    if ([...s].length > max) issues.push({ field, code: 'too_long', messageKey: 'supervision.complaint.too_long', params: { max } });
    return s;
  }
  function one(field: string, v: unknown, max: number, required: boolean): string | null {
    const issues: FieldIssue[] = [];
    const s = text(issues, field, v, max, required);
    if (issues.length) throw invalid(issues);
    return s || null;
  }

  /** An audit event of a detail read ('supervision.complaint.read'). */
  function readEvent(by: SharingActor, id: string, result: 'success' | 'denied', detail: Record<string, unknown> | null): AuditInput {
    return { ...auditActorOf(by), action: 'supervision.complaint.read', targetType: 'supervision_complaint', targetId: id, result, detail };
  }

  /** The complaint if the caller may see it; `auditDenied` records a refused detail read. */
  async function loadVisible(by: SharingActor, id: string, auditDenied = false): Promise<store.ComplaintRow> {
    const r = await store.find(k, id);
    if (!r) throw notFound(id);
    if (!allowed(by, 'complaint.read', r)) {
      if (auditDenied) await audit.append(readEvent(by, id, 'denied', null));
      throw forbidden();
    }
    return r;
  }

  type Step = { patch: Partial<store.ComplaintRow>; transition: Omit<Transition, 'by' | 'itemKind' | 'itemId' | 'title' | 'titleEn' | 'action' | 'fromState'>; message?: Omit<store.MessageRow, 'id' | 'complaint_id' | 'by_name' | 'by_unit_id' | 'at'> };

  async function move(
    by: SharingActor,
    id: string,
    action: ComplaintAction,
    policy: ComplaintPolicyAction,
    build: (r: store.ComplaintRow, at: string, trx: Parameters<Parameters<typeof audit.transact>[0]>[0]) => Promise<Step & { extraEvents?: AuditInput[] }> | (Step & { extraEvents?: AuditInput[] }),
  ): Promise<ComplaintDetail> {
    const row = await audit.transact(async (trx) => {
      const current = await store.find(trx, id);
      if (!current) throw notFound(id);
      if (!allowed(by, policy, current)) {
        if (action === 'reply' && allowed(by, 'complaint.read', current)) throw new AppError(409, 'no_pending_request', 'supervision.complaint.no_pending_request');
        if (!allowed(by, 'complaint.read', current)) throw forbidden();
        throw new AppError(403, 'forbidden', 'supervision.complaint.forbidden_action', { action });
      }
      if (!ACTION_FROM[action].includes(current.state)) throw new AppError(409, 'bad_complaint_transition', 'supervision.complaint.bad_transition', { state: current.state, action });
      const at = now();
      const step = await build(current, at, trx);
      const patch = { ...step.patch, updated_at: at };
      if (!(await store.transition(trx, id, current.state, patch))) throw new AppError(409, 'complaint_changed', 'supervision.complaint.changed');
      if (step.message) await store.insertMessage(trx, { id: randomUUID(), complaint_id: id, by_name: by.actorName, by_unit_id: by.unitId, at, ...step.message });
      const event = await workflow.record(trx, {
        by,
        itemKind: 'complaint',
        itemId: id,
        title: titleOf(current),
        titleEn: titleEnOf(current),
        action: `supervision.complaint.${action}`,
        fromState: current.state,
        targetType: 'supervision_complaint',
        ...step.transition,
      });
      return { value: { ...current, ...patch }, events: [...(step.extraEvents ?? []), event] };
    });
    return detail(by, row);
  }

  workflow.registerAccess('complaint', async (by, itemId) => {
    const r = await store.find(k, itemId);
    // The timeline names who acted: the complained-about unit does not get it unless the complainant was disclosed.
    return !!r && allowed(by, 'complaint.read', r) && !hides(by, r);
  });

  return {
    evidenceMaxBytes: COMPLAINT_LIMITS.evidenceBytesMax,

    async submit(by, input) {
      const body = (input ?? {}) as unknown as Record<string, unknown>;
      const issues: FieldIssue[] = [];
      const title = text(issues, 'body.title', body.title, COMPLAINT_LIMITS.titleMax, true);
      const txt = text(issues, 'body.text', body.text, COMPLAINT_LIMITS.textMax, true);
      if (!(ADDRESSEES as readonly unknown[]).includes(body.addressee)) issues.push({ field: 'body.addressee', code: 'invalid_addressee', messageKey: 'supervision.complaint.invalid_addressee' });
      const category = body.category ?? null;
      if (category !== null && !(typeof category === 'number' && Number.isInteger(category) && category >= 1 && category <= 8)) {
        issues.push({ field: 'body.category', code: 'invalid_category', messageKey: 'supervision.complaint.invalid_category' });
      }
      const targetUnitId = typeof body.targetUnitId === 'string' ? body.targetUnitId : '';
      if (!targetUnitId) issues.push({ field: 'body.targetUnitId', code: 'required', messageKey: 'supervision.complaint.text_required' });
      if (issues.length) throw invalid(issues);
      if (!(await org.getUnit(targetUnitId))) throw invalid([{ field: 'body.targetUnitId', code: 'unit_not_found', messageKey: 'supervision.complaint.unit_not_found', params: { id: targetUnitId } }]);
      if (!can(by, 'complaint.submit', { targetUnitId }) || !by.unitId) throw new AppError(403, 'forbidden', 'supervision.complaint.cannot_submit');
      const at = now();
      const row: store.ComplaintRow = {
        id: randomUUID(),
        complainant_unit_id: by.unitId,
        complainant_id: by.actorId,
        complainant_name: by.actorName,
        complainant_role: by.roles.includes('unit_user') ? 'unit_user' : 'unit_steward',
        target_unit_id: targetUnitId,
        addressee: body.addressee as Addressee,
        category: category as number | null,
        title,
        text: txt,
        state: 'submitted',
        disclosed: 0,
        target_involved: 0,
        pending_target: 0,
        pending_complainant: 0,
        outcome: null,
        result: null,
        reject_reason: null,
        accepted_at: null,
        concluded_at: null,
        acknowledged_at: null,
        closed_at: null,
        created_at: at,
        updated_at: at,
      };
      const created = await audit.transact(async (trx) => {
        await store.insert(trx, row);
        const event = await workflow.record(trx, {
          by,
          itemKind: 'complaint',
          itemId: row.id,
          title: titleOf(row),
          titleEn: titleEnOf(row),
          action: 'supervision.complaint.submit',
          fromState: null,
          toState: 'submitted',
          detail: { addressee: row.addressee, targetUnitId, category: row.category },
          targetType: 'supervision_complaint',
          open: [{ step: 'handle', assignee: handler(row), deadline: 'complaint_handle' }],
          notify: notice(row, 'submitted', [handler(row)]),
        });
        return { value: row, events: [event] };
      });
      return detail(by, created);
    },

    async get(by, id) {
      const d = await detail(by, await loadVisible(by, id, true));
      // A complaint can reveal who complained (protected until disclosed): the supervision department must be
      // able to prove who opened which one and whether the identity was in what they saw. Durable before the caller sees it.
      const identityShown = d.complainant !== null || d.complainantUnitId !== null;
      await audit.append(readEvent(by, id, 'success', { role: d.role, complainantIdentity: identityShown, disclosed: d.disclosed }));
      return d;
    },

    async list(by, q = {}) {
      const limit = Math.min(Math.max(q.limit ?? 50, 1), COMPLAINT_LIMITS.listMax);
      const offset = Math.max(q.offset ?? 0, 0);
      const box = q.box ?? 'mine';
      const unit = by.unitId;
      const person = by.actorType === 'user' && (by.roles.includes('unit_user') || by.roles.includes('unit_steward')) && !!unit;
      const any: NonNullable<store.ListFilter['any']> = [];
      if (box === 'mine') {
        if (person) any.push({ complainantUnitId: unit! });
      } else if (box === 'to_handle') {
        for (const a of ADDRESSEES) if (by.actorType === 'user' && by.roles.includes(HANDLER_ROLE[a])) any.push({ addressee: a, states: ['submitted', 'accepted', 'investigating'] });
        if (person) {
          any.push({ targetUnitId: unit!, pendingTarget: true });
          any.push({ complainantUnitId: unit!, pendingComplainant: true });
          any.push({ complainantUnitId: unit!, states: ['concluded'] });
        }
      } else if (can(by, 'complaint.list_all')) {
        any.push({});
      } else if (person) {
        any.push({ complainantUnitId: unit! });
        any.push({ targetUnitId: unit!, targetInvolved: true });
      }
      const page = await store.list(k, { any, state: q.state, limit, offset });
      const names = await unitNames(page.rows.flatMap((r) => [r.complainant_unit_id, r.target_unit_id]));
      return { items: page.rows.map((r) => toComplaint(r, names, hides(by, r))), total: page.total };
    },

    accept(by, id, comment) {
      const note = one('body.comment', comment, COMPLAINT_LIMITS.commentMax, false);
      return move(by, id, 'accept', 'complaint.handle', (r, at) => ({
        patch: { state: 'accepted', accepted_at: at },
        transition: { toState: 'accepted', comment: note, notify: notice(r, 'accepted', [complainant(r)]) },
      }));
    },

    reject(by, id, reason) {
      const why = one('body.reason', reason, COMPLAINT_LIMITS.commentMax, true)!;
      return move(by, id, 'reject', 'complaint.handle', (r, at) => ({
        patch: { state: 'rejected', reject_reason: why, closed_at: at },
        transition: { toState: 'rejected', comment: why, closeSteps: '*', notify: notice(r, 'rejected', [complainant(r)]) },
      }));
    },

    note(by, id, noteText) {
      const t = one('body.text', noteText, COMPLAINT_LIMITS.textMax, true)!;
      return move(by, id, 'note', 'complaint.handle', () => ({
        patch: { state: 'investigating' },
        // The note itself stays in the complaint (the timeline names only that one was written).
        transition: { toState: 'investigating' },
        message: { kind: 'note', party: null, text: t },
      }));
    },

    request(by, id, input) {
      const body = (input ?? {}) as { party?: unknown; text?: unknown };
      const issues: FieldIssue[] = [];
      if (!(PARTIES as readonly unknown[]).includes(body.party)) issues.push({ field: 'body.party', code: 'invalid_party', messageKey: 'supervision.complaint.invalid_party' });
      const t = text(issues, 'body.text', body.text, COMPLAINT_LIMITS.textMax, true);
      if (issues.length) throw invalid(issues);
      const party = body.party as Party;
      return move(by, id, 'request', 'complaint.handle', (r) => ({
        patch: party === 'target' ? { state: 'investigating', pending_target: 1, target_involved: 1 } : { state: 'investigating', pending_complainant: 1 },
        transition: {
          toState: 'investigating',
          detail: { party },
          open: [{ step: `reply_${party}`, assignee: party === 'target' ? targetSteward(r) : complainant(r), deadline: 'violation_answer' }],
          notify: notice(r, `request_${party}`, [party === 'target' ? targetSteward(r) : complainant(r)]),
        },
        message: { kind: 'request', party, text: t },
      }));
    },

    reply(by, id, replyText) {
      const t = one('body.text', replyText, COMPLAINT_LIMITS.textMax, true)!;
      return move(by, id, 'reply', 'complaint.reply', (r) => {
        const party: Party = by.unitId === r.complainant_unit_id && Number(r.pending_complainant) === 1 ? 'complainant' : 'target';
        return {
          patch: party === 'target' ? { state: 'investigating', pending_target: 0 } : { state: 'investigating', pending_complainant: 0 },
          transition: { toState: 'investigating', detail: { party }, closeSteps: [`reply_${party}`], notify: notice(r, 'replied', [handler(r)]) },
          message: { kind: 'reply', party, text: t },
        };
      });
    },

    link(by, id, violationIds) {
      if (!Array.isArray(violationIds) || !violationIds.length || violationIds.length > COMPLAINT_LIMITS.linksMax || violationIds.some((v) => typeof v !== 'string' || !v)) {
        throw invalid([{ field: 'body.violationIds', code: 'invalid_value', messageKey: 'supervision.complaint.violation_ids', params: { max: COMPLAINT_LIMITS.linksMax } }]);
      }
      return move(by, id, 'link', 'complaint.handle', async (r, at, trx) => {
        const found = new Set((await trx.selectFrom('supervision_violation').select('id').where('id', 'in', violationIds).execute()).map((x) => x.id));
        const missing = violationIds.find((v) => !found.has(v));
        if (missing) throw new AppError(404, 'not_found', 'supervision.complaint.violation_not_found', { id: missing });
        const fresh = await store.link(trx, r.id, violationIds, by.actorName, at);
        return { patch: { state: 'investigating' }, transition: { toState: 'investigating', detail: { violationIds: fresh } } };
      });
    },

    recordViolation(by, id, input) {
      return move(by, id, 'record_violation', 'complaint.handle', async (r, at, trx) => {
        const v = await violations.recordIn(trx, by, { ...input, unitId: input?.unitId ?? r.target_unit_id }, r.id);
        await store.link(trx, r.id, [v.violation.id], by.actorName, at);
        return { patch: { state: 'investigating' }, transition: { toState: 'investigating', detail: { violationId: v.violation.id, category: v.violation.category } }, extraEvents: v.events };
      });
    },

    conclude(by, id, input) {
      const body = (input ?? {}) as { outcome?: unknown; result?: unknown };
      const issues: FieldIssue[] = [];
      if (!(OUTCOMES as readonly unknown[]).includes(body.outcome)) issues.push({ field: 'body.outcome', code: 'invalid_outcome', messageKey: 'supervision.complaint.invalid_outcome' });
      const result = text(issues, 'body.result', body.result, COMPLAINT_LIMITS.textMax, true);
      if (issues.length) throw invalid(issues);
      const outcome = body.outcome as ComplaintOutcome;
      return move(by, id, 'conclude', 'complaint.handle', (r, at) => ({
        patch: { state: 'concluded', outcome, result, concluded_at: at, pending_target: 0, pending_complainant: 0 },
        transition: {
          toState: 'concluded',
          comment: result,
          detail: { outcome },
          closeSteps: ['handle'],
          cancelSteps: ['reply_target', 'reply_complainant'],
          open: [{ step: 'acknowledge', assignee: complainant(r) }],
          notify: notice(r, outcome === 'upheld' ? 'concluded_upheld' : 'concluded_not_upheld', [complainant(r)]),
        },
      }));
    },

    acknowledge(by, id, comment) {
      const note = one('body.comment', comment, COMPLAINT_LIMITS.commentMax, false);
      return move(by, id, 'acknowledge', 'complaint.acknowledge', (r, at) => ({
        patch: { state: 'closed', acknowledged_at: at, closed_at: at },
        transition: { toState: 'closed', comment: note, closeSteps: '*', notify: notice(r, 'acknowledged', [handler(r)]) },
      }));
    },

    close(by, id, comment) {
      const note = one('body.comment', comment, COMPLAINT_LIMITS.commentMax, false);
      return move(by, id, 'close', 'complaint.handle', (r, at) => ({
        patch: { state: 'closed', closed_at: at },
        transition: { toState: 'closed', comment: note, cancelSteps: '*', notify: notice(r, 'closed', [complainant(r)]) },
      }));
    },

    disclose(by, id, comment) {
      const note = one('body.comment', comment, COMPLAINT_LIMITS.commentMax, false);
      return move(by, id, 'disclose', 'complaint.handle', (r) => ({
        patch: { state: r.state as ComplaintState, disclosed: 1 },
        transition: { toState: r.state, comment: note, notify: notice(r, 'disclosed', [complainant(r)]) },
      }));
    },

    async addEvidence(by, id, meta, stream) {
      let name: string;
      try {
        const r = await loadVisible(by, id);
        if (!allowed(by, 'complaint.evidence_add', r)) throw new AppError(403, 'forbidden', 'supervision.complaint.forbidden_action', { action: 'evidence' });
        if (!ACTION_FROM.evidence.includes(r.state)) throw new AppError(409, 'bad_complaint_transition', 'supervision.complaint.bad_transition', { state: r.state, action: 'evidence' });
        name = cleanFileName(meta.name);
        if ((await store.countEvidence(k, id)) >= COMPLAINT_LIMITS.evidenceFilesMax) throw new AppError(409, 'too_many_files', 'supervision.complaint.evidence_too_many', { max: COMPLAINT_LIMITS.evidenceFilesMax });
        if (meta.declaredBytes != null && meta.declaredBytes > COMPLAINT_LIMITS.evidenceBytesMax) throw new AppError(413, 'file_too_large', 'exchange.file.too_large', { max: COMPLAINT_LIMITS.evidenceBytesMax });
      } catch (e) {
        stream.resume();
        throw e;
      }
      let contentType = '';
      const blob = await blobs.write(stream, {
        maxBytes: COMPLAINT_LIMITS.evidenceBytesMax,
        inspect: (head, complete) => {
          contentType = checkEvidenceType(head, complete, name, meta.contentType ?? null).contentType;
        },
      });
      return audit.transact(async (trx) => {
        const current = await store.find(trx, id);
        if (!current) throw notFound(id);
        if (!ACTION_FROM.evidence.includes(current.state)) throw new AppError(409, 'bad_complaint_transition', 'supervision.complaint.bad_transition', { state: current.state, action: 'evidence' });
        if ((await store.countEvidence(trx, id)) >= COMPLAINT_LIMITS.evidenceFilesMax) throw new AppError(409, 'too_many_files', 'supervision.complaint.evidence_too_many', { max: COMPLAINT_LIMITS.evidenceFilesMax });
        const at = now();
        const ev: store.EvidenceRow = { id: randomUUID(), complaint_id: id, name, content_type: contentType, bytes: blob.bytes, sha256: blob.sha256, uploaded_by: by.actorName, uploaded_at: at };
        await store.insertEvidence(trx, ev);
        await trx.updateTable('supervision_complaint').set({ updated_at: at }).where('id', '=', id).execute();
        const event = await workflow.record(trx, {
          by,
          itemKind: 'complaint',
          itemId: id,
          title: titleOf(current),
          titleEn: titleEnOf(current),
          action: 'supervision.complaint.evidence',
          fromState: current.state,
          toState: current.state,
          comment: name,
          detail: { evidenceId: ev.id, name, sha256: ev.sha256, bytes: ev.bytes, contentType },
          targetType: 'supervision_complaint',
        });
        return { value: { id: ev.id, name, contentType, bytes: ev.bytes, sha256: ev.sha256, uploadedAt: at }, events: [event] };
      });
    },

    async openEvidence(by, id, evidenceId) {
      const r = await loadVisible(by, id);
      if (!allowed(by, 'complaint.evidence_read', r)) throw forbidden();
      const ev = await store.findEvidence(k, id, evidenceId);
      if (!ev) throw new AppError(404, 'not_found', 'supervision.complaint.evidence_not_found', { id: evidenceId });
      const evidence = { id: ev.id, name: ev.name, contentType: ev.content_type, bytes: Number(ev.bytes), sha256: ev.sha256, uploadedAt: ev.uploaded_at };
      const blob = await blobs.open(ev.sha256);
      try {
        await audit.append({ ...auditActorOf(by), action: 'supervision.complaint.evidence.download', targetType: 'supervision_complaint', targetId: id, result: 'success', detail: { evidenceId, name: ev.name, sha256: ev.sha256 } });
      } catch (e) {
        await blob.close();
        throw e;
      }
      return { evidence, stream: blob.stream };
    },
  };
}
