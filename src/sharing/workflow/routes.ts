import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError, forbidden } from '../../core/errors.js';
import { auditContext, requireActor } from '../../core/http/guard.js';
import type { OrgService } from '../../org/service.js';
import { can } from './policy.js';
import { itemPath } from './service.js';
import { DEADLINE_DEFAULTS, type Assignee, type ItemKind, type SharingActor, type WorkflowService } from './types.js';
import * as S from './schema.js';
import './messages.js';

/** The caller as the sharing workflow sees it. */
export function sharingActor(request: FastifyRequest): SharingActor {
  const a = requireActor(request);
  return { ...auditContext(request), kind: a.kind, roles: a.roles, systemId: a.systemId ?? null };
}

/** Unit names for presenters, one lookup per unit per request. */
function unitNames(org: OrgService) {
  const cache = new Map<string, Promise<string | null>>();
  return (id: string | null): Promise<string | null> => {
    if (!id) return Promise.resolve(null);
    let p = cache.get(id);
    if (!p) {
      p = org.getUnit(id).then((u) => u?.name ?? null, () => null);
      cache.set(id, p);
    }
    return p;
  };
}

function need<K extends keyof WorkflowService>(wf: WorkflowService, key: K): NonNullable<WorkflowService[K]> {
  const fn = wf[key];
  if (!fn) throw new AppError(503, 'unavailable', 'error.unavailable', { reason: String(key) });
  return (fn as (...a: unknown[]) => unknown).bind(wf) as NonNullable<WorkflowService[K]>;
}

/** workflow routes under /api/v1 (the services are on app.platform). */
export const workflowRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { platform } = app;
  const wf = platform.workflow;
  const tags = ['sharing'];

  const withUnit = async (a: Assignee, name: (id: string | null) => Promise<string | null>) => ({ ...a, unitName: await name(a.unitId) });

  /** 404 when nothing of the item exists; 403 when it exists but is not the caller's to see. */
  async function requireVisible(by: SharingActor, kind: ItemKind, id: string): Promise<void> {
    if (await wf.canSee(by, kind, id)) return;
    const exists = (await wf.timeline(kind, id)).length > 0;
    if (exists) throw forbidden();
    throw new AppError(404, 'not_found', 'sharing.workflow.item_not_found', { kind, id });
  }

  app.get(
    '/sharing/inbox',
    {
      schema: {
        tags,
        summary: '我的待办: tasks awaiting the caller (its roles, in its unit or city-wide), soonest deadline first, with working-day countdowns',
        querystring: S.InboxQuery,
        response: { 200: S.InboxList, ...S.problems(400, 401) },
      },
    },
    async (request) => {
      const by = sharingActor(request);
      const r = await wf.inbox(by, request.query);
      const name = unitNames(platform.org);
      return { total: r.total, items: await Promise.all(r.items.map(async (t) => ({ ...t, assignee: await withUnit(t.assignee, name), link: itemPath(t.itemKind, t.itemId) }))) };
    },
  );

  app.get(
    '/sharing/notifications',
    {
      schema: {
        tags,
        summary: "Notifications addressed to the caller's roles (in its unit or city-wide), newest first, with the user's read state (API tokens: none)",
        querystring: S.NotificationsQuery,
        response: { 200: S.NotificationList, ...S.problems(400, 401) },
      },
    },
    async (request) => {
      const by = sharingActor(request);
      const r = await wf.notifications(by, request.query);
      const name = unitNames(platform.org);
      return { ...r, items: await Promise.all(r.items.map(async (n) => ({ ...n, assignee: await withUnit(n.assignee, name), link: itemPath(n.itemKind, n.itemId) }))) };
    },
  );

  app.post(
    '/sharing/notifications/read',
    {
      schema: {
        tags,
        summary: "Marks the caller's notifications read (the listed ids, or all)",
        body: S.MarkReadBody,
        response: { 200: S.MarkReadResult, ...S.problems(400, 401) },
      },
    },
    async (request) => ({ marked: await wf.markRead(sharingActor(request), request.body?.ids) }),
  );

  app.get(
    '/sharing/settings/deadlines',
    { schema: { tags, summary: 'Deadline settings in working days (R13), with the regulation defaults', response: { 200: S.SettingsView, ...S.problems(401, 403) } } },
    async (request) => {
      if (!can(sharingActor(request), 'settings.read')) throw forbidden();
      return { settings: await wf.settings(), defaults: DEADLINE_DEFAULTS };
    },
  );

  app.put(
    '/sharing/settings/deadlines',
    {
      schema: {
        tags,
        summary: 'Changes deadline settings (the IT authority or a platform administrator); applies to tasks opened afterwards; audited sharing.settings.update',
        body: S.SettingsPatch,
        response: { 200: S.SettingsView, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => ({ settings: await wf.updateSettings(sharingActor(request), request.body), defaults: DEADLINE_DEFAULTS }),
  );

  app.get(
    '/sharing/timeline/:kind/:id',
    {
      schema: {
        tags,
        summary: "An item's timeline, oldest first: who did what, when, from which state to which, with which comment",
        params: S.KindIdParams,
        response: { 200: S.TimelineList, ...S.problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const by = sharingActor(request);
      const { kind, id } = request.params;
      await requireVisible(by, kind, id);
      const name = unitNames(platform.org);
      const items = await wf.timeline(kind, id);
      return { items: await Promise.all(items.map(async (e) => ({ ...e, unitName: await name(e.unitId) }))) };
    },
  );

  app.get(
    '/sharing/tasks/:kind/:id',
    {
      schema: {
        tags,
        summary: "An item's open tasks (state=all: every task) with assignee and deadline",
        params: S.KindIdParams,
        querystring: S.TasksQuery,
        response: { 200: S.TaskList, ...S.problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const by = sharingActor(request);
      const { kind, id } = request.params;
      await requireVisible(by, kind, id);
      const tasks = await wf.tasksOf(kind, id, { openOnly: request.query.state !== 'all' });
      const entries = await need(wf, 'entries')(tasks);
      const name = unitNames(platform.org);
      return { items: await Promise.all(entries.map(async (t) => ({ ...t, assignee: await withUnit(t.assignee, name), link: itemPath(t.itemKind, t.itemId) }))) };
    },
  );

  app.post(
    '/sharing/sweep',
    {
      schema: {
        tags,
        summary: 'Runs the deadline sweeper now (the IT authority or a platform administrator): marks newly overdue tasks, notifies, runs the item hooks',
        response: { 200: S.SweepResult, ...S.problems(401, 403) },
      },
    },
    async (request) => {
      if (!can(sharingActor(request), 'sweep.run')) throw forbidden();
      return wf.sweep();
    },
  );

  app.get(
    '/sharing/overdue',
    {
      schema: {
        tags,
        summary: 'Tasks found past their deadline (violation candidates): the IT authority, supervision, platform administrators',
        querystring: S.OverdueQuery,
        response: { 200: S.OverdueList, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => {
      if (!can(sharingActor(request), 'overdue.read')) throw forbidden();
      const q = request.query;
      const norm = (v: string | undefined, field: string) => {
        if (v === undefined) return undefined;
        const t = Date.parse(v);
        if (!Number.isFinite(t)) throw new AppError(400, 'validation_failed', 'error.validation', {}, [{ field: `querystring.${field}`, code: 'invalid_range', messageKey: 'sharing.workflow.invalid_range', params: { value: v } }]);
        return new Date(t).toISOString();
      };
      const items = await wf.overdue({ from: norm(q.from, 'from'), to: norm(q.to, 'to'), itemKind: q.itemKind, unitId: q.unitId });
      const name = unitNames(platform.org);
      return { items: await Promise.all(items.map(async (r) => ({ ...r, title: r.title ?? '', titleEn: r.titleEn ?? null, assignee: await withUnit(r.assignee, name), link: itemPath(r.itemKind, r.itemId) }))) };
    },
  );

  app.get(
    '/sharing/oa-hook',
    { schema: { tags, summary: "Your unit's OA webhook (unit stewards); never its secret", response: { 200: S.OaHook, ...S.problems(401, 403, 404) } } },
    async (request) => need(wf, 'getOaHook')(sharingActor(request)),
  );

  app.put(
    '/sharing/oa-hook',
    {
      schema: {
        tags,
        summary: "Sets your unit's OA webhook (unit stewards): each notification addressed to the unit is POSTed as JSON, signed HMAC-SHA256 over \"<timestamp>.<body>\", retried with backoff",
        body: S.OaHookBody,
        response: { 200: S.OaHook, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => need(wf, 'setOaHook')(sharingActor(request), request.body),
  );

  app.delete(
    '/sharing/oa-hook',
    { schema: { tags, summary: "Deletes your unit's OA webhook (unit stewards)", response: { 204: S.NoContent, ...S.problems(401, 403, 404) } } },
    async (request, reply) => {
      await need(wf, 'deleteOaHook')(sharingActor(request));
      return reply.code(204).send(null);
    },
  );
};
