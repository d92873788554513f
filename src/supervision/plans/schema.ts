import { Type, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { ASSESSMENTS, ENTRY_KINDS, FUNDING_SOURCES, PLAN_KINDS, PLAN_LIMITS, PLAN_STATUSES } from './model.js';

/** The annual plans API contract (/api/v1/supervision/plans…): requests, responses, OpenAPI. */

export { Problem, problems };

const StringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
// The value's own type first: with coerceTypes, a null branch first would turn '' into null.
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Time = Type.String({ description: 'ISO-8601 UTC timestamp' });
const Day = Type.String({ maxLength: 10, description: 'CST day YYYY-MM-DD' });
const Year = Type.Integer({ minimum: 2000, maximum: 2099 });
const Kind = StringEnum(PLAN_KINDS, 'infrastructure 基础设施 | resource 重点信息资源 | other 其他');
const Funding = StringEnum(FUNDING_SOURCES, 'fiscal 财政资金 | self 自筹 | superior 上级补助 | other 其他');
const Status = StringEnum(PLAN_STATUSES, 'planned 计划 | in_progress 实施中 | completed 已完成 | delayed 延期 | cancelled 已取消');
const Assessment = StringEnum(ASSESSMENTS, 'on_track 按计划推进 | at_risk 存在风险 | behind 滞后 | done 已完成');
const Budget = Type.Union([Type.String({ maxLength: 20 }), Type.Integer({ minimum: 0 })], {
  description: 'Yuan, exact: a decimal string with at most two decimals ("1234.56"), or an integer',
});

export const IdParams = Type.Object({ id: Id });
export const MilestoneParams = Type.Object({ id: Id, milestoneId: Id });
export const NoContent = Type.Null({ description: 'No content' });

const MilestoneInput = Type.Object(
  {
    title: Type.String({ maxLength: PLAN_LIMITS.titleMax }),
    dueDate: Day,
    doneDate: Type.Optional(Nullable(Day)),
    note: Type.Optional(Nullable(Type.String({ maxLength: PLAN_LIMITS.noteMax }))),
  },
  { additionalProperties: false },
);

const itemFields = {
  year: Year,
  kind: Kind,
  title: Type.String({ maxLength: PLAN_LIMITS.titleMax }),
  ownerUnitId: Id,
  content: Type.String({ maxLength: PLAN_LIMITS.contentMax }),
  budget: Budget,
  fundingSource: Funding,
  fundingNote: Type.Optional(Nullable(Type.String({ maxLength: PLAN_LIMITS.fundingNoteMax }))),
};

export const CreateBody = Type.Object({ ...itemFields, milestones: Type.Optional(Type.Array(MilestoneInput, { maxItems: PLAN_LIMITS.milestonesMax })) }, { additionalProperties: false });
export const UpdateBody = Type.Partial(Type.Object(itemFields), { additionalProperties: false });
export const StatusBody = Type.Object({ status: Status, reason: Type.Optional(Nullable(Type.String({ maxLength: PLAN_LIMITS.noteMax }))) }, { additionalProperties: false });
export const FollowUpBody = Type.Object(
  { date: Type.Optional(Nullable(Day)), note: Type.String({ maxLength: PLAN_LIMITS.noteMax }), assessment: Assessment },
  { additionalProperties: false },
);
export const ProgressBody = Type.Object({ date: Type.Optional(Nullable(Day)), note: Type.String({ maxLength: PLAN_LIMITS.noteMax }) }, { additionalProperties: false });
export const MilestoneBody = MilestoneInput;
export const MilestonePatch = Type.Partial(MilestoneInput, { additionalProperties: false });

export const ListQuery = Type.Object(
  {
    year: Type.Optional(Year),
    status: Type.Optional(Status),
    kind: Type.Optional(Kind),
    ownerUnitId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PLAN_LIMITS.listMax, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export const ExportQuery = Type.Object({ year: Year }, { additionalProperties: false });

export const Milestone = Type.Object({
  id: Id,
  seq: Type.Integer(),
  title: Type.String(),
  dueDate: Day,
  doneDate: Nullable(Day),
  note: Nullable(Type.String()),
  overdue: Type.Boolean({ description: 'Past due (before today, CST) and not done' }),
  late: Type.Boolean({ description: 'Done after the due date' }),
});

export const Entry = Type.Object({
  id: Id,
  kind: StringEnum(ENTRY_KINDS),
  day: Day,
  note: Nullable(Type.String()),
  assessment: Nullable(Assessment),
  fromStatus: Nullable(Status),
  toStatus: Nullable(Status),
  milestoneId: Nullable(Id),
  by: Type.String(),
  byUnitId: Nullable(Id),
  at: Time,
});

export const Item = Type.Object({
  id: Id,
  year: Type.Integer(),
  kind: Kind,
  title: Type.String(),
  ownerUnitId: Id,
  ownerUnitName: Nullable(Type.String()),
  content: Type.String(),
  budget: Type.String({ description: 'Yuan, exact, two decimals' }),
  budgetFen: Type.Integer(),
  fundingSource: Funding,
  fundingNote: Nullable(Type.String()),
  status: Status,
  statusReason: Nullable(Type.String()),
  effectiveStatus: Status,
  overdueMilestones: Type.Integer(),
  milestonesDone: Type.Integer(),
  milestonesTotal: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Time,
  updatedAt: Time,
});

export const Detail = Type.Composite([
  Item,
  Type.Object({ milestones: Type.Array(Milestone), entries: Type.Array(Entry), actions: Type.Array(StringEnum(['manage', 'progress'] as const)) }),
]);

export const List = Type.Object({
  items: Type.Array(Item),
  total: Type.Integer(),
  totals: Type.Object({ budget: Type.String(), budgetFen: Type.Integer(), byStatus: Type.Record(Type.String(), Type.Integer()) }),
});
