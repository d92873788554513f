import { api } from '../../../api';

/** Types of the demands API (mirrors src/sharing/demands/schema.ts). */
export const DEMAND_STATES = ['submitted', 'routed', 'accepted', 'in_progress', 'met', 'declined', 'escalated', 'decided', 'gap', 'withdrawn'] as const;
export type DemandState = (typeof DEMAND_STATES)[number];
export const DEMAND_METHODS = ['online_query', 'batch_exchange', 'file', 'subscription'] as const;
export type DemandMethod = (typeof DEMAND_METHODS)[number];
export const DECISION_OUTCOMES = ['provider_must_share', 'decline_upheld', 'other'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
export type DemandTransition = 'route' | 'accept' | 'decline' | 'register' | 'decide' | 'escalate' | 'leader-decide' | 'mark-gap' | 'withdraw';
export type RecordKind = 'existing' | 'new_entry' | 'decline' | 'authority_decision' | 'leadership_decision';
export type DemandBox = 'all' | 'mine' | 'to_answer';

export interface WantedItem {
  name: string;
  code?: string | null;
}

export interface DemandInput {
  title: string;
  duty: string;
  legalBasis: string;
  content: string;
  dataItems?: WantedItem[];
  targetResourceCode?: string | null;
  targetProviderUnitId?: string | null;
  scope: string;
  purpose: string;
  method: DemandMethod;
  systemId?: string | null;
  neededBy: string;
}

export interface Demand {
  id: string;
  title: string;
  state: DemandState;
  requesterUnitId: string;
  requesterUnitName: string;
  requesterId: string | null;
  requesterName: string;
  duty: string;
  legalBasis: string;
  content: string;
  dataItems: WantedItem[];
  targetResourceCode: string | null;
  targetProviderUnitId: string | null;
  scope: string;
  purpose: string;
  method: DemandMethod;
  systemId: string | null;
  systemName: string | null;
  neededBy: string;
  providerUnitId: string | null;
  providerUnitName: string | null;
  resourceCodes: string[];
  routedAt: string | null;
  routedBy: string | null;
  answer: {
    kind: 'existing' | 'new_entry' | 'decline';
    resourceCode: string | null;
    resourceVersion: number | null;
    circumstances: string | null;
    reasons: string | null;
    comment: string | null;
    at: string;
    by: string;
  } | null;
  decision: { level: 'authority' | 'leadership'; outcome: DecisionOutcome; text: string; at: string; by: string } | null;
  escalation: { reason: string; at: string; by: string } | null;
  gap: { note: string; at: string; by: string } | null;
  withdrawal: { reason: string | null; at: string } | null;
  registeredAt: string | null;
  registeredBy: string | null;
  metAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DemandRecord {
  id: string;
  seq: number;
  kind: RecordKind;
  outcome: DecisionOutcome | null;
  text: string | null;
  circumstances: string | null;
  resourceCode: string | null;
  actorName: string;
  unitId: string | null;
  at: string;
  registeredAt: string | null;
  registeredBy: string | null;
}

export interface DemandDetail extends Demand {
  records: DemandRecord[];
  pendingRegistration: number;
  allowed: DemandTransition[];
}

export interface GapEntry {
  id: string;
  title: string;
  requesterUnitId: string;
  requesterUnitName: string;
  duty: string;
  content: string;
  dataItems: WantedItem[];
  scope: string;
  neededBy: string;
  note: string;
  markedAt: string;
}

export interface Suggestion {
  code: string;
  name: string;
  abstract: string;
  providerUnitId: string;
  providerUnitName: string;
  sharingType: string;
  matchedBy: string[];
}

export interface DemandList {
  items: Demand[];
  total: number;
  counts: Partial<Record<DemandState, number>>;
}

const enc = encodeURIComponent;

export const demandLink = (id: string) => `/sharing/demands/${enc(id)}`;

export const demandApi = {
  list: (q: { box?: DemandBox; state?: string; q?: string; decisionLevel?: 'authority' | 'leadership'; escalated?: boolean; limit?: number; offset?: number }) => api.get<DemandList>('/sharing/demands', q),
  get: (id: string) => api.get<DemandDetail>(`/sharing/demands/${enc(id)}`),
  create: (input: DemandInput) => api.post<DemandDetail>('/sharing/demands', input),
  gaps: (q: { q?: string; limit?: number; offset?: number }) => api.get<{ items: GapEntry[]; total: number }>('/sharing/demands/gaps', q),
  formOptions: () => api.get<{ systems: { id: string; code: string; name: string }[] }>('/sharing/demands/form-options'),
  suggestions: (id: string) => api.get<{ items: Suggestion[] }>(`/sharing/demands/${enc(id)}/suggestions`),
  act: (id: string, action: DemandTransition, body: Record<string, unknown> = {}) => api.post<DemandDetail>(`/sharing/demands/${enc(id)}/${action}`, body),
};
