import { api } from '../../../api';

/** The compliance monitor API's types and constants are the server's own (ADR 0017). */
export {
  RUN_STATUSES,
  SETTING_RANGES,
  type ComplianceSettings,
  type RuleRunResult,
  type RuleView as ComplianceRule,
  type RunStatus,
} from '@server/supervision/rules/model.js';
import type { ComplianceSettings, RuleView, RunResult as ServiceRunResult } from '@server/supervision/rules/model.js';

/** What POST /supervision/rules/run answers: the service's result, its findings cut to the first 200 (then `truncated`). */
export type RunResult = ServiceRunResult & { truncated: boolean };

export const complianceApi = {
  list: () => api.get<{ items: RuleView[] }>('/supervision/rules'),
  run: (ruleIds?: string[]) => api.post<RunResult>('/supervision/rules/run', { ruleIds: ruleIds ?? [] }),
  settings: () => api.get<ComplianceSettings>('/supervision/rules/settings'),
  updateSettings: (patch: Partial<ComplianceSettings>) => api.patch<ComplianceSettings>('/supervision/rules/settings', patch),
};
