import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import { pickLang } from '../../core/i18n.js';
import { auditContext, requireActor } from '../../core/http/guard.js';
import { contentDisposition } from '../../exchange/files/routes.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import * as S from './schema.js';
import './messages.js';

const tags = ['evaluation'];

export function evaluationActor(request: FastifyRequest): SharingActor {
  const a = requireActor(request);
  return { ...auditContext(request), kind: a.kind, roles: a.roles, systemId: a.systemId ?? null };
}

/** The export format from the query: pdf | xlsx (400 'report.invalid_format' otherwise). */
export function exportFormat(v: string): 'pdf' | 'xlsx' {
  const f = v.trim().toLowerCase();
  if (f !== 'pdf' && f !== 'xlsx') throw new AppError(400, 'report.invalid_format', 'report.invalid_format', { value: v.slice(0, 20) });
  return f;
}

/** 年度报告 (R21) under /api/v1/evaluation/reports: thin — validate, build the actor, call the service. */
export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const reports = app.platform.reports;

  app.get(
    '/evaluation/reports',
    {
      schema: {
        tags,
        summary: 'Annual reports (年度报告) by year, newest first',
        description: 'The authority, supervisors and administrators see drafts; the leadership group sees sent and received reports only.',
        querystring: S.ListQuery,
        response: { 200: S.ReportList, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => reports.list(evaluationActor(request), request.query),
  );

  app.post(
    '/evaluation/reports',
    {
      schema: {
        tags,
        summary: 'Draft the annual report of a year now (the sweeper also drafts the previous year\'s on 1 January)',
        description: 'The authority or an administrator. When the year\'s report exists as a draft, its figures are recomputed (its text kept); 409 once it was sent.',
        body: S.DraftBody,
        response: { 201: S.Report, ...S.problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const r = await reports.draft(evaluationActor(request), request.body.year);
      reply.header('location', `/api/v1/evaluation/reports/${r.id}`);
      return reply.code(201).send(r);
    },
  );

  app.get(
    '/evaluation/reports/:id',
    {
      schema: {
        tags,
        summary: 'One annual report: its figures, text sections and the caller\'s possible actions',
        description: 'Timeline and tasks come from the workflow API (item kind "annual_report").',
        params: S.IdParams,
        response: { 200: S.Report, ...S.problems(401, 403, 404) },
      },
    },
    async (request) => reports.get(evaluationActor(request), request.params.id),
  );

  app.get(
    '/evaluation/reports/:id/versions',
    {
      schema: { tags, summary: 'The text versions of an annual report, newest first (every edit is kept)', params: S.IdParams, response: { 200: S.Versions, ...S.problems(401, 403, 404) } },
    },
    async (request) => ({ items: await reports.versions(evaluationActor(request), request.params.id) }),
  );

  app.put(
    '/evaluation/reports/:id/sections',
    {
      schema: {
        tags,
        summary: 'The authority edits text sections of a draft: a new version (the previous ones are kept)',
        params: S.IdParams,
        body: S.EditBody,
        response: { 200: S.Report, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => reports.edit(evaluationActor(request), request.params.id, request.body),
  );

  for (const action of ['refresh', 'send', 'receive'] as const) {
    const summary = {
      refresh: 'The authority recomputes the figures of a draft (text kept)',
      send: 'The authority sends the report to the leadership group (a receive task and a notification for the leaders)',
      receive: 'A member of the leadership group acknowledges receipt',
    }[action];
    app.post(
      `/evaluation/reports/:id/${action}`,
      { schema: { tags, summary, params: S.IdParams, body: S.CommentBody, response: { 200: S.Report, ...S.problems(400, 401, 403, 404, 409) } } },
      async (request) => {
        const by = evaluationActor(request);
        const id = (request.params as { id: string }).id;
        const comment = (request.body as { comment?: string | null } | undefined)?.comment ?? null;
        if (action === 'refresh') return reports.refresh(by, id);
        return action === 'send' ? reports.send(by, id, comment) : reports.receive(by, id, comment);
      },
    );
  }

  app.get(
    '/evaluation/reports/:id/export',
    {
      schema: {
        tags,
        summary: 'The annual report as PDF (A4, Chinese text) or XLSX (a sheet per table)',
        description: 'Whoever may read the report. 503 report.pdf_font_missing when the server has no CJK font for the PDF.',
        params: S.IdParams,
        querystring: S.ExportQuery,
        response: { 200: S.FileBody, ...S.problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const format = exportFormat(request.query.format);
      const lang = pickLang(request.headers['accept-language'], request.query.lang);
      const f = await reports.export(evaluationActor(request), request.params.id, format, lang);
      reply.header('content-type', f.contentType).header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store');
      return reply.send(f.body as never);
    },
  );
};
