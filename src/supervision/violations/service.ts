/**
 * 违规事项登记 (R23, 第三十一、三十二条): candidates from the compliance rules, review by the
 * supervision department, published criticism (通报批评), rectification orders (责令整改) with
 * working-day deadlines, the unit's answer, closing, and referral for sanction (移送).
 *
 * Every transition runs in one audit.transact: the row moves only from the state it was read in
 * (a concurrent transition gets 409) and workflow.record writes the timeline entry, the inbox
 * tasks and the notifications; its audit event commits with the change. The unit's rectification
 * task is step 'rectify' for {unit_steward, unitId}: the rules engine reads overdue ones from the
 * kernel as 第五项 (refusal to rectify).
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { AppError, invalid } from '../../core/errors.js';
import type { MessageKey } from '../../core/i18n.js';
import type { Database } from '../../core/db/schema.js';
import type { AuditInput } from '../../audit/types.js';
import { auditActorOf } from '../../sharing/workflow/service.js';
import type { Assignee, SharingActor, Transition } from '../../sharing/workflow/types.js';
import type { SupervisionDeps } from '../deps.js';
import { VIOLATION_CATEGORIES, type Finding, type UnitViolationCount, type ViolationCategory, type ViolationSink, type ViolationStats } from '../types.js';
import {
  ACTION_FROM,
  UNIT_ACTIONS,
  UNIT_VISIBLE_STATES,
  VIOLATION_ACTIONS,
  VIOLATION_LIMITS,
  VIOLATION_STATES,
  articleEnOf,
  articleOf,
  type ManualInput,
  type Notice,
  type OrderInput,
  type Violation,
  type ViolationAction,
  type ViolationDetail,
  type ViolationQuery,
  type ViolationState,
} from './model.js';
import { can, type ViolationPolicyAction } from './policy.js';
import * as store from './store.js';
import './messages.js';

export * from './model.js';

/** 违规事项登记 (R23). */
export interface ViolationService extends ViolationSink, ViolationStats {
  list(by: SharingActor, q?: ViolationQuery): Promise<{ items: Violation[]; total: number }>;
  /**
   * One violation with the caller's possible actions (the timeline comes from the workflow API, item kind 'violation').
   * Audited 'supervision.violation.read' (success, or denied when the caller may not see it) before it returns.
   */
  get(by: SharingActor, id: string): Promise<ViolationDetail>;
  /** A supervisor or the IT authority records a violation by hand (categories 6 and 8 — and any other): confirmed at once. */
  record(by: SharingActor, input: ManualInput): Promise<ViolationDetail>;
  confirm(by: SharingActor, id: string, comment?: string | null): Promise<ViolationDetail>;
  /** Dismisses a candidate with a reason (it stays, so the same condition is not raised again). */
  dismiss(by: SharingActor, id: string, reason: string): Promise<ViolationDetail>;
  /** 通报批评: published on the notice list; the unit's data steward answers. */
  notify(by: SharingActor, id: string, text: string): Promise<ViolationDetail>;
  /** 责令整改 with a deadline (working days, a date, or the 'rectification' setting). */
  order(by: SharingActor, id: string, input: OrderInput): Promise<ViolationDetail>;
  /** The unit's data steward answers a notice or a rectification order. */
  answer(by: SharingActor, id: string, text: string): Promise<ViolationDetail>;
  /** The supervisor accepts the answer: rectified. */
  close(by: SharingActor, id: string, comment?: string | null): Promise<ViolationDetail>;
  /** The supervisor does not accept the answer: rectify again, with a new deadline. */
  sendBack(by: SharingActor, id: string, input: OrderInput): Promise<ViolationDetail>;
  /** 移送: a recommendation of administrative sanction (行政处分建议) for a serious case. */
  escalate(by: SharingActor, id: string, sanction: string): Promise<ViolationDetail>;
  /** Published criticisms, for every signed-in user. */
  notices(by: SharingActor, q?: { unitId?: string; limit?: number; offset?: number }): Promise<{ items: Notice[]; total: number }>;
  /** summary and countsByUnit for callers allowed to see statistics. */
  stats(by: SharingActor, q: { from: string; to: string }): Promise<{ summary: Awaited<ReturnType<ViolationStats['summary']>>; byUnit: (UnitViolationCount & { unitName: string | null })[] }>;
  /** For complaints: records a confirmed violation (source 'complaint') inside the caller's transaction. */
  recordIn(trx: Transaction<Database>, by: SharingActor, input: ManualInput, complaintId: string): Promise<{ violation: Violation; events: AuditInput[] }>;
  /** For complaints: the violations with these ids (no access check: the caller applies its own). */
  byIds(ids: string[]): Promise<Violation[]>;
}

type FieldIssue = { field: string; code: string; messageKey: MessageKey; params?: Record<string, string | number> };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The compliance monitor as an audit identity (findings are raised by the platform itself). */
export const MONITOR: SharingActor = {
  actorType: 'system',
  actorId: null,
  actorName: 'compliance-monitor',
  unitId: null,
  clientIp: null,
  requestId: null,
  kind: 'system',
  roles: [],
  systemId: null,
};

const supervisors: Assignee = { role: 'supervisor', unitId: null };

export function createViolationService(deps: SupervisionDeps): ViolationService {
  const { db, audit, clock, org, calendar, workflow } = deps;
  const k = db.kysely;
  const now = () => clock.now().toISOString();

  const notFound = (id: string) => new AppError(404, 'not_found', 'supervision.violation.not_found', { id });
  const forbidden = () => new AppError(403, 'forbidden', 'supervision.violation.forbidden');

  const allowed = (by: SharingActor, action: ViolationPolicyAction, row: store.ViolationRow) => can(by, action, { unitId: row.unit_id, state: row.state });

  async function unitNames(ids: (string | null)[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of new Set(ids)) {
      if (!id) continue;
      const u = await org.getUnit(id);
      if (u) out.set(id, u.name);
    }
    return out;
  }

  async function present(rows: store.ViolationRow[]): Promise<Violation[]> {
    const names = await unitNames(rows.map((r) => r.unit_id));
    return rows.map((r) => store.toViolation(r, names));
  }

  function actionsFor(by: SharingActor, row: store.ViolationRow): ViolationAction[] {
    return VIOLATION_ACTIONS.filter((a) => ACTION_FROM[a].includes(row.state) && allowed(by, `violation.${a}`, row) && (row.unit_id !== null || !UNIT_ACTIONS.includes(a)));
  }

  async function detail(by: SharingActor, row: store.ViolationRow): Promise<ViolationDetail> {
    const [v] = await present([row]);
    return { ...v!, actions: actionsFor(by, row) };
  }

  const categoryOf = (row: Pick<store.ViolationRow, 'category'>) => Number(row.category) as ViolationCategory;
  /** The inbox title: the article, then the violation's title. */
  const titleOf = (row: Pick<store.ViolationRow, 'title' | 'category'>) => `${articleOf(categoryOf(row))}：${row.title}`;
  /**
   * The inbox title in English: the article is the platform's text, so it is always in English; the
   * title is the finding's English one, or (recorded by hand without one) the Chinese as typed.
   */
  const titleEnOf = (row: Pick<store.ViolationRow, 'title' | 'title_en' | 'category'>) => `${articleEnOf(categoryOf(row))}: ${row.title_en ?? row.title}`;
  const steward = (row: store.ViolationRow): Assignee => ({ role: 'unit_steward', unitId: row.unit_id });
  // The messages name the article apart from the title, so titleEn here is the bare one (not the inbox's, which the kernel would give otherwise).
  const noticeTo = (row: store.ViolationRow, kind: string, assignees: Assignee[], extra: Record<string, string | number> = {}) =>
    assignees.map((assignee) => ({
      assignee,
      kind: `violation.notice.${kind}`,
      params: { title: row.title, titleEn: row.title_en ?? row.title, article: articleOf(categoryOf(row)), articleEn: articleEnOf(categoryOf(row)), ...extra },
    }));

  // ------------------------------------------------------------ input checks

  function text(issues: FieldIssue[], field: string, v: unknown, max: number, required: boolean): string {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || typeof v !== 'string') {
      if (required || (v !== undefined && v !== null && typeof v !== 'string')) issues.push({ field, code: 'required', messageKey: 'supervision.violation.text_required' });
      return '';
    }
    const s = v.trim();
    if ([...s].length > max) issues.push({ field, code: 'too_long', messageKey: 'supervision.violation.too_long', params: { max } });
    return s;
  }
  function requiredText(field: string, v: unknown, max: number): string {
    const issues: FieldIssue[] = [];
    const s = text(issues, field, v, max, true);
    if (issues.length) throw invalid(issues);
    return s;
  }
  function optionalText(field: string, v: unknown, max: number): string | null {
    const issues: FieldIssue[] = [];
    const s = text(issues, field, v, max, false);
    if (issues.length) throw invalid(issues);
    return s || null;
  }
  const isCategory = (c: unknown): c is ViolationCategory => typeof c === 'number' && (VIOLATION_CATEGORIES as readonly number[]).includes(c);
  const isInstant = (s: unknown): s is string => typeof s === 'string' && ISO_RE.test(s) && Number.isFinite(Date.parse(s));
  function evidenceJson(v: unknown): string | null {
    if (v === undefined || v === null) return '{}';
    if (typeof v !== 'object' || Array.isArray(v)) return null;
    const s = JSON.stringify(v);
    return Buffer.byteLength(s) <= VIOLATION_LIMITS.evidenceBytesMax ? s : null;
  }
  const isSubject = (s: unknown): s is { type: string; id: string } =>
    !!s && typeof s === 'object' && typeof (s as { type?: unknown }).type === 'string' && typeof (s as { id?: unknown }).id === 'string' && (s as { type: string }).type.length > 0 && (s as { type: string }).type.length <= 40 && (s as { id: string }).id.length > 0 && (s as { id: string }).id.length <= 200;

  /** The rectification deadline as working days from now (a date counts the working days up to it). */
  async function rectifyDays(input: OrderInput | undefined): Promise<{ text: string; days: number; dueAt: string }> {
    const body = (input ?? {}) as { text?: unknown; workingDays?: unknown; dueDate?: unknown };
    const issues: FieldIssue[] = [];
    const t = text(issues, 'body.text', body.text, VIOLATION_LIMITS.textMax, true);
    const hasDays = body.workingDays !== undefined && body.workingDays !== null;
    const hasDate = body.dueDate !== undefined && body.dueDate !== null && body.dueDate !== '';
    let days: number | null = null;
    if (hasDays && hasDate) issues.push({ field: 'body.dueDate', code: 'days_or_date', messageKey: 'supervision.violation.days_or_date' });
    else if (hasDays) {
      const n = body.workingDays;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > VIOLATION_LIMITS.rectifyDaysMax) {
        issues.push({ field: 'body.workingDays', code: 'invalid_days', messageKey: 'supervision.violation.invalid_days', params: { max: VIOLATION_LIMITS.rectifyDaysMax } });
      } else days = n;
    } else if (hasDate) {
      const d = body.dueDate;
      const m = typeof d === 'string' ? DATE_RE.exec(d) : null;
      if (!m || !Number.isFinite(Date.parse(`${d as string}T00:00:00Z`)) || new Date(`${d as string}T00:00:00Z`).toISOString().slice(0, 10) !== d) {
        issues.push({ field: 'body.dueDate', code: 'invalid_date', messageKey: 'supervision.violation.invalid_date', params: { value: String(d) } });
      } else {
        const n = await calendar.workingDaysBetween(calendar.today(), d as string);
        if (n < 1 || n > VIOLATION_LIMITS.rectifyDaysMax) issues.push({ field: 'body.dueDate', code: 'due_not_future', messageKey: 'supervision.violation.due_not_future', params: { value: d as string } });
        else days = n;
      }
    }
    if (issues.length) throw invalid(issues);
    days ??= (await workflow.settings()).rectification;
    return { text: t, days, dueAt: await workflow.dueAt(clock.now(), days) };
  }

  function checkManual(input: ManualInput): { row: Omit<store.ViolationRow, 'id' | 'source' | 'complaint_id' | 'created_by' | 'detected_at' | 'updated_at' | 'confirmed_at' | 'confirmed_by'>; unitId: string | null } {
    const body = (input ?? {}) as unknown as Record<string, unknown>;
    const issues: FieldIssue[] = [];
    if (!isCategory(body.category)) issues.push({ field: 'body.category', code: 'invalid_category', messageKey: 'supervision.violation.invalid_category' });
    const title = text(issues, 'body.title', body.title, VIOLATION_LIMITS.titleMax, true);
    const titleEn = text(issues, 'body.titleEn', body.titleEn, VIOLATION_LIMITS.titleMax, false);
    const description = text(issues, 'body.description', body.description, VIOLATION_LIMITS.textMax, true);
    const evidence = evidenceJson(body.evidence);
    if (evidence === null) issues.push({ field: 'body.evidence', code: 'invalid_evidence', messageKey: 'supervision.violation.invalid_evidence', params: { max: VIOLATION_LIMITS.evidenceBytesMax } });
    const subject = body.subject ?? null;
    if (subject !== null && !isSubject(subject)) issues.push({ field: 'body.subject', code: 'invalid_subject', messageKey: 'supervision.violation.invalid_subject' });
    if (body.observedAt != null && !isInstant(body.observedAt)) issues.push({ field: 'body.observedAt', code: 'invalid_instant', messageKey: 'supervision.violation.invalid_instant', params: { value: String(body.observedAt) } });
    const unitId = body.unitId == null || body.unitId === '' ? null : body.unitId;
    if (unitId !== null && typeof unitId !== 'string') issues.push({ field: 'body.unitId', code: 'unit_not_found', messageKey: 'supervision.violation.unit_not_found', params: { id: String(unitId) } });
    if (body.serious != null && typeof body.serious !== 'boolean') issues.push({ field: 'body.serious', code: 'invalid_value', messageKey: 'supervision.violation.text_required' });
    if (issues.length) throw invalid(issues);
    const s = subject as { type: string; id: string } | null;
    return {
      unitId: unitId as string | null,
      row: {
        unit_id: unitId as string | null,
        category: body.category as number,
        rule_id: null,
        title,
        title_en: titleEn || null,
        description,
        evidence: evidence!,
        subject_type: s?.type ?? null,
        subject_id: s?.id ?? null,
        dedupe_key: null,
        review_only: 0,
        state: 'confirmed',
        serious: body.serious === true ? 1 : 0,
        sanction: null,
        observed_at: (body.observedAt as string | undefined) ? new Date(body.observedAt as string).toISOString() : now(),
        dismissed_at: null,
        dismiss_reason: null,
        notified_at: null,
        notice_text: null,
        rectify_order: null,
        rectification_due_at: null,
        rectify_rounds: 0,
        answer: null,
        answered_at: null,
        answered_by: null,
        rectified_at: null,
        close_comment: null,
        escalated_at: null,
        closed_at: null,
      },
    };
  }

  async function checkUnit(unitId: string | null): Promise<void> {
    if (unitId !== null && !(await org.getUnit(unitId))) {
      throw invalid([{ field: 'body.unitId', code: 'unit_not_found', messageKey: 'supervision.violation.unit_not_found', params: { id: unitId } }]);
    }
  }

  function period(q: { from: string; to: string }): { from: string; to: string } {
    const issues: FieldIssue[] = [];
    if (!isInstant(q?.from)) issues.push({ field: 'querystring.from', code: 'invalid_instant', messageKey: 'supervision.violation.invalid_instant', params: { value: String(q?.from) } });
    if (!isInstant(q?.to)) issues.push({ field: 'querystring.to', code: 'invalid_instant', messageKey: 'supervision.violation.invalid_instant', params: { value: String(q?.to) } });
    if (issues.length) throw invalid(issues);
    const from = new Date(q.from).toISOString();
    const to = new Date(q.to).toISOString();
    if (from >= to) throw new AppError(400, 'invalid_period', 'supervision.violation.invalid_period');
    return { from, to };
  }

  async function recordIn(trx: Transaction<Database>, by: SharingActor, input: ManualInput, complaintId: string | null): Promise<{ violation: Violation; events: AuditInput[]; row: store.ViolationRow }> {
    const { row: base } = checkManual(input);
    const at = now();
    const row: store.ViolationRow = {
      ...base,
      id: randomUUID(),
      source: complaintId ? 'complaint' : 'manual',
      complaint_id: complaintId,
      created_by: by.actorName,
      detected_at: at,
      confirmed_at: at,
      confirmed_by: by.actorName,
      updated_at: at,
    };
    await store.insert(trx, row);
    const event = await workflow.record(trx, {
      by,
      itemKind: 'violation',
      itemId: row.id,
      title: titleOf(row),
      titleEn: titleEnOf(row),
      action: 'supervision.violation.record',
      fromState: null,
      toState: 'confirmed',
      comment: row.description,
      detail: { category: row.category, unitId: row.unit_id, source: row.source, complaintId, serious: row.serious === 1 },
      targetType: 'supervision_violation',
      notify: row.unit_id ? noticeTo(row, 'confirmed', [steward(row)]) : [],
    });
    // Inside the transaction: on SQLite another connection's read would wait for it.
    const u = row.unit_id ? await trx.selectFrom('unit').select(['id', 'name']).where('id', '=', row.unit_id).executeTakeFirst() : undefined;
    const names = new Map<string, string>(u ? [[u.id, u.name]] : []);
    return { violation: store.toViolation(row, names), events: [event], row };
  }

  /**
   * One transition: read, check caller and state, move (only from the state read), record —
   * in one transaction.
   */
  async function move(
    by: SharingActor,
    id: string,
    action: ViolationAction,
    build: (row: store.ViolationRow, at: string) => { patch: Partial<store.ViolationRow>; transition: Omit<Transition, 'by' | 'itemKind' | 'itemId' | 'title' | 'titleEn' | 'action' | 'fromState'> },
  ): Promise<ViolationDetail> {
    const row = await audit.transact(async (trx) => {
      const current = await store.find(trx, id);
      if (!current) throw notFound(id);
      if (!allowed(by, `violation.${action}` as ViolationPolicyAction, current)) {
        if (!allowed(by, 'violation.read', current)) throw forbidden();
        throw new AppError(403, 'forbidden', 'supervision.violation.forbidden_action', { action });
      }
      if (!ACTION_FROM[action].includes(current.state)) {
        throw new AppError(409, 'bad_violation_transition', 'supervision.violation.bad_transition', { state: current.state, action });
      }
      if (current.unit_id === null && UNIT_ACTIONS.includes(action)) throw new AppError(409, 'violation_without_unit', 'supervision.violation.no_unit', { action });
      const at = now();
      const { patch, transition } = build(current, at);
      if (!(await store.transition(trx, id, current.state, { ...patch, updated_at: at }))) {
        throw new AppError(409, 'violation_changed', 'supervision.violation.changed');
      }
      const next = { ...current, ...patch, updated_at: at };
      const event = await workflow.record(trx, {
        by,
        itemKind: 'violation',
        itemId: id,
        title: titleOf(current),
        titleEn: titleEnOf(current),
        action: `supervision.violation.${action}`,
        fromState: current.state,
        targetType: 'supervision_violation',
        ...transition,
      });
      return { value: next, events: [event] };
    });
    return detail(by, row);
  }

  /** An audit event of a detail read ('supervision.violation.read'). */
  function readEvent(by: SharingActor, id: string, result: 'success' | 'denied', detail: Record<string, unknown> | null): AuditInput {
    return { ...auditActorOf(by), action: 'supervision.violation.read', targetType: 'supervision_violation', targetId: id, result, detail };
  }

  workflow.registerAccess('violation', async (by, itemId) => {
    const row = await store.find(k, itemId);
    return !!row && allowed(by, 'violation.read', row);
  });

  const service: ViolationService = {
    async raiseCandidates(findings) {
      if (!Array.isArray(findings)) throw new TypeError('raiseCandidates: findings must be an array');
      if (!findings.length) return { created: 0, existing: 0 };
      const bad = (index: number, reason: string) => new AppError(400, 'invalid_finding', 'supervision.violation.invalid_finding', { index, reason });
      const units = new Map<string, boolean>();
      for (const [i, f] of findings.entries()) {
        if (!f || typeof f !== 'object') throw bad(i, 'not an object');
        if (!isCategory(f.category)) throw bad(i, 'category');
        if (typeof f.ruleId !== 'string' || !f.ruleId) throw bad(i, 'ruleId');
        if (typeof f.dedupeKey !== 'string' || !f.dedupeKey || f.dedupeKey.length > 500) throw bad(i, 'dedupeKey');
        if (typeof f.title !== 'string' || !f.title.trim()) throw bad(i, 'title');
        if (!isInstant(f.observedAt)) throw bad(i, 'observedAt');
        if (evidenceJson(f.evidence) === null) throw bad(i, 'evidence');
        if (f.subject != null && !isSubject(f.subject)) throw bad(i, 'subject');
        if (f.unitId !== null) {
          if (typeof f.unitId !== 'string') throw bad(i, 'unitId');
          if (!units.has(f.unitId)) units.set(f.unitId, !!(await org.getUnit(f.unitId)));
          if (!units.get(f.unitId)) throw bad(i, `unit ${f.unitId}`);
        }
      }
      // Most findings of a periodic run exist already: skip them without a write.
      const known = await store.existingKeys(k, findings.map((f) => f.dedupeKey));
      // One per key, in key order: concurrent batches then take the unique index's locks in the same order (no deadlock on PostgreSQL).
      const byKey = new Map<string, Finding>();
      for (const f of findings) if (!known.has(f.dedupeKey) && !byKey.has(f.dedupeKey)) byKey.set(f.dedupeKey, f);
      const fresh = [...byKey.values()].sort((a, b) => (a.dedupeKey < b.dedupeKey ? -1 : a.dedupeKey > b.dedupeKey ? 1 : 0));
      if (!fresh.length) return { created: 0, existing: findings.length };
      const created = await audit.transact(async (trx) => {
        const events: AuditInput[] = [];
        let n = 0;
        for (const f of fresh) {
          const at = now();
          const row: store.ViolationRow = {
            id: randomUUID(),
            unit_id: f.unitId,
            category: f.category,
            source: 'rule',
            rule_id: f.ruleId,
            complaint_id: null,
            title: f.title.trim().slice(0, VIOLATION_LIMITS.titleMax),
            title_en: f.titleEn?.trim().slice(0, VIOLATION_LIMITS.titleMax) || null,
            description: null,
            evidence: evidenceJson(f.evidence)!,
            subject_type: f.subject?.type ?? null,
            subject_id: f.subject?.id ?? null,
            dedupe_key: f.dedupeKey,
            review_only: f.reviewOnly || f.category === 4 ? 1 : 0,
            state: 'candidate',
            serious: 0,
            sanction: null,
            observed_at: new Date(f.observedAt).toISOString(),
            detected_at: at,
            confirmed_at: null,
            confirmed_by: null,
            dismissed_at: null,
            dismiss_reason: null,
            notified_at: null,
            notice_text: null,
            rectify_order: null,
            rectification_due_at: null,
            rectify_rounds: 0,
            answer: null,
            answered_at: null,
            answered_by: null,
            rectified_at: null,
            close_comment: null,
            escalated_at: null,
            closed_at: null,
            created_by: MONITOR.actorName,
            updated_at: at,
          };
          // A concurrent run (or an earlier finding of this batch) may have written the key: nothing then.
          if (!(await store.insertIfNew(trx, row))) continue;
          n++;
          events.push(
            await workflow.record(trx, {
              by: MONITOR,
              itemKind: 'violation',
              itemId: row.id,
              title: titleOf(row),
              titleEn: titleEnOf(row),
              action: 'supervision.violation.detect',
              fromState: null,
              toState: 'candidate',
              detail: { ruleId: f.ruleId, category: f.category, unitId: f.unitId, dedupeKey: f.dedupeKey, reviewOnly: row.review_only === 1 },
              targetType: 'supervision_violation',
              open: [{ step: 'review', assignee: supervisors, deadline: 'violation_review' }],
            }),
          );
        }
        return { value: n, events };
      });
      return { created, existing: findings.length - created };
    },

    async countsByUnit(q) {
      const p = period(q);
      const rows = await store.confirmedCounts(k, p.from, p.to);
      const per = new Map<string, UnitViolationCount>();
      for (const r of rows) {
        const e = per.get(r.unitId) ?? { unitId: r.unitId, confirmed: 0, serious: 0, byCategory: {} };
        e.confirmed += r.n;
        e.serious += r.serious;
        const c = r.category as ViolationCategory;
        e.byCategory[c] = (e.byCategory[c] ?? 0) + r.n;
        per.set(r.unitId, e);
      }
      return [...per.values()].sort((a, b) => b.confirmed - a.confirmed || a.unitId.localeCompare(b.unitId));
    },

    async summary(q) {
      const p = period(q);
      const rows = await store.createdCounts(k, p.from, p.to);
      const byState: Record<string, number> = {};
      const byCategory: Partial<Record<ViolationCategory, number>> = {};
      let total = 0;
      for (const r of rows) {
        byState[r.state] = (byState[r.state] ?? 0) + r.n;
        const c = r.category as ViolationCategory;
        byCategory[c] = (byCategory[c] ?? 0) + r.n;
        total += r.n;
      }
      return { byState, byCategory, total };
    },

    async stats(by, q) {
      if (!can(by, 'violation.stats')) throw new AppError(403, 'forbidden', 'supervision.violation.forbidden_action', { action: 'stats' });
      const summary = await service.summary(q);
      const counts = await service.countsByUnit(q);
      const names = await unitNames(counts.map((c) => c.unitId));
      return { summary, byUnit: counts.map((c) => ({ ...c, unitName: names.get(c.unitId) ?? null })) };
    },

    async list(by, q = {}) {
      const limit = Math.min(Math.max(q.limit ?? 50, 1), VIOLATION_LIMITS.listMax);
      const offset = Math.max(q.offset ?? 0, 0);
      const f: store.ListFilter = { state: q.state, category: q.category, unitId: q.unitId, source: q.source, reviewOnly: q.reviewOnly, limit, offset };
      if (q.state !== undefined && !(VIOLATION_STATES as readonly string[]).includes(q.state)) return { items: [], total: 0 };
      if (q.year !== undefined) {
        f.from = new Date(Date.parse(`${q.year}-01-01T00:00:00+08:00`)).toISOString();
        f.to = new Date(Date.parse(`${q.year + 1}-01-01T00:00:00+08:00`)).toISOString();
      }
      if (!can(by, 'violation.list_all')) {
        // A unit's people: their own unit's confirmed-and-later violations.
        if (!by.unitId || !by.roles.some((r) => r === 'unit_user' || r === 'unit_steward') || by.actorType !== 'user') return { items: [], total: 0 };
        if (q.unitId !== undefined && q.unitId !== by.unitId) return { items: [], total: 0 };
        f.unitId = by.unitId;
        f.states = UNIT_VISIBLE_STATES;
      }
      const page = await store.list(k, f);
      return { items: await present(page.rows), total: page.total };
    },

    async get(by, id) {
      const row = await store.find(k, id);
      if (!row) throw notFound(id);
      if (!allowed(by, 'violation.read', row)) {
        await audit.append(readEvent(by, id, 'denied', null));
        throw forbidden();
      }
      const d = await detail(by, row);
      // The supervision department must be able to show who opened which violation: durable before the caller sees it.
      await audit.append(readEvent(by, id, 'success', { state: row.state, unitId: row.unit_id }));
      return d;
    },

    async record(by, input) {
      if (!can(by, 'violation.record')) throw new AppError(403, 'forbidden', 'supervision.violation.forbidden_action', { action: 'record' });
      const { unitId } = checkManual(input);
      await checkUnit(unitId);
      const row = await audit.transact(async (trx) => {
        const r = await recordIn(trx, by, input, null);
        return { value: r.row, events: r.events };
      });
      return detail(by, row);
    },

    async recordIn(trx, by, input, complaintId) {
      const { unitId } = checkManual(input);
      if (unitId !== null && !(await trx.selectFrom('unit').select('id').where('id', '=', unitId).executeTakeFirst())) {
        throw invalid([{ field: 'body.unitId', code: 'unit_not_found', messageKey: 'supervision.violation.unit_not_found', params: { id: unitId } }]);
      }
      const r = await recordIn(trx, by, input, complaintId);
      return { violation: r.violation, events: r.events };
    },

    async byIds(ids) {
      return present(await store.findMany(k, ids));
    },

    confirm(by, id, comment) {
      const note = optionalText('body.comment', comment, VIOLATION_LIMITS.commentMax);
      return move(by, id, 'confirm', (row, at) => ({
        patch: { state: 'confirmed', confirmed_at: at, confirmed_by: by.actorName },
        transition: {
          toState: 'confirmed',
          comment: note,
          detail: { category: row.category, unitId: row.unit_id, ruleId: row.rule_id },
          closeSteps: ['review'],
          notify: row.unit_id ? noticeTo(row, 'confirmed', [steward(row)]) : [],
        },
      }));
    },

    dismiss(by, id, reason) {
      const why = requiredText('body.reason', reason, VIOLATION_LIMITS.commentMax);
      return move(by, id, 'dismiss', (row, at) => ({
        patch: { state: 'dismissed', dismissed_at: at, dismiss_reason: why, closed_at: at },
        transition: { toState: 'dismissed', comment: why, detail: { category: row.category, unitId: row.unit_id, ruleId: row.rule_id }, closeSteps: '*' },
      }));
    },

    notify(by, id, noticeText) {
      const t = requiredText('body.text', noticeText, VIOLATION_LIMITS.textMax);
      return move(by, id, 'notify', (row, at) => ({
        patch: { state: 'notified', notified_at: at, notice_text: t },
        transition: {
          toState: 'notified',
          comment: t,
          detail: { category: row.category, unitId: row.unit_id, published: true },
          open: [{ step: 'answer', assignee: steward(row), deadline: 'violation_answer' }],
          notify: noticeTo(row, 'notified', [steward(row)]),
        },
      }));
    },

    async order(by, id, input) {
      const r = await rectifyDays(input);
      return move(by, id, 'order', (row) => ({
        patch: { state: 'rectifying', rectify_order: r.text, rectification_due_at: r.dueAt, rectify_rounds: Number(row.rectify_rounds) + 1 },
        transition: {
          toState: 'rectifying',
          comment: r.text,
          detail: { unitId: row.unit_id, workingDays: r.days, dueAt: r.dueAt, round: Number(row.rectify_rounds) + 1 },
          closeSteps: ['answer'],
          open: [{ step: 'rectify', assignee: steward(row), deadline: 'rectification', workingDays: r.days }],
          notify: noticeTo(row, 'ordered', [steward(row)], { dueAt: r.dueAt }),
        },
      }));
    },

    answer(by, id, answerText) {
      const t = requiredText('body.text', answerText, VIOLATION_LIMITS.textMax);
      return move(by, id, 'answer', (row, at) => ({
        patch: { state: 'answered', answer: t, answered_at: at, answered_by: by.actorName },
        transition: {
          toState: 'answered',
          comment: t,
          detail: { unitId: row.unit_id, afterDue: row.rectification_due_at !== null && row.state === 'rectifying' && at > row.rectification_due_at },
          closeSteps: ['answer', 'rectify'],
          open: [{ step: 'close', assignee: supervisors, deadline: 'violation_review' }],
          notify: noticeTo(row, 'answered', [supervisors], { unit: row.unit_id ?? '' }),
        },
      }));
    },

    close(by, id, comment) {
      const note = optionalText('body.comment', comment, VIOLATION_LIMITS.commentMax);
      return move(by, id, 'close', (row, at) => ({
        patch: { state: 'rectified', rectified_at: at, closed_at: at, close_comment: note },
        transition: { toState: 'rectified', comment: note, detail: { unitId: row.unit_id }, closeSteps: '*', notify: noticeTo(row, 'rectified', [steward(row)]) },
      }));
    },

    async sendBack(by, id, input) {
      const r = await rectifyDays(input);
      return move(by, id, 'send_back', (row) => ({
        patch: { state: 'rectifying', rectify_order: r.text, rectification_due_at: r.dueAt, rectify_rounds: Number(row.rectify_rounds) + 1 },
        transition: {
          toState: 'rectifying',
          comment: r.text,
          detail: { unitId: row.unit_id, workingDays: r.days, dueAt: r.dueAt, round: Number(row.rectify_rounds) + 1 },
          closeSteps: ['close'],
          open: [{ step: 'rectify', assignee: steward(row), deadline: 'rectification', workingDays: r.days }],
          notify: noticeTo(row, 'sent_back', [steward(row)], { dueAt: r.dueAt }),
        },
      }));
    },

    escalate(by, id, sanction) {
      const t = requiredText('body.sanction', sanction, VIOLATION_LIMITS.textMax);
      return move(by, id, 'escalate', (row, at) => ({
        patch: { state: 'escalated', serious: 1, sanction: t, escalated_at: at, closed_at: at },
        transition: {
          toState: 'escalated',
          comment: t,
          detail: { unitId: row.unit_id, category: row.category, serious: true },
          cancelSteps: '*',
          notify: noticeTo(row, 'escalated', [...(row.unit_id ? [steward(row)] : []), { role: 'leader', unitId: null }]),
        },
      }));
    },

    async notices(by, q = {}) {
      if (!can(by, 'violation.notices')) throw forbidden();
      const limit = Math.min(Math.max(q.limit ?? 50, 1), VIOLATION_LIMITS.listMax);
      const page = await store.notices(k, { unitId: q.unitId, limit, offset: Math.max(q.offset ?? 0, 0) });
      const names = await unitNames(page.rows.map((r) => r.unit_id));
      return { items: page.rows.map((r) => store.toNotice(r, names)), total: page.total };
    },
  };
  return service;
}

export type { ViolationState };
