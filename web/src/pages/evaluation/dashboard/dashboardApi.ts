import { api, apiUrl } from '../../../api';
import i18n from '../../../i18n';

/** The dashboards API's types and constants are the server's own (ADR 0017). */
export { DASHBOARD_KINDS, type Dashboard, type DashboardKind, type UnitCount } from '@server/evaluation/dashboard/model.js';
import type { Dashboard, DashboardKind } from '@server/evaluation/dashboard/model.js';
import type { ReportDoc } from '@server/core/report/model.js';

/** The names of unavailable parts (server keys) as the portal shows them. */
export function partNames(parts: string[]): string {
  return parts.map((p) => (i18n.exists(`dashboard.part.${p}`) ? String(i18n.t(`dashboard.part.${p}` as never)) : p)).join(i18n.language.startsWith('en') ? ', ' : '、');
}

export const dashboardApi = {
  get: (kind: DashboardKind) => api.get<Dashboard>(`/evaluation/dashboard/${kind}`),
  exportUrl: (kind: DashboardKind, format: 'pdf' | 'xlsx', lang: NonNullable<ReportDoc['lang']>) => apiUrl(`/evaluation/dashboard/${kind}/export`, { format, lang }),
};
