import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** workflow routes under /api/v1 (the services are on app.platform). */
export const workflowRoutes: FastifyPluginAsyncTypebox = async () => {};
