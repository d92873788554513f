import { Type, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { ANSWER_KINDS, DECISION_LEVELS, DECISION_OUTCOMES, DEMAND_LIMITS, DEMAND_METHODS, DEMAND_STATES, DEMAND_TRANSITIONS, RECORD_KINDS } from './model.js';

/** The demands API contract (/api/v1/sharing/demands…): requests, responses, OpenAPI. */

export { Problem, problems };

/** One `enum` keyword (not anyOf of consts) so a bad value gives one clear field error. */
const StringEnum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
/** Null first: Ajv's type coercion must not turn a null into "" by trying the string branch first. */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);

const Time = Type.String({ description: 'ISO-8601 UTC timestamp' });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });

export const StateSchema = StringEnum(
  DEMAND_STATES,
  'submitted 待匹配 | routed 待答复 | accepted 已接受 | in_progress 新编目录中 | met 已满足 | declined 已拒绝待协调 | escalated 提请领导小组 | decided 已决定 | gap 资源缺口 | withdrawn 已撤回',
);
export const MethodSchema = StringEnum(DEMAND_METHODS, 'online_query 在线查询 | batch_exchange 批量交换 | file 文件下载 | subscription 订阅');
export const OutcomeSchema = StringEnum(DECISION_OUTCOMES, 'provider_must_share 提供方应当共享 | decline_upheld 维持不予共享 | other 其他');

export const IdParams = Type.Object({ id: Id });

export const WantedItem = Type.Object(
  { name: Type.String({ maxLength: DEMAND_LIMITS.dataItemNameMax }), code: Type.Optional(Nullable(Type.String({ maxLength: 63 }))) },
  { additionalProperties: false, description: '信息项: its name, and its code when known' },
);

export const DemandInput = Type.Object(
  {
    title: Text(DEMAND_LIMITS.titleMax, '需求名称'),
    duty: Text(DEMAND_LIMITS.shortTextMax, '履职事项 / business item served'),
    legalBasis: Text(DEMAND_LIMITS.textMax, '履职依据'),
    content: Text(DEMAND_LIMITS.textMax, '需求内容'),
    dataItems: Type.Optional(Type.Array(WantedItem, { maxItems: DEMAND_LIMITS.dataItemsMax })),
    targetResourceCode: Type.Optional(Nullable(Type.String({ maxLength: 64, description: 'A published resource: the demand goes to its provider at once' }))),
    targetProviderUnitId: Type.Optional(Nullable(Type.String({ maxLength: 64, description: 'A provider unit: the demand goes to it at once' }))),
    scope: Text(DEMAND_LIMITS.shortTextMax, '需求范围'),
    purpose: Text(DEMAND_LIMITS.shortTextMax, '用途'),
    method: MethodSchema,
    systemId: Type.Optional(Nullable(Type.String({ maxLength: 64, description: "The requesting unit's application system" }))),
    neededBy: Type.String({ maxLength: 10, description: 'YYYY-MM-DD: 需求时间' }),
  },
  { additionalProperties: false },
);

const Answer = Type.Object({
  kind: StringEnum(ANSWER_KINDS),
  resourceCode: Nullable(Type.String()),
  resourceVersion: Nullable(Type.Integer()),
  circumstances: Nullable(Type.String()),
  reasons: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  at: Time,
  by: Type.String(),
});
const Decision = Type.Object({ level: StringEnum(DECISION_LEVELS), outcome: OutcomeSchema, text: Type.String(), at: Time, by: Type.String() });
const Stamp = (what: string) => Type.Object({ [what]: Type.String(), at: Time, by: Type.String() });

const demandProps = {
  id: Type.String(),
  title: Type.String(),
  state: StateSchema,
  requesterUnitId: Type.String(),
  requesterUnitName: Type.String(),
  requesterId: Nullable(Type.String()),
  requesterName: Type.String(),
  duty: Type.String(),
  legalBasis: Type.String(),
  content: Type.String(),
  dataItems: Type.Array(WantedItem),
  targetResourceCode: Nullable(Type.String()),
  targetProviderUnitId: Nullable(Type.String()),
  scope: Type.String(),
  purpose: Type.String(),
  method: MethodSchema,
  systemId: Nullable(Type.String()),
  systemName: Nullable(Type.String()),
  neededBy: Type.String(),
  providerUnitId: Nullable(Type.String()),
  providerUnitName: Nullable(Type.String()),
  resourceCodes: Type.Array(Type.String()),
  routedAt: Nullable(Time),
  routedBy: Nullable(Type.String()),
  answer: Nullable(Answer),
  decision: Nullable(Decision),
  escalation: Nullable(Stamp('reason')),
  gap: Nullable(Stamp('note')),
  withdrawal: Nullable(Type.Object({ reason: Nullable(Type.String()), at: Time })),
  registeredAt: Nullable(Time),
  registeredBy: Nullable(Type.String()),
  metAt: Nullable(Time),
  createdAt: Time,
  updatedAt: Time,
};

export const Demand = Type.Object(demandProps);

export const DemandRecord = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  kind: StringEnum(RECORD_KINDS, 'existing 接受（已有资源）| new_entry 接受（新编目录）| decline 拒绝 | authority_decision 主管部门协调决定 | leadership_decision 领导小组决定'),
  outcome: Nullable(OutcomeSchema),
  text: Nullable(Type.String()),
  circumstances: Nullable(Type.String()),
  resourceCode: Nullable(Type.String()),
  actorName: Type.String(),
  unitId: Nullable(Type.String()),
  at: Time,
  registeredAt: Nullable(Time),
  registeredBy: Nullable(Type.String()),
});

export const DemandDetail = Type.Object({
  ...demandProps,
  records: Type.Array(DemandRecord),
  pendingRegistration: Type.Integer({ description: 'The demand itself (when unregistered) plus unregistered responses' }),
  allowed: Type.Array(StringEnum(DEMAND_TRANSITIONS), { description: 'What the caller may do now' }),
});

export const DemandList = Type.Object({
  items: Type.Array(Demand),
  total: Type.Integer(),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Demands per state for the same box and text filter' }),
});

export const ListQuery = Type.Object(
  {
    box: Type.Optional(StringEnum(['mine', 'to_answer', 'all'] as const, 'mine: raised by my unit | to_answer: routed to my unit | all: everything I may see')),
    state: Type.Optional(Type.String({ maxLength: 200, description: 'One state or several, comma-separated' })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    decisionLevel: Type.Optional(StringEnum(DECISION_LEVELS, 'authority | leadership: only demands decided at this level')),
    escalated: Type.Optional(Type.Boolean({ description: 'Only demands escalated to the leadership group' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: DEMAND_LIMITS.listMax, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);

export const GapQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: DEMAND_LIMITS.listMax, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);

export const GapEntry = Type.Object({
  id: Type.String(),
  title: Type.String(),
  requesterUnitId: Type.String(),
  requesterUnitName: Type.String(),
  duty: Type.String(),
  content: Type.String(),
  dataItems: Type.Array(WantedItem),
  scope: Type.String(),
  neededBy: Type.String(),
  note: Type.String(),
  markedAt: Time,
});
export const GapList = Type.Object({ items: Type.Array(GapEntry), total: Type.Integer() });

export const SuggestionQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: DEMAND_LIMITS.suggestionsMax, default: 10 })) }, { additionalProperties: false });
export const Suggestion = Type.Object({
  code: Type.String(),
  name: Type.String(),
  abstract: Type.String(),
  providerUnitId: Type.String(),
  providerUnitName: Type.String(),
  sharingType: Type.String(),
  matchedBy: Type.Array(Type.String(), { description: 'The words of the demand that found it' }),
});
export const SuggestionList = Type.Object({ items: Type.Array(Suggestion) });

// ---- transition bodies

const Comment = Type.Optional(Nullable(Text(DEMAND_LIMITS.textMax)));

export const RouteBody = Type.Object(
  {
    providerUnitId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    resourceCodes: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: DEMAND_LIMITS.resourceCodesMax })),
    comment: Comment,
  },
  { additionalProperties: false, description: 'A provider unit and/or published resources (their provider is taken when no unit is given)' },
);
export const AcceptBody = Type.Object(
  {
    mode: StringEnum(['existing', 'new_entry'] as const, 'existing: a published resource of your unit | new_entry: a catalog draft your unit created for this demand (met when published)'),
    resourceCode: Type.String({ maxLength: 64 }),
    comment: Comment,
  },
  { additionalProperties: false },
);
export const DeclineBody = Type.Object(
  { circumstances: Text(DEMAND_LIMITS.textMax, '情况说明'), reasons: Text(DEMAND_LIMITS.textMax, '理由（依据）') },
  { additionalProperties: false },
);
export const RegisterBody = Type.Object({ comment: Comment }, { additionalProperties: false });
export const DecisionBody = Type.Object({ outcome: OutcomeSchema, text: Text(DEMAND_LIMITS.textMax, '决定内容') }, { additionalProperties: false });
export const EscalateBody = Type.Object({ reason: Text(DEMAND_LIMITS.textMax, '提请理由') }, { additionalProperties: false });
export const GapBody = Type.Object({ note: Text(DEMAND_LIMITS.textMax, '缺口说明') }, { additionalProperties: false });
export const WithdrawBody = Type.Object({ reason: Comment }, { additionalProperties: false });

export const FormOptions = Type.Object({
  systems: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }), { description: "The caller unit's enabled application systems" }),
});
