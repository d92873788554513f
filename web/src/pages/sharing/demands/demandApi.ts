import { api } from '../../../api';

/** The demands API's types and constants are the server's own (ADR 0017). */
export {
  DECISION_OUTCOMES,
  DEMAND_METHODS,
  DEMAND_STATES,
  type DecisionOutcome,
  type Demand,
  type DemandBox,
  type DemandDetail,
  type DemandInput,
  type DemandMethod,
  type DemandRecord,
  type DemandState,
  type DemandSuggestion as Suggestion,
  type DemandTransition,
  type GapEntry,
  type RecordKind,
  type WantedItem,
} from '@server/sharing/demands/model.js';
import type {
  Demand,
  DemandDetail,
  DemandInput,
  DemandListQuery,
  DemandState,
  DemandSuggestion as Suggestion,
  DemandTransition,
  GapEntry,
} from '@server/sharing/demands/model.js';

/** A page of the board, with the number of demands per state (same box and text filter). */
export interface DemandList {
  items: Demand[];
  total: number;
  counts: Partial<Record<DemandState, number>>;
}

const enc = encodeURIComponent;

export const demandLink = (id: string) => `/sharing/demands/${enc(id)}`;

export const demandApi = {
  list: (q: DemandListQuery) => api.get<DemandList>('/sharing/demands', { ...q }),
  get: (id: string) => api.get<DemandDetail>(`/sharing/demands/${enc(id)}`),
  create: (input: DemandInput) => api.post<DemandDetail>('/sharing/demands', input),
  gaps: (q: { q?: string; limit?: number; offset?: number }) => api.get<{ items: GapEntry[]; total: number }>('/sharing/demands/gaps', q),
  formOptions: () => api.get<{ systems: { id: string; code: string; name: string }[] }>('/sharing/demands/form-options'),
  suggestions: (id: string) => api.get<{ items: Suggestion[] }>(`/sharing/demands/${enc(id)}/suggestions`),
  act: (id: string, action: DemandTransition, body: Record<string, unknown> = {}) => api.post<DemandDetail>(`/sharing/demands/${enc(id)}/${action}`, body),
};
