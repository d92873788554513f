import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ROLES, type Role } from '../core/actor.js';
import { TOKEN_MAX_DAYS, TOKEN_SCOPES, UNIT_FUNCTIONS, UNIT_KINDS, type TokenScope, type UnitFunction, type UnitKind } from './model.js';

/** The org API contract (docs/api: Auth, Units, Users, Application systems, API tokens). */

/** One `enum` keyword (not anyOf of consts) so a bad value gives one clear field error. */
const StringEnum = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

/** Null first: Ajv's type coercion must not turn a null into "" by trying the string branch first. */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Time = Type.String({ description: 'ISO-8601 UTC timestamp' });
const RoleSchema = StringEnum<Role>(ROLES, { description: 'platform_admin 平台管理员 | authority_reviewer 主管部门审核员 | unit_steward 单位数据管理员 | unit_user 单位用户 | supervisor 监察人员 | secrecy_officer 保密局人员 | leader 领导小组成员 | auditor 审计员' });
const KindSchema = StringEnum<UnitKind>(UNIT_KINDS, { description: 'city_department 市直部门 | district 区 | town 镇 | management_committee 管委会 | affiliated 直属单位' });
const FunctionSchema = StringEnum<UnitFunction>(UNIT_FUNCTIONS, {
  description: 'it_authority 信息化主管部门 | information_center 信息中心 | supervision 监察部门 | secrecy_bureau 保密局 | leadership_group 领导小组 | archives_bureau 档案局',
});
const ScopeSchema = StringEnum<TokenScope>(TOKEN_SCOPES);
const Limit = Type.Integer({ minimum: 1, maximum: 500, default: 50 });
const Offset = Type.Integer({ minimum: 0, default: 0 });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() }))),
    lockedUntil: Type.Optional(Type.String({ description: 'account_locked only: when the lock ends' })),
  },
  { description: 'RFC 9457 problem details' },
);

/** Problem responses for the given statuses (OpenAPI + serialisation). */
export function problems(...statuses: number[]): Record<number, typeof Problem> {
  return Object.fromEntries(statuses.map((s) => [s, Problem]));
}

export const IdParams = Type.Object({ id: Id });

// ---- people

export const Person = Type.Object({ name: Type.String(), title: Type.String(), phone: Type.String(), email: Type.String() }, { description: '主管领导 / responsible person' });
export const PersonInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    title: Type.Optional(Type.String({ maxLength: 100 })),
    phone: Type.Optional(Type.String({ maxLength: 32 })),
    email: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export const Contact = Type.Object({ name: Type.String(), duty: Type.String(), phone: Type.String(), email: Type.String() }, { description: '共享工作联系人 / sharing workflow contact' });
export const ContactInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    duty: Type.Optional(Type.String({ maxLength: 200 })),
    phone: Type.Optional(Type.String({ maxLength: 32 })),
    email: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

// ---- units

export const Unit = Type.Object({
  id: Type.String(),
  code: Type.String({ description: '统一社会信用代码 (GB 32100-2015)' }),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  kind: KindSchema,
  parentId: Nullable(Type.String()),
  parentName: Nullable(Type.String()),
  functions: Type.Array(FunctionSchema),
  responsiblePerson: Nullable(Person),
  contacts: Type.Array(Contact),
  createdAt: Time,
  updatedAt: Time,
});

export const UnitListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Matches name, short name or code' })),
  kind: Type.Optional(KindSchema),
  parentId: Type.Optional(Id),
  function: Type.Optional(FunctionSchema),
  limit: Type.Optional(Limit),
  offset: Type.Optional(Offset),
});

const unitFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  shortName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  kind: KindSchema,
  parentId: Type.Optional(Nullable(Id)),
  functions: Type.Optional(Type.Array(FunctionSchema, { maxItems: UNIT_FUNCTIONS.length })),
  responsiblePerson: Type.Optional(Nullable(PersonInput)),
  contacts: Type.Optional(Type.Array(ContactInput, { maxItems: 50 })),
};

export const UnitCreateBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 64, description: '统一社会信用代码: 18 characters, check character validated' }), ...unitFields },
  { additionalProperties: false },
);
export type UnitCreateBody = Static<typeof UnitCreateBody>;

export const UnitPatchBody = Type.Object(
  { ...unitFields, name: Type.Optional(unitFields.name), kind: Type.Optional(KindSchema) },
  { additionalProperties: false },
);
export type UnitPatchBody = Static<typeof UnitPatchBody>;

// ---- users

export const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  unitId: Nullable(Type.String({ description: 'Null only for a platform administrator without a unit' })),
  unitName: Nullable(Type.String()),
  roles: Type.Array(RoleSchema),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  disabled: Type.Boolean(),
  lockedUntil: Nullable(Time),
  lastLoginAt: Nullable(Time),
  createdAt: Time,
  updatedAt: Time,
});

export const UserListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Matches username or display name' })),
  unitId: Type.Optional(Id),
  role: Type.Optional(RoleSchema),
  limit: Type.Optional(Limit),
  offset: Type.Optional(Offset),
});

const Password = Type.String({ minLength: 1, maxLength: 256 });

export const UserCreateBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64, description: '3–32 of a-z 0-9 _ . -' }),
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    unitId: Nullable(Id),
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length }),
    password: Password,
    phone: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
);
export type UserCreateBody = Static<typeof UserCreateBody>;

export const UserPatchBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    unitId: Type.Optional(Id),
    roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length })),
    disabled: Type.Optional(Type.Boolean()),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
);
export type UserPatchBody = Static<typeof UserPatchBody>;

export const ResetPasswordBody = Type.Object({ password: Password }, { additionalProperties: false });

// ---- auth

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Password },
  { additionalProperties: false },
);

export const Me = Type.Object({
  kind: StringEnum(['user', 'token'] as const),
  id: Type.String(),
  username: Type.String({ description: 'The username, or the token name for an application system' }),
  displayName: Type.String(),
  unitId: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  roles: Type.Array(RoleSchema),
  systemId: Type.Optional(Type.String()),
  scopes: Type.Array(Type.String()),
  csrfToken: Type.Optional(Type.String({ description: 'Cookie sessions only: send it as X-CSRF-Token on unsafe requests' })),
});

export const LoginResponse = Type.Object({
  token: Type.String({ description: 'Bearer credential of this session' }),
  csrfToken: Type.String(),
  expiresAt: Time,
  user: Me,
});

export const ChangePasswordBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);

// ---- application systems

export const AppSystem = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  unitName: Nullable(Type.String()),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  scenario: Type.String({ description: '应用场景 (第二十二条)' }),
  disabled: Type.Boolean(),
  createdAt: Time,
  updatedAt: Time,
});

export const SystemListQuery = Type.Object({ unitId: Type.Optional(Id), limit: Type.Optional(Limit), offset: Type.Optional(Offset) });

export const SystemCreateBody = Type.Object(
  {
    unitId: Id,
    code: Type.String({ minLength: 1, maxLength: 64, description: 'Unique within the unit: letters, digits, _ . -' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    scenario: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type SystemCreateBody = Static<typeof SystemCreateBody>;

export const SystemPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    scenario: Type.Optional(Type.String({ maxLength: 2000 })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SystemPatchBody = Static<typeof SystemPatchBody>;

// ---- API tokens

export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  systemId: Type.String(),
  systemName: Nullable(Type.String()),
  unitId: Type.String(),
  prefix: Type.String({ description: 'The 8 characters after gst_, to tell tokens apart' }),
  scopes: Type.Array(ScopeSchema),
  expiresAt: Time,
  revokedAt: Nullable(Time),
  lastUsedAt: Nullable(Time),
  createdAt: Time,
  createdBy: Nullable(Type.String()),
});

export const TokenListQuery = Type.Object({ unitId: Type.Optional(Id), systemId: Type.Optional(Id), limit: Type.Optional(Limit), offset: Type.Optional(Offset) });

export const TokenCreateBody = Type.Object(
  {
    systemId: Id,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(ScopeSchema, { minItems: 1, maxItems: TOKEN_SCOPES.length }),
    expiresInDays: Type.Integer({ minimum: 1, maximum: TOKEN_MAX_DAYS }),
  },
  { additionalProperties: false },
);
export type TokenCreateBody = Static<typeof TokenCreateBody>;

export const TokenCreated = Type.Object({
  token: ApiToken,
  secret: Type.String({ description: 'The full bearer string gst_<prefix>_<secret>; shown once, stored only as a hash' }),
});

export const listOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });
