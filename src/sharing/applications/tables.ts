/** The applications tables (Kysely types) — 共享申请 (R13) and the grants' HTTP API: applications, review with narrowing, automatic answers, grants. Times ISO-8601 UTC text, JSON as text. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ApplicationTables {}
