import { notBuilt } from '../../supervision/deps.js';
import type { EvaluationDeps } from '../deps.js';
import type { EvaluationService } from '../indicators/service.js';

/** Dashboards for the authority and the supervision department. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface DashboardService {}

export function createDashboardService(_deps: EvaluationDeps & { evaluation: EvaluationService }): DashboardService {
  return notBuilt<DashboardService>('dashboard');
}
