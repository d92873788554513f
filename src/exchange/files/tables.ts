/** File (non-tabular resource) tables (Kysely types). Times are ISO-8601 UTC text (docs/adr/0003). */
export interface FileTables {
  exchange_file: ExchangeFileTable;
}

/**
 * One version of one named file of a non-tabular resource. The content lives in the blob store
 * (dataDir/blobs/sha256/…) under its SHA-256, so identical uploads share one blob.
 */
export interface ExchangeFileTable {
  id: string;
  resource_code: string;
  /** The file name as uploaded (no path); versions are counted per (resource_code, name). */
  name: string;
  /** 1, 2, 3, … per (resource_code, name). */
  version: number;
  /** The content type the platform detected (never the client's declaration), e.g. 'image/png'. */
  content_type: string;
  bytes: number;
  /** Lowercase hex SHA-256 of the content = the blob's name. */
  sha256: string;
  note: string | null;
  /** The provider unit that uploaded it. */
  uploaded_by_unit: string;
  /** Actor name (username or token name) of the uploader. */
  uploaded_by: string;
  uploaded_at: string;
  /** Set when a version is withdrawn from download (kept for audit); null while served. */
  deleted_at: string | null;
}
