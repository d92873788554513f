import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { auditContext, requireActor } from '../../core/http/guard.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import * as S from './schema.js';
import './messages.js';

const tags = ['supervision'];

/** The caller (401 when anonymous). */
export function supervisionActor(request: FastifyRequest): SharingActor {
  const a = requireActor(request);
  return { ...auditContext(request), kind: a.kind, roles: a.roles, systemId: a.systemId ?? null };
}

/** HTTP API of supervision/violations under /api/v1: thin — validate, build the actor, call the service. */
export const violationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const violations = app.platform.violations;
  const write = { 200: S.ViolationDetail, ...S.problems(400, 401, 403, 404, 409) };

  app.get(
    '/supervision/violations',
    {
      schema: {
        tags,
        summary: 'Violations (违规事项): candidates and confirmed ones, with filters',
        description: 'Supervisors, the IT authority, the leadership group, administrators and auditors see all; a unit\'s people see their unit\'s confirmed-and-later violations.',
        querystring: S.ListQuery,
        response: { 200: S.ViolationList, ...S.problems(400, 401) },
      },
    },
    async (request) => violations.list(supervisionActor(request), request.query as never),
  );

  app.post(
    '/supervision/violations',
    {
      schema: {
        tags,
        summary: 'Record a violation by hand (第六项、第八项 and any other): confirmed at once',
        description: 'Supervisors and the IT authority.',
        body: S.RecordBody,
        response: { 201: S.ViolationDetail, ...S.problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const v = await violations.record(supervisionActor(request), request.body as never);
      reply.header('location', `/api/v1/supervision/violations/${v.id}`);
      return reply.code(201).send(v);
    },
  );

  app.get(
    '/supervision/violations/stats',
    {
      schema: {
        tags,
        summary: 'Violations by state and category (created in the period) and confirmed ones per unit (confirmed in the period)',
        querystring: S.StatsQuery,
        response: { 200: S.Stats, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => violations.stats(supervisionActor(request), request.query),
  );

  app.get(
    '/supervision/notices',
    {
      schema: {
        tags,
        summary: 'Published criticisms (通报批评): every signed-in user',
        querystring: S.NoticeQuery,
        response: { 200: S.NoticeList, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => violations.notices(supervisionActor(request), request.query),
  );

  app.get(
    '/supervision/violations/:id',
    {
      schema: {
        tags,
        summary: 'One violation with the caller\'s possible actions',
        description: 'The timeline and tasks come from the workflow API (item kind "violation").',
        params: S.IdParams,
        response: { 200: S.ViolationDetail, ...S.problems(401, 403, 404) },
      },
    },
    async (request) => violations.get(supervisionActor(request), request.params.id),
  );

  app.post(
    '/supervision/violations/:id/confirm',
    { schema: { tags, summary: 'A supervisor confirms a candidate; the unit is told', params: S.IdParams, body: S.CommentBody, response: write } },
    async (request) => violations.confirm(supervisionActor(request), request.params.id, request.body.comment),
  );
  app.post(
    '/supervision/violations/:id/dismiss',
    { schema: { tags, summary: 'A supervisor dismisses a candidate with a reason', params: S.IdParams, body: S.ReasonBody, response: write } },
    async (request) => violations.dismiss(supervisionActor(request), request.params.id, request.body.reason),
  );
  app.post(
    '/supervision/violations/:id/notify',
    {
      schema: { tags, summary: '通报批评: published on the notice list; the unit\'s data steward answers (violation_answer deadline)', params: S.IdParams, body: S.TextBody, response: write },
    },
    async (request) => violations.notify(supervisionActor(request), request.params.id, request.body.text),
  );
  app.post(
    '/supervision/violations/:id/order',
    {
      schema: {
        tags,
        summary: '责令整改: the unit rectifies by a deadline (working days, a date, or the rectification setting)',
        description: 'Opens a "rectify" task for the unit\'s data stewards; once overdue the compliance rules raise 第五项 (refusal to rectify).',
        params: S.IdParams,
        body: S.OrderBody,
        response: write,
      },
    },
    async (request) => violations.order(supervisionActor(request), request.params.id, request.body),
  );
  app.post(
    '/supervision/violations/:id/answer',
    { schema: { tags, summary: 'The unit\'s data steward answers the notice or the rectification order', params: S.IdParams, body: S.TextBody, response: write } },
    async (request) => violations.answer(supervisionActor(request), request.params.id, request.body.text),
  );
  app.post(
    '/supervision/violations/:id/close',
    { schema: { tags, summary: 'A supervisor accepts the answer: rectified', params: S.IdParams, body: S.CommentBody, response: write } },
    async (request) => violations.close(supervisionActor(request), request.params.id, request.body.comment),
  );
  app.post(
    '/supervision/violations/:id/send-back',
    { schema: { tags, summary: 'A supervisor does not accept the answer: rectify again with a new deadline', params: S.IdParams, body: S.OrderBody, response: write } },
    async (request) => violations.sendBack(supervisionActor(request), request.params.id, request.body),
  );
  app.post(
    '/supervision/violations/:id/escalate',
    { schema: { tags, summary: '移送: a recommendation of administrative sanction (行政处分建议) for a serious case', params: S.IdParams, body: S.SanctionBody, response: write } },
    async (request) => violations.escalate(supervisionActor(request), request.params.id, request.body.sanction),
  );
};
