import { api, apiUrl } from '../../../api';

/** The complaints API's types and constants are the server's own (ADR 0017). */
export {
  ADDRESSEES,
  COMPLAINT_ACTIONS,
  COMPLAINT_LIMITS,
  COMPLAINT_STATES,
  OUTCOMES,
  PARTIES,
  type Addressee,
  type Complaint,
  type ComplaintAction,
  type ComplaintDetail,
  type ComplaintEvidence,
  type ComplaintInput,
  type ComplaintMessage,
  type ComplaintOutcome,
  type ComplaintQuery,
  type ComplaintState,
  type Party,
} from '@server/supervision/complaints/model.js';
import type { Complaint, ComplaintDetail, ComplaintEvidence, ComplaintInput, ComplaintOutcome, ComplaintQuery, Party } from '@server/supervision/complaints/model.js';
import type { ManualInput } from '@server/supervision/violations/model.js';

/** The list's boxes: mine (my unit's), to_handle (awaiting me), all (all I may see). */
export type ComplaintBox = NonNullable<ComplaintQuery['box']>;

const base = '/supervision/complaints';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const complaintApi = {
  list: (q: ComplaintQuery = {}) => api.get<{ items: Complaint[]; total: number }>(base, { ...q }),
  get: (id: string) => api.get<ComplaintDetail>(one(id)),
  submit: (input: ComplaintInput) => api.post<ComplaintDetail>(base, input),
  accept: (id: string, comment?: string) => api.post<ComplaintDetail>(`${one(id)}/accept`, { comment: comment ?? null }),
  reject: (id: string, reason: string) => api.post<ComplaintDetail>(`${one(id)}/reject`, { reason }),
  note: (id: string, text: string) => api.post<ComplaintDetail>(`${one(id)}/note`, { text }),
  request: (id: string, party: Party, text: string) => api.post<ComplaintDetail>(`${one(id)}/request`, { party, text }),
  reply: (id: string, text: string) => api.post<ComplaintDetail>(`${one(id)}/reply`, { text }),
  link: (id: string, violationIds: string[]) => api.post<ComplaintDetail>(`${one(id)}/link`, { violationIds }),
  recordViolation: (id: string, input: Pick<ManualInput, 'category' | 'title' | 'titleEn' | 'description'>) => api.post<ComplaintDetail>(`${one(id)}/violations`, input),
  conclude: (id: string, outcome: ComplaintOutcome, result: string) => api.post<ComplaintDetail>(`${one(id)}/conclude`, { outcome, result }),
  acknowledge: (id: string, comment?: string) => api.post<ComplaintDetail>(`${one(id)}/acknowledge`, { comment: comment ?? null }),
  close: (id: string, comment?: string) => api.post<ComplaintDetail>(`${one(id)}/close`, { comment: comment ?? null }),
  disclose: (id: string, comment?: string) => api.post<ComplaintDetail>(`${one(id)}/disclose`, { comment: comment ?? null }),
  uploadEvidence: (id: string, file: File) => api.upload<ComplaintEvidence>(`${one(id)}/evidence`, file),
  evidenceUrl: (id: string, evidenceId: string) => apiUrl(`${one(id)}/evidence/${encodeURIComponent(evidenceId)}`),
};
