import { api, apiUrl } from '../../../api';

/** Types and calls of /api/v1/sharing/agreements (mirrors src/sharing/agreements/schema.ts). */

export const AGREEMENT_STATES = ['draft', 'signed', 'filing', 'returned', 'filed', 'expired', 'terminated'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];
export type Side = 'provider' | 'consumer';
export type Office = 'secrecy_bureau' | 'authority';
export type Box = 'mine' | 'to_file' | 'all';

export interface AgreementDocument {
  sha256: string;
  bytes: number;
  name: string;
  contentType: string;
  uploadedAt: string;
  uploadedBy: string;
  uploadedByUnitId: string | null;
}

export interface Filing {
  id: string;
  round: number;
  office: Office;
  state: 'pending' | 'acknowledged' | 'returned' | 'cancelled';
  submittedAt: string;
  submittedBy: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decidedUnitId: string | null;
  comment: string | null;
  reference: string | null;
}

export interface AgreementSummary {
  id: string;
  grantId: string;
  applicationId: string | null;
  resourceCode: string;
  resourceName: string;
  providerUnitId: string;
  providerUnitName: string;
  consumerUnitId: string;
  consumerUnitName: string;
  consumerSystemId: string | null;
  purpose: string;
  scope: string;
  validFrom: string;
  validUntil: string;
  state: AgreementState;
  document: AgreementDocument | null;
  signedAt: string | null;
  providerConfirmedAt: string | null;
  providerConfirmedBy: string | null;
  consumerConfirmedAt: string | null;
  consumerConfirmedBy: string | null;
  round: number;
  submittedAt: string | null;
  filedAt: string | null;
  returnedAt: string | null;
  returnReason: string | null;
  endedAt: string | null;
  endReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface AgreementDetail extends AgreementSummary {
  obligations: string;
  filings: Filing[];
  can: { edit: boolean; upload: boolean; confirm: Side[]; submit: boolean; acknowledge: Office[]; terminate: boolean };
}

export interface TermsInput {
  purpose?: string;
  scope?: string;
  validFrom?: string;
  validUntil?: string;
  obligations?: string;
}

const base = '/sharing/agreements';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

const CST_MS = 8 * 3_600_000;

/** The China Standard Time date of an instant (validity is agreed in CST days). */
export function cstDay(iso: string): string {
  return new Date(Date.parse(iso) + CST_MS).toISOString().slice(0, 10);
}

/** The last CST day of a validity that ends (exclusive) at `iso`. */
export function lastCstDay(iso: string): string {
  return cstDay(new Date(Date.parse(iso) - 1).toISOString());
}

export const agreementApi = {
  list: (q: { box: Box; state?: AgreementState; limit?: number; offset?: number }) => api.get<{ items: AgreementSummary[]; total: number }>(base, q),
  get: (id: string) => api.get<AgreementDetail>(one(id)),
  create: (grantId: string) => api.post<AgreementDetail>(base, { grantId }),
  update: (id: string, terms: TermsInput) => api.put<AgreementDetail>(one(id), terms),
  upload: (id: string, file: File, signedAt?: string) => api.upload<AgreementDetail>(`${one(id)}/document`, file, { name: file.name, signedAt }),
  documentUrl: (id: string) => apiUrl(`${one(id)}/document`),
  confirm: (id: string, side: Side, comment?: string) => api.post<AgreementDetail>(`${one(id)}/confirm`, { side, ...(comment ? { comment } : {}) }),
  submit: (id: string, comment?: string) => api.post<AgreementDetail>(`${one(id)}/submit-filing`, comment ? { comment } : {}),
  acknowledge: (id: string, office: Office, input: { comment?: string; reference?: string }) =>
    api.post<AgreementDetail>(`${one(id)}/acknowledge`, { office, ...(input.comment ? { comment: input.comment } : {}), ...(input.reference ? { reference: input.reference } : {}) }),
  returnFiling: (id: string, office: Office, reason: string) => api.post<AgreementDetail>(`${one(id)}/return`, { office, reason }),
  terminate: (id: string, reason: string) => api.post<AgreementDetail>(`${one(id)}/terminate`, { reason }),
};
