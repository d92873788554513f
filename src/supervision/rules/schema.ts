import { Type, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../../org/schema.js';
import { RUN_STATUSES, SETTING_KEYS } from './model.js';

/** The compliance monitor's API contract (/api/v1/supervision/rules…): requests, responses, OpenAPI. */

export { Problem, problems };

const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);
const Time = Type.String({ description: 'ISO-8601 UTC timestamp' });
const RuleId = Type.String({ minLength: 1, maxLength: 64, description: "Rule id, e.g. 'c3.update_overdue'" });

export const Rule = Type.Object({
  id: RuleId,
  category: Type.Integer({ minimum: 1, maximum: 8, description: '第三十一条 项 (1 not shared in time … 7 unauthorized deletion or modification)' }),
  article: Type.String({ description: "e.g. '第三十一条第三项'" }),
  title: Type.Object({ zh: Type.String(), en: Type.String() }),
  intervalSeconds: Type.Integer({ description: 'How often the background sweeper runs it' }),
  reviewOnly: Type.Boolean({ description: '第四项: findings go to a supervisor for review, never an automatic finding' }),
  lastRun: Type.Object({
    startedAt: Nullable(Time),
    finishedAt: Nullable(Time),
    status: Nullable(Type.Unsafe<string>({ type: 'string', enum: [...RUN_STATUSES] })),
    findings: Type.Integer(),
    created: Type.Integer({ description: 'New violation candidates the last run created' }),
    error: Nullable(Type.String()),
    lastSuccessAt: Nullable(Time),
  }),
});

export const RuleList = Type.Object({ items: Type.Array(Rule) });

export const RunBody = Type.Object({
  ruleIds: Type.Optional(Type.Array(RuleId, { maxItems: 100, description: 'Rules to run; omitted or empty: every rule' })),
});

export const Finding = Type.Object({
  ruleId: Type.String(),
  category: Type.Integer(),
  unitId: Nullable(Type.String()),
  dedupeKey: Type.String(),
  title: Type.String(),
  titleEn: Type.Optional(Type.String()),
  evidence: Type.Record(Type.String(), Type.Unknown()),
  subject: Type.Optional(Type.Object({ type: Type.String(), id: Type.String() })),
  observedAt: Time,
  reviewOnly: Type.Optional(Type.Boolean()),
});

export const RunResult = Type.Object({
  startedAt: Time,
  finishedAt: Time,
  rules: Type.Array(
    Type.Object({
      ruleId: Type.String(),
      status: Type.Unsafe<string>({ type: 'string', enum: ['ok', 'failed', 'busy'], description: 'busy: another node was running it; skipped' }),
      findings: Type.Integer(),
      created: Type.Integer(),
      existing: Type.Integer(),
      error: Nullable(Type.String()),
    }),
  ),
  findings: Type.Integer(),
  created: Type.Integer(),
  existing: Type.Integer(),
  items: Type.Array(Finding, { description: `The findings (at most ${200})` }),
  truncated: Type.Boolean(),
});

const settingProps = {
  noDataWorkingDays: Nullable(Type.Number({ description: '第一项(a): working days after publication by which data must be there; null = update cycle + time limit' })),
  demandWorkingDays: Type.Number({ description: '第一项(c): working days after acceptance (not before needed-by) within which a demand must be met' }),
  requiredEmptyRatio: Type.Number({ description: '第二项(b): share of rows (0–1) with a required item empty above which a dataset is flagged' }),
  requiredEmptyMinRows: Type.Number({ description: '第二项(b): smaller datasets are not judged' }),
  volumeMultiple: Type.Number({ description: "第四项(b): multiple of the unit's trailing daily mean" }),
  volumeMinCalls: Type.Number({ description: '第四项(b): days with fewer calls are never flagged' }),
  volumeBaselineDays: Type.Number({ description: '第四项(b): days of the trailing baseline' }),
  oddHoursStart: Type.Number({ description: '第四项(c): unusual hours from (CST hour 0–23)' }),
  oddHoursEnd: Type.Number({ description: '第四项(c): unusual hours to (exclusive; may wrap past midnight)' }),
  oddHoursRows: Type.Number({ description: '第四项(c): records read by one unit in one night above which it is flagged' }),
  lookbackDays: Type.Number({ description: 'Rules reading the audit log look back this many days on their first run' }),
};
if (Object.keys(settingProps).sort().join() !== [...SETTING_KEYS].sort().join()) throw new Error('compliance settings schema out of date');

export const Settings = Type.Object(settingProps);
export const SettingsPatch = Type.Partial(Type.Object(settingProps), { additionalProperties: false, description: 'The settings to change (the others keep their values)' });
