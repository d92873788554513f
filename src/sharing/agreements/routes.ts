import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { auditContext, requireActor } from '../../core/http/guard.js';
import { contentDisposition } from '../../exchange/files/routes.js';
import type { OrgService } from '../../org/service.js';
import type { SharingActor } from '../workflow/types.js';
import type { Agreement, AgreementDetail, AgreementService } from './service.js';
import * as S from './schema.js';
import './messages.js';

/** The caller of a sharing operation (401 when anonymous). */
export function sharingActor(request: FastifyRequest): SharingActor {
  const actor = requireActor(request);
  return { ...auditContext(request), kind: actor.kind, roles: actor.roles, systemId: actor.systemId ?? null };
}

/** Unit names for a page of agreements, each unit looked up once. */
async function unitNames(org: OrgService, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const units = await Promise.all(unique.map((id) => org.getUnit(id)));
  return new Map(unique.map((id, i) => [id, units[i]?.name ?? id]));
}

/** What the API shows of an agreement: the stored fields plus the two units' names (never the obligations in lists). */
function presentSummary(a: Agreement, names: Map<string, string>) {
  const { obligations: _obligations, ...rest } = a;
  return { ...rest, providerUnitName: names.get(a.providerUnitId) ?? a.providerUnitId, consumerUnitName: names.get(a.consumerUnitId) ?? a.consumerUnitId };
}

async function presentDetail(org: OrgService, agreements: AgreementService, by: SharingActor, a: AgreementDetail) {
  const names = await unitNames(org, [a.providerUnitId, a.consumerUnitId]);
  return { ...presentSummary(a, names), obligations: a.obligations, filings: a.filings, can: agreements.capabilities(by, a) };
}

/**
 * 共享安全保密协议 and filings (R17) under /api/v1/sharing/agreements. Thin: the service decides,
 * policy.ts says who may.
 */
export const agreementsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { platform } = app;
  const tags = ['sharing'];
  const agreements = (): AgreementService => platform.agreements;
  const detail = (request: FastifyRequest, a: AgreementDetail) => presentDetail(platform.org, agreements(), sharingActor(request), a);
  const base = '/sharing/agreements';
  const byId = `${base}/:id`;

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Confidentiality agreements (共享安全保密协议): my unit\'s, the 待备案 box of my office, or all',
        description: 'box=mine (default): agreements my unit is a party of; box=to_file: awaiting my office\'s acknowledgement (secrecy_officer, authority_reviewer); box=all: offices, supervisors and administrators.',
        querystring: S.ListQuery,
        response: { 200: S.AgreementList, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await agreements().list(sharingActor(request), { box: q.box, state: q.state, grantId: q.grantId, resourceCode: q.resourceCode, limit: q.limit, offset: q.offset });
      const names = await unitNames(platform.org, page.items.flatMap((a) => [a.providerUnitId, a.consumerUnitId]));
      return { items: page.items.map((a) => presentSummary(a, names)), total: page.total };
    },
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Start the agreement of a grant waiting for one (a party of the grant, or the authority)',
        description: 'Normally created when the application is approved; this is for a grant left without one, or a renewal after the last agreement expired.',
        body: S.CreateBody,
        querystring: S.LangQuery,
        response: { 201: S.AgreementDetail, ...S.problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const a = await agreements().create(sharingActor(request), { grantId: request.body.grantId, applicationId: request.body.applicationId ?? null });
      reply.header('location', `${request.url.split('?')[0]}/${encodeURIComponent(a.id)}`);
      return reply.code(201).send(await detail(request, a));
    },
  );

  app.get(
    byId,
    {
      schema: {
        tags,
        summary: 'One agreement: terms, signed document, both parties\' confirmations, the filing with both offices, and what I may do',
        description: 'The timeline and tasks: GET /sharing/timeline/agreement/{id} and /sharing/tasks/agreement/{id}.',
        params: S.IdParams,
        querystring: S.LangQuery,
        response: { 200: S.AgreementDetail, ...S.problems(401, 403, 404) },
      },
    },
    async (request) => detail(request, await agreements().get(sharingActor(request), request.params.id)),
  );

  app.put(
    byId,
    {
      schema: {
        tags,
        summary: 'Change the terms (purpose, scope, validity, obligations) while draft, signed or returned (either party)',
        description: 'A signed (or returned) agreement whose terms change goes back to draft: the document must be signed and uploaded again.',
        params: S.IdParams,
        querystring: S.LangQuery,
        body: S.TermsBody,
        response: { 200: S.AgreementDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => detail(request, await agreements().updateTerms(sharingActor(request), request.params.id, request.body)),
  );

  const action = (
    path: string,
    summary: string,
    description: string,
    body: typeof S.ConfirmBody | typeof S.CommentBody | typeof S.AcknowledgeBody | typeof S.ReturnBody | typeof S.TerminateBody,
    run: (by: SharingActor, id: string, body: Record<string, unknown>) => Promise<AgreementDetail>,
  ) =>
    app.post(
      `${byId}/${path}`,
      {
        schema: { tags, summary, description, params: S.IdParams, querystring: S.LangQuery, body, response: { 200: S.AgreementDetail, ...S.problems(400, 401, 403, 404, 409) } },
      },
      async (request) => detail(request, await run(sharingActor(request), (request.params as { id: string }).id, (request.body ?? {}) as Record<string, unknown>)),
    );

  action(
    'confirm',
    'A party confirms the signed document for its side (provider: its data steward; consumer: its steward or user)',
    'side may be omitted when the caller acts for one side only.',
    S.ConfirmBody,
    (by, id, b) => agreements().confirm(by, id, b as { side?: 'provider' | 'consumer'; comment?: string | null }),
  );
  action(
    'submit-filing',
    'Submit the signed, confirmed agreement for filing (备案) with the secrecy bureau and the IT authority (either party)',
    'Opens one task for the secrecy bureau and one for the authority, each with the filing deadline in working days.',
    S.CommentBody,
    (by, id, b) => agreements().submitFiling(by, id, b as { comment?: string | null }),
  );
  action(
    'acknowledge',
    'An office acknowledges the filing (secrecy_officer for the secrecy bureau, authority_reviewer for the authority)',
    'When both offices have acknowledged, the agreement is filed and its grant becomes active: no filing, no data.',
    S.AcknowledgeBody,
    (by, id, b) => agreements().acknowledge(by, id, b as { office?: 'secrecy_bureau' | 'authority'; comment?: string | null; reference?: string | null }),
  );
  action(
    'return',
    'An office returns the filing with a reason; the parties correct it, confirm again and resubmit',
    'The other office\'s pending part is cancelled; both confirmations are cleared.',
    S.ReturnBody,
    (by, id, b) => agreements().returnFiling(by, id, b as { office?: 'secrecy_bureau' | 'authority'; reason: string }),
  );
  action(
    'terminate',
    'End the agreement with a reason (the provider unit\'s steward or the authority); an active grant is suspended',
    'Final.',
    S.TerminateBody,
    (by, id, b) => agreements().terminate(by, id, b as { reason: string }),
  );

  app.get(
    `${byId}/document`,
    {
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: 'Download the signed document (audited)',
        description: 'Whoever may read the agreement. The download is recorded in the audit log before the first byte is sent. ETag is the SHA-256.',
        params: S.IdParams,
        querystring: S.LangQuery,
        produces: ['application/pdf', 'application/ofd', 'image/jpeg', 'image/png'],
        response: { 200: Type.String({ description: 'the signed document', format: 'binary' }), ...S.problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { document, stream } = await agreements().openDocument(sharingActor(request), request.params.id);
      reply.header('content-type', document.contentType);
      reply.header('content-length', String(document.bytes));
      reply.header('content-disposition', contentDisposition(document.name));
      reply.header('etag', `"${document.sha256}"`);
      reply.header('cache-control', 'private, no-cache');
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(stream as never);
    },
  );

  // The upload in its own scope: there every body is the file itself (raw, or one multipart part).
  await app.register(async (scope) => {
    const files = scope.withTypeProvider<TypeBoxTypeProvider>();
    files.removeContentTypeParser(['application/json', 'text/plain']);
    files.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    if (!files.hasRequestDecorator('isMultipart')) await files.register(multipart);

    files.post(
      `${byId}/document`,
      {
        schema: {
          tags,
          summary: 'Upload the document signed by both parties (either party): PDF, OFD, JPEG or PNG, judged by its bytes',
          description:
            'The body is the file (any Content-Type; application/octet-stream when unsure) with ?name=, or multipart/form-data with one file part. ' +
            'Stored content-addressed with its SHA-256. Over the size limit: 413; another kind of file: 415. The agreement becomes signed and both ' +
            'parties confirm it again.',
          params: S.IdParams,
          querystring: S.UploadQuery,
          consumes: ['application/pdf', 'application/ofd', 'image/jpeg', 'image/png', 'application/octet-stream', 'multipart/form-data'],
          response: { 200: S.AgreementDetail, ...S.problems(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        const by = sharingActor(request);
        let name = request.query.name;
        let contentType: string | null;
        let declaredBytes: number | null = null;
        let stream: Readable;
        if (request.isMultipart()) {
          // One byte over the limit lets the service's own count answer 413 first.
          const part = await request.file({ limits: { fileSize: agreements().maxBytes + 1, files: 1, fields: 10, fieldSize: 8192 } });
          if (!part) throw new AppError(400, 'file_required', 'exchange.file.file_required');
          name ??= part.filename;
          contentType = part.mimetype;
          stream = part.file;
        } else {
          stream = request.body instanceof Readable ? request.body : Readable.from([]);
          contentType = request.headers['content-type'] ?? null;
          const length = Number(request.headers['content-length']);
          declaredBytes = Number.isFinite(length) ? length : null;
        }
        try {
          const a = await agreements().uploadDocument(by, request.params.id, { name, contentType, declaredBytes, signedAt: request.query.signedAt ?? null }, stream);
          return reply.send(await detail(request, a));
        } catch (e) {
          // The client may still be sending (a refusal stops reading): close the connection after the answer.
          if (!request.raw.complete) reply.header('connection', 'close');
          throw e;
        }
      },
    );
  });
};
