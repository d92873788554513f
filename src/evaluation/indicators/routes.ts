import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { auditContext, requireActor } from '../../core/http/guard.js';
import { iso } from '../../core/clock.js';
import { renderPdf, renderXlsx } from '../../core/report/index.js';
import type { EvaluationSettings } from './model.js';
import type { EvaluationActor } from './service.js';
import { runDocument } from './export.js';
import * as S from './schema.js';
import './messages.js';

const tags = ['evaluation'];

function evaluationActor(request: FastifyRequest): EvaluationActor {
  const a = requireActor(request);
  return { ...auditContext(request), kind: a.kind, roles: a.roles };
}

/** HTTP API of the annual evaluation (年度评估, 第二十八条) under /api/v1: thin — validate, build the actor, call the service. */
export const indicatorsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ev = () => app.platform.evaluation;

  app.get(
    '/evaluation/settings',
    { schema: { tags, summary: 'The evaluation settings: weights, formulas and grade bands (current version)', response: { 200: S.SettingsView, ...S.problems(401, 403) } } },
    async (request) => ev().settings(evaluationActor(request)),
  );

  app.put(
    '/evaluation/settings',
    {
      schema: {
        tags,
        summary: 'Save new evaluation settings (the IT authority); a new version, existing runs keep theirs',
        description: 'Weights are integers summing to 100; bands: 100 ≥ excellent > good > pass ≥ 0. Audited evaluation.settings.update.',
        body: S.Settings,
        response: { 200: S.SettingsView, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => ev().updateSettings(evaluationActor(request), request.body as EvaluationSettings),
  );

  app.get(
    '/evaluation/runs',
    {
      schema: {
        tags,
        summary: 'Evaluation runs, newest first (published ones for every signed-in user; drafts for the authority, supervisors, administrators, the leadership group)',
        querystring: S.YearQuery,
        response: { 200: S.RunList, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => ({ items: await ev().list(evaluationActor(request), { year: request.query.year }) }),
  );

  app.post(
    '/evaluation/runs',
    {
      schema: {
        tags,
        summary: 'Run the year\'s evaluation (the IT authority): a new draft version, frozen with its settings and the records behind every score',
        description: 'With publish: true it is published at once. Audited evaluation.run.create (and evaluation.run.publish).',
        body: S.RunBody,
        response: { 201: S.RunDetail, ...S.problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const run = await ev().run(evaluationActor(request), request.body);
      reply.header('location', `/api/v1/evaluation/runs/${run.id}`);
      return reply.code(201).send(run);
    },
  );

  app.get(
    '/evaluation/runs/latest',
    {
      schema: {
        tags,
        summary: 'The latest published evaluation (of a year, or of the latest year with one): the public results page',
        querystring: S.YearQuery,
        response: { 200: S.RunDetail, ...S.problems(400, 401, 403, 404) },
      },
    },
    async (request) => ev().latestPublished(evaluationActor(request), request.query.year),
  );

  app.get(
    '/evaluation/runs/:id',
    { schema: { tags, summary: 'One evaluation run with its ranking', params: S.RunParams, response: { 200: S.RunDetail, ...S.problems(401, 403, 404) } } },
    async (request) => ev().get(evaluationActor(request), request.params.id),
  );

  app.post(
    '/evaluation/runs/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish a draft run (the IT authority); 409 when already published — a published run never changes',
        params: S.RunParams,
        response: { 200: S.RunDetail, ...S.problems(401, 403, 404, 409) },
      },
    },
    async (request) => ev().publish(evaluationActor(request), request.params.id),
  );

  app.delete(
    '/evaluation/runs/:id',
    {
      schema: {
        tags,
        summary: 'Discard a draft run (the IT authority); 409 on a published run',
        params: S.RunParams,
        response: { 204: Type.Null({ description: 'Discarded' }), ...S.problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await ev().discard(evaluationActor(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/evaluation/runs/:id/units/:unitId',
    {
      schema: {
        tags,
        summary: 'One unit\'s indicators, scores and the records behind them (drill-down)',
        description: 'The unit\'s own people, and the authority, supervisors, administrators and the leadership group.',
        params: S.UnitParams,
        response: { 200: S.UnitBreakdown, ...S.problems(401, 403, 404) },
      },
    },
    async (request) => ev().unitBreakdown(evaluationActor(request), request.params.id, request.params.unitId),
  );

  app.get(
    '/evaluation/runs/:id/export',
    {
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: 'Export a run (ranking, grades, indicator scores) as XLSX or PDF',
        params: S.RunParams,
        querystring: S.ExportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'],
        response: { 200: Type.String({ format: 'binary', description: 'the document' }), ...S.problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const run = await ev().get(evaluationActor(request), request.params.id);
      const lang = request.query.lang ?? (String(request.headers['accept-language'] ?? '').toLowerCase().startsWith('en') ? 'en' : 'zh-CN');
      const doc = runDocument(run, lang, iso(app.platform.clock.now()));
      const name = `evaluation-${run.year}-v${run.version}.${request.query.format}`;
      if (request.query.format === 'pdf') {
        const body = await renderPdf(doc);
        reply.header('content-type', 'application/pdf');
        reply.header('content-disposition', `attachment; filename="${name}"`);
        return reply.send(body as never);
      }
      const body = await renderXlsx(doc);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="${name}"`);
      return reply.send(body as never);
    },
  );
};
