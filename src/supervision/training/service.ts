import { notBuilt, type SupervisionDeps } from '../deps.js';
import type { TrainingStats } from '../types.js';

/** 培训 (R24). */
export interface TrainingService extends TrainingStats {}

export function createTrainingService(_deps: SupervisionDeps): TrainingService {
  return notBuilt<TrainingService>('training');
}
