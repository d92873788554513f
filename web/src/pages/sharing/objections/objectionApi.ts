import { api, apiUrl } from '../../../api';

/** Types of the objections API (mirrors src/sharing/objections/schema.ts). */
export const OBJECTION_STATES = ['raised', 'marked', 'fed_back', 'acknowledged', 'disputed', 'archived'] as const;
export type ObjectionState = (typeof OBJECTION_STATES)[number];
export type ObjectionOutcome = 'rejected' | 'upheld' | 'not_upheld';
export type AnswerKind = 'corrected' | 'explained';
export type ObjectionAction = 'accept' | 'reject' | 'answer' | 'acknowledge' | 'dispute' | 'close' | 'evidence';
export type ObjectionBox = 'to_handle' | 'mine' | 'all';

export interface Objection {
  id: string;
  resourceCode: string;
  resourceName: string;
  providerUnitId: string;
  providerUnitName: string | null;
  raiserUnitId: string;
  raiserUnitName: string | null;
  raisedBy: string;
  recordKeys: string[];
  fields: string[];
  description: string;
  evidence: string;
  expectedCorrection: string;
  state: ObjectionState;
  marked: boolean;
  answerKind: AnswerKind | null;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  rejectReason: string | null;
  disputeReason: string | null;
  disputedAt: string | null;
  acknowledgedAt: string | null;
  outcome: ObjectionOutcome | null;
  conclusion: string | null;
  acceptedAt: string | null;
  closedAt: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Evidence {
  id: string;
  objectionId: string;
  name: string;
  contentType: string;
  bytes: number;
  sha256: string;
  party: 'raiser' | 'provider';
  uploadedBy: string;
  uploadedByUnitId: string;
  uploadedAt: string;
}

export interface ObjectionDetail extends Objection {
  evidenceFiles: Evidence[];
  actions: ObjectionAction[];
}

export interface ObjectionInput {
  resourceCode: string;
  recordKeys?: string[];
  fields?: string[];
  description: string;
  evidence?: string;
  expectedCorrection: string;
}

export interface Marks {
  resourceCode: string;
  resource: boolean;
  keys: string[];
  hiddenKeys: number;
  fields: string[];
  objectionIds: string[];
}

export interface ObjectionStats {
  unitId: string | null;
  from: string | null;
  to: string | null;
  upheld: number;
  notUpheld: number;
  rejected: number;
  open: number;
  byProvider: { unitId: string; unitName: string | null; upheld: number; notUpheld: number }[];
}

const base = '/sharing/objections';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const objectionApi = {
  list: (q: { box: ObjectionBox; state?: ObjectionState; resource?: string; limit?: number; offset?: number }) => api.get<{ items: Objection[]; total: number }>(base, q),
  get: (id: string) => api.get<ObjectionDetail>(one(id)),
  raise: (input: ObjectionInput) => api.post<ObjectionDetail>(base, input),
  accept: (id: string, comment?: string) => api.post<ObjectionDetail>(`${one(id)}/accept`, comment ? { comment } : {}),
  reject: (id: string, reason: string) => api.post<ObjectionDetail>(`${one(id)}/reject`, { reason }),
  answer: (id: string, kind: AnswerKind, text: string) => api.post<ObjectionDetail>(`${one(id)}/answer`, { kind, text }),
  acknowledge: (id: string, comment?: string) => api.post<ObjectionDetail>(`${one(id)}/acknowledge`, comment ? { comment } : {}),
  dispute: (id: string, reason: string) => api.post<ObjectionDetail>(`${one(id)}/dispute`, { reason }),
  close: (id: string, upheld: boolean, conclusion: string) => api.post<ObjectionDetail>(`${one(id)}/close`, { upheld, conclusion }),
  addEvidence: (id: string, file: File) => api.upload<Evidence>(`${one(id)}/evidence`, file),
  evidenceUrl: (id: string, evidenceId: string) => apiUrl(`${one(id)}/evidence/${encodeURIComponent(evidenceId)}`),
  marks: (resource: string) => api.get<Marks>(`${base}/marks`, { resource }),
  stats: (q: { unitId?: string; from?: string; to?: string } = {}) => api.get<ObjectionStats>(`${base}/stats`, q),
};

/** Portal link of the form, prefilled with a resource (and record keys, one `keys` parameter each). */
export function newObjectionLink(resourceCode?: string, keys?: string[]): string {
  const p = new URLSearchParams();
  if (resourceCode) p.set('resource', resourceCode);
  for (const k of keys ?? []) p.append('keys', k);
  const s = p.toString();
  return `/sharing/objections/new${s ? `?${s}` : ''}`;
}

/** Record keys from the form link: `keys=a,b` or repeated `keys=`; a composite key (JSON array text) stays whole. */
export function keysFromParams(params: URLSearchParams): string[] {
  const out = params.getAll('keys').flatMap((v) => (v.trim().startsWith('[') ? [v.trim()] : v.split(',').map((x) => x.trim())));
  return [...new Set(out.filter(Boolean))];
}
