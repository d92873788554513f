import type { UnitFunction } from '../../org/model.js';

/**
 * The annual evaluation's model (年度评估, 第二十八条): indicators, normalisation formulas,
 * settings, and the exact scoring arithmetic (docs/adr/0014-evaluation.md).
 *
 * Arithmetic: raw values are exact fractions of integers (bigint). Each indicator score is
 * rounded once, half up, to hundredths of a point ("cents", 0–10000); the total is
 * Σ weight × cents / 100 rounded half up to hundredths once more. Nothing else is rounded,
 * so a hand computation with the same two rounding points reproduces every figure exactly.
 */

export const INDICATORS = [
  'shared_resources',
  'data_items',
  'records_available',
  'non_shared_share',
  'update_timeliness',
  'update_delay',
  'usage_calls',
  'usage_rows',
  'usage_consumers',
  'usage_systems',
  'subscriptions',
  'downloads',
  'responsiveness',
  'quality',
  'compliance',
  'training',
] as const;
export type Indicator = (typeof INDICATORS)[number];

/** The groups the portal shows indicators under. */
export const INDICATOR_GROUPS: Record<Indicator, 'amount' | 'timeliness' | 'usage' | 'responsiveness' | 'quality' | 'compliance' | 'training'> = {
  shared_resources: 'amount',
  data_items: 'amount',
  records_available: 'amount',
  non_shared_share: 'amount',
  update_timeliness: 'timeliness',
  update_delay: 'timeliness',
  usage_calls: 'usage',
  usage_rows: 'usage',
  usage_consumers: 'usage',
  usage_systems: 'usage',
  subscriptions: 'usage',
  downloads: 'usage',
  responsiveness: 'responsiveness',
  quality: 'quality',
  compliance: 'compliance',
  training: 'training',
};

export const FORMULAS = ['ratio_to_best', 'ratio', 'inverse_ratio', 'inverse_ratio_to_best', 'threshold', 'deduction'] as const;
export type Formula = (typeof FORMULAS)[number];

export interface IndicatorSetting {
  /** Integer points out of 100; the weights of all indicators sum to 100. */
  weight: number;
  formula: Formula;
  /** threshold: full points at value ≥ target. */
  target?: number;
  /** deduction: points off per unit of the value. */
  points?: number;
  /** deduction: at most this many points off (≤ 100). */
  cap?: number;
}

export const GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export type Grade = (typeof GRADES)[number];

export interface EvaluationSettings {
  indicators: Record<Indicator, IndicatorSetting>;
  /** Lower bounds (inclusive) of 优秀 / 良好 / 合格; below pass: 不合格. */
  bands: { excellent: number; good: number; pass: number };
  /**
   * Units with one of these functions (src/org/model.ts UNIT_FUNCTIONS) are not evaluated: the
   * leadership group coordinates and decides, it neither holds nor uses government data. Absent in
   * settings saved before this option existed: the default applies.
   */
  excludedFunctions?: UnitFunction[];
}

/** The defaults (version 0): see docs/adr/0014-evaluation.md for why. */
export const DEFAULT_SETTINGS: EvaluationSettings = {
  indicators: {
    shared_resources: { weight: 10, formula: 'ratio_to_best' },
    data_items: { weight: 5, formula: 'ratio_to_best' },
    records_available: { weight: 5, formula: 'ratio_to_best' },
    non_shared_share: { weight: 5, formula: 'inverse_ratio' },
    update_timeliness: { weight: 10, formula: 'ratio' },
    update_delay: { weight: 5, formula: 'deduction', points: 5, cap: 100 },
    usage_calls: { weight: 10, formula: 'ratio_to_best' },
    usage_rows: { weight: 5, formula: 'ratio_to_best' },
    usage_consumers: { weight: 5, formula: 'ratio_to_best' },
    usage_systems: { weight: 5, formula: 'ratio_to_best' },
    subscriptions: { weight: 5, formula: 'ratio_to_best' },
    downloads: { weight: 5, formula: 'ratio_to_best' },
    responsiveness: { weight: 10, formula: 'ratio' },
    quality: { weight: 5, formula: 'deduction', points: 20, cap: 100 },
    compliance: { weight: 5, formula: 'deduction', points: 25, cap: 100 },
    training: { weight: 5, formula: 'threshold', target: 2 },
  },
  bands: { excellent: 90, good: 75, pass: 60 },
  excludedFunctions: ['leadership_group'],
};

/** An exact non-negative rational n/d (d > 0). */
export interface Frac {
  n: bigint;
  d: bigint;
}
export const frac = (n: number | bigint, d: number | bigint = 1n): Frac => ({ n: BigInt(n), d: BigInt(d) });
/** A decimal setting (e.g. 2.5 points) as an exact fraction (up to 4 decimals). */
export const decimalFrac = (v: number): Frac => frac(Math.round(v * 10000), 10000);

const cmp = (a: Frac, b: Frac): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
/** n/d rounded half up (n, d ≥ 0). */
const roundHalfUp = (n: bigint, d: bigint): bigint => (2n * n + d) / (2n * d);
const clampCents = (c: bigint): number => Number(c < 0n ? 0n : c > 10000n ? 10000n : c);

/** The best value among units for ratio_to_best (max) and inverse_ratio_to_best (min); null values are ignored. */
export function bestOf(formula: Formula, values: (Frac | null)[]): Frac | null {
  let best: Frac | null = null;
  for (const v of values) {
    if (!v) continue;
    if (!best) best = v;
    else if (formula === 'inverse_ratio_to_best' ? cmp(v, best) < 0 : cmp(v, best) > 0) best = v;
  }
  return best;
}

/**
 * An indicator's score in hundredths of a point (0–10000), rounded half up once.
 * A null value means "no case to judge" (no update cycle due, no task due): full points.
 * ratio_to_best with a best of 0: nobody earned anything, 0 for all.
 */
export function scoreCents(s: IndicatorSetting, value: Frac | null, best: Frac | null): number {
  if (value === null) return 10000;
  switch (s.formula) {
    case 'ratio_to_best':
      if (!best || best.n === 0n) return 0;
      // (v / best) × 10000 = vn·bd·10000 / (vd·bn)
      return clampCents(roundHalfUp(value.n * best.d * 10000n, value.d * best.n));
    case 'inverse_ratio_to_best':
      if (value.n === 0n) return 10000;
      if (!best || best.n === 0n) return 0;
      return clampCents(roundHalfUp(best.n * value.d * 10000n, best.d * value.n));
    case 'ratio':
      return clampCents(roundHalfUp(value.n * 10000n, value.d));
    case 'inverse_ratio':
      if (value.n >= value.d) return 0;
      return clampCents(roundHalfUp((value.d - value.n) * 10000n, value.d));
    case 'threshold': {
      const target = decimalFrac(s.target ?? 1);
      return cmp(value, target) >= 0 ? 10000 : 0;
    }
    case 'deduction': {
      const p = decimalFrac(s.points ?? 0);
      // points off = value × points, in hundredths, capped
      const off = roundHalfUp(value.n * p.n * 100n, value.d * p.d);
      const cap = BigInt(Math.round((s.cap ?? 100) * 100));
      return clampCents(10000n - (off > cap ? cap : off));
    }
    default:
      return 0;
  }
}

/** Σ weight × cents / 100, rounded half up to hundredths (weights sum to 100, so 0–10000). */
export function totalCents(weightsAndCents: { weight: number; cents: number }[]): number {
  const sum = weightsAndCents.reduce((s, x) => s + BigInt(x.weight) * BigInt(x.cents), 0n);
  return clampCents(roundHalfUp(sum, 100n));
}

export function gradeOf(cents: number, bands: EvaluationSettings['bands']): Grade {
  if (cents >= Math.round(bands.excellent * 100)) return 'excellent';
  if (cents >= Math.round(bands.good * 100)) return 'good';
  if (cents >= Math.round(bands.pass * 100)) return 'pass';
  return 'fail';
}

/** A fraction as a decimal number for display (4 decimals). */
export const fracToNumber = (f: Frac | null): number | null => (f ? Number(roundHalfUp(f.n * 10000n, f.d)) / 10000 : null);
export const fracToString = (f: Frac | null): string | null => (f ? (f.d === 1n ? String(f.n) : `${f.n}/${f.d}`) : null);

export const RUN_STATES = ['draft', 'published', 'superseded'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** One unit's line in a run. */
export interface UnitResult {
  unitId: string;
  unitName: string;
  /** Total in points with two decimals (e.g. 87.35). */
  total: number;
  /** 1 = best; equal totals share a rank (1, 1, 3). */
  rank: number;
  grade: Grade;
  indicators: Record<Indicator, { value: number | null; exact: string | null; score: number }>;
}

export interface RunSummary {
  id: string;
  year: number;
  version: number;
  /** superseded: published, but a later version of the same year was published after it. */
  state: RunState;
  settingsVersion: number;
  periodFrom: string;
  periodTo: string;
  computedAt: string;
  createdBy: string;
  publishedAt: string | null;
  publishedBy: string | null;
  units: number;
}

export interface RunDetail extends RunSummary {
  settings: EvaluationSettings;
  results: UnitResult[];
  /** The best values the ratio_to_best / inverse_ratio_to_best indicators compared against. */
  best: Partial<Record<Indicator, number | null>>;
}

export interface UnitBreakdown {
  run: RunSummary;
  result: UnitResult;
  settings: EvaluationSettings;
  best: Partial<Record<Indicator, number | null>>;
  /** Per indicator: the records the value was computed from. */
  evidence: Partial<Record<Indicator, unknown>>;
}

export interface SettingsView {
  version: number;
  settings: EvaluationSettings;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Indicator names (exports; the portal has its own in i18n). */
export const INDICATOR_LABELS: Record<Indicator, { zh: string; en: string }> = {
  shared_resources: { zh: '共享资源数', en: 'Shared resources' },
  data_items: { zh: '共享信息项数', en: 'Shared data items' },
  records_available: { zh: '可共享记录数', en: 'Records available' },
  non_shared_share: { zh: '非共享资源占比', en: 'Share of non-shared resources' },
  update_timeliness: { zh: '按时更新率', en: 'Updates on time' },
  update_delay: { zh: '平均更新延迟（工作日）', en: 'Mean update delay (working days)' },
  usage_calls: { zh: '被调用次数', en: 'Calls served' },
  usage_rows: { zh: '提供记录数', en: 'Records served' },
  usage_consumers: { zh: '使用单位数', en: 'Consuming units' },
  usage_systems: { zh: '使用系统数', en: 'Consuming systems' },
  subscriptions: { zh: '订阅数', en: 'Subscriptions' },
  downloads: { zh: '文件下载次数', en: 'File downloads' },
  responsiveness: { zh: '按时办理率', en: 'Answered on time' },
  quality: { zh: '异议成立数', en: 'Upheld objections' },
  compliance: { zh: '违规确认数', en: 'Confirmed violations' },
  training: { zh: '参训人数', en: 'People trained' },
};
export const GRADE_LABELS: Record<Grade, { zh: string; en: string }> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  good: { zh: '良好', en: 'Good' },
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
};
