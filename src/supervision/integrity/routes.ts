import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { auditContext, requireActor } from '../../core/http/guard.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import * as S from './schema.js';
import './messages.js';

const tags = ['supervision'];

function integrityActor(request: FastifyRequest): SharingActor {
  const a = requireActor(request);
  return { ...auditContext(request), kind: a.kind, roles: a.roles, systemId: a.systemId ?? null };
}

/** 数据完整性 (第三十一条第七项) under /api/v1/supervision/integrity: thin — authorize and call the service. */
export const integrityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/supervision/integrity',
    {
      schema: {
        tags,
        summary: 'Integrity checks (第三十一条第七项): the last verification of each check and what it still observes',
        description:
          'c7.audit_chain (audit log hash chain), c7.dataset_tamper (dataset rows against their seals), c7.schema_drift (database structure against ' +
          'the fingerprint recorded after migrations). Supervisors, auditors, platform administrators and the authority\'s reviewers; audited.',
        response: { 200: S.IntegrityStatus, ...S.problems(401, 403) },
      },
    },
    async (request) => app.platform.integrity.status(integrityActor(request)),
  );

  app.post(
    '/supervision/integrity/verify',
    {
      schema: {
        tags,
        summary: 'Run every integrity check in full now',
        description:
          'Verifies the whole audit log, every sealed dataset row and the schema; findings become violation candidates (第七项). ' +
          'Supervisors, auditors and platform administrators; audited.',
        response: { 200: S.IntegrityStatus, ...S.problems(401, 403) },
      },
    },
    async (request) => app.platform.integrity.verify(integrityActor(request)),
  );
};
