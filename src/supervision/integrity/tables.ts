/** Tables of supervision/integrity (Kysely types; times ISO-8601 UTC text, JSON as text: docs/adr/0003). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface IntegrityTables {}
