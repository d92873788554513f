import { api } from '../../../api';
import type { Role } from '../../../types';

/** Types of the workflow kernel's API (mirrors src/sharing/workflow/schema.ts). */
export const ITEM_KINDS = ['demand', 'application', 'grant', 'agreement', 'objection', 'violation', 'complaint', 'annual_report'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const DEADLINE_KINDS = [
  'mandatory_answer',
  'restricted_answer',
  'extension_max',
  'delivery',
  'objection_verify',
  'registration',
  'demand_answer',
  'coordination',
  'filing',
  'violation_review',
  'violation_answer',
  'rectification',
  'complaint_handle',
  'report_send',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export type DeadlineSettings = Record<DeadlineKind, number>;

export interface Assignee {
  role: Role;
  unitId: string | null;
  unitName?: string | null;
}

export interface Task {
  id: string;
  itemKind: ItemKind;
  itemId: string;
  step: string;
  assignee: Assignee;
  deadlineKind: DeadlineKind | null;
  dueAt: string | null;
  state: 'open' | 'done' | 'cancelled';
  overdueAt: string | null;
  openedAt: string;
  closedAt: string | null;
  title: string;
  /** The title in English when the platform generated it (a violation, …); null: a user's title. */
  titleEn: string | null;
}

export interface InboxEntry extends Task {
  remainingWorkingDays: number | null;
  overdue: boolean;
  link: string;
}

export interface TimelineEntry {
  id: string;
  at: string;
  actorName: string;
  actorId: string | null;
  unitId: string | null;
  unitName?: string | null;
  action: string;
  fromState: string | null;
  toState: string | null;
  comment: string | null;
  detail: Record<string, unknown> | null;
}

export interface Notification {
  id: string;
  itemKind: ItemKind;
  itemId: string;
  kind: string;
  /** The message's values; one with an English form has it under the name + 'En' (titleEn, articleEn). */
  params: Record<string, string | number>;
  createdAt: string;
  read: boolean;
  link: string;
}

export interface OverdueRecord {
  taskId: string;
  itemKind: ItemKind;
  itemId: string;
  step: string;
  assignee: Assignee;
  dueAt: string;
  overdueAt: string;
  deadlineKind: DeadlineKind | null;
  title?: string;
  titleEn?: string | null;
  link: string;
}

export interface OaHook {
  unitId: string;
  url: string;
  enabled: boolean;
  updatedAt: string;
  secret?: string;
}

/** The portal page of an item. */
export function itemLink(kind: string, id: string): string {
  const base: Record<string, string> = {
    demand: '/sharing/demands',
    application: '/sharing/applications',
    grant: '/sharing/grants',
    agreement: '/sharing/agreements',
    objection: '/sharing/objections',
    violation: '/supervision/violations',
    complaint: '/supervision/complaints',
    annual_report: '/evaluation/reports',
  };
  return `${base[kind] ?? `/sharing/${kind}`}/${encodeURIComponent(id)}`;
}

const enc = encodeURIComponent;

export const workflowApi = {
  inbox: (q: { state?: string; itemKind?: string; overdueOnly?: boolean; limit?: number; offset?: number }) =>
    api.get<{ items: InboxEntry[]; total: number }>('/sharing/inbox', q),
  notifications: (q: { unreadOnly?: boolean; limit?: number; offset?: number }) =>
    api.get<{ items: Notification[]; total: number; unread: number }>('/sharing/notifications', q),
  markRead: (ids?: string[]) => api.post<{ marked: number }>('/sharing/notifications/read', ids ? { ids } : {}),
  timeline: (kind: string, id: string) => api.get<{ items: TimelineEntry[] }>(`/sharing/timeline/${enc(kind)}/${enc(id)}`),
  tasks: (kind: string, id: string, all = false) => api.get<{ items: InboxEntry[] }>(`/sharing/tasks/${enc(kind)}/${enc(id)}`, all ? { state: 'all' } : {}),
  settings: () => api.get<{ settings: DeadlineSettings; defaults: DeadlineSettings }>('/sharing/settings/deadlines'),
  updateSettings: (patch: Partial<DeadlineSettings>) => api.put<{ settings: DeadlineSettings; defaults: DeadlineSettings }>('/sharing/settings/deadlines', patch),
  overdue: (q: { from?: string; to?: string; itemKind?: string } = {}) => api.get<{ items: OverdueRecord[] }>('/sharing/overdue', q),
  sweep: () => api.post<{ newlyOverdue: number; hooks: Record<string, number> }>('/sharing/sweep', {}),
  oaHook: () => api.get<OaHook>('/sharing/oa-hook'),
  setOaHook: (body: { url: string; enabled?: boolean; rotateSecret?: boolean }) => api.put<OaHook>('/sharing/oa-hook', body),
  deleteOaHook: () => api.delete<void>('/sharing/oa-hook'),
};
