import { Type, type Static } from '@sinclair/typebox';

/** The audit API's contract (TypeBox): request and response shapes of /api/v1/audit/*. */

const Text = (description: string, maxLength = 200) => Type.Optional(Type.String({ maxLength, description }));
const Result = Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]);

export const FilterProperties = {
  actor: Text('Actor: user name or token name, or the actor id (exact)'),
  unitId: Text('Unit id of the actor'),
  action: Text('Action prefix, e.g. "org.unit" matches org.unit.create and org.unit.update'),
  targetType: Text('Target type, e.g. "unit"'),
  targetId: Text('Target id', 500),
  result: Type.Optional(Result),
  from: Text('Earliest time (inclusive), ISO-8601', 40),
  to: Text('Latest time (exclusive), ISO-8601', 40),
  lang: Text('Message language: zh-CN (default) or en', 10),
};

export const EventsQuery = Type.Object(
  {
    ...FilterProperties,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Page size (default 50, at most 500)' })),
    cursor: Text('nextCursor of the previous page', 500),
  },
  { additionalProperties: false },
);
export type EventsQuery = Static<typeof EventsQuery>;

export const ExportQuery = Type.Object(FilterProperties, { additionalProperties: false });
export type ExportQuery = Static<typeof ExportQuery>;

export const EventParams = Type.Object({ seq: Type.Integer({ minimum: 1, description: 'Sequence number within the chain' }) });
export const EventQuery = Type.Object(
  { chain: Text('Chain (server node id); default: this node'), lang: Text('Message language', 10) },
  { additionalProperties: false },
);

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);

export const AuditEventSchema = Type.Object(
  {
    seq: Type.Integer(),
    chain: Type.String(),
    time: Type.String({ description: 'ISO-8601 UTC' }),
    actorType: Type.String({ description: 'user | token | system | anonymous | cli' }),
    actorId: Nullable(Type.String()),
    actorName: Type.String(),
    unitId: Nullable(Type.String()),
    action: Type.String(),
    targetType: Nullable(Type.String()),
    targetId: Nullable(Type.String()),
    result: Type.String({ description: 'success | failure | denied' }),
    purpose: Nullable(Type.String()),
    grantId: Nullable(Type.String()),
    clientIp: Nullable(Type.String()),
    requestId: Nullable(Type.String()),
    detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    prevHash: Type.String(),
    hash: Type.String(),
  },
  { description: 'One event of the tamper-evident audit log' },
);

export const EventsPage = Type.Object({
  items: Type.Array(AuditEventSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next (older) page; null on the last page' }),
});

export const BreakReason = Type.Union([
  Type.Literal('hash_mismatch'),
  Type.Literal('missing'),
  Type.Literal('inserted'),
  Type.Literal('reordered'),
  Type.Literal('bad_checkpoint_signature'),
  Type.Literal('checkpoint_mismatch'),
  Type.Literal('truncated'),
]);

export const VerifyResultSchema = Type.Object({
  ok: Type.Boolean({ description: 'True only when no break was found' }),
  checkedEvents: Type.Integer(),
  checkedCheckpoints: Type.Integer(),
  lastSeq: Type.Integer({ description: "Last seq of this node's chain" }),
  headHash: Type.String({ description: 'Hash at the head of this node\'s chain (64 zeros when empty)' }),
  algorithm: Type.String({ description: 'Hash algorithm of the chain: sm3 or sha256' }),
  signature: Type.Union([Type.String(), Type.Null()], { description: 'Signature algorithm of the newest checkpoint: sm2 or ecdsa-p256' }),
  breaks: Type.Array(
    Type.Object({
      chain: Type.String(),
      seq: Type.Integer(),
      reason: BreakReason,
      detail: Type.String(),
    }),
  ),
  omittedBreaks: Type.Integer({ description: 'Breaks beyond those listed' }),
  chains: Type.Array(
    Type.Object({
      chain: Type.String(),
      events: Type.Integer(),
      checkpoints: Type.Integer(),
      lastSeq: Type.Integer(),
      headHash: Type.String(),
    }),
  ),
  durationMs: Type.Integer(),
});
