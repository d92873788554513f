import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { DELIVERY_STATES, SIGNATURE_ALGORITHMS, SUBSCRIPTION_STATES } from '../types.js';
import { PurposeSchema } from '../purpose.js';

/** The subscription API contract (/api/v1/data/{code}/subscriptions, /api/v1/subscriptions/…): requests, responses, OpenAPI. */

export { Problem, problems };

/** One `enum` keyword so a bad value gives one clear field error. */
const StringEnum = <T extends string>(values: readonly T[], description: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], description });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);
const Time = Type.String({ description: 'ISO-8601 UTC timestamp' });

const Algorithm = StringEnum(
  SIGNATURE_ALGORITHMS,
  'HMAC of the signature header: hmac-sha256 (SHA-256) | hmac-sm3 (国密 SM3). X-GovShare-Signature = "<algorithm>=<hex HMAC of \\"<X-GovShare-Timestamp>.<raw body>\\">", keyed with the secret',
);
const State = StringEnum(
  SUBSCRIPTION_STATES,
  'active 投递中 | paused 已暂停 | dead_letter 死信（一次投递用尽重试次数，后续不再发送，修正后重放） | stopped 已停止（删除或授权失效，保留备查）',
);
const DeliveryState = StringEnum(DELIVERY_STATES, 'pending 待投递/重试中 | delivered 已送达 | dead 已放弃（死信或订阅停止）');
const Url = Type.String({
  minLength: 1,
  maxLength: 2048,
  description: 'Receiver URL: https, or http only to a host in the platform setting webhookAllowedHosts; no user name or password in it',
});
const BatchSize = Type.Integer({ minimum: 1, maximum: 1000, description: 'Changes per delivery at most (default 100)' });

export const CodeParams = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 64, description: '资源代码, URL-encoded in the path (101%2F000001)' }),
});
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'Subscription id' }) });

export const CreateBody = Type.Object(
  {
    url: Url,
    purpose: PurposeSchema,
    algorithm: Type.Optional(Algorithm),
    batchSize: Type.Optional(BatchSize),
    from: Type.Optional(StringEnum(['now', 'start'] as const, 'now (default): changes committed from now on | start: the whole change feed from the beginning')),
  },
  { additionalProperties: false },
);
export type CreateBody = Static<typeof CreateBody>;

export const UpdateBody = Type.Object(
  {
    url: Type.Optional(Url),
    purpose: Type.Optional(PurposeSchema),
    state: Type.Optional(StringEnum(['active', 'paused'] as const, 'active 恢复投递 | paused 暂停投递 (a dead-lettered subscription resumes through replay)')),
    batchSize: Type.Optional(BatchSize),
  },
  { additionalProperties: false },
);
export type UpdateBody = Static<typeof UpdateBody>;

const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
};

export const ListQuery = Type.Object(
  {
    state: Type.Optional(State),
    all: Type.Optional(Type.Boolean({ default: false, description: "Every unit's subscriptions (platform administrator, IT authority); default: the caller's own" })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

export const ResourceListQuery = Type.Object({ state: Type.Optional(State), ...PageQuery }, { additionalProperties: false });
export type ResourceListQuery = Static<typeof ResourceListQuery>;

export const PageOnlyQuery = Type.Object(PageQuery, { additionalProperties: false });

export const Subscription = Type.Object(
  {
    id: Type.String(),
    resourceCode: Type.String(),
    ownerUnitId: Type.String({ description: 'The subscribing unit' }),
    ownerSystemId: Nullable(Type.String({ description: 'The application system whose token created it (null: created by a user)' })),
    createdBy: Type.String(),
    purpose: Type.String(),
    url: Type.String(),
    algorithm: Algorithm,
    state: State,
    stateReason: Nullable(Type.String({ description: 'Why dead-lettered or stopped: max_attempts | access_revoked | resource_not_found | not_tabular | removed | …' })),
    cursor: Type.String({ description: 'Change-feed cursor: seq of the last change delivered (decimal text)' }),
    batchSize: Type.Integer(),
    createdAt: Time,
    updatedAt: Time,
  },
  { description: '变更订阅 / a change-feed subscription delivered by webhook' },
);

export const CreatedSubscription = Type.Object(
  {
    subscription: Subscription,
    secret: Type.String({
      description:
        'Shared HMAC secret (43 characters, base64url of 32 random bytes), used as is (its UTF-8 text) as the HMAC key. Shown only in this response: store it now; it cannot be read again.',
    }),
  },
  { description: 'The new subscription and its signing secret' },
);

export const SubscriptionList = Type.Object({ items: Type.Array(Subscription), total: Type.Integer() });

export const Delivery = Type.Object(
  {
    id: Type.String({ description: 'Delivery id = X-GovShare-Delivery header; the same on every retry, so receivers can drop duplicates' }),
    subscriptionId: Type.String(),
    fromSeq: Type.Integer({ description: 'First change-feed seq of the range' }),
    toSeq: Type.Integer({ description: 'Last change-feed seq of the range (the cursor after delivery)' }),
    changeCount: Type.Integer(),
    attempts: Type.Integer(),
    state: DeliveryState,
    lastStatus: Nullable(Type.Integer({ description: "The receiver's HTTP status on the last attempt" })),
    lastError: Nullable(Type.String()),
    nextAttemptAt: Time,
    lastAttemptAt: Nullable(Time),
    createdAt: Time,
    deliveredAt: Nullable(Time),
  },
  { description: '一次投递 / one delivery (a batch of changes), retried with exponential backoff' },
);

export const DeliveryList = Type.Object({ items: Type.Array(Delivery), total: Type.Integer() });

export const PingResult = Type.Object(
  {
    ok: Type.Boolean({ description: 'The receiver answered 2xx' }),
    status: Nullable(Type.Integer()),
    error: Nullable(Type.String({ description: 'timeout | network: … | http <status>' })),
    durationMs: Type.Integer(),
    deliveryId: Type.String({ description: 'X-GovShare-Delivery of the ping' }),
  },
  { description: 'What the receiver answered to a signed {"type":"ping"} event' },
);
