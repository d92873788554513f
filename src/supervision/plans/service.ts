/**
 * 年度计划 (R26, 第三十二条): plan items of the sharing infrastructure and key information
 * resources per year, with budget (integer fen, never a float), funding, milestones, status and
 * the authority's follow-ups; the owner unit reports progress.
 *
 * Every change runs in one audit.transact and writes a timeline entry; an item changes only from
 * the version it was read in (a concurrent change gets 409). "Delayed" is also computed: an open
 * item with a milestone past due (before today, CST, by the platform clock) and not done.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { AppError, invalid } from '../../core/errors.js';
import type { MessageKey } from '../../core/i18n.js';
import type { AuditInput } from '../../audit/types.js';
import { cstDate, isValidDate } from '../../core/calendar/dates.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import type { SupervisionDeps } from '../deps.js';
import type { PlanStats } from '../types.js';
import {
  ASSESSMENTS,
  CLOSED_STATUSES,
  FUNDING_SOURCES,
  PLAN_KINDS,
  PLAN_LIMITS,
  PLAN_STATUSES,
  REASON_REQUIRED,
  STATUS_NEXT,
  formatYuan,
  parseYuan,
  type Assessment,
  type FundingSource,
  type MilestoneInput,
  type PlanDetail,
  type PlanInput,
  type PlanItem,
  type PlanKind,
  type PlanList,
  type PlanQuery,
  type PlanStatus,
} from './model.js';
import { can, type PlanPolicyAction } from './policy.js';
import * as store from './store.js';
import './messages.js';

export * from './model.js';

export type PlanPatch = Partial<Omit<PlanInput, 'milestones' | 'year'>> & { year?: number };

/** 年度计划 (R26). */
export interface PlanService extends PlanStats {
  /** Items of a year (or every year) with status tags and the budget total of all matching items. */
  list(by: SharingActor, q?: PlanQuery): Promise<PlanList>;
  get(by: SharingActor, id: string): Promise<PlanDetail>;
  /** The authority plans an item (status planned), optionally with milestones. Audited 'supervision.plan.create'. */
  create(by: SharingActor, input: PlanInput): Promise<PlanDetail>;
  /** The authority edits an open item. Audited 'supervision.plan.update'. */
  update(by: SharingActor, id: string, patch: PlanPatch): Promise<PlanDetail>;
  /** The authority changes the status (reason required for delayed and cancelled). Audited 'supervision.plan.status'. */
  setStatus(by: SharingActor, id: string, input: { status: PlanStatus; reason?: string | null }): Promise<PlanDetail>;
  /** The authority's follow-up record (跟踪): date, note, assessment. Audited 'supervision.plan.followup'. */
  followUp(by: SharingActor, id: string, input: { date?: string | null; note: string; assessment: Assessment }): Promise<PlanDetail>;
  /** The owner unit's steward reports progress. Audited 'supervision.plan.progress'. */
  reportProgress(by: SharingActor, id: string, input: { date?: string | null; note: string }): Promise<PlanDetail>;
  /** The authority adds a milestone. Audited 'supervision.plan.milestone.add'. */
  addMilestone(by: SharingActor, id: string, input: MilestoneInput): Promise<PlanDetail>;
  /**
   * Changes a milestone: the authority any field; the owner unit's steward the done date and note
   * (reporting it done). Audited 'supervision.plan.milestone.update'.
   */
  updateMilestone(by: SharingActor, id: string, milestoneId: string, patch: Partial<MilestoneInput>): Promise<PlanDetail>;
  removeMilestone(by: SharingActor, id: string, milestoneId: string): Promise<PlanDetail>;
  /** A year's plan as an XLSX workbook: one sheet of items (budget exact, in yuan), one of milestones. Every signed-in user. */
  exportXlsx(by: SharingActor, year: number): Promise<Buffer>;
  /** By effective status (an open item with an overdue milestone counts as delayed); budget in yuan, budgetFen exact. */
  summary(year: number): Promise<{ total: number; byStatus: Record<string, number>; budget: number; budgetFen: number }>;
}

type FieldIssue = { field: string; code: string; messageKey: MessageKey; params?: Record<string, string | number> };
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function createPlanService(deps: SupervisionDeps): PlanService {
  const { db, audit, clock, org } = deps;
  const k = db.kysely;
  const now = () => clock.now().toISOString();
  const today = () => cstDate(clock.now());

  const notFound = (id: string) => new AppError(404, 'not_found', 'supervision.plan.not_found', { id });
  const forbidden = () => new AppError(403, 'forbidden', 'supervision.plan.forbidden');

  function require(by: SharingActor, action: PlanPolicyAction, row?: store.ItemRow) {
    if (!can(by, action, { ownerUnitId: row?.owner_unit_id })) throw forbidden();
  }

  const event = (by: SharingActor, action: string, targetId: string, detail: Record<string, unknown>): AuditInput => ({
    actorType: by.actorType,
    actorId: by.actorId,
    actorName: by.actorName,
    unitId: by.unitId,
    clientIp: by.clientIp,
    requestId: by.requestId,
    action,
    targetType: 'plan_item',
    targetId,
    result: 'success',
    detail,
  });

  const entry = (by: SharingActor, planId: string, at: string, e: Partial<store.EntryRow> & Pick<store.EntryRow, 'kind'>): Omit<store.EntryRow, 'seq'> => ({
    id: randomUUID(),
    plan_id: planId,
    day: cstDate(new Date(at)),
    note: null,
    assessment: null,
    from_status: null,
    to_status: null,
    milestone_id: null,
    by_name: by.actorName,
    by_unit_id: by.unitId,
    at,
    ...e,
  });

  function text(issues: FieldIssue[], field: string, v: unknown, max: number, required: boolean): string | null {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) issues.push({ field, code: 'required', messageKey: 'supervision.plan.text_required' });
      return null;
    }
    if (typeof v !== 'string' || CONTROL.test(v)) {
      issues.push({ field, code: 'invalid_value', messageKey: 'supervision.plan.text_required' });
      return null;
    }
    const s = v.trim();
    if ([...s].length > max) issues.push({ field, code: 'too_long', messageKey: 'supervision.plan.too_long', params: { max } });
    return s;
  }

  function date(issues: FieldIssue[], field: string, v: unknown, opts: { required: boolean; notFuture?: boolean }): string | null {
    if (v === undefined || v === null || v === '') {
      if (opts.required) issues.push({ field, code: 'required', messageKey: 'supervision.plan.text_required' });
      return null;
    }
    if (typeof v !== 'string' || !isValidDate(v)) {
      issues.push({ field, code: 'invalid_date', messageKey: 'supervision.plan.invalid_date', params: { value: String(v).slice(0, 40) } });
      return null;
    }
    if (opts.notFuture && v > today()) {
      issues.push({ field, code: 'future_date', messageKey: 'supervision.plan.future_date', params: { value: v } });
      return null;
    }
    return v;
  }

  async function fields(issues: FieldIssue[], body: PlanPatch, partial: boolean): Promise<Partial<store.ItemRow>> {
    const out: Partial<store.ItemRow> = {};
    const want = (key: keyof PlanPatch) => !partial || body[key] !== undefined;
    if (want('year')) {
      if (!Number.isInteger(body.year) || body.year! < 2000 || body.year! > 2099) issues.push({ field: 'body.year', code: 'invalid_year', messageKey: 'supervision.plan.invalid_year', params: { value: String(body.year) } });
      else out.year = body.year!;
    }
    if (want('kind')) {
      if (!PLAN_KINDS.includes(body.kind as PlanKind)) issues.push({ field: 'body.kind', code: 'invalid_kind', messageKey: 'supervision.plan.invalid_kind' });
      else out.kind = body.kind!;
    }
    if (want('title')) out.title = text(issues, 'body.title', body.title, PLAN_LIMITS.titleMax, true) ?? '';
    if (want('content')) out.content = text(issues, 'body.content', body.content, PLAN_LIMITS.contentMax, true) ?? '';
    if (want('ownerUnitId')) {
      const id = typeof body.ownerUnitId === 'string' ? body.ownerUnitId : '';
      if (!id || !(await org.getUnit(id))) issues.push({ field: 'body.ownerUnitId', code: 'unknown_unit', messageKey: 'supervision.plan.unknown_unit', params: { id: String(body.ownerUnitId ?? '') } });
      else out.owner_unit_id = id;
    }
    if (want('budget')) {
      const fen = parseYuan(body.budget);
      if (fen === null) issues.push({ field: 'body.budget', code: 'invalid_budget', messageKey: 'supervision.plan.invalid_budget', params: { value: String(body.budget ?? '').slice(0, 40) } });
      else out.budget_fen = fen;
    }
    if (want('fundingSource')) {
      if (!FUNDING_SOURCES.includes(body.fundingSource as FundingSource)) issues.push({ field: 'body.fundingSource', code: 'invalid_funding', messageKey: 'supervision.plan.invalid_funding' });
      else out.funding_source = body.fundingSource!;
    }
    if (want('fundingNote')) out.funding_note = text(issues, 'body.fundingNote', body.fundingNote, PLAN_LIMITS.fundingNoteMax, false);
    return out;
  }

  function milestoneFields(issues: FieldIssue[], field: string, m: Partial<MilestoneInput>, partial: boolean): Partial<store.MilestoneRow> {
    const out: Partial<store.MilestoneRow> = {};
    const want = (key: keyof MilestoneInput) => !partial || m[key] !== undefined;
    if (want('title')) out.title = text(issues, `${field}/title`, m.title, PLAN_LIMITS.titleMax, true) ?? '';
    if (want('dueDate')) out.due_date = date(issues, `${field}/dueDate`, m.dueDate, { required: true }) ?? '';
    if (want('doneDate')) out.done_date = date(issues, `${field}/doneDate`, m.doneDate, { required: false, notFuture: true });
    if (want('note')) out.note = text(issues, `${field}/note`, m.note, PLAN_LIMITS.noteMax, false);
    return out;
  }

  async function unitNames(ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const list = [...new Set(ids)];
    if (!list.length) return out;
    for (const r of await k.selectFrom('unit').select(['id', 'name']).where('id', 'in', list).execute()) out.set(r.id, r.name);
    return out;
  }

  async function detail(by: SharingActor, row: store.ItemRow): Promise<PlanDetail> {
    const [ms, entries, names] = await Promise.all([store.milestonesOf(k, [row.id]), store.entriesOf(k, row.id), unitNames([row.owner_unit_id])]);
    const t = today();
    const list = ms.get(row.id)!;
    const actions: PlanDetail['actions'] = [];
    const open = !CLOSED_STATUSES.includes(row.status);
    if (open && can(by, 'plan.manage', { ownerUnitId: row.owner_unit_id })) actions.push('manage');
    if (open && can(by, 'plan.progress', { ownerUnitId: row.owner_unit_id }) && by.actorType === 'user') actions.push('progress');
    return { ...store.toItem(row, list, t, names), milestones: list.map((m) => store.toMilestone(m, t)), entries: entries.map(store.toEntry), actions };
  }

  /**
   * One change to an item: read, check who and the state, write (only from the version read), add
   * the timeline entry and the audit event — all in one transaction.
   */
  async function change(
    by: SharingActor,
    id: string,
    action: PlanPolicyAction | ((row: store.ItemRow) => boolean),
    work: (trx: Parameters<Parameters<typeof audit.transact>[0]>[0], row: store.ItemRow, at: string) => Promise<{ patch?: Partial<store.ItemRow>; entries: Omit<store.EntryRow, 'seq'>[]; event: AuditInput }>,
    opts: { allowClosed?: boolean } = {},
  ): Promise<PlanDetail> {
    const row = await audit.transact(async (trx) => {
      const current = await store.findItem(trx, id);
      if (!current) throw notFound(id);
      const ok = typeof action === 'function' ? action(current) : can(by, action, { ownerUnitId: current.owner_unit_id });
      if (!ok) throw forbidden();
      if (!opts.allowClosed && CLOSED_STATUSES.includes(current.status)) throw new AppError(409, 'plan_closed', 'supervision.plan.closed', { status: current.status });
      const at = now();
      const { patch = {}, entries, event: ev } = await work(trx, current, at);
      if (!(await store.updateItem(trx, id, current.updated_at, { ...patch, updated_at: at }))) throw new AppError(409, 'plan_changed', 'supervision.plan.changed');
      for (const e of entries) await store.insertEntry(trx, e);
      return { value: { ...current, ...patch, updated_at: at }, events: [ev] };
    });
    return detail(by, row);
  }

  return {
    async list(by, q = {}) {
      require(by, 'plan.read');
      const issues: FieldIssue[] = [];
      if (q.year !== undefined && (!Number.isInteger(q.year) || q.year < 2000 || q.year > 2099)) issues.push({ field: 'querystring.year', code: 'invalid_year', messageKey: 'supervision.plan.invalid_year', params: { value: String(q.year) } });
      if (q.status !== undefined && !PLAN_STATUSES.includes(q.status)) issues.push({ field: 'querystring.status', code: 'invalid_status', messageKey: 'supervision.plan.invalid_status', params: { value: String(q.status) } });
      if (q.kind !== undefined && !PLAN_KINDS.includes(q.kind)) issues.push({ field: 'querystring.kind', code: 'invalid_kind', messageKey: 'supervision.plan.invalid_kind' });
      if (issues.length) throw invalid(issues);
      const rows = await store.listItems(k, { year: q.year, kind: q.kind, ownerUnitId: q.ownerUnitId });
      const [ms, names] = await Promise.all([store.milestonesOf(k, rows.map((r) => r.id)), unitNames(rows.map((r) => r.owner_unit_id))]);
      const t = today();
      // The status filter is on the effective status: "delayed" finds overdue items too.
      const all = rows.map((r) => store.toItem(r, ms.get(r.id)!, t, names)).filter((i) => !q.status || i.effectiveStatus === q.status);
      const { limit, offset } = store.page(q, PLAN_LIMITS.listMax);
      const byStatus: Record<string, number> = {};
      let fen = 0;
      for (const i of all) {
        byStatus[i.effectiveStatus] = (byStatus[i.effectiveStatus] ?? 0) + 1;
        fen += i.budgetFen;
      }
      return { items: all.slice(offset, offset + limit), total: all.length, totals: { budget: formatYuan(fen), budgetFen: fen, byStatus } };
    },

    async get(by, id) {
      require(by, 'plan.read');
      const row = await store.findItem(k, id);
      if (!row) throw notFound(id);
      return detail(by, row);
    },

    async create(by, input) {
      require(by, 'plan.manage');
      const body = (input ?? {}) as PlanInput;
      const issues: FieldIssue[] = [];
      const f = await fields(issues, body, false);
      const rawMs = body.milestones ?? [];
      if (!Array.isArray(rawMs)) issues.push({ field: 'body.milestones', code: 'invalid_value', messageKey: 'supervision.plan.text_required' });
      else if (rawMs.length > PLAN_LIMITS.milestonesMax) issues.push({ field: 'body.milestones', code: 'too_many', messageKey: 'supervision.plan.too_many_milestones', params: { max: PLAN_LIMITS.milestonesMax } });
      const msFields = Array.isArray(rawMs) ? rawMs.slice(0, PLAN_LIMITS.milestonesMax).map((m, i) => milestoneFields(issues, `body.milestones/${i}`, m ?? {}, false)) : [];
      if (issues.length) throw invalid(issues);
      const at = now();
      const row: store.ItemRow = {
        id: randomUUID(),
        year: f.year!,
        kind: f.kind!,
        title: f.title!,
        owner_unit_id: f.owner_unit_id!,
        content: f.content!,
        budget_fen: f.budget_fen!,
        funding_source: f.funding_source!,
        funding_note: f.funding_note ?? null,
        status: 'planned',
        status_reason: null,
        created_by: by.actorName,
        created_at: at,
        updated_at: at,
      };
      const milestones: store.MilestoneRow[] = msFields.map((m, i) => ({ id: randomUUID(), plan_id: row.id, seq: i + 1, title: m.title!, due_date: m.due_date!, done_date: m.done_date ?? null, note: m.note ?? null, updated_at: at }));
      await audit.transact(async (trx) => {
        await store.insertItem(trx, row, milestones, entry(by, row.id, at, { kind: 'created', to_status: 'planned' }));
        return {
          value: null,
          events: [event(by, 'supervision.plan.create', row.id, { year: row.year, kind: row.kind, title: row.title, ownerUnitId: row.owner_unit_id, budgetFen: row.budget_fen, fundingSource: row.funding_source, milestones: milestones.length })],
        };
      });
      return detail(by, row);
    },

    async update(by, id, patch) {
      require(by, 'plan.manage');
      const issues: FieldIssue[] = [];
      const f = await fields(issues, (patch ?? {}) as PlanPatch, true);
      if (issues.length) throw invalid(issues);
      if (!Object.keys(f).length) throw new AppError(400, 'nothing_to_change', 'supervision.plan.nothing_to_change');
      return change(by, id, 'plan.manage', async (_trx, row, at) => {
        const changed = Object.keys(f).filter((key) => String(row[key as keyof store.ItemRow]) !== String(f[key as keyof store.ItemRow]));
        return {
          patch: f,
          entries: [entry(by, id, at, { kind: 'edited', note: changed.join(', ') || null })],
          event: event(by, 'supervision.plan.update', id, { changed, ...(f.budget_fen !== undefined ? { budgetFen: { from: Number(row.budget_fen), to: f.budget_fen } } : {}) }),
        };
      });
    },

    async setStatus(by, id, input) {
      require(by, 'plan.manage');
      const to = input?.status;
      if (!PLAN_STATUSES.includes(to)) throw invalid([{ field: 'body.status', code: 'invalid_status', messageKey: 'supervision.plan.invalid_status', params: { value: String(to) } }]);
      const issues: FieldIssue[] = [];
      const reason = text(issues, 'body.reason', input.reason, PLAN_LIMITS.noteMax, REASON_REQUIRED.includes(to));
      if (issues.length) throw new AppError(400, 'reason_required', 'supervision.plan.reason_required', { to }, issues);
      return change(by, id, 'plan.manage', async (_trx, row, at) => {
        if (!STATUS_NEXT[row.status].includes(to)) throw new AppError(409, 'bad_plan_transition', 'supervision.plan.bad_transition', { from: row.status, to });
        return {
          patch: { status: to, status_reason: reason },
          entries: [entry(by, id, at, { kind: 'status', from_status: row.status, to_status: to, note: reason })],
          event: event(by, 'supervision.plan.status', id, { from: row.status, to, reason }),
        };
      });
    },

    async followUp(by, id, input) {
      require(by, 'plan.manage');
      const issues: FieldIssue[] = [];
      const day = date(issues, 'body.date', input?.date, { required: false, notFuture: true });
      const note = text(issues, 'body.note', input?.note, PLAN_LIMITS.noteMax, true);
      if (!ASSESSMENTS.includes(input?.assessment)) issues.push({ field: 'body.assessment', code: 'invalid_assessment', messageKey: 'supervision.plan.invalid_assessment' });
      if (issues.length) throw invalid(issues);
      // Follow-ups may also be recorded on a closed item (e.g. the acceptance after completion).
      return change(
        by,
        id,
        'plan.manage',
        async (_trx, _row, at) => ({
          entries: [entry(by, id, at, { kind: 'followup', note, assessment: input.assessment, ...(day ? { day } : {}) })],
          event: event(by, 'supervision.plan.followup', id, { day: day ?? today(), assessment: input.assessment }),
        }),
        { allowClosed: true },
      );
    },

    async reportProgress(by, id, input) {
      const issues: FieldIssue[] = [];
      const day = date(issues, 'body.date', input?.date, { required: false, notFuture: true });
      const note = text(issues, 'body.note', input?.note, PLAN_LIMITS.noteMax, true);
      const row = await store.findItem(k, id);
      if (!row) throw notFound(id);
      require(by, 'plan.progress', row);
      if (issues.length) throw invalid(issues);
      return change(by, id, 'plan.progress', async (_trx, _row, at) => ({
        entries: [entry(by, id, at, { kind: 'progress', note, ...(day ? { day } : {}) })],
        event: event(by, 'supervision.plan.progress', id, { day: day ?? today() }),
      }));
    },

    async addMilestone(by, id, input) {
      require(by, 'plan.manage');
      const issues: FieldIssue[] = [];
      const m = milestoneFields(issues, 'body', input ?? {}, false);
      if (issues.length) throw invalid(issues);
      return change(by, id, 'plan.manage', async (trx, _row, at) => {
        const { next, count } = await store.nextSeq(trx, id);
        if (count >= PLAN_LIMITS.milestonesMax) throw new AppError(400, 'too_many', 'supervision.plan.too_many_milestones', { max: PLAN_LIMITS.milestonesMax });
        const ms: store.MilestoneRow = { id: randomUUID(), plan_id: id, seq: next, title: m.title!, due_date: m.due_date!, done_date: m.done_date ?? null, note: m.note ?? null, updated_at: at };
        await store.insertMilestone(trx, ms);
        return {
          entries: [entry(by, id, at, { kind: 'milestone', milestone_id: ms.id, note: `+ ${ms.title}（${ms.due_date}）` })],
          event: event(by, 'supervision.plan.milestone.add', id, { milestoneId: ms.id, title: ms.title, dueDate: ms.due_date }),
        };
      });
    },

    async updateMilestone(by, id, milestoneId, patch) {
      const p = (patch ?? {}) as Partial<MilestoneInput>;
      const row = await store.findItem(k, id);
      if (!row) throw notFound(id);
      const manager = can(by, 'plan.manage', { ownerUnitId: row.owner_unit_id });
      const owner = can(by, 'plan.progress', { ownerUnitId: row.owner_unit_id });
      if (!manager && !owner) throw forbidden();
      // The owner unit reports a milestone done; only the authority re-plans it.
      if (!manager && (p.title !== undefined || p.dueDate !== undefined)) throw forbidden();
      const issues: FieldIssue[] = [];
      const m = milestoneFields(issues, 'body', p, true);
      if (issues.length) throw invalid(issues);
      if (!Object.keys(m).length) throw new AppError(400, 'nothing_to_change', 'supervision.plan.nothing_to_change');
      return change(by, id, () => manager || owner, async (trx, _row, at) => {
        const current = await store.findMilestone(trx, id, milestoneId);
        if (!current) throw new AppError(404, 'not_found', 'supervision.plan.milestone_not_found', { id: milestoneId });
        await store.updateMilestone(trx, milestoneId, { ...m, updated_at: at });
        const done = m.done_date !== undefined && m.done_date !== current.done_date;
        const note = done ? (m.done_date ? `✓ ${current.title}（${m.done_date}）` : `↺ ${current.title}`) : `${current.title}${m.due_date && m.due_date !== current.due_date ? `：${current.due_date} → ${m.due_date}` : ''}`;
        return {
          entries: [entry(by, id, at, { kind: 'milestone', milestone_id: milestoneId, note: m.note && done ? `${note} ${m.note}` : note })],
          event: event(by, 'supervision.plan.milestone.update', id, { milestoneId, changed: Object.keys(m), doneDate: m.done_date, dueDate: m.due_date }),
        };
      });
    },

    async removeMilestone(by, id, milestoneId) {
      require(by, 'plan.manage');
      return change(by, id, 'plan.manage', async (trx, _row, at) => {
        const current = await store.findMilestone(trx, id, milestoneId);
        if (!current) throw new AppError(404, 'not_found', 'supervision.plan.milestone_not_found', { id: milestoneId });
        await store.deleteMilestone(trx, milestoneId);
        return {
          entries: [entry(by, id, at, { kind: 'milestone', milestone_id: milestoneId, note: `− ${current.title}（${current.due_date}）` })],
          event: event(by, 'supervision.plan.milestone.remove', id, { milestoneId, title: current.title }),
        };
      });
    },

    async exportXlsx(by, year) {
      require(by, 'plan.read');
      if (!Number.isInteger(year) || year < 2000 || year > 2099) throw invalid([{ field: 'querystring.year', code: 'invalid_year', messageKey: 'supervision.plan.invalid_year', params: { value: String(year) } }]);
      const rows = await store.listItems(k, { year });
      const [ms, names] = await Promise.all([store.milestonesOf(k, rows.map((r) => r.id)), unitNames(rows.map((r) => r.owner_unit_id))]);
      const t = today();
      const wb = new ExcelJS.Workbook();
      wb.created = clock.now();
      const items = wb.addWorksheet(`${year}年度计划`);
      items.columns = [
        { header: '序号', key: 'n', width: 6 },
        { header: '类别', key: 'kind', width: 14 },
        { header: '计划事项', key: 'title', width: 36 },
        { header: '责任单位', key: 'owner', width: 26 },
        { header: '建设内容', key: 'content', width: 48 },
        { header: '预算（元）', key: 'budget', width: 16 },
        { header: '资金来源', key: 'funding', width: 12 },
        { header: '状态', key: 'status', width: 10 },
        { header: '里程碑（完成/总数）', key: 'ms', width: 16 },
        { header: '逾期里程碑', key: 'overdue', width: 10 },
      ];
      const KIND: Record<string, string> = { infrastructure: '基础设施', resource: '重点信息资源', other: '其他' };
      const FUND: Record<string, string> = { fiscal: '财政资金', self: '自筹', superior: '上级补助', other: '其他' };
      const STATUS: Record<string, string> = { planned: '计划', in_progress: '实施中', completed: '已完成', delayed: '延期', cancelled: '已取消' };
      let fen = 0;
      rows.forEach((r, i) => {
        const it = store.toItem(r, ms.get(r.id)!, t, names);
        fen += it.budgetFen;
        // An amount with at most two decimals round-trips exactly through a double at these magnitudes.
        items.addRow({ n: i + 1, kind: KIND[it.kind], title: it.title, owner: it.ownerUnitName, content: it.content, budget: Number(it.budget), funding: FUND[it.fundingSource], status: STATUS[it.effectiveStatus], ms: `${it.milestonesDone}/${it.milestonesTotal}`, overdue: it.overdueMilestones });
      });
      items.addRow({ title: '合计', budget: Number(formatYuan(fen)) });
      items.getColumn('budget').numFmt = '#,##0.00';
      items.getRow(1).font = { bold: true };
      const sheet = wb.addWorksheet('里程碑');
      sheet.columns = [
        { header: '计划事项', key: 'title', width: 36 },
        { header: '里程碑', key: 'ms', width: 30 },
        { header: '计划完成日期', key: 'due', width: 14 },
        { header: '实际完成日期', key: 'done', width: 14 },
        { header: '逾期', key: 'overdue', width: 8 },
      ];
      sheet.getRow(1).font = { bold: true };
      for (const r of rows) for (const m of ms.get(r.id)!.map((x) => store.toMilestone(x, t))) sheet.addRow({ title: r.title, ms: m.title, due: m.dueDate, done: m.doneDate ?? '', overdue: m.overdue ? '是' : '' });
      return Buffer.from(await wb.xlsx.writeBuffer());
    },

    async summary(year) {
      if (!Number.isInteger(year)) throw invalid([{ field: 'year', code: 'invalid_year', messageKey: 'supervision.plan.invalid_year', params: { value: String(year) } }]);
      const rows = await store.listItems(k, { year });
      const ms = await store.milestonesOf(k, rows.map((r) => r.id));
      const t = today();
      const byStatus: Record<string, number> = {};
      let fen = 0;
      for (const r of rows) {
        const i: PlanItem = store.toItem(r, ms.get(r.id)!, t, new Map());
        byStatus[i.effectiveStatus] = (byStatus[i.effectiveStatus] ?? 0) + 1;
        fen += i.budgetFen;
      }
      return { total: rows.length, byStatus, budget: fen / 100, budgetFen: fen };
    },
  };
}
