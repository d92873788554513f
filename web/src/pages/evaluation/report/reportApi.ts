import { api, apiUrl } from '../../../api';

/** The annual report API's types and constants are the server's own (ADR 0017). */
export {
  REPORT_ACTIONS,
  REPORT_LIMITS,
  REPORT_STATES,
  TEXT_SECTION_KEYS,
  type Report,
  type ReportAction,
  type ReportData,
  type ReportState,
  type ReportSummary,
  type ReportVersion,
  type TextSection,
  type TextSectionKey,
} from '@server/evaluation/report/model.js';
import type { Report, ReportSummary, ReportVersion, TextSection } from '@server/evaluation/report/model.js';
import type { ReportDoc } from '@server/core/report/model.js';

const base = '/evaluation/reports';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const reportApi = {
  list: (q: { limit?: number; offset?: number } = {}) => api.get<{ items: ReportSummary[]; total: number }>(base, q),
  get: (id: string) => api.get<Report>(one(id)),
  draft: (year: number) => api.post<Report>(base, { year }),
  versions: (id: string) => api.get<{ items: ReportVersion[] }>(`${one(id)}/versions`),
  edit: (id: string, sections: Pick<TextSection, 'key' | 'text'>[], baseVersion: number, comment?: string) =>
    api.put<Report>(`${one(id)}/sections`, { sections, baseVersion, ...(comment ? { comment } : {}) }),
  refresh: (id: string) => api.post<Report>(`${one(id)}/refresh`, {}),
  send: (id: string) => api.post<Report>(`${one(id)}/send`, {}),
  receive: (id: string) => api.post<Report>(`${one(id)}/receive`, {}),
  exportUrl: (id: string, format: 'pdf' | 'xlsx', lang: NonNullable<ReportDoc['lang']>) => apiUrl(`${one(id)}/export`, { format, lang }),
};
