/**
 * Types of the data exchange API (/api/v1/data/…, /api/v1/subscriptions/…) as the portal sees them.
 * Mirrors src/exchange/types.ts and the shapes in the exchange brief; the web build cannot import
 * server files, so they are declared again here. Fields the portal can live without are optional.
 */
import type { CodeSetEntry, DataType, MaskingRule, ResourceFormat, Sensitivity, SharingType, UpdateCycle } from './catalogTypes';

export type StoredValue = string | number | boolean | null;

export const ACCESS_BASES = ['provider', 'mandatory', 'grant'] as const;
/** provider: the providing unit itself; mandatory: any unit; grant: a restricted resource's grant. */
export type AccessBasis = (typeof ACCESS_BASES)[number];

/** One row of GET /data (src/exchange/schema.ts DatasetSummarySchema). */
export interface DatasetSummary {
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
  lastUpdateAt: string | null;
  /** When the current cycle's update is (or was) due; null for irregular resources. */
  dueAt: string | null;
  overdue: boolean;
  /** Working days past dueAt (0 when on time). */
  daysOverdue: number;
  access: { basis: AccessBasis; grantId: string | null } | null;
  canUpload: boolean;
}

/** A data item as the dataset serves it to this caller. */
export interface DatasetItem {
  code: string;
  name: string;
  dataType: DataType;
  length: number | null;
  precision: number | null;
  required: boolean;
  isKey: boolean;
  codeSet: CodeSetEntry[] | null;
  sensitivity: Sensitivity;
  masking: MaskingRule;
  /** The caller may see this item. */
  visible: boolean;
  /** Values reach this caller masked. */
  masked: boolean;
  /** Sortable; range filters use an index. */
  indexed: boolean;
  description?: string;
}

/** GET /data/{code} (DatasetInfoSchema). */
export interface DatasetInfo extends Omit<DatasetSummary, 'access'> {
  version: number;
  /** Records (query, upload, subscriptions) rather than files. */
  tabular: boolean;
  nextDueAt: string | null;
  items: DatasetItem[];
  access: { basis: AccessBasis; grantId: string | null; fields: string[]; masked: string[] } | null;
}

// ---- records

/** A row as the API returns it: item codes plus metadata. Masking already applied. */
export interface RecordRow {
  _key: string;
  _rev: number;
  _updatedAt: string;
  [itemCode: string]: StoredValue;
}

export const FILTER_OPS = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'prefix', 'isnull', 'notnull'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
/** Operators that take no value. */
export const VALUELESS_OPS: readonly FilterOp[] = ['isnull', 'notnull'];

export interface Filter {
  field: string;
  op: FilterOp;
  value?: unknown;
}

export interface SortSpec {
  field: string;
  dir: 'asc' | 'desc';
}

export interface RecordPage {
  items: RecordRow[];
  nextCursor: string | null;
  total?: number;
  totalCapped?: boolean;
}

// ---- uploads and batches

export const UPLOAD_FORMATS = ['csv', 'ndjson', 'json', 'xlsx'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];
export const UPLOAD_MODES = ['upsert', 'snapshot', 'delete'] as const;
export type UploadMode = (typeof UPLOAD_MODES)[number];
export const UPLOAD_ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const;
export type UploadEncoding = (typeof UPLOAD_ENCODINGS)[number];
/** validated: a dry run (validation only) that found no problem; nothing was written. */
export const BATCH_STATES = ['received', 'validating', 'applying', 'committed', 'validated', 'rejected', 'aborted'] as const;
export type BatchState = (typeof BATCH_STATES)[number];
/** A batch in one of these states is still being worked on: keep polling. */
export const RUNNING_STATES: readonly BatchState[] = ['received', 'validating', 'applying'];

/** POST /data/{code}/uploads. */
export interface UploadedFile {
  uploadId: string;
  format: UploadFormat;
  encoding: string;
  bytes: number;
  columns: string[];
  /** First rows of the file, cells as text, in column order. */
  sample: string[][];
  /** Suggested mapping: file column → item code (null: ignored). */
  mapping: Record<string, string | null>;
  /** Required item codes no column maps to. */
  unmappedRequired: string[];
}

export interface UploadIssue {
  row: number;
  field: string | null;
  value: string | null;
  code: string;
  message: string;
}

export interface Batch {
  id: string;
  resourceCode: string;
  mode: UploadMode;
  format: UploadFormat;
  state: BatchState;
  /** A validation-only run (nothing written). */
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
  issueCount: number;
  issues: UploadIssue[];
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  firstSeq: number | null;
  lastSeq: number | null;
}

export interface BatchPage {
  items: Batch[];
  nextCursor: string | null;
}

// ---- subscriptions

export const WEBHOOK_ALGORITHMS = ['hmac-sha256', 'hmac-sm3'] as const;
export type WebhookAlgorithm = (typeof WEBHOOK_ALGORITHMS)[number];
export const SUBSCRIPTION_STARTS = ['now', 'start'] as const;
/** now: only changes after the subscription; start: the whole dataset first. */
export type SubscriptionStart = (typeof SUBSCRIPTION_STARTS)[number];

export const SUBSCRIPTION_STATES = ['active', 'paused', 'dead_letter', 'stopped'] as const;
/** dead_letter: a delivery used up its retries, nothing more is sent until a replay; stopped: deleted or access revoked (kept for the record). */
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];
export const DELIVERY_STATES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** src/exchange/subscriptions/schema.ts Subscription. */
export interface Subscription {
  id: string;
  resourceCode: string;
  ownerUnitId: string;
  ownerSystemId: string | null;
  createdBy: string;
  url: string;
  purpose: string;
  algorithm: WebhookAlgorithm;
  state: SubscriptionState;
  /** Why dead-lettered or stopped: max_attempts | access_revoked | resource_not_found | not_tabular | removed | … */
  stateReason: string | null;
  /** Change-feed cursor: seq of the last change delivered (decimal text). */
  cursor: string;
  batchSize: number;
  createdAt: string;
  updatedAt: string;
}

export interface SubscriptionInput {
  url: string;
  purpose: string;
  algorithm: WebhookAlgorithm;
  from: SubscriptionStart;
}

/** POST /data/{code}/subscriptions: the signing secret is shown once. */
export interface CreatedSubscription {
  subscription: Subscription;
  secret: string;
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
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** POST /subscriptions/{id}/test: what the receiver answered to a signed ping. */
export interface WebhookTestResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
  deliveryId: string;
}

// ---- files of non-tabular resources

/** src/exchange/files/schema.ts FileInfo: one version of a file. */
export interface DataFile {
  id: string;
  resourceCode: string;
  name: string;
  version: number;
  /** Detected from the content. */
  contentType: string;
  bytes: number;
  sha256: string;
  note: string | null;
  uploadedByUnitId: string;
  uploadedBy: string;
  uploadedAt: string;
}

// ---- overdue

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

/** The part of an OpenAPI 3.0 document the API tab reads. */
export interface OpenApiSchema {
  type?: string;
  format?: string;
  maxLength?: number;
  enum?: unknown[];
  title?: string;
  description?: string;
  nullable?: boolean;
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  $ref?: string;
  [extension: `x-${string}`]: unknown;
}

export interface OpenApiDocument {
  openapi?: string;
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, { summary?: string; description?: string; operationId?: string }>>;
  components?: { schemas?: Record<string, OpenApiSchema> };
}
