import { api } from '../../../api';

/** The violations API's types and constants are the server's own (ADR 0017). */
export {
  VIOLATION_ACTIONS,
  VIOLATION_LIMITS,
  VIOLATION_SOURCES,
  VIOLATION_STATES,
  type ManualInput,
  type Notice,
  type OrderInput,
  type Violation,
  type ViolationAction,
  type ViolationDetail,
  type ViolationQuery,
  type ViolationSource,
  type ViolationState,
} from '@server/supervision/violations/model.js';
export { VIOLATION_CATEGORIES as CATEGORIES, type ViolationCategory } from '@server/supervision/types.js';
import type { ManualInput, Notice, OrderInput, Violation, ViolationDetail, ViolationQuery } from '@server/supervision/violations/model.js';

const base = '/supervision/violations';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const violationApi = {
  list: (q: ViolationQuery = {}) => api.get<{ items: Violation[]; total: number }>(base, { ...q }),
  get: (id: string) => api.get<ViolationDetail>(one(id)),
  record: (input: ManualInput) => api.post<ViolationDetail>(base, input),
  confirm: (id: string, comment?: string) => api.post<ViolationDetail>(`${one(id)}/confirm`, { comment: comment ?? null }),
  dismiss: (id: string, reason: string) => api.post<ViolationDetail>(`${one(id)}/dismiss`, { reason }),
  notify: (id: string, text: string) => api.post<ViolationDetail>(`${one(id)}/notify`, { text }),
  order: (id: string, input: OrderInput) => api.post<ViolationDetail>(`${one(id)}/order`, input),
  answer: (id: string, text: string) => api.post<ViolationDetail>(`${one(id)}/answer`, { text }),
  close: (id: string, comment?: string) => api.post<ViolationDetail>(`${one(id)}/close`, { comment: comment ?? null }),
  sendBack: (id: string, input: OrderInput) => api.post<ViolationDetail>(`${one(id)}/send-back`, input),
  escalate: (id: string, sanction: string) => api.post<ViolationDetail>(`${one(id)}/escalate`, { sanction }),
  notices: (q: { limit?: number; offset?: number } = {}) => api.get<{ items: Notice[]; total: number }>('/supervision/notices', q),
};
