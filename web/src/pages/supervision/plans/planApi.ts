import { api, apiUrl } from '../../../api';

/** Types of the annual plans API (mirrors src/supervision/plans/schema.ts). */
export const PLAN_KINDS = ['infrastructure', 'resource', 'other'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const FUNDING_SOURCES = ['fiscal', 'self', 'superior', 'other'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const PLAN_STATUSES = ['planned', 'in_progress', 'completed', 'delayed', 'cancelled'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const ASSESSMENTS = ['on_track', 'at_risk', 'behind', 'done'] as const;
export type Assessment = (typeof ASSESSMENTS)[number];
export type EntryKind = 'created' | 'edited' | 'status' | 'followup' | 'progress' | 'milestone';

/** Where each status may go (mirrors the server's STATUS_NEXT). */
export const STATUS_NEXT: Record<PlanStatus, PlanStatus[]> = {
  planned: ['in_progress', 'delayed', 'cancelled'],
  in_progress: ['completed', 'delayed', 'cancelled'],
  delayed: ['in_progress', 'completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export interface Milestone {
  id: string;
  seq: number;
  title: string;
  dueDate: string;
  doneDate: string | null;
  note: string | null;
  overdue: boolean;
  late: boolean;
}

export interface PlanEntry {
  id: string;
  kind: EntryKind;
  day: string;
  note: string | null;
  assessment: Assessment | null;
  fromStatus: PlanStatus | null;
  toStatus: PlanStatus | null;
  milestoneId: string | null;
  by: string;
  byUnitId: string | null;
  at: string;
}

export interface PlanItem {
  id: string;
  year: number;
  kind: PlanKind;
  title: string;
  ownerUnitId: string;
  ownerUnitName: string | null;
  content: string;
  budget: string;
  budgetFen: number;
  fundingSource: FundingSource;
  fundingNote: string | null;
  status: PlanStatus;
  statusReason: string | null;
  effectiveStatus: PlanStatus;
  overdueMilestones: number;
  milestonesDone: number;
  milestonesTotal: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface PlanDetail extends PlanItem {
  milestones: Milestone[];
  entries: PlanEntry[];
  actions: ('manage' | 'progress')[];
}

export interface PlanList {
  items: PlanItem[];
  total: number;
  totals: { budget: string; budgetFen: number; byStatus: Record<string, number> };
}

export interface PlanInput {
  year: number;
  kind: PlanKind;
  title: string;
  ownerUnitId: string;
  content: string;
  budget: string;
  fundingSource: FundingSource;
  fundingNote?: string | null;
  milestones?: { title: string; dueDate: string }[];
}

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
