import { cstDate, cstStartOfDay } from '../../core/calendar/dates.js';
import { randomUUID } from 'node:crypto';
import { iso } from '../../core/clock.js';
import { AppError, invalid } from '../../core/errors.js';
import { isUniqueViolation } from '../../core/db/query.js';
import type { AuditActor } from '../../audit/types.js';
import type { Role } from '../../core/actor.js';
import type { UpdateCycle } from '../../catalog/model.js';
import { UNIT_FUNCTIONS } from '../../org/model.js';
import { publishedResources, type PublishedResourceFact } from '../../catalog/stats.js';
import { commitTimes, datasetRows, subscriptionsTo } from '../../exchange/stats.js';
import { unitDeadlineTasks } from '../../sharing/workflow/stats.js';
import type { EvaluationDeps } from '../deps.js';
import {
  DEFAULT_SETTINGS,
  FORMULAS,
  INDICATORS,
  bestOf,
  frac,
  fracToNumber,
  fracToString,
  gradeOf,
  scoreCents,
  totalCents,
  type EvaluationSettings,
  type Frac,
  type Indicator,
  type RunDetail,
  type RunSummary,
  type SettingsView,
  type UnitBreakdown,
  type UnitResult,
} from './model.js';
import { canEvaluate, type EvaluationPolicyAction } from './policy.js';
import * as store from './store.js';
import './messages.js';

/** The caller of an evaluation operation: audit identity plus roles. */
export interface EvaluationActor extends AuditActor {
  kind?: 'user' | 'token' | 'system';
  roles: Role[];
}

/** 年度评估 (R20): indicators, settings, immutable runs, publication. */
export interface EvaluationService {
  /** The current settings (version 0 = the built-in defaults). */
  settings(by: EvaluationActor): Promise<SettingsView>;
  /** The authority saves new settings as a new version; existing runs keep their snapshot. Audited 'evaluation.settings.update'. */
  updateSettings(by: EvaluationActor, input: EvaluationSettings): Promise<SettingsView>;
  /** Computes the year's evaluation over the platform's records as a new draft version. Audited 'evaluation.run.create'. */
  run(by: EvaluationActor, input: { year: number; publish?: boolean }): Promise<RunDetail>;
  /** Publishes a draft (第二十八条: on the portal for every signed-in user); 409 when already published. Audited 'evaluation.run.publish'. */
  publish(by: EvaluationActor, id: string): Promise<RunDetail>;
  /** Deletes a draft; 409 on a published run. Audited 'evaluation.run.discard'. */
  discard(by: EvaluationActor, id: string): Promise<void>;
  /** Runs the caller may see (published only, unless the caller oversees evaluations), newest first. */
  list(by: EvaluationActor, q?: { year?: number }): Promise<RunSummary[]>;
  get(by: EvaluationActor, id: string): Promise<RunDetail>;
  /** The latest published run of a year (or of the latest year with one); 404 when none. */
  latestPublished(by: EvaluationActor, year?: number): Promise<RunDetail>;
  /** One unit's indicators, scores and the records behind them. */
  unitBreakdown(by: EvaluationActor, runId: string, unitId: string): Promise<UnitBreakdown>;
}

const SYSTEM_ACTOR: AuditActor & { kind: 'system'; roles: Role[]; systemId: null } = {
  actorType: 'system',
  actorId: 'evaluation',
  actorName: 'evaluation',
  unitId: null,
  clientIp: null,
  requestId: null,
  kind: 'system',
  roles: [],
  systemId: null,
};

/** 00:00 CST of a date, as an ISO-8601 UTC instant. */
const cstStart = (date: string): string => cstStartOfDay(date).toISOString();

const CYCLE_MONTHS: Partial<Record<UpdateCycle, number>> = { monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 };
const CYCLE_DAYS: Partial<Record<UpdateCycle, number>> = { realtime: 1, daily: 1, weekly: 7 };

/** The date one update cycle after `date` (the same rule as the exchange's update status, R8). */
function addCycle(date: string, cycle: UpdateCycle): string | null {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const months = CYCLE_MONTHS[cycle];
  if (months) {
    const t = new Date(Date.UTC(y, m - 1 + months, 1));
    const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
    t.setUTCDate(Math.min(d, last));
    return t.toISOString().slice(0, 10);
  }
  const days = CYCLE_DAYS[cycle];
  if (days) return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  return null;
}

interface Cycle {
  resourceCode: string;
  start: string;
  dueAt: string;
  updatedAt: string | null;
  met: boolean;
  /** Working days late (0 when met). */
  delayDays: number;
}

const SHARED = new Set(['mandatory', 'restricted']);

export function createEvaluationService(deps: EvaluationDeps): EvaluationService {
  const { db, clock, audit, calendar } = deps;
  const k = db.kysely;

  function allow(by: EvaluationActor, action: EvaluationPolicyAction, target: { unitId?: string | null } = {}): void {
    if (!canEvaluate(by, action, target)) throw new AppError(403, 'forbidden', 'evaluation.forbidden');
  }

  async function currentSettings(): Promise<SettingsView> {
    const row = await store.latestSettings(k);
    if (!row) return { version: 0, settings: DEFAULT_SETTINGS, updatedAt: null, updatedBy: null };
    return { version: Number(row.version), settings: JSON.parse(row.body) as EvaluationSettings, updatedAt: row.created_at, updatedBy: row.created_by };
  }

  function checkSettings(input: EvaluationSettings): EvaluationSettings {
    type Issue = Parameters<typeof invalid>[0][number];
    const issues: Issue[] = [];
    const out: EvaluationSettings = { indicators: {} as EvaluationSettings['indicators'], bands: { excellent: 0, good: 0, pass: 0 } };
    const given = input?.indicators ?? ({} as EvaluationSettings['indicators']);
    for (const key of Object.keys(given)) {
      if (!(INDICATORS as readonly string[]).includes(key)) issues.push({ field: `body.indicators.${key}`, code: 'unknown_indicator', messageKey: 'evaluation.settings.unknown_indicator', params: { value: key } });
    }
    let sum = 0;
    const num = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
    for (const ind of INDICATORS) {
      const s = given[ind] ?? DEFAULT_SETTINGS.indicators[ind];
      const field = `body.indicators.${ind}`;
      if (!Number.isInteger(s.weight) || s.weight < 0 || s.weight > 100) issues.push({ field: `${field}.weight`, code: 'invalid_weight', messageKey: 'evaluation.settings.weight' });
      else sum += s.weight;
      if (!(FORMULAS as readonly string[]).includes(s.formula)) issues.push({ field: `${field}.formula`, code: 'invalid_formula', messageKey: 'evaluation.settings.formula', params: { value: String(s.formula) } });
      const clean: EvaluationSettings['indicators'][Indicator] = { weight: s.weight, formula: s.formula };
      if (s.formula === 'threshold') {
        if (!num(s.target, 0.0001, 1e12)) issues.push({ field: `${field}.target`, code: 'invalid_param', messageKey: 'evaluation.settings.param', params: { name: 'target', min: 0.0001, max: 1e12 } });
        else clean.target = s.target;
      }
      if (s.formula === 'deduction') {
        if (!num(s.points, 0, 100)) issues.push({ field: `${field}.points`, code: 'invalid_param', messageKey: 'evaluation.settings.param', params: { name: 'points', min: 0, max: 100 } });
        else clean.points = s.points;
        if (!num(s.cap ?? 100, 0, 100)) issues.push({ field: `${field}.cap`, code: 'invalid_param', messageKey: 'evaluation.settings.param', params: { name: 'cap', min: 0, max: 100 } });
        else clean.cap = s.cap ?? 100;
      }
      out.indicators[ind] = clean;
    }
    if (!issues.some((i) => i.code === 'invalid_weight') && sum !== 100) issues.push({ field: 'body.indicators', code: 'weights_sum', messageKey: 'evaluation.settings.weights_sum', params: { sum } });
    const b = input?.bands;
    if (!b || !num(b.excellent, 0, 100) || !num(b.good, 0, 100) || !num(b.pass, 0, 100) || !(b.excellent > b.good && b.good > b.pass)) {
      issues.push({ field: 'body.bands', code: 'invalid_bands', messageKey: 'evaluation.settings.bands' });
    } else out.bands = { excellent: b.excellent, good: b.good, pass: b.pass };
    const ex = input?.excludedFunctions ?? DEFAULT_SETTINGS.excludedFunctions ?? [];
    if (!Array.isArray(ex) || ex.some((f) => !(UNIT_FUNCTIONS as readonly string[]).includes(f))) {
      issues.push({ field: 'body.excludedFunctions', code: 'invalid_function', messageKey: 'evaluation.settings.excluded_functions', params: { values: UNIT_FUNCTIONS.join(', ') } });
    } else out.excludedFunctions = [...new Set(ex)];
    if (issues.length) throw invalid(issues);
    return out;
  }

  /** Update cycles of one resource whose deadline falls in [from, until): met when a commit came by the deadline. */
  async function cyclesOf(r: PublishedResourceFact, commits: string[], from: string, until: string): Promise<Cycle[]> {
    const out: Cycle[] = [];
    if (r.updateCycle === 'irregular') return out;
    let start = r.publishedAt;
    for (let guard = 0; guard < 1000; guard++) {
      const cycleEnd = addCycle(cstDate(new Date(start)), r.updateCycle);
      if (!cycleEnd) return out;
      const due = iso(await calendar.deadline(new Date(`${cycleEnd}T00:00:00+08:00`), r.updateTimeLimitDays));
      if (due >= until) return out;
      const next = commits.find((c) => c > start) ?? null;
      const met = next !== null && next <= due;
      let delayDays = 0;
      if (!met) {
        const end = next !== null && next < until ? next : until;
        delayDays = Math.max(1, await calendar.workingDaysBetween(cstDate(new Date(due)), cstDate(new Date(Date.parse(end) - 1))));
      }
      if (due >= from) out.push({ resourceCode: r.code, start, dueAt: due, updatedAt: next, met, delayDays });
      // An update answers the cycle; without one, the resource stays in this (late) cycle.
      if (next === null || next >= until) return out;
      start = next;
    }
    return out;
  }

  async function compute(year: number, settings: EvaluationSettings) {
    const now = clock.now();
    const periodFrom = cstStart(`${year}-01-01`);
    const periodTo = cstStart(`${year + 1}-01-01`);
    const until = iso(now) < periodTo ? iso(now) : periodTo;
    const excluded = new Set<string>(settings.excludedFunctions ?? DEFAULT_SETTINGS.excludedFunctions ?? []);
    const unitList = (await store.units(k)).filter((u) => !u.functions.some((f) => excluded.has(f)));
    if (!unitList.length) throw new AppError(409, 'no_units', 'evaluation.run.no_units');
    const unitIds = new Set(unitList.map((u) => u.id));

    const resources = await publishedResources(k, periodTo);
    const codes = resources.map((r) => r.code);
    const rows = await datasetRows(k, codes);
    const commits = await commitTimes(k, codes, periodTo);
    const subs = await subscriptionsTo(k, codes, periodTo);
    const providerOf = new Map(resources.map((r) => [r.code, r.providerUnitId]));

    await deps.usage.catchUp();
    const uq = { from: `${year}-01-01`, to: `${year + 1}-01-01` };
    const usageByConsumer = await deps.usage.totals({ ...uq, groupBy: ['providerUnit', 'consumerUnit', 'system', 'kind'] });
    const usageByResource = await deps.usage.totals({ ...uq, groupBy: ['providerUnit', 'resource', 'consumerUnit'] });
    const tasks = await unitDeadlineTasks(k, { from: periodFrom, until });
    const objections = await deps.objections.stats(SYSTEM_ACTOR, { from: periodFrom, to: periodTo });
    const violations = await deps.violations.countsByUnit({ from: periodFrom, to: periodTo });
    const training = await deps.training.byUnit({ from: periodFrom, to: periodTo });

    const values = new Map<string, Record<Indicator, Frac | null>>();
    const evidence = new Map<string, Partial<Record<Indicator, unknown>>>();
    for (const u of unitList) {
      const mine = resources.filter((r) => r.providerUnitId === u.id);
      const shared = mine.filter((r) => SHARED.has(r.sharingType));
      const cycles: Cycle[] = [];
      for (const r of mine) cycles.push(...(await cyclesOf(r, commits.get(r.code) ?? [], periodFrom, until)));
      const late = cycles.filter((c) => !c.met);
      // Usage of the unit's resources by other units (its own use of its data is not sharing).
      const served = usageByConsumer.filter((t) => t.keys.providerUnit === u.id && t.keys.consumerUnit !== u.id);
      const calls = served.reduce((s, t) => s + t.calls, 0);
      const rowsServed = served.reduce((s, t) => s + t.rows, 0);
      const consumers = [...new Set(served.filter((t) => t.calls > 0 && t.keys.consumerUnit).map((t) => t.keys.consumerUnit!))].sort();
      const systems = [...new Set(served.filter((t) => t.calls > 0 && t.keys.system).map((t) => t.keys.system!))].sort();
      const downloads = served.filter((t) => t.keys.kind === 'download').reduce((s, t) => s + t.calls, 0);
      const perResource = new Map<string, { calls: number; rows: number; refused: number }>();
      for (const t of usageByResource) {
        if (t.keys.providerUnit !== u.id || t.keys.consumerUnit === u.id) continue;
        const e = perResource.get(t.keys.resource ?? '') ?? { calls: 0, rows: 0, refused: 0 };
        e.calls += t.calls;
        e.rows += t.rows;
        e.refused += t.refused;
        perResource.set(t.keys.resource ?? '', e);
      }
      const mySubs = subs.filter((s) => providerOf.get(s.resourceCode) === u.id && s.ownerUnitId !== u.id);
      const myTasks = tasks.filter((t) => t.unitId === u.id);
      const onTime = myTasks.filter((t) => t.onTime).length;
      const upheld = objections.byProvider.find((p) => p.unitId === u.id);
      const v = violations.find((x) => x.unitId === u.id);
      const tr = training.find((x) => x.unitId === u.id);
      const recordsAvailable = shared.reduce((s, r) => s + (rows.get(r.code) ?? 0), 0);

      values.set(u.id, {
        shared_resources: frac(shared.length),
        data_items: frac(shared.reduce((s, r) => s + r.dataItems, 0)),
        records_available: frac(recordsAvailable),
        non_shared_share: mine.length ? frac(mine.length - shared.length, mine.length) : null,
        update_timeliness: cycles.length ? frac(cycles.length - late.length, cycles.length) : null,
        update_delay: late.length ? frac(late.reduce((s, c) => s + c.delayDays, 0), late.length) : frac(0),
        usage_calls: frac(calls),
        usage_rows: frac(rowsServed),
        usage_consumers: frac(consumers.length),
        usage_systems: frac(systems.length),
        subscriptions: frac(mySubs.length),
        downloads: frac(downloads),
        responsiveness: myTasks.length ? frac(onTime, myTasks.length) : null,
        quality: frac(upheld?.upheld ?? 0),
        compliance: frac(v?.confirmed ?? 0),
        training: frac(tr?.people ?? 0),
      });
      const resourceList = mine.map((r) => ({ code: r.code, name: r.name, sharingType: r.sharingType, dataItems: r.dataItems, records: rows.get(r.code) ?? 0, updateCycle: r.updateCycle }));
      const usageList = [...perResource.entries()].map(([code, e]) => ({ resourceCode: code, ...e })).sort((a, b) => b.calls - a.calls || a.resourceCode.localeCompare(b.resourceCode));
      evidence.set(u.id, {
        shared_resources: resourceList.filter((r) => SHARED.has(r.sharingType)),
        non_shared_share: resourceList,
        update_timeliness: cycles,
        usage_calls: { byResource: usageList, consumers, systems, downloads },
        subscriptions: mySubs,
        responsiveness: myTasks,
        quality: { upheld: upheld?.upheld ?? 0, notUpheld: upheld?.notUpheld ?? 0 },
        compliance: v ?? { unitId: u.id, confirmed: 0, serious: 0, byCategory: {} },
        training: tr ?? { unitId: u.id, sessions: 0, people: 0 },
      });
    }

    // Scores, totals, ranks, grades.
    const best: Partial<Record<Indicator, Frac | null>> = {};
    for (const ind of INDICATORS) {
      const f = settings.indicators[ind].formula;
      if (f === 'ratio_to_best' || f === 'inverse_ratio_to_best') best[ind] = bestOf(f, unitList.map((u) => values.get(u.id)![ind]));
    }
    const lines = unitList.map((u) => {
      const vals = values.get(u.id)!;
      const indicators = {} as UnitResult['indicators'];
      const parts: { weight: number; cents: number }[] = [];
      for (const ind of INDICATORS) {
        const s = settings.indicators[ind];
        const cents = scoreCents(s, vals[ind], best[ind] ?? null);
        parts.push({ weight: s.weight, cents });
        indicators[ind] = { value: fracToNumber(vals[ind]), exact: fracToString(vals[ind]), score: cents / 100 };
      }
      const cents = totalCents(parts);
      return { unitId: u.id, unitName: u.name, cents, indicators };
    });
    lines.sort((a, b) => b.cents - a.cents || a.unitName.localeCompare(b.unitName) || a.unitId.localeCompare(b.unitId));
    const results: UnitResult[] = lines.map((l) => ({
      unitId: l.unitId,
      unitName: l.unitName,
      total: l.cents / 100,
      rank: lines.findIndex((x) => x.cents === l.cents) + 1,
      grade: gradeOf(l.cents, settings.bands),
      indicators: l.indicators,
    }));
    void unitIds;
    const bestOut = Object.fromEntries(Object.entries(best).map(([i, f]) => [i, fracToNumber(f ?? null)]));
    return { periodFrom, periodTo, results, best: bestOut, evidence };
  }

  async function summaryOf(row: Omit<store.RunRow, 'results' | 'settings' | 'best'>, latest?: Map<number, number>): Promise<RunSummary> {
    const lp = latest ?? (await store.latestPublishedVersions(k));
    const top = lp.get(Number(row.year));
    const state = row.state === 'published' && top !== undefined && top > Number(row.version) ? 'superseded' : row.state;
    return {
      id: row.id,
      year: Number(row.year),
      version: Number(row.version),
      state,
      settingsVersion: Number(row.settings_version),
      periodFrom: row.period_from,
      periodTo: row.period_to,
      computedAt: row.computed_at,
      createdBy: row.created_by,
      publishedAt: row.published_at,
      publishedBy: row.published_by,
      units: Number(row.unit_count),
    };
  }

  async function detailOf(row: store.RunRow): Promise<RunDetail> {
    return { ...(await summaryOf(row)), settings: JSON.parse(row.settings), results: JSON.parse(row.results), best: JSON.parse(row.best) };
  }

  async function visibleRun(by: EvaluationActor, id: string): Promise<store.RunRow> {
    allow(by, 'evaluation.read_published');
    const row = await store.findRun(k, id);
    if (!row || (row.state !== 'published' && !canEvaluate(by, 'evaluation.read_drafts'))) throw new AppError(404, 'not_found', 'evaluation.run.not_found', { id });
    return row;
  }

  const service: EvaluationService = {
    async settings(by) {
      allow(by, 'evaluation.settings_read');
      return currentSettings();
    },

    async updateSettings(by, input) {
      allow(by, 'evaluation.settings_update');
      const clean = checkSettings(input);
      const at = iso(clock.now());
      for (let attempt = 0; ; attempt++) {
        try {
          const version = await audit.transact(async (trx) => {
            const cur = await store.latestSettings(trx);
            const version = (cur ? Number(cur.version) : 0) + 1;
            await store.insertSettings(trx, { version, body: JSON.stringify(clean), created_by: by.actorName, created_at: at });
            return { value: version, events: [{ ...by, action: 'evaluation.settings.update', targetType: 'evaluation_settings', targetId: String(version), result: 'success' as const, detail: { version, settings: clean } }] };
          });
          return { version, settings: clean, updatedAt: at, updatedBy: by.actorName };
        } catch (e) {
          if (attempt < 2 && isUniqueViolation(e)) continue;
          throw e;
        }
      }
    },

    async run(by, input) {
      allow(by, 'evaluation.run');
      const max = Number(cstDate(clock.now()).slice(0, 4));
      if (!Number.isInteger(input.year) || input.year < 2000 || input.year > max) {
        throw invalid([{ field: 'body.year', code: 'invalid_year', messageKey: 'evaluation.run.invalid_year', params: { max } }]);
      }
      if (input.publish) allow(by, 'evaluation.publish');
      const { version: settingsVersion, settings } = await currentSettings();
      const c = await compute(input.year, settings);
      const id = randomUUID();
      const at = iso(clock.now());
      for (let attempt = 0; ; attempt++) {
        try {
          await audit.transact(async (trx) => {
            const version = await store.nextVersion(trx, input.year);
            await store.insertRun(
              trx,
              {
                id,
                year: input.year,
                version,
                state: 'draft',
                settings_version: settingsVersion,
                settings: JSON.stringify(settings),
                period_from: c.periodFrom,
                period_to: c.periodTo,
                computed_at: at,
                created_by: by.actorName,
                results: JSON.stringify(c.results),
                best: JSON.stringify(c.best),
                unit_count: c.results.length,
                published_at: null,
                published_by: null,
              },
              [...c.evidence.entries()].flatMap(([unitId, ev]) => Object.entries(ev).map(([indicator, records]) => ({ run_id: id, unit_id: unitId, indicator, records: JSON.stringify(records) }))),
            );
            return {
              value: version,
              events: [{ ...by, action: 'evaluation.run.create', targetType: 'evaluation_run', targetId: id, result: 'success' as const, detail: { year: input.year, version, settingsVersion, units: c.results.length } }],
            };
          });
          break;
        } catch (e) {
          if (attempt < 2 && isUniqueViolation(e)) continue;
          throw e;
        }
      }
      if (input.publish) return service.publish(by, id);
      return detailOf((await store.findRun(k, id))!);
    },

    async publish(by, id) {
      allow(by, 'evaluation.publish');
      const at = iso(clock.now());
      const ok = await audit.transact(async (trx) => {
        const row = await store.findRun(trx, id);
        if (!row) throw new AppError(404, 'not_found', 'evaluation.run.not_found', { id });
        if (row.state !== 'draft') throw new AppError(409, 'published', 'evaluation.run.published');
        if (!(await store.publish(trx, id, at, by.actorName))) throw new AppError(409, 'published', 'evaluation.run.published');
        return { value: true, events: [{ ...by, action: 'evaluation.run.publish', targetType: 'evaluation_run', targetId: id, result: 'success' as const, detail: { year: Number(row.year), version: Number(row.version) } }] };
      });
      void ok;
      return detailOf((await store.findRun(k, id))!);
    },

    async discard(by, id) {
      allow(by, 'evaluation.discard');
      await audit.transact(async (trx) => {
        const row = await store.findRun(trx, id);
        if (!row) throw new AppError(404, 'not_found', 'evaluation.run.not_found', { id });
        if (row.state !== 'draft' || !(await store.discard(trx, id))) throw new AppError(409, 'published', 'evaluation.run.published');
        return { value: undefined, events: [{ ...by, action: 'evaluation.run.discard', targetType: 'evaluation_run', targetId: id, result: 'success' as const, detail: { year: Number(row.year), version: Number(row.version) } }] };
      });
    },

    async list(by, q = {}) {
      allow(by, 'evaluation.read_published');
      const rows = await store.listRuns(k, { year: q.year, publishedOnly: !canEvaluate(by, 'evaluation.read_drafts') });
      const latest = await store.latestPublishedVersions(k);
      return Promise.all(rows.map((r) => summaryOf(r, latest)));
    },

    async get(by, id) {
      return detailOf(await visibleRun(by, id));
    },

    async latestPublished(by, year) {
      allow(by, 'evaluation.read_published');
      const rows = await store.listRuns(k, { year, publishedOnly: true });
      if (!rows.length) throw new AppError(404, 'not_found', 'evaluation.run.not_found', { id: year ? String(year) : '-' });
      return detailOf((await store.findRun(k, rows[0]!.id))!);
    },

    async unitBreakdown(by, runId, unitId) {
      allow(by, 'evaluation.unit_detail', { unitId });
      const row = await visibleRun(by, runId);
      const detail = await detailOf(row);
      const result = detail.results.find((r) => r.unitId === unitId);
      if (!result) throw new AppError(404, 'not_found', 'evaluation.unit.not_found', { id: unitId });
      const ev = await store.evidenceOf(k, runId, unitId);
      const { settings, best, results: _r, ...run } = detail;
      return { run, result, settings, best, evidence: Object.fromEntries(ev.map((e) => [e.indicator, JSON.parse(e.records)])) };
    },
  };
  return service;
}
