import { api } from '../../../api';

/** Types of the applications and grants API (mirrors src/sharing/applications/schema.ts). */

export const APPLICATION_STATES = ['draft', 'submitted', 'incomplete', 'under_review', 'approved', 'coordination', 'refused', 'withdrawn'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];
export const GRANT_STATES = ['pending_agreement', 'active', 'suspended', 'revoked', 'expired'] as const;
export type GrantState = (typeof GRANT_STATES)[number];
export const REQUIRED_FIELDS = ['fields', 'purpose', 'legalBasis', 'scenario', 'scope', 'method', 'systemId', 'validFrom', 'validUntil'] as const;
export type RequiredField = (typeof REQUIRED_FIELDS)[number];
export const SHARING_METHODS = ['online_query', 'batch_exchange', 'file_download', 'subscription'] as const;
export type SharingMethod = (typeof SHARING_METHODS)[number];
export const MASKING_RULES = ['none', 'id_card', 'phone', 'name', 'address', 'bank_account', 'custom'] as const;
export type MaskingRule = (typeof MASKING_RULES)[number];
export type AutoAnswer = 'mandatory' | 'not_shared' | 'classified' | 'outside_scope';

export interface RowFilter {
  field: string;
  op: string;
  value?: unknown;
}

export interface Grant {
  id: string;
  resourceCode: string;
  consumerUnitId: string;
  consumerSystemId: string | null;
  fields: string[] | null;
  rowFilter: RowFilter[];
  masking: Record<string, string>;
  purpose: string;
  legalBasis: string;
  validFrom: string;
  validUntil: string | null;
  quotaRequestsPerDay: number | null;
  quotaRowsPerDay: number | null;
  state: GrantState;
  stateReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface GrantView extends Grant {
  resourceName: string | null;
  providerUnitId: string | null;
  providerUnitName: string | null;
  consumerUnitName: string | null;
  consumerSystemName: string | null;
  applicationId: string | null;
}

export interface GrantDetail extends GrantView {
  agreementId: string | null;
  needsAgreement: boolean;
  agreementFiled: boolean | null;
  actions: { suspend: boolean; resume: boolean; revoke: boolean };
}

export interface ResourceItem {
  code: string;
  name: string;
  dataType: string;
  sensitivity: string;
  masking: string;
}

export interface ResourceView {
  code: string;
  version: number;
  name: string;
  providerUnitId: string;
  providerUnitName: string;
  sharingType: string;
  sharingConditions: string;
  sharingMethods: SharingMethod[];
  legalBasis: string;
  metadataOnly: boolean;
  tabular: boolean;
  items: ResourceItem[];
}

export interface Application {
  id: string;
  state: ApplicationState;
  resourceCode: string;
  resourceVersion: number;
  resourceName: string;
  providerUnitId: string;
  consumerUnitId: string;
  consumerSystemId: string | null;
  applicantId: string | null;
  applicantName: string;
  fields: string[] | null;
  purpose: string;
  legalBasis: string;
  scenario: string;
  scope: string;
  method: SharingMethod | null;
  validFrom: string | null;
  validUntil: string | null;
  quotaRequestsPerDay: number | null;
  quotaRowsPerDay: number | null;
  missing: RequiredField[];
  incompleteNote: string | null;
  autoAnswer: AutoAnswer | null;
  decisionComment: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  grantId: string | null;
  agreementId: string | null;
  extension: { state: 'requested' | 'approved' | 'denied'; days: number; reason: string; comment: string | null } | null;
  coordination: { decision: 'uphold' | 'order_approval'; comment: string } | null;
  deliveredAt: string | null;
  submittedAt: string | null;
  createdAt: string;
  updatedAt: string;
  consumerUnitName: string | null;
  providerUnitName: string | null;
  consumerSystemName: string | null;
}

export type UiAction =
  | 'edit'
  | 'submit'
  | 'resubmit'
  | 'withdraw'
  | 'accept'
  | 'incomplete'
  | 'approve'
  | 'refuse'
  | 'requestExtension'
  | 'decideExtension'
  | 'coordinate'
  | 'register'
  | 'deliver';

export interface ApplicationDetail extends Application {
  grant: Grant | null;
  resource: ResourceView | null;
  needsAgreement: boolean;
  actions: Record<UiAction, boolean>;
}

export interface Prefill {
  resource: ResourceView;
  autoAnswer: AutoAnswer | null;
  inScope: boolean;
  needsAgreement: boolean;
  systems: { id: string; code: string; name: string; scenario: string }[];
  defaults: { resourceCode: string; fields: string[] | null; method: string | null; validFrom: string | null; validUntil: string | null; consumerSystemId: string | null; scenario: string };
  open: { id: string; state: ApplicationState }[];
}

export interface ApplicationInput {
  consumerSystemId?: string | null;
  fields?: string[] | null;
  purpose?: string;
  legalBasis?: string;
  scenario?: string;
  scope?: string;
  method?: SharingMethod | null;
  validFrom?: string | null;
  validUntil?: string | null;
  quotaRequestsPerDay?: number | null;
  quotaRowsPerDay?: number | null;
}

export interface ApprovalTerms {
  fields?: string[] | null;
  rowFilter?: RowFilter[];
  masking?: Record<string, MaskingRule>;
  quotaRequestsPerDay?: number | null;
  quotaRowsPerDay?: number | null;
  validFrom?: string | null;
  validUntil?: string | null;
  comment?: string | null;
}

export type Box = 'mine' | 'to_review' | 'all';
export type GrantBox = 'consumer' | 'provider' | 'all';

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
  coordinate: (id: string, body: { decision: 'uphold' | 'order_approval'; comment: string; terms?: ApprovalTerms }) => api.post<ApplicationDetail>(`${base}/${enc(id)}/coordinate`, body),

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
