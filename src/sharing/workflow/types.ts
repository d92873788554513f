/**
 * The sharing workflow's kernel (issue 5): the pieces every workflow item (demand, application,
 * agreement, objection, grant) shares — its timeline, the tasks that await someone (the inbox),
 * their working-day deadlines, notifications, the deadline settings and the background sweeper.
 *
 * Each item module keeps its own table and state machine and, inside its own audit.transact,
 * calls `workflow.record(trx, …)` for every transition: that one call writes the timeline entry,
 * closes the tasks the transition answers, opens the next ones with their deadlines, queues the
 * notifications and returns the audit event the caller appends in the same transaction.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import type { AuditActor, AuditInput } from '../../audit/types.js';
import type { Role } from '../../core/actor.js';

/** The caller of a sharing operation: the audit identity plus what policies decide on. */
export interface SharingActor extends AuditActor {
  kind: 'user' | 'token' | 'system';
  roles: Role[];
  /** The application system of an API token. */
  systemId?: string | null;
}

export const ITEM_KINDS = [
  'demand',
  'application',
  'grant',
  'agreement',
  'objection',
  // Supervision and evaluation (issue 6) use the same kernel for their inbox items.
  'violation',
  'complaint',
  'annual_report',
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Who a task or a notification is for: every user of `role` (in `unitId`, when set). */
export interface Assignee {
  role: Role;
  /** null = the role city-wide (the IT authority, the secrecy bureau, the leadership group). */
  unitId: string | null;
}

/** The deadline kinds; their working-day defaults are settings (DEADLINE_DEFAULTS). */
export const DEADLINE_KINDS = [
  'mandatory_answer', // a request for a mandatory resource: 1 working day
  'restricted_answer', // a restricted application: 10 working days
  'extension_max', // one extension of a restricted answer: up to 10 more, with the authority's approval
  'delivery', // data delivered within 20 working days of approval
  'objection_verify', // an objection verified by the provider: 10
  'registration', // the authority registers (备案) a demand or a response: 2
  'demand_answer', // a provider answers a routed demand: 10
  'coordination', // the authority coordinates a declined demand or refused application: 10
  'filing', // each office acknowledges an agreement filing: 5
  'violation_review', // a supervisor reviews a violation candidate: 10
  'violation_answer', // a unit answers a notified violation or a rectification order: 10
  'rectification', // default rectification period when the order names none: 20
  'complaint_handle', // a complaint investigated and answered: 20
  'report_send', // the authority sends the annual report drafted at the start of the year: 20
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export type DeadlineSettings = Record<DeadlineKind, number>;
export const DEADLINE_DEFAULTS: DeadlineSettings = {
  mandatory_answer: 1,
  restricted_answer: 10,
  extension_max: 10,
  delivery: 20,
  objection_verify: 10,
  registration: 2,
  demand_answer: 10,
  coordination: 10,
  filing: 5,
  violation_review: 10,
  violation_answer: 10,
  rectification: 20,
  complaint_handle: 20,
  report_send: 20,
};

/** Something that awaits someone: shown in their inbox until closed. */
export interface Task {
  id: string;
  itemKind: ItemKind;
  itemId: string;
  /** What is awaited, e.g. 'register', 'answer', 'review', 'file', 'decide', 'verify'. */
  step: string;
  assignee: Assignee;
  /** Set when the step has a deadline. */
  deadlineKind: DeadlineKind | null;
  /** ISO-8601 UTC: end of the last working day allowed. */
  dueAt: string | null;
  state: 'open' | 'done' | 'cancelled';
  /** Set by the sweeper the first time it sees the task past dueAt. */
  overdueAt: string | null;
  openedAt: string;
  closedAt: string | null;
  /** Title shown in the inbox (the item's own title, stored for listing without joins). */
  title: string;
  /**
   * The title in English, for items the platform itself raises and titles (violations found by the
   * rules, …); null when the title is what a user typed: user content is not translated.
   */
  titleEn: string | null;
}

export interface TimelineEntry {
  id: string;
  itemKind: ItemKind;
  itemId: string;
  at: string;
  actorName: string;
  actorId: string | null;
  unitId: string | null;
  /** Dotted action, the same as the audit action, e.g. 'sharing.demand.decline'. */
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
  /** Message key of the portal/server i18n, e.g. 'workflow.notice.demand.declined'. */
  kind: string;
  params: Record<string, string | number>;
  assignee: Assignee;
  createdAt: string;
  /** For the reading user. */
  read: boolean;
}

/** One transition as an item module reports it to the kernel. */
export interface Transition {
  by: SharingActor;
  itemKind: ItemKind;
  itemId: string;
  /** Title stored on tasks opened by this transition. */
  title: string;
  /**
   * The English title, when the platform generated the title (the portal shows it in English
   * mode). Stored on the tasks opened, and given to the notifications as params.titleEn unless a
   * notification's params name the item otherwise (their own titleEn).
   */
  titleEn?: string | null;
  /** The audit action, e.g. 'sharing.application.approve'. */
  action: string;
  fromState: string | null;
  toState: string | null;
  comment?: string | null;
  /** Extra audit/timeline detail (small, JSON). */
  detail?: Record<string, unknown>;
  /** Open tasks of this item closed as done ('*' = all open tasks of the item). */
  closeSteps?: string[] | '*';
  /** Open tasks of this item closed as cancelled. */
  cancelSteps?: string[] | '*';
  /** Tasks to open. A deadline counts working days from the transition's time on the calendar. */
  open?: { step: string; assignee: Assignee; deadline?: DeadlineKind; workingDays?: number }[];
  /** Notifications, one per assignee group. */
  notify?: { assignee: Assignee; kind: string; params?: Record<string, string | number> }[];
  /** Audit targetType (default: `sharing_${itemKind}`). */
  targetType?: string;
}

export interface InboxQuery {
  /** Default 'open'. */
  state?: 'open' | 'done' | 'all';
  itemKind?: ItemKind;
  overdueOnly?: boolean;
  limit?: number;
  offset?: number;
}

export interface InboxEntry extends Task {
  /** Working days left until dueAt (negative when overdue; null without deadline). */
  remainingWorkingDays: number | null;
  overdue: boolean;
}

/** A task the sweeper found past its deadline (for the supervision module's violation candidates). */
export interface OverdueRecord {
  taskId: string;
  itemKind: ItemKind;
  itemId: string;
  step: string;
  assignee: Assignee;
  dueAt: string;
  overdueAt: string;
  deadlineKind: DeadlineKind | null;
  /** The task's title (the item's title when the task was opened). */
  title?: string;
  /** The task's English title, when it has one. */
  titleEn?: string | null;
}

/** What item modules add to every sweep (e.g. agreement expiry suspends the grant). */
export type SweepHook = (now: Date) => Promise<number>;

export interface SweepResult {
  newlyOverdue: number;
  hooks: Record<string, number>;
  /** Hooks that threw in this sweep (logged; the others still ran). */
  failedHooks?: string[];
  /** OA webhook deliveries that succeeded in this sweep. */
  oaDelivered?: number;
}

/** A unit's outbound OA webhook as its steward sees it. */
export interface OaHookView {
  unitId: string;
  url: string;
  enabled: boolean;
  updatedAt: string;
  /** Only in the answer that created or rotated it: the HMAC-SHA256 key. */
  secret?: string;
}

export interface WorkflowService {
  /** Writes timeline, tasks and notifications for one transition inside the caller's transaction; returns the audit event to append. */
  record(trx: Transaction<Database>, t: Transition): Promise<AuditInput>;
  /** The item's timeline, oldest first. */
  timeline(itemKind: ItemKind, itemId: string): Promise<TimelineEntry[]>;
  /** Open (or all) tasks of one item. */
  tasksOf(itemKind: ItemKind, itemId: string, opts?: { openOnly?: boolean }): Promise<Task[]>;
  /** What awaits the caller: tasks whose assignee role is one of the caller's roles and whose unit is null or the caller's unit. */
  inbox(by: SharingActor, q?: InboxQuery): Promise<{ items: InboxEntry[]; total: number }>;
  notifications(by: SharingActor, q?: { unreadOnly?: boolean; limit?: number; offset?: number }): Promise<{ items: Notification[]; total: number; unread: number }>;
  /** Marks notifications read for this user (ids, or all when omitted). */
  markRead(by: SharingActor, ids?: string[]): Promise<number>;
  /** Deadline settings (working days), defaults merged with the stored ones. */
  settings(): Promise<DeadlineSettings>;
  /** The authority (or an administrator) changes settings; audited 'sharing.settings.update'. */
  updateSettings(by: SharingActor, patch: Partial<DeadlineSettings>): Promise<DeadlineSettings>;
  /** Computes a due instant: end of the n-th working day after `from` (China Standard Time). */
  dueAt(from: Date, workingDays: number): Promise<string>;
  /** Extends an open task's deadline by n working days (the caller checks who may); returns the task. Must be called inside the caller's transaction. */
  extend(trx: Transaction<Database>, taskId: string, workingDays: number): Promise<Task>;
  /** Item modules register who may see an item's timeline and tasks (parties, the authority, …). */
  registerAccess(kind: ItemKind, canSee: (by: SharingActor, itemId: string) => Promise<boolean>): void;
  /** Whether `by` may see the item (false when no module registered the kind). */
  canSee(by: SharingActor, kind: ItemKind, itemId: string): Promise<boolean>;
  /** Adds something to every sweep. */
  registerSweepHook(name: string, hook: SweepHook): void;
  /** One sweep: marks newly overdue tasks (notifying their assignees and the authority, audited 'sharing.task.overdue'), runs the hooks. Idempotent; safe on several nodes. */
  sweep(): Promise<SweepResult>;
  /** Overdue tasks in [from, to) for the supervision module. */
  overdue(q?: { from?: string; to?: string; itemKind?: ItemKind; unitId?: string }): Promise<OverdueRecord[]>;
  /** Tasks with their working-day countdown (remainingWorkingDays, overdue) as the inbox shows them. Present on the kernel. */
  entries?(tasks: Task[]): Promise<InboxEntry[]>;
  /** The caller's unit's OA webhook (its unit steward only); 404 when none. Present on the kernel. */
  getOaHook?(by: SharingActor): Promise<OaHookView>;
  /** Sets the caller's unit's OA webhook (https, or http to config.webhookAllowedHosts); the secret is returned when created or rotated. */
  setOaHook?(by: SharingActor, input: { url: string; enabled?: boolean; rotateSecret?: boolean }): Promise<OaHookView>;
  deleteOaHook?(by: SharingActor): Promise<void>;
  /** Runs one OA delivery pass now (tests; the sweep and start() also do). Returns deliveries that succeeded. */
  deliverOa?(): Promise<number>;
  /** Starts the periodic sweep (serve only). */
  start(): void;
  stop(): Promise<void>;
}

/** The most working days a deadline setting may hold (R13's longest default is 20). */
export const SETTING_MAX_DAYS = 60;
/** The most working days one extension may add. */
export const EXTEND_MAX_DAYS = 60;
