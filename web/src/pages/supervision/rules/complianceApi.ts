import { api } from '../../../api';

/** Types of the compliance monitor API (mirrors src/supervision/rules/schema.ts). */
export type RunStatus = 'running' | 'ok' | 'failed';

export interface ComplianceRule {
  id: string;
  category: number;
  article: string;
  title: { zh: string; en: string };
  intervalSeconds: number;
  reviewOnly: boolean;
  lastRun: {
    startedAt: string | null;
    finishedAt: string | null;
    status: RunStatus | null;
    findings: number;
    created: number;
    error: string | null;
    lastSuccessAt: string | null;
  };
}

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
  truncated: boolean;
}

export interface ComplianceSettings {
  noDataWorkingDays: number | null;
  demandWorkingDays: number;
  requiredEmptyRatio: number;
  requiredEmptyMinRows: number;
  volumeMultiple: number;
  volumeMinCalls: number;
  volumeBaselineDays: number;
  oddHoursStart: number;
  oddHoursEnd: number;
  oddHoursRows: number;
  lookbackDays: number;
}

export const complianceApi = {
  list: () => api.get<{ items: ComplianceRule[] }>('/supervision/rules'),
  run: (ruleIds?: string[]) => api.post<RunResult>('/supervision/rules/run', { ruleIds: ruleIds ?? [] }),
  settings: () => api.get<ComplianceSettings>('/supervision/rules/settings'),
  updateSettings: (patch: Partial<ComplianceSettings>) => api.patch<ComplianceSettings>('/supervision/rules/settings', patch),
};
