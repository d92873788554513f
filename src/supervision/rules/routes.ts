import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { auditContext, requireActor } from '../../core/http/guard.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import * as S from './schema.js';
import './messages.js';

const tags = ['supervision'];
/** Findings returned by one on-demand run (all of them went to the register). */
const ITEMS_MAX = 200;

function actorOf(request: FastifyRequest): SharingActor {
  const a = requireActor(request);
  return { ...auditContext(request), kind: a.kind, roles: a.roles, systemId: a.systemId ?? null };
}

/** 合规监测 (R23) under /api/v1/supervision/rules: thin — validate, build the actor, call the service. */
export const complianceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const compliance = () => app.platform.compliance;

  app.get(
    '/supervision/rules',
    {
      schema: {
        tags,
        summary: 'Compliance rules (合规监测, 第三十一条): each with its article, category, interval and last run',
        description: 'Supervisors, the IT authority, administrators.',
        response: { 200: S.RuleList, ...S.problems(401, 403) },
      },
    },
    async (request) => ({ items: await compliance().list(actorOf(request)) }),
  );

  app.post(
    '/supervision/rules/run',
    {
      schema: {
        tags,
        summary: 'Run every compliance rule (or the ones named) now; findings go to the violations register as candidates',
        description:
          'Supervisors, the IT authority, administrators. Intervals are ignored; a rule another node is running is skipped (status busy). ' +
          'A failing rule is reported and does not stop the others. Audited supervision.rules.run per rule.',
        body: S.RunBody,
        response: { 200: S.RunResult, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => {
      const r = await compliance().runNow(actorOf(request), request.body?.ruleIds);
      return { ...r, items: r.items.slice(0, ITEMS_MAX), truncated: r.items.length > ITEMS_MAX };
    },
  );

  app.get(
    '/supervision/rules/settings',
    {
      schema: {
        tags,
        summary: 'Thresholds of the compliance rules',
        description: 'Supervisors, the IT authority, administrators.',
        response: { 200: S.Settings, ...S.problems(401, 403) },
      },
    },
    async (request) => compliance().getSettings(actorOf(request)),
  );

  app.patch(
    '/supervision/rules/settings',
    {
      schema: {
        tags,
        summary: 'Change thresholds of the compliance rules',
        description: 'Supervisors and the IT authority. Each value is range-checked (400 with a field error). Audited supervision.rules.settings with the old and new values.',
        body: S.SettingsPatch,
        response: { 200: S.Settings, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => compliance().updateSettings(actorOf(request), request.body as Record<string, unknown>),
  );
};
