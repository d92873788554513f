/**
 * 年度报告 (R21, 第二十七条): at the start of each year the platform drafts the report to the
 * city's leadership group (领导小组) on the previous year's sharing, computed from its own records;
 * the IT authority edits its text sections (every edit a new version, the previous ones kept) and
 * sends it; a member of the leadership group acknowledges receipt.
 *
 *   drafted ─edit (versioned)→ drafted ─send→ sent ─receive→ received
 */
export const REPORT_STATES = ['drafted', 'sent', 'received'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export const REPORT_ACTIONS = ['edit', 'refresh', 'send', 'receive'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

export const ACTION_FROM: Record<ReportAction, readonly ReportState[]> = {
  edit: ['drafted'],
  refresh: ['drafted'],
  send: ['drafted'],
  receive: ['sent'],
};

/** The editable text sections, in the report's order. */
export const TEXT_SECTION_KEYS = ['summary', 'achievements', 'problems', 'next_steps'] as const;
export type TextSectionKey = (typeof TEXT_SECTION_KEYS)[number];

export const REPORT_LIMITS = { textMax: 20_000, commentMax: 2000, firstYear: 2000, lastYear: 2100 } as const;

export interface TextSection {
  key: TextSectionKey;
  /** zh-CN title (the portal translates by key). */
  title: string;
  text: string;
}

/** A figure that could not be computed (its source is not available yet) is null; `unavailable` names the parts. */
export interface ReportData {
  year: number;
  /** [from, to) as CST days. */
  period: { from: string; to: string };
  computedAt: string;
  totals: {
    units: number | null;
    resources: number | null;
    resourcesBySharingType: Record<string, number> | null;
    dataItems: number | null;
    recordsAvailable: number | null;
    calls: number | null;
    rowsServed: number | null;
    refused: number | null;
  };
  /** Usage per month of the year (YYYY-MM). */
  monthly: { month: string; calls: number; rows: number }[] | null;
  /** The same totals a year earlier (year-over-year). */
  previousYear: { calls: number; rows: number } | null;
  topResources: { code: string; name: string; providerUnitName: string | null; calls: number; rows: number }[] | null;
  topConsumers: { unitId: string; unitName: string | null; calls: number; rows: number }[] | null;
  /** 第二十二条: cross-department application systems and the resources they use. */
  applications: { systemId: string; name: string; unitName: string | null; scenario: string; calls: number; rows: number; resources: number }[] | null;
  /** Workflow items handled (tasks with a deadline opened in the year), by item kind. */
  handling: { kind: string; handled: number; onTime: number; late: number; open: number }[] | null;
  objections: { upheld: number; notUpheld: number; rejected: number; open: number } | null;
  violations: { total: number; byCategory: Record<string, number>; byState: Record<string, number> } | null;
  training: { sessions: number; attendances: number; people: number; unitsTrained: number; unitsTotal: number | null } | null;
  plans: { total: number; byStatus: Record<string, number>; budget: number } | null;
  evaluation: { runId: string | null; version: number | null; publishedAt: string | null; grades: Record<string, number>; ranking: { unitId: string; unitName: string | null; score: number | null; rank: number | null; grade: string | null }[] } | null;
  /** Parts whose source failed (shown as "—" and flagged). */
  unavailable: string[];
}

export interface ReportSummary {
  id: string;
  year: number;
  state: ReportState;
  title: string;
  version: number;
  draftedAt: string;
  draftedBy: string;
  updatedAt: string;
  sentAt: string | null;
  sentBy: string | null;
  receivedAt: string | null;
  receivedBy: string | null;
}

export interface Report extends ReportSummary {
  data: ReportData;
  sections: TextSection[];
  /** What the caller may do now. */
  actions: ReportAction[];
}

export interface ReportVersion {
  version: number;
  sections: TextSection[];
  editedAt: string;
  editedBy: string;
  comment: string | null;
}
