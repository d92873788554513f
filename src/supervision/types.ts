/**
 * Supervision (监督, issue 6; 第二十三、二十九～三十二条): the contracts between its parts and
 * with evaluation. Each part lives in its own folder:
 *
 *   violations/  违规事项登记：线索 → 确认/驳回 → 通报批评 → 责令整改 → 整改完成/移送处分建议 (R23)
 *   complaints/  投诉：受理、调查、关联违规、结果反馈 (R22)
 *   rules/       合规监测：规则引擎与第一～五项规则，由后台清扫器定时运行或按需运行 (R23)
 *   integrity/   第七项：审计链校验、数据集被直接改动、迁移之外的结构变更 (R19, R23)
 *   training/    培训场次与参训情况，半年度未培训单位 (R24)
 *   plans/       年度建设计划与跟踪 (R26)
 *
 * Rules produce Findings; the violations register turns each new Finding into a candidate.
 */

/** 第三十一条 categories (项): 1 not shared in time, 2 untrue/incomplete, 3 not updated in time,
 * 4 use beyond duties, 5 refusal to rectify, 6 (by hand), 7 unauthorized deletion or modification, 8 (by hand). */
export const VIOLATION_CATEGORIES = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export type ViolationCategory = (typeof VIOLATION_CATEGORIES)[number];
/** Categories the platform detects from its own records; 6 and 8 are recorded by hand. */
export const DETECTED_CATEGORIES: readonly ViolationCategory[] = [1, 2, 3, 4, 5, 7];

/** What a compliance rule found: one violation candidate, with the evidence that triggered it. */
export interface Finding {
  /** The rule, e.g. 'c1.no_data', 'c3.update_overdue', 'c7.audit_chain'. */
  ruleId: string;
  category: ViolationCategory;
  /** The unit concerned; null when no unit can be named (e.g. the audit chain is broken). */
  unitId: string | null;
  /**
   * Identifies the condition: while a violation with this key exists (in any state, including
   * dismissed), raising it again is a no-op. Rules put in it what makes a new occurrence new
   * (e.g. the missed deadline: 'c3:A01/000001:2026-11-20').
   */
  dedupeKey: string;
  /** One line, zh-CN (stored; the portal shows it). */
  title: string;
  /** The same line in English (optional). */
  titleEn?: string;
  /** What triggered it: ids, counts, times, deadlines, links. Small JSON. */
  evidence: Record<string, unknown>;
  /** What it is about, for links: e.g. { type: 'resource', id: 'A01/000001' }, { type: 'application', id }. */
  subject?: { type: string; id: string };
  /** When the condition was observed (ISO-8601 UTC). */
  observedAt: string;
  /** 第四项: flagged for a supervisor's review, never an automatic finding (the register shows it as such). */
  reviewOnly?: boolean;
}

/** Where rules put their findings (violations/ implements it). */
export interface ViolationSink {
  /** Creates a candidate for each Finding whose dedupeKey is new; idempotent; audited 'supervision.violation.detect'. */
  raiseCandidates(findings: Finding[]): Promise<{ created: number; existing: number }>;
}

/** A unit's violations in a period, for evaluation and the annual report. */
export interface UnitViolationCount {
  unitId: string;
  /** Confirmed violations (confirmed and every later state except dismissed) whose confirmation falls in the period. */
  confirmed: number;
  /** Of those: with a recommendation of administrative sanction (serious). */
  serious: number;
  byCategory: Partial<Record<ViolationCategory, number>>;
}

export interface ViolationStats {
  /** Per unit, confirmations in [from, to) (ISO-8601 UTC); units without any are absent. */
  countsByUnit(q: { from: string; to: string }): Promise<UnitViolationCount[]>;
  /** City-wide: violations by state and by category, created in [from, to). */
  summary(q: { from: string; to: string }): Promise<{ byState: Record<string, number>; byCategory: Partial<Record<ViolationCategory, number>>; total: number }>;
}

/** Training per unit in a period (training/ implements it). */
export interface TrainingStats {
  /** Units with at least one attendance in [from, to), with the number of distinct people trained and sessions attended. */
  byUnit(q: { from: string; to: string }): Promise<{ unitId: string; sessions: number; people: number }[]>;
  /** City-wide totals in [from, to). */
  summary(q: { from: string; to: string }): Promise<{ sessions: number; attendances: number; people: number; units: number }>;
}

/** Annual plans (plans/ implements it). */
export interface PlanStats {
  /** Plan items of a year by status, with the total budget (yuan). */
  summary(year: number): Promise<{ total: number; byStatus: Record<string, number>; budget: number }>;
}

/** When a rule runs: now, and the end of its last successful run (null on the first). */
export interface RuleContext {
  now: Date;
  since: Date | null;
}

/** One compliance rule (rules/ runs them; integrity/ contributes the 第七项 ones). */
export interface ComplianceRule {
  id: string;
  category: ViolationCategory;
  /** The article it enforces, e.g. '第三十一条第三项'. */
  article: string;
  title: { zh: string; en: string };
  /** How often the sweeper runs it (seconds); on-demand runs ignore it. */
  intervalSeconds: number;
  run(ctx: RuleContext): Promise<Finding[]>;
}
