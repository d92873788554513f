import type { ReportState } from './model.js';

/** Tables of evaluation/report — 年度报告 (R21). Times ISO-8601 UTC text, JSON as text (docs/adr/0003). */
export interface ReportTables {
  evaluation_annual_report: AnnualReportTable;
  evaluation_annual_report_version: AnnualReportVersionTable;
}

export interface AnnualReportTable {
  id: string;
  /** Unique: one report per year, drafted once (insert-if-absent, safe on several nodes). */
  year: number;
  state: ReportState;
  title: string;
  /** The current text version (evaluation_annual_report_version). */
  version: number;
  /** JSON ReportData: the figures computed from the platform's records. */
  data: string;
  /** JSON TextSection[] of the current version. */
  sections: string;
  drafted_at: string;
  drafted_by: string;
  updated_at: string;
  sent_at: string | null;
  sent_by: string | null;
  received_at: string | null;
  received_by: string | null;
}

/** Every text version, the first (as drafted) included; never updated. */
export interface AnnualReportVersionTable {
  report_id: string;
  version: number;
  sections: string;
  edited_at: string;
  edited_by: string;
  comment: string | null;
}
