import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** HTTP API of supervision/plans under /api/v1: thin — validate, build the actor, call the service. */
export const planRoutes: FastifyPluginAsyncTypebox = async () => {};
