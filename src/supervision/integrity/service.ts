/**
 * 第三十一条第七项 (R19, R23): unauthorized deletion or modification of the platform's
 * applications or shared databases, detected from the platform's own records. Three checks, each
 * a ComplianceRule the compliance engine runs on the sweeper (incremental) and a full run on demand:
 *
 *   c7.audit_chain     the audit log's hash chain (audit-check.ts, src/audit/verify.ts)
 *   c7.dataset_tamper  dataset rows against keyed seals of what the uploads wrote (dataset-check.ts)
 *   c7.schema_drift    the database structure against the fingerprint recorded after migrations
 *                      and the exchange's dataset registry (schema-check.ts)
 *
 * A check's findings stay open (returned by every sweep, so the violations register sees them
 * whatever happened to an earlier hand-over) until a full run no longer observes them. See
 * docs/adr/0013-dataset-integrity-seals.md.
 */
import { createHash } from 'node:crypto';
import type { SupervisionDeps } from '../deps.js';
import type { ComplianceRule, Finding, ViolationSink } from '../types.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import type { AuditService } from '../../audit/service.js';
import type { BreakReason, VerifyResult } from '../../audit/types.js';
import { verifyAuditLog } from '../../audit/verify.js';
import { allMigrations } from '../../core/db/migrate.js';
import { AppError } from '../../core/errors.js';
import { iso } from '../../core/clock.js';
import { ARTICLE_7, CHECK_IDS, CHECK_TITLES, type CheckId, type CheckStatus, type IntegrityStatus } from './model.js';
import { can } from './policy.js';
import * as store from './store.js';
import { SEAL_KEY_FILE, loadSealKey, mac, sameMac, stateMac } from './seal.js';
import { anchorsOf, currentHeads, incrementalAuditCheck, type AuditCheckState } from './audit-check.js';
import { checkDataset, datasetCodes, type AnomalyKind, type DatasetAnomaly, type DatasetCheckResult } from './dataset-check.js';
import { appliedMigrations, diffDatasets, diffFingerprints, liveSchema, tableOf, type Fingerprint, type SchemaDiff } from './schema-check.js';
import './messages.js';

/** 第三十一条第七项 detection: audit chain, direct edits of dataset rows, schema changes outside migrations. */
export interface IntegrityService {
  /** The 第七项 rules, registered with the compliance engine by platform.ts. */
  rules(): ComplianceRule[];
  /**
   * Records the schema fingerprint again when migrations were applied since it was recorded
   * (platform.ts calls it after migrateToLatest; the schema check also calls it lazily).
   */
  afterMigrations(): Promise<void>;
  /** The last verification of each check (integrity.read); audited. */
  status(by: SharingActor): Promise<IntegrityStatus>;
  /** Runs every check in full now (integrity.verify); audited; findings go to the violations register when it is wired. */
  verify(by: SharingActor): Promise<IntegrityStatus>;
  /** One check now, without authorization (the rules, the CLI, tests): its open findings after the run. */
  run(id: CheckId, mode: 'sweep' | 'full'): Promise<Finding[]>;
}

/** Older audit events re-verified per sweep and chain (on top of everything appended since the last sweep). */
export const AUDIT_SLICE = 50_000;
/** Dataset rows whose values a sweep compares with their seals, shared by all datasets. */
export const DATASET_SLICE = 50_000;
const MIN_DATASET_SLICE = 1_000;
/** At most this many findings per check and run (a wholesale rewrite is reported by its first ones). */
const MAX_FINDINGS = 50;

const REASONS: Record<BreakReason, { zh: string; en: string }> = {
  hash_mismatch: { zh: '内容被修改', en: 'altered' },
  missing: { zh: '被删除', en: 'deleted' },
  inserted: { zh: '被插入', en: 'inserted' },
  reordered: { zh: '顺序被调换', en: 'reordered' },
  bad_checkpoint_signature: { zh: '检查点签名无效', en: 'checkpoint signature invalid' },
  checkpoint_mismatch: { zh: '与签名检查点不符', en: 'does not match its signed checkpoint' },
  truncated: { zh: '日志被截断', en: 'truncated' },
};

const KINDS: Record<AnomalyKind, { zh: string; en: string }> = {
  modified: { zh: '行的内容被直接修改', en: 'rows modified in place' },
  deleted: { zh: '行被直接删除', en: 'rows deleted' },
  inserted: { zh: '行不是由任何上传批次写入', en: 'rows written outside any upload batch' },
  unsealed: { zh: '行的封印记录缺失', en: 'rows whose seal is missing' },
  seq_rewritten: { zh: '行的变更序号被改写', en: 'rows whose change sequence was rewritten' },
  beyond_head: { zh: '行的变更序号超出登记的最大序号', en: 'rows beyond the recorded change sequence' },
  count_mismatch: { zh: '有效行数与登记的行数不符', en: 'live rows differ from the recorded row count' },
  mark_tampered: { zh: '封印进度记录被改写', en: 'seal mark rewritten' },
  table_missing: { zh: '数据表缺失', en: 'table missing' },
};

const CHANGES: Record<SchemaDiff['change'], { zh: string; en: string }> = {
  added: { zh: '新增', en: 'added' },
  removed: { zh: '删除', en: 'removed' },
  changed: { zh: '修改', en: 'changed' },
};

const INTERVALS: Record<CheckId, number> = { 'c7.audit_chain': 300, 'c7.dataset_tamper': 600, 'c7.schema_drift': 900 };

const digest = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 12);

interface SchemaState {
  fingerprint?: Fingerprint;
  migrations?: string[];
  recordedAt?: string;
  mac?: string;
}

export function createIntegrityService(deps: SupervisionDeps & { violations?: ViolationSink }): IntegrityService {
  const { db, clock, config, audit, catalog } = deps;
  const k = db.kysely;
  let sealKey: Buffer | null = null;
  const key = () => (sealKey ??= loadSealKey(config.dataDir));
  const now = () => iso(clock.now());
  const auditActor = (by: SharingActor) => ({ actorType: by.actorType, actorId: by.actorId, actorName: by.actorName, unitId: by.unitId, clientIp: by.clientIp, requestId: by.requestId });

  // One run per check at a time in this process (a sweep and an on-demand run share the state row).
  const locks = new Map<CheckId, Promise<unknown>>();
  function serialized<T>(id: CheckId, f: () => Promise<T>): Promise<T> {
    const prev = locks.get(id) ?? Promise.resolve();
    const next = prev.then(f, f);
    locks.set(id, next.catch(() => undefined));
    return next;
  }

  const providers = new Map<string, string | null>();
  async function providerOf(code: string): Promise<string | null> {
    if (!providers.has(code)) {
      const r = await catalog.published(code).catch(() => null);
      providers.set(code, r?.providerUnitId ?? null);
    }
    return providers.get(code) ?? null;
  }

  async function loadRow(id: CheckId): Promise<store.CheckRow> {
    return (
      (await store.getCheck(k, id)) ?? {
        check_id: id,
        last_run_at: null,
        mode: null,
        ok: null,
        checked: 0,
        duration_ms: 0,
        scope: '{}',
        open_findings: '[]',
        last_full_at: null,
        state: '{}',
        updated_at: now(),
      }
    );
  }

  const mergeOpen = (prev: Finding[], next: Finding[]): Finding[] => {
    const seen = new Set(next.map((f) => f.dedupeKey));
    return [...next, ...prev.filter((f) => !seen.has(f.dedupeKey))].slice(0, MAX_FINDINGS);
  };

  // ---- c7.audit_chain

  async function fullAuditVerify(): Promise<VerifyResult> {
    const a = audit as Partial<AuditService>;
    if (typeof a.verify === 'function') return a.verify.call(audit);
    return verifyAuditLog(db, { chain: config.nodeId });
  }

  function auditFindings(result: VerifyResult, observedAt: string): Finding[] {
    const firstPerChain = new Map<string, VerifyResult['breaks'][number]>();
    for (const b of result.breaks) if (!firstPerChain.has(b.chain) || b.seq < firstPerChain.get(b.chain)!.seq) firstPerChain.set(b.chain, b);
    return [...firstPerChain.values()].map((b) => {
      const r = REASONS[b.reason] ?? { zh: b.reason, en: b.reason };
      const n = result.breaks.filter((x) => x.chain === b.chain).length;
      return {
        ruleId: 'c7.audit_chain',
        category: 7,
        unitId: null,
        dedupeKey: `c7:audit:${b.chain}:${b.seq}:${b.reason}`,
        title: `审计日志在数据库中被直接改动：${b.chain} 链第 ${b.seq} 条${r.zh}`,
        titleEn: `Audit log changed directly in the database: chain ${b.chain}, event ${b.seq} ${r.en}`,
        evidence: { chain: b.chain, firstBadSeq: b.seq, reason: b.reason, detail: b.detail, breaks: n + (result.omittedBreaks || 0), checkedEvents: result.checkedEvents },
        subject: { type: 'audit_chain', id: b.chain },
        observedAt,
      } satisfies Finding;
    });
  }

  async function runAudit(mode: 'sweep' | 'full'): Promise<{ open: Finding[]; checked: number; scope: Record<string, unknown>; state: AuditCheckState }> {
    const row = await loadRow('c7.audit_chain');
    const prevOpen = JSON.parse(row.open_findings) as Finding[];
    const prevState = { anchors: {}, slice: {}, ...(JSON.parse(row.state) as Partial<AuditCheckState>) } as AuditCheckState;
    const at = now();
    if (mode === 'sweep') {
      // A chain already reported broken is not re-verified slice by slice (each sweep would find the same break).
      const inc = await incrementalAuditCheck(db, prevState, prevOpen.length ? 0 : AUDIT_SLICE);
      if (!inc.problem) return { open: prevOpen, checked: inc.checked, scope: { ...inc.scope, incremental: true }, state: inc.state };
      const full = await fullAuditVerify();
      const found = auditFindings(full, at);
      const anchors = full.ok ? anchorsOf(full) : await currentHeads(db);
      return {
        open: mergeOpen(prevOpen, found),
        checked: inc.checked + full.checkedEvents,
        scope: { incremental: true, escalated: true, trigger: inc.problem, events: full.checkedEvents, chains: full.chains.map((c) => ({ chain: c.chain, events: c.events, lastSeq: c.lastSeq })) },
        state: { anchors, slice: inc.state.slice },
      };
    }
    const full = await fullAuditVerify();
    const found = auditFindings(full, at);
    return {
      open: found,
      checked: full.checkedEvents,
      scope: { events: full.checkedEvents, checkpoints: full.checkedCheckpoints, algorithm: full.algorithm, breaks: full.breaks.length + full.omittedBreaks, chains: full.chains.map((c) => ({ chain: c.chain, events: c.events, lastSeq: c.lastSeq })) },
      state: { anchors: full.ok ? anchorsOf(full) : await currentHeads(db), slice: prevState.slice },
    };
  }

  // ---- c7.dataset_tamper

  async function datasetFindings(r: DatasetCheckResult, a: DatasetAnomaly, observedAt: string): Promise<Finding> {
    const kind = KINDS[a.kind];
    const what = a.kind === 'count_mismatch' ? `（登记 ${String(a.detail?.recorded)}，实际 ${String(a.detail?.found)}）` : a.kind === 'mark_tampered' || a.kind === 'table_missing' ? '' : ` ${a.count} 行`;
    return {
      ruleId: 'c7.dataset_tamper',
      category: 7,
      unitId: await providerOf(r.code),
      dedupeKey: `c7:ds:${r.code}:${a.kind}:${digest([a.keys, a.seqs, a.kind === 'count_mismatch' ? a.detail : null])}`,
      title: `共享数据集被绕过上传直接改动：资源 ${r.code}，${kind.zh}${what}`,
      titleEn: `Dataset changed outside uploads: resource ${r.code}, ${kind.en}${a.count > 1 ? ` (${a.count})` : ''}`,
      evidence: { resourceCode: r.code, table: r.table, kind: a.kind, count: a.count, keys: a.keys, seqs: a.seqs, ...(a.hashes ? { hashes: a.hashes } : {}), ...(a.detail ?? {}), sealedSeq: r.sealedSeq },
      subject: { type: 'resource', id: r.code },
      observedAt,
    };
  }

  async function runDatasets(mode: 'sweep' | 'full'): Promise<{ open: Finding[]; checked: number; scope: Record<string, unknown>; state: Record<string, unknown> }> {
    const row = await loadRow('c7.dataset_tamper');
    const prevOpen = JSON.parse(row.open_findings) as Finding[];
    // Every node must seal with the same secret: a node with another key would call every row modified.
    const keyId = mac(key(), ['key-id/1']).slice(0, 16);
    const recordedKey = (JSON.parse(row.state) as { keyId?: string }).keyId;
    if (recordedKey && recordedKey !== keyId) throw new AppError(503, 'integrity_key_mismatch', 'supervision.integrity.key_mismatch', { file: SEAL_KEY_FILE });
    const at = now();
    const codes = await datasetCodes(db);
    const budget = Math.max(MIN_DATASET_SLICE, Math.floor(DATASET_SLICE / Math.max(1, codes.length)));
    const found: Finding[] = [];
    const perDataset: Record<string, unknown>[] = [];
    let checked = 0;
    let sealed = 0;
    for (const code of codes) {
      const r = await checkDataset({ db, key: key(), now }, code, { full: mode === 'full', budget });
      if (!r) continue;
      checked += r.verified;
      sealed += r.sealed;
      perDataset.push({ code, table: r.table, rows: r.rows, sealed: r.sealed, verified: r.verified, sealedSeq: r.sealedSeq, anomalies: r.anomalies.map((a) => a.kind), ...(r.inconclusive ? { inconclusive: true } : {}) });
      for (const a of r.anomalies) if (found.length < MAX_FINDINGS) found.push(await datasetFindings(r, a, at));
    }
    return {
      open: mode === 'full' ? found : mergeOpen(prevOpen, found),
      checked,
      scope: { datasets: codes.length, rowsVerified: checked, rowsSealed: sealed, sliceRows: mode === 'full' ? null : budget, items: perDataset.slice(0, 200) },
      state: { keyId },
    };
  }

  // ---- c7.schema_drift

  async function readSchemaState(): Promise<{ row: store.CheckRow; state: SchemaState; trusted: boolean }> {
    const row = await loadRow('c7.schema_drift');
    const state = JSON.parse(row.state) as SchemaState;
    const trusted = !state.fingerprint || (!!state.mac && sameMac(state.mac, stateMac(key(), 'c7.schema_drift', { fingerprint: state.fingerprint, migrations: state.migrations })));
    return { row, state, trusted };
  }

  /** Whether the applied migrations moved on legitimately since `recorded`: only grew, and only by migrations this code ships. */
  function legitimateMigrations(recorded: string[], applied: string[]): boolean {
    const known = new Set(Object.keys(allMigrations(db.dialect)));
    const have = new Set(applied);
    return applied.every((m) => known.has(m)) && recorded.every((m) => have.has(m));
  }

  async function record(row: store.CheckRow, fingerprint: Fingerprint, migrations: string[]): Promise<SchemaState> {
    const state: SchemaState = { fingerprint, migrations, recordedAt: now() };
    state.mac = stateMac(key(), 'c7.schema_drift', { fingerprint, migrations });
    await store.saveCheck(k, { ...row, state: JSON.stringify(state), updated_at: now() });
    return state;
  }

  /** Re-records the fingerprint when the migrations moved on legitimately (or none was recorded). Returns the state to compare with. */
  async function syncFingerprint(): Promise<{ state: SchemaState; trusted: boolean; migrationProblem: string[] | null }> {
    const { row, state, trusted } = await readSchemaState();
    const applied = await appliedMigrations(db);
    if (!state.fingerprint) return { state: await record(row, (await liveSchema(db)).platform, applied), trusted: true, migrationProblem: null };
    if (!trusted) return { state, trusted, migrationProblem: null };
    const recorded = state.migrations ?? [];
    if (recorded.length === applied.length && recorded.every((m, i) => m === applied[i])) return { state, trusted, migrationProblem: null };
    if (legitimateMigrations(recorded, applied)) return { state: await record(row, (await liveSchema(db)).platform, applied), trusted: true, migrationProblem: null };
    const known = new Set(Object.keys(allMigrations(db.dialect)));
    const have = new Set(applied);
    return { state, trusted, migrationProblem: [...applied.filter((m) => !known.has(m)), ...recorded.filter((m) => !have.has(m))] };
  }

  async function runSchema(): Promise<{ open: Finding[]; checked: number; scope: Record<string, unknown>; state: SchemaState }> {
    const { state, trusted, migrationProblem } = await syncFingerprint();
    const at = now();
    const live = await liveSchema(db);
    const diffs: SchemaDiff[] = [];
    if (!trusted) diffs.push({ object: 'integrity:schema_fingerprint', change: 'changed', expected: 'MAC', found: 'MAC mismatch' });
    if (migrationProblem) diffs.push({ object: 'table:schema_migration', change: 'changed', expected: null, found: migrationProblem.slice(0, 5).join(', ') });
    diffs.push(...diffFingerprints(state.fingerprint ?? {}, live.platform), ...(await diffDatasets(db, live)));
    const open = diffs.slice(0, MAX_FINDINGS).map((d): Finding => {
      const c = CHANGES[d.change];
      return {
        ruleId: 'c7.schema_drift',
        category: 7,
        unitId: null,
        dedupeKey: `c7:schema:${d.object}:${d.change}:${digest([d.expected, d.found])}`,
        title: `数据库结构在迁移之外被改动：${c.zh} ${d.object}`,
        titleEn: `Database structure changed outside migrations: ${d.object} ${c.en}`,
        evidence: { object: d.object, change: d.change, table: tableOf(d.object), expected: d.expected, found: d.found, recordedAt: state.recordedAt ?? null },
        subject: { type: 'schema', id: d.object },
        observedAt: at,
      };
    });
    const objects = Object.keys(live.platform).length + live.datasets.size;
    return { open, checked: objects, scope: { objects: Object.keys(live.platform).length, datasetTables: live.datasets.size, differences: diffs.length, recordedAt: state.recordedAt ?? null, migrations: state.migrations?.length ?? 0 }, state };
  }

  // ---- running and reporting

  async function run(id: CheckId, mode: 'sweep' | 'full'): Promise<Finding[]> {
    return serialized(id, async () => {
      const started = performance.now();
      const r = id === 'c7.audit_chain' ? await runAudit(mode) : id === 'c7.dataset_tamper' ? await runDatasets(mode) : await runSchema();
      const row = await loadRow(id);
      const at = now();
      await store.saveCheck(k, {
        ...row,
        last_run_at: at,
        mode,
        ok: r.open.length ? 0 : 1,
        checked: r.checked,
        duration_ms: Math.round(performance.now() - started),
        scope: JSON.stringify(r.scope),
        open_findings: JSON.stringify(r.open),
        last_full_at: mode === 'full' ? at : row.last_full_at,
        // The schema check keeps its own state (recorded in syncFingerprint).
        state: id === 'c7.schema_drift' ? row.state : JSON.stringify(r.state),
        updated_at: at,
      });
      return r.open;
    });
  }

  function present(row: store.CheckRow | undefined, id: CheckId): CheckStatus {
    return {
      id,
      article: ARTICLE_7,
      title: CHECK_TITLES[id],
      lastRunAt: row?.last_run_at ?? null,
      mode: (row?.mode as CheckStatus['mode']) ?? null,
      lastFullAt: row?.last_full_at ?? null,
      ok: row?.ok === null || row?.ok === undefined || !row.last_run_at ? null : Number(row.ok) === 1,
      checked: Number(row?.checked ?? 0),
      durationMs: Number(row?.duration_ms ?? 0),
      scope: row ? (JSON.parse(row.scope) as Record<string, unknown>) : {},
      findings: row ? (JSON.parse(row.open_findings) as Finding[]) : [],
    };
  }

  async function snapshot(): Promise<IntegrityStatus> {
    const rows = await store.listChecks(k);
    const checks = CHECK_IDS.map((id) => present(rows.find((r) => r.check_id === id), id));
    return { checks, ok: checks.every((c) => c.ok === true) };
  }

  return {
    rules(): ComplianceRule[] {
      return CHECK_IDS.map((id) => ({
        id,
        category: 7,
        article: ARTICLE_7,
        title: CHECK_TITLES[id],
        intervalSeconds: INTERVALS[id],
        run: () => run(id, 'sweep'),
      }));
    },

    async afterMigrations() {
      await serialized('c7.schema_drift', () => syncFingerprint());
    },

    async status(by) {
      if (!can(by, 'integrity.read')) throw new AppError(403, 'forbidden', 'supervision.integrity.forbidden');
      const s = await snapshot();
      await audit.append({
        ...auditActor(by),
        action: 'supervision.integrity.read',
        targetType: 'integrity',
        targetId: null,
        result: 'success',
        detail: { findings: s.checks.reduce((n, c) => n + c.findings.length, 0) },
      });
      return s;
    },

    async verify(by) {
      if (!can(by, 'integrity.verify')) throw new AppError(403, 'forbidden', 'supervision.integrity.verify_forbidden');
      const findings: Finding[] = [];
      for (const id of CHECK_IDS) findings.push(...(await run(id, 'full')));
      let raised: { created: number; existing: number } | null = null;
      if (deps.violations && findings.length) raised = await deps.violations.raiseCandidates(findings);
      const s = await snapshot();
      await audit.append({
        ...auditActor(by),
        action: 'supervision.integrity.verify',
        targetType: 'integrity',
        targetId: null,
        result: 'success',
        detail: {
          checks: s.checks.map((c) => ({ id: c.id, ok: c.ok, checked: c.checked, findings: c.findings.length })),
          ...(raised ? { candidates: raised } : {}),
          findings: findings.slice(0, 10).map((f) => ({ ruleId: f.ruleId, dedupeKey: f.dedupeKey })),
        },
      });
      return s;
    },

    run,
  };
}
