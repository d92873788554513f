import { Type } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { REPORT_ACTIONS, REPORT_LIMITS, REPORT_STATES, TEXT_SECTION_KEYS } from './model.js';

/** The annual report API contract (/api/v1/evaluation/reports…). */
export { Problem, problems };

const StringEnum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Nullable = <T extends import('@sinclair/typebox').TSchema>(s: T) => Type.Union([Type.Null(), s]);
const Time = Type.String({ description: 'ISO-8601 UTC timestamp' });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const ListQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })) });
export const DraftBody = Type.Object({ year: Type.Integer({ description: 'The year reported on (before the current year)' }) }, { additionalProperties: false });
export const EditBody = Type.Object(
  {
    sections: Type.Array(
      Type.Object({ key: Type.String({ maxLength: 32, description: TEXT_SECTION_KEYS.join(' | ') }), text: Type.String({ maxLength: REPORT_LIMITS.textMax }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: TEXT_SECTION_KEYS.length },
    ),
    baseVersion: Type.Optional(Type.Integer({ minimum: 1, description: 'The version edited; 409 when the report moved on meanwhile' })),
    comment: Type.Optional(Nullable(Type.String({ maxLength: REPORT_LIMITS.commentMax }))),
  },
  { additionalProperties: false },
);
export const CommentBody = Type.Object({ comment: Type.Optional(Nullable(Type.String({ maxLength: REPORT_LIMITS.commentMax }))) }, { additionalProperties: false });
export const ExportQuery = Type.Object({
  format: Type.String({ description: 'pdf | xlsx' }),
  lang: Type.Optional(Type.String({ description: 'zh-CN (default) | en' })),
});

const Summary = {
  id: Type.String(),
  year: Type.Integer(),
  state: StringEnum(REPORT_STATES, 'drafted 已起草 | sent 已报送 | received 已签收'),
  title: Type.String(),
  version: Type.Integer(),
  draftedAt: Time,
  draftedBy: Type.String(),
  updatedAt: Time,
  sentAt: Nullable(Time),
  sentBy: Nullable(Type.String()),
  receivedAt: Nullable(Time),
  receivedBy: Nullable(Type.String()),
};
export const ReportSummary = Type.Object(Summary);
export const ReportList = Type.Object({ items: Type.Array(ReportSummary), total: Type.Integer() });
const TextSection = Type.Object({ key: Type.String(), title: Type.String(), text: Type.String() });
export const Report = Type.Object({
  ...Summary,
  data: Type.Unknown({ description: 'The figures computed from the platform\'s records (totals, monthly usage, top resources and consumers, applications (第二十二条), handling, objections, violations, training, plans, evaluation); parts whose source is not available are null and listed in data.unavailable' }),
  sections: Type.Array(TextSection),
  actions: Type.Array(StringEnum(REPORT_ACTIONS)),
});
export const Versions = Type.Object({
  items: Type.Array(Type.Object({ version: Type.Integer(), sections: Type.Array(TextSection), editedAt: Time, editedBy: Type.String(), comment: Nullable(Type.String()) })),
});
export const FileBody = Type.String({ description: 'The file (application/pdf or XLSX)', format: 'binary' });
