import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { auditContext, requireActor } from '../../core/http/guard.js';
import type { ExchangeActor } from '../types.js';
import type { SubscriptionService } from './service.js';
import * as S from './schema.js';
import './messages.js';

export interface SubscriptionRoutesOptions {
  subscriptions: SubscriptionService;
}

/** The data-plane caller of a request (401 when anonymous). */
function caller(request: FastifyRequest): ExchangeActor {
  const a = requireActor(request);
  return { ...auditContext(request), kind: a.kind, roles: a.roles, scopes: a.scopes, systemId: a.systemId ?? null };
}

const WEBHOOK_DOC =
  'Deliveries are POSTed as JSON {type:"changes", subscriptionId, deliveryId, resourceCode, changes: Change[], cursor} with headers ' +
  'X-GovShare-Delivery (stable across retries: drop duplicates by it), X-GovShare-Subscription, X-GovShare-Event (changes | ping), ' +
  'X-GovShare-Timestamp (unix seconds) and X-GovShare-Signature: "<algorithm>=<hex HMAC of \\"<timestamp>.<raw body>\\">" keyed with the secret. ' +
  'Answer 2xx to acknowledge. Anything else, a timeout or a network error is retried with exponential backoff; after the last attempt the ' +
  'subscription is dead-lettered (nothing later is sent out of order) until replayed. Deliveries of one subscription arrive strictly in order.';

/** Subscriptions and webhooks (mounted under /api/v1). */
export const subscriptionRoutes: FastifyPluginAsyncTypebox<SubscriptionRoutesOptions> = async (app, opts) => {
  const svc = opts.subscriptions;
  const tags = ['subscriptions'];

  app.post(
    '/data/:code/subscriptions',
    {
      schema: {
        tags,
        summary: "Subscribe to a resource's changes by webhook (订阅变更)",
        description: `Needs the same access as a query; API tokens need the subscribe scope. The secret is returned only in this response. ${WEBHOOK_DOC}`,
        params: S.CodeParams,
        body: S.CreateBody,
        response: { 201: S.CreatedSubscription, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await svc.create(caller(request), request.params.code, request.body)),
  );

  app.get(
    '/data/:code/subscriptions',
    {
      schema: {
        tags,
        summary: "Subscriptions on a resource: the caller's own; every one for the providing unit's steward, the IT authority and the platform administrator",
        params: S.CodeParams,
        querystring: S.ResourceListQuery,
        response: { 200: S.SubscriptionList, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => svc.list(caller(request), { ...request.query, resourceCode: request.params.code }),
  );

  app.get(
    '/subscriptions',
    {
      schema: {
        tags,
        summary: "The caller's subscriptions (its unit's; an API token: its system's), or every unit's with all=true",
        querystring: S.ListQuery,
        response: { 200: S.SubscriptionList, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => svc.list(caller(request), request.query),
  );

  app.get(
    '/subscriptions/:id',
    {
      schema: { tags, summary: 'One subscription (never its secret)', params: S.IdParams, response: { 200: S.Subscription, ...S.problems(401, 403, 404) } },
    },
    async (request) => svc.get(caller(request), request.params.id),
  );

  app.patch(
    '/subscriptions/:id',
    {
      schema: {
        tags,
        summary: 'Change the URL, purpose or batch size, or pause / resume (owner)',
        params: S.IdParams,
        body: S.UpdateBody,
        response: { 200: S.Subscription, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc.update(caller(request), request.params.id, request.body),
  );

  app.delete(
    '/subscriptions/:id',
    {
      schema: {
        tags,
        summary: 'Stop a subscription for good (owner); it is kept with its deliveries for the audit trail',
        params: S.IdParams,
        response: { 200: S.Subscription, ...S.problems(401, 403, 404, 409) },
      },
    },
    async (request) => svc.remove(caller(request), request.params.id),
  );

  app.get(
    '/subscriptions/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'Deliveries of a subscription, newest first (attempts, last status and error)',
        params: S.IdParams,
        querystring: S.PageOnlyQuery,
        response: { 200: S.DeliveryList, ...S.problems(400, 401, 403, 404) },
      },
    },
    async (request) => svc.deliveries(caller(request), request.params.id, request.query),
  );

  app.post(
    '/subscriptions/:id/replay',
    {
      schema: {
        tags,
        summary: 'Replay a dead-lettered subscription: its dead delivery is sent again (same id and changes) and delivery resumes (owner)',
        params: S.IdParams,
        response: { 200: S.Subscription, ...S.problems(401, 403, 404, 409) },
      },
    },
    async (request) => svc.replay(caller(request), request.params.id),
  );

  app.post(
    '/subscriptions/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a signed {"type":"ping"} event to the receiver now and report its answer (owner)',
        params: S.IdParams,
        response: { 200: S.PingResult, ...S.problems(401, 403, 404, 409) },
      },
    },
    async (request) => svc.test(caller(request), request.params.id),
  );
};
