/**
 * 合规监测 (R23, 第三十一条): the rules engine. Runs each registered rule at its interval from the
 * workflow sweeper (serve only, every 60 s) and on demand, and hands the findings to the
 * violations register (which dedupes them by dedupeKey into candidates).
 *
 * Safe on several nodes: a rule runs only under its lease in supervision_rule_run, claimed with a
 * guarded update (free or expired lease; for the sweeper also "due": last start one interval
 * ago). `since` is the end of the rule's last successful run. One rule failing is recorded and
 * does not stop the others. Every run's record is written with its audit event
 * ('supervision.rules.run') in one transaction; settings changes are audited
 * ('supervision.rules.settings').
 */
import { randomUUID } from 'node:crypto';
import { AppError, invalid } from '../../core/errors.js';
import type { AuditInput } from '../../audit/types.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import type { UsageService } from '../../evaluation/types.js';
import type { SupervisionDeps } from '../deps.js';
import type { ComplianceRule, Finding, ViolationSink } from '../types.js';
import { SETTING_DEFAULTS, SETTING_KEYS, SETTING_RANGES, type ComplianceSettings, type RuleRunResult, type RuleView, type RunResult, type RunStatus } from './model.js';
import { can } from './policy.js';
import { builtinRules } from './rules.js';
import * as store from './store.js';
import './messages.js';

export * from './model.js';

/** How long a claimed rule may run before another node may take it over. */
export const LEASE_MS = 15 * 60_000;
/** Errors are stored this long at most. */
const ERROR_MAX = 1000;

/** 合规监测 (R23): runs the rules on the sweeper and on demand; findings go to the violations register. */
export interface ComplianceService {
  /** Adds rules (the engine's own and integrity/'s 第七项 rules). A rule id registered twice replaces the first. */
  register(rules: ComplianceRule[]): void;
  /** Every rule with its article, interval and last run (supervisors, the authority, administrators). */
  list(by: SharingActor): Promise<RuleView[]>;
  /** Runs every rule (or the ones named) now, ignoring intervals; audited 'supervision.rules.run'. */
  runNow(by: SharingActor, ruleIds?: string[]): Promise<RunResult>;
  /** The sweeper's hook: runs the rules that are due; returns how many ran. */
  sweep(now: Date): Promise<number>;
  /** Current thresholds (defaults merged with the stored ones; no access check: for the rules). */
  settings(): Promise<ComplianceSettings>;
  /** Thresholds as a caller may read them. */
  getSettings(by: SharingActor): Promise<ComplianceSettings>;
  /** The supervision department or the authority changes thresholds; audited 'supervision.rules.settings'. */
  updateSettings(by: SharingActor, patch: Partial<Record<keyof ComplianceSettings, unknown>>): Promise<ComplianceSettings>;
}

const SYSTEM: SharingActor = { actorType: 'system', actorId: null, actorName: 'compliance-sweeper', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };

export function createComplianceService(deps: SupervisionDeps & { violations: ViolationSink; usage: UsageService }): ComplianceService {
  const { db, audit, clock, config, workflow, violations } = deps;
  const k = db.kysely;
  const rules = new Map<string, ComplianceRule>();
  const nodeId = config.nodeId;

  const forbidden = () => new AppError(403, 'forbidden', 'supervision.rules.forbidden');

  async function settings(): Promise<ComplianceSettings> {
    const out: ComplianceSettings = { ...SETTING_DEFAULTS };
    for (const r of await store.settingRows(k)) {
      if (!(SETTING_KEYS as string[]).includes(r.key)) continue;
      try {
        (out as unknown as Record<string, unknown>)[r.key] = JSON.parse(r.value);
      } catch {
        // A damaged value keeps the default.
      }
    }
    return out;
  }

  const actorOf = (by: SharingActor) => ({ actorType: by.actorType, actorId: by.actorId, actorName: by.actorName, unitId: by.unitId, clientIp: by.clientIp, requestId: by.requestId });

  /** One rule under its lease: run, raise, record. Never throws (a failure is its result). */
  async function runOne(rule: ComplianceRule, by: SharingActor, dueCheck: boolean, collect: Finding[]): Promise<RuleRunResult> {
    const start = clock.now();
    const startIso = start.toISOString();
    const owner = `${nodeId}:${randomUUID()}`;
    await store.ensureRuns(k, [rule.id], startIso);
    const before = await store.findRun(k, rule.id);
    const dueBefore = dueCheck ? new Date(start.getTime() - rule.intervalSeconds * 1000).toISOString() : null;
    if (!(await store.claim(k, rule.id, owner, startIso, new Date(start.getTime() + LEASE_MS).toISOString(), dueBefore))) {
      return { ruleId: rule.id, status: 'busy', findings: 0, created: 0, existing: 0, error: null };
    }
    const since = before?.last_success_end ? new Date(before.last_success_end) : null;
    let result: RuleRunResult;
    try {
      const findings = await rule.run({ now: start, since });
      const raised = findings.length ? await violations.raiseCandidates(findings) : { created: 0, existing: 0 };
      collect.push(...findings);
      result = { ruleId: rule.id, status: 'ok', findings: findings.length, created: raised.created, existing: raised.existing, error: null };
    } catch (e) {
      const msg = (e instanceof Error ? e.message : String(e)).slice(0, ERROR_MAX);
      result = { ruleId: rule.id, status: 'failed', findings: 0, created: 0, existing: 0, error: msg };
    }
    const end = clock.now().toISOString();
    try {
      await audit.transact(async (trx) => {
        const mine = await store.finish(trx, rule.id, owner, end, { status: result.status as 'ok' | 'failed', findings: result.findings, created: result.created, error: result.error });
        const event: AuditInput = {
          ...actorOf(by),
          action: 'supervision.rules.run',
          targetType: 'compliance_rule',
          targetId: rule.id,
          result: result.status === 'ok' ? 'success' : 'failure',
          detail: { since: since?.toISOString() ?? null, startedAt: startIso, findings: result.findings, created: result.created, existing: result.existing, error: result.error, leaseLost: !mine },
        };
        return { value: null, events: [event] };
      });
    } catch (e) {
      result = { ...result, status: 'failed', error: (e instanceof Error ? e.message : String(e)).slice(0, ERROR_MAX) };
    }
    return result;
  }

  async function runMany(by: SharingActor, list: ComplianceRule[], dueCheck: boolean): Promise<RunResult> {
    const startedAt = clock.now().toISOString();
    const items: Finding[] = [];
    const results: RuleRunResult[] = [];
    for (const rule of list) results.push(await runOne(rule, by, dueCheck, items));
    return {
      startedAt,
      finishedAt: clock.now().toISOString(),
      rules: results,
      findings: results.reduce((n, r) => n + r.findings, 0),
      created: results.reduce((n, r) => n + r.created, 0),
      existing: results.reduce((n, r) => n + r.existing, 0),
      items,
    };
  }

  const service: ComplianceService = {
    register(list) {
      for (const r of list) rules.set(r.id, r);
    },

    async list(by) {
      if (!can(by, 'rules.list')) throw forbidden();
      const runs = new Map((await store.listRuns(k)).map((r) => [r.rule_id, r]));
      return [...rules.values()]
        .sort((a, b) => a.category - b.category || a.id.localeCompare(b.id))
        .map((r) => {
          const run = runs.get(r.id);
          return {
            id: r.id,
            category: r.category,
            article: r.article,
            title: r.title,
            intervalSeconds: r.intervalSeconds,
            reviewOnly: r.category === 4,
            lastRun: {
              startedAt: run?.last_start ?? null,
              finishedAt: run?.last_end ?? null,
              status: (run?.last_status as RunStatus | null) ?? null,
              findings: Number(run?.last_findings ?? 0),
              created: Number(run?.last_created ?? 0),
              error: run?.last_error ?? null,
              lastSuccessAt: run?.last_success_end ?? null,
            },
          };
        });
    },

    async runNow(by, ruleIds) {
      if (!can(by, 'rules.run')) throw forbidden();
      let list = [...rules.values()];
      if (ruleIds && ruleIds.length) {
        const unknown = ruleIds.filter((id) => !rules.has(id));
        if (unknown.length) {
          throw invalid(unknown.map((id) => ({ field: 'body.ruleIds', code: 'unknown_rule', messageKey: 'supervision.rules.unknown_rule', params: { id } })));
        }
        list = list.filter((r) => ruleIds.includes(r.id));
      }
      return runMany(by, list, false);
    },

    async sweep() {
      const r = await runMany(SYSTEM, [...rules.values()], true);
      return r.rules.filter((x) => x.status !== 'busy').length;
    },

    settings,

    async getSettings(by) {
      if (!can(by, 'settings.read')) throw forbidden();
      return settings();
    },

    async updateSettings(by, patch) {
      if (!can(by, 'settings.update')) throw new AppError(403, 'forbidden', 'supervision.rules.settings_forbidden');
      const issues: { field: string; code: string; messageKey: string; params?: Record<string, string | number> }[] = [];
      const body = (patch ?? {}) as Record<string, unknown>;
      const clean: Partial<Record<keyof ComplianceSettings, number | null>> = {};
      for (const [key, v] of Object.entries(body)) {
        const field = `body.${key}`;
        if (!(SETTING_KEYS as string[]).includes(key)) {
          issues.push({ field, code: 'unknown_setting', messageKey: 'supervision.rules.unknown_setting', params: { key } });
          continue;
        }
        const range = SETTING_RANGES[key as keyof ComplianceSettings];
        if (v === null) {
          if (range.nullable) clean[key as keyof ComplianceSettings] = null;
          else issues.push({ field, code: 'required', messageKey: 'supervision.rules.not_nullable' });
          continue;
        }
        if (typeof v !== 'number' || !Number.isFinite(v)) issues.push({ field, code: 'not_a_number', messageKey: 'supervision.rules.not_a_number' });
        else if (range.integer && !Number.isInteger(v)) issues.push({ field, code: 'not_integer', messageKey: 'supervision.rules.not_integer' });
        else if (v < range.min || v > range.max) issues.push({ field, code: 'out_of_range', messageKey: 'supervision.rules.out_of_range', params: { min: range.min, max: range.max } });
        else clean[key as keyof ComplianceSettings] = v;
      }
      if (!issues.length && !Object.keys(clean).length) issues.push({ field: 'body', code: 'empty_patch', messageKey: 'supervision.rules.empty_patch' });
      if (issues.length) throw invalid(issues);
      const before = await settings();
      const at = clock.now().toISOString();
      await audit.transact(async (trx) => {
        for (const [key, v] of Object.entries(clean)) await store.putSetting(trx, key, JSON.stringify(v), by.actorName, at);
        const changes = Object.fromEntries(Object.entries(clean).map(([key, v]) => [key, { from: before[key as keyof ComplianceSettings], to: v }]));
        return { value: null, events: [{ ...actorOf(by), action: 'supervision.rules.settings', targetType: 'compliance_settings', targetId: null, result: 'success', detail: { changes } }] };
      });
      return settings();
    },
  };

  service.register(builtinRules({ ...deps, settings }));
  workflow.registerSweepHook('supervision.rules', (now) => service.sweep(now));
  return service;
}
