/**
 * 合规监测 (R23, 第三十一条): the model of the rules engine — settings (thresholds the IT authority
 * and the supervision department edit), the rule list as the portal shows it, and run results.
 */
import type { Finding, ViolationCategory } from '../types.js';

/** Thresholds and windows of the rules (stored in supervision_rule_setting; defaults below). */
export interface ComplianceSettings {
  /** 第一项(a): working days after publication by which a mandatory/restricted resource must have data; null = its update cycle plus time limit. */
  noDataWorkingDays: number | null;
  /** 第一项(c): working days after a demand was accepted (with a new catalog entry) within which it must be met (and not before its needed-by date). */
  demandWorkingDays: number;
  /** 第二项(b): share of live rows (0–1) with a required data item empty above which a dataset is flagged. */
  requiredEmptyRatio: number;
  /** 第二项(b): datasets with fewer live rows are not judged. */
  requiredEmptyMinRows: number;
  /** 第四项(b): a day's calls above this multiple of the unit's own trailing mean are flagged. */
  volumeMultiple: number;
  /** 第四项(b): days with fewer calls are never flagged. */
  volumeMinCalls: number;
  /** 第四项(b): days of the trailing baseline. */
  volumeBaselineDays: number;
  /** 第四项(c): unusual hours, China Standard Time: from this hour (0–23)… */
  oddHoursStart: number;
  /** …to this hour (exclusive; may wrap past midnight). */
  oddHoursEnd: number;
  /** 第四项(c): records read by one unit in one night above which it is flagged. */
  oddHoursRows: number;
  /** Rules reading the audit log look back this many days on their first run. */
  lookbackDays: number;
}

export const SETTING_DEFAULTS: ComplianceSettings = {
  noDataWorkingDays: null,
  demandWorkingDays: 20,
  requiredEmptyRatio: 0.1,
  requiredEmptyMinRows: 10,
  volumeMultiple: 5,
  volumeMinCalls: 100,
  volumeBaselineDays: 30,
  oddHoursStart: 22,
  oddHoursEnd: 6,
  oddHoursRows: 1000,
  lookbackDays: 7,
};

/** Allowed range of each numeric setting (inclusive) and whether it must be an integer. */
export const SETTING_RANGES: Record<keyof ComplianceSettings, { min: number; max: number; integer: boolean; nullable?: boolean }> = {
  noDataWorkingDays: { min: 0, max: 250, integer: true, nullable: true },
  demandWorkingDays: { min: 0, max: 250, integer: true },
  requiredEmptyRatio: { min: 0, max: 1, integer: false },
  requiredEmptyMinRows: { min: 1, max: 1_000_000_000, integer: true },
  volumeMultiple: { min: 1, max: 1000, integer: false },
  volumeMinCalls: { min: 1, max: 1_000_000_000, integer: true },
  volumeBaselineDays: { min: 7, max: 365, integer: true },
  oddHoursStart: { min: 0, max: 23, integer: true },
  oddHoursEnd: { min: 0, max: 23, integer: true },
  oddHoursRows: { min: 1, max: 1_000_000_000, integer: true },
  lookbackDays: { min: 1, max: 366, integer: true },
};

export const SETTING_KEYS = Object.keys(SETTING_DEFAULTS) as (keyof ComplianceSettings)[];

export const RUN_STATUSES = ['running', 'ok', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A rule as the portal lists it. */
export interface RuleView {
  id: string;
  category: ViolationCategory;
  article: string;
  title: { zh: string; en: string };
  intervalSeconds: number;
  /** 第四项: findings go to a supervisor's review, never an automatic finding. */
  reviewOnly: boolean;
  lastRun: {
    startedAt: string | null;
    finishedAt: string | null;
    status: RunStatus | null;
    findings: number;
    created: number;
    error: string | null;
    /** End of the last successful run: the next run's `since`. */
    lastSuccessAt: string | null;
  };
}

/** One rule's part of a run. 'busy': another node (or run) holds the rule's lease; it was skipped. */
export interface RuleRunResult {
  ruleId: string;
  status: 'ok' | 'failed' | 'busy';
  findings: number;
  created: number;
  existing: number;
  error: string | null;
}

export interface RunResult {
  startedAt: string;
  finishedAt: string;
  rules: RuleRunResult[];
  findings: number;
  created: number;
  existing: number;
  /** The findings (of rules that ran), as raised. */
  items: Finding[];
}
