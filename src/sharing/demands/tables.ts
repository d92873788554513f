import type { AnswerKind, DecisionLevel, DecisionOutcome, DemandMethod, DemandState, RecordKind } from './model.js';

/** The demands tables (Kysely types) — 共享需求 (R12, R14). Times ISO-8601 UTC text, JSON as text. */
export interface DemandTables {
  sharing_demand: DemandTable;
  sharing_demand_decision: DemandDecisionTable;
}

export interface DemandTable {
  id: string;
  title: string;
  state: DemandState;
  requester_unit_id: string;
  requester_id: string | null;
  requester_name: string;
  duty: string;
  legal_basis: string;
  content: string;
  /** JSON WantedItem[] */
  data_items: string;
  target_resource_code: string | null;
  target_provider_unit_id: string | null;
  scope: string;
  purpose: string;
  method: DemandMethod;
  system_id: string | null;
  /** YYYY-MM-DD */
  needed_by: string;
  provider_unit_id: string | null;
  /** JSON string[] */
  resource_codes: string;
  routed_at: string | null;
  routed_by: string | null;
  answer_kind: AnswerKind | null;
  answer_resource_code: string | null;
  answer_resource_version: number | null;
  answer_circumstances: string | null;
  answer_reasons: string | null;
  answer_comment: string | null;
  answered_at: string | null;
  answered_by: string | null;
  decision_level: DecisionLevel | null;
  decision_outcome: DecisionOutcome | null;
  decision_text: string | null;
  decided_at: string | null;
  decided_by: string | null;
  escalation_reason: string | null;
  escalated_at: string | null;
  escalated_by: string | null;
  gap_note: string | null;
  gap_at: string | null;
  gap_by: string | null;
  withdraw_reason: string | null;
  withdrawn_at: string | null;
  registered_at: string | null;
  registered_by: string | null;
  met_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The demand's record: every provider response (each registered by the authority) and every decision. */
export interface DemandDecisionTable {
  id: string;
  demand_id: string;
  /** 1, 2, … per demand. */
  seq: number;
  kind: RecordKind;
  outcome: DecisionOutcome | null;
  text: string | null;
  circumstances: string | null;
  resource_code: string | null;
  actor_id: string | null;
  actor_name: string;
  unit_id: string | null;
  at: string;
  registered_at: string | null;
  registered_by: string | null;
}
