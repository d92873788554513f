import { api } from '../../../api';

/** The applications and grants API's types and constants are the server's own (ADR 0017). */
export { MASKING_RULES, SHARING_METHODS, type MaskingRule, type SharingMethod } from '@server/catalog/model.js';
export { FILTER_OPS, type Filter as RowFilter, type FilterOp } from '@server/exchange/types.js';
export { GRANT_STATES, type Grant, type GrantState } from '@server/sharing/model.js';
export {
  APPLICATION_STATES,
  REQUIRED_FIELDS,
  type ApplicationBox as Box,
  type ApplicationDetailView as ApplicationDetail,
  type ApplicationState,
  type ApplicationUiAction as UiAction,
  type ApplicationView as Application,
  type ApprovalTerms,
  type AutoAnswer,
  type GrantDetailView as GrantDetail,
  type GrantView,
  type Prefill,
  type RequiredField,
  type ResourceItemView as ResourceItem,
  type ResourceView,
} from '@server/sharing/applications/model.js';
import type {
  ApplicationBox as Box,
  ApplicationDetailView as ApplicationDetail,
  ApplicationInput as StoredApplicationInput,
  ApplicationView as Application,
  ApprovalTerms,
  CoordinationDecision,
  GrantDetailView as GrantDetail,
  GrantListQuery,
  GrantView,
  Prefill,
  RequiredField,
} from '@server/sharing/applications/model.js';

/** The applicant's content as the form sends it (PATCH, submit, resubmit); the resource is named only when creating. */
export type ApplicationInput = Omit<StoredApplicationInput, 'resourceCode'>;

/** The grants list's boxes (GET /sharing/grants?box=). */
export type GrantBox = NonNullable<GrantListQuery['box']>;

const enc = encodeURIComponent;
const base = '/sharing/applications';

export const applicationsApi = {
  prefill: (resource: string) => api.get<Prefill>(`${base}/prefill`, { resource }),
  list: (q: { box?: Box; state?: string; resource?: string; limit?: number; offset?: number }) => api.get<{ items: Application[]; total: number }>(base, q),
  get: (id: string) => api.get<ApplicationDetail>(`${base}/${enc(id)}`),
  create: (body: ApplicationInput & { resourceCode: string; submit?: boolean }) => api.post<ApplicationDetail>(base, body),
  update: (id: string, body: ApplicationInput) => api.patch<ApplicationDetail>(`${base}/${enc(id)}`, body),
  submit: (id: string, body?: ApplicationInput) => api.post<ApplicationDetail>(`${base}/${enc(id)}/submit`, body ?? {}),
  resubmit: (id: string, body?: ApplicationInput) => api.post<ApplicationDetail>(`${base}/${enc(id)}/resubmit`, body ?? {}),
  comment: (id: string, action: 'withdraw' | 'accept' | 'register' | 'deliver', comment?: string | null) => api.post<ApplicationDetail>(`${base}/${enc(id)}/${action}`, { comment: comment || null }),
  incomplete: (id: string, body: { missing: RequiredField[]; note?: string | null }) => api.post<ApplicationDetail>(`${base}/${enc(id)}/incomplete`, body),
  approve: (id: string, terms: ApprovalTerms) => api.post<ApplicationDetail>(`${base}/${enc(id)}/approve`, terms),
  refuse: (id: string, reason: string) => api.post<ApplicationDetail>(`${base}/${enc(id)}/refuse`, { reason }),
  requestExtension: (id: string, body: { days: number; reason: string }) => api.post<ApplicationDetail>(`${base}/${enc(id)}/request-extension`, body),
  decideExtension: (id: string, body: { approve: boolean; comment?: string | null }) => api.post<ApplicationDetail>(`${base}/${enc(id)}/decide-extension`, body),
  coordinate: (id: string, body: { decision: CoordinationDecision; comment: string; terms?: ApprovalTerms }) => api.post<ApplicationDetail>(`${base}/${enc(id)}/coordinate`, body),

  grants: (q: { box?: GrantBox; state?: string; resource?: string; limit?: number; offset?: number }) => api.get<{ items: GrantView[]; total: number }>('/sharing/grants', q),
  grant: (id: string) => api.get<GrantDetail>(`/sharing/grants/${enc(id)}`),
  suspendGrant: (id: string, reason: string) => api.post<GrantDetail>(`/sharing/grants/${enc(id)}/suspend`, { reason }),
  resumeGrant: (id: string, comment?: string | null) => api.post<GrantDetail>(`/sharing/grants/${enc(id)}/resume`, { comment: comment || null }),
  revokeGrant: (id: string, reason: string) => api.post<GrantDetail>(`/sharing/grants/${enc(id)}/revoke`, { reason }),
};

export const applicationLink = (id: string) => `/sharing/applications/${enc(id)}`;
export const grantLink = (id: string) => `/sharing/grants/${enc(id)}`;
export const agreementLink = (id: string) => `/sharing/agreements/${enc(id)}`;
export const newApplicationLink = (resourceCode?: string) => (resourceCode ? `/sharing/applications/new?resource=${enc(resourceCode)}` : '/sharing/applications/new');
