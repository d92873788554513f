import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { ROLES } from '../../core/actor.js';
import { DEADLINE_KINDS, ITEM_KINDS } from './types.js';
import { SETTING_MAX_DAYS } from './types.js';

/** The workflow kernel's API contract (/api/v1/sharing/…): inbox, notifications, timelines, deadlines, overdue, OA webhook. */

export { Problem, problems };

export const NoContent = Type.Null({ description: 'No content' });

const StringEnum = <T extends string>(values: readonly T[], description: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], description });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);
const Time = Type.String({ description: 'ISO-8601 UTC timestamp' });

export const ItemKind = StringEnum(ITEM_KINDS, 'demand 共享需求 | application 共享申请 | grant 授权 | agreement 共享安全保密协议 | objection 异议 | violation 违规 | complaint 投诉 | annual_report 年度报告');
const DeadlineKind = StringEnum(DEADLINE_KINDS, 'The deadline setting the task counts: mandatory_answer, restricted_answer, extension_max, delivery, objection_verify, registration, demand_answer, coordination, filing');
const Role = StringEnum(ROLES, 'Role');

const Assignee = Type.Object(
  {
    role: Role,
    unitId: Nullable(Type.String({ description: 'null: the role city-wide' })),
    unitName: Nullable(Type.String()),
  },
  { description: 'Who the task or notification is for: every user of the role (in the unit)' },
);

export const KindIdParams = Type.Object({
  kind: ItemKind,
  id: Type.String({ minLength: 1, maxLength: 64, description: 'Item id' }),
});
export type KindIdParams = Static<typeof KindIdParams>;

const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
};

export const InboxQuery = Type.Object(
  {
    state: Type.Optional(StringEnum(['open', 'done', 'all'] as const, 'open 待办 (default) | done 已办 | all')),
    itemKind: Type.Optional(ItemKind),
    overdueOnly: Type.Optional(Type.Boolean({ description: 'Only open tasks past their deadline' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type InboxQuery = Static<typeof InboxQuery>;

export const InboxEntry = Type.Object({
  id: Type.String(),
  itemKind: ItemKind,
  itemId: Type.String(),
  step: Type.String({ description: "What is awaited: 'register', 'answer', 'review', 'file', 'decide', 'verify', …" }),
  assignee: Assignee,
  deadlineKind: Nullable(DeadlineKind),
  dueAt: Nullable(Type.String({ description: 'End (23:59:59.999 China Standard Time) of the last working day allowed' })),
  state: StringEnum(['open', 'done', 'cancelled'] as const, 'open | done | cancelled'),
  overdueAt: Nullable(Type.String({ description: 'When the sweeper first found the task past its deadline' })),
  openedAt: Time,
  closedAt: Nullable(Time),
  title: Type.String({ description: "The item's title as stored when the task was opened" }),
  titleEn: Nullable(Type.String({ description: 'The title in English when the platform generated it (e.g. a violation raised by the rules); null: the title is what a user typed, shown as is' })),
  remainingWorkingDays: Nullable(Type.Integer({ description: 'Working days left until the deadline (negative: overdue by; null: no deadline or closed)' })),
  overdue: Type.Boolean(),
  link: Type.String({ description: "The item's portal page" }),
});
export const InboxList = Type.Object({ items: Type.Array(InboxEntry), total: Type.Integer() });
export const TaskList = Type.Object({ items: Type.Array(InboxEntry) });

export const TasksQuery = Type.Object(
  { state: Type.Optional(StringEnum(['open', 'all'] as const, 'open (default) | all')) },
  { additionalProperties: false },
);

export const NotificationsQuery = Type.Object(
  { unreadOnly: Type.Optional(Type.Boolean()), ...PageQuery },
  { additionalProperties: false },
);
export const Notification = Type.Object({
  id: Type.String(),
  itemKind: ItemKind,
  itemId: Type.String(),
  kind: Type.String({ description: "Message key of the portal's text, e.g. 'workflow.notice.task_overdue'" }),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
    description: "The message's values, e.g. title; a value with an English form has it beside it under the name + 'En' (titleEn, articleEn), used by the portal in English",
  }),
  assignee: Assignee,
  createdAt: Time,
  read: Type.Boolean(),
  link: Type.String(),
});
export const NotificationList = Type.Object({ items: Type.Array(Notification), total: Type.Integer(), unread: Type.Integer() });

export const MarkReadBody = Type.Object(
  { ids: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000, description: 'Omit to mark every notification read' })) },
  { additionalProperties: false },
);
export type MarkReadBody = Static<typeof MarkReadBody>;
export const MarkReadResult = Type.Object({ marked: Type.Integer() });

const Days = Type.Integer({ minimum: 1, maximum: SETTING_MAX_DAYS, description: 'Working days' });
export const DeadlineSettings = Type.Object(Object.fromEntries(DEADLINE_KINDS.map((k) => [k, Days])) as Record<(typeof DEADLINE_KINDS)[number], typeof Days>);
export const SettingsPatch = Type.Partial(DeadlineSettings, { additionalProperties: false, description: 'Deadlines to change, in working days (1–60)' });
export const SettingsView = Type.Object({ settings: DeadlineSettings, defaults: DeadlineSettings });

export const TimelineEntry = Type.Object({
  id: Type.String(),
  at: Time,
  actorName: Type.String(),
  actorId: Nullable(Type.String()),
  unitId: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  action: Type.String({ description: "The audit action, e.g. 'sharing.demand.decline'" }),
  fromState: Nullable(Type.String()),
  toState: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  detail: Nullable(Type.Record(Type.String(), Type.Unknown())),
});
export const TimelineList = Type.Object({ items: Type.Array(TimelineEntry) });

export const SweepResult = Type.Object({
  newlyOverdue: Type.Integer(),
  hooks: Type.Record(Type.String(), Type.Integer()),
  failedHooks: Type.Optional(Type.Array(Type.String())),
  oaDelivered: Type.Optional(Type.Integer()),
});

export const OverdueQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Found overdue at or after (ISO-8601)' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Found overdue before (ISO-8601)' })),
    itemKind: Type.Optional(ItemKind),
    unitId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Assignee unit' })),
  },
  { additionalProperties: false },
);
export type OverdueQuery = Static<typeof OverdueQuery>;
export const OverdueRecord = Type.Object({
  taskId: Type.String(),
  itemKind: ItemKind,
  itemId: Type.String(),
  step: Type.String(),
  title: Type.String(),
  titleEn: Nullable(Type.String({ description: 'The title in English, when the platform generated it' })),
  assignee: Assignee,
  dueAt: Type.String(),
  overdueAt: Type.String(),
  deadlineKind: Nullable(DeadlineKind),
  link: Type.String(),
});
export const OverdueList = Type.Object({ items: Type.Array(OverdueRecord) });

export const OaHook = Type.Object({
  unitId: Type.String(),
  url: Type.String(),
  enabled: Type.Boolean(),
  updatedAt: Time,
  secret: Type.Optional(Type.String({ description: 'Only when created or rotated: the HMAC-SHA256 key (X-GovShare-Signature = "hmac-sha256=<hex HMAC of \\"<X-GovShare-Timestamp>.<body>\\">")' })),
});
export const OaHookBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'Receiver URL: https, or http only to a host in webhookAllowedHosts' }),
    enabled: Type.Optional(Type.Boolean({ default: true })),
    rotateSecret: Type.Optional(Type.Boolean({ description: 'Issue a new secret (returned once)' })),
  },
  { additionalProperties: false },
);
export type OaHookBody = Static<typeof OaHookBody>;
