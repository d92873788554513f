import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** demands routes under /api/v1 (the services are on app.platform). */
export const demandsRoutes: FastifyPluginAsyncTypebox = async () => {};
