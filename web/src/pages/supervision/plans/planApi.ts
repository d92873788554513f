import { api, apiUrl } from '../../../api';

/** The annual plans API's types and constants are the server's own (ADR 0017). */
export {
  ASSESSMENTS,
  FUNDING_SOURCES,
  PLAN_KINDS,
  PLAN_LIMITS,
  PLAN_STATUSES,
  STATUS_NEXT,
  type Assessment,
  type EntryKind,
  type FundingSource,
  type Milestone,
  type PlanDetail,
  type PlanEntry,
  type PlanInput,
  type PlanItem,
  type PlanKind,
  type PlanList,
  type PlanQuery,
  type PlanStatus,
} from '@server/supervision/plans/model.js';
import type { Assessment, PlanDetail, PlanInput, PlanKind, PlanList, PlanStatus } from '@server/supervision/plans/model.js';

const base = '/supervision/plans';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const planApi = {
  list: (q: { year?: number; status?: PlanStatus; kind?: PlanKind; limit?: number; offset?: number }) => api.get<PlanList>(base, q),
  get: (id: string) => api.get<PlanDetail>(one(id)),
  create: (input: PlanInput) => api.post<PlanDetail>(base, input),
  update: (id: string, patch: Partial<PlanInput>) => api.patch<PlanDetail>(one(id), patch),
  setStatus: (id: string, status: PlanStatus, reason?: string | null) => api.post<PlanDetail>(`${one(id)}/status`, { status, reason: reason || null }),
  followUp: (id: string, input: { date?: string | null; note: string; assessment: Assessment }) => api.post<PlanDetail>(`${one(id)}/followups`, input),
  progress: (id: string, input: { date?: string | null; note: string }) => api.post<PlanDetail>(`${one(id)}/progress`, input),
  addMilestone: (id: string, input: { title: string; dueDate: string }) => api.post<PlanDetail>(`${one(id)}/milestones`, input),
  updateMilestone: (id: string, milestoneId: string, patch: { doneDate?: string | null; note?: string | null; title?: string; dueDate?: string }) =>
    api.patch<PlanDetail>(`${one(id)}/milestones/${encodeURIComponent(milestoneId)}`, patch),
  removeMilestone: (id: string, milestoneId: string) => api.delete<PlanDetail>(`${one(id)}/milestones/${encodeURIComponent(milestoneId)}`),
  exportUrl: (year: number) => apiUrl(`${base}/export.xlsx`, { year }),
};

/** Today's CST date (YYYY-MM-DD). */
export function cstToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** "1234567.89" → "1,234,567.89" (text only: never through a float). */
export function groupYuan(v: string): string {
  const [i = '0', f = '00'] = v.split('.');
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f}`;
}
