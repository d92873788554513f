import type { SharingModuleDeps } from '../deps.js';
import type { AgreementService } from '../agreements/service.js';

/** 共享申请 (R13) and the grants' HTTP API: applications, review with narrowing, automatic answers, grants. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ApplicationService {}

export function createApplicationService(_deps: SharingModuleDeps & { agreements: AgreementService }): ApplicationService {
  return {};
}
