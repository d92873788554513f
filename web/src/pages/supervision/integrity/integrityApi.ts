import { api } from '../../../api';

/** The integrity API's types and constants are the server's own (ADR 0017). */
export { CHECK_IDS, type CheckId, type CheckStatus, type IntegrityStatus } from '@server/supervision/integrity/model.js';
export type { Finding as IntegrityFinding } from '@server/supervision/types.js';
import type { IntegrityStatus } from '@server/supervision/integrity/model.js';

export const integrityApi = {
  status: () => api.get<IntegrityStatus>('/supervision/integrity'),
  verify: () => api.post<IntegrityStatus>('/supervision/integrity/verify'),
};
