import { api } from '../../../api';

/** The workflow kernel's API types and constants are the server's own (ADR 0017). */
export {
  DEADLINE_KINDS,
  ITEM_KINDS,
  SETTING_MAX_DAYS,
  type DeadlineKind,
  type DeadlineSettings,
  type ItemKind,
  type OaHookView as OaHook,
} from '@server/sharing/workflow/types.js';
import type {
  Assignee as StoredAssignee,
  DeadlineSettings,
  InboxEntry as StoredInboxEntry,
  Notification as StoredNotification,
  OaHookView as OaHook,
  OverdueRecord as StoredOverdueRecord,
  SweepResult,
  Task as StoredTask,
  TimelineEntry as StoredTimelineEntry,
} from '@server/sharing/workflow/types.js';

/** A task's or a notification's assignee as the API shows it: with the unit's name (null: city-wide or unknown). */
export type Assignee = StoredAssignee & { unitName: string | null };

export type Task = Omit<StoredTask, 'assignee'> & { assignee: Assignee };

/** A task as the inbox and an item's task list show it: with the named assignee and the item's portal page. */
export type InboxEntry = Omit<StoredInboxEntry, 'assignee'> & { assignee: Assignee; link: string };

/** A timeline entry as GET /sharing/timeline/{kind}/{id} shows it: without the item's kind and id, with the unit's name. */
export type TimelineEntry = Omit<StoredTimelineEntry, 'itemKind' | 'itemId'> & { unitName: string | null };

export type Notification = Omit<StoredNotification, 'assignee'> & { assignee: Assignee; link: string };

/** An overdue task as GET /sharing/overdue shows it: the title is always given (empty when the task had none). */
export type OverdueRecord = Omit<StoredOverdueRecord, 'assignee' | 'title' | 'titleEn'> &
  Required<Pick<StoredOverdueRecord, 'title' | 'titleEn'>> & { assignee: Assignee; link: string };


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
  sweep: () => api.post<SweepResult>('/sharing/sweep', {}),
  oaHook: () => api.get<OaHook>('/sharing/oa-hook'),
  setOaHook: (body: { url: string; enabled?: boolean; rotateSecret?: boolean }) => api.put<OaHook>('/sharing/oa-hook', body),
  deleteOaHook: () => api.delete<void>('/sharing/oa-hook'),
};
