/**
 * Evaluation (评估, issue 6; 第二十七、二十八条): usage rollups, indicators and scoring, the
 * annual report and the dashboards. Parts:
 *
 *   usage/       data-access rollup folded incrementally from the audit log (calls and rows per day,
 *                consumer unit, application system, provider unit, resource, kind of access)
 *   (root)       evaluation: indicators, settings (weights, formulas, grade bands), immutable runs, publication
 *   report/      the annual report to the leadership group (R21)
 *   dashboard/   the authority's and the supervision department's dashboards, XLSX/PDF exports
 */

/** Kinds of data access counted as usage (from the audit actions data.*). */
export const USAGE_KINDS = ['query', 'lookup', 'changes', 'download', 'delivery', 'export'] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/** Dimensions a usage total can be grouped by. 'month' is YYYY-MM and 'day' YYYY-MM-DD in China Standard Time. */
export const USAGE_DIMENSIONS = ['day', 'month', 'consumerUnit', 'system', 'providerUnit', 'resource', 'kind'] as const;
export type UsageDimension = (typeof USAGE_DIMENSIONS)[number];

export interface UsageQuery {
  /** Inclusive first day (YYYY-MM-DD, CST). */
  from: string;
  /** Exclusive last day (YYYY-MM-DD, CST). */
  to: string;
  groupBy: UsageDimension[];
  consumerUnitId?: string;
  providerUnitId?: string;
  resourceCode?: string;
  kind?: UsageKind;
  /** Only accesses where this unit is the consumer or the provider (what a unit's own people may see). */
  involvingUnitId?: string;
  /** Order by calls descending and keep the first n groups (default: every group, ordered by the keys). */
  top?: number;
}

export interface UsageTotal {
  /** One entry per groupBy dimension (null when the access had none, e.g. no system). */
  keys: Partial<Record<UsageDimension, string | null>>;
  /** Successful accesses. */
  calls: number;
  /** Records served (rows, changes, deliveries; 1 per file download). */
  rows: number;
  /** Accesses refused (denied, over quota). */
  refused: number;
}

/** GET /evaluation/usage: the totals and what the caller may see (everything, or accesses involving its own unit). */
export interface UsageTotals {
  from: string;
  to: string;
  groupBy: UsageDimension[];
  scope: 'all' | 'own_unit';
  items: UsageTotal[];
}

export interface UsageService {
  /** Folds audit events appended since the last fold into the rollup; idempotent, safe on several nodes. Returns events folded. */
  catchUp(): Promise<number>;
  /** Totals over [from, to), grouped; reads the rollup only (call catchUp first for the latest). */
  totals(q: UsageQuery): Promise<UsageTotal[]>;
}
