/** The workflow tables (Kysely types) — the kernel: tasks (inbox) with working-day deadlines, timeline, notifications, deadline settings, sweeper. Times ISO-8601 UTC text, JSON as text. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WorkflowTables {}
