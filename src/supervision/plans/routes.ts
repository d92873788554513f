import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { auditContext, requireActor } from '../../core/http/guard.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import * as S from './schema.js';
import './messages.js';

const tags = ['supervision'];

function actor(request: FastifyRequest): SharingActor {
  const a = requireActor(request);
  return { ...auditContext(request), kind: a.kind, roles: a.roles, systemId: a.systemId ?? null };
}

/** 年度计划 (R26, 第三十二条) under /api/v1/supervision/plans: thin — validate, build the actor, call the service. */
export const planRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const svc = () => app.platform.plans;
  const base = '/supervision/plans';
  const mutation = { 200: S.Detail, ...S.problems(400, 401, 403, 404, 409) };

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Annual plan items (年度计划) with status tags and the budget total of every matching item',
        description: 'Every signed-in user. The status filter and byStatus use the effective status: an open item with an overdue milestone is delayed.',
        querystring: S.ListQuery,
        response: { 200: S.List, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => svc().list(actor(request), request.query),
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Plan an item (the IT authority): kind, owner unit, content, budget (exact yuan), funding, milestones',
        body: S.CreateBody,
        response: { 201: S.Detail, ...S.problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const d = await svc().create(actor(request), request.body);
      reply.header('location', `/api/v1${base}/${d.id}`);
      return reply.code(201).send(d);
    },
  );

  app.get(
    `${base}/export.xlsx`,
    {
      schema: {
        tags,
        summary: 'A year\'s plan as an Excel workbook (items and milestones)',
        querystring: S.ExportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: Type_Binary(), ...S.problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const buf = await svc().exportXlsx(actor(request), request.query.year);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="plan-${request.query.year}.xlsx"`);
      return reply.send(buf);
    },
  );

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'One plan item with its milestones, its timeline (follow-ups, progress, status changes) and the caller\'s possible actions',
        params: S.IdParams,
        response: { 200: S.Detail, ...S.problems(401, 403, 404) },
      },
    },
    async (request) => svc().get(actor(request), request.params.id),
  );

  app.patch(
    `${base}/:id`,
    { schema: { tags, summary: 'Edit an open item (the IT authority)', params: S.IdParams, body: S.UpdateBody, response: mutation } },
    async (request) => svc().update(actor(request), request.params.id, request.body),
  );

  app.post(
    `${base}/:id/status`,
    {
      schema: {
        tags,
        summary: 'Change the status (the IT authority): planned → in_progress → completed | delayed | cancelled; a reason for delayed and cancelled',
        params: S.IdParams,
        body: S.StatusBody,
        response: mutation,
      },
    },
    async (request) => svc().setStatus(actor(request), request.params.id, request.body),
  );

  app.post(
    `${base}/:id/followups`,
    {
      schema: { tags, summary: 'The authority\'s follow-up record (跟踪): date, note, assessment', params: S.IdParams, body: S.FollowUpBody, response: mutation },
    },
    async (request) => svc().followUp(actor(request), request.params.id, request.body),
  );

  app.post(
    `${base}/:id/progress`,
    {
      schema: { tags, summary: 'The owner unit\'s steward reports progress on its own item', params: S.IdParams, body: S.ProgressBody, response: mutation },
    },
    async (request) => svc().reportProgress(actor(request), request.params.id, request.body),
  );

  app.post(
    `${base}/:id/milestones`,
    { schema: { tags, summary: 'Add a milestone (the IT authority)', params: S.IdParams, body: S.MilestoneBody, response: mutation } },
    async (request) => svc().addMilestone(actor(request), request.params.id, request.body),
  );

  app.patch(
    `${base}/:id/milestones/:milestoneId`,
    {
      schema: {
        tags,
        summary: 'Change a milestone: the authority any field; the owner unit\'s steward its done date and note',
        params: S.MilestoneParams,
        body: S.MilestonePatch,
        response: mutation,
      },
    },
    async (request) => svc().updateMilestone(actor(request), request.params.id, request.params.milestoneId, request.body),
  );

  app.delete(
    `${base}/:id/milestones/:milestoneId`,
    { schema: { tags, summary: 'Remove a milestone (the IT authority)', params: S.MilestoneParams, response: mutation } },
    async (request) => svc().removeMilestone(actor(request), request.params.id, request.params.milestoneId),
  );
};

function Type_Binary() {
  return { type: 'string', format: 'binary', description: 'XLSX workbook' } as const;
}
