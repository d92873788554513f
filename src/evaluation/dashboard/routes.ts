import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pickLang } from '../../core/i18n.js';
import { contentDisposition } from '../../exchange/files/routes.js';
import { evaluationActor, exportFormat } from '../report/routes.js';
import * as S from './schema.js';

const tags = ['evaluation'];

/** Dashboards under /api/v1/evaluation/dashboard: thin — build the actor, call the service. */
export const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const dashboard = app.platform.dashboard;

  app.get(
    '/evaluation/dashboard/authority',
    {
      schema: {
        tags,
        summary: '主管部门看板: overdue updates, pending tasks by kind and unit, violations, usage trends, the latest published evaluation',
        description: 'The IT authority and administrators. Reads indexed counts and the usage rollup only; cached a few seconds per node.',
        response: { 200: S.Dashboard, ...S.problems(401, 403) },
      },
    },
    async (request) => dashboard.authority(evaluationActor(request)),
  );

  app.get(
    '/evaluation/dashboard/supervision',
    {
      schema: {
        tags,
        summary: '监督看板: violations by category and unit, pending violations, complaints and objections, overdue updates, usage trends, evaluation results',
        description: 'Supervisors; the leadership group, the authority and administrators read it.',
        response: { 200: S.Dashboard, ...S.problems(401, 403) },
      },
    },
    async (request) => dashboard.supervision(evaluationActor(request)),
  );

  app.get(
    '/evaluation/dashboard/:kind/export',
    {
      schema: {
        tags,
        summary: 'A dashboard as PDF (A4, Chinese text, vector bar charts) or XLSX (a sheet per table)',
        description: 'Whoever may see the dashboard. 503 report.pdf_font_missing when the server has no CJK font for the PDF.',
        params: S.KindParams,
        querystring: S.ExportQuery,
        response: { 200: S.FileBody, ...S.problems(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      const format = exportFormat(request.query.format);
      const lang = pickLang(request.headers['accept-language'], request.query.lang);
      const f = await dashboard.export(evaluationActor(request), request.params.kind, format, lang);
      reply.header('content-type', f.contentType).header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store');
      return reply.send(f.body as never);
    },
  );
};
