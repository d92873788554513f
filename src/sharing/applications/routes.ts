import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { auditContext, requireActor } from '../../core/http/guard.js';
import type { SharingActor } from '../workflow/types.js';
import type { ApplicationInput, ApprovalTerms, RequiredField } from './model.js';
import type { ApplicationService } from './service.js';
import * as S from './schema.js';
import './messages.js';

const tags = ['sharing'];

/** The caller as the sharing policies see it (401 when anonymous). */
export function sharingActor(request: FastifyRequest): SharingActor {
  const a = requireActor(request);
  return { ...auditContext(request), kind: a.kind, roles: a.roles, systemId: a.systemId ?? null };
}

/**
 * 共享申请 (R13, R14) and the grants (授权) under /api/v1/sharing. Thin: validate, call the
 * service (which asks policy.ts), present. Resource codes travel in bodies and query strings.
 */
export const applicationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const svc = (): ApplicationService => app.platform.applications;
  const by = sharingActor;

  // ---------------------------------------------------------------- applications

  app.get(
    '/sharing/applications/prefill',
    {
      schema: {
        tags,
        summary: 'The application form for a resource: its data items, offered methods, the unit\'s systems, defaults, and any automatic answer',
        description: 'A unit user or steward of another unit than the provider.',
        querystring: S.PrefillQuery,
        response: { 200: S.Prefill, ...S.problems(400, 401, 403, 404) },
      },
    },
    async (request) => svc().prefill(by(request), request.query.resource),
  );

  app.get(
    '/sharing/applications',
    {
      schema: {
        tags,
        summary: 'Sharing applications: the unit\'s own (mine), those to answer (to_review, providers\' stewards) or all (authority, supervision, administrator)',
        querystring: S.ListQuery,
        response: { 200: S.ApplicationList, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      return svc().list(by(request), { box: q.box, state: q.state, resourceCode: q.resource, limit: q.limit, offset: q.offset });
    },
  );

  app.post(
    '/sharing/applications',
    {
      schema: {
        tags,
        summary: 'Apply for a resource (共享申请): save a draft, or submit at once (submit: true)',
        description:
          'A unit user or steward; the unit is the caller\'s. On submission a mandatory resource is approved automatically (no grant: its data is open to every unit), ' +
          'a non-shared one refused quoting its legal basis, a classified one or one outside the sharing scope refused; an incomplete one gets one notice listing every missing field.',
        body: S.CreateBody,
        response: { 201: S.ApplicationDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { submit, ...input } = request.body;
      return reply.code(201).send(await svc().create(by(request), input as ApplicationInput, { submit: submit === true }));
    },
  );

  app.get(
    '/sharing/applications/:id',
    {
      schema: {
        tags,
        summary: 'One application with its grant, timeline, tasks and the actions the caller may take',
        description: 'Both units, the authority, supervision and the administrator.',
        params: S.IdParams,
        response: { 200: S.ApplicationDetail, ...S.problems(401, 403, 404) },
      },
    },
    async (request) => svc().get(by(request), request.params.id),
  );

  app.patch(
    '/sharing/applications/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft or an incomplete application (the applicant unit)',
        params: S.IdParams,
        body: S.ApplicationInput,
        response: { 200: S.ApplicationDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc().update(by(request), request.params.id, request.body as ApplicationInput),
  );

  const withInput = [
    ['submit', 'Submit a draft (the applicant unit); optional changes applied first', (r: FastifyRequest, id: string, b: ApplicationInput | null) => svc().submit(by(r), id, b ?? undefined)],
    ['resubmit', 'Resubmit an incomplete application after the notice (the applicant unit); optional changes applied first', (r: FastifyRequest, id: string, b: ApplicationInput | null) => svc().resubmit(by(r), id, b ?? undefined)],
  ] as const;
  for (const [action, summary, run] of withInput) {
    app.post(
      `/sharing/applications/:id/${action}`,
      {
        schema: { tags, summary, params: S.IdParams, body: S.Nullable(S.ApplicationInput), response: { 200: S.ApplicationDetail, ...S.problems(400, 401, 403, 404, 409) } },
      },
      async (request) => run(request, request.params.id, (request.body as ApplicationInput | null | undefined) ?? null),
    );
  }

  const withComment = [
    ['withdraw', 'Withdraw before a decision (the applicant unit)', (r: FastifyRequest, id: string, c: string | null) => svc().withdraw(by(r), id, c)],
    ['accept', 'Take a submitted application into review (the providing unit\'s steward)', (r: FastifyRequest, id: string, c: string | null) => svc().accept(by(r), id, c)],
    ['register', 'Register (备案) the application and its answer (the authority)', (r: FastifyRequest, id: string, c: string | null) => svc().register(by(r), id, c)],
    ['deliver', 'Confirm the data is delivered (the providing unit\'s steward); also automatic once the grant is active and the dataset has data', (r: FastifyRequest, id: string, c: string | null) => svc().confirmDelivery(by(r), id, c)],
  ] as const;
  for (const [action, summary, run] of withComment) {
    app.post(
      `/sharing/applications/:id/${action}`,
      { schema: { tags, summary, params: S.IdParams, body: S.CommentBody, response: { 200: S.ApplicationDetail, ...S.problems(400, 401, 403, 404, 409) } } },
      async (request) => run(request, request.params.id, (request.body as { comment?: string | null } | null)?.comment ?? null),
    );
  }

  app.post(
    '/sharing/applications/:id/incomplete',
    {
      schema: {
        tags,
        summary: 'Send the one incomplete notice listing everything missing (the providing unit\'s steward)',
        params: S.IdParams,
        body: S.IncompleteBody,
        response: { 200: S.ApplicationDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc().markIncomplete(by(request), request.params.id, { missing: request.body.missing as RequiredField[] | undefined, note: request.body.note ?? null }),
  );

  app.post(
    '/sharing/applications/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve, optionally narrowing fields, adding a row filter, masking, a quota or a shorter validity: creates the grant',
        description:
          'The providing unit\'s steward or the authority. The grant starts pending_agreement when the granted items touch state secrets, business secrets or privacy ' +
          '(its confidentiality agreement is opened in the same transaction: the approval, the grant and the draft agreement commit together or not at all), ' +
          'otherwise active. A delivery task (20 working days) opens for the provider. 409 bad_application_state when it was answered meanwhile, ' +
          'approval_conflict when another node raced it (nothing was written; try again).',
        params: S.IdParams,
        body: S.ApproveBody,
        response: { 200: S.ApplicationDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc().approve(by(request), request.params.id, (request.body ?? {}) as ApprovalTerms),
  );

  app.post(
    '/sharing/applications/:id/refuse',
    {
      schema: {
        tags,
        summary: 'Refuse with reasons (the providing unit\'s steward): goes to the authority for coordination (R14)',
        params: S.IdParams,
        body: S.ReasonBody,
        response: { 200: S.ApplicationDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc().refuse(by(request), request.params.id, request.body.reason),
  );

  app.post(
    '/sharing/applications/:id/request-extension',
    {
      schema: {
        tags,
        summary: 'Ask the authority once to extend the answer deadline by up to extension_max working days (the providing unit\'s steward)',
        params: S.IdParams,
        body: S.ExtensionRequestBody,
        response: { 200: S.ApplicationDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc().requestExtension(by(request), request.params.id, request.body),
  );

  app.post(
    '/sharing/applications/:id/decide-extension',
    {
      schema: {
        tags,
        summary: 'Approve or deny the extension request (the authority); approval moves the answer deadline',
        params: S.IdParams,
        body: S.ExtensionDecisionBody,
        response: { 200: S.ApplicationDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc().decideExtension(by(request), request.params.id, request.body),
  );

  app.post(
    '/sharing/applications/:id/coordinate',
    {
      schema: {
        tags,
        summary: 'Record the authority\'s coordination of a refusal: uphold it, or order approval (the grant is created, binding on the provider)',
        params: S.IdParams,
        body: S.CoordinateBody,
        response: { 200: S.ApplicationDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc().coordinate(by(request), request.params.id, { decision: request.body.decision, comment: request.body.comment, terms: request.body.terms as ApprovalTerms | undefined }),
  );

  // ---------------------------------------------------------------- grants

  app.get(
    '/sharing/grants',
    {
      schema: {
        tags,
        summary: 'Grants (授权): the consumer unit\'s, those on the provider\'s resources, or all (authority, supervision, secrecy bureau, administrator)',
        querystring: S.GrantListQuery,
        response: { 200: S.GrantList, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      return svc().listGrants(by(request), { box: q.box, resourceCode: q.resource, state: q.state, consumerUnitId: q.consumerUnitId, limit: q.limit, offset: q.offset });
    },
  );

  app.get(
    '/sharing/grants/:id',
    {
      schema: {
        tags,
        summary: 'One grant with its timeline (every change, visible to both sides), its application and agreement',
        params: S.IdParams,
        response: { 200: S.GrantDetail, ...S.problems(401, 403, 404) },
      },
    },
    async (request) => svc().getGrant(by(request), request.params.id),
  );

  app.post(
    '/sharing/grants/:id/suspend',
    {
      schema: {
        tags,
        summary: 'Suspend an active grant with a reason (the provider\'s steward, the authority, supervision)',
        params: S.IdParams,
        body: S.ReasonBody,
        response: { 200: S.GrantDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc().suspendGrant(by(request), request.params.id, request.body.reason),
  );

  app.post(
    '/sharing/grants/:id/resume',
    {
      schema: {
        tags,
        summary: 'Resume a suspended grant (the provider\'s steward, the authority); a grant that needs an agreement only once it is filed',
        params: S.IdParams,
        body: S.CommentBody,
        response: { 200: S.GrantDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc().resumeGrant(by(request), request.params.id, (request.body as { comment?: string | null } | null)?.comment ?? null),
  );

  app.post(
    '/sharing/grants/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a grant for good with a reason (the provider\'s steward, the authority)',
        params: S.IdParams,
        body: S.ReasonBody,
        response: { 200: S.GrantDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc().revokeGrant(by(request), request.params.id, request.body.reason),
  );
};
