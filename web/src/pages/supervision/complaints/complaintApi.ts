import { api, apiUrl } from '../../../api';

/** Types of the complaints API (mirrors src/supervision/complaints/schema.ts). */
export const COMPLAINT_STATES = ['submitted', 'accepted', 'investigating', 'concluded', 'closed', 'rejected'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];
export type Addressee = 'supervision' | 'authority';
export type Party = 'target' | 'complainant';
export type ComplaintOutcome = 'upheld' | 'not_upheld';
export type ComplaintAction = 'accept' | 'reject' | 'note' | 'request' | 'reply' | 'link' | 'record_violation' | 'conclude' | 'acknowledge' | 'close' | 'disclose' | 'evidence';
export type ComplaintBox = 'to_handle' | 'mine' | 'all';

export interface Complaint {
  id: string;
  title: string;
  text: string;
  category: number | null;
  addressee: Addressee;
  targetUnitId: string;
  targetUnitName: string | null;
  complainantUnitId: string | null;
  complainantUnitName: string | null;
  complainant: string | null;
  disclosed: boolean;
  state: ComplaintState;
  awaiting: Party[];
  outcome: ComplaintOutcome | null;
  result: string | null;
  rejectReason: string | null;
  acceptedAt: string | null;
  concludedAt: string | null;
  acknowledgedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ComplaintDetail extends Complaint {
  messages: { id: string; kind: 'note' | 'request' | 'reply'; party: Party | null; text: string; by: string; at: string }[];
  evidenceFiles: { id: string; name: string; contentType: string; bytes: number; sha256: string; uploadedAt: string }[];
  violations: { id: string; title: string; titleEn: string | null; category: number; state: string; unitId: string | null }[];
  role: 'handler' | 'complainant' | 'target' | 'reader';
  actions: ComplaintAction[];
}

export interface ComplaintInput {
  targetUnitId: string;
  addressee: Addressee;
  title: string;
  text: string;
  category?: number | null;
}

const base = '/supervision/complaints';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const complaintApi = {
  list: (q: { box?: ComplaintBox; state?: ComplaintState; limit?: number; offset?: number } = {}) => api.get<{ items: Complaint[]; total: number }>(base, { ...q }),
  get: (id: string) => api.get<ComplaintDetail>(one(id)),
  submit: (input: ComplaintInput) => api.post<ComplaintDetail>(base, input),
  accept: (id: string, comment?: string) => api.post<ComplaintDetail>(`${one(id)}/accept`, { comment: comment ?? null }),
  reject: (id: string, reason: string) => api.post<ComplaintDetail>(`${one(id)}/reject`, { reason }),
  note: (id: string, text: string) => api.post<ComplaintDetail>(`${one(id)}/note`, { text }),
  request: (id: string, party: Party, text: string) => api.post<ComplaintDetail>(`${one(id)}/request`, { party, text }),
  reply: (id: string, text: string) => api.post<ComplaintDetail>(`${one(id)}/reply`, { text }),
  link: (id: string, violationIds: string[]) => api.post<ComplaintDetail>(`${one(id)}/link`, { violationIds }),
  recordViolation: (id: string, input: { category: number; title: string; titleEn?: string | null; description: string }) => api.post<ComplaintDetail>(`${one(id)}/violations`, input),
  conclude: (id: string, outcome: ComplaintOutcome, result: string) => api.post<ComplaintDetail>(`${one(id)}/conclude`, { outcome, result }),
  acknowledge: (id: string, comment?: string) => api.post<ComplaintDetail>(`${one(id)}/acknowledge`, { comment: comment ?? null }),
  close: (id: string, comment?: string) => api.post<ComplaintDetail>(`${one(id)}/close`, { comment: comment ?? null }),
  disclose: (id: string, comment?: string) => api.post<ComplaintDetail>(`${one(id)}/disclose`, { comment: comment ?? null }),
  uploadEvidence: (id: string, file: File) => api.upload<ComplaintDetail['evidenceFiles'][number]>(`${one(id)}/evidence`, file),
  evidenceUrl: (id: string, evidenceId: string) => apiUrl(`${one(id)}/evidence/${encodeURIComponent(evidenceId)}`),
};
