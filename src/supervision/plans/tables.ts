import type { Assessment, EntryKind, FundingSource, PlanKind, PlanStatus } from './model.js';

/** Tables of supervision/plans (Kysely types; times ISO-8601 UTC text, days YYYY-MM-DD CST: docs/adr/0003). */
export interface PlanTables {
  supervision_plan_item: PlanItemTable;
  supervision_plan_milestone: PlanMilestoneTable;
  supervision_plan_entry: PlanEntryTable;
}

export interface PlanItemTable {
  id: string;
  year: number;
  kind: PlanKind;
  title: string;
  owner_unit_id: string;
  content: string;
  /** Integer fen: money is never a float. */
  budget_fen: number | string;
  funding_source: FundingSource;
  funding_note: string | null;
  status: PlanStatus;
  status_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface PlanMilestoneTable {
  id: string;
  plan_id: string;
  seq: number;
  title: string;
  due_date: string;
  done_date: string | null;
  note: string | null;
  updated_at: string;
}

/** The item's timeline: creation, edits, status changes, the authority's follow-ups, the unit's progress, milestones done. */
export interface PlanEntryTable {
  id: string;
  plan_id: string;
  /** 1, 2, … per item: the timeline's order (several entries may share a time). */
  seq: number;
  kind: EntryKind;
  day: string;
  note: string | null;
  assessment: Assessment | null;
  from_status: PlanStatus | null;
  to_status: PlanStatus | null;
  milestone_id: string | null;
  by_name: string;
  by_unit_id: string | null;
  at: string;
}
