import { Type, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { MASKING_RULES, SHARING_METHODS, SHARING_METHOD_LABELS, type Label } from '../../catalog/model.js';
import { FILTER_OPS } from '../../exchange/types.js';
import { GRANT_STATES } from '../model.js';
import { APPLICATION_LIMITS, APPLICATION_STATES, APPLICATION_UI_ACTIONS, AUTO_ANSWERS, COORDINATION_DECISIONS, EXTENSION_STATES, REQUIRED_FIELDS } from './model.js';

/** The API contract of sharing applications and grants (/api/v1/sharing/applications…, /api/v1/sharing/grants…). */

export { Problem, problems };

const StringEnum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);
const labels = <T extends string>(values: readonly T[], l: Record<T, Label>) => values.map((v) => `${v} ${l[v].zh}`).join(' | ');
const AnyObject = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true });

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Time = Type.String({ description: 'ISO-8601 UTC timestamp' });
const DateText = Type.String({ maxLength: 10, description: 'YYYY-MM-DD (China Standard Time day)' });
const Limit = Type.Integer({ minimum: 1, maximum: 500, default: 50 });
const Offset = Type.Integer({ minimum: 0, default: 0 });
const Quota = Nullable(Type.Integer({ minimum: 1, maximum: APPLICATION_LIMITS.quotaMax }));
const ItemCodes = Type.Array(Type.String({ maxLength: 64 }), { maxItems: APPLICATION_LIMITS.fieldsMax });
const Comment = Type.String({ maxLength: APPLICATION_LIMITS.commentMax });

export const StateSchema = StringEnum(
  APPLICATION_STATES,
  'draft 草稿 | submitted 已提交待答复 | incomplete 材料不全待补正 | under_review 审核中 | approved 已同意 | coordination 不同意，主管部门协调中 | refused 不同意 | withdrawn 已撤回',
);
export const MethodSchema = StringEnum(SHARING_METHODS, labels(SHARING_METHODS, SHARING_METHOD_LABELS));
export const GrantStateSchema = StringEnum(GRANT_STATES, 'pending_agreement 待签署保密协议并备案 | active 生效 | suspended 暂停 | revoked 撤销 | expired 过期');
const MaskingSchema = StringEnum(MASKING_RULES);
const FilterSchema = Type.Object({ field: Type.String({ maxLength: 100 }), op: StringEnum(FILTER_OPS), value: Type.Optional(Type.Unknown()) }, { additionalProperties: false });

// ---- requests

const inputProps = {
  consumerSystemId: Type.Optional(Nullable(Id)),
  fields: Type.Optional(Nullable(ItemCodes)),
  purpose: Type.Optional(Type.String({ maxLength: APPLICATION_LIMITS.shortTextMax })),
  legalBasis: Type.Optional(Type.String({ maxLength: APPLICATION_LIMITS.textMax })),
  scenario: Type.Optional(Type.String({ maxLength: APPLICATION_LIMITS.shortTextMax })),
  scope: Type.Optional(Type.String({ maxLength: APPLICATION_LIMITS.shortTextMax })),
  method: Type.Optional(Nullable(MethodSchema)),
  validFrom: Type.Optional(Nullable(DateText)),
  validUntil: Type.Optional(Nullable(DateText)),
  quotaRequestsPerDay: Type.Optional(Quota),
  quotaRowsPerDay: Type.Optional(Quota),
};

export const ApplicationInput = Type.Object(inputProps, {
  additionalProperties: false,
  description:
    'The applicant\'s content. fields: item codes wanted, null for every item, [] not chosen yet. Blank content is kept in a draft; ' +
    'on submission every missing field is listed at once in the incomplete notice.',
});

export const CreateBody = Type.Object(
  {
    resourceCode: Type.String({ minLength: 1, maxLength: 64, description: 'The published resource applied for' }),
    ...inputProps,
    submit: Type.Optional(Type.Boolean({ default: false, description: 'Submit at once instead of saving a draft' })),
  },
  { additionalProperties: false },
);

export const CommentBody = Nullable(Type.Object({ comment: Type.Optional(Nullable(Comment)) }, { additionalProperties: false }));
export const ReasonBody = Type.Object({ reason: Type.String({ maxLength: APPLICATION_LIMITS.commentMax }) }, { additionalProperties: false });

export const IncompleteBody = Type.Object(
  {
    missing: Type.Optional(Type.Array(StringEnum(REQUIRED_FIELDS), { maxItems: REQUIRED_FIELDS.length, description: 'Every missing field at once' })),
    note: Type.Optional(Nullable(Comment)),
  },
  { additionalProperties: false },
);

const termsProps = {
  fields: Type.Optional(Nullable(ItemCodes)),
  rowFilter: Type.Optional(Type.Array(FilterSchema, { maxItems: 20 })),
  masking: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), MaskingSchema)),
  quotaRequestsPerDay: Type.Optional(Quota),
  quotaRowsPerDay: Type.Optional(Quota),
  validFrom: Type.Optional(Nullable(DateText)),
  validUntil: Type.Optional(Nullable(DateText)),
};

export const ApproveBody = Nullable(
  Type.Object(
    { ...termsProps, comment: Type.Optional(Nullable(Comment)) },
    {
      additionalProperties: false,
      description: 'Narrowing only: fields a subset of those applied for, a row filter, masking overrides, a quota, a shorter validity. Omitted = as applied for.',
    },
  ),
);

export const ExtensionRequestBody = Type.Object(
  { days: Type.Integer({ minimum: 1, maximum: 366, description: 'Working days, at most the extension_max setting' }), reason: Type.String({ maxLength: APPLICATION_LIMITS.commentMax }) },
  { additionalProperties: false },
);
export const ExtensionDecisionBody = Type.Object({ approve: Type.Boolean(), comment: Type.Optional(Nullable(Comment)) }, { additionalProperties: false });
export const CoordinateBody = Type.Object(
  {
    decision: StringEnum(COORDINATION_DECISIONS, 'uphold 维持不同意 | order_approval 责成同意（按申请或按 terms 收窄后生成授权）'),
    comment: Comment,
    terms: Type.Optional(Type.Object(termsProps, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Id });
export const ListQuery = Type.Object(
  {
    box: Type.Optional(StringEnum(['mine', 'to_review', 'all'] as const, 'mine 本单位的申请 | to_review 向本单位提出的申请 | all 全部（主管部门、监察、平台管理员）')),
    state: Type.Optional(StateSchema),
    resource: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Limit),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export const PrefillQuery = Type.Object({ resource: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export const GrantListQuery = Type.Object(
  {
    box: Type.Optional(StringEnum(['consumer', 'provider', 'all'] as const, 'consumer 本单位获得的授权 | provider 本单位资源的授权 | all 全部')),
    resource: Type.Optional(Type.String({ maxLength: 64 })),
    state: Type.Optional(GrantStateSchema),
    consumerUnitId: Type.Optional(Id),
    limit: Type.Optional(Limit),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);

// ---- responses

export const TimelineEntry = Type.Object({
  id: Type.String(),
  itemKind: Type.String(),
  itemId: Type.String(),
  at: Time,
  actorName: Type.String(),
  actorId: Nullable(Type.String()),
  unitId: Nullable(Type.String()),
  action: Type.String(),
  fromState: Nullable(Type.String()),
  toState: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  detail: Nullable(AnyObject),
});

export const Task = Type.Object({
  id: Type.String(),
  itemKind: Type.String(),
  itemId: Type.String(),
  step: Type.String(),
  assignee: Type.Object({ role: Type.String(), unitId: Nullable(Type.String()) }),
  deadlineKind: Nullable(Type.String()),
  dueAt: Nullable(Time),
  state: Type.String(),
  overdueAt: Nullable(Time),
  openedAt: Time,
  closedAt: Nullable(Time),
  title: Type.String(),
  titleEn: Nullable(Type.String({ description: 'The title in English, when the platform generated it' })),
});

export const Grant = Type.Object({
  id: Type.String(),
  resourceCode: Type.String(),
  consumerUnitId: Type.String(),
  consumerSystemId: Nullable(Type.String()),
  fields: Nullable(Type.Array(Type.String())),
  rowFilter: Type.Array(Type.Object({ field: Type.String(), op: Type.String(), value: Type.Optional(Type.Unknown()) })),
  masking: Type.Record(Type.String(), Type.String()),
  purpose: Type.String(),
  legalBasis: Type.String(),
  validFrom: Time,
  validUntil: Nullable(Time),
  quotaRequestsPerDay: Nullable(Type.Integer()),
  quotaRowsPerDay: Nullable(Type.Integer()),
  state: GrantStateSchema,
  stateReason: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Time,
  updatedAt: Time,
});

const grantViewProps = {
  ...Grant.properties,
  resourceName: Nullable(Type.String()),
  providerUnitId: Nullable(Type.String()),
  providerUnitName: Nullable(Type.String()),
  consumerUnitName: Nullable(Type.String()),
  consumerSystemName: Nullable(Type.String()),
  applicationId: Nullable(Type.String()),
};
export const GrantView = Type.Object(grantViewProps);
export const GrantList = Type.Object({ items: Type.Array(GrantView), total: Type.Integer() });
export const GrantDetail = Type.Object({
  ...grantViewProps,
  agreementId: Nullable(Type.String({ description: 'The confidentiality agreement (portal: /sharing/agreements/{id})' })),
  needsAgreement: Type.Boolean(),
  agreementFiled: Nullable(Type.Boolean()),
  timeline: Type.Array(TimelineEntry),
  actions: Type.Object({ suspend: Type.Boolean(), resume: Type.Boolean(), revoke: Type.Boolean() }),
});

const applicationProps = {
  id: Type.String(),
  state: StateSchema,
  resourceCode: Type.String(),
  resourceVersion: Type.Integer(),
  resourceName: Type.String(),
  providerUnitId: Type.String(),
  consumerUnitId: Type.String(),
  consumerSystemId: Nullable(Type.String()),
  applicantId: Nullable(Type.String()),
  applicantName: Type.String(),
  fields: Nullable(Type.Array(Type.String())),
  purpose: Type.String(),
  legalBasis: Type.String(),
  scenario: Type.String(),
  scope: Type.String(),
  method: Nullable(MethodSchema),
  validFrom: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  quotaRequestsPerDay: Nullable(Type.Integer()),
  quotaRowsPerDay: Nullable(Type.Integer()),
  missing: Type.Array(StringEnum(REQUIRED_FIELDS)),
  incompleteNote: Nullable(Type.String()),
  autoAnswer: Nullable(StringEnum(AUTO_ANSWERS, 'mandatory 强制共享自动同意 | not_shared 非共享自动不同意 | classified 涉密自动不同意 | outside_scope 不在共享范围自动不同意')),
  decisionComment: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Time),
  grantId: Nullable(Type.String()),
  agreementId: Nullable(Type.String()),
  extension: Nullable(Type.Object({ state: StringEnum(EXTENSION_STATES), days: Type.Integer(), reason: Type.String(), comment: Nullable(Type.String()) })),
  coordination: Nullable(Type.Object({ decision: StringEnum(COORDINATION_DECISIONS), comment: Type.String() })),
  deliveredAt: Nullable(Time),
  submittedAt: Nullable(Time),
  createdAt: Time,
  updatedAt: Time,
  consumerUnitName: Nullable(Type.String()),
  providerUnitName: Nullable(Type.String()),
  consumerSystemName: Nullable(Type.String()),
};

export const ApplicationSummary = Type.Object(applicationProps);
export const ApplicationList = Type.Object({ items: Type.Array(ApplicationSummary), total: Type.Integer() });

export const ResourceView = Type.Object({
  code: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  providerUnitId: Type.String(),
  providerUnitName: Type.String(),
  sharingType: Type.String(),
  sharingConditions: Type.String(),
  sharingMethods: Type.Array(Type.String()),
  legalBasis: Type.String(),
  metadataOnly: Type.Boolean(),
  tabular: Type.Boolean(),
  items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), dataType: Type.String(), sensitivity: Type.String(), masking: Type.String() })),
});

export const ApplicationDetail = Type.Object({
  ...applicationProps,
  grant: Nullable(Grant),
  resource: Nullable(ResourceView),
  needsAgreement: Type.Boolean(),
  timeline: Type.Array(TimelineEntry),
  tasks: Type.Array(Task),
  actions: Type.Object(Object.fromEntries(APPLICATION_UI_ACTIONS.map((a) => [a, Type.Boolean()]))),
});

export const Prefill = Type.Object({
  resource: ResourceView,
  autoAnswer: Nullable(StringEnum(AUTO_ANSWERS)),
  inScope: Type.Boolean(),
  needsAgreement: Type.Boolean(),
  systems: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), scenario: Type.String() })),
  defaults: Type.Object({
    resourceCode: Type.String(),
    fields: Nullable(Type.Array(Type.String())),
    method: Nullable(Type.String()),
    validFrom: Nullable(Type.String()),
    validUntil: Nullable(Type.String()),
    consumerSystemId: Nullable(Type.String()),
    scenario: Type.String(),
  }),
  open: Type.Array(Type.Object({ id: Type.String(), state: StateSchema })),
});
