import { Type, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { VIOLATION_CATEGORIES } from '../types.js';
import { VIOLATION_ACTIONS, VIOLATION_LIMITS, VIOLATION_SOURCES, VIOLATION_STATES } from './model.js';

/** The violations API contract (/api/v1/supervision/violations…, /supervision/notices). */

export { Problem, problems };

const StringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
// The schema first: with type coercion a leading null branch would turn 0 or "" into null.
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Time = Type.String({ description: 'ISO-8601 UTC timestamp' });

export const StateSchema = StringEnum(
  VIOLATION_STATES,
  'candidate 违规线索 | dismissed 已排除 | confirmed 已确认 | notified 已通报批评 | rectifying 整改中 | answered 单位已答复 | rectified 已整改 | escalated 已移送（处分建议）',
);
const SourceSchema = StringEnum(VIOLATION_SOURCES, 'rule 规则发现 | manual 人工登记 | complaint 投诉查实');
const Category = Type.Integer({ minimum: 1, maximum: 8, description: '第三十一条第N项 (1–8)' });
const Subject = Type.Object({ type: Type.String({ maxLength: 40 }), id: Type.String({ maxLength: 200 }) }, { description: 'What it is about: resource, application, objection, unit, …' });

export const IdParams = Type.Object({ id: Id });

export const ListQuery = Type.Object(
  {
    state: Type.Optional(StateSchema),
    category: Type.Optional(Category),
    unitId: Type.Optional(Id),
    source: Type.Optional(SourceSchema),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'Detected in this year (China Standard Time)' })),
    reviewOnly: Type.Optional(Type.Boolean({ description: '第四项 candidates flagged for review only' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: VIOLATION_LIMITS.listMax, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);

export const NoticeQuery = Type.Object(
  { unitId: Type.Optional(Id), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: VIOLATION_LIMITS.listMax, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })) },
  { additionalProperties: false },
);

export const StatsQuery = Type.Object(
  { from: Type.String({ maxLength: 40, description: 'ISO-8601 instant, inclusive' }), to: Type.String({ maxLength: 40, description: 'ISO-8601 instant, exclusive' }) },
  { additionalProperties: false },
);

export const RecordBody = Type.Object(
  {
    unitId: Type.Optional(Nullable(Id)),
    category: Type.Integer({ description: '第三十一条第N项 (1–8); 6 and 8 are recorded only by hand' }),
    title: Type.String({ maxLength: VIOLATION_LIMITS.titleMax }),
    titleEn: Type.Optional(Nullable(Type.String({ maxLength: VIOLATION_LIMITS.titleMax }))),
    description: Type.String({ maxLength: VIOLATION_LIMITS.textMax }),
    evidence: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    subject: Type.Optional(Nullable(Subject)),
    observedAt: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    serious: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const CommentBody = Type.Object({ comment: Type.Optional(Nullable(Type.String({ maxLength: VIOLATION_LIMITS.commentMax }))) }, { additionalProperties: false });
export const ReasonBody = Type.Object({ reason: Type.String({ maxLength: VIOLATION_LIMITS.commentMax }) }, { additionalProperties: false });
export const TextBody = Type.Object({ text: Type.String({ maxLength: VIOLATION_LIMITS.textMax }) }, { additionalProperties: false });
export const SanctionBody = Type.Object({ sanction: Type.String({ maxLength: VIOLATION_LIMITS.textMax, description: '行政处分建议' }) }, { additionalProperties: false });
export const OrderBody = Type.Object(
  {
    text: Type.String({ maxLength: VIOLATION_LIMITS.textMax, description: '整改要求' }),
    workingDays: Type.Optional(Nullable(Type.Integer({ description: `Rectification period in working days (1–${VIOLATION_LIMITS.rectifyDaysMax})` }))),
    dueDate: Type.Optional(Nullable(Type.String({ maxLength: 10, description: 'Or a date (YYYY-MM-DD, China Standard Time). Neither: the "rectification" deadline setting.' }))),
  },
  { additionalProperties: false },
);

const props = {
  id: Type.String(),
  unitId: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  category: Type.Integer(),
  article: Type.String(),
  source: SourceSchema,
  ruleId: Nullable(Type.String()),
  complaintId: Nullable(Type.String()),
  title: Type.String(),
  titleEn: Nullable(Type.String()),
  description: Nullable(Type.String()),
  evidence: Type.Record(Type.String(), Type.Unknown()),
  subject: Nullable(Type.Object({ type: Type.String(), id: Type.String() })),
  dedupeKey: Nullable(Type.String()),
  reviewOnly: Type.Boolean({ description: '第四项: flagged for a supervisor\'s review, never an automatic finding' }),
  state: StateSchema,
  serious: Type.Boolean(),
  sanction: Nullable(Type.String()),
  observedAt: Time,
  detectedAt: Time,
  confirmedAt: Nullable(Time),
  confirmedBy: Nullable(Type.String()),
  dismissedAt: Nullable(Time),
  dismissReason: Nullable(Type.String()),
  notifiedAt: Nullable(Time),
  noticeText: Nullable(Type.String()),
  rectifyOrder: Nullable(Type.String()),
  rectificationDueAt: Nullable(Time),
  rectifyRounds: Type.Integer(),
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Time),
  answeredBy: Nullable(Type.String()),
  rectifiedAt: Nullable(Time),
  closeComment: Nullable(Type.String()),
  escalatedAt: Nullable(Time),
  closedAt: Nullable(Time),
  createdBy: Type.String(),
  updatedAt: Time,
};

export const Violation = Type.Object(props);
export const ViolationDetail = Type.Object({ ...props, actions: Type.Array(StringEnum(VIOLATION_ACTIONS), { description: 'What the caller may do now' }) });
export const ViolationList = Type.Object({ items: Type.Array(Violation), total: Type.Integer() });

export const Notice = Type.Object({
  violationId: Type.String(),
  unitId: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  category: Type.Integer(),
  article: Type.String(),
  title: Type.String(),
  titleEn: Nullable(Type.String()),
  text: Type.String(),
  notifiedAt: Time,
});
export const NoticeList = Type.Object({ items: Type.Array(Notice), total: Type.Integer() });

const CategoryCounts = Type.Record(Type.String(), Type.Integer(), { description: 'category (1–8) → count' });
export const Stats = Type.Object({
  summary: Type.Object({ byState: Type.Record(Type.String(), Type.Integer()), byCategory: CategoryCounts, total: Type.Integer() }),
  byUnit: Type.Array(Type.Object({ unitId: Type.String(), unitName: Nullable(Type.String()), confirmed: Type.Integer(), serious: Type.Integer(), byCategory: CategoryCounts })),
});

export const CATEGORIES = VIOLATION_CATEGORIES;
