import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { auditContext, requireActor } from '../../core/http/guard.js';
import type { SharingActor } from '../workflow/types.js';
import type { DemandInput } from './model.js';
import * as S from './schema.js';
import './messages.js';

const tags = ['sharing'];

/** The caller of a demands operation (401 when anonymous). */
export function demandActor(request: FastifyRequest): SharingActor {
  const a = requireActor(request);
  return { ...auditContext(request), kind: a.kind, roles: a.roles, systemId: a.systemId ?? null };
}

/** 共享需求 (R12, R14) under /api/v1/sharing/demands. Thin: validate, call the service; rules and permissions live in service.ts / policy.ts. */
export const demandsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const demands = app.platform.demands;
  const one = { 200: S.DemandDetail, ...S.problems(400, 401, 403, 404, 409) };

  app.post(
    '/sharing/demands',
    {
      schema: {
        tags,
        summary: 'Raise a demand (共享需求) in the unified form',
        description:
          "Any user of a unit (unit_user, unit_steward) for the caller's own unit. With a target resource or provider unit the demand is routed to the provider at once; " +
          "otherwise it waits for the authority's matching. The authority's registration (备案) task opens in either case.",
        body: S.DemandInput,
        response: { 201: S.DemandDetail, ...S.problems(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(await demands.submit(demandActor(request), request.body as DemandInput)),
  );

  app.get(
    '/sharing/demands',
    {
      schema: {
        tags,
        summary: 'The demand board: demands by box, state and text, with counts per state',
        description: 'The authority, leaders, supervisors and administrators see every demand; a unit sees those it raised or that are routed to it.',
        querystring: S.ListQuery,
        response: { 200: S.DemandList, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => demands.list(demandActor(request), request.query),
  );

  app.get(
    '/sharing/demands/gaps',
    {
      schema: {
        tags,
        summary: 'The city-wide gap list (资源缺口): demands for information no unit holds',
        description: 'Every signed-in user and application system.',
        querystring: S.GapQuery,
        response: { 200: S.GapList, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => demands.gaps(demandActor(request), request.query),
  );

  app.get(
    '/sharing/demands/form-options',
    {
      schema: {
        tags,
        summary: "What the demand form offers the caller: its unit's application systems",
        response: { 200: S.FormOptions, ...S.problems(401, 403) },
      },
    },
    async (request) => demands.formOptions(demandActor(request)),
  );

  app.get(
    '/sharing/demands/:id',
    {
      schema: {
        tags,
        summary: 'One demand with its record (responses, decisions, registrations) and what the caller may do now',
        params: S.IdParams,
        response: { 200: S.DemandDetail, ...S.problems(401, 404) },
      },
    },
    async (request) => demands.get(demandActor(request), request.params.id),
  );

  app.get(
    '/sharing/demands/:id/suggestions',
    {
      schema: {
        tags,
        summary: "Catalog search suggestions for matching the demand (the demand's data items and words)",
        params: S.IdParams,
        querystring: S.SuggestionQuery,
        response: { 200: S.SuggestionList, ...S.problems(401, 403, 404) },
      },
    },
    async (request) => ({ items: await demands.suggestions(demandActor(request), request.params.id, { limit: request.query.limit }) }),
  );

  app.post(
    '/sharing/demands/:id/route',
    {
      schema: {
        tags,
        summary: 'Route (match) the demand to a provider unit and/or resources — the authority',
        description: 'From submitted, routed (re-route) or gap. The provider steward gets the answer task (deadline demand_answer).',
        params: S.IdParams,
        body: S.RouteBody,
        response: one,
      },
    },
    async (request) => demands.route(demandActor(request), request.params.id, request.body),
  );

  app.post(
    '/sharing/demands/:id/accept',
    {
      schema: {
        tags,
        summary: "Accept — the provider unit's steward",
        description:
          'existing: link a published resource of the unit (state accepted). new_entry: link a catalog draft the unit created through the catalog workflow (state in_progress, met when that version is published). ' +
          'Also after a provider_must_share decision. Opens the registration task.',
        params: S.IdParams,
        body: S.AcceptBody,
        response: one,
      },
    },
    async (request) => demands.accept(demandActor(request), request.params.id, request.body),
  );

  app.post(
    '/sharing/demands/:id/decline',
    {
      schema: {
        tags,
        summary: "Decline with circumstances and reasons — the provider unit's steward (R14)",
        description: 'Goes to the authority for coordination (deadline coordination) and registration.',
        params: S.IdParams,
        body: S.DeclineBody,
        response: one,
      },
    },
    async (request) => demands.decline(demandActor(request), request.params.id, request.body),
  );

  app.post(
    '/sharing/demands/:id/register',
    {
      schema: {
        tags,
        summary: 'Register (备案) the demand and every response not yet registered — the authority',
        params: S.IdParams,
        body: S.RegisterBody,
        response: one,
      },
    },
    async (request) => demands.register(demandActor(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/sharing/demands/:id/decide',
    {
      schema: {
        tags,
        summary: "Record the authority's coordination decision on a declined demand",
        params: S.IdParams,
        body: S.DecisionBody,
        response: one,
      },
    },
    async (request) => demands.decide(demandActor(request), request.params.id, request.body),
  );

  app.post(
    '/sharing/demands/:id/escalate',
    {
      schema: {
        tags,
        summary: 'Escalate a major matter to the leadership group — the authority',
        params: S.IdParams,
        body: S.EscalateBody,
        response: one,
      },
    },
    async (request) => demands.escalate(demandActor(request), request.params.id, request.body),
  );

  app.post(
    '/sharing/demands/:id/leader-decide',
    {
      schema: {
        tags,
        summary: "Record the leadership group's decision — binding and final (leader)",
        params: S.IdParams,
        body: S.DecisionBody,
        response: one,
      },
    },
    async (request) => demands.leaderDecide(demandActor(request), request.params.id, request.body),
  );

  app.post(
    '/sharing/demands/:id/mark-gap',
    {
      schema: {
        tags,
        summary: 'Mark the demand a resource gap: no unit holds the information — the authority',
        params: S.IdParams,
        body: S.GapBody,
        response: one,
      },
    },
    async (request) => demands.markGap(demandActor(request), request.params.id, request.body),
  );

  app.post(
    '/sharing/demands/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw the demand before an answer — the requesting unit',
        params: S.IdParams,
        body: S.WithdrawBody,
        response: one,
      },
    },
    async (request) => demands.withdraw(demandActor(request), request.params.id, request.body ?? {}),
  );
};
