import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** HTTP API of evaluation/usage under /api/v1: thin — validate, build the actor, call the service. */
export const usageRoutes: FastifyPluginAsyncTypebox = async () => {};
