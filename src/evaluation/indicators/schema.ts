import { Type, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { FORMULAS, GRADES, RUN_STATES } from './model.js';

/** The annual evaluation API contract (/api/v1/evaluation/…): requests, responses, OpenAPI. */
export { Problem, problems };

const StringEnum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Nullable = <T extends TSchema>(s: T) => Type.Union([Type.Null(), s]);

export const IndicatorSetting = Type.Object({
  weight: Type.Integer({ minimum: 0, maximum: 100, description: 'Points out of 100; all weights sum to 100' }),
  formula: StringEnum(FORMULAS, 'ratio_to_best | ratio | inverse_ratio | inverse_ratio_to_best | threshold | deduction (docs/adr/0014-evaluation.md)'),
  target: Type.Optional(Type.Number({ description: 'threshold: full points at value ≥ target' })),
  points: Type.Optional(Type.Number({ description: 'deduction: points off per unit of the value' })),
  cap: Type.Optional(Type.Number({ description: 'deduction: at most this many points off' })),
});

export const Settings = Type.Object({
  indicators: Type.Record(Type.String(), IndicatorSetting),
  bands: Type.Object({ excellent: Type.Number(), good: Type.Number(), pass: Type.Number() }, { description: 'Lower bounds of 优秀 / 良好 / 合格' }),
  excludedFunctions: Type.Optional(Type.Array(Type.String(), { maxItems: 10, description: 'Units with one of these functions (leadership_group, it_authority, information_center, supervision, secrecy_bureau, archives_bureau) are not evaluated; default ["leadership_group"]' })),
});

export const SettingsView = Type.Object({
  version: Type.Integer({ description: '0 = the built-in defaults' }),
  settings: Settings,
  updatedAt: Nullable(Type.String()),
  updatedBy: Nullable(Type.String()),
});

export const RunSummary = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  version: Type.Integer(),
  state: StringEnum(RUN_STATES, 'draft 草稿 | published 已发布 | superseded 已被新版本取代'),
  settingsVersion: Type.Integer(),
  periodFrom: Type.String(),
  periodTo: Type.String(),
  computedAt: Type.String(),
  createdBy: Type.String(),
  publishedAt: Nullable(Type.String()),
  publishedBy: Nullable(Type.String()),
  units: Type.Integer(),
});

export const UnitResult = Type.Object({
  unitId: Type.String(),
  unitName: Type.String(),
  total: Type.Number(),
  rank: Type.Integer(),
  grade: StringEnum(GRADES, 'excellent 优秀 | good 良好 | pass 合格 | fail 不合格'),
  indicators: Type.Record(Type.String(), Type.Object({ value: Nullable(Type.Number()), exact: Nullable(Type.String({ description: 'The exact value, e.g. 1/3' })), score: Type.Number() })),
});

const Best = Type.Record(Type.String(), Nullable(Type.Number()));

export const RunDetail = Type.Intersect([RunSummary, Type.Object({ settings: Settings, results: Type.Array(UnitResult), best: Best })]);
export const RunList = Type.Object({ items: Type.Array(RunSummary) });

export const UnitBreakdown = Type.Object({
  run: RunSummary,
  result: UnitResult,
  settings: Settings,
  best: Best,
  evidence: Type.Record(Type.String(), Type.Unknown(), { description: 'Per indicator: the records the value was computed from' }),
});

export const RunBody = Type.Object({
  year: Type.Integer({ description: 'The evaluated year' }),
  publish: Type.Optional(Type.Boolean({ description: 'Publish at once' })),
});
export const YearQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) });
export const RunParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const UnitParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), unitId: Type.String({ minLength: 1, maxLength: 64 }) });
export const ExportQuery = Type.Object({ format: StringEnum(['xlsx', 'pdf'] as const), lang: Type.Optional(StringEnum(['zh-CN', 'en'] as const)) });
