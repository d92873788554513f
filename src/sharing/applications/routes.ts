import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** applications routes under /api/v1 (the services are on app.platform). */
export const applicationsRoutes: FastifyPluginAsyncTypebox = async () => {};
