/**
 * Tables of supervision/integrity (第三十一条第七项; docs/adr/0013). Times ISO-8601 UTC text,
 * JSON as text (docs/adr/0003). Every row that vouches for something carries a MAC keyed with the
 * secret in the data directory, so a tamperer with database access only cannot forge it.
 */
export interface IntegrityTables {
  integrity_check: IntegrityCheckTable;
  integrity_seal: IntegritySealTable;
  integrity_dataset: IntegrityDatasetTable;
}

/** The last run of one check (c7.audit_chain, c7.dataset_tamper, c7.schema_drift) and what it carries forward. */
export interface IntegrityCheckTable {
  check_id: string;
  /** When the last run ended. */
  last_run_at: string | null;
  /** 'sweep' (incremental, by the compliance sweeper) or 'full' (on demand). */
  mode: string | null;
  /** 1 when the last run found nothing. */
  ok: number | null;
  /** Events, rows or schema objects examined by the last run. */
  checked: number;
  duration_ms: number;
  /** JSON: what the last run covered (chains and seqs, datasets and rows, objects). */
  scope: string;
  /** JSON: Finding[] still observed — returned by every sweep until a full run finds them gone. */
  open_findings: string;
  /** When the last full run ended. */
  last_full_at: string | null;
  /** JSON: the check's carried state (audit anchors, schema fingerprint) — MAC-protected where it vouches. */
  state: string;
  updated_at: string;
}

/** One dataset row as sealed: the change it was written by and a keyed hash of its values. */
export interface IntegritySealTable {
  resource_code: string;
  row_key: string;
  seq: number;
  rev: number;
  deleted: number;
  /** HMAC-SHA256 (hex) over the resource, key, metadata and non-null values (seal.ts). */
  mac: string;
}

/** Per dataset: the change sequence sealed so far and where the rotating value check stands. */
export interface IntegrityDatasetTable {
  resource_code: string;
  table_name: string;
  /** Every row with _seq ≤ sealed_seq has been sealed (or reported). */
  sealed_seq: number;
  sealed_at: string;
  /** The last _key whose values a sweep compared (the next sweep goes on after it); null = from the start. */
  verify_cursor: string | null;
  /** HMAC over (resource_code, table_name, sealed_seq): a rewound mark would reseal tampered rows. */
  mac: string;
}
