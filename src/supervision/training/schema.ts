import { Type, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { TOPIC_KINDS, TRAINING_LIMITS } from './model.js';

/** The training API contract (/api/v1/supervision/training…): requests, responses, OpenAPI. */

export { Problem, problems };

const StringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
// The value's own type first: with coerceTypes, a null branch first would turn false and '' into null.
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Time = Type.String({ description: 'ISO-8601 UTC timestamp' });
const Topic = StringEnum(TOPIC_KINDS, 'business 业务 | security 安全 | both 业务和安全');
const Half = Type.String({ pattern: '^\\d{4}H[12]$', description: 'Half-year in China Standard Time: 2026H1 = Jan–Jun, 2026H2 = Jul–Dec' });

export const IdParams = Type.Object({ id: Id });
export const AttendanceParams = Type.Object({ id: Id, attendanceId: Id });

const sessionFields = {
  title: Type.String({ maxLength: TRAINING_LIMITS.titleMax }),
  startsAt: Type.String({ maxLength: 40, description: 'ISO-8601 with an offset (e.g. 2026-06-30T23:30:00+08:00), or a CST day YYYY-MM-DD (09:00 CST)' }),
  topic: Topic,
  organizerUnitId: Id,
  location: Type.Optional(Nullable(Type.String({ maxLength: TRAINING_LIMITS.textMax }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: TRAINING_LIMITS.descriptionMax }))),
  trainer: Type.Optional(Nullable(Type.String({ maxLength: TRAINING_LIMITS.textMax }))),
  hours: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100 }))),
};

export const SessionBody = Type.Object(sessionFields, { additionalProperties: false });
export const SessionPatch = Type.Partial(Type.Object(sessionFields), { additionalProperties: false });

const AttendanceEntry = Type.Object(
  {
    unitId: Id,
    userId: Type.Optional(Nullable(Id)),
    name: Type.Optional(Nullable(Type.String({ maxLength: TRAINING_LIMITS.nameMax, description: 'A person without an account (synthetic in demos)' }))),
    post: Type.Optional(Nullable(Type.String({ maxLength: TRAINING_LIMITS.postMax }))),
    sharingStaff: Type.Optional(Nullable(Type.Boolean({ description: 'Named persons: whether sharing staff (default true). Users: from their roles.' }))),
    attended: Type.Optional(Nullable(Type.Boolean({ description: 'Default true' }))),
    result: Type.Optional(Nullable(Type.String({ maxLength: TRAINING_LIMITS.resultMax }))),
    certificate: Type.Optional(Nullable(Type.String({ maxLength: TRAINING_LIMITS.textMax }))),
  },
  { additionalProperties: false },
);

export const AttendanceBody = Type.Object({ entries: Type.Array(AttendanceEntry, { minItems: 1, maxItems: TRAINING_LIMITS.bulkMax }) }, { additionalProperties: false });
export const UnitStaffBody = Type.Object({ unitId: Id, attended: Type.Optional(Nullable(Type.Boolean())) }, { additionalProperties: false });
export const CsvBody = Type.Object({ csv: Type.String({ maxLength: 1_000_000, description: 'Header: unitCode,username,name,post,attended,result,certificate (or 单位代码,用户名,姓名,岗位,是否参训,成绩,证书)' }) }, { additionalProperties: false });
export const AttendancePatch = Type.Object(
  {
    attended: Type.Optional(Nullable(Type.Boolean())),
    sharingStaff: Type.Optional(Nullable(Type.Boolean())),
    result: Type.Optional(Nullable(Type.String({ maxLength: TRAINING_LIMITS.resultMax }))),
    certificate: Type.Optional(Nullable(Type.String({ maxLength: TRAINING_LIMITS.textMax }))),
    post: Type.Optional(Nullable(Type.String({ maxLength: TRAINING_LIMITS.postMax, description: '岗位 / the person\'s post' }))),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    half: Type.Optional(Half),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2099 })),
    topic: Type.Optional(Topic),
    unitId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: TRAINING_LIMITS.listMax, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export const NoContent = Type.Null({ description: 'No content' });
export const CoverageQuery = Type.Object({ half: Half }, { additionalProperties: false });

export const Session = Type.Object({
  id: Id,
  title: Type.String(),
  startsAt: Time,
  day: Type.String({ description: 'CST day' }),
  half: Type.String(),
  topic: Topic,
  organizerUnitId: Id,
  organizerUnitName: Nullable(Type.String()),
  location: Nullable(Type.String()),
  description: Nullable(Type.String()),
  trainer: Nullable(Type.String()),
  hours: Nullable(Type.Number()),
  attended: Type.Integer({ description: 'Attended (a steward: the own unit only)' }),
  recorded: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Time,
  updatedAt: Time,
});

export const Attendance = Type.Object({
  id: Id,
  sessionId: Id,
  unitId: Id,
  unitName: Nullable(Type.String()),
  userId: Nullable(Id),
  username: Nullable(Type.String()),
  name: Type.String(),
  post: Nullable(Type.String()),
  sharingStaff: Type.Boolean(),
  attended: Type.Boolean(),
  result: Nullable(Type.String()),
  certificate: Nullable(Type.String()),
  recordedBy: Type.String(),
  recordedAt: Time,
  updatedAt: Time,
});

export const SessionDetail = Type.Composite([
  Session,
  Type.Object({ attendance: Type.Array(Attendance), actions: Type.Array(StringEnum(['manage'] as const)) }),
]);
export const SessionList = Type.Object({ items: Type.Array(Session), total: Type.Integer() });

export const Coverage = Type.Object({
  half: Type.String(),
  from: Time,
  to: Time,
  units: Type.Array(
    Type.Object({
      unitId: Id,
      unitName: Type.String(),
      unitKind: Type.String(),
      staffAccounts: Type.Integer({ description: 'Enabled accounts with role unit_steward or unit_user' }),
      trainedStaff: Type.Integer({ description: 'Distinct sharing staff who attended a session in the half-year' }),
      sessions: Type.Integer(),
      absences: Type.Integer(),
      untrained: Type.Boolean({ description: 'No trained sharing staff in the half-year (第二十三条)' }),
    }),
  ),
  totals: Type.Object({ units: Type.Integer(), untrainedUnits: Type.Integer(), trainedStaff: Type.Integer(), sessions: Type.Integer() }),
});
