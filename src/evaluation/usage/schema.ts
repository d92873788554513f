import { Type, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { USAGE_DIMENSIONS, USAGE_KINDS } from '../types.js';

/** The usage API contract (/api/v1/evaluation/usage): requests, responses, OpenAPI. */
export { Problem, problems };

const StringEnum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Nullable = <T extends TSchema>(s: T) => Type.Union([Type.Null(), s]);
const Day = Type.String({ description: 'YYYY-MM-DD (China Standard Time)', maxLength: 10 });

export const UsageQuery = Type.Object({
  from: Day,
  to: { ...Day, description: 'Exclusive end day, YYYY-MM-DD (China Standard Time)' },
  groupBy: Type.Optional(Type.String({ description: `Comma-separated dimensions: ${USAGE_DIMENSIONS.join(', ')}`, maxLength: 200 })),
  consumerUnit: Type.Optional(Type.String({ maxLength: 64 })),
  providerUnit: Type.Optional(Type.String({ maxLength: 64 })),
  resource: Type.Optional(Type.String({ maxLength: 64 })),
  kind: Type.Optional(StringEnum(USAGE_KINDS)),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Keep the n groups with most calls' })),
});

export const UsageTotals = Type.Object({
  from: Type.String(),
  to: Type.String(),
  groupBy: Type.Array(Type.String()),
  /** What the caller sees: everything, or only accesses involving the own unit. */
  scope: StringEnum(['all', 'own_unit'] as const),
  items: Type.Array(
    Type.Object({
      keys: Type.Record(Type.String(), Nullable(Type.String())),
      calls: Type.Integer(),
      rows: Type.Integer(),
      refused: Type.Integer(),
    }),
  ),
});
