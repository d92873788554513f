import { notBuilt, type SupervisionDeps } from '../deps.js';
import type { ViolationSink, ViolationStats } from '../types.js';

/** 违规事项登记 (R23). */
export interface ViolationService extends ViolationSink, ViolationStats {}

export function createViolationService(_deps: SupervisionDeps): ViolationService {
  return notBuilt<ViolationService>('violations');
}
