/**
 * The sharing workflow's kernel (issue 5): timeline, tasks (the inbox) with working-day deadlines,
 * notifications, deadline settings, the overdue sweeper and the optional OA webhook. Item modules
 * call `record` inside their own transaction for every transition; everything else is read-side
 * or background work.
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { Db } from '../../core/db/database.js';
import { iso, type Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import { AppError, forbidden, invalid } from '../../core/errors.js';
import type { MessageKey } from '../../core/i18n.js';
import type { AuditActor, AuditInput, AuditWriter } from '../../audit/types.js';
import type { CalendarService } from '../../core/calendar/service.js';
import { addDays, cstDate, cstEndOfDay, weekday } from '../../core/calendar/dates.js';
import { listDays } from '../../core/calendar/store.js';
import { checkWebhookUrl } from '../../exchange/subscriptions/service.js';
import { newSecret, signatureHeader } from '../../exchange/subscriptions/signing.js';
import { backoffMs } from '../../exchange/subscriptions/worker.js';
import { can } from './policy.js';
import * as store from './store.js';
import type { Q } from './store.js';
import {
  DEADLINE_DEFAULTS,
  DEADLINE_KINDS,
  EXTEND_MAX_DAYS,
  ITEM_KINDS,
  SETTING_MAX_DAYS,
  type Assignee,
  type DeadlineKind,
  type DeadlineSettings,
  type InboxEntry,
  type ItemKind,
  type OaHookView,
  type OverdueRecord,
  type SharingActor,
  type SweepHook,
  type SweepResult,
  type Task,
  type WorkflowService,
} from './types.js';
import './messages.js';

export interface WorkflowLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface WorkflowDeps {
  db: Db;
  audit: AuditWriter;
  clock: Clock;
  config: Config;
  calendar: CalendarService;
  nodeId: string;
  /** Defaults to a pino logger at config.logLevel. */
  logger?: WorkflowLogger;
  /** The OA webhook's HTTP client (tests inject one). */
  fetchImpl?: typeof fetch;
  /** First OA retry delay (default 30 s), doubling per attempt. */
  oaBackoffBaseMs?: number;
}

export const SWEEP_INTERVAL_MS = 60_000;
export const OA_INTERVAL_MS = 5_000;
const SWEEP_BATCH = 200;
const OA_BATCH = 20;
const INBOX_LIMIT_MAX = 200;

/** The identity the sweeper audits as. */
export function sweeperActor(nodeId: string): AuditActor {
  return { actorType: 'system', actorId: null, actorName: `sharing-sweeper:${nodeId}`, unitId: null, clientIp: null, requestId: null };
}

/** Only the audit identity of a sharing actor (the audit event has no roles). */
export function auditActorOf(by: AuditActor): AuditActor {
  return { actorType: by.actorType, actorId: by.actorId, actorName: by.actorName, unitId: by.unitId, clientIp: by.clientIp, requestId: by.requestId };
}

/** The portal page of an item (notification links, OA payloads). */
export function itemPath(kind: ItemKind, id: string): string {
  const path: Record<ItemKind, string> = {
    demand: '/sharing/demands',
    application: '/sharing/applications',
    grant: '/sharing/grants',
    agreement: '/sharing/agreements',
    objection: '/sharing/objections',
    violation: '/supervision/violations',
    complaint: '/supervision/complaints',
    annual_report: '/evaluation/reports',
  };
  return `${path[kind]}/${encodeURIComponent(id)}`;
}

export function isItemKind(k: unknown): k is ItemKind {
  return typeof k === 'string' && (ITEM_KINDS as readonly string[]).includes(k);
}

/**
 * The end of the n-th working day after `start` (CST), computed on `q` — the caller's
 * transaction inside `record`/`extend`. The calendar service answers the same question from its
 * own cache through the outer Kysely instance, which on SQLite (one connection) must not be used
 * while a transaction holds it; so inside a transaction the calendar's exceptions are read here.
 * Same semantics as CalendarService.deadline (tested to agree).
 */
async function deadlineOn(q: Q, start: Date, workingDays: number): Promise<string> {
  const years = new Map<number, Map<string, string>>();
  const kindOf = async (date: string) => {
    const y = Number(date.slice(0, 4));
    let m = years.get(y);
    if (!m) {
      m = new Map((await listDays(q, `${y}-01-01`, `${y}-12-31`)).map((d) => [d.day, d.kind]));
      years.set(y, m);
    }
    return m.get(date);
  };
  let date = cstDate(start);
  let left = workingDays;
  for (let guard = 0; left > 0 && guard < 3660; guard++) {
    date = addDays(date, 1);
    const k = await kindOf(date);
    const wd = weekday(date);
    if (k === 'workday' || (k !== 'holiday' && wd !== 0 && wd !== 6)) left--;
  }
  return iso(cstEndOfDay(date));
}

type Issue = { field: string; code: string; messageKey: MessageKey; params?: Record<string, string | number> };

export function createWorkflowService(deps: WorkflowDeps): WorkflowService {
  const { db, audit, clock, config, calendar, nodeId } = deps;
  const k = db.kysely;
  const log: WorkflowLogger = deps.logger ?? pino({ level: config.logLevel, name: 'sharing-workflow' }, process.stderr);
  const fetchImpl = deps.fetchImpl ?? fetch;
  const oaBackoffBase = deps.oaBackoffBaseMs ?? 30_000;
  const access = new Map<ItemKind, (by: SharingActor, itemId: string) => Promise<boolean>>();
  const hooks = new Map<string, SweepHook>();
  // Orders timeline entries and notifications written in the same millisecond.
  let seqBase = Date.now() * 1000;
  const nextSeq = () => ++seqBase;

  async function settingsOn(q: Q): Promise<DeadlineSettings> {
    const stored = await store.readSettings(q);
    const out: DeadlineSettings = { ...DEADLINE_DEFAULTS };
    for (const key of DEADLINE_KINDS) {
      const v = stored[`deadline.${key}`];
      if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= SETTING_MAX_DAYS) out[key] = v;
    }
    return out;
  }

  /** Inserts a notification and queues its OA delivery when the addressed unit has a hook. */
  async function notifyIn(
    trx: Parameters<WorkflowService['record']>[0],
    n: { itemKind: ItemKind; itemId: string; kind: string; params: Record<string, string | number>; assignee: Assignee },
    at: string,
  ): Promise<string> {
    const id = randomUUID();
    await store.insertNotification(trx, {
      id,
      item_kind: n.itemKind,
      item_id: n.itemId,
      kind: n.kind,
      params: JSON.stringify(n.params),
      assignee_role: n.assignee.role,
      assignee_unit_id: n.assignee.unitId,
      created_at: at,
      seq: nextSeq(),
    });
    if (n.assignee.unitId) {
      const hook = await store.oaHook(trx, n.assignee.unitId);
      if (hook && hook.enabled) await store.insertDelivery(trx, { id: randomUUID(), notification_id: id, unit_id: hook.unit_id, at });
    }
    return id;
  }

  async function entry(t: Task, now: Date, today: string): Promise<InboxEntry> {
    if (t.state !== 'open' || !t.dueAt) return { ...t, remainingWorkingDays: null, overdue: t.overdueAt != null };
    const due = cstDate(new Date(t.dueAt));
    const overdue = Date.parse(t.dueAt) < now.getTime();
    const remaining = due >= today ? await calendar.workingDaysBetween(today, due) : -(await calendar.workingDaysBetween(due, today));
    return { ...t, remainingWorkingDays: remaining, overdue };
  }

  function oaView(row: { unit_id: string; url: string; enabled: number; updated_at: string }, secret?: string): OaHookView {
    return { unitId: row.unit_id, url: row.url, enabled: row.enabled === 1, updatedAt: row.updated_at, ...(secret ? { secret } : {}) };
  }

  function requireOaSteward(by: SharingActor): string {
    if (!by.unitId) throw new AppError(403, 'forbidden', 'sharing.workflow.no_unit');
    if (!can(by, 'oa_hook.manage', { unitId: by.unitId })) throw forbidden();
    return by.unitId;
  }

  async function deliverOne(d: store.DeliveryJob): Promise<boolean> {
    const now = clock.now();
    const body = JSON.stringify({
      id: d.notification_id,
      kind: d.kind,
      itemKind: d.item_kind,
      itemId: d.item_id,
      params: JSON.parse(d.params) as unknown,
      assignee: { role: d.assignee_role, unitId: d.assignee_unit_id },
      createdAt: d.created_at,
      link: itemPath(d.item_kind as ItemKind, d.item_id),
    });
    const ts = Math.floor(now.getTime() / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetchImpl(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GovShare-OA/1',
          'x-govshare-event': 'notification',
          'x-govshare-delivery': d.id,
          'x-govshare-timestamp': String(ts),
          'x-govshare-signature': signatureHeader('hmac-sha256', d.secret, ts, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(config.webhookTimeoutMs),
      });
      await res.body?.cancel().catch(() => undefined);
      status = res.status;
      if (status < 200 || status >= 300) error = `http ${status}`;
    } catch (e) {
      const err = e as { name?: string; message?: string; cause?: { code?: string } };
      error = err?.name === 'TimeoutError' || err?.name === 'AbortError' ? 'timeout' : `network: ${err?.cause?.code ?? err?.message ?? String(e)}`.slice(0, 500);
    }
    const attempts = d.attempts + 1;
    const at = iso(clock.now());
    if (!error) {
      await store.finishDelivery(k, d.id, nodeId, { state: 'delivered', attempts, last_status: status, last_error: null, delivered_at: at, next_at: d.next_at });
      return true;
    }
    const dead = attempts >= config.webhookMaxAttempts;
    if (dead) {
      await audit.transact(async (trx) => {
        await store.finishDelivery(trx, d.id, nodeId, { state: 'dead', attempts, last_status: status, last_error: error, delivered_at: null, next_at: d.next_at });
        return {
          value: undefined,
          events: [{ ...sweeperActor(nodeId), action: 'sharing.oa.dead', targetType: 'sharing_oa_delivery', targetId: d.id, result: 'failure', detail: { unitId: d.unit_id, attempts, error } }],
        };
      });
    } else {
      const next = iso(new Date(clock.now().getTime() + backoffMs(attempts, oaBackoffBase)));
      await store.finishDelivery(k, d.id, nodeId, { state: 'pending', attempts, last_status: status, last_error: error, delivered_at: null, next_at: next });
    }
    return false;
  }

  async function deliverDue(): Promise<number> {
    let delivered = 0;
    const now = clock.now();
    const leaseUntil = iso(new Date(now.getTime() + config.webhookTimeoutMs + 30_000));
    const jobs = await store.claimDeliveries(k, iso(now), leaseUntil, nodeId, OA_BATCH);
    for (const j of jobs) if (await deliverOne(j)) delivered++;
    return delivered;
  }

  let sweepTimer: NodeJS.Timeout | null = null;
  let oaTimer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let oaRunning: Promise<unknown> | null = null;

  const service: WorkflowService = {
    async record(trx, t) {
      if (!isItemKind(t.itemKind)) throw new Error(`workflow.record: unknown item kind ${String(t.itemKind)}`);
      const now = clock.now();
      const at = iso(now);
      await store.insertTimeline(trx, {
        id: randomUUID(),
        item_kind: t.itemKind,
        item_id: t.itemId,
        at,
        seq: nextSeq(),
        actor_name: t.by.actorName,
        actor_id: t.by.actorId,
        unit_id: t.by.unitId,
        action: t.action,
        from_state: t.fromState,
        to_state: t.toState,
        comment: t.comment ?? null,
        detail: t.detail ? JSON.stringify(t.detail) : null,
      });
      const closed = t.closeSteps ? await store.closeTasks(trx, t.itemKind, t.itemId, t.closeSteps, 'done', at) : 0;
      const cancelled = t.cancelSteps ? await store.closeTasks(trx, t.itemKind, t.itemId, t.cancelSteps, 'cancelled', at) : 0;
      let settings: DeadlineSettings | null = null;
      const opened: { step: string; role: string; unitId: string | null; dueAt: string | null }[] = [];
      for (const o of t.open ?? []) {
        let days = o.workingDays;
        if (days == null && o.deadline) {
          settings ??= await settingsOn(trx);
          days = settings[o.deadline];
        }
        const dueAt = days != null ? await deadlineOn(trx, now, days) : null;
        await store.insertTask(trx, {
          id: randomUUID(),
          item_kind: t.itemKind,
          item_id: t.itemId,
          step: o.step,
          assignee_role: o.assignee.role,
          assignee_unit_id: o.assignee.unitId,
          deadline_kind: o.deadline ?? null,
          due_at: dueAt,
          state: 'open',
          overdue_at: null,
          opened_at: at,
          closed_at: null,
          title: t.title,
          title_en: t.titleEn ?? null,
          seq: nextSeq(),
        });
        opened.push({ step: o.step, role: o.assignee.role, unitId: o.assignee.unitId, dueAt });
      }
      for (const n of t.notify ?? []) {
        // The English title goes with the notification unless its params name the item their own way.
        const params = t.titleEn ? { titleEn: t.titleEn, ...n.params } : (n.params ?? {});
        await notifyIn(trx, { itemKind: t.itemKind, itemId: t.itemId, kind: n.kind, params, assignee: n.assignee }, at);
      }
      return {
        ...auditActorOf(t.by),
        action: t.action,
        targetType: t.targetType ?? `sharing_${t.itemKind}`,
        targetId: t.itemId,
        result: 'success',
        detail: {
          ...(t.detail ?? {}),
          from: t.fromState,
          to: t.toState,
          ...(t.comment ? { comment: t.comment.slice(0, 500) } : {}),
          ...(opened.length ? { opened } : {}),
          ...(closed ? { closed } : {}),
          ...(cancelled ? { cancelled } : {}),
        },
      };
    },

    timeline: (kind, id) => store.timeline(k, kind, id),

    tasksOf: (kind, id, opts) => store.tasksOf(k, kind, id, opts?.openOnly ?? false),

    async inbox(by, q = {}) {
      if (!can(by, 'inbox.read')) return { items: [], total: 0 };
      const now = clock.now();
      const limit = Math.min(Math.max(Math.trunc(q.limit ?? 50), 1), INBOX_LIMIT_MAX);
      const offset = Math.max(Math.trunc(q.offset ?? 0), 0);
      const { rows, total } = await store.inbox(k, { roles: by.roles, unitId: by.unitId }, {
        state: q.state ?? 'open',
        itemKind: q.itemKind,
        overdueAt: q.overdueOnly ? iso(now) : undefined,
        limit,
        offset,
      });
      const today = cstDate(now);
      const items: InboxEntry[] = [];
      for (const r of rows) items.push(await entry(store.toTask(r), now, today));
      return { items, total };
    },

    async notifications(by, q = {}) {
      if (by.kind !== 'user' || !by.actorId) return { items: [], total: 0, unread: 0 };
      const limit = Math.min(Math.max(Math.trunc(q.limit ?? 50), 1), INBOX_LIMIT_MAX);
      const offset = Math.max(Math.trunc(q.offset ?? 0), 0);
      return store.notifications(k, { roles: by.roles, unitId: by.unitId }, by.actorId, { unreadOnly: q.unreadOnly ?? false, limit, offset });
    },

    async markRead(by, ids) {
      if (by.kind !== 'user' || !by.actorId) return 0;
      const userId = by.actorId;
      const at = iso(clock.now());
      return k.transaction().execute(async (trx) => {
        const visible = await store.unreadIds(trx, { roles: by.roles, unitId: by.unitId }, userId, ids);
        return store.markRead(trx, visible, userId, at);
      });
    },

    settings: () => settingsOn(k),

    async updateSettings(by, patch) {
      if (!can(by, 'settings.update')) throw forbidden();
      const issues: Issue[] = [];
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
        throw invalid([{ field: 'body', code: 'invalid_value', messageKey: 'sharing.workflow.empty_settings' }]);
      }
      const entries = Object.entries(patch);
      if (entries.length === 0) issues.push({ field: 'body', code: 'empty', messageKey: 'sharing.workflow.empty_settings' });
      for (const [key, value] of entries) {
        if (!(DEADLINE_KINDS as readonly string[]).includes(key)) {
          issues.push({ field: `body.${key}`, code: 'unknown_setting', messageKey: 'sharing.workflow.unknown_setting', params: { key } });
        } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > SETTING_MAX_DAYS) {
          issues.push({ field: `body.${key}`, code: 'invalid_setting', messageKey: 'sharing.workflow.invalid_setting', params: { max: SETTING_MAX_DAYS } });
        }
      }
      if (issues.length) throw invalid(issues);
      const at = iso(clock.now());
      return audit.transact(async (trx) => {
        const before = await settingsOn(trx);
        const changes: Record<string, { from: number; to: number }> = {};
        for (const [key, value] of entries as [DeadlineKind, number][]) {
          await store.upsertSetting(trx, `deadline.${key}`, value, by.actorId ?? by.actorName, at);
          if (before[key] !== value) changes[key] = { from: before[key], to: value };
        }
        const after = await settingsOn(trx);
        return {
          value: after,
          events: [{ ...auditActorOf(by), action: 'sharing.settings.update', targetType: 'sharing_settings', targetId: 'deadlines', result: 'success', detail: { changes } }],
        };
      });
    },

    async dueAt(from, workingDays) {
      return iso(await calendar.deadline(from, workingDays));
    },

    async extend(trx, taskId, workingDays) {
      if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > EXTEND_MAX_DAYS) {
        throw invalid([{ field: 'workingDays', code: 'invalid_days', messageKey: 'sharing.workflow.invalid_days', params: { max: EXTEND_MAX_DAYS } }]);
      }
      const row = await store.getTask(trx, taskId);
      if (!row) throw new AppError(404, 'not_found', 'sharing.workflow.task_not_found', { id: taskId });
      if (row.state !== 'open') throw new AppError(409, 'task_closed', 'sharing.workflow.task_closed', { id: taskId });
      const now = clock.now();
      const dueAt = await deadlineOn(trx, row.due_at ? new Date(row.due_at) : now, workingDays);
      // A task extended past now is no longer overdue; should it miss the new deadline, the sweeper counts that again.
      const overdueAt = Date.parse(dueAt) > now.getTime() ? null : row.overdue_at;
      await trx.updateTable('sharing_task').set({ due_at: dueAt, overdue_at: overdueAt }).where('id', '=', taskId).execute();
      return store.toTask({ ...row, due_at: dueAt, overdue_at: overdueAt });
    },

    registerAccess(kind, fn) {
      access.set(kind, fn);
    },

    async canSee(by, kind, itemId) {
      const fn = access.get(kind);
      if (!fn) return false;
      return fn(by, itemId);
    },

    registerSweepHook(name, hook) {
      hooks.set(name, hook);
    },

    async sweep(): Promise<SweepResult> {
      const now = clock.now();
      const at = iso(now);
      let newlyOverdue = 0;
      const seen = new Set<string>();
      for (;;) {
        const batch = (await store.dueCandidates(k, at, SWEEP_BATCH)).filter((r) => !seen.has(r.id));
        if (batch.length === 0) break;
        for (const row of batch) {
          seen.add(row.id);
          const marked = await audit.transact(async (trx) => {
            if (!(await store.markOverdue(trx, row.id, at))) return { value: false, events: [] };
            const task = store.toTask(row);
            const params = { title: row.title, ...(row.title_en ? { titleEn: row.title_en } : {}), step: row.step, dueAt: row.due_at ?? '', itemKind: row.item_kind };
            await notifyIn(trx, { itemKind: task.itemKind, itemId: task.itemId, kind: 'workflow.notice.task_overdue', params, assignee: task.assignee }, at);
            if (!(task.assignee.role === 'authority_reviewer' && task.assignee.unitId === null)) {
              await notifyIn(trx, { itemKind: task.itemKind, itemId: task.itemId, kind: 'workflow.notice.task_overdue_authority', params, assignee: { role: 'authority_reviewer', unitId: null } }, at);
            }
            return {
              value: true,
              events: [
                {
                  ...sweeperActor(nodeId),
                  action: 'sharing.task.overdue',
                  targetType: `sharing_${row.item_kind}`,
                  targetId: row.item_id,
                  result: 'success',
                  detail: { taskId: row.id, step: row.step, role: row.assignee_role, unitId: row.assignee_unit_id, dueAt: row.due_at, deadlineKind: row.deadline_kind },
                },
              ],
            };
          });
          if (marked) newlyOverdue++;
        }
        if (batch.length < SWEEP_BATCH) break;
      }
      const result: SweepResult = { newlyOverdue, hooks: {}, failedHooks: [] };
      for (const [name, hook] of hooks) {
        try {
          result.hooks[name] = await hook(now);
        } catch (e) {
          result.failedHooks!.push(name);
          log.error({ err: e, hook: name }, 'sharing sweep hook failed');
        }
      }
      try {
        result.oaDelivered = await deliverDue();
      } catch (e) {
        log.error({ err: e }, 'sharing OA delivery failed');
      }
      return result;
    },

    async overdue(q = {}): Promise<OverdueRecord[]> {
      const rows = await store.overdue(k, q);
      return rows.map((r) => ({
        taskId: r.id,
        itemKind: r.item_kind as ItemKind,
        itemId: r.item_id,
        step: r.step,
        assignee: { role: r.assignee_role, unitId: r.assignee_unit_id },
        dueAt: r.due_at ?? '',
        overdueAt: r.overdue_at ?? '',
        deadlineKind: (r.deadline_kind as DeadlineKind | null) ?? null,
        title: r.title,
        titleEn: r.title_en ?? null,
      }));
    },

    async entries(tasks) {
      const now = clock.now();
      const today = cstDate(now);
      const out: InboxEntry[] = [];
      for (const t of tasks) out.push(await entry(t, now, today));
      return out;
    },

    async getOaHook(by) {
      const unitId = requireOaSteward(by);
      const row = await store.oaHook(k, unitId);
      if (!row) throw new AppError(404, 'not_found', 'sharing.workflow.oa_hook_not_found');
      return oaView(row);
    },

    async setOaHook(by, input) {
      const unitId = requireOaSteward(by);
      const url = checkWebhookUrl(input.url, config.webhookAllowedHosts);
      const at = iso(clock.now());
      return audit.transact(async (trx) => {
        const existing = await store.oaHook(trx, unitId);
        const secret = !existing || input.rotateSecret ? newSecret() : existing.secret;
        const row = { unit_id: unitId, url, secret, enabled: input.enabled === false ? 0 : 1, updated_by: by.actorId ?? by.actorName, updated_at: at };
        await store.upsertOaHook(trx, row);
        const u = new URL(url);
        return {
          // The secret is shown once: when created or rotated.
          value: oaView(row, secret !== existing?.secret ? secret : undefined),
          events: [
            {
              ...auditActorOf(by),
              action: existing ? 'sharing.oa_hook.update' : 'sharing.oa_hook.create',
              targetType: 'sharing_oa_hook',
              targetId: unitId,
              result: 'success',
              detail: { url: `${u.origin}${u.pathname}`, enabled: row.enabled === 1, secretRotated: secret !== existing?.secret },
            },
          ],
        };
      });
    },

    async deleteOaHook(by) {
      const unitId = requireOaSteward(by);
      await audit.transact(async (trx) => {
        const gone = await store.deleteOaHook(trx, unitId);
        if (!gone) throw new AppError(404, 'not_found', 'sharing.workflow.oa_hook_not_found');
        return { value: undefined, events: [{ ...auditActorOf(by), action: 'sharing.oa_hook.delete', targetType: 'sharing_oa_hook', targetId: unitId, result: 'success', detail: {} }] };
      });
    },

    deliverOa: deliverDue,

    start() {
      if (sweepTimer) return;
      const tick = () => {
        if (running || !sweepTimer) return;
        running = service
          .sweep()
          .catch((e: unknown) => log.error({ err: e }, 'sharing sweep failed'))
          .finally(() => {
            running = null;
          });
      };
      const oaTick = () => {
        if (oaRunning || !oaTimer) return;
        oaRunning = deliverDue()
          .catch((e: unknown) => log.error({ err: e }, 'sharing OA delivery failed'))
          .finally(() => {
            oaRunning = null;
          });
      };
      sweepTimer = setInterval(tick, SWEEP_INTERVAL_MS);
      sweepTimer.unref();
      oaTimer = setInterval(oaTick, OA_INTERVAL_MS);
      oaTimer.unref();
      // First sweep soon after start, not a full interval later.
      setTimeout(tick, 2_000).unref();
    },

    async stop() {
      if (sweepTimer) clearInterval(sweepTimer);
      if (oaTimer) clearInterval(oaTimer);
      sweepTimer = oaTimer = null;
      await Promise.allSettled([running, oaRunning]);
    },
  };
  return service;
}

