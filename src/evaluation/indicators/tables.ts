/** Tables of evaluation/indicators (Kysely types; times ISO-8601 UTC text, JSON as text: docs/adr/0003). */
export interface IndicatorTables {
  evaluation_setting: EvaluationSettingTable;
  evaluation_run: EvaluationRunTable;
  evaluation_evidence: EvaluationEvidenceTable;
}

/** Every saved version of the settings (weights, formulas, bands); the highest version is current. */
export interface EvaluationSettingTable {
  version: number;
  /** JSON EvaluationSettings. */
  body: string;
  created_by: string;
  created_at: string;
}

/**
 * One evaluation of a year (year + version). Immutable once published: triggers refuse UPDATE and
 * DELETE of a published row on both dialects. 'superseded' is never stored (that would change a
 * published row): it is derived from a later published version of the same year.
 */
export interface EvaluationRunTable {
  id: string;
  year: number;
  version: number;
  state: 'draft' | 'published';
  settings_version: number;
  /** JSON EvaluationSettings: the snapshot the run was scored with. */
  settings: string;
  period_from: string;
  period_to: string;
  computed_at: string;
  created_by: string;
  /** JSON UnitResult[] in rank order. */
  results: string;
  /** JSON best values per indicator. */
  best: string;
  unit_count: number;
  published_at: string | null;
  published_by: string | null;
}

/** The records behind one unit's indicator value in a run (drill-down); frozen with the run. */
export interface EvaluationEvidenceTable {
  run_id: string;
  unit_id: string;
  indicator: string;
  /** JSON. */
  records: string;
}
