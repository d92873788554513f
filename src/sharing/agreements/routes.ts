import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** agreements routes under /api/v1 (the services are on app.platform). */
export const agreementsRoutes: FastifyPluginAsyncTypebox = async () => {};
