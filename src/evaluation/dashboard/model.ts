/** The dashboards of the IT authority (主管部门看板) and the supervision department (监督看板). */

export const DASHBOARD_KINDS = ['authority', 'supervision'] as const;
export type DashboardKind = (typeof DASHBOARD_KINDS)[number];

export interface UnitCount {
  unitId: string | null;
  unitName: string | null;
  count: number;
}

export interface Dashboard {
  kind: DashboardKind;
  generatedAt: string;
  /** The CST year the figures cover (usage, violations): the current one. */
  year: number;
  /** 更新逾期: published resources past their update cycle plus time limit. */
  overdueUpdates: {
    total: number;
    byUnit: UnitCount[];
    items: { resourceCode: string; name: string; providerUnitName: string; dueAt: string; daysOverdue: number }[];
  } | null;
  /** Open workflow tasks (pending responses, objections, …) by item kind and by assignee unit, with the overdue ones. */
  pending: {
    byKind: { kind: string; open: number; overdue: number }[];
    byUnit: { unitId: string | null; unitName: string | null; open: number; overdue: number }[];
  } | null;
  /** Violations created this year by category and state; confirmed ones per unit. */
  violations: {
    total: number;
    byCategory: { category: number; count: number }[];
    byState: Record<string, number>;
    byUnit: { unitId: string; unitName: string | null; confirmed: number; serious: number }[];
  } | null;
  /** Usage from the rollup: this year by month, the last 30 days by day, the top consumer units this year. */
  usage: {
    monthly: { month: string; calls: number; rows: number }[];
    daily: { day: string; calls: number; rows: number }[];
    topConsumers: { unitId: string; unitName: string | null; calls: number; rows: number }[];
  } | null;
  /** The latest published evaluation. */
  evaluation: {
    runId: string;
    year: number;
    version: number;
    publishedAt: string | null;
    grades: Record<string, number>;
    ranking: { unitId: string; unitName: string; total: number; rank: number; grade: string }[];
  } | null;
  /** Parts whose source failed. */
  unavailable: string[];
}
