/** The agreements tables (Kysely types) — 共享安全保密协议 and filings (R17): agreements, signed documents, filing with the secrecy bureau and the authority. Times ISO-8601 UTC text, JSON as text. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AgreementTables {}
