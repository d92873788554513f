import type { SubscriptionTables } from './subscriptions/tables.js';
import type { FileTables } from './files/tables.js';

/** The exchange module's registry tables (Kysely types). Dataset tables are dynamic (dataset.ts). */
export interface ExchangeTables extends SubscriptionTables, FileTables {
  exchange_dataset: DatasetTable;
  exchange_upload: UploadTable;
  exchange_batch: BatchTable;
  exchange_batch_issue: BatchIssueTable;
  exchange_quota_use: QuotaUseTable;
  exchange_feed_key: FeedKeyTable;
}

/** A record key that a row-filtered change feed handed to a consumer unit (query.ts, readChanges). */
export interface FeedKeyTable {
  unit_id: string;
  resource_code: string;
  record_key: string;
  /** The change that first handed it out. */
  first_seq: number;
  created_at: string;
}

/** A node's count of one grant's requests and rows on one China Standard Time day (quota.ts). */
export interface QuotaUseTable {
  grant_id: string;
  /** YYYY-MM-DD, China Standard Time. */
  day: string;
  node: string;
  request_count: number;
  row_count: number;
  updated_at: string;
}

export interface DatasetTable {
  resource_code: string;
  table_name: string;
  version: number;
  /** JSON: DatasetColumn[] */
  columns: string;
  /** JSON: string[] */
  key_items: string;
  last_seq: number;
  row_count: number;
  last_update_at: string | null;
  last_batch_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface UploadTable {
  id: string;
  resource_code: string;
  format: string;
  encoding: string | null;
  file_name: string | null;
  bytes: number;
  sha256: string;
  unit_id: string;
  created_by: string;
  created_at: string;
}

export interface BatchTable {
  id: string;
  resource_code: string;
  mode: string;
  format: string;
  state: string;
  dry_run: number;
  idempotency_key: string | null;
  request_hash: string | null;
  file_name: string | null;
  bytes: number;
  sha256: string | null;
  rows_read: number;
  rows_invalid: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  issue_count: number;
  first_seq: number | null;
  last_seq: number | null;
  unit_id: string;
  created_by: string;
  node_id: string;
  created_at: string;
  finished_at: string | null;
}

export interface BatchIssueTable {
  batch_id: string;
  n: number;
  row_number: number;
  field: string | null;
  value: string | null;
  code: string;
  message_key: string;
  /** JSON */
  params: string;
}
