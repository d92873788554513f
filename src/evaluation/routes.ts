import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { usageRoutes } from './usage/routes.js';
import { indicatorsRoutes } from './indicators/routes.js';
import { reportRoutes } from './report/routes.js';
import { dashboardRoutes } from './dashboard/routes.js';

/** The evaluation module's HTTP API (issue 6), one plugin per part, all under /api/v1. */
export const evaluationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(usageRoutes);
  await app.register(indicatorsRoutes);
  await app.register(reportRoutes);
  await app.register(dashboardRoutes);
};
