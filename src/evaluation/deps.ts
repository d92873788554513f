import type { SupervisionDeps } from '../supervision/deps.js';
import type { PlanStats, TrainingStats, ViolationStats } from '../supervision/types.js';
import type { UsageService } from './types.js';

/** What the evaluation services are built from. */
export interface EvaluationDeps extends SupervisionDeps {
  usage: UsageService;
  violations: ViolationStats;
  training: TrainingStats;
  plans: PlanStats;
}
