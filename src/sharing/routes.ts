import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { workflowRoutes } from './workflow/routes.js';
import { demandsRoutes } from './demands/routes.js';
import { applicationsRoutes } from './applications/routes.js';
import { agreementsRoutes } from './agreements/routes.js';
import { objectionsRoutes } from './objections/routes.js';

/** The sharing workflow's HTTP API (issue 5), one plugin per submodule, all under /api/v1. */
export const sharingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(workflowRoutes);
  await app.register(demandsRoutes);
  await app.register(applicationsRoutes);
  await app.register(agreementsRoutes);
  await app.register(objectionsRoutes);
};
