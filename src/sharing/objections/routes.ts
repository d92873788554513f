import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** objections routes under /api/v1 (the services are on app.platform). */
export const objectionsRoutes: FastifyPluginAsyncTypebox = async () => {};
