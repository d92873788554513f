/** Tables of supervision/rules (Kysely types; times ISO-8601 UTC text, JSON as text: docs/adr/0003). */
export interface ComplianceTables {
  supervision_rule_run: RuleRunTable;
  supervision_rule_setting: RuleSettingTable;
}

/** One row per rule: its last run and the lease that keeps two nodes from running it at once. */
export interface RuleRunTable {
  rule_id: string;
  /** The node/run holding the lease while the rule runs (null when free). */
  lease_owner: string | null;
  /** The lease expires at this instant (a crashed node's lease is taken over after it). */
  lease_until: string | null;
  last_start: string | null;
  last_end: string | null;
  /** 'running' | 'ok' | 'failed' (null: never ran). */
  last_status: string | null;
  last_findings: number;
  last_created: number;
  last_error: string | null;
  /** End of the last successful run: the next run's `since`. */
  last_success_end: string | null;
  updated_at: string;
}

/** Thresholds of the rules: one row per setting, the value as JSON text. */
export interface RuleSettingTable {
  key: string;
  value: string;
  updated_by: string;
  updated_at: string;
}
