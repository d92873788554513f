import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** HTTP API of supervision/training under /api/v1: thin — validate, build the actor, call the service. */
export const trainingRoutes: FastifyPluginAsyncTypebox = async () => {};
