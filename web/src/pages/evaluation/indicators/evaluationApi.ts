import { api } from '../../../api';

/** The evaluation API's types and constants are the server's own (ADR 0017). */
export {
  FORMULAS,
  GRADES,
  INDICATORS,
  INDICATOR_GROUPS as INDICATOR_GROUP,
  RUN_STATES,
  type EvaluationSettings as Settings,
  type Formula,
  type Grade,
  type Indicator,
  type IndicatorSetting,
  type RunDetail,
  type RunState,
  type RunSummary,
  type SettingsView,
  type UnitBreakdown,
  type UnitResult,
} from '@server/evaluation/indicators/model.js';
export { UNIT_FUNCTIONS, type UnitFunction } from '@server/org/model.js';
import type { EvaluationSettings, RunDetail, RunSummary, SettingsView, UnitBreakdown } from '@server/evaluation/indicators/model.js';

const base = '/evaluation';
export const evaluationApi = {
  list: (year?: number) => api.get<{ items: RunSummary[] }>(`${base}/runs`, { year }),
  get: (id: string) => api.get<RunDetail>(`${base}/runs/${encodeURIComponent(id)}`),
  latest: (year?: number) => api.get<RunDetail>(`${base}/runs/latest`, { year }),
  run: (year: number) => api.post<RunDetail>(`${base}/runs`, { year }),
  publish: (id: string) => api.post<RunDetail>(`${base}/runs/${encodeURIComponent(id)}/publish`),
  discard: (id: string) => api.delete<void>(`${base}/runs/${encodeURIComponent(id)}`),
  unit: (id: string, unitId: string) => api.get<UnitBreakdown>(`${base}/runs/${encodeURIComponent(id)}/units/${encodeURIComponent(unitId)}`),
  settings: () => api.get<SettingsView>(`${base}/settings`),
  saveSettings: (s: EvaluationSettings) => api.put<SettingsView>(`${base}/settings`, s),
};
