import { notBuilt, type SupervisionDeps } from '../deps.js';
import type { ViolationService } from '../violations/service.js';

/** 投诉 (R22). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ComplaintService {}

export function createComplaintService(_deps: SupervisionDeps & { violations: ViolationService }): ComplaintService {
  return notBuilt<ComplaintService>('complaints');
}
