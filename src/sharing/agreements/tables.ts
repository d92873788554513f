import type { AgreementState, FilingOffice, FilingState } from './model.js';

/** The agreements tables (Kysely types) — 共享安全保密协议 and filings (R17). Times ISO-8601 UTC text, JSON as text. */
export interface AgreementTables {
  sharing_agreement: AgreementTable;
  sharing_agreement_filing: AgreementFilingTable;
}

export interface AgreementTable {
  id: string;
  grant_id: string;
  application_id: string | null;
  resource_code: string;
  /** The resource's name when the agreement was made (listing without a catalog lookup). */
  resource_name: string;
  provider_unit_id: string;
  consumer_unit_id: string;
  consumer_system_id: string | null;
  purpose: string;
  scope: string;
  valid_from: string;
  valid_until: string;
  obligations: string;
  state: AgreementState;
  /** Submission number: 0 before the first submission for filing. */
  round: number;
  document_sha256: string | null;
  document_bytes: number | null;
  document_name: string | null;
  document_content_type: string | null;
  document_uploaded_at: string | null;
  document_uploaded_by: string | null;
  document_uploaded_unit_id: string | null;
  signed_at: string | null;
  provider_confirmed_at: string | null;
  provider_confirmed_by: string | null;
  consumer_confirmed_at: string | null;
  consumer_confirmed_by: string | null;
  submitted_at: string | null;
  filed_at: string | null;
  returned_at: string | null;
  return_reason: string | null;
  ended_at: string | null;
  end_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** One office's part of one submission for filing (备案). */
export interface AgreementFilingTable {
  id: string;
  agreement_id: string;
  round: number;
  office: FilingOffice;
  state: FilingState;
  submitted_at: string;
  submitted_by: string;
  decided_at: string | null;
  decided_by: string | null;
  decided_by_id: string | null;
  decided_unit_id: string | null;
  comment: string | null;
  reference: string | null;
}
