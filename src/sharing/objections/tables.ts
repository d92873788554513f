/** The objections tables (Kysely types) — 异议 (R15): objections, marks on records, verification, feedback, archive. Times ISO-8601 UTC text, JSON as text. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ObjectionTables {}
