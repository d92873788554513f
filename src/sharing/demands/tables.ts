/** The demands tables (Kysely types) — 共享需求 (R12, R14): demands, routing, responses, coordination, escalation to the leadership group, gap list. Times ISO-8601 UTC text, JSON as text. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DemandTables {}
