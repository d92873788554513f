import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import multipart, { type MultipartFields } from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { AppError, unauthorized } from '../../core/errors.js';
import { auditContext } from '../../core/http/guard.js';
import type { ExchangeActor } from '../types.js';
import { sentPurpose } from '../purpose.js';
import type { FileService } from './service.js';
import * as S from './schema.js';
import './messages.js';

/** Options of the files plugin: the service it calls. */
export interface FileRoutesOptions {
  files: FileService;
}

/** The data-plane caller of a request (401 when anonymous). */
export function fileActor(request: FastifyRequest): ExchangeActor {
  const a = request.actor;
  if (!a) throw unauthorized();
  return { ...auditContext(request), kind: a.kind, roles: a.roles, scopes: a.scopes, systemId: a.systemId ?? null };
}

/**
 * Content-Disposition for a download (RFC 6266): an ASCII fallback plus the exact UTF-8 name
 * (RFC 5987 `filename*`), so 国土空间规划图.png arrives with its name.
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

function fieldValue(fields: MultipartFields, key: string): string | undefined {
  const f = fields[key];
  const one = Array.isArray(f) ? f[0] : f;
  if (!one || one.type !== 'field') return undefined;
  return typeof one.value === 'string' ? one.value : undefined;
}

/**
 * Files of non-tabular resources under /data/{code}/files. Uploads stream the raw body (any
 * Content-Type, or multipart/form-data with one file part) straight to the blob store.
 */
export const fileRoutes: FastifyPluginAsyncTypebox<FileRoutesOptions> = async (app, opts) => {
  const { files } = opts;
  const tags = ['data'];

  // In this plugin every body is a file: no JSON or text parsing, no body limit, the raw stream.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  if (!app.hasRequestDecorator('isMultipart')) await app.register(multipart);

  app.post(
    '/data/:code/files',
    {
      schema: {
        tags,
        summary: 'Upload a new version of a file of a non-tabular resource (provider unit)',
        description:
          'The body is the file itself (any Content-Type; application/octet-stream when unsure) with ?name=, or multipart/form-data with one file part ' +
          '(fields name and note before the file part, or the part\'s filename). The content type is detected from the bytes; a name or ' +
          'Content-Type that contradicts it gives 415 content_type_mismatch, a type the resource format does not take 415 file_type_not_allowed. ' +
          'Each upload of an existing name is its next version. Only the providing unit\'s data stewards or its tokens with data:write.',
        params: S.CodeParams,
        querystring: S.UploadQuery,
        consumes: ['application/octet-stream', 'multipart/form-data', '*/*'],
        response: { 201: S.FileInfo, ...S.problems(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const by = fileActor(request);
      let name = request.query.name;
      let note = request.query.note;
      let contentType: string | null;
      let declaredBytes: number | null = null;
      let stream: Readable;
      if (request.isMultipart()) {
        // One byte over the limit lets the service's own count answer 413 first.
        const part = await request.file({ limits: { fileSize: files.maxBytes + 1, files: 1, fields: 10, fieldSize: 8192 } });
        if (!part) throw new AppError(400, 'file_required', 'exchange.file.file_required');
        name ??= fieldValue(part.fields, 'name') ?? part.filename;
        note ??= fieldValue(part.fields, 'note');
        contentType = part.mimetype;
        stream = part.file;
      } else {
        stream = request.body instanceof Readable ? request.body : Readable.from([]);
        contentType = request.headers['content-type'] ?? null;
        const length = Number(request.headers['content-length']);
        declaredBytes = Number.isFinite(length) ? length : null;
      }
      try {
        const info = await files.upload(by, request.params.code, { name, note, contentType, declaredBytes }, stream);
        reply.header('location', `${request.url.split('?')[0]}/${encodeURIComponent(info.id)}`);
        return reply.code(201).send(info);
      } catch (e) {
        // The client may still be sending (a refusal stops reading): close the connection after the answer.
        if (!request.raw.complete) reply.header('connection', 'close');
        throw e;
      }
    },
  );

  app.get(
    '/data/:code/files',
    {
      schema: {
        tags,
        summary: 'The files of a non-tabular resource, by name, newest version first',
        description: 'Purpose required (X-Purpose header or ?purpose=). The provider unit, or anyone the sharing policy admits.',
        params: S.CodeParams,
        querystring: S.ListQuery,
        response: { 200: S.FileList, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const q = request.query;
      return files.list(fileActor(request), request.params.code, sentPurpose(request, q.purpose), { name: q.name, latest: q.latest, limit: q.limit, offset: q.offset });
    },
  );

  app.get(
    '/data/:code/files/:fileId',
    {
      schema: {
        tags,
        summary: 'One file version (metadata)',
        params: S.FileParams,
        querystring: S.ReadQuery,
        response: { 200: S.FileInfo, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => files.get(fileActor(request), request.params.code, request.params.fileId, sentPurpose(request, request.query.purpose)),
  );

  app.get(
    '/data/:code/files/:fileId/content',
    {
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: 'Download a file version (audited data access)',
        description:
          'Purpose required. The sharing policy must admit the caller; the download is audited before the first byte is sent. ' +
          'ETag is the SHA-256; If-None-Match with it answers 304.',
        params: S.FileParams,
        querystring: S.ReadQuery,
        produces: ['application/octet-stream'],
        response: { 200: Type.String({ description: 'the file', format: 'binary' }), 304: Type.Null({ description: 'Not modified' }), ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const opened = await files.open(fileActor(request), request.params.code, request.params.fileId, sentPurpose(request, request.query.purpose), {
        ifNoneMatch: request.headers['if-none-match'] ?? null,
      });
      const { info } = opened;
      reply.header('etag', `"${info.sha256}"`);
      // Every download is a fresh, audited access: caches must revalidate.
      reply.header('cache-control', 'private, no-cache');
      if (opened.notModified) return reply.code(304).send(null);
      reply.header('content-type', info.contentType);
      reply.header('content-length', String(info.bytes));
      reply.header('content-disposition', contentDisposition(info.name));
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(opened.stream as never);
    },
  );
};
