/** Files of non-tabular resources (issue 4 item 5): what the service returns and its limits. */

/** One version of a named file as the API returns it. */
export interface FileInfo {
  id: string;
  resourceCode: string;
  name: string;
  version: number;
  /** Detected content type (with charset for text), e.g. 'image/png', 'text/csv; charset=utf-8'. */
  contentType: string;
  bytes: number;
  /** Lowercase hex SHA-256 of the content (also the download's ETag). */
  sha256: string;
  note: string | null;
  uploadedByUnitId: string;
  /** Actor name of the uploader (username or token name). */
  uploadedBy: string;
  uploadedAt: string;
}

export const FILE_LIMITS = {
  nameMax: 200,
  noteMax: 2000,
  /** Bytes of the start of a file the content check reads. */
  sniffBytes: 4096,
  listMax: 500,
} as const;
