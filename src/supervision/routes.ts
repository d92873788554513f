import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { violationRoutes } from './violations/routes.js';
import { complaintRoutes } from './complaints/routes.js';
import { complianceRoutes } from './rules/routes.js';
import { integrityRoutes } from './integrity/routes.js';
import { trainingRoutes } from './training/routes.js';
import { planRoutes } from './plans/routes.js';

/** The supervision module's HTTP API (issue 6), one plugin per part, all under /api/v1. */
export const supervisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(violationRoutes);
  await app.register(complaintRoutes);
  await app.register(complianceRoutes);
  await app.register(integrityRoutes);
  await app.register(trainingRoutes);
  await app.register(planRoutes);
};
