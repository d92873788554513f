import { api, apiUrl } from '../../../api';
import i18n from '../../../i18n';

/** The names of unavailable parts (server keys) as the portal shows them. */
export function partNames(parts: string[]): string {
  return parts.map((p) => (i18n.exists(`dashboard.part.${p}`) ? String(i18n.t(`dashboard.part.${p}` as never)) : p)).join(i18n.language.startsWith('en') ? ', ' : '、');
}

/** Types of the dashboards API (mirrors src/evaluation/dashboard/schema.ts). */
export type DashboardKind = 'authority' | 'supervision';

export interface Dashboard {
  kind: DashboardKind;
  generatedAt: string;
  year: number;
  overdueUpdates: {
    total: number;
    byUnit: { unitId: string | null; unitName: string | null; count: number }[];
    items: { resourceCode: string; name: string; providerUnitName: string; dueAt: string; daysOverdue: number }[];
  } | null;
  pending: {
    byKind: { kind: string; open: number; overdue: number }[];
    byUnit: { unitId: string | null; unitName: string | null; open: number; overdue: number }[];
  } | null;
  violations: {
    total: number;
    byCategory: { category: number; count: number }[];
    byState: Record<string, number>;
    byUnit: { unitId: string; unitName: string | null; confirmed: number; serious: number }[];
  } | null;
  usage: {
    monthly: { month: string; calls: number; rows: number }[];
    daily: { day: string; calls: number; rows: number }[];
    topConsumers: { unitId: string; unitName: string | null; calls: number; rows: number }[];
  } | null;
  evaluation: {
    runId: string;
    year: number;
    version: number;
    publishedAt: string | null;
    grades: Record<string, number>;
    ranking: { unitId: string; unitName: string; total: number; rank: number; grade: string }[];
  } | null;
  unavailable: string[];
}

export const dashboardApi = {
  get: (kind: DashboardKind) => api.get<Dashboard>(`/evaluation/dashboard/${kind}`),
  exportUrl: (kind: DashboardKind, format: 'pdf' | 'xlsx', lang: string) => apiUrl(`/evaluation/dashboard/${kind}/export`, { format, lang }),
};
