import { notBuilt, type SupervisionDeps } from '../deps.js';
import type { PlanStats } from '../types.js';

/** 年度计划 (R26). */
export interface PlanService extends PlanStats {}

export function createPlanService(_deps: SupervisionDeps): PlanService {
  return notBuilt<PlanService>('plans');
}
