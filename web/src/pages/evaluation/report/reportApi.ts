import { api, apiUrl } from '../../../api';

/** Types of the annual report API (mirrors src/evaluation/report/schema.ts and model.ts). */
export type ReportState = 'drafted' | 'sent' | 'received';
export type ReportAction = 'edit' | 'refresh' | 'send' | 'receive';
export const TEXT_SECTION_KEYS = ['summary', 'achievements', 'problems', 'next_steps'] as const;
export type TextSectionKey = (typeof TEXT_SECTION_KEYS)[number];

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

export interface TextSection {
  key: TextSectionKey;
  title: string;
  text: string;
}

export interface ReportData {
  year: number;
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
  monthly: { month: string; calls: number; rows: number }[] | null;
  previousYear: { calls: number; rows: number } | null;
  topResources: { code: string; name: string; providerUnitName: string | null; calls: number; rows: number }[] | null;
  topConsumers: { unitId: string; unitName: string | null; calls: number; rows: number }[] | null;
  applications: { systemId: string; name: string; unitName: string | null; scenario: string; calls: number; rows: number; resources: number }[] | null;
  handling: { kind: string; handled: number; onTime: number; late: number; open: number }[] | null;
  objections: { upheld: number; notUpheld: number; rejected: number; open: number } | null;
  violations: { total: number; byCategory: Record<string, number>; byState: Record<string, number> } | null;
  training: { sessions: number; attendances: number; people: number; unitsTrained: number; unitsTotal: number | null } | null;
  plans: { total: number; byStatus: Record<string, number>; budget: number } | null;
  evaluation: { runId: string | null; version: number | null; publishedAt: string | null; grades: Record<string, number>; ranking: { unitId: string; unitName: string | null; score: number | null; rank: number | null; grade: string | null }[] } | null;
  unavailable: string[];
}

export interface Report extends ReportSummary {
  data: ReportData;
  sections: TextSection[];
  actions: ReportAction[];
}

export interface ReportVersion {
  version: number;
  sections: TextSection[];
  editedAt: string;
  editedBy: string;
  comment: string | null;
}

const base = '/evaluation/reports';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const reportApi = {
  list: (q: { limit?: number; offset?: number } = {}) => api.get<{ items: ReportSummary[]; total: number }>(base, q),
  get: (id: string) => api.get<Report>(one(id)),
  draft: (year: number) => api.post<Report>(base, { year }),
  versions: (id: string) => api.get<{ items: ReportVersion[] }>(`${one(id)}/versions`),
  edit: (id: string, sections: { key: string; text: string }[], baseVersion: number, comment?: string) =>
    api.put<Report>(`${one(id)}/sections`, { sections, baseVersion, ...(comment ? { comment } : {}) }),
  refresh: (id: string) => api.post<Report>(`${one(id)}/refresh`, {}),
  send: (id: string) => api.post<Report>(`${one(id)}/send`, {}),
  receive: (id: string) => api.post<Report>(`${one(id)}/receive`, {}),
  exportUrl: (id: string, format: 'pdf' | 'xlsx', lang: string) => apiUrl(`${one(id)}/export`, { format, lang }),
};
