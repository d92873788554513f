import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** HTTP API of supervision/integrity under /api/v1: thin — validate, build the actor, call the service. */
export const integrityRoutes: FastifyPluginAsyncTypebox = async () => {};
