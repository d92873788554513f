import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import type { AgreementFilingTable, AgreementTable } from './tables.js';
import { FINAL_STATES, type Agreement, type AgreementState, type Filing, type FilingOffice } from './model.js';

/** Plain Kysely queries of the agreement tables; `q` is the database or an open transaction. */
type Q = Kysely<Database>;

export type AgreementRow = Selectable<AgreementTable>;
export type FilingRow = Selectable<AgreementFilingTable>;

export async function insertAgreement(q: Q, row: AgreementRow): Promise<void> {
  await q.insertInto('sharing_agreement').values(row).execute();
}

export async function findAgreement(q: Q, id: string): Promise<AgreementRow | undefined> {
  return q.selectFrom('sharing_agreement').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Reads an agreement for a change: the row is first touched by an UPDATE, which on PostgreSQL
 * holds its row lock until the transaction ends (so two offices acknowledging at once see each
 * other's acknowledgement), and on SQLite is a no-op inside the single writer.
 */
export async function lockAgreement(q: Q, id: string): Promise<AgreementRow | undefined> {
  const r = await q.updateTable('sharing_agreement').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', id).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return undefined;
  return findAgreement(q, id);
}

export async function updateAgreement(q: Q, id: string, patch: Updateable<AgreementTable>): Promise<void> {
  await q.updateTable('sharing_agreement').set(patch).where('id', '=', id).execute();
}

/** Moves an agreement only if it is still in `from` (idempotent sweeps, racing nodes); true when it moved. */
export async function moveAgreement(q: Q, id: string, from: AgreementState, patch: Updateable<AgreementTable>): Promise<boolean> {
  const r = await q.updateTable('sharing_agreement').set(patch).where('id', '=', id).where('state', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The agreement of a grant that is not over (at most one, by the unique index). */
export async function openAgreementOfGrant(q: Q, grantId: string): Promise<AgreementRow | undefined> {
  return q.selectFrom('sharing_agreement').selectAll().where('grant_id', '=', grantId).where('state', 'not in', [...FINAL_STATES]).executeTakeFirst();
}

export async function agreementsOfGrant(q: Q, grantId: string): Promise<AgreementRow[]> {
  return q.selectFrom('sharing_agreement').selectAll().where('grant_id', '=', grantId).orderBy('created_at', 'desc').orderBy('id').execute();
}

/** Whether the grant has a filed agreement in force at `at`. */
export async function hasFiledAgreement(q: Q, grantId: string, at: string): Promise<boolean> {
  const r = await q
    .selectFrom('sharing_agreement')
    .select('id')
    .where('grant_id', '=', grantId)
    .where('state', '=', 'filed')
    .where('valid_from', '<=', at)
    .where('valid_until', '>', at)
    .executeTakeFirst();
  return !!r;
}

export interface ListQuery {
  /** Only agreements one of these units is a party of. */
  partyUnitId?: string;
  /** Only agreements in filing with a pending filing for one of these offices. */
  pendingOffices?: FilingOffice[];
  state?: AgreementState;
  grantId?: string;
  resourceCode?: string;
  limit: number;
  offset: number;
}

export async function listAgreements(q: Q, f: ListQuery): Promise<{ items: AgreementRow[]; total: number }> {
  let s = q.selectFrom('sharing_agreement as a');
  if (f.partyUnitId !== undefined) {
    const unit = f.partyUnitId;
    s = s.where((eb) => eb.or([eb('a.provider_unit_id', '=', unit), eb('a.consumer_unit_id', '=', unit)]));
  }
  if (f.pendingOffices !== undefined) {
    const offices = f.pendingOffices;
    if (offices.length === 0) return { items: [], total: 0 };
    s = s.where('a.state', '=', 'filing').where(({ exists, selectFrom }) =>
      exists(
        selectFrom('sharing_agreement_filing as f')
          .select('f.id')
          .whereRef('f.agreement_id', '=', 'a.id')
          .whereRef('f.round', '=', 'a.round')
          .where('f.state', '=', 'pending')
          .where('f.office', 'in', offices),
      ),
    );
  }
  if (f.state !== undefined) s = s.where('a.state', '=', f.state);
  if (f.grantId !== undefined) s = s.where('a.grant_id', '=', f.grantId);
  if (f.resourceCode !== undefined) s = s.where('a.resource_code', '=', f.resourceCode);
  const total = await s.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  const items = await s.selectAll('a').orderBy('a.updated_at', 'desc').orderBy('a.id').limit(f.limit).offset(f.offset).execute();
  return { items, total: Number(total?.n ?? 0) };
}

/** Filed agreements whose validity ended at or before `at` (the sweep). */
export async function filedEndedBy(q: Q, at: string, limit = 500): Promise<AgreementRow[]> {
  return q.selectFrom('sharing_agreement').selectAll().where('state', '=', 'filed').where('valid_until', '<=', at).orderBy('valid_until').limit(limit).execute();
}

/** Filed agreements whose grant is still waiting for its agreement (a crash between the two writes). */
export async function filedWithPendingGrant(q: Q, limit = 500): Promise<AgreementRow[]> {
  return q
    .selectFrom('sharing_agreement as a')
    .innerJoin('sharing_grant as g', 'g.id', 'a.grant_id')
    .selectAll('a')
    .where('a.state', '=', 'filed')
    .where('g.state', '=', 'pending_agreement')
    .limit(limit)
    .execute();
}

/**
 * Active grants whose agreement was filed once but none is filed now (it expired or was
 * terminated): the grant was not suspended (a crash between the two writes, or someone
 * reactivated it by hand). No filing, no data.
 */
export async function activeGrantsWithoutFiledAgreement(q: Q, limit = 500): Promise<{ grantId: string; lastState: AgreementState }[]> {
  const rows = await q
    .selectFrom('sharing_grant as g')
    .innerJoin('sharing_agreement as a', 'a.grant_id', 'g.id')
    .select(['g.id as grantId', 'a.state as state', 'a.updated_at as at'])
    .where('g.state', '=', 'active')
    .where('a.filed_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('sharing_agreement as b').select('b.id').whereRef('b.grant_id', '=', 'g.id').where('b.state', '=', 'filed'))),
    )
    .orderBy('a.updated_at', 'desc')
    .limit(limit * 4)
    .execute();
  const out = new Map<string, AgreementState>();
  for (const r of rows) if (!out.has(r.grantId)) out.set(r.grantId, r.state);
  return [...out].slice(0, limit).map(([grantId, lastState]) => ({ grantId, lastState }));
}

export async function insertFiling(q: Q, row: FilingRow): Promise<void> {
  await q.insertInto('sharing_agreement_filing').values(row).execute();
}

export async function filingsOf(q: Q, agreementId: string, round: number): Promise<FilingRow[]> {
  return q.selectFrom('sharing_agreement_filing').selectAll().where('agreement_id', '=', agreementId).where('round', '=', round).orderBy('office').execute();
}

export async function updateFiling(q: Q, id: string, patch: Partial<FilingRow>): Promise<void> {
  await q.updateTable('sharing_agreement_filing').set(patch).where('id', '=', id).execute();
}

/** Pending filings of the agreement's current round → cancelled (terminate, return). */
export async function cancelPendingFilings(q: Q, agreementId: string, round: number, at: string): Promise<void> {
  await q
    .updateTable('sharing_agreement_filing')
    .set({ state: 'cancelled', decided_at: at })
    .where('agreement_id', '=', agreementId)
    .where('round', '=', round)
    .where('state', '=', 'pending')
    .execute();
}

export function toAgreement(r: AgreementRow): Agreement {
  return {
    id: r.id,
    grantId: r.grant_id,
    applicationId: r.application_id,
    resourceCode: r.resource_code,
    resourceName: r.resource_name,
    providerUnitId: r.provider_unit_id,
    consumerUnitId: r.consumer_unit_id,
    consumerSystemId: r.consumer_system_id,
    purpose: r.purpose,
    scope: r.scope,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    obligations: r.obligations,
    state: r.state,
    document:
      r.document_sha256 === null
        ? null
        : {
            sha256: r.document_sha256,
            bytes: Number(r.document_bytes ?? 0),
            name: r.document_name ?? '',
            contentType: r.document_content_type ?? 'application/octet-stream',
            uploadedAt: r.document_uploaded_at ?? '',
            uploadedBy: r.document_uploaded_by ?? '',
            uploadedByUnitId: r.document_uploaded_unit_id,
          },
    signedAt: r.signed_at,
    providerConfirmedAt: r.provider_confirmed_at,
    providerConfirmedBy: r.provider_confirmed_by,
    consumerConfirmedAt: r.consumer_confirmed_at,
    consumerConfirmedBy: r.consumer_confirmed_by,
    round: Number(r.round),
    submittedAt: r.submitted_at,
    filedAt: r.filed_at,
    returnedAt: r.returned_at,
    returnReason: r.return_reason,
    endedAt: r.ended_at,
    endReason: r.end_reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toFiling(r: FilingRow): Filing {
  return {
    id: r.id,
    round: Number(r.round),
    office: r.office,
    state: r.state,
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_by,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    decidedUnitId: r.decided_unit_id,
    comment: r.comment,
    reference: r.reference,
  };
}
