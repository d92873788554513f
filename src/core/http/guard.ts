import type { FastifyRequest } from 'fastify';
import type { Actor } from '../actor.js';
import { unauthorized } from '../errors.js';
import type { AuditActor } from '../../audit/types.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the org module's auth hook; null for anonymous requests. */
    actor: Actor | null;
  }
}

/** The authenticated caller, or a 401 problem. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized();
  return request.actor;
}

/** The audit "who and from where" of a request. */
export function auditContext(request: FastifyRequest): AuditActor {
  const a = request.actor;
  return {
    actorType: a ? a.kind : 'anonymous',
    actorId: a ? a.id : null,
    actorName: a ? a.name : 'anonymous',
    unitId: a ? a.unitId : null,
    clientIp: request.ip ?? null,
    requestId: String(request.id),
  };
}
