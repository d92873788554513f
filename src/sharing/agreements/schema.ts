import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { AGREEMENT_LIMITS, AGREEMENT_STATES, FILING_OFFICES, FILING_STATES, SIDES } from './model.js';

/** The agreements API contract (/api/v1/sharing/agreements…): requests, responses, OpenAPI. */

export { Problem, problems };

const Lang = Type.Optional(Type.String({ maxLength: 10 }));
const DateOrInstant = (description: string) => Type.String({ minLength: 1, maxLength: 40, description });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const State = Type.Union(
  AGREEMENT_STATES.map((s) => Type.Literal(s)),
  { description: 'draft 草拟 → signed 已签署 → filing 备案中 → filed 已备案 | returned 已退回; filed → expired 已到期 | terminated 已终止' },
);
export const Office = Type.Union(
  FILING_OFFICES.map((s) => Type.Literal(s)),
  { description: 'secrecy_bureau 市保密局 (secrecy_officer) / authority 市信息化主管部门 (authority_reviewer)' },
);
export const SideSchema = Type.Union(
  SIDES.map((s) => Type.Literal(s)),
  { description: 'provider 提供方 / consumer 使用方' },
);

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const LangQuery = Type.Object({ lang: Lang });

export const ListQuery = Type.Object({
  box: Type.Optional(
    Type.Union([Type.Literal('mine'), Type.Literal('to_file'), Type.Literal('all')], {
      default: 'mine',
      description: "mine: my unit's agreements; to_file: 待备案, awaiting my office (secrecy_officer, authority_reviewer); all: every agreement (offices, supervisors, admins)",
    }),
  ),
  state: Type.Optional(State),
  grantId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  resourceCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: AGREEMENT_LIMITS.listMax, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  lang: Lang,
});
export type ListQuery = Static<typeof ListQuery>;

export const CreateBody = Type.Object(
  {
    grantId: Type.String({ minLength: 1, maxLength: 64, description: 'A grant waiting for its agreement (pending_agreement)' }),
    applicationId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  },
  { additionalProperties: false },
);

export const TermsBody = Type.Object(
  {
    purpose: Type.Optional(Type.String({ maxLength: 2000, description: `用途 (1..${AGREEMENT_LIMITS.purposeMax} characters)` })),
    scope: Type.Optional(Type.String({ maxLength: 8000, description: `范围: data items, rows (at most ${AGREEMENT_LIMITS.scopeMax} characters)` })),
    validFrom: Type.Optional(DateOrInstant('YYYY-MM-DD (00:00 China Standard Time) or ISO 8601 with an offset')),
    validUntil: Type.Optional(DateOrInstant('YYYY-MM-DD (the end of that day, China Standard Time) or ISO 8601 with an offset; exclusive')),
    obligations: Type.Optional(Type.String({ maxLength: 40000, description: `义务条款 (at most ${AGREEMENT_LIMITS.obligationsMax} characters)` })),
  },
  { additionalProperties: false },
);

export const UploadQuery = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'File name (raw body); a multipart upload may use the part\'s filename' })),
  signedAt: Type.Optional(Type.String({ maxLength: 40, description: 'When the parties signed: YYYY-MM-DD or ISO 8601 (default: now)' })),
  lang: Lang,
});

export const ConfirmBody = Type.Object(
  {
    side: Type.Optional(SideSchema),
    comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
export const CommentBody = Type.Object({ comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) }, { additionalProperties: false });
export const AcknowledgeBody = Type.Object(
  {
    office: Type.Optional(Office),
    comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    reference: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'The office\'s filing number (备案号)' }))),
  },
  { additionalProperties: false },
);
export const ReturnBody = Type.Object(
  {
    office: Type.Optional(Office),
    reason: Type.String({ maxLength: 2000, description: 'Why the filing is returned (required)' }),
  },
  { additionalProperties: false },
);
export const TerminateBody = Type.Object({ reason: Type.String({ maxLength: 2000, description: 'Why the agreement ends (required)' }) }, { additionalProperties: false });

export const Document = Type.Object({
  sha256: Type.String({ description: 'Lowercase hex SHA-256 of the signed document' }),
  bytes: Type.Integer(),
  name: Type.String(),
  contentType: Type.String({ description: 'Detected from the content: application/pdf, application/ofd, image/jpeg, image/png' }),
  uploadedAt: Type.String(),
  uploadedBy: Type.String(),
  uploadedByUnitId: Nullable(Type.String()),
});

export const Filing = Type.Object({
  id: Type.String(),
  round: Type.Integer(),
  office: Office,
  state: Type.Union(FILING_STATES.map((s) => Type.Literal(s))),
  submittedAt: Type.String(),
  submittedBy: Type.String(),
  decidedAt: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  decidedUnitId: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  reference: Nullable(Type.String()),
});

const agreementFields = {
  id: Type.String(),
  grantId: Type.String(),
  applicationId: Nullable(Type.String()),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  providerUnitId: Type.String(),
  providerUnitName: Type.String(),
  consumerUnitId: Type.String(),
  consumerUnitName: Type.String(),
  consumerSystemId: Nullable(Type.String()),
  purpose: Type.String(),
  scope: Type.String(),
  validFrom: Type.String({ description: 'ISO-8601 UTC' }),
  validUntil: Type.String({ description: 'ISO-8601 UTC, exclusive' }),
  state: State,
  document: Nullable(Document),
  signedAt: Nullable(Type.String()),
  providerConfirmedAt: Nullable(Type.String()),
  providerConfirmedBy: Nullable(Type.String()),
  consumerConfirmedAt: Nullable(Type.String()),
  consumerConfirmedBy: Nullable(Type.String()),
  round: Type.Integer({ description: 'Submission number (0 before the first)' }),
  submittedAt: Nullable(Type.String()),
  filedAt: Nullable(Type.String()),
  returnedAt: Nullable(Type.String()),
  returnReason: Nullable(Type.String()),
  endedAt: Nullable(Type.String()),
  endReason: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};

export const AgreementSummary = Type.Object(agreementFields);
export const AgreementList = Type.Object({ items: Type.Array(AgreementSummary), total: Type.Integer() });

export const Capabilities = Type.Object(
  {
    edit: Type.Boolean(),
    upload: Type.Boolean(),
    confirm: Type.Array(SideSchema),
    submit: Type.Boolean(),
    acknowledge: Type.Array(Office, { description: 'Offices the caller may acknowledge or return for now' }),
    terminate: Type.Boolean(),
  },
  { description: 'What the caller may do now (the operations check again)' },
);

export const AgreementDetail = Type.Object({
  ...agreementFields,
  obligations: Type.String(),
  filings: Type.Array(Filing, { description: 'The two offices\' part of the current submission' }),
  can: Capabilities,
});
