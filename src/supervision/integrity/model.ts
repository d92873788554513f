import type { Finding } from '../types.js';

/** The 第七项 checks (each a ComplianceRule). */
export const CHECK_IDS = ['c7.audit_chain', 'c7.dataset_tamper', 'c7.schema_drift'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const ARTICLE_7 = '第三十一条第七项';

export const CHECK_TITLES: Record<CheckId, { zh: string; en: string }> = {
  'c7.audit_chain': { zh: '审计日志链校验', en: 'Audit log chain verification' },
  'c7.dataset_tamper': { zh: '共享数据集被直接改动', en: 'Dataset rows changed outside uploads' },
  'c7.schema_drift': { zh: '迁移之外的数据库结构变更', en: 'Schema changes outside migrations' },
};

/** The last verification of one check, as the API returns it. */
export interface CheckStatus {
  id: CheckId;
  article: string;
  title: { zh: string; en: string };
  /** When the last run ended (null: never ran). */
  lastRunAt: string | null;
  /** 'sweep' (incremental, by the sweeper) or 'full' (on demand). */
  mode: 'sweep' | 'full' | null;
  /** When the last full verification ended. */
  lastFullAt: string | null;
  /** null: never ran; true: no open finding. */
  ok: boolean | null;
  /** Events, rows or schema objects examined by the last run. */
  checked: number;
  durationMs: number;
  /** What the last run covered. */
  scope: Record<string, unknown>;
  /** Conditions still observed (each also raised as a violation candidate). */
  findings: Finding[];
}

export interface IntegrityStatus {
  checks: CheckStatus[];
  /** True when every check ran and has no open finding. */
  ok: boolean;
}
