import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError, invalid } from '../../core/errors.js';
import { requireActor } from '../../core/http/guard.js';
import { USAGE_DIMENSIONS, type UsageDimension, type UsageTotals } from '../types.js';
import { canUsage } from './policy.js';
import * as S from './schema.js';
import './messages.js';

const tags = ['evaluation'];

/** HTTP API of evaluation/usage under /api/v1: thin — validate, build the actor, call the service. */
export const usageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/evaluation/usage',
    {
      schema: {
        tags,
        summary: 'Data-access totals (使用情况) over a period, grouped by day, month, consumer unit, system, provider unit, resource or kind',
        description:
          'Read from the daily/monthly rollup of the audit log (kept current by the sweeper). The IT authority, supervisors, administrators and the ' +
          'leadership group see every access; a unit\'s people see accesses where their unit is the consumer or the provider.',
        querystring: S.UsageQuery,
        response: { 200: S.UsageTotals, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => {
      const a = requireActor(request);
      const caller = { kind: a.kind, roles: a.roles, unitId: a.unitId };
      const all = canUsage(caller, 'usage.read_all');
      if (!all && !canUsage(caller, 'usage.read_own')) throw new AppError(403, 'forbidden', 'evaluation.usage.forbidden');
      const q = request.query;
      const groupBy = (q.groupBy ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const bad = groupBy.find((d) => !(USAGE_DIMENSIONS as readonly string[]).includes(d));
      if (bad) throw invalid([{ field: 'querystring.groupBy', code: 'bad_dimension', messageKey: 'evaluation.usage.bad_dimension', params: { value: bad } }]);
      const dims = groupBy as UsageDimension[];
      const items = await app.platform.usage.totals({
        from: q.from,
        to: q.to,
        groupBy: dims,
        consumerUnitId: q.consumerUnit,
        providerUnitId: q.providerUnit,
        resourceCode: q.resource,
        kind: q.kind,
        top: q.top,
        ...(all ? {} : { involvingUnitId: a.unitId! }),
      });
      const totals: UsageTotals = { from: q.from, to: q.to, groupBy: dims, scope: all ? 'all' : 'own_unit', items };
      return totals;
    },
  );
};
