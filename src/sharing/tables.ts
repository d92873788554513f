import type { GrantState } from './model.js';
import type { WorkflowTables } from './workflow/tables.js';
import type { DemandTables } from './demands/tables.js';
import type { ApplicationTables } from './applications/tables.js';
import type { AgreementTables } from './agreements/tables.js';
import type { ObjectionTables } from './objections/tables.js';

/** The sharing module's tables (Kysely types). Times are ISO-8601 UTC text, JSON as text (docs/adr/0003). */
export interface SharingTables extends WorkflowTables, DemandTables, ApplicationTables, AgreementTables, ObjectionTables {
  sharing_grant: GrantTable;
}

export interface GrantTable {
  id: string;
  resource_code: string;
  consumer_unit_id: string;
  /** Null: any user or system of the consumer unit. */
  consumer_system_id: string | null;
  /** JSON string[] of item codes, or null for every item. */
  fields: string | null;
  /** JSON Filter[] */
  row_filter: string;
  /** JSON Record<itemCode, MaskingRule> */
  masking: string;
  purpose: string;
  legal_basis: string;
  valid_from: string;
  valid_until: string | null;
  quota_requests_per_day: number | null;
  quota_rows_per_day: number | null;
  state: GrantState;
  state_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}
