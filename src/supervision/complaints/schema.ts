import { Type, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { ADDRESSEES, COMPLAINT_ACTIONS, COMPLAINT_LIMITS, COMPLAINT_STATES, OUTCOMES, PARTIES } from './model.js';

/** The complaints API contract (/api/v1/supervision/complaints…). */

export { Problem, problems };

const StringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
// The schema first: with type coercion a leading null branch would turn 0 or "" into null.
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Time = Type.String({ description: 'ISO-8601 UTC timestamp' });

const StateSchema = StringEnum(COMPLAINT_STATES, 'submitted 已提交 | accepted 已受理 | investigating 调查中 | rejected 不予受理 | concluded 已办结（已反馈） | closed 已关闭');
const AddresseeSchema = StringEnum(ADDRESSEES, 'supervision 监督部门 | authority 主管部门');
const OutcomeSchema = StringEnum(OUTCOMES, 'upheld 投诉属实 | not_upheld 投诉不属实');
const PartySchema = StringEnum(PARTIES, 'target 被投诉单位 | complainant 投诉人');

export const IdParams = Type.Object({ id: Id });
export const EvidenceParams = Type.Object({ id: Id, evidenceId: Id });

export const SubmitBody = Type.Object(
  {
    targetUnitId: Id,
    addressee: AddresseeSchema,
    title: Type.String({ maxLength: COMPLAINT_LIMITS.titleMax }),
    text: Type.String({ maxLength: COMPLAINT_LIMITS.textMax }),
    category: Type.Optional(Nullable(Type.Integer({ description: '第三十一条第N项 (1–8), when known' }))),
  },
  { additionalProperties: false },
);
export const CommentBody = Type.Object({ comment: Type.Optional(Nullable(Type.String({ maxLength: COMPLAINT_LIMITS.commentMax }))) }, { additionalProperties: false });
export const ReasonBody = Type.Object({ reason: Type.String({ maxLength: COMPLAINT_LIMITS.commentMax }) }, { additionalProperties: false });
export const TextBody = Type.Object({ text: Type.String({ maxLength: COMPLAINT_LIMITS.textMax }) }, { additionalProperties: false });
export const RequestBody = Type.Object({ party: PartySchema, text: Type.String({ maxLength: COMPLAINT_LIMITS.textMax }) }, { additionalProperties: false });
export const LinkBody = Type.Object({ violationIds: Type.Array(Id, { maxItems: COMPLAINT_LIMITS.linksMax }) }, { additionalProperties: false });
/** A violation recorded from a complaint: the same contract as a manual record (the unit defaults to the complained-about one). */
export { RecordBody as ViolationBody } from '../violations/schema.js';
export const ConcludeBody = Type.Object({ outcome: OutcomeSchema, result: Type.String({ maxLength: COMPLAINT_LIMITS.textMax }) }, { additionalProperties: false });
export const ListQuery = Type.Object(
  {
    box: Type.Optional(StringEnum(['mine', 'to_handle', 'all'] as const, 'mine 本单位提出 | to_handle 待我处理 | all 我可见的全部')),
    state: Type.Optional(StateSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: COMPLAINT_LIMITS.listMax, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export const EvidenceUploadQuery = Type.Object({ name: Type.Optional(Type.String({ maxLength: 400 })) }, { additionalProperties: false });

export const Evidence = Type.Object({ id: Type.String(), name: Type.String(), contentType: Type.String(), bytes: Type.Integer(), sha256: Type.String(), uploadedAt: Time });

const props = {
  id: Type.String(),
  title: Type.String(),
  text: Type.String(),
  category: Nullable(Type.Integer()),
  addressee: AddresseeSchema,
  targetUnitId: Type.String(),
  targetUnitName: Nullable(Type.String()),
  complainantUnitId: Nullable(Type.String({ description: 'null for the complained-about unit unless disclosed' })),
  complainantUnitName: Nullable(Type.String()),
  complainant: Nullable(Type.String()),
  disclosed: Type.Boolean(),
  state: StateSchema,
  awaiting: Type.Array(PartySchema, { description: 'Requests for information awaiting a reply' }),
  outcome: Nullable(OutcomeSchema),
  result: Nullable(Type.String()),
  rejectReason: Nullable(Type.String()),
  acceptedAt: Nullable(Time),
  concludedAt: Nullable(Time),
  acknowledgedAt: Nullable(Time),
  closedAt: Nullable(Time),
  createdAt: Time,
  updatedAt: Time,
};
export const Complaint = Type.Object(props);
export const ComplaintDetail = Type.Object({
  ...props,
  messages: Type.Array(Type.Object({ id: Type.String(), kind: StringEnum(['note', 'request', 'reply'] as const), party: Nullable(PartySchema), text: Type.String(), by: Type.String(), at: Time })),
  evidenceFiles: Type.Array(Evidence),
  violations: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), titleEn: Nullable(Type.String()), category: Type.Integer(), state: Type.String(), unitId: Nullable(Type.String()) })),
  role: StringEnum(['handler', 'complainant', 'target', 'reader'] as const),
  actions: Type.Array(StringEnum(COMPLAINT_ACTIONS)),
});
export const ComplaintList = Type.Object({ items: Type.Array(Complaint), total: Type.Integer() });
