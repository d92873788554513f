import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** HTTP API of evaluation/report under /api/v1: thin — validate, build the actor, call the service. */
export const reportRoutes: FastifyPluginAsyncTypebox = async () => {};
