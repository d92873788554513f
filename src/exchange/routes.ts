import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';
import { auditContext, requireActor } from '../core/http/guard.js';
import { requestLang } from '../core/http/problem.js';
import { translate } from '../core/i18n.js';
import { parseFieldsParam, parseFilterParams, parseSortParam } from './query.js';
import { canArchive } from './policy.js';
import { PLATFORM_VERSION } from '../core/version.js';
import { buildResourceOpenApi } from './openapi.js';
import { writeArchive } from './archive.js';
import type { BatchRequest, ExchangeService, FileMeta } from './service.js';
import type { Batch, ExchangeActor, ReadMeta, RecordQuery, UploadMode } from './types.js';
import * as S from './schema.js';
import { purposeOf } from './purpose.js';
import './messages.js';

const tags = ['exchange'];

/** The data plane's caller (401 when anonymous). */
export function exchangeActor(request: FastifyRequest): ExchangeActor {
  const a = requireActor(request);
  return { ...auditContext(request), kind: a.kind, roles: a.roles, scopes: a.scopes, systemId: a.systemId ?? null };
}

/**
 * Records and change pages have open-ended properties: the schema serializer would stringify each
 * value on its own (several times slower on the data plane's hot paths), so they go out as one
 * JSON.stringify. The response schema still documents them.
 */
function sendJson(reply: FastifyReply, value: unknown): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value) as never);
}

/** Sets the headers a data read handed back (the grant's quota as RateLimit fields). */
function withMeta(reply: FastifyReply, meta: ReadMeta): void {
  if (meta.headers) reply.headers(meta.headers);
}

function parseMapping(s: string | undefined): Record<string, string | null> | undefined {
  if (s === undefined || s === '') return undefined;
  let m: unknown;
  try {
    m = JSON.parse(s);
  } catch {
    throw new AppError(400, 'bad_mapping', 'exchange.upload.bad_mapping');
  }
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw new AppError(400, 'bad_mapping', 'exchange.upload.bad_mapping');
  for (const v of Object.values(m as Record<string, unknown>)) if (v !== null && typeof v !== 'string') throw new AppError(400, 'bad_mapping', 'exchange.upload.bad_mapping');
  return m as Record<string, string | null>;
}

function fileMeta(request: FastifyRequest, q: { fileName?: string; format?: string; encoding?: 'utf-8' | 'gb18030' | 'auto' }): FileMeta {
  const header = request.headers['x-file-name'];
  let fileName = q.fileName;
  if (!fileName && typeof header === 'string') {
    try {
      fileName = decodeURIComponent(header);
    } catch {
      fileName = header;
    }
  }
  return { contentType: request.headers['content-type'], fileName, format: q.format, encoding: q.encoding };
}

/** The request body as a stream: the catch-all parser of the upload routes hands it over unread. */
function bodyStream(request: FastifyRequest): Readable {
  const b = request.body as unknown;
  if (b instanceof Readable) return b;
  if (b === undefined || b === null) return Readable.from([]);
  if (Buffer.isBuffer(b)) return Readable.from([b]);
  return Readable.from([Buffer.from(typeof b === 'string' ? b : JSON.stringify(b))]);
}

/** Reads a small JSON body that may be the wizard's command ({ uploadId, … }) rather than data. */
async function peekCommand(stream: Readable, contentType: string | undefined): Promise<{ command: Record<string, unknown> | null; stream: Readable }> {
  if (!contentType || !/^application\/json\b/i.test(contentType)) return { command: null, stream };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(c as string);
    chunks.push(b);
    size += b.length;
    if (size > 65_536) {
      // Too big for a command: it is data. Put what was read back in front of the rest.
      const rest = stream;
      async function* again() {
        yield* chunks;
        yield* rest;
      }
      return { command: null, stream: Readable.from(again()) };
    }
  }
  const buf = Buffer.concat(chunks);
  try {
    const v = JSON.parse(buf.toString('utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Record<string, unknown>).uploadId === 'string') return { command: v as Record<string, unknown>, stream: Readable.from([]) };
  } catch {
    // not a command; the parser reports malformed JSON data with its position
  }
  return { command: null, stream: Readable.from([buf]) };
}

function sendBatch(reply: FastifyReply, request: FastifyRequest, batch: Batch, replayed: boolean) {
  if (replayed) reply.header('Idempotent-Replayed', 'true');
  if (batch.state === 'rejected') {
    const lang = requestLang(request);
    return reply
      .code(422)
      .type('application/problem+json; charset=utf-8')
      .send({
        type: 'https://govshare.example/problems/upload_invalid',
        title: 'upload_invalid',
        status: 422,
        detail: translate('exchange.upload.invalid', lang, { count: batch.issueCount }),
        code: 'upload_invalid',
        instance: request.url.split('?')[0],
        requestId: String(request.id),
        errors: batch.issues.map((i) => ({ field: i.row ? `row ${i.row}${i.field ? `.${i.field}` : ''}` : (i.field ?? 'file'), code: i.code, message: i.message })),
        batch,
      });
  }
  return reply.code(200).send(batch);
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
}

export const exchangeRoutes: FastifyPluginAsyncTypebox<{ exchange: ExchangeService }> = async (app, opts) => {
  const exchange = opts.exchange;

  app.get(
    '/data',
    { schema: { tags, summary: 'Datasets my unit provides or may use, with their update status', querystring: S.ListQuery, response: { 200: S.DatasetList, ...S.problems(401) } } },
    async (request) => ({ items: await exchange.list(exchangeActor(request), request.query.role ?? 'consumer') }),
  );

  app.get(
    '/data/overdue',
    {
      schema: {
        tags,
        summary: 'Published resources whose data was not updated within their update cycle plus time limit (第十九条)',
        response: { 200: S.OverdueList, ...S.problems(401, 403) },
      },
    },
    async (request) => ({ items: await exchange.overdue(exchangeActor(request)) }),
  );

  app.get(
    '/data/:code',
    { schema: { tags, summary: 'A dataset: data items, what the caller may see, update status', params: S.CodeParams, response: { 200: S.DatasetInfoSchema, ...S.problems(401, 404, 409) } } },
    async (request) => exchange.info(exchangeActor(request), request.params.code),
  );

  // ---- uploads: the body is the file itself, streamed to disk (never held in memory)
  await app.register(async (child) => {
    const raw = child.withTypeProvider<TypeBoxTypeProvider>();
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

    raw.post(
      '/data/:code/uploads',
      {
        schema: {
          tags,
          summary: 'Stage a file for the upload wizard: returns its columns, sample rows and a suggested column → data item mapping',
          description: 'The body is the file (text/csv, application/x-ndjson, application/json, the XLSX type). Nothing is written to the dataset.',
          params: S.CodeParams,
          querystring: S.UploadQuery,
          response: { 200: S.StagedUpload, ...S.problems(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (request) => {
        const by = exchangeActor(request);
        return exchange.stageUpload(by, request.params.code, bodyStream(request), fileMeta(request, request.query));
      },
    );

    raw.post(
      '/data/:code/batches',
      {
        schema: {
          tags,
          summary: 'Upload a batch: validated against the data items, all-or-nothing (第十九条)',
          description:
            'The body is the file (NDJSON, CSV in UTF-8 or GB18030, XLSX, JSON array), or a staged upload (query uploadId, or a JSON body { uploadId, mode, mapping, dryRun }). ' +
            'Idempotency-Key makes a retry a no-op. Prefer: respond-async returns 202 at once; poll the batch. With any invalid row nothing is written: 422 lists the problems.',
          params: S.CodeParams,
          querystring: S.BatchQuery,
          response: { 200: S.BatchSchema, 202: S.BatchSchema, 422: S.UploadInvalid, ...S.problems(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        const by = exchangeActor(request);
        const q = request.query;
        const keyHeader = request.headers['idempotency-key'];
        const idempotencyKey = typeof keyHeader === 'string' && keyHeader.trim() ? keyHeader.trim() : null;
        if (idempotencyKey && idempotencyKey.length > 200) throw new AppError(400, 'bad_idempotency_key', 'exchange.upload.bad_idempotency_key');
        const prefer = String(request.headers.prefer ?? '');
        const req: BatchRequest = {
          mode: q.mode,
          mapping: parseMapping(q.mapping),
          encoding: q.encoding,
          sheet: q.sheet,
          dryRun: q.dryRun,
          idempotencyKey,
          async: /respond-async/i.test(prefer),
        };
        let uploadId = q.uploadId;
        let stream = bodyStream(request);
        if (!uploadId) {
          const peeked = await peekCommand(stream, request.headers['content-type']);
          stream = peeked.stream;
          if (peeked.command) {
            const c = peeked.command;
            uploadId = String(c.uploadId);
            if (c.mode !== undefined) {
              if (!['upsert', 'snapshot', 'delete'].includes(String(c.mode))) throw new AppError(400, 'bad_mode', 'exchange.upload.bad_mode');
              req.mode = c.mode as UploadMode;
            }
            if (c.mapping !== undefined && c.mapping !== null) req.mapping = parseMapping(JSON.stringify(c.mapping));
            if (c.dryRun !== undefined) req.dryRun = c.dryRun === true;
          }
        }
        const input = uploadId ? { uploadId } : { body: stream, meta: fileMeta(request, q) };
        if (uploadId) stream.resume();
        const { batch, replayed } = await exchange.submitBatch(by, request.params.code, input, req);
        if (req.async && !replayed) {
          reply.header('Location', `/api/v1/data/${encodeURIComponent(request.params.code)}/batches/${batch.id}`);
          return reply.code(202).send(batch);
        }
        return sendBatch(reply, request, batch, replayed);
      },
    );
  });

  app.get(
    '/data/:code/batches',
    { schema: { tags, summary: 'Upload batches of a resource, newest first', params: S.CodeParams, querystring: S.BatchListQuery, response: { 200: S.BatchPage, ...S.problems(400, 401, 403, 404) } } },
    async (request) => exchange.listBatches(exchangeActor(request), request.params.code, request.query.cursor ?? null, request.query.limit ?? 50),
  );

  app.get(
    '/data/:code/batches/:id',
    { schema: { tags, summary: 'One batch: state and counts (live while it runs) and its first problems', params: S.BatchParams, response: { 200: S.BatchSchema, ...S.problems(401, 404) } } },
    async (request) => exchange.getBatch(exchangeActor(request), request.params.code, request.params.id, requestLang(request)),
  );

  app.get(
    '/data/:code/batches/:id/report',
    { schema: { tags, summary: 'The batch report: every problem found (row, field, value, reason) as CSV', params: S.BatchParams, produces: ['text/csv'] } },
    async (request, reply) => {
      const by = exchangeActor(request);
      const lang = requestLang(request);
      const { code, id } = request.params;
      const issues = exchange.batchIssues(by, code, id);
      const it = issues[Symbol.asyncIterator]();
      const first = await it.next(); // authorisation and existence are checked before any byte is sent
      async function* lines() {
        yield '\ufeff' + (lang === 'en' ? 'row,field,value,problem,code\r\n' : '行号,信息项,值,问题,代码\r\n');
        let r = first;
        while (!r.done) {
          yield r.value.map((i) => [i.row, i.field, i.value, translate(i.messageKey, lang, i.params), i.code].map(csvCell).join(',') + '\r\n').join('');
          r = await it.next();
        }
      }
      reply.header('Content-Type', 'text/csv; charset=utf-8');
      reply.header('Content-Disposition', `attachment; filename="batch-${id}.csv"`);
      return reply.send(Readable.from(lines()));
    },
  );

  // ---- reads: every one declares its purpose and is audited before the answer leaves

  app.get(
    '/data/:code/records',
    {
      schema: {
        tags,
        summary: 'Query records (在线查询): filters, projection, sort on indexed items, cursor pagination',
        params: S.CodeParams,
        querystring: S.RecordsQuery,
        response: { 200: S.RecordPageSchema, ...S.problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const by = exchangeActor(request);
      const q = request.query;
      const purpose = purposeOf(request, q.purpose);
      const query: RecordQuery = {
        filters: parseFilterParams(q.filter),
        fields: parseFieldsParam(q.fields),
        sort: parseSortParam(q.sort),
        limit: q.limit,
        cursor: q.cursor ?? null,
        count: q.count,
      };
      const meta: ReadMeta = {};
      const page = await exchange.query(by, request.params.code, purpose, query, q.version, meta);
      withMeta(reply, meta);
      return page;
    },
  );

  app.post(
    '/data/:code/records/query',
    {
      schema: {
        tags,
        summary: 'Query records with a JSON body (complex filters)',
        params: S.CodeParams,
        body: S.RecordsQueryBody,
        response: { 200: S.RecordPageSchema, ...S.problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const by = exchangeActor(request);
      const b = request.body;
      const purpose = purposeOf(request, b.purpose);
      const meta: ReadMeta = {};
      const page = await exchange.query(by, request.params.code, purpose, { filters: b.filters ?? [], fields: b.fields, sort: b.sort, limit: b.limit, cursor: b.cursor ?? null, count: b.count }, b.version, meta);
      withMeta(reply, meta);
      return page;
    },
  );

  app.get(
    '/data/:code/records/:key',
    {
      schema: {
        tags,
        summary: 'One record by its key (核验)',
        params: S.KeyParams,
        querystring: S.PurposeQuery,
        response: { 200: S.RecordSchema, ...S.problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const by = exchangeActor(request);
      const purpose = purposeOf(request, request.query.purpose);
      const meta: ReadMeta = {};
      const row = await exchange.getRecord(by, request.params.code, purpose, request.params.key, request.query.version, meta);
      withMeta(reply, meta);
      return sendJson(reply, row);
    },
  );

  app.get(
    '/data/:code/changes',
    {
      schema: {
        tags,
        summary: 'Change feed (增量): changes after a cursor, in order; upserts as the caller may see them, deletions as tombstones',
        params: S.CodeParams,
        querystring: S.ChangesQuery,
        response: { 200: S.ChangePageSchema, ...S.problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const by = exchangeActor(request);
      const q = request.query;
      const purpose = purposeOf(request, q.purpose);
      const meta: ReadMeta = {};
      const page = await exchange.changes(by, request.params.code, purpose, q.after ?? '0', q.limit ?? 1000, q.version, meta);
      withMeta(reply, meta);
      return sendJson(reply, page);
    },
  );

  app.get(
    '/data/:code/changes/stream',
    {
      schema: {
        tags,
        summary: 'Change feed as one NDJSON stream: a change per line, then a last line {"nextCursor","hasMore"} (or {"nextCursor","error"} when a later page is refused)',
        params: S.CodeParams,
        querystring: S.ChangesStreamQuery,
        produces: ['application/x-ndjson'],
        response: { ...S.problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const by = exchangeActor(request);
      const q = request.query;
      const purpose = purposeOf(request, q.purpose);
      // The first page is read (and any 4xx raised) before the response starts.
      const pages = await exchange.changePages(by, request.params.code, purpose, q.after ?? '0', q.limit ?? 100_000, q.version);
      const lang = requestLang(request);
      async function* lines(): AsyncGenerator<string> {
        let cursor = q.after ?? '0';
        let hasMore = false;
        try {
          for await (const page of pages) {
            let chunk = '';
            for (const item of page.items) chunk += JSON.stringify(item) + '\n';
            cursor = page.nextCursor;
            hasMore = page.hasMore;
            if (chunk) yield chunk;
          }
        } catch (e) {
          // A later page refused (grant revoked, quota spent…): say so in-band; the client resumes from nextCursor.
          const problem = e instanceof AppError ? { status: e.status, code: e.code, detail: translate(e.messageKey, lang, e.params) } : { status: 500, code: 'internal' };
          if (!(e instanceof AppError)) request.log.error({ err: e }, 'change stream failed');
          yield JSON.stringify({ nextCursor: cursor, hasMore: true, error: problem }) + '\n';
          return;
        }
        yield JSON.stringify({ nextCursor: cursor, hasMore }) + '\n';
      }
      return reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(lines(), { objectMode: false, highWaterMark: 1 << 20 }) as never);
    },
  );

  app.get(
    '/data/:code/openapi.json',
    { schema: { tags, summary: 'The resource\'s interface description (统一接口标准): OpenAPI 3 for its records as the caller may use them', params: S.CodeParams } },
    async (request, reply) => {
      const by = exchangeActor(request);
      const info = await exchange.info(by, request.params.code);
      // Only callers who may use the data get its interface description (the policy's 403s otherwise).
      const decided = await exchange.decide(by, request.params.code);
      const doc = buildResourceOpenApi({
        resource: decided.resource,
        schema: decided.schema,
        decision: decided.decision,
        serverUrl: `${request.protocol}://${request.host}`,
        canUpload: info.canUpload,
        canArchive: canArchive(by, decided.resource),
      });
      return reply.type('application/json; charset=utf-8').send(doc);
    },
  );

  app.get(
    '/data/:code/archive',
    { schema: { tags, summary: 'The archival package (归档): dataset snapshot, catalog metadata and version, manifest with checksums (ZIP)', params: S.CodeParams, produces: ['application/zip'] } },
    async (request, reply) => {
      const by = exchangeActor(request);
      const src = await exchange.archiveSource(by, request.params.code);
      const name = `${request.params.code.replace(/\//g, '-')}-v${src.resource.version}-archive.zip`;
      reply.header('Content-Type', 'application/zip');
      reply.header('Content-Disposition', `attachment; filename="${name}"`);
      const { PassThrough } = await import('node:stream');
      const out = new PassThrough();
      writeArchive(out, { resource: src.resource, schema: src.schema, rows: src.rows, exportedAt: new Date().toISOString(), exportedBy: by.actorName, tmpDir: src.tmpDir, platformVersion: PLATFORM_VERSION }).catch(
        (e: unknown) => out.destroy(e as Error),
      );
      return reply.send(out);
    },
  );
};
