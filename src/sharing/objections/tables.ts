import type { ObjectionOutcome, ObjectionState, AnswerKind } from './model.js';

/** The objections tables (Kysely types) — 异议 (R15). Times ISO-8601 UTC text, JSON as text, booleans 0/1. */
export interface ObjectionTables {
  sharing_objection: ObjectionTable;
  sharing_objection_record: ObjectionRecordTable;
  sharing_objection_evidence: ObjectionEvidenceTable;
}

export interface ObjectionTable {
  id: string;
  resource_code: string;
  /** The resource's name when the objection was raised (kept if the resource is later withdrawn). */
  resource_name: string;
  provider_unit_id: string;
  raiser_unit_id: string;
  /** Actor name (username) of the raiser. */
  raised_by: string;
  raised_by_id: string | null;
  /** The raiser's role in their unit: whom the acknowledge task is for. */
  raised_by_role: string;
  description: string;
  evidence_text: string;
  expected_correction: string;
  state: ObjectionState;
  /** 1 while the records / resource show as under objection. */
  marked: number;
  answer_kind: AnswerKind | null;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
  reject_reason: string | null;
  dispute_reason: string | null;
  disputed_at: string | null;
  acknowledged_at: string | null;
  outcome: ObjectionOutcome | null;
  conclusion: string | null;
  accepted_at: string | null;
  closed_at: string | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The records and fields an objection concerns: one row per record key (field null) or per field (key null). */
export interface ObjectionRecordTable {
  objection_id: string;
  seq: number;
  resource_code: string;
  kind: 'key' | 'field';
  value: string;
}

/** Evidence files: content-addressed blobs (dataDir/blobs/sha256/…) described here. */
export interface ObjectionEvidenceTable {
  id: string;
  objection_id: string;
  name: string;
  content_type: string;
  bytes: number;
  sha256: string;
  party: 'raiser' | 'provider';
  uploaded_by: string;
  uploaded_by_unit_id: string;
  uploaded_at: string;
}
