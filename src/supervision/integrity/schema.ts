import { Type } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { CHECK_IDS } from './model.js';

export { Problem, problems };

const Time = Type.String({ description: 'ISO-8601 UTC timestamp' });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Boolean>>(s: T) => Type.Union([Type.Null(), s]);
const Free = (description: string) => Type.Object({}, { additionalProperties: true, description });

export const Finding = Type.Object(
  {
    ruleId: Type.String(),
    category: Type.Integer({ description: '第三十一条 item (7)' }),
    unitId: Type.Union([Type.Null(), Type.String()], { description: 'The providing unit of a dataset; null for the audit log and the schema' }),
    dedupeKey: Type.String(),
    title: Type.String(),
    titleEn: Type.Optional(Type.String()),
    evidence: Free('Table, keys (a few, with the count), seqs, expected vs found hashes (truncated), schema object …'),
    subject: Type.Optional(Type.Object({ type: Type.String(), id: Type.String() })),
    observedAt: Time,
    reviewOnly: Type.Optional(Type.Boolean()),
  },
  { description: 'A condition still observed (also a violation candidate)' },
);

export const CheckStatus = Type.Object({
  id: Type.Unsafe<(typeof CHECK_IDS)[number]>({ type: 'string', enum: [...CHECK_IDS] }),
  article: Type.String(),
  title: Type.Object({ zh: Type.String(), en: Type.String() }),
  lastRunAt: Nullable(Time),
  mode: Type.Union([Type.Null(), Type.Unsafe<'sweep' | 'full'>({ type: 'string', enum: ['sweep', 'full'] })], { description: 'sweep: incremental, by the sweeper; full: on demand' }),
  lastFullAt: Nullable(Time),
  ok: Type.Union([Type.Null(), Type.Boolean()], { description: 'null: never ran' }),
  checked: Type.Integer({ description: 'Events, rows or schema objects examined by the last run' }),
  durationMs: Type.Integer(),
  scope: Free('What the last run covered'),
  findings: Type.Array(Finding),
});

export const IntegrityStatus = Type.Object({
  checks: Type.Array(CheckStatus),
  ok: Type.Boolean({ description: 'Every check ran and has no open finding' }),
});
