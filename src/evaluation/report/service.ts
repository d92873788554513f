/**
 * 年度报告 (R21, 第二十七条): the report to the leadership group on the previous year.
 *
 * Drafting computes the figures (compose.ts) outside any transaction, then inserts the year's
 * row if absent (unique year) with its first text version, the workflow timeline entry and the
 * authority's 'send' task (deadline 'report_send') in one audit.transact — so the sweep hook is
 * idempotent and safe on several nodes. Edits write a new text version (the previous ones are
 * kept); send opens the leadership group's 'receive' task and notifies it; receive closes it.
 */
import { randomUUID } from 'node:crypto';
import { AppError, invalid } from '../../core/errors.js';
import { renderPdf } from '../../core/report/pdf.js';
import { renderXlsx } from '../../core/report/xlsx.js';
import type { AuditInput } from '../../audit/types.js';
import type { Assignee, SharingActor, Transition } from '../../sharing/workflow/types.js';
import type { EvaluationDeps } from '../deps.js';
import type { EvaluationService } from '../indicators/service.js';
import { cstDay } from '../dashboard/sources.js';
import { composeReportData, defaultSections, REPORT_SYSTEM } from './compose.js';
import { reportDocument } from './document.js';
import {
  ACTION_FROM,
  REPORT_ACTIONS,
  REPORT_LIMITS,
  TEXT_SECTION_KEYS,
  type Report,
  type ReportAction,
  type ReportState,
  type ReportSummary,
  type ReportVersion,
  type TextSection,
  type TextSectionKey,
} from './model.js';
import { can, visibleStates, type ReportPolicyAction } from './policy.js';
import * as store from './store.js';
import './messages.js';

export * from './model.js';

export interface ReportService {
  /** The authority (or an administrator) drafts the report of `year` now; when it exists and is still a draft, its figures are recomputed ('refresh'). 409 once sent. */
  draft(by: SharingActor, year: number): Promise<Report>;
  /** The sweep hook: on or after 1 January (CST) drafts the previous year's report once (not for a year before the platform existed). Returns 1 when it drafted. */
  sweep(now: Date): Promise<number>;
  list(by: SharingActor, q?: { limit?: number; offset?: number }): Promise<{ items: ReportSummary[]; total: number }>;
  get(by: SharingActor, id: string): Promise<Report>;
  /** The text versions, newest first. */
  versions(by: SharingActor, id: string): Promise<ReportVersion[]>;
  /** The authority edits text sections: a new version (baseVersion guards against lost updates). Audited 'evaluation.report.edit'. */
  edit(by: SharingActor, id: string, input: { sections: { key: string; text: string }[]; baseVersion?: number; comment?: string | null }): Promise<Report>;
  /** Recomputes the figures of a draft (text kept). Audited 'evaluation.report.refresh'. */
  refresh(by: SharingActor, id: string): Promise<Report>;
  /** The authority sends it to the leadership group: state sent, a 'receive' task and a notification for the leaders. */
  send(by: SharingActor, id: string, comment?: string | null): Promise<Report>;
  /** A leader acknowledges receipt: state received. */
  receive(by: SharingActor, id: string, comment?: string | null): Promise<Report>;
  /** The report as a file; audited 'evaluation.report.export'. */
  export(by: SharingActor, id: string, format: 'pdf' | 'xlsx', lang?: 'zh-CN' | 'en'): Promise<{ body: Buffer; contentType: string; fileName: string }>;
}

const authority: Assignee = { role: 'authority_reviewer', unitId: null };
const leaders: Assignee = { role: 'leader', unitId: null };

export function createReportService(deps: EvaluationDeps & { evaluation: EvaluationService }): ReportService {
  const { db, audit, clock, workflow, org } = deps;
  const k = db.kysely;
  const now = () => clock.now().toISOString();

  const notFound = (id: string) => new AppError(404, 'not_found', 'evaluation.report.not_found', { id });
  const forbidden = () => new AppError(403, 'forbidden', 'evaluation.report.forbidden');
  const titleOf = (year: number) => `${year} 年度政务信息资源共享工作报告`;
  const titleEnOf = (year: number | string) => `Annual report ${year} on government information resource sharing`;

  function actionsFor(by: SharingActor, row: store.ReportRow): ReportAction[] {
    return REPORT_ACTIONS.filter((a) => ACTION_FROM[a].includes(row.state) && can(by, `report.${a}` as ReportPolicyAction, { state: row.state }));
  }

  function present(by: SharingActor, row: store.ReportRow): Report {
    return { ...store.toSummary(row), data: store.dataOf(row), sections: store.sectionsOf(row), actions: actionsFor(by, row) };
  }

  async function loadVisible(by: SharingActor, id: string): Promise<store.ReportRow> {
    const row = await store.findReport(k, id);
    if (!row) throw notFound(id);
    if (!can(by, 'report.read', { state: row.state })) {
      // Leaders do not learn that a draft exists.
      if (by.roles.includes('leader')) throw notFound(id);
      throw forbidden();
    }
    return row;
  }

  function checkYear(year: unknown): number {
    const current = Number(cstDay(clock.now()).slice(0, 4));
    if (typeof year !== 'number' || !Number.isInteger(year) || year < REPORT_LIMITS.firstYear || year > REPORT_LIMITS.lastYear || year >= current) {
      throw invalid([{ field: 'body.year', code: 'invalid_year', messageKey: 'evaluation.report.invalid_year', params: { value: String(year) } }]);
    }
    return year;
  }

  /** Inserts the year's report if absent; returns the row and whether this call created it. */
  async function create(by: SharingActor, year: number): Promise<{ row: store.ReportRow; created: boolean }> {
    const data = await composeReportData(deps, year);
    const sections = defaultSections(data);
    const at = now();
    const row: store.ReportRow = {
      id: randomUUID(),
      year,
      state: 'drafted',
      title: titleOf(year),
      version: 1,
      data: JSON.stringify(data),
      sections: JSON.stringify(sections),
      drafted_at: at,
      drafted_by: by.actorName,
      updated_at: at,
      sent_at: null,
      sent_by: null,
      received_at: null,
      received_by: null,
    };
    const created = await audit.transact(async (trx) => {
      if (!(await store.insertIfAbsent(trx, row, null))) return { value: false, events: [] };
      const event = await workflow.record(trx, {
        by,
        itemKind: 'annual_report',
        itemId: row.id,
        title: row.title,
        titleEn: titleEnOf(year),
        action: 'evaluation.report.draft',
        fromState: null,
        toState: 'drafted',
        detail: { year, unavailable: data.unavailable },
        open: [{ step: 'send', assignee: authority, deadline: 'report_send' }],
        notify: by.actorType === 'system' ? [{ assignee: authority, kind: 'report.notice.drafted', params: { title: row.title, year } }] : [],
        targetType: 'annual_report',
      });
      return { value: true, events: [event] };
    });
    if (created) return { row, created };
    const existing = await store.findByYear(k, year);
    if (!existing) throw new AppError(409, 'report_changed', 'evaluation.report.changed');
    return { row: existing, created: false };
  }

  /** One transition from the state (and version) the row was read in, with its workflow entry, in one transaction. */
  async function move(
    by: SharingActor,
    id: string,
    action: ReportAction,
    build: (row: store.ReportRow, at: string) => Promise<{ patch: Partial<store.ReportRow>; transition: Omit<Transition, 'by' | 'itemKind' | 'itemId' | 'title' | 'targetType'>; version?: TextSection[]; comment?: string | null }>,
  ): Promise<Report> {
    const row = await audit.transact(async (trx) => {
      const current = await store.findReport(trx, id);
      if (!current) throw notFound(id);
      if (!can(by, `report.${action}` as ReportPolicyAction, { state: current.state })) {
        if (!can(by, 'report.read', { state: current.state })) {
          if (by.roles.includes('leader')) throw notFound(id);
          throw forbidden();
        }
        throw new AppError(403, 'forbidden', 'evaluation.report.forbidden_action', { action });
      }
      if (!ACTION_FROM[action].includes(current.state)) throw new AppError(409, 'bad_report_transition', 'evaluation.report.bad_transition', { state: current.state, action });
      const at = now();
      const { patch, transition, version, comment } = await build(current, at);
      const next = { ...current, ...patch, updated_at: at };
      if (!(await store.update(trx, id, { state: current.state, version: Number(current.version) }, { ...patch, updated_at: at }))) {
        throw new AppError(409, 'report_changed', 'evaluation.report.changed');
      }
      if (version) await store.insertVersion(trx, { report_id: id, version: Number(next.version), sections: JSON.stringify(version), edited_at: at, edited_by: by.actorName, comment: comment ?? null });
      const events: AuditInput[] = [await workflow.record(trx, { by, itemKind: 'annual_report', itemId: id, title: current.title, titleEn: titleEnOf(current.year), targetType: 'annual_report', ...transition })];
      return { value: next, events };
    });
    return present(by, row);
  }

  function commentOf(v: unknown): string | null {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || [...v].length > REPORT_LIMITS.commentMax) {
      throw invalid([{ field: 'body.comment', code: 'too_long', messageKey: 'evaluation.report.too_long', params: { max: REPORT_LIMITS.commentMax } }]);
    }
    return v.trim() || null;
  }

  /** The first year the platform existed (its earliest unit): no report is drafted for a year before it. */
  async function firstYear(): Promise<number | null> {
    const units = (await org.listUnits({ limit: 1000 })).items;
    if (!units.length) return null;
    return Math.min(...units.map((u) => Number(cstDay(new Date(u.createdAt)).slice(0, 4))));
  }

  workflow.registerAccess('annual_report', async (by, itemId) => {
    const row = await store.findReport(k, itemId);
    return !!row && can(by, 'report.read', { state: row.state });
  });

  const service: ReportService = {
    async draft(by, year) {
      if (!can(by, 'report.draft')) throw new AppError(403, 'forbidden', 'evaluation.report.forbidden_action', { action: 'draft' });
      const y = checkYear(year);
      const existing = await store.findByYear(k, y);
      if (existing) {
        if (existing.state !== 'drafted') throw new AppError(409, 'report_already_sent', 'evaluation.report.already_sent', { year: y });
        return service.refresh(by, existing.id);
      }
      const { row, created } = await create(by, y);
      if (!created && row.state === 'drafted') return service.refresh(by, row.id);
      return present(by, row);
    },

    async sweep(at) {
      const year = Number(cstDay(at).slice(0, 4)) - 1;
      if (await store.findByYear(k, year)) return 0;
      const first = await firstYear();
      if (first === null || year < first) return 0;
      const { created } = await create(REPORT_SYSTEM, year);
      return created ? 1 : 0;
    },

    async list(by, q = {}) {
      const states = visibleStates(by);
      if (!states) throw forbidden();
      const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
      const offset = Math.max(q.offset ?? 0, 0);
      const { rows, total } = await store.list(k, states, limit, offset);
      return { items: rows.map(store.toSummary), total };
    },

    async get(by, id) {
      return present(by, await loadVisible(by, id));
    },

    async versions(by, id) {
      await loadVisible(by, id);
      return store.versions(k, id);
    },

    async edit(by, id, input) {
      const body = (input ?? {}) as { sections?: unknown; baseVersion?: unknown; comment?: unknown };
      const issues: Parameters<typeof invalid>[0] = [];
      const patchByKey = new Map<TextSectionKey, string>();
      const list = Array.isArray(body.sections) ? body.sections : [];
      list.forEach((s: unknown, i) => {
        const { key, text } = (s ?? {}) as { key?: unknown; text?: unknown };
        if (typeof key !== 'string' || !TEXT_SECTION_KEYS.includes(key as TextSectionKey)) {
          issues.push({ field: `body.sections/${i}/key`, code: 'unknown_section', messageKey: 'evaluation.report.unknown_section', params: { value: String(key) } });
          return;
        }
        if (patchByKey.has(key as TextSectionKey)) issues.push({ field: `body.sections/${i}/key`, code: 'duplicate_section', messageKey: 'evaluation.report.duplicate_section', params: { value: key } });
        if (typeof text !== 'string' || [...text].length > REPORT_LIMITS.textMax) {
          issues.push({ field: `body.sections/${i}/text`, code: 'too_long', messageKey: 'evaluation.report.too_long', params: { max: REPORT_LIMITS.textMax } });
          return;
        }
        patchByKey.set(key as TextSectionKey, text.replace(/\r\n/g, '\n'));
      });
      const comment = commentOf(body.comment);
      if (issues.length) throw invalid(issues);
      return move(by, id, 'edit', async (row) => {
        if (body.baseVersion !== undefined && body.baseVersion !== Number(row.version)) {
          throw new AppError(409, 'report_stale_version', 'evaluation.report.stale_version', { current: Number(row.version) });
        }
        const before = store.sectionsOf(row);
        const after = before.map((s) => (patchByKey.has(s.key) ? { ...s, text: patchByKey.get(s.key)! } : s));
        const changed = after.filter((s, i) => s.text !== before[i]!.text).map((s) => s.key);
        if (!changed.length) throw invalid([{ field: 'body.sections', code: 'no_change', messageKey: 'evaluation.report.no_change' }]);
        const version = Number(row.version) + 1;
        return {
          patch: { version, sections: JSON.stringify(after) },
          version: after,
          comment,
          transition: { action: 'evaluation.report.edit', fromState: row.state, toState: row.state, comment, detail: { version, sections: changed } },
        };
      });
    },

    async refresh(by, id) {
      const row0 = await loadVisible(by, id);
      const data = await composeReportData(deps, Number(row0.year));
      return move(by, id, 'refresh', async (row) => ({
        patch: { data: JSON.stringify(data) },
        transition: { action: 'evaluation.report.refresh', fromState: row.state, toState: row.state, detail: { unavailable: data.unavailable } },
      }));
    },

    async send(by, id, comment) {
      const c = commentOf(comment);
      return move(by, id, 'send', async (row, at) => ({
        patch: { state: 'sent' as ReportState, sent_at: at, sent_by: by.actorName },
        transition: {
          action: 'evaluation.report.send',
          fromState: row.state,
          toState: 'sent',
          comment: c,
          detail: { year: Number(row.year), version: Number(row.version) },
          closeSteps: ['send'],
          open: [{ step: 'receive', assignee: leaders }],
          notify: [{ assignee: leaders, kind: 'report.notice.sent', params: { title: row.title, year: Number(row.year) } }],
        },
      }));
    },

    async receive(by, id, comment) {
      const c = commentOf(comment);
      return move(by, id, 'receive', async (row, at) => ({
        patch: { state: 'received' as ReportState, received_at: at, received_by: by.actorName },
        transition: {
          action: 'evaluation.report.receive',
          fromState: row.state,
          toState: 'received',
          comment: c,
          closeSteps: ['receive'],
          notify: [{ assignee: authority, kind: 'report.notice.received', params: { title: row.title, year: Number(row.year) } }],
        },
      }));
    },

    async export(by, id, format, lang = 'zh-CN') {
      const row = await loadVisible(by, id);
      const report = present(by, row);
      const doc = reportDocument(report, lang, now());
      const body = format === 'pdf' ? await renderPdf(doc) : await renderXlsx(doc);
      await audit.append({
        actorType: by.actorType,
        actorId: by.actorId,
        actorName: by.actorName,
        unitId: by.unitId,
        clientIp: by.clientIp,
        requestId: by.requestId,
        action: 'evaluation.report.export',
        targetType: 'annual_report',
        targetId: id,
        result: 'success',
        detail: { format, version: report.version, bytes: body.length },
      });
      return {
        body,
        contentType: format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName: `annual-report-${report.year}-v${report.version}.${format}`,
      };
    },
  };

  workflow.registerSweepHook('evaluation.report', (at) => service.sweep(at));
  return service;
}
