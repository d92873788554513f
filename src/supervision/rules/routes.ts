import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** HTTP API of supervision/rules under /api/v1: thin — validate, build the actor, call the service. */
export const complianceRoutes: FastifyPluginAsyncTypebox = async () => {};
