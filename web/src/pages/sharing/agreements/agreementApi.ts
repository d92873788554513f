import { api, apiUrl } from '../../../api';

/** The agreements API's types and constants are the server's own (ADR 0017). */
export {
  AGREEMENT_STATES,
  type AgreementDocument,
  type AgreementState,
  type Filing,
  type FilingOffice as Office,
  type Side,
  type AgreementTermsInput as TermsInput,
} from '@server/sharing/agreements/model.js';
import type {
  Agreement,
  AgreementCapabilities,
  AgreementDetail as StoredAgreementDetail,
  AgreementFilter,
  AgreementState,
  AgreementTermsInput as TermsInput,
  FilingOffice as Office,
  Side,
} from '@server/sharing/agreements/model.js';

/** The list's boxes (GET /sharing/agreements?box=). */
export type Box = NonNullable<AgreementFilter['box']>;

/** An agreement in a list: the stored fields without the obligations, plus the two units' names. */
export type AgreementSummary = Omit<Agreement, 'obligations'> & { providerUnitName: string; consumerUnitName: string };

/** One agreement as its page shows it: with the obligations, the current filings and what the caller may do. */
export type AgreementDetail = AgreementSummary & Pick<StoredAgreementDetail, 'obligations' | 'filings'> & { can: AgreementCapabilities };

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
