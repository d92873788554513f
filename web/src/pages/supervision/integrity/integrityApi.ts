import { api } from '../../../api';

/** Types of the integrity API (mirrors src/supervision/integrity/schema.ts). */
export const CHECK_IDS = ['c7.audit_chain', 'c7.dataset_tamper', 'c7.schema_drift'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface IntegrityFinding {
  ruleId: string;
  category: number;
  unitId: string | null;
  dedupeKey: string;
  title: string;
  titleEn?: string;
  evidence: Record<string, unknown>;
  subject?: { type: string; id: string };
  observedAt: string;
}

export interface CheckStatus {
  id: CheckId;
  article: string;
  title: { zh: string; en: string };
  lastRunAt: string | null;
  mode: 'sweep' | 'full' | null;
  lastFullAt: string | null;
  ok: boolean | null;
  checked: number;
  durationMs: number;
  scope: Record<string, unknown>;
  findings: IntegrityFinding[];
}

export interface IntegrityStatus {
  checks: CheckStatus[];
  ok: boolean;
}

export const integrityApi = {
  status: () => api.get<IntegrityStatus>('/supervision/integrity'),
  verify: () => api.post<IntegrityStatus>('/supervision/integrity/verify'),
};
