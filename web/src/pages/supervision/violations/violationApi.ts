import { api } from '../../../api';

/** Types of the violations API (mirrors src/supervision/violations/schema.ts). */
export const VIOLATION_STATES = ['candidate', 'confirmed', 'notified', 'rectifying', 'answered', 'rectified', 'escalated', 'dismissed'] as const;
export type ViolationState = (typeof VIOLATION_STATES)[number];
export type ViolationSource = 'rule' | 'manual' | 'complaint';
export type ViolationAction = 'confirm' | 'dismiss' | 'notify' | 'order' | 'answer' | 'close' | 'send_back' | 'escalate';
export const CATEGORIES = [1, 2, 3, 4, 5, 6, 7, 8] as const;

export interface Violation {
  id: string;
  unitId: string | null;
  unitName: string | null;
  category: number;
  article: string;
  source: ViolationSource;
  ruleId: string | null;
  complaintId: string | null;
  title: string;
  titleEn: string | null;
  description: string | null;
  evidence: Record<string, unknown>;
  subject: { type: string; id: string } | null;
  dedupeKey: string | null;
  reviewOnly: boolean;
  state: ViolationState;
  serious: boolean;
  sanction: string | null;
  observedAt: string;
  detectedAt: string;
  confirmedAt: string | null;
  confirmedBy: string | null;
  dismissedAt: string | null;
  dismissReason: string | null;
  notifiedAt: string | null;
  noticeText: string | null;
  rectifyOrder: string | null;
  rectificationDueAt: string | null;
  rectifyRounds: number;
  answer: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
  rectifiedAt: string | null;
  closeComment: string | null;
  escalatedAt: string | null;
  closedAt: string | null;
  createdBy: string;
  updatedAt: string;
}

export interface ViolationDetail extends Violation {
  actions: ViolationAction[];
}

export interface Notice {
  violationId: string;
  unitId: string | null;
  unitName: string | null;
  category: number;
  article: string;
  title: string;
  titleEn: string | null;
  text: string;
  notifiedAt: string;
}

export interface ViolationQuery {
  state?: ViolationState;
  category?: number;
  unitId?: string;
  source?: ViolationSource;
  year?: number;
  reviewOnly?: boolean;
  limit?: number;
  offset?: number;
}

export interface ManualInput {
  unitId?: string | null;
  category: number;
  title: string;
  /** Optional English title, shown when the portal is in English. */
  titleEn?: string | null;
  description: string;
  serious?: boolean;
}

export interface OrderInput {
  text: string;
  workingDays?: number | null;
  dueDate?: string | null;
}

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
