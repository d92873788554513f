import { api } from '../../../api';

/** Types of the evaluation API (mirrors src/evaluation/indicators/schema.ts). */
export const INDICATORS = [
  'shared_resources',
  'data_items',
  'records_available',
  'non_shared_share',
  'update_timeliness',
  'update_delay',
  'usage_calls',
  'usage_rows',
  'usage_consumers',
  'usage_systems',
  'subscriptions',
  'downloads',
  'responsiveness',
  'quality',
  'compliance',
  'training',
] as const;
export type Indicator = (typeof INDICATORS)[number];
export const INDICATOR_GROUP: Record<Indicator, 'amount' | 'timeliness' | 'usage' | 'responsiveness' | 'quality' | 'compliance' | 'training'> = {
  shared_resources: 'amount',
  data_items: 'amount',
  records_available: 'amount',
  non_shared_share: 'amount',
  update_timeliness: 'timeliness',
  update_delay: 'timeliness',
  usage_calls: 'usage',
  usage_rows: 'usage',
  usage_consumers: 'usage',
  usage_systems: 'usage',
  subscriptions: 'usage',
  downloads: 'usage',
  responsiveness: 'responsiveness',
  quality: 'quality',
  compliance: 'compliance',
  training: 'training',
};
export const FORMULAS = ['ratio_to_best', 'ratio', 'inverse_ratio', 'inverse_ratio_to_best', 'threshold', 'deduction'] as const;
export type Formula = (typeof FORMULAS)[number];
export type Grade = 'excellent' | 'good' | 'pass' | 'fail';
export type RunState = 'draft' | 'published' | 'superseded';

export interface IndicatorSetting {
  weight: number;
  formula: Formula;
  target?: number;
  points?: number;
  cap?: number;
}
export interface Settings {
  indicators: Record<Indicator, IndicatorSetting>;
  bands: { excellent: number; good: number; pass: number };
  /** Units with one of these functions are not evaluated (default: the leadership group). */
  excludedFunctions?: string[];
}
export const UNIT_FUNCTIONS = ['it_authority', 'information_center', 'supervision', 'secrecy_bureau', 'leadership_group', 'archives_bureau'] as const;
export interface SettingsView {
  version: number;
  settings: Settings;
  updatedAt: string | null;
  updatedBy: string | null;
}
export interface RunSummary {
  id: string;
  year: number;
  version: number;
  state: RunState;
  settingsVersion: number;
  periodFrom: string;
  periodTo: string;
  computedAt: string;
  createdBy: string;
  publishedAt: string | null;
  publishedBy: string | null;
  units: number;
}
export interface UnitResult {
  unitId: string;
  unitName: string;
  total: number;
  rank: number;
  grade: Grade;
  indicators: Record<Indicator, { value: number | null; exact: string | null; score: number }>;
}
export interface RunDetail extends RunSummary {
  settings: Settings;
  results: UnitResult[];
  best: Partial<Record<Indicator, number | null>>;
}
export interface UnitBreakdown {
  run: RunSummary;
  result: UnitResult;
  settings: Settings;
  best: Partial<Record<Indicator, number | null>>;
  evidence: Partial<Record<Indicator, unknown>>;
}

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
  saveSettings: (s: Settings) => api.put<SettingsView>(`${base}/settings`, s),
};
