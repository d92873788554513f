/**
 * The exchange module's shared contract (issue 4, R8–R11, enforcement of R16–R17): the shapes
 * the dataset store, the upload engine, the query engine, the change feed, subscriptions, files
 * and the portal agree on. Kept free of imports from services so every part can depend on it.
 */
import type { AuditActor } from '../audit/types.js';
import type { Role } from '../core/actor.js';
import type { DataItem, DataType, MaskingCustom, MaskingRule, ResourceFormat, SharingType, UpdateCycle } from '../catalog/model.js';
import type { StoredValue } from './values.js';

export type { StoredValue };

/** Who calls the data plane: the audit context plus what the access policy needs. */
export interface ExchangeActor extends AuditActor {
  kind: 'user' | 'token' | 'system';
  roles: Role[];
  scopes: string[];
  /** The application system of an API token (null for users). */
  systemId: string | null;
}

// ---- datasets

/** One column of a dataset table (a data item as stored). */
export interface DatasetColumn {
  /** Data item code = column name (always quoted in SQL). */
  code: string;
  dataType: DataType;
  /** SQL type the column was created with on this dialect. */
  sqlType: string;
  /** Has its own index (sortable, range filters use it). */
  indexed: boolean;
}

/**
 * A published tabular resource's dataset as the query/upload/changes code sees it.
 * Row metadata columns in the physical table: _key (text, primary key: `canonicalKey`),
 * _seq (bigint, unique: the change-feed position of the row's last change), _rev (integer,
 * 1 on insert, +1 on each change), _updated_at (ISO text), _deleted (0/1 tombstone),
 * _batch (id of the batch that last changed the row).
 */
export interface DatasetSchema {
  resourceCode: string;
  /** Physical table name, e.g. ds_3f2a9c… (safe identifier). */
  table: string;
  /** The served version's data items, in item order. */
  items: DataItem[];
  /** The catalog version whose items are served. */
  version: number;
  /** Every column of the table (items of the served version and older ones), by item code. */
  columns: Record<string, DatasetColumn>;
  /** Key item codes in item order. */
  keyItems: string[];
  /** Last change sequence number written (0 for an empty dataset). */
  lastSeq: number;
  rowCount: number;
  /** When the last committed batch changed the dataset (null: never). */
  lastUpdateAt: string | null;
}

/** A row as the API returns it: item codes plus metadata. Masking already applied. */
export interface RecordRow {
  _key: string;
  _rev: number;
  _updatedAt: string;
  [itemCode: string]: StoredValue;
}

/** A data item as the dataset serves it to this caller: the catalog's description plus what the caller may do with it. */
export interface DatasetItemInfo
  extends Pick<DataItem, 'code' | 'name' | 'dataType' | 'length' | 'precision' | 'required' | 'isKey' | 'description' | 'codeSet' | 'sensitivity' | 'masking'> {
  visible: boolean;
  masked: boolean;
  indexed: boolean;
}

export interface UpdateStatus {
  lastUpdateAt: string | null;
  /** When the next update is due (null: irregular cycle). */
  dueAt: string | null;
  overdue: boolean;
  daysOverdue: number;
}

export interface DatasetSummary extends UpdateStatus {
  resourceCode: string;
  name: string;
  providerUnitId: string;
  providerUnitName: string;
  sharingType: SharingType;
  format: ResourceFormat;
  updateCycle: UpdateCycle;
  updateTimeLimitDays: number;
  rowCount: number;
  lastSeq: number;
  access: { basis: AccessDecision['basis']; grantId: string | null } | null;
  canUpload: boolean;
}

export interface DatasetInfo extends DatasetSummary {
  version: number;
  tabular: boolean;
  items: DatasetItemInfo[];
  access: { basis: AccessDecision['basis']; grantId: string | null; fields: string[]; masked: string[]; quota: QuotaStatus | null } | null;
  nextDueAt: string | null;
}

/** What a data read hands its route besides the answer: response headers (the grant's quota as RateLimit fields). */
export interface ReadMeta {
  headers?: Record<string, string>;
}

/** A grant's daily quota and today's use of it on every node (China Standard Time day). */
export interface QuotaStatus {
  day: string;
  requestsPerDay: number | null;
  rowsPerDay: number | null;
  requests: number;
  rows: number;
}

export interface OverdueEntry {
  resourceCode: string;
  name: string;
  providerUnitId: string;
  providerUnitName: string;
  updateCycle: UpdateCycle;
  updateTimeLimitDays: number;
  lastUpdateAt: string | null;
  dueAt: string;
  daysOverdue: number;
}

// ---- filters and queries

export const FILTER_OPS = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'prefix', 'isnull', 'notnull'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
/**
 * One condition on a data item. `value` is a raw value parsed with the item's type
 * (parseValue); `in` takes an array (≤ 1000); isnull/notnull take none.
 */
export interface Filter {
  field: string;
  op: FilterOp;
  value?: unknown;
}

export interface SortSpec {
  field: string;
  dir: 'asc' | 'desc';
}

export interface RecordQuery {
  filters: Filter[];
  /** Projection: item codes (default: every visible item). */
  fields?: string[];
  /** Default: by _key ascending. Only indexed items and _key may be sorted on. */
  sort?: SortSpec[];
  /** 1..1000, default 100. */
  limit?: number;
  /** Opaque cursor from a previous page of the same query. */
  cursor?: string | null;
  /** Also return the total count of matching rows (capped at `countCap`). */
  count?: boolean;
}

/** Open objections (异议, R15) on the resource, shown to every consumer with the data. */
export interface ObjectionNotice {
  /** An objection about the resource as a whole. */
  resource: boolean;
  /** Data items under objection. */
  fields: string[];
  /** How many records are under objection (records of this page carry `_objection: true` when their key is shown unmasked). */
  records: number;
}

/** Where the exchange reads objection marks from (the sharing module's objections; null = none). */
export type ObjectionMarksSource = (resourceCode: string) => Promise<{ resource: boolean; keys: string[]; fields: string[] } | null>;

export interface RecordPage {
  items: RecordRow[];
  nextCursor: string | null;
  /** Present when objections are open on the resource. */
  objections?: ObjectionNotice;
  /** Only when `count` was asked: exact up to the cap. */
  total?: number;
  totalCapped?: boolean;
}

// ---- access

/** How one visible field is masked for this caller. */
export interface FieldMask {
  rule: MaskingRule;
  custom?: MaskingCustom | null;
}

/**
 * What the access policy decided for one caller on one resource (DESIGN.md access model):
 * which fields they see, which rows (grant row filter) and how values are masked.
 */
export interface AccessDecision {
  /** provider: the providing unit itself; mandatory: any unit; grant: a restricted resource's grant. */
  basis: 'provider' | 'mandatory' | 'grant';
  /** The grant used (mandatory access may still use one when the unit holds it, for its masking). */
  grantId: string | null;
  /** The unit the grant was given to (decisions that use a grant); keys its change feed's record of what it was handed. */
  consumerUnitId?: string;
  /** Visible item codes, in item order. */
  fields: string[];
  /** Masked fields (absent: served as stored). */
  masks: Record<string, FieldMask>;
  /** Conditions ANDed to every query, change-feed read and delivery (a grant's row filter). */
  rowFilter: Filter[];
  /** Quota of the grant (null: unlimited). */
  quota: { requestsPerDay: number | null; rowsPerDay: number | null } | null;
}

// ---- uploads

export const UPLOAD_FORMATS = ['csv', 'ndjson', 'json', 'xlsx'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];
export const UPLOAD_MODES = ['upsert', 'snapshot', 'delete'] as const;
/** upsert: insert or update by key; snapshot: the batch is the whole dataset (absent keys deleted); delete: the batch lists keys to delete. */
export type UploadMode = (typeof UPLOAD_MODES)[number];
/** validated: a dry run found no problem (nothing written). aborted: interrupted (the server stopped); nothing written. */
export const BATCH_STATES = ['received', 'validating', 'applying', 'committed', 'validated', 'rejected', 'aborted'] as const;
export type BatchState = (typeof BATCH_STATES)[number];
export type UploadEncoding = 'utf-8' | 'gb18030';
export type RequestedEncoding = UploadEncoding | 'auto';

export interface StagedUpload {
  uploadId: string;
  format: UploadFormat;
  encoding: 'utf-8' | 'gb18030' | null;
  bytes: number;
  columns: string[];
  sample: string[][];
  mapping: Record<string, string | null>;
  unmappedRequired: string[];
}

/** One problem found in an upload: a cell (row + field) or a whole row/file (field null). */
export interface UploadIssue {
  /** 1-based row number as the user sees it (CSV/XLSX: the line/row in the file incl. header; NDJSON: line; JSON: element index + 1). 0 = the file itself. */
  row: number;
  field: string | null;
  /** The offending value as text, cut to 200 characters (null: none). */
  value: string | null;
  code: string;
  /** Message in the request's language. */
  message: string;
}

export interface Batch {
  id: string;
  resourceCode: string;
  mode: UploadMode;
  format: UploadFormat;
  state: BatchState;
  /** Validation only: nothing is written even when every row is valid. */
  dryRun: boolean;
  idempotencyKey: string | null;
  fileName: string | null;
  bytes: number;
  sha256: string | null;
  rowsRead: number;
  rowsInvalid: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Problems found (all counted; the first 10,000 are kept for the report). */
  issueCount: number;
  /** The first 100 issues (the report has up to 10,000). */
  issues: UploadIssue[];
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  /** Change-feed range this batch wrote (null when it wrote nothing). */
  firstSeq: number | null;
  lastSeq: number | null;
}

// ---- change feed

export interface Change {
  seq: number;
  op: 'upsert' | 'delete';
  key: string;
  rev: number;
  updatedAt: string;
  /** The row as the caller may see it (upsert only). */
  record?: RecordRow;
}

export interface ChangePage {
  items: Change[];
  /** Pass as `after` to continue; equal to the input when nothing new. */
  nextCursor: string;
  /** More changes are waiting right now. */
  hasMore: boolean;
}

// ---- subscriptions (webhook delivery of the change feed)

export const SUBSCRIPTION_STATES = ['active', 'paused', 'dead_letter', 'stopped'] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

export const SIGNATURE_ALGORITHMS = ['hmac-sha256', 'hmac-sm3'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

export const DELIVERY_STATES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** A subscription as the service returns it (never the secret). */
export interface Subscription {
  id: string;
  resourceCode: string;
  ownerUnitId: string;
  ownerSystemId: string | null;
  createdBy: string;
  purpose: string;
  url: string;
  algorithm: SignatureAlgorithm;
  state: SubscriptionState;
  stateReason: string | null;
  /** Change-feed seq of the last change delivered, as a cursor string. */
  cursor: string;
  batchSize: number;
  createdAt: string;
  updatedAt: string;
}

export interface Delivery {
  id: string;
  subscriptionId: string;
  fromSeq: number;
  toSeq: number;
  changeCount: number;
  attempts: number;
  state: DeliveryState;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface CreateSubscriptionInput {
  url: string;
  purpose: string;
  algorithm?: SignatureAlgorithm;
  /** Changes per delivery, 1..1000 (default 100). */
  batchSize?: number;
  /** now (default): only changes committed from now on; start: the whole feed from the beginning. */
  from?: 'now' | 'start';
}

export interface UpdateSubscriptionInput {
  url?: string;
  purpose?: string;
  state?: 'active' | 'paused';
  batchSize?: number;
}

export interface PingResult {
  ok: boolean;
  /** The receiver's HTTP status (null: no answer). */
  status: number | null;
  error: string | null;
  durationMs: number;
  deliveryId: string;
}

// ---- what the parts of the module get from the dataset service (service.ts implements it)

/** A resource as the data plane needs it (the latest published version). */
export type { Resource } from '../catalog/model.js';

export interface DecideResult {
  schema: DatasetSchema | null;
  resource: import('../catalog/model.js').Resource;
  decision: AccessDecision;
}

/**
 * The dataset service as subscriptions, files and archives see it. `decide` applies the access
 * policy without auditing (the caller audits its own action); it throws 403/404 AppErrors.
 * `schema` is null for non-tabular resources (files).
 */
export interface ExchangeAccess {
  /** `fresh`: read the dataset head (lastSeq, rowCount) now instead of the cached schema's. */
  decide(by: ExchangeActor, code: string, opts?: { version?: number; fresh?: boolean }): Promise<DecideResult>;
  readChanges(schema: DatasetSchema, decision: AccessDecision, afterSeq: number, limit: number): Promise<ChangePage>;
  /** Called after every committed batch with the resource code and its new last seq. Returns an unsubscribe function. */
  onCommit(listener: (code: string, lastSeq: number) => void): () => void;
}
