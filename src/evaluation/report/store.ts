import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import type { AnnualReportTable, AnnualReportVersionTable } from './tables.js';
import type { ReportData, ReportState, ReportSummary, ReportVersion, TextSection } from './model.js';

type Q = Kysely<Database> | Transaction<Database>;
export type ReportRow = Selectable<AnnualReportTable>;

export async function findReport(q: Q, id: string): Promise<ReportRow | undefined> {
  return q.selectFrom('evaluation_annual_report').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findByYear(q: Q, year: number): Promise<ReportRow | undefined> {
  return q.selectFrom('evaluation_annual_report').selectAll().where('year', '=', year).executeTakeFirst();
}

/** Inserts the year's report unless one exists (unique year): true when this call inserted it. */
export async function insertIfAbsent(q: Q, row: ReportRow, comment: string | null): Promise<boolean> {
  const r = await q
    .insertInto('evaluation_annual_report')
    .values(row)
    .onConflict((oc) => oc.column('year').doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
  await q.insertInto('evaluation_annual_report_version').values({ report_id: row.id, version: row.version, sections: row.sections, edited_at: row.drafted_at, edited_by: row.drafted_by, comment }).execute();
  return true;
}

/** Moves the row only from the state and version it was read in (a concurrent change: false). */
export async function update(q: Q, id: string, from: { state: ReportState; version: number }, patch: Partial<ReportRow>): Promise<boolean> {
  const r = await q.updateTable('evaluation_annual_report').set(patch).where('id', '=', id).where('state', '=', from.state).where('version', '=', from.version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertVersion(q: Q, v: Selectable<AnnualReportVersionTable>): Promise<void> {
  await q.insertInto('evaluation_annual_report_version').values(v).execute();
}

export async function list(q: Q, states: readonly ReportState[], limit: number, offset: number): Promise<{ rows: ReportRow[]; total: number }> {
  const base = q.selectFrom('evaluation_annual_report').where('state', 'in', [...states]);
  const rows = await base.selectAll().orderBy('year', 'desc').limit(limit).offset(offset).execute();
  const c = await base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst();
  return { rows, total: Number(c?.n ?? 0) };
}

export async function versions(q: Q, reportId: string): Promise<ReportVersion[]> {
  const rows = await q.selectFrom('evaluation_annual_report_version').selectAll().where('report_id', '=', reportId).orderBy('version', 'desc').execute();
  return rows.map((r) => ({ version: Number(r.version), sections: JSON.parse(r.sections) as TextSection[], editedAt: r.edited_at, editedBy: r.edited_by, comment: r.comment }));
}

export function toSummary(r: ReportRow): ReportSummary {
  return {
    id: r.id,
    year: Number(r.year),
    state: r.state,
    title: r.title,
    version: Number(r.version),
    draftedAt: r.drafted_at,
    draftedBy: r.drafted_by,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
    sentBy: r.sent_by,
    receivedAt: r.received_at,
    receivedBy: r.received_by,
  };
}

export const dataOf = (r: ReportRow) => JSON.parse(r.data) as ReportData;
export const sectionsOf = (r: ReportRow) => JSON.parse(r.sections) as TextSection[];
