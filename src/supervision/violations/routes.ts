import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** HTTP API of supervision/violations under /api/v1: thin — validate, build the actor, call the service. */
export const violationRoutes: FastifyPluginAsyncTypebox = async () => {};
