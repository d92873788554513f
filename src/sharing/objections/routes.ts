import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { auditContext, requireActor } from '../../core/http/guard.js';
import { contentDisposition } from '../../exchange/files/routes.js';
import type { SharingActor } from '../workflow/types.js';
import * as S from './schema.js';
import './messages.js';

const tags = ['sharing'];

/** The caller of an objection operation (401 when anonymous). */
function objectionActor(request: FastifyRequest): SharingActor {
  const a = requireActor(request);
  return { ...auditContext(request), kind: a.kind, roles: a.roles, systemId: a.systemId ?? null };
}

/** 异议 (R15) under /api/v1/sharing/objections: thin — validate, build the actor, call the service. */
export const objectionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const objections = app.platform.objections;

  app.post(
    '/sharing/objections',
    {
      schema: {
        tags,
        summary: 'Raise an objection (异议) about a resource, or records and fields of it, in writing',
        description:
          'A user of a consumer unit that may read the resource (mandatory: any unit; restricted: a unit holding a grant). ' +
          'Evidence files are added afterwards with POST /sharing/objections/{id}/evidence. The authority gets an "accept" task (registration deadline).',
        body: S.RaiseBody,
        response: { 201: S.ObjectionDetail, ...S.problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const o = await objections.raise(objectionActor(request), request.body);
      reply.header('location', `/api/v1/sharing/objections/${o.id}`);
      return reply.code(201).send(o);
    },
  );

  app.get(
    '/sharing/objections',
    {
      schema: {
        tags,
        summary: 'Objections: raised by my unit (mine), awaiting me (to_handle), or all I may see (all)',
        querystring: S.ListQuery,
        response: { 200: S.ObjectionList, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      return objections.list(objectionActor(request), { box: q.box, state: q.state, resourceCode: q.resource, limit: q.limit, offset: q.offset });
    },
  );

  app.get(
    '/sharing/objections/marks',
    {
      schema: {
        tags,
        summary: 'What of a resource is under objection (accepted, not yet closed)',
        description: 'Every signed-in user. Record keys of other units\' objections only for the provider unit, the authority, supervisors and administrators (others get their count).',
        querystring: S.MarksQuery,
        response: { 200: S.Marks, ...S.problems(400, 401, 403, 404) },
      },
    },
    async (request) => objections.marksFor(objectionActor(request), request.query.resource),
  );

  app.get(
    '/sharing/objections/stats',
    {
      schema: {
        tags,
        summary: 'Objection outcomes per provider unit; upheld ones are counted for supervision (第三十一条第二项)',
        description: 'The authority, supervisors, administrators, the leadership group; a unit\'s data steward for the own unit (unitId required).',
        querystring: S.StatsQuery,
        response: { 200: S.Stats, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => objections.stats(objectionActor(request), request.query),
  );

  app.get(
    '/sharing/objections/:id',
    {
      schema: {
        tags,
        summary: 'One objection with its evidence files and the caller\'s possible actions',
        description: 'The raising unit, the provider unit, the authority, supervisors, administrators. The timeline and tasks come from the workflow API (item kind "objection").',
        params: S.IdParams,
        response: { 200: S.ObjectionDetail, ...S.problems(401, 403, 404) },
      },
    },
    async (request) => objections.get(objectionActor(request), request.params.id),
  );

  app.post(
    '/sharing/objections/:id/accept',
    {
      schema: {
        tags,
        summary: 'The authority accepts (raised → marked): the records show as under objection; the provider gets a verify task (10 working days)',
        description: 'Also on a disputed objection: back to the provider for a second verification.',
        params: S.IdParams,
        body: S.CommentBody,
        response: { 200: S.ObjectionDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => objections.accept(objectionActor(request), request.params.id, request.body.comment),
  );

  app.post(
    '/sharing/objections/:id/reject',
    {
      schema: { tags, summary: 'The authority rejects a raised objection with a reason; it is archived', params: S.IdParams, body: S.ReasonBody, response: { 200: S.ObjectionDetail, ...S.problems(400, 401, 403, 404, 409) } },
    },
    async (request) => objections.reject(objectionActor(request), request.params.id, request.body.reason),
  );

  app.post(
    '/sharing/objections/:id/answer',
    {
      schema: {
        tags,
        summary: 'The provider answers after verifying: corrected (the correction is uploaded as usual) or explained; fed back to the raiser',
        params: S.IdParams,
        body: S.AnswerBody,
        response: { 200: S.ObjectionDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => objections.answer(objectionActor(request), request.params.id, request.body),
  );

  app.post(
    '/sharing/objections/:id/acknowledge',
    {
      schema: { tags, summary: 'The raiser acknowledges the feedback; the authority closes', params: S.IdParams, body: S.CommentBody, response: { 200: S.ObjectionDetail, ...S.problems(400, 401, 403, 404, 409) } },
    },
    async (request) => objections.acknowledge(objectionActor(request), request.params.id, request.body.comment),
  );

  app.post(
    '/sharing/objections/:id/dispute',
    {
      schema: { tags, summary: 'The raiser disputes the feedback (once); back to the authority', params: S.IdParams, body: S.ReasonBody, response: { 200: S.ObjectionDetail, ...S.problems(400, 401, 403, 404, 409) } },
    },
    async (request) => objections.dispute(objectionActor(request), request.params.id, request.body.reason),
  );

  app.post(
    '/sharing/objections/:id/close',
    {
      schema: {
        tags,
        summary: 'The authority closes: upheld (the data was wrong) or not; the mark is removed and the objection archived',
        params: S.IdParams,
        body: S.CloseBody,
        response: { 200: S.ObjectionDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => objections.close(objectionActor(request), request.params.id, request.body),
  );

  app.get(
    '/sharing/objections/:id/evidence/:evidenceId',
    {
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: 'Download an evidence file (audited)',
        params: S.EvidenceParams,
        produces: ['application/octet-stream'],
        response: { 200: Type.String({ description: 'the file', format: 'binary' }), ...S.problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { evidence, stream } = await objections.openEvidence(objectionActor(request), request.params.id, request.params.evidenceId);
      reply.header('etag', `"${evidence.sha256}"`);
      reply.header('cache-control', 'private, no-cache');
      reply.header('content-type', evidence.contentType);
      reply.header('content-length', String(evidence.bytes));
      reply.header('content-disposition', contentDisposition(evidence.name));
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(stream as never);
    },
  );

  // Evidence uploads: every body is a file (raw, or multipart with one file part), streamed to the blob store.
  await app.register(async (child) => {
    const files = child.withTypeProvider<TypeBoxTypeProvider>();
    files.removeContentTypeParser(['application/json', 'text/plain']);
    files.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    if (!files.hasRequestDecorator('isMultipart')) await files.register(multipart);

    files.post(
      '/sharing/objections/:id/evidence',
      {
        schema: {
          tags,
          summary: 'Add an evidence file (PDF, OFD, Office, TXT, CSV, ZIP, images; at most 20 MiB, 10 per objection)',
          description:
            'The raw file as the body with ?name=, or multipart/form-data with one file part. The type is decided from the bytes: a name or Content-Type ' +
            'that contradicts them gives 415 content_type_mismatch, executables and other kinds 415 file_type_not_allowed, an empty file 400 file_empty, ' +
            'a larger one 413. The raising unit until the feedback is settled; the provider unit\'s data stewards while verifying.',
          params: S.IdParams,
          querystring: S.EvidenceUploadQuery,
          consumes: ['application/octet-stream', 'multipart/form-data', '*/*'],
          response: { 201: S.Evidence, ...S.problems(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        const by = objectionActor(request);
        let name = request.query.name;
        let contentType: string | null;
        let declaredBytes: number | null = null;
        let stream: Readable;
        if (request.isMultipart()) {
          // One byte over the limit lets the service's own count answer 413 first.
          const part = await request.file({ limits: { fileSize: objections.evidenceMaxBytes + 1, files: 1, fields: 5, fieldSize: 1024 } });
          if (!part) throw new AppError(400, 'file_required', 'sharing.objection.evidence_file_required');
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
          const ev = await objections.addEvidence(by, request.params.id, { name, contentType, declaredBytes }, stream);
          reply.header('location', `/api/v1/sharing/objections/${request.params.id}/evidence/${ev.id}`);
          return reply.code(201).send(ev);
        } catch (e) {
          // The client may still be sending (a refusal stops reading): close the connection after the answer.
          if (!request.raw.complete) reply.header('connection', 'close');
          throw e;
        }
      },
    );
  });
};
