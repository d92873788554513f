import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { AppError } from '../core/errors.js';
import { auditContext } from '../core/http/guard.js';
import { requestLang } from '../core/http/problem.js';
import { translate } from '../core/i18n.js';
import type { CatalogActor } from './policy.js';
import type { ImportRow, SearchQuery } from './service.js';
import type { Resource, ResourceInput } from './model.js';
import {
  presentClassification,
  presentCollection,
  presentDetail,
  presentDiff,
  presentDuplicate,
  presentElement,
  presentExchange,
  presentSearchResult,
  presentSummary,
  presentTimeline,
  summaryOf,
} from './presenters.js';
import { CONTENT_TYPES, createImportContext, exportCatalog, exportFileName, importFormatOf, parseCatalogFile, type ImportFormat } from './io/index.js';
import * as S from './schema.js';
import './messages.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The catalog's caller: null for an anonymous visitor (the policy decides what they may read). */
export function catalogActor(request: FastifyRequest): CatalogActor | null {
  const a = request.actor;
  if (!a) return null;
  return { ...auditContext(request), roles: a.roles, scopes: a.scopes };
}

function requireCaller(request: FastifyRequest): CatalogActor {
  const by = catalogActor(request);
  if (!by) throw new AppError(401, 'unauthenticated', 'auth.required');
  return by;
}

function searchQuery(q: S.SearchQuery): SearchQuery {
  return {
    q: q.q,
    providerUnitId: q.provider,
    layer: q.layer,
    sharingType: q.sharingType,
    format: q.format,
    updateCycle: q.updateCycle,
    classification: q.classification,
    theme: q.theme,
    scenario: q.scenario,
    sort: q.sort,
    order: q.order,
    facets: q.facets,
    limit: q.limit,
    offset: q.offset,
  };
}

export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { platform } = app;
  const catalog = platform.catalog;
  const tags = ['catalog'];

  // Import uploads: multipart (a file field) or the file itself as the body. Scoped to this plugin.
  await app.register(multipart, { limits: { fileSize: 64 * 1024 * 1024, files: 1, fields: 10 } });
  app.addContentTypeParser(['text/csv', XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: 64 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  /** A write's answer: the version just changed, as the caller sees it. */
  async function written(request: FastifyRequest, r: Resource) {
    return presentDetail(await catalog.getResource(catalogActor(request), r.code, r.version));
  }

  // ---------------------------------------------------------------- search and read

  app.get(
    '/catalog/resources',
    {
      schema: {
        tags,
        summary: 'Search the published sharing catalog (共享目录) with facets',
        description: 'Anonymous callers only when the anonymousCatalog setting is on.',
        security: [{ bearer: [] }, { cookie: [] }, {}],
        querystring: S.SearchQuery,
        response: { 200: S.SearchResult, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => presentSearchResult(await catalog.search(catalogActor(request), searchQuery(request.query)), requestLang(request)),
  );

  app.get(
    '/catalog/resources/:code',
    {
      schema: {
        tags,
        summary: 'One resource: the latest published version, or ?version=N',
        description: 'Unpublished versions only for the providing unit, the authority and the platform administrator.',
        security: [{ bearer: [] }, { cookie: [] }, {}],
        params: S.CodeParams,
        querystring: S.VersionQuery,
        response: { 200: S.ResourceDetail, ...S.problems(401, 403, 404) },
      },
    },
    async (request) => presentDetail(await catalog.getResource(catalogActor(request), request.params.code, request.query.version)),
  );

  app.get(
    '/catalog/resources/:code/timeline',
    {
      schema: {
        tags,
        summary: 'The workflow timeline of a resource, with comments',
        security: [{ bearer: [] }, { cookie: [] }, {}],
        params: S.CodeParams,
        response: { 200: Type.Array(S.TimelineEntry), ...S.problems(401, 403, 404) },
      },
    },
    async (request) => (await catalog.timeline(catalogActor(request), request.params.code)).map(presentTimeline),
  );

  app.get(
    '/catalog/resources/:code/diff',
    {
      schema: {
        tags,
        summary: 'Compare two versions field by field and data item by data item',
        security: [{ bearer: [] }, { cookie: [] }, {}],
        params: S.CodeParams,
        querystring: S.DiffQuery,
        response: { 200: S.DiffResult, ...S.problems(400, 401, 403, 404) },
      },
    },
    async (request) => presentDiff(await catalog.diff(catalogActor(request), request.params.code, request.query.from, request.query.to)),
  );

  app.get(
    '/catalog/mine',
    {
      schema: { tags, summary: "The caller unit's resources, each at its current version", querystring: S.MineQuery, response: { 200: S.SummaryList, ...S.problems(401, 403) } },
    },
    async (request) => {
      const page = await catalog.listMine(requireCaller(request), request.query);
      return { items: page.items.map(presentSummary), total: page.total };
    },
  );

  app.get(
    '/catalog/review-queue',
    {
      schema: { tags, summary: 'Submitted versions awaiting review (authority)', querystring: S.ReviewQueueQuery, response: { 200: S.SummaryList, ...S.problems(401, 403) } },
    },
    async (request) => {
      const page = await catalog.reviewQueue(requireCaller(request), { providerUnitId: request.query.provider, limit: request.query.limit, offset: request.query.offset });
      return { items: page.items.map(presentSummary), total: page.total };
    },
  );

  // ---------------------------------------------------------------- compilation workflow

  app.post(
    '/catalog/resources',
    {
      schema: {
        tags,
        summary: "Create a draft resource (v1) for the caller's unit",
        description: 'The resource code (classification code + "/" + 6-digit sequence) is generated.',
        body: S.ResourceInput,
        response: { 201: S.ResourceDetail, ...S.problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const by = requireCaller(request);
      if (!by.unitId) throw new AppError(403, 'forbidden', 'catalog.resource.no_unit');
      const r = await catalog.createDraft(by, by.unitId, request.body as ResourceInput);
      return reply.code(201).send(await written(request, r));
    },
  );

  app.put(
    '/catalog/resources/:code/draft',
    {
      schema: {
        tags,
        summary: 'Replace the working draft (proposed, draft or returned)',
        params: S.CodeParams,
        body: S.ResourceInput,
        response: { 200: S.ResourceDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => written(request, await catalog.updateDraft(requireCaller(request), request.params.code, request.body as ResourceInput)),
  );

  app.post(
    '/catalog/resources/:code/actions/:action',
    {
      schema: {
        tags,
        summary: 'A workflow action: submit | approve | return | confirm | discard | start-change | withdraw',
        description:
          'submit, confirm, discard, start-change, withdraw: the providing unit\'s steward; approve, return (comment mandatory): the authority reviewer; ' +
          'discard of a proposal: also the authority.',
        params: S.ActionParams,
        body: S.CommentBody,
        response: { 200: S.ResourceDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const r = await catalog.act(requireCaller(request), request.params.code, request.params.action, request.body?.comment ?? null);
      return written(request, r);
    },
  );

  app.post(
    '/catalog/proposals',
    {
      schema: {
        tags,
        summary: 'The authority proposes an entry to a unit (state proposed)',
        body: S.ProposalBody,
        response: { 201: S.ResourceDetail, ...S.problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const r = await catalog.propose(requireCaller(request), request.body);
      return reply.code(201).send(await written(request, r));
    },
  );

  app.post(
    '/catalog/bulk',
    {
      schema: {
        tags,
        summary: "Bulk submission of the unit's list (第十二条): all or nothing, each created as submitted",
        body: S.BulkBody,
        response: { 201: S.BulkResult, ...S.problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const by = requireCaller(request);
      if (!by.unitId) throw new AppError(403, 'forbidden', 'catalog.resource.no_unit');
      const list = await catalog.bulkSubmit(by, by.unitId, request.body.resources as ResourceInput[], request.body.comment ?? null);
      return reply.code(201).send({ items: list.map((r) => presentSummary(summaryOf(r))), total: list.length });
    },
  );

  // ---------------------------------------------------------------- registries

  app.get(
    '/catalog/classifications',
    {
      schema: {
        tags,
        summary: 'The classification tree (基础类 / 主题类 / 部门类; 类-项-目-细目), in code order',
        security: [{ bearer: [] }, { cookie: [] }, {}],
        querystring: S.ClassificationListQuery,
        response: { 200: S.ClassificationList, ...S.problems(401, 403) },
      },
    },
    async (request) => {
      const list = await catalog.listClassifications(catalogActor(request), request.query);
      return { items: list.map(presentClassification), total: list.length };
    },
  );

  app.post(
    '/catalog/classifications',
    { schema: { tags, summary: 'Add a classification (authority)', body: S.ClassificationCreateBody, response: { 201: S.Classification, ...S.problems(400, 401, 403, 409) } } },
    async (request, reply) => reply.code(201).send(presentClassification(await catalog.createClassification(requireCaller(request), request.body))),
  );

  app.patch(
    '/catalog/classifications/:id',
    {
      schema: { tags, summary: 'Change a classification (authority)', params: S.IdParams, body: S.ClassificationPatchBody, response: { 200: S.Classification, ...S.problems(400, 401, 403, 404, 409) } },
    },
    async (request) => presentClassification(await catalog.updateClassification(requireCaller(request), request.params.id, request.body)),
  );

  app.get(
    '/catalog/data-elements',
    {
      schema: {
        tags,
        summary: 'Standard data elements with their authoritative collecting unit (one data, one source)',
        security: [{ bearer: [] }, { cookie: [] }, {}],
        querystring: S.ElementListQuery,
        response: { 200: S.ElementList, ...S.problems(401, 403) },
      },
    },
    async (request) => {
      const page = await catalog.listDataElements(catalogActor(request), request.query);
      return { items: page.items.map(presentElement), total: page.total };
    },
  );

  app.post(
    '/catalog/data-elements',
    { schema: { tags, summary: 'Register a data element (authority)', body: S.ElementCreateBody, response: { 201: S.DataElement, ...S.problems(400, 401, 403, 409) } } },
    async (request, reply) => reply.code(201).send(presentElement(await catalog.createDataElement(requireCaller(request), request.body))),
  );

  app.patch(
    '/catalog/data-elements/:code',
    {
      schema: { tags, summary: 'Change a data element (authority)', params: S.ElementCodeParams, body: S.ElementPatchBody, response: { 200: S.DataElement, ...S.problems(400, 401, 403, 404, 409) } },
    },
    async (request) => presentElement(await catalog.updateDataElement(requireCaller(request), request.params.code, request.body)),
  );

  // ---------------------------------------------------------------- R5, R6

  app.get(
    '/catalog/duplicates',
    {
      schema: {
        tags,
        summary: 'One data, one source: every published data item collecting an element another unit is authoritative for',
        querystring: S.DuplicatesQuery,
        response: { 200: S.DuplicateList, ...S.problems(401, 403) },
      },
    },
    async (request) => {
      const list = await catalog.duplicates(requireCaller(request), { elementCode: request.query.element, unitId: request.query.unitId, authoritativeUnitId: request.query.authoritativeUnitId });
      return { items: list.map(presentDuplicate), total: list.length };
    },
  );

  app.get(
    '/catalog/exchange-catalog',
    {
      schema: {
        tags,
        summary: 'The exchange catalog (交换目录): which resource flows from which source system to which base/platform database, and who consumes it',
        security: [{ bearer: [] }, { cookie: [] }, {}],
        querystring: S.ExchangeQuery,
        response: { 200: S.ExchangeList, ...S.problems(401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await catalog.exchangeCatalog(catalogActor(request), {
        q: q.q,
        providerUnitId: q.provider,
        layer: q.layer,
        targetDatabase: q.targetDatabase,
        consumerUnitId: q.consumer,
        limit: q.limit,
        offset: q.offset,
      });
      return { items: page.items.map(presentExchange), total: page.total };
    },
  );

  app.get(
    '/catalog/collection-catalog',
    {
      schema: {
        tags,
        summary: 'The collection catalog (采集目录): which unit collects which data elements; ?element= "who collects Y", ?q= "which unit holds X"',
        security: [{ bearer: [] }, { cookie: [] }, {}],
        querystring: S.CollectionQuery,
        response: { 200: S.CollectionList, ...S.problems(401, 403) },
      },
    },
    async (request) => {
      const list = await catalog.collectionCatalog(catalogActor(request), request.query);
      return { items: list.map(presentCollection), total: list.length };
    },
  );

  // ---------------------------------------------------------------- export / import

  app.get(
    '/catalog/export',
    {
      schema: {
        tags,
        summary: 'Export the published catalog: XLSX (compilation layout), CSV, JSON or DCAT-AP 3 JSON-LD',
        security: [{ bearer: [] }, { cookie: [] }, {}],
        querystring: S.ExportQuery,
        produces: Object.values(CONTENT_TYPES),
        response: { 200: Type.String({ description: 'the file', format: 'binary' }), ...S.problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const by = catalogActor(request);
      const { format, lang: _lang, resourceFormat, ...filters } = request.query;
      const query = searchQuery({ ...filters, format: resourceFormat });
      const batches = catalog.publishedBatches(by, query, 500);
      // Authorization happens on the first batch: pull it before the headers go out.
      const iterator = batches[Symbol.asyncIterator]();
      const first = await iterator.next();
      const units = new Map((await platform.org.listUnits({ limit: 1000 })).items.map((u) => [u.id, u.name]));
      async function* resources(): AsyncGenerator<Resource> {
        let next = first;
        while (!next.done) {
          yield* next.value;
          next = await iterator.next();
        }
      }
      if (by) await platform.audit.append({ ...auditContext(request), action: 'catalog.export', targetType: 'catalog', targetId: null, result: 'success', detail: { format, filters } });
      const out = new PassThrough();
      const baseUrl = `${request.protocol}://${request.host}`;
      exportCatalog(resources(), format, out, { baseUrl, lang: requestLang(request), unitName: (id) => units.get(id) }).catch((e: unknown) => {
        request.log.error({ err: e }, 'catalog export failed');
        out.destroy(e as Error);
      });
      reply.header('content-type', CONTENT_TYPES[format]);
      reply.header('content-disposition', `attachment; filename="${exportFileName(format, platform.clock.now())}"`);
      return reply.send(out as never);
    },
  );

  app.post(
    '/catalog/import',
    {
      schema: {
        tags,
        summary: 'Import a catalog file (XLSX / CSV / JSON): everything is checked first, nothing is imported when anything is wrong',
        description:
          'Send multipart/form-data with a `file` field, or the file itself as the body (text/csv, the XLSX type, application/json). ' +
          'The authority (and the platform administrator) imports published resources of any unit; a unit steward imports their own unit\'s list, each submitted for review. ' +
          'Rows naming an existing resource code add a new version of it.',
        querystring: S.ImportQuery,
        consumes: ['multipart/form-data', 'application/json', 'text/csv', XLSX_TYPE],
        response: { 200: S.ImportResult, 400: S.ImportProblem, ...S.problems(401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const by = requireCaller(request);
      const lang = requestLang(request);
      let buffer: Buffer;
      let format: ImportFormat | undefined = request.query.format;
      if (request.isMultipart()) {
        const file = await request.file();
        if (!file) throw new AppError(400, 'file_required', 'catalog.import.file_required');
        buffer = await file.toBuffer();
        format ??= importFormatOf(file.filename, file.mimetype);
      } else if (Buffer.isBuffer(request.body)) {
        buffer = request.body;
        format ??= importFormatOf(null, request.headers['content-type']);
      } else {
        buffer = Buffer.from(JSON.stringify(request.body ?? null));
        format ??= 'json';
      }
      if (!format) throw new AppError(415, 'unsupported_format', 'catalog.import.unsupported_format');

      const authority = (by.actorType === 'system' || by.actorType === 'cli' || by.roles?.includes('authority_reviewer') || by.roles?.includes('platform_admin'));
      const ctx = createImportContext({
        classifications: await catalog.listClassifications(by),
        units: (await platform.org.listUnits({ limit: 1000 })).items,
        elementCodes: (await catalog.listDataElements(by, { limit: 1000 })).items.map((e) => e.code),
      });
      const parsed = await parseCatalogFile(buffer, format, ctx);
      const fail = (errors: { sheet: string | null; row: number | null; column: string | null; header: string | null; field: string | null; code: string; message: string }[]) =>
        reply
          .code(400)
          .type('application/problem+json')
          .send({
            type: 'https://govshare.example/problems/import_invalid',
            title: 'import_invalid',
            status: 400,
            detail: translate('catalog.import.invalid', lang, { count: errors.length }),
            code: 'import_invalid',
            requestId: String(request.id),
            errors,
          });
      if (parsed.errors.length) {
        return fail(parsed.errors.map((e) => ({ sheet: e.sheet, row: e.row, column: e.column, header: e.header, field: e.field, code: e.code, message: lang === 'en' ? e.messageEn : e.message })));
      }
      const sheet = format === 'xlsx' ? '信息资源' : format.toUpperCase();
      const rowOf = (i: number) => (format === 'json' ? i + 1 : i + 2);
      const rows: ImportRow[] = [];
      const missing: { sheet: string | null; row: number | null; column: string | null; header: string | null; field: string | null; code: string; message: string }[] = [];
      parsed.resources.forEach((r, i) => {
        const { code, providerUnitId, ...input } = r;
        const provider = providerUnitId ?? (authority ? undefined : (by.unitId ?? undefined));
        if (!provider) {
          missing.push({ sheet, row: rowOf(i), column: null, header: null, field: 'providerUnitId', code: 'provider_required', message: translate('catalog.import.provider_required', lang) });
          return;
        }
        rows.push({ providerUnitId: provider, code: code ?? null, input: input as ResourceInput });
      });
      if (missing.length) return fail(missing);
      try {
        const result = await catalog.importResources(by, rows, { publish: !!authority, dryRun: request.query.dryRun });
        return { created: result.created, updated: result.updated, dryRun: !!request.query.dryRun, codes: result.codes };
      } catch (e) {
        if (e instanceof AppError && e.status === 400 && e.fieldErrors.length) {
          return fail(
            e.fieldErrors.map((f) => {
              const m = /^rows\.(\d+)\.(.*)$/.exec(f.field);
              return {
                sheet: m ? sheet : null,
                row: m ? rowOf(Number(m[1])) : null,
                column: null,
                header: null,
                field: m ? m[2]! : f.field,
                code: f.code,
                message: translate(f.messageKey, lang, f.params),
              };
            }),
          );
        }
        throw e;
      }
    },
  );
};
