/**
 * The exchange module's rules (issue 4; 第十六～十九、二十一、二十六条): datasets of published
 * tabular resources, validated all-or-nothing uploads with idempotency keys, governed online
 * query and key lookup, the change feed, overdue updates, archival packages. Routes stay thin;
 * SQL lives in store.ts / apply.ts / query.ts; who may do what lives in policy.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../core/db/database.js';
import type { Clock } from '../core/clock.js';
import { iso } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { AppError } from '../core/errors.js';
import { isUniqueViolation } from '../core/db/query.js';
import { translate } from '../core/i18n.js';
import type { AuditInput, AuditWriter } from '../audit/types.js';
import type { CatalogService } from '../catalog/service.js';
import type { CalendarService } from '../core/calendar/service.js';
import { isTabular, type Resource, type UpdateCycle } from '../catalog/model.js';
import type { SharingService } from '../sharing/service.js';
import { alterDatasetTable, createDatasetTable, planColumns, tableNameFor } from './dataset.js';
import * as store from './store.js';
import { applyRows, type ApplyCounts, type CollectedIssue } from './apply.js';
import { assertUpload, canArchive, canSeeBatches, canUpload, decideRead, overdueScope } from './policy.js';
import { QUERY_LIMITS, fetchByKey, parseChangesCursor, readChanges, runQuery } from './query.js';
import { createQuotaMeter, type QuotaMeter } from './quota.js';
import { formatFromRequest, inspectFile, readRows } from './upload/index.js';
import type {
  AccessDecision,
  Batch,
  BatchState,
  ChangePage,
  DatasetInfo,
  DatasetSchema,
  DatasetSummary,
  DecideResult,
  ExchangeAccess,
  ExchangeActor,
  ObjectionMarksSource,
  OverdueEntry,
  QuotaStatus,
  ReadMeta,
  RecordPage,
  RecordQuery,
  RecordRow,
  StagedUpload,
  UpdateStatus,
  UploadFormat,
  UploadMode,
} from './types.js';
import './messages.js';

export interface BatchRequest {
  mode?: UploadMode;
  mapping?: Record<string, string | null>;
  encoding?: 'utf-8' | 'gb18030' | 'auto';
  sheet?: string;
  dryRun?: boolean;
  idempotencyKey?: string | null;
  /** Return as soon as the batch is registered; it runs in the background. */
  async?: boolean;
}

export interface FileMeta {
  contentType?: string;
  fileName?: string;
  format?: string;
  encoding?: 'utf-8' | 'gb18030' | 'auto';
}

export interface BatchOutcome {
  batch: Batch;
  /** The batch was committed earlier with this idempotency key; nothing was done now. */
  replayed: boolean;
}

export interface ExchangeService extends ExchangeAccess {
  /** Grants' quota counts of this node: today's use, and the sync with the other nodes (quota.ts). */
  readonly quota: Pick<QuotaMeter, 'usage' | 'sync'>;
  /** Stops the quota sync and writes this node's last counts (the platform's close). */
  stop(): Promise<void>;
  /** The dataset of the latest published version (created or extended on first use). */
  dataset(code: string): Promise<DatasetSchema>;
  list(by: ExchangeActor, role: 'provider' | 'consumer'): Promise<DatasetSummary[]>;
  info(by: ExchangeActor, code: string): Promise<DatasetInfo>;
  /** The upload wizard's first step: store the file, show its columns and a suggested mapping. */
  stageUpload(by: ExchangeActor, code: string, body: Readable, meta: FileMeta): Promise<StagedUpload>;
  /** A batch from a request body (the file) or from a staged upload. */
  submitBatch(by: ExchangeActor, code: string, input: { body: Readable; meta: FileMeta } | { uploadId: string }, req: BatchRequest): Promise<BatchOutcome>;
  getBatch(by: ExchangeActor, code: string, id: string, lang?: 'zh-CN' | 'en'): Promise<Batch>;
  listBatches(by: ExchangeActor, code: string, cursor: string | null, limit: number): Promise<{ items: Batch[]; nextCursor: string | null }>;
  batchIssues(by: ExchangeActor, code: string, id: string): AsyncIterable<CollectedIssue[]>;
  /** `version`: a superseded catalog version still served (its items); default the latest published. */
  /** `meta` (optional) receives the response headers of the answer (the grant's quota, ReadMeta); likewise for getRecord and changes. */
  query(by: ExchangeActor, code: string, purpose: string, q: RecordQuery, version?: number, meta?: ReadMeta): Promise<RecordPage>;
  getRecord(by: ExchangeActor, code: string, purpose: string, key: string, version?: number, meta?: ReadMeta): Promise<RecordRow>;
  changes(by: ExchangeActor, code: string, purpose: string, after: string, limit: number, version?: number, meta?: ReadMeta): Promise<ChangePage>;
  /** Wires the objection marks (the platform does, once the sharing module exists). */
  useObjectionMarks(source: ObjectionMarksSource): void;
  /**
   * Up to `total` changes after the cursor as consecutive pages (the streaming feed). The first
   * page is read — and its errors thrown — before the iterator is returned; each page is
   * decided, quota-checked and audited before it is yielded, like `changes`.
   */
  changePages(by: ExchangeActor, code: string, purpose: string, after: string, total: number, version?: number): Promise<AsyncIterable<ChangePage>>;
  overdue(by: ExchangeActor): Promise<OverdueEntry[]>;
  /** Update status of one resource against its update cycle and time limit (R8). */
  updateStatus(resource: Resource, lastUpdateAt: string | null): Promise<UpdateStatus>;
  /** Checks the caller may export the archival package; audits it; returns what archive.ts needs. */
  archiveSource(by: ExchangeActor, code: string): Promise<{ resource: Resource; schema: DatasetSchema; rows: AsyncIterable<RecordRow[]>; tmpDir: string }>;
  /** Every live row in key order, unmasked (archives, demo, benchmarks). */
  scanRows(schema: DatasetSchema, batchSize?: number): AsyncIterable<RecordRow[]>;
  /** Marks batches this node left running as aborted; removes stale staged uploads. */
  recover(): Promise<void>;
}

export interface ExchangeDeps {
  db: Db;
  audit: AuditWriter;
  clock: Clock;
  config: Pick<Config, 'dataDir' | 'uploadMaxBytes' | 'nodeId'>;
  catalog: CatalogService;
  calendar: CalendarService;
  sharing: SharingService;
}

const RESOURCE_TTL_MS = 2000;
const STAGED_UPLOAD_TTL_MS = 24 * 3600 * 1000;
const ISSUES_IN_BATCH = 100;

const notFound = (code: string) => new AppError(404, 'not_found', 'exchange.dataset.not_found', { code });

/** Months an update cycle spans (0: days in `CYCLE_DAYS`). */
const CYCLE_MONTHS: Partial<Record<UpdateCycle, number>> = { monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 };
const CYCLE_DAYS: Partial<Record<UpdateCycle, number>> = { realtime: 1, daily: 1, weekly: 7 };

function cstDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

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

/** Counts bytes and hashes a stream on its way to disk; stops past `max`. */
function meter(max: number) {
  const hash = createHash('sha256');
  let bytes = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > max) return cb(new AppError(413, 'upload_too_large', 'exchange.upload.too_large', { max }));
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  return { t, result: () => ({ bytes, sha256: hash.digest('hex') }) };
}

function presentBatch(r: store.BatchRow, issues: { row: number; field: string | null; value: string | null; code: string; message: string }[]): Batch {
  return {
    id: r.id,
    resourceCode: r.resource_code,
    mode: r.mode as UploadMode,
    format: r.format as UploadFormat,
    state: r.state as BatchState,
    dryRun: r.dry_run === 1,
    idempotencyKey: r.idempotency_key,
    fileName: r.file_name,
    bytes: Number(r.bytes),
    sha256: r.sha256,
    rowsRead: Number(r.rows_read),
    rowsInvalid: Number(r.rows_invalid),
    inserted: Number(r.inserted),
    updated: Number(r.updated),
    unchanged: Number(r.unchanged),
    deleted: Number(r.deleted),
    issueCount: Number(r.issue_count),
    issues,
    createdBy: r.created_by,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    firstSeq: r.first_seq === null ? null : Number(r.first_seq),
    lastSeq: r.last_seq === null ? null : Number(r.last_seq),
  };
}

export function createExchangeService(deps: ExchangeDeps): ExchangeService {
  const { db, audit, clock, config, catalog, calendar, sharing } = deps;
  const k = db.kysely;
  const uploadDir = join(config.dataDir, 'uploads');
  const quota: QuotaMeter = createQuotaMeter({ clock, db, nodeId: config.nodeId });
  quota.start();
  let objectionMarks: ObjectionMarksSource | null = null;
  const listeners = new Set<(code: string, lastSeq: number) => void>();
  /** Running batches of this node: live counts for the progress resource. */
  const running = new Map<string, ApplyCounts & { state: BatchState }>();
  const resources = new Map<string, { at: number; resource: Resource | null }>();
  const schemas = new Map<string, { version: number; schema: DatasetSchema }>();
  const ensuring = new Map<string, Promise<DatasetSchema>>();
  /** Batches per resource are serialised on this node (PostgreSQL also locks the registry row). */
  const resourceLocks = new Map<string, Promise<unknown>>();

  async function publishedResource(code: string): Promise<Resource> {
    const now = Date.now();
    const hit = resources.get(code);
    let resource: Resource | null;
    if (hit && now - hit.at < RESOURCE_TTL_MS) resource = hit.resource;
    else {
      resource = await catalog.published(code);
      resources.set(code, { at: now, resource });
    }
    if (!resource) throw notFound(code);
    return resource;
  }

  async function ensureDataset(resource: Resource): Promise<DatasetSchema> {
    if (!isTabular(resource.format)) throw new AppError(409, 'not_tabular', 'exchange.dataset.not_tabular', { code: resource.code });
    if (resource.metadataOnly) throw new AppError(409, 'data_not_served', 'exchange.dataset.not_served', { code: resource.code });
    if (!resource.dataItems.some((i) => i.isKey)) throw new AppError(409, 'no_key', 'exchange.dataset.no_key', { code: resource.code });
    const cached = schemas.get(resource.code);
    if (cached && cached.version === resource.version) return cached.schema;
    const row = await store.findDataset(k, resource.code);
    if (row && row.version === resource.version) {
      const schema = store.toSchema(row, resource.dataItems);
      schemas.set(resource.code, { version: resource.version, schema });
      return schema;
    }
    // One creation per resource at a time in this process; other nodes wait on the advisory lock.
    const key = `${resource.code}\u0000${resource.version}`;
    const inFlight = ensuring.get(key);
    if (inFlight) return inFlight;
    const p = createOrExtend(resource).finally(() => ensuring.delete(key));
    ensuring.set(key, p);
    return p;
  }

  async function createOrExtend(resource: Resource): Promise<DatasetSchema> {
    // Create, or extend for a newer version, in one transaction (DDL is transactional on both).
    const schema = await audit.transact(async (trx) => {
      if (db.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('exchange_dataset'), hashtext(${resource.code}))`.execute(trx);
      const current = await store.lockDataset(trx, resource.code, db.dialect);
      const now = iso(clock.now());
      const events: AuditInput[] = [];
      const system = { actorType: 'system' as const, actorId: null, actorName: 'exchange', unitId: null, clientIp: null, requestId: null };
      if (!current) {
        const table = tableNameFor(resource.code);
        const plan = planColumns(db.dialect, resource.dataItems, {});
        await createDatasetTable(trx, db.dialect, table, Object.values(plan.columns));
        const r: store.DatasetRow = {
          resource_code: resource.code,
          table_name: table,
          version: resource.version,
          columns: JSON.stringify(Object.values(plan.columns)),
          key_items: JSON.stringify(resource.dataItems.filter((i) => i.isKey).map((i) => i.code)),
          last_seq: 0,
          row_count: 0,
          last_update_at: null,
          last_batch_id: null,
          created_at: now,
          updated_at: now,
        };
        await store.insertDataset(trx, r);
        events.push({ ...system, action: 'data.dataset.create', targetType: 'dataset', targetId: resource.code, result: 'success', detail: { version: resource.version, table } });
        return { value: store.toSchema(r, resource.dataItems), events };
      }
      if (current.version >= resource.version) return { value: store.toSchema(current, resource.dataItems), events };
      const existing = store.toSchema(current, resource.dataItems).columns;
      const plan = planColumns(db.dialect, resource.dataItems, existing);
      if (plan.conflicts.length) {
        const c = plan.conflicts[0]!;
        throw new AppError(409, 'dataset_schema_conflict', 'exchange.dataset.schema_conflict', { item: c.code, from: c.from, to: c.to });
      }
      await alterDatasetTable(trx, current.table_name, plan);
      const keyItems = resource.dataItems.filter((i) => i.isKey).map((i) => i.code);
      if (JSON.stringify(keyItems) !== current.key_items) {
        throw new AppError(409, 'dataset_schema_conflict', 'exchange.dataset.key_changed', { code: resource.code });
      }
      await store.updateDataset(trx, resource.code, { version: resource.version, columns: JSON.stringify(Object.values(plan.columns)), updated_at: now });
      events.push({
        ...system,
        action: 'data.dataset.extend',
        targetType: 'dataset',
        targetId: resource.code,
        result: 'success',
        detail: { from: current.version, to: resource.version, added: plan.added.map((c) => c.code) },
      });
      const next = { ...current, version: resource.version, columns: JSON.stringify(Object.values(plan.columns)) };
      return { value: store.toSchema(next, resource.dataItems), events };
    });
    schemas.set(resource.code, { version: resource.version, schema });
    return schema;
  }

  /** The schema with fresh head values (lastSeq, rowCount, lastUpdateAt). */
  async function freshSchema(resource: Resource): Promise<DatasetSchema> {
    const schema = await ensureDataset(resource);
    const row = await store.findDataset(k, resource.code);
    return row ? { ...schema, lastSeq: Number(row.last_seq), rowCount: Number(row.row_count), lastUpdateAt: row.last_update_at } : schema;
  }

  /** Superseded versions a consumer pinned: their data items, read from the same table. */
  const versionSchemas = new Map<string, { at: number; resource: Resource }>();

  /**
   * The resource as version `version` describes it: the latest published by default, or a
   * superseded version still served (not withdrawn) — its items, its sharing terms.
   */
  async function servedVersion(code: string, version: number | undefined): Promise<{ latest: Resource; served: Resource }> {
    const latest = await publishedResource(code);
    if (version === undefined || version === latest.version) return { latest, served: latest };
    const key = `${code}\u0000${version}`;
    const hit = versionSchemas.get(key);
    if (hit && Date.now() - hit.at < RESOURCE_TTL_MS) return { latest, served: hit.resource };
    const notServed = new AppError(404, 'version_not_served', 'exchange.dataset.version_not_served', { code, version });
    if (version > latest.version || version < 1) throw notServed;
    let r: Resource;
    try {
      r = await catalog.getResource(systemCatalogActor, code, version);
    } catch (e) {
      if (e instanceof AppError && e.status === 404) throw notServed;
      throw e;
    }
    if (r.state !== 'superseded') throw notServed;
    versionSchemas.set(key, { at: Date.now(), resource: r });
    return { latest, served: r };
  }

  async function decide(by: ExchangeActor, code: string, opts: { version?: number; fresh?: boolean } = {}): Promise<DecideResult> {
    const { latest, served } = await servedVersion(code, opts.version);
    const grants = by.unitId ? await sharing.grantsFor(by.unitId, code) : [];
    const decision = decideRead(by, served, grants, clock.now());
    let schema = isTabular(latest.format) ? await (opts.fresh ? freshSchema(latest) : ensureDataset(latest)) : null;
    if (schema && served !== latest) {
      if (served.dataItems.some((i) => !schema!.columns[i.code])) throw new AppError(404, 'version_not_served', 'exchange.dataset.version_not_served', { code, version: served.version });
      schema = { ...schema, items: served.dataItems, version: served.version };
    }
    return { schema, resource: served, decision };
  }

  function readEvent(by: ExchangeActor, action: string, code: string, purpose: string, decision: AccessDecision, detail: Record<string, unknown>): AuditInput {
    return {
      actorType: by.actorType,
      actorId: by.actorId,
      actorName: by.actorName,
      unitId: by.unitId,
      clientIp: by.clientIp,
      requestId: by.requestId,
      action,
      targetType: 'dataset',
      targetId: code,
      result: 'success',
      purpose,
      grantId: decision.grantId,
      detail: { basis: decision.basis, ...detail },
    };
  }

  /** The decision of a read of records or changes: 409 when not tabular, 429 when the grant's quota is spent. */
  async function tabularAccess(by: ExchangeActor, code: string, version?: number) {
    const r = await decide(by, code, { version });
    if (!r.schema) throw new AppError(409, 'not_tabular', 'exchange.dataset.not_tabular', { code });
    // Usually synchronous: only the first check of the day waits for the stored counts to load.
    const loading = quota.check(r.decision);
    if (loading) await loading;
    return { ...r, schema: r.schema };
  }

  /**
   * A page of the change feed, decided (a revoked grant or a spent quota refuses it) and read but
   * not yet audited: the stream reads one page ahead and audits it only when it hands it over.
   */
  async function readChangePage(by: ExchangeActor, code: string, after: string, limit: number, version?: number) {
    const afterSeq = parseChangesCursor(after);
    const { schema, decision } = await tabularAccess(by, code, version);
    return { decision, after, page: await readChanges(db, schema, decision, afterSeq, limit, clock) };
  }

  /** Hands the route the grant's quota headers of a read (when it asked and the grant has a quota). */
  function quotaHeaders(decision: AccessDecision, meta: ReadMeta | undefined): void {
    if (!meta || !decision.quota) return;
    meta.headers = quota.headers(decision) ?? undefined;
  }

  /** Audits a change page (durably) and counts it against the grant's quota, before the caller sees it. */
  async function handOverChanges(by: ExchangeActor, code: string, purpose: string, r: Awaited<ReturnType<typeof readChangePage>>): Promise<ChangePage> {
    await audit.append(readEvent(by, 'data.changes.read', code, purpose, r.decision, { after: r.after, next: r.page.nextCursor, rows: r.page.items.length }));
    quota.record(r.decision, r.page.items.length);
    return r.page;
  }

  async function uploadTarget(by: ExchangeActor, code: string): Promise<{ resource: Resource; schema: DatasetSchema }> {
    const resource = await publishedResource(code);
    assertUpload(by, resource);
    const schema = await ensureDataset(resource);
    return { resource, schema };
  }

  async function receive(body: Readable, id: string): Promise<{ path: string; bytes: number; sha256: string }> {
    mkdirSync(uploadDir, { recursive: true });
    const path = join(uploadDir, id);
    const m = meter(config.uploadMaxBytes);
    try {
      await pipeline(body, m.t, createWriteStream(path, { flags: 'wx' }));
    } catch (e) {
      rmSync(path, { force: true });
      if (e instanceof AppError) throw e;
      throw new AppError(400, 'upload_interrupted', 'exchange.upload.interrupted');
    }
    const { bytes, sha256 } = m.result();
    if (bytes === 0) {
      rmSync(path, { force: true });
      throw new AppError(400, 'upload_empty', 'exchange.upload.empty');
    }
    return { path, bytes, sha256 };
  }

  function requiredColumns(schema: DatasetSchema, mode: UploadMode): string[] {
    return schema.items.filter((i) => (mode === 'delete' ? i.isKey : i.required || i.isKey)).map((i) => i.code);
  }

  async function issuesOf(batchId: string, lang: 'zh-CN' | 'en') {
    const rows = await store.listIssues(k, batchId, ISSUES_IN_BATCH);
    return rows.map((r) => ({
      row: Number(r.row_number),
      field: r.field,
      value: r.value,
      code: r.code,
      message: translate(r.message_key, lang, JSON.parse(r.params) as Record<string, string | number>),
    }));
  }

  async function withResourceLock<T>(code: string, f: () => Promise<T>): Promise<T> {
    const prev = resourceLocks.get(code) ?? Promise.resolve();
    const next = prev.then(f, f);
    const tail = next.catch(() => undefined);
    resourceLocks.set(code, tail);
    try {
      return await next;
    } finally {
      if (resourceLocks.get(code) === tail) resourceLocks.delete(code);
    }
  }

  /** Runs a registered batch to its end state; never throws for bad data (the batch says why). */
  async function runBatch(by: ExchangeActor, resource: Resource, row: store.BatchRow, file: { path: string; format: UploadFormat; encoding?: 'utf-8' | 'gb18030' | 'auto'; mapping?: Record<string, string | null>; sheet?: string }, removeFile: boolean): Promise<store.BatchRow> {
    const code = resource.code;
    const mode = row.mode as UploadMode;
    const dryRun = row.dry_run === 1;
    const live: ApplyCounts & { state: BatchState } = { rowsRead: 0, rowsInvalid: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, issueCount: 0, firstSeq: null, lastSeq: null, state: 'validating' };
    running.set(row.id, live);
    const actor = { actorType: by.actorType, actorId: by.actorId, actorName: by.actorName, unitId: by.unitId, clientIp: by.clientIp, requestId: by.requestId };
    let issues: CollectedIssue[] = [];
    let final: Partial<store.BatchRow> = {};
    let structural: AppError | null = null;
    try {
      await withResourceLock(code, async () => {
        const schema = await ensureDataset(resource);
        await store.updateBatch(k, row.id, { state: 'validating' });
        class Rollback extends Error {}
        try {
          await audit.transact(async (trx) => {
            const head = await store.lockDataset(trx, code, db.dialect);
            const current: DatasetSchema = { ...schema, lastSeq: Number(head?.last_seq ?? 0) };
            live.state = 'applying';
            const source = readRows(file.path, { format: file.format, encoding: file.encoding, items: schema.items, mapping: file.mapping, sheet: file.sheet, requiredColumns: requiredColumns(schema, mode) });
            const result = await applyRows({ db, trx, schema: current, mode, batchId: row.id, now: iso(clock.now()), onProgress: (c) => Object.assign(live, c) }, source);
            Object.assign(live, result);
            issues = result.issues;
            const counts = {
              rows_read: result.rowsRead,
              rows_invalid: result.rowsInvalid,
              inserted: result.inserted,
              updated: result.updated,
              unchanged: result.unchanged,
              deleted: result.deleted,
              issue_count: result.issueCount,
            };
            if (result.issueCount > 0 || dryRun) {
              final = { ...counts, first_seq: null, last_seq: null };
              throw new Rollback();
            }
            const now = iso(clock.now());
            const lastSeq = result.lastSeq ?? current.lastSeq;
            const rowCount = await store.countLiveRows(trx, schema.table);
            await store.updateDataset(trx, code, { last_seq: lastSeq, row_count: rowCount, last_update_at: now, last_batch_id: row.id, updated_at: now });
            final = { ...counts, state: 'committed', finished_at: now, first_seq: result.firstSeq, last_seq: result.lastSeq };
            await store.updateBatch(trx, row.id, final);
            return {
              value: undefined,
              events: [
                {
                  ...actor,
                  action: 'data.upload.commit',
                  targetType: 'dataset',
                  targetId: code,
                  result: 'success',
                  detail: { batchId: row.id, mode, rows: result.rowsRead, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, deleted: result.deleted, firstSeq: result.firstSeq, lastSeq: result.lastSeq, sha256: row.sha256 },
                },
              ],
            };
          });
          const lastSeq = (final.last_seq as number | null) ?? null;
          if (lastSeq !== null) for (const l of listeners) l(code, lastSeq);
        } catch (e) {
          if (!(e instanceof Rollback)) throw e;
        }
      });
    } catch (e) {
      if (e instanceof AppError && e.status < 500) structural = e;
      else if (isUniqueViolation(e)) structural = new AppError(409, 'idempotency_conflict', 'exchange.upload.idempotency_conflict');
      else {
        running.delete(row.id);
        await store.updateBatch(k, row.id, { state: 'aborted', finished_at: iso(clock.now()) }).catch(() => undefined);
        if (removeFile) rmSync(file.path, { force: true });
        throw e;
      }
    }
    if (removeFile) rmSync(file.path, { force: true });
    const now = iso(clock.now());
    if (final.state !== 'committed') {
      // Rejected (bad rows or a malformed file) or a dry run: record the outcome and the issues.
      if (structural) {
        const s = structural as AppError;
        issues = [{ row: 0, field: null, value: null, code: s.code, messageKey: s.messageKey, params: (s.params ?? {}) as Record<string, string | number> }];
        final = { ...final, issue_count: 1 };
      }
      const state: BatchState = Number(final.issue_count ?? 0) > 0 ? 'rejected' : 'validated';
      final = { ...final, state, finished_at: now };
      await audit.transact(async (trx) => {
        await store.updateBatch(trx, row.id, final);
        await store.insertIssues(
          trx,
          issues.map((i, n) => ({ batch_id: row.id, n: n + 1, row_number: i.row, field: i.field, value: i.value, code: i.code, message_key: i.messageKey, params: JSON.stringify(i.params) })),
        );
        return {
          value: undefined,
          events: [
            {
              ...actor,
              action: state === 'rejected' ? 'data.upload.reject' : 'data.upload.validate',
              targetType: 'dataset',
              targetId: code,
              result: state === 'rejected' ? 'failure' : 'success',
              detail: { batchId: row.id, mode, rows: final.rows_read ?? 0, issues: final.issue_count ?? 0, firstIssue: issues[0]?.code ?? null },
            },
          ],
        };
      });
    }
    running.delete(row.id);
    return { ...row, ...final } as store.BatchRow;
  }

  async function batchFor(by: ExchangeActor, code: string, id: string): Promise<store.BatchRow> {
    const resource = await publishedResource(code);
    const r = await store.findBatch(k, code, id);
    if (!r) throw new AppError(404, 'not_found', 'exchange.batch.not_found', { id });
    // The provider unit sees its batches; the authority and administrators see all.
    if (!canSeeBatches(by, resource)) {
      throw new AppError(404, 'not_found', 'exchange.batch.not_found', { id });
    }
    return r;
  }

  async function updateStatus(resource: Resource, lastUpdateAt: string | null): Promise<UpdateStatus> {
    const since = lastUpdateAt ?? resource.publishedAt;
    if (!since || resource.updateCycle === 'irregular') return { lastUpdateAt, dueAt: null, overdue: false, daysOverdue: 0 };
    const cycleEnd = addCycle(cstDate(new Date(since)), resource.updateCycle);
    if (!cycleEnd) return { lastUpdateAt, dueAt: null, overdue: false, daysOverdue: 0 };
    const due = await calendar.deadline(new Date(`${cycleEnd}T00:00:00+08:00`), resource.updateTimeLimitDays);
    const now = clock.now();
    const overdue = now.getTime() > due.getTime();
    const daysOverdue = overdue ? Math.max(1, await calendar.workingDaysBetween(cstDate(due), cstDate(now))) : 0;
    return { lastUpdateAt, dueAt: iso(due), overdue, daysOverdue };
  }

  async function summaryOf(by: ExchangeActor, resource: Resource, row: store.DatasetRow | undefined): Promise<DatasetSummary> {
    let access: DatasetSummary['access'] = null;
    try {
      const grants = by.unitId ? await sharing.grantsFor(by.unitId, resource.code) : [];
      const d = decideRead(by, resource, grants, clock.now());
      access = { basis: d.basis, grantId: d.grantId };
    } catch {
      access = null;
    }
    const status = await updateStatus(resource, row?.last_update_at ?? null);
    return {
      resourceCode: resource.code,
      name: resource.name,
      providerUnitId: resource.providerUnitId,
      providerUnitName: resource.providerUnitName,
      sharingType: resource.sharingType,
      format: resource.format,
      updateCycle: resource.updateCycle,
      updateTimeLimitDays: resource.updateTimeLimitDays,
      rowCount: Number(row?.row_count ?? 0),
      lastSeq: Number(row?.last_seq ?? 0),
      access,
      canUpload: canUpload(by, resource),
      ...status,
    };
  }

  const systemCatalogActor = { actorType: 'system' as const, actorId: null, actorName: 'exchange', unitId: null, clientIp: null, requestId: null, roles: ['authority_reviewer' as const], scopes: ['read'] };

  async function publishedWhere(filter: { providerUnitId?: string; sharingType?: string }): Promise<Resource[]> {
    const out: Resource[] = [];
    for await (const batch of catalog.publishedBatches(systemCatalogActor, filter, 500)) {
      for (const r of batch) if (!r.metadataOnly) out.push(r);
      if (out.length >= 5000) break;
    }
    return out;
  }

  async function* scanRows(schema: DatasetSchema, batchSize = 1000): AsyncIterable<RecordRow[]> {
    const provider = { basis: 'provider' as const, grantId: null, fields: schema.items.map((i) => i.code), masks: {}, rowFilter: [], quota: null };
    let cursor: string | null = null;
    for (;;) {
      const page: RecordPage = await runQuery(db, schema, provider, { filters: [], limit: Math.min(batchSize, 1000), cursor });
      if (page.items.length) yield page.items;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  return {
    quota,
    stop: () => quota.stop(),
    dataset: async (code) => ensureDataset(await publishedResource(code)),
    decide,
    readChanges: (schema, decision, afterSeq, limit) => readChanges(db, schema, decision, afterSeq, limit, clock),
    onCommit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async list(by, role) {
      if (!by.unitId) return [];
      let resources: Resource[];
      if (role === 'provider') resources = await publishedWhere({ providerUnitId: by.unitId });
      else {
        const mandatory = await publishedWhere({ sharingType: 'mandatory' });
        const grants = await sharing.listGrants({ consumerUnitId: by.unitId });
        const granted: Resource[] = [];
        for (const code of new Set(grants.map((g) => g.resourceCode))) {
          const r = await catalog.published(code);
          if (r && !r.metadataOnly) granted.push(r);
        }
        resources = [...mandatory.filter((r) => r.providerUnitId !== by.unitId), ...granted];
      }
      resources = resources.filter((r) => isTabular(r.format) || role === 'provider');
      const rows = new Map((await store.listDatasets(k, resources.map((r) => r.code))).map((r) => [r.resource_code, r]));
      const out: DatasetSummary[] = [];
      for (const r of resources) out.push(await summaryOf(by, r, rows.get(r.code)));
      return out.sort((a, b) => (a.resourceCode < b.resourceCode ? -1 : 1));
    },

    async info(by, code) {
      const resource = await publishedResource(code);
      const tabular = isTabular(resource.format) && !resource.metadataOnly;
      const schema = tabular && resource.dataItems.some((i) => i.isKey) ? await ensureDataset(resource) : null;
      const row = await store.findDataset(k, code);
      const summary = await summaryOf(by, resource, row);
      let decision: AccessDecision | null = null;
      try {
        const grants = by.unitId ? await sharing.grantsFor(by.unitId, code) : [];
        decision = decideRead(by, resource, grants, clock.now());
      } catch {
        decision = null;
      }
      const visible = new Set(decision?.fields ?? []);
      let quotaStatus: QuotaStatus | null = null;
      if (decision?.quota && decision.grantId) {
        await quota.ready();
        quotaStatus = { ...decision.quota, ...quota.usage(decision.grantId) };
      }
      return {
        ...summary,
        version: resource.version,
        tabular,
        nextDueAt: summary.dueAt,
        items: resource.dataItems.map((i) => ({
          code: i.code,
          name: i.name,
          dataType: i.dataType,
          length: i.length,
          precision: i.precision,
          required: i.required,
          isKey: i.isKey,
          description: i.description,
          codeSet: i.codeSet,
          sensitivity: i.sensitivity,
          masking: i.masking,
          visible: visible.has(i.code),
          masked: !!decision?.masks[i.code],
          indexed: !!schema?.columns[i.code]?.indexed,
        })),
        access: decision ? { basis: decision.basis, grantId: decision.grantId, fields: decision.fields, masked: Object.keys(decision.masks), quota: quotaStatus } : null,
      };
    },

    async stageUpload(by, code, body, meta) {
      const { resource, schema } = await uploadTarget(by, code);
      const format = formatFromRequest(meta.contentType, meta.fileName, meta.format);
      const id = randomUUID();
      const file = await receive(body, id);
      try {
        const inspected = await inspectFile(file.path, { format, encoding: meta.encoding, items: schema.items });
        await audit.transact(async (trx) => {
          await store.insertUpload(trx, {
            id,
            resource_code: resource.code,
            format,
            encoding: inspected.encoding,
            file_name: meta.fileName ?? null,
            bytes: file.bytes,
            sha256: file.sha256,
            unit_id: by.unitId!,
            created_by: by.actorName,
            created_at: iso(clock.now()),
          });
          return {
            value: undefined,
            events: [
              {
                actorType: by.actorType,
                actorId: by.actorId,
                actorName: by.actorName,
                unitId: by.unitId,
                clientIp: by.clientIp,
                requestId: by.requestId,
                action: 'data.upload.stage',
                targetType: 'dataset',
                targetId: code,
                result: 'success',
                detail: { uploadId: id, bytes: file.bytes, sha256: file.sha256, format },
              },
            ],
          };
        });
        return { uploadId: id, format, encoding: inspected.encoding, bytes: file.bytes, columns: inspected.columns, sample: inspected.sample, mapping: inspected.mapping, unmappedRequired: inspected.unmappedRequired };
      } catch (e) {
        rmSync(file.path, { force: true });
        throw e;
      }
    },

    async submitBatch(by, code, input, req) {
      const { resource } = await uploadTarget(by, code);
      const mode = req.mode ?? 'upsert';
      const key = req.idempotencyKey ?? null;
      let file: { path: string; bytes: number; sha256: string; format: UploadFormat; fileName: string | null; encoding?: 'utf-8' | 'gb18030' | 'auto'; removeAfter: boolean };
      if ('uploadId' in input) {
        const u = await store.findUpload(k, input.uploadId);
        if (!u || u.resource_code !== code || u.unit_id !== by.unitId) throw new AppError(404, 'not_found', 'exchange.upload.not_found', { id: input.uploadId });
        file = { path: join(uploadDir, u.id), bytes: Number(u.bytes), sha256: u.sha256, format: u.format as UploadFormat, fileName: u.file_name, encoding: (u.encoding as 'utf-8' | 'gb18030' | null) ?? req.encoding, removeAfter: false };
      } else {
        const format = formatFromRequest(input.meta.contentType, input.meta.fileName, input.meta.format);
        const received = await receive(input.body, `batch-${randomUUID()}`);
        file = { ...received, format, fileName: input.meta.fileName ?? null, encoding: input.meta.encoding ?? req.encoding, removeAfter: true };
      }
      const requestHash = createHash('sha256')
        .update(JSON.stringify([file.sha256, mode, req.mapping ?? null, file.format, req.sheet ?? null]))
        .digest('hex');
      if (key && !req.dryRun) {
        const done = await store.findCommittedByKey(k, code, key);
        if (done) {
          if (file.removeAfter) rmSync(file.path, { force: true });
          if (done.request_hash !== requestHash) throw new AppError(422, 'idempotency_key_reused', 'exchange.upload.idempotency_key_reused', { key });
          return { batch: presentBatch(done, []), replayed: true };
        }
        const busy = await store.findRunningByKey(k, code, key);
        if (busy) {
          if (file.removeAfter) rmSync(file.path, { force: true });
          throw new AppError(409, 'batch_in_progress', 'exchange.upload.in_progress', { id: busy.id });
        }
      }
      const row: store.BatchRow = {
        id: randomUUID(),
        resource_code: code,
        mode,
        format: file.format,
        state: 'received',
        dry_run: req.dryRun ? 1 : 0,
        idempotency_key: key,
        request_hash: requestHash,
        file_name: file.fileName,
        bytes: file.bytes,
        sha256: file.sha256,
        rows_read: 0,
        rows_invalid: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        deleted: 0,
        issue_count: 0,
        first_seq: null,
        last_seq: null,
        unit_id: by.unitId!,
        created_by: by.actorName,
        node_id: config.nodeId,
        created_at: iso(clock.now()),
        finished_at: null,
      };
      await store.insertBatch(k, row);
      const run = runBatch(by, resource, row, { path: file.path, format: file.format, encoding: file.encoding, mapping: req.mapping, sheet: req.sheet }, file.removeAfter);
      if (req.async) {
        run.catch(() => undefined);
        return { batch: presentBatch(row, []), replayed: false };
      }
      const done = await run;
      return { batch: presentBatch(done, await issuesOf(done.id, 'zh-CN')), replayed: false };
    },

    async getBatch(by, code, id, lang = 'zh-CN') {
      const r = await batchFor(by, code, id);
      const live = running.get(id);
      const row = live
        ? { ...r, state: live.state, rows_read: live.rowsRead, rows_invalid: live.rowsInvalid, inserted: live.inserted, updated: live.updated, unchanged: live.unchanged, deleted: live.deleted, issue_count: live.issueCount }
        : r;
      return presentBatch(row, live ? [] : await issuesOf(id, lang));
    },

    async listBatches(by, code, cursor, limit) {
      const resource = await publishedResource(code);
      if (!canSeeBatches(by, resource)) {
        throw new AppError(403, 'forbidden', 'exchange.batch.forbidden');
      }
      let before: { createdAt: string; id: string } | null = null;
      if (cursor) {
        try {
          const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
          if (typeof createdAt !== 'string' || typeof id !== 'string') throw new Error('bad');
          before = { createdAt, id };
        } catch {
          throw new AppError(400, 'bad_cursor', 'exchange.batch.bad_cursor');
        }
      }
      const rows = await store.listBatches(k, code, before, limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => presentBatch(r, [])),
        nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([last.created_at, last.id])).toString('base64url') : null,
      };
    },

    batchIssues(by, code, id) {
      return {
        async *[Symbol.asyncIterator]() {
          await batchFor(by, code, id);
          let after = 0;
          for (;;) {
            const rows = await store.listIssues(k, id, 1000, after);
            if (!rows.length) return;
            after = rows[rows.length - 1]!.n;
            yield rows.map((r) => ({ row: Number(r.row_number), field: r.field, value: r.value, code: r.code, messageKey: r.message_key, params: JSON.parse(r.params) as Record<string, string | number> }));
          }
        },
      };
    },

    async query(by, code, purpose, q, version, meta) {
      const { schema, decision } = await tabularAccess(by, code, version);
      const page = await runQuery(db, schema, decision, q);
      await audit.append(readEvent(by, 'data.record.query', code, purpose, decision, { rows: page.items.length, filters: q.filters.length, cursor: !!q.cursor }));
      quota.record(decision, page.items.length);
      quotaHeaders(decision, meta);
      const marks = objectionMarks ? await objectionMarks(code) : null;
      if (marks && (marks.resource || marks.keys.length || marks.fields.length)) {
        const keys = new Set(marks.keys);
        for (const row of page.items) if (keys.has(row._key)) (row as Record<string, unknown>)._objection = true;
        page.objections = { resource: marks.resource, fields: marks.fields, records: keys.size };
      }
      return page;
    },

    async getRecord(by, code, purpose, key, version, meta) {
      const { schema, decision } = await tabularAccess(by, code, version);
      const row = await fetchByKey(db, schema, decision, key);
      await audit.append({ ...readEvent(by, 'data.record.get', code, purpose, decision, { key, rows: row ? 1 : 0 }), result: row ? 'success' : 'failure' });
      quota.record(decision, row ? 1 : 0);
      quotaHeaders(decision, meta);
      // The message does not echo the key: it may be a value the caller sees only masked.
      if (!row) {
        // The miss counted against the quota: the refusal states what is left, like an answer.
        const miss = new AppError(404, 'not_found', 'exchange.record.not_found');
        for (const [name, value] of Object.entries(meta?.headers ?? {})) miss.withHeader(name, value);
        throw miss;
      }
      const marks = objectionMarks ? await objectionMarks(code) : null;
      // The caller named the key, so the raw key is compared even when the answer masks it.
      if (marks && (marks.resource || marks.keys.includes(key))) (row as Record<string, unknown>)._objection = true;
      return row;
    },

    useObjectionMarks(source) {
      objectionMarks = source;
    },

    async changes(by, code, purpose, after, limit, version, meta) {
      const r = await readChangePage(by, code, after, limit, version);
      const page = await handOverChanges(by, code, purpose, r);
      quotaHeaders(r.decision, meta);
      return page;
    },

    async changePages(by, code, purpose, after, total, version) {
      if (!Number.isInteger(total) || total < 1 || total > QUERY_LIMITS.changesStreamMaxLimit) {
        throw new AppError(400, 'bad_limit', 'exchange.query.bad_limit', { max: QUERY_LIMITS.changesStreamMaxLimit });
      }
      // The database read of page n+1 starts while the caller sends page n (on PostgreSQL the server
      // works on it meanwhile); each page is audited only when handed over, so a stream the client
      // abandons records exactly the pages it was sent.
      const read = (cursor: string, left: number) => readChangePage(by, code, cursor, Math.min(QUERY_LIMITS.changesMaxLimit, left), version);
      const handOver = (r: Awaited<ReturnType<typeof read>>) => handOverChanges(by, code, purpose, r);
      const ahead = (page: ChangePage, left: number) => {
        if (!page.hasMore || left <= 0) return null;
        const p = read(page.nextCursor, left);
        p.catch(() => undefined); // awaited below; this only keeps an early rejection from being "unhandled"
        return p;
      };
      const first = await handOver(await read(after, total));
      return (async function* () {
        let page = first;
        let left = total - page.items.length;
        let next = ahead(page, left);
        yield page;
        while (next) {
          page = await handOver(await next);
          left -= page.items.length;
          next = ahead(page, left);
          yield page;
        }
      })();
    },

    async overdue(by) {
      const scope = overdueScope(by);
      if (!scope) throw new AppError(403, 'forbidden', 'auth.forbidden');
      const all = scope.all;
      const resources = (await publishedWhere(all ? {} : { providerUnitId: by.unitId ?? '-' })).filter((r) => isTabular(r.format) && (r.sharingType === 'mandatory' || r.sharingType === 'restricted' || !all));
      const rows = new Map((await store.listDatasets(k, resources.map((r) => r.code))).map((r) => [r.resource_code, r]));
      const out: OverdueEntry[] = [];
      for (const r of resources) {
        const s = await updateStatus(r, rows.get(r.code)?.last_update_at ?? null);
        if (s.overdue && s.dueAt) {
          out.push({
            resourceCode: r.code,
            name: r.name,
            providerUnitId: r.providerUnitId,
            providerUnitName: r.providerUnitName,
            updateCycle: r.updateCycle,
            updateTimeLimitDays: r.updateTimeLimitDays,
            lastUpdateAt: s.lastUpdateAt,
            dueAt: s.dueAt,
            daysOverdue: s.daysOverdue,
          });
        }
      }
      return out.sort((a, b) => b.daysOverdue - a.daysOverdue || (a.resourceCode < b.resourceCode ? -1 : 1));
    },

    updateStatus,

    async archiveSource(by, code) {
      const resource = await publishedResource(code);
      if (!canArchive(by, resource)) throw new AppError(403, 'forbidden', 'exchange.archive.forbidden');
      const schema = await freshSchema(resource);
      await audit.append({
        actorType: by.actorType,
        actorId: by.actorId,
        actorName: by.actorName,
        unitId: by.unitId,
        clientIp: by.clientIp,
        requestId: by.requestId,
        action: 'data.archive.export',
        targetType: 'dataset',
        targetId: code,
        result: 'success',
        detail: { version: resource.version, rows: schema.rowCount, lastSeq: schema.lastSeq },
      });
      const tmpDir = join(config.dataDir, 'tmp');
      mkdirSync(tmpDir, { recursive: true });
      return { resource, schema, rows: scanRows(schema), tmpDir };
    },

    scanRows,

    async recover() {
      const now = clock.now();
      await store.abortInterrupted(k, config.nodeId, iso(now));
      const stale = await store.uploadsBefore(k, iso(new Date(now.getTime() - STAGED_UPLOAD_TTL_MS)));
      for (const u of stale) rmSync(join(uploadDir, u.id), { force: true });
      await store.deleteUploads(
        k,
        stale.map((u) => u.id),
      );
    },
  };
}
