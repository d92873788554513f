import { notBuilt } from '../../supervision/deps.js';
import type { EvaluationDeps } from '../deps.js';

/** 年度评估 (R20): indicators, settings, immutable runs, publication. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface EvaluationService {}

export function createEvaluationService(_deps: EvaluationDeps): EvaluationService {
  return notBuilt<EvaluationService>('evaluation');
}
