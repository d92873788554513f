import { api, apiUrl } from '../../../api';

/** The objections API's types and constants are the server's own (ADR 0017). */
export {
  OBJECTION_LIMITS,
  OBJECTION_STATES,
  type AnswerKind,
  type Evidence,
  type MarksView as Marks,
  type Objection,
  type ObjectionBox,
  type ObjectionDetail,
  type ObjectionInput,
  type ObjectionOutcome,
  type ObjectionState,
  type ObjectionStats,
} from '@server/sharing/objections/model.js';
import type {
  AnswerKind,
  Evidence,
  MarksView as Marks,
  Objection,
  ObjectionBox,
  ObjectionDetail,
  ObjectionInput,
  ObjectionState,
  ObjectionStats,
  StatsQuery,
} from '@server/sharing/objections/model.js';

/** What the caller may do with an objection now: the workflow actions and adding evidence. */
export type ObjectionAction = ObjectionDetail['actions'][number];

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
  stats: (q: StatsQuery = {}) => api.get<ObjectionStats>(`${base}/stats`, { ...q }),
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
