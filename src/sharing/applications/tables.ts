import type { ApplicationState, AutoAnswer, CoordinationDecision, ExtensionState } from './model.js';

/** The applications tables (Kysely types) — 共享申请 (R13). Times ISO-8601 UTC text, JSON as text. */
export interface ApplicationTables {
  sharing_application: ApplicationTable;
}

export interface ApplicationTable {
  id: string;
  state: ApplicationState;
  resource_code: string;
  resource_version: number;
  resource_name: string;
  provider_unit_id: string;
  consumer_unit_id: string;
  consumer_system_id: string | null;
  applicant_id: string | null;
  applicant_name: string;
  /** The role the applicant applied in (unit_user / unit_steward): whose inbox gets the incomplete notice. */
  applicant_role: string;
  /** JSON string[] of item codes, or null for every item. */
  fields: string | null;
  purpose: string;
  legal_basis: string;
  scenario: string;
  scope: string;
  method: string | null;
  valid_from: string | null;
  valid_until: string | null;
  quota_requests_per_day: number | string | null;
  quota_rows_per_day: number | string | null;
  /** JSON RequiredField[] of the last incomplete notice. */
  missing: string;
  incomplete_note: string | null;
  auto_answer: AutoAnswer | null;
  decision_comment: string | null;
  decided_by: string | null;
  decided_at: string | null;
  grant_id: string | null;
  agreement_id: string | null;
  extension_state: ExtensionState | null;
  extension_days: number | null;
  extension_reason: string | null;
  extension_comment: string | null;
  coordination_decision: CoordinationDecision | null;
  coordination_comment: string | null;
  delivered_at: string | null;
  submitted_at: string | null;
  created_at: string;
  updated_at: string;
}
