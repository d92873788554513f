/**
 * The data exchange API's types and constants (/api/v1/data/…, /api/v1/subscriptions/…) are the
 * server's own (ADR 0017). A few shapes are narrowed or derived here where the portal needs it.
 */
export {
  BATCH_STATES,
  DELIVERY_STATES,
  FILTER_OPS,
  SUBSCRIPTION_STATES,
  UPLOAD_FORMATS,
  UPLOAD_MODES,
  type Batch,
  type BatchState,
  type DatasetInfo,
  type DatasetItemInfo as DatasetItem,
  type DatasetSummary,
  type Delivery,
  type DeliveryState,
  type Filter,
  type FilterOp,
  type OverdueEntry,
  type RecordPage,
  type RecordRow,
  type SortSpec,
  type StoredValue,
  type Subscription,
  type SubscriptionState,
  type UploadFormat,
  type UploadIssue,
  type UploadMode,
} from '@server/exchange/types.js';
export {
  SIGNATURE_ALGORITHMS as WEBHOOK_ALGORITHMS,
  type PingResult as WebhookTestResult,
  type RequestedEncoding as UploadEncoding,
  type SignatureAlgorithm as WebhookAlgorithm,
  type StagedUpload as UploadedFile,
} from '@server/exchange/types.js';
export type { FileInfo as DataFile } from '@server/exchange/files/model.js';
import type {
  AccessDecision,
  Batch,
  BatchState,
  CreateSubscriptionInput,
  FilterOp,
  RequestedEncoding,
  Subscription,
} from '@server/exchange/types.js';

/** provider: the providing unit itself; mandatory: any unit; grant: a restricted resource's grant. */
export type AccessBasis = AccessDecision['basis'];
export const ACCESS_BASES = ['provider', 'mandatory', 'grant'] as const satisfies readonly AccessBasis[];

/** Operators that take no value. */
export const VALUELESS_OPS: readonly FilterOp[] = ['isnull', 'notnull'];

/** The upload wizard's encoding choices, in the order it offers them. */
export const UPLOAD_ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const satisfies readonly RequestedEncoding[];

/** A batch in one of these states is still being worked on: keep polling. */
export const RUNNING_STATES: readonly BatchState[] = ['received', 'validating', 'applying'];

/** GET /data/{code}/batches, newest first. */
export interface BatchPage {
  items: Batch[];
  nextCursor: string | null;
}

/** now: only changes after the subscription; start: the whole dataset first. */
export type SubscriptionStart = NonNullable<CreateSubscriptionInput['from']>;
export const SUBSCRIPTION_STARTS = ['now', 'start'] as const satisfies readonly SubscriptionStart[];

/** The subscription form: the portal always sends the algorithm and the start. */
export type SubscriptionInput = Required<Pick<CreateSubscriptionInput, 'url' | 'purpose' | 'algorithm' | 'from'>>;

/** POST /data/{code}/subscriptions: the signing secret is shown once. */
export interface CreatedSubscription {
  subscription: Subscription;
  secret: string;
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
