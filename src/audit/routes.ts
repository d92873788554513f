import { PassThrough } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { auditContext } from '../core/http/guard.js';
import { AppError, forbidden, unauthorized } from '../core/errors.js';
import { can, type AuditAction } from './policy.js';
import { normalizeFilter, type AuditFilter } from './service.js';
import { EventParams, EventQuery, EventsPage, EventsQuery, ExportQuery, VerifyResultSchema, AuditEventSchema } from './schema.js';
import './messages.js';

/** The filter fields a caller set (for the audit record of the read itself). */
function filterOf(q: Record<string, unknown>): AuditFilter {
  const f: Record<string, string> = {};
  for (const k of ['actor', 'unitId', 'action', 'targetType', 'targetId', 'result', 'from', 'to']) {
    if (typeof q[k] === 'string' && q[k]) f[k] = q[k] as string;
  }
  return f as AuditFilter;
}

/**
 * /audit/*: reading, verifying and exporting the log (第二十九、三十一条). Every read of the log is
 * itself audited, and that record is durable before the response leaves.
 */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { platform } = app;
  const tags = ['audit'];

  /** Lets the caller through or records the denial and answers 401/403. */
  async function authorize(request: FastifyRequest, action: AuditAction, auditAction: string, targetId: string | null = null) {
    if (can(request.actor, action)) return;
    await platform.audit.append({ ...auditContext(request), action: auditAction, targetType: 'audit_log', targetId, result: 'denied' });
    if (!request.actor) throw unauthorized();
    throw forbidden('audit.forbidden');
  }

  /** Records a failed read (bad cursor, unknown event) before the error response. */
  async function failed(request: FastifyRequest, auditAction: string, targetId: string | null, e: unknown, detail: Record<string, unknown>): Promise<never> {
    if (e instanceof AppError) {
      await platform.audit.append({ ...auditContext(request), action: auditAction, targetType: 'audit_log', targetId, result: 'failure', detail: { ...detail, code: e.code } });
    }
    throw e;
  }

  app.get(
    '/audit/events',
    {
      schema: {
        tags,
        summary: 'Search audit events (newest first)',
        description: 'Filters combine with AND. Page with `cursor`. Platform administrators, supervisors and auditors only.',
        querystring: EventsQuery,
        response: { 200: EventsPage },
      },
    },
    async (request) => {
      await authorize(request, 'read', 'audit.query');
      const filter = filterOf(request.query);
      const { limit, cursor } = request.query;
      let page;
      try {
        page = await platform.audit.query({ ...filter, limit, cursor });
      } catch (e) {
        return failed(request, 'audit.query', null, e, { filter });
      }
      await platform.audit.append({
        ...auditContext(request),
        action: 'audit.query',
        targetType: 'audit_log',
        targetId: null,
        result: 'success',
        detail: { filter, returned: page.items.length, paged: !!cursor },
      });
      return page;
    },
  );

  app.get(
    '/audit/events/:seq',
    {
      schema: {
        tags,
        summary: 'One audit event',
        params: EventParams,
        querystring: EventQuery,
        response: { 200: AuditEventSchema },
      },
    },
    async (request) => {
      const chain = request.query.chain ?? platform.audit.chain;
      const { seq } = request.params;
      const target = `${chain}#${seq}`;
      await authorize(request, 'read', 'audit.query', target);
      const event = await platform.audit.get(chain, seq);
      if (!event) return failed(request, 'audit.query', target, new AppError(404, 'not_found', 'audit.event_not_found', { chain, seq }), {});
      await platform.audit.append({ ...auditContext(request), action: 'audit.query', targetType: 'audit_event', targetId: target, result: 'success' });
      return event;
    },
  );

  app.post(
    '/audit/verify',
    {
      schema: {
        tags,
        summary: 'Verify the whole audit log',
        description:
          'Recomputes every hash, follows the chain links and checks every signed checkpoint; `breaks` names each altered, missing, inserted or reordered event by seq.',
        response: { 200: VerifyResultSchema },
      },
    },
    async (request) => {
      await authorize(request, 'verify', 'audit.verify');
      const result = await platform.audit.verify();
      await platform.audit.append({
        ...auditContext(request),
        action: 'audit.verify',
        targetType: 'audit_log',
        targetId: null,
        result: result.ok ? 'success' : 'failure',
        detail: { ok: result.ok, checkedEvents: result.checkedEvents, breaks: result.breaks.length + result.omittedBreaks },
      });
      return result;
    },
  );

  app.get(
    '/audit/export',
    {
      schema: {
        tags,
        summary: 'Export audit events as CSV',
        description: 'Same filters as the search; every matching event, newest first, as UTF-8 CSV with a BOM (opens in Excel) and an English header row.',
        querystring: ExportQuery,
        produces: ['text/csv'],
        response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'CSV file' }) },
      },
    },
    async (request, reply) => {
      await authorize(request, 'export', 'audit.export');
      const filter = filterOf(request.query);
      try {
        normalizeFilter(filter);
      } catch (e) {
        return failed(request, 'audit.export', null, e, { filter });
      }
      // Recorded before the first byte leaves: the export itself is the access being audited.
      await platform.audit.append({ ...auditContext(request), action: 'audit.export', targetType: 'audit_log', targetId: null, result: 'success', detail: { filter } });
      const out = new PassThrough();
      platform.audit.exportCsv(filter, out).then(
        () => out.end(),
        (e: unknown) => {
          request.log.error({ err: e }, 'audit export failed');
          out.destroy(e as Error);
        },
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-events.csv"')
        .header('cache-control', 'no-store')
        .send(out);
    },
  );
};
