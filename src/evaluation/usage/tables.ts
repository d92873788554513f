/** Tables of evaluation/usage (Kysely types; times ISO-8601 UTC text, JSON as text: docs/adr/0003). */
export interface UsageTables {
  usage_cursor: UsageCursorTable;
  usage_daily: UsageDailyTable;
  usage_monthly: UsageMonthlyTable;
}

/** How far the fold has read each audit chain: the last folded seq. Only advanced by a guarded update. */
export interface UsageCursorTable {
  chain: string;
  seq: number;
  updated_at: string;
}

/**
 * Calls, rows served and refusals per CST day and access dimensions. Dimensions never null: ''
 * stands for "none" (e.g. a user's access has no application system) so the primary key can be
 * used for the upsert on both dialects.
 */
export interface UsageDailyTable {
  day: string;
  consumer_unit_id: string;
  system_id: string;
  provider_unit_id: string;
  resource_code: string;
  kind: string;
  calls: number;
  /** Records served. */
  served: number;
  refused: number;
}

/** The same per CST month (YYYY-MM): year totals read twelve rows per key instead of 365. */
export interface UsageMonthlyTable {
  month: string;
  consumer_unit_id: string;
  system_id: string;
  provider_unit_id: string;
  resource_code: string;
  kind: string;
  calls: number;
  /** Records served. */
  served: number;
  refused: number;
}
