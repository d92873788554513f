import type { ViolationSource, ViolationState } from './model.js';

/** Tables of supervision/violations (Kysely types; times ISO-8601 UTC text, JSON as text: docs/adr/0003). */
export interface ViolationTables {
  supervision_violation: ViolationTable;
}

export interface ViolationTable {
  id: string;
  /** null: a platform-wide finding (e.g. the audit chain), no unit can be named. */
  unit_id: string | null;
  /** 1–8: 第三十一条第N项 */
  category: number;
  source: ViolationSource;
  rule_id: string | null;
  complaint_id: string | null;
  title: string;
  title_en: string | null;
  description: string | null;
  /** JSON object. */
  evidence: string;
  subject_type: string | null;
  subject_id: string | null;
  /** Unique when set: a rule's condition is raised once (manual entries have none). */
  dedupe_key: string | null;
  review_only: number;
  state: ViolationState;
  serious: number;
  sanction: string | null;
  observed_at: string;
  detected_at: string;
  confirmed_at: string | null;
  confirmed_by: string | null;
  dismissed_at: string | null;
  dismiss_reason: string | null;
  notified_at: string | null;
  notice_text: string | null;
  rectify_order: string | null;
  rectification_due_at: string | null;
  rectify_rounds: number;
  answer: string | null;
  answered_at: string | null;
  answered_by: string | null;
  rectified_at: string | null;
  close_comment: string | null;
  escalated_at: string | null;
  closed_at: string | null;
  created_by: string;
  updated_at: string;
}
