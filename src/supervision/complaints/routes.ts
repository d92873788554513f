import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { Type, type TSchema } from '@sinclair/typebox';
import type { ComplaintDetail } from './model.js';
import { AppError } from '../../core/errors.js';
import { contentDisposition } from '../../exchange/files/routes.js';
import { supervisionActor } from '../violations/routes.js';
import * as S from './schema.js';
import './messages.js';

const tags = ['supervision'];

/** HTTP API of supervision/complaints under /api/v1: thin — validate, build the actor, call the service. */
export const complaintRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const complaints = app.platform.complaints;
  const write = { 200: S.ComplaintDetail, ...S.problems(400, 401, 403, 404, 409) };
  const url = '/supervision/complaints';

  app.post(
    url,
    {
      schema: {
        tags,
        summary: 'Complain (投诉) about another unit\'s violation, to the supervision department or the IT authority',
        description: 'A unit\'s users and data stewards. Evidence files: POST …/{id}/evidence. The handler gets a "handle" task (complaint_handle deadline).',
        body: S.SubmitBody,
        response: { 201: S.ComplaintDetail, ...S.problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const c = await complaints.submit(supervisionActor(request), request.body as never);
      reply.header('location', `/api/v1${url}/${c.id}`);
      return reply.code(201).send(c);
    },
  );

  app.get(
    url,
    { schema: { tags, summary: 'Complaints: my unit\'s (mine), awaiting me (to_handle), or all I may see (all)', querystring: S.ListQuery, response: { 200: S.ComplaintList, ...S.problems(400, 401) } } },
    async (request) => complaints.list(supervisionActor(request), request.query),
  );

  app.get(
    `${url}/:id`,
    {
      schema: {
        tags,
        summary: 'One complaint with its messages, evidence, linked violations and the caller\'s possible actions',
        description: 'The complained-about unit (once asked for information) sees neither the complainant nor the investigation notes unless the handler disclosed the complainant.',
        params: S.IdParams,
        response: { 200: S.ComplaintDetail, ...S.problems(401, 403, 404) },
      },
    },
    async (request) => complaints.get(supervisionActor(request), request.params.id),
  );

  const post = (verb: string, summary: string, body: TSchema, run: (by: ReturnType<typeof supervisionActor>, id: string, b: never) => Promise<ComplaintDetail>) =>
    app.post(`${url}/:id/${verb}`, { schema: { tags, summary, params: S.IdParams, body, response: write } }, async (request) => run(supervisionActor(request), (request.params as { id: string }).id, request.body as never) as never);

  post('accept', 'The handler accepts the complaint', S.CommentBody, (by, id, b: { comment?: string | null }) => complaints.accept(by, id, b.comment));
  post('reject', 'The handler rejects the complaint with a reason', S.ReasonBody, (by, id, b: { reason: string }) => complaints.reject(by, id, b.reason));
  post('note', 'The handler\'s investigation note (never shown to the complained-about unit)', S.TextBody, (by, id, b: { text: string }) => complaints.note(by, id, b.text));
  post('request', 'Ask the complained-about unit or the complainant for information', S.RequestBody, (by, id, b: { party: 'target' | 'complainant'; text: string }) => complaints.request(by, id, b));
  post('reply', 'Reply to a request for information (the party asked)', S.TextBody, (by, id, b: { text: string }) => complaints.reply(by, id, b.text));
  post('link', 'Link existing violations to the complaint', S.LinkBody, (by, id, b: { violationIds: string[] }) => complaints.link(by, id, b.violationIds));
  post('violations', 'Record a confirmed violation (source complaint) of the complained-about unit and link it', S.ViolationBody, (by, id, b: never) => complaints.recordViolation(by, id, b));
  post('conclude', 'The result (upheld / not upheld), fed back to the complainant', S.ConcludeBody, (by, id, b: { outcome: 'upheld' | 'not_upheld'; result: string }) => complaints.conclude(by, id, b));
  post('acknowledge', 'The complainant acknowledges the result: closed', S.CommentBody, (by, id, b: { comment?: string | null }) => complaints.acknowledge(by, id, b.comment));
  post('close', 'The handler closes a concluded complaint', S.CommentBody, (by, id, b: { comment?: string | null }) => complaints.close(by, id, b.comment));
  post('disclose', 'The handler discloses the complainant to the complained-about unit', S.CommentBody, (by, id, b: { comment?: string | null }) => complaints.disclose(by, id, b.comment));

  app.get(
    `${url}/:id/evidence/:evidenceId`,
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
      const { evidence, stream } = await complaints.openEvidence(supervisionActor(request), request.params.id, request.params.evidenceId);
      reply.header('cache-control', 'private, no-cache');
      reply.header('content-type', evidence.contentType);
      reply.header('content-length', String(evidence.bytes));
      reply.header('content-disposition', contentDisposition(evidence.name));
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(stream as never);
    },
  );

  // Evidence uploads: the raw file, or multipart with one file part, streamed to the blob store.
  await app.register(async (child) => {
    const files = child.withTypeProvider<TypeBoxTypeProvider>();
    files.removeContentTypeParser(['application/json', 'text/plain']);
    files.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    if (!files.hasRequestDecorator('isMultipart')) await files.register(multipart);
    files.post(
      `${url}/:id/evidence`,
      {
        schema: {
          tags,
          summary: 'Add an evidence file (PDF, OFD, Office, TXT, CSV, ZIP, images; at most 20 MiB, 10 per complaint)',
          description: 'The complainant\'s unit, until the complaint is concluded. The type is decided from the bytes (415 otherwise).',
          params: S.IdParams,
          querystring: S.EvidenceUploadQuery,
          consumes: ['application/octet-stream', 'multipart/form-data', '*/*'],
          response: { 201: S.Evidence, ...S.problems(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        const by = supervisionActor(request);
        let name = request.query.name;
        let contentType: string | null;
        let declaredBytes: number | null = null;
        let stream: Readable;
        if (request.isMultipart()) {
          const part = await request.file({ limits: { fileSize: complaints.evidenceMaxBytes + 1, files: 1, fields: 5, fieldSize: 1024 } });
          if (!part) throw new AppError(400, 'file_required', 'supervision.complaint.evidence_file_required');
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
          const ev = await complaints.addEvidence(by, request.params.id, { name, contentType, declaredBytes }, stream);
          reply.header('location', `/api/v1${url}/${request.params.id}/evidence/${ev.id}`);
          return reply.code(201).send(ev);
        } catch (e) {
          if (!request.raw.complete) reply.header('connection', 'close');
          throw e;
        }
      },
    );
  });
};
