import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { ANSWER_KINDS, OBJECTION_ACTIONS, OBJECTION_LIMITS, OBJECTION_OUTCOMES, OBJECTION_STATES } from './model.js';

/** The objections API contract (/api/v1/sharing/objections…): requests, responses, OpenAPI. */

export { Problem, problems };

const StringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Time = Type.String({ description: 'ISO-8601 UTC timestamp' });
const ResourceCode = Type.String({ minLength: 1, maxLength: 64, description: '资源代码, e.g. 101/000001' });

export const StateSchema = StringEnum(
  OBJECTION_STATES,
  'raised 已提出 | marked 已受理（已标注） | fed_back 已核实并反馈 | acknowledged 提出单位已确认 | disputed 提出单位复议中 | archived 已归档',
);
const OutcomeSchema = StringEnum(OBJECTION_OUTCOMES, 'rejected 不予受理 | upheld 异议成立 | not_upheld 异议不成立');
const AnswerKindSchema = StringEnum(ANSWER_KINDS, 'corrected 已更正 | explained 已说明（数据无误）');

export const IdParams = Type.Object({ id: Id });
export const EvidenceParams = Type.Object({ id: Id, evidenceId: Id });

export const RaiseBody = Type.Object(
  {
    resourceCode: ResourceCode,
    recordKeys: Type.Optional(
      Type.Array(Type.String({ maxLength: OBJECTION_LIMITS.keyMax }), {
        maxItems: OBJECTION_LIMITS.keysMax,
        description: 'Record keys concerned: the key value, or the JSON array text of a composite key. Empty: not record-specific.',
      }),
    ),
    fields: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: OBJECTION_LIMITS.fieldsMax, description: 'Data item codes concerned. Empty: not field-specific.' })),
    description: Type.String({ maxLength: OBJECTION_LIMITS.descriptionMax, description: '异议内容：what is inaccurate or incomplete' }),
    evidence: Type.Optional(Type.String({ maxLength: OBJECTION_LIMITS.evidenceTextMax, description: '证据说明 (files: POST …/evidence)' })),
    expectedCorrection: Type.String({ maxLength: OBJECTION_LIMITS.expectedMax, description: '期望的更正' }),
  },
  { additionalProperties: false },
);

export const CommentBody = Type.Object({ comment: Type.Optional(Nullable(Type.String({ maxLength: OBJECTION_LIMITS.commentMax }))) }, { additionalProperties: false });
export const ReasonBody = Type.Object({ reason: Type.String({ maxLength: OBJECTION_LIMITS.commentMax }) }, { additionalProperties: false });
export const AnswerBody = Type.Object(
  { kind: AnswerKindSchema, text: Type.String({ maxLength: OBJECTION_LIMITS.commentMax, description: 'What was corrected (the correction itself is uploaded as usual), or why the data is right' }) },
  { additionalProperties: false },
);
export const CloseBody = Type.Object(
  { upheld: Type.Boolean({ description: 'true: the data was wrong (counted for supervision)' }), conclusion: Type.String({ maxLength: OBJECTION_LIMITS.commentMax }) },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    box: Type.Optional(StringEnum(['mine', 'to_handle', 'all'] as const, 'mine 本单位提出 | to_handle 待我处理 | all 我可见的全部')),
    state: Type.Optional(StateSchema),
    resource: Type.Optional(ResourceCode),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: OBJECTION_LIMITS.listMax, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);

export const MarksQuery = Type.Object({ resource: ResourceCode }, { additionalProperties: false });
export const StatsQuery = Type.Object(
  {
    unitId: Type.Optional(Id),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD (China Standard Time) or ISO-8601 with an offset; on the closing time, inclusive' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD (the whole day) or ISO-8601 with an offset, exclusive' })),
  },
  { additionalProperties: false },
);
export const EvidenceUploadQuery = Type.Object({ name: Type.Optional(Type.String({ maxLength: 400, description: 'File name (or the multipart part\'s filename)' })) }, { additionalProperties: false });

export const Evidence = Type.Object({
  id: Type.String(),
  objectionId: Type.String(),
  name: Type.String(),
  contentType: Type.String(),
  bytes: Type.Integer(),
  sha256: Type.String(),
  party: StringEnum(['raiser', 'provider'] as const),
  uploadedBy: Type.String(),
  uploadedByUnitId: Type.String(),
  uploadedAt: Time,
});

const objectionProps = {
  id: Type.String(),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  providerUnitId: Type.String(),
  providerUnitName: Nullable(Type.String()),
  raiserUnitId: Type.String(),
  raiserUnitName: Nullable(Type.String()),
  raisedBy: Type.String(),
  recordKeys: Type.Array(Type.String()),
  fields: Type.Array(Type.String()),
  description: Type.String(),
  evidence: Type.String(),
  expectedCorrection: Type.String(),
  state: StateSchema,
  marked: Type.Boolean({ description: 'The records / resource show as under objection' }),
  answerKind: Nullable(AnswerKindSchema),
  answer: Nullable(Type.String()),
  answeredBy: Nullable(Type.String()),
  answeredAt: Nullable(Time),
  rejectReason: Nullable(Type.String()),
  disputeReason: Nullable(Type.String()),
  disputedAt: Nullable(Time),
  acknowledgedAt: Nullable(Time),
  outcome: Nullable(OutcomeSchema),
  conclusion: Nullable(Type.String()),
  acceptedAt: Nullable(Time),
  closedAt: Nullable(Time),
  archivedAt: Nullable(Time),
  createdAt: Time,
  updatedAt: Time,
};

export const Objection = Type.Object(objectionProps);
export const ObjectionDetail = Type.Object({
  ...objectionProps,
  evidenceFiles: Type.Array(Evidence),
  actions: Type.Array(StringEnum([...OBJECTION_ACTIONS, 'evidence'] as const), { description: 'What the caller may do now' }),
});
export const ObjectionList = Type.Object({ items: Type.Array(Objection), total: Type.Integer() });

export const Marks = Type.Object({
  resourceCode: Type.String(),
  resource: Type.Boolean({ description: 'An objection concerns the resource as a whole' }),
  keys: Type.Array(Type.String(), { description: 'Record keys under objection (of other units\' objections only for the provider, the authority, supervisors, administrators)' }),
  hiddenKeys: Type.Integer({ description: 'Record keys under objection not shown to the caller' }),
  fields: Type.Array(Type.String()),
  objectionIds: Type.Array(Type.String()),
});

export const Stats = Type.Object({
  unitId: Nullable(Type.String()),
  from: Nullable(Time),
  to: Nullable(Time),
  upheld: Type.Integer({ description: 'Upheld objections closed in the period (counted for supervision, 第三十一条第二项)' }),
  notUpheld: Type.Integer(),
  rejected: Type.Integer(),
  open: Type.Integer({ description: 'Not yet archived (now)' }),
  byProvider: Type.Array(Type.Object({ unitId: Type.String(), unitName: Nullable(Type.String()), upheld: Type.Integer(), notUpheld: Type.Integer() })),
});

export type ListQuery = Static<typeof ListQuery>;
