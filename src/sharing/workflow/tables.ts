/** The workflow tables (Kysely types) — the kernel: tasks (inbox) with working-day deadlines, timeline, notifications, deadline settings, sweeper, OA webhook. Times ISO-8601 UTC text, JSON as text. */
import type { Role } from '../../core/actor.js';

export interface WorkflowTables {
  sharing_task: SharingTaskTable;
  sharing_timeline: SharingTimelineTable;
  sharing_notification: SharingNotificationTable;
  sharing_notification_read: SharingNotificationReadTable;
  sharing_setting: SharingSettingTable;
  sharing_oa_hook: SharingOaHookTable;
  sharing_oa_delivery: SharingOaDeliveryTable;
}

export interface SharingTaskTable {
  id: string;
  item_kind: string;
  item_id: string;
  step: string;
  assignee_role: Role;
  /** null = the role city-wide. */
  assignee_unit_id: string | null;
  deadline_kind: string | null;
  due_at: string | null;
  state: 'open' | 'done' | 'cancelled';
  /** Set once, by the first sweep that sees the task past due_at (guarded update). */
  overdue_at: string | null;
  opened_at: string;
  closed_at: string | null;
  title: string;
  /** The English title of a platform-generated title (null: the title is a user's, shown as is). */
  title_en: string | null;
  /** Orders tasks opened in the same millisecond (process-monotonic). */
  seq: number;
}

export interface SharingTimelineTable {
  id: string;
  item_kind: string;
  item_id: string;
  at: string;
  /** Tie-breaker for entries written in the same millisecond (process-monotonic). */
  seq: number;
  actor_name: string;
  actor_id: string | null;
  unit_id: string | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  comment: string | null;
  /** JSON object or null. */
  detail: string | null;
}

export interface SharingNotificationTable {
  id: string;
  item_kind: string;
  item_id: string;
  kind: string;
  /** JSON Record<string, string | number>. */
  params: string;
  assignee_role: Role;
  assignee_unit_id: string | null;
  created_at: string;
  seq: number;
}

export interface SharingNotificationReadTable {
  notification_id: string;
  user_id: string;
  read_at: string;
}

export interface SharingSettingTable {
  key: string;
  /** JSON value. */
  value: string;
  updated_by: string | null;
  updated_at: string;
}

export interface SharingOaHookTable {
  unit_id: string;
  url: string;
  secret: string;
  enabled: number;
  updated_by: string | null;
  updated_at: string;
}

export interface SharingOaDeliveryTable {
  id: string;
  notification_id: string;
  unit_id: string;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  next_at: string;
  last_error: string | null;
  last_status: number | null;
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
  delivered_at: string | null;
}
