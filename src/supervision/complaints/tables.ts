import type { Addressee, ComplaintOutcome, ComplaintState, Party } from './model.js';

/** Tables of supervision/complaints (Kysely types; times ISO-8601 UTC text, JSON as text: docs/adr/0003). */
export interface ComplaintTables {
  supervision_complaint: ComplaintTable;
  supervision_complaint_message: ComplaintMessageTable;
  supervision_complaint_evidence: ComplaintEvidenceTable;
  supervision_complaint_violation: ComplaintViolationTable;
}

export interface ComplaintTable {
  id: string;
  complainant_unit_id: string;
  complainant_id: string | null;
  complainant_name: string;
  /** Whom the feedback and reply tasks go to in the complainant's unit. */
  complainant_role: string;
  target_unit_id: string;
  addressee: Addressee;
  category: number | null;
  title: string;
  text: string;
  state: ComplaintState;
  disclosed: number;
  target_involved: number;
  pending_target: number;
  pending_complainant: number;
  outcome: ComplaintOutcome | null;
  result: string | null;
  reject_reason: string | null;
  accepted_at: string | null;
  concluded_at: string | null;
  acknowledged_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ComplaintMessageTable {
  id: string;
  complaint_id: string;
  kind: 'note' | 'request' | 'reply';
  party: Party | null;
  text: string;
  by_name: string;
  by_unit_id: string | null;
  at: string;
}

export interface ComplaintEvidenceTable {
  id: string;
  complaint_id: string;
  name: string;
  content_type: string;
  bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
}

export interface ComplaintViolationTable {
  complaint_id: string;
  violation_id: string;
  linked_by: string;
  linked_at: string;
}
