import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** HTTP API of evaluation/dashboard under /api/v1: thin — validate, build the actor, call the service. */
export const dashboardRoutes: FastifyPluginAsyncTypebox = async () => {};
