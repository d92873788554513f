import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** HTTP API of evaluation/indicators under /api/v1: thin — validate, build the actor, call the service. */
export const indicatorsRoutes: FastifyPluginAsyncTypebox = async () => {};
