import { notBuilt } from '../../supervision/deps.js';
import type { EvaluationDeps } from '../deps.js';
import type { EvaluationService } from '../indicators/service.js';

/** 年度报告 (R21). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ReportService {}

export function createReportService(_deps: EvaluationDeps & { evaluation: EvaluationService }): ReportService {
  return notBuilt<ReportService>('reports');
}
