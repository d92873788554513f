import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** HTTP API of supervision/complaints under /api/v1: thin — validate, build the actor, call the service. */
export const complaintRoutes: FastifyPluginAsyncTypebox = async () => {};
