import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import type { ApplicationTable } from './tables.js';
import type { Application, ApplicationState, RequiredField } from './model.js';

/** Plain Kysely queries of sharing_application; `q` is the database or an open transaction. */
type Q = Kysely<Database>;

export type ApplicationRow = Selectable<ApplicationTable>;

export async function insertApplication(q: Q, row: ApplicationRow): Promise<void> {
  await q.insertInto('sharing_application').values(row).execute();
}

export async function findApplication(q: Q, id: string): Promise<ApplicationRow | undefined> {
  return q.selectFrom('sharing_application').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The application a grant came from (a grant has at most one). */
export async function findByGrant(q: Q, grantId: string): Promise<ApplicationRow | undefined> {
  return q.selectFrom('sharing_application').selectAll().where('grant_id', '=', grantId).executeTakeFirst();
}

/**
 * Updates an application that is still in `from` (several nodes: the first writer wins); false
 * when the state moved meanwhile.
 */
export async function updateApplication(q: Q, id: string, from: ApplicationState, patch: Updateable<ApplicationTable>): Promise<boolean> {
  const r = await q.updateTable('sharing_application').set(patch).where('id', '=', id).where('state', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface ApplicationSearch {
  consumerUnitId?: string;
  providerUnitId?: string;
  /** Applicant's view of the own unit or the provider's view (either side). */
  eitherUnitId?: string;
  states?: ApplicationState[];
  excludeStates?: ApplicationState[];
  resourceCode?: string;
  limit: number;
  offset: number;
}

export async function searchApplications(q: Q, f: ApplicationSearch): Promise<{ rows: ApplicationRow[]; total: number }> {
  let s = q.selectFrom('sharing_application');
  if (f.consumerUnitId !== undefined) s = s.where('consumer_unit_id', '=', f.consumerUnitId);
  if (f.providerUnitId !== undefined) s = s.where('provider_unit_id', '=', f.providerUnitId);
  const either = f.eitherUnitId;
  if (either !== undefined) s = s.where((eb) => eb.or([eb('consumer_unit_id', '=', either), eb('provider_unit_id', '=', either)]));
  if (f.states !== undefined) {
    if (f.states.length === 0) return { rows: [], total: 0 };
    s = s.where('state', 'in', f.states);
  }
  if (f.excludeStates?.length) s = s.where('state', 'not in', f.excludeStates);
  if (f.resourceCode !== undefined) s = s.where('resource_code', '=', f.resourceCode);
  const [rows, count] = await Promise.all([
    s.selectAll().orderBy('updated_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
    s.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Approved applications whose data is not confirmed delivered (the delivery sweep). */
export async function awaitingDelivery(q: Q, limit: number): Promise<ApplicationRow[]> {
  return q
    .selectFrom('sharing_application')
    .selectAll()
    .where('state', '=', 'approved')
    .where('delivered_at', 'is', null)
    .where('grant_id', 'is not', null)
    .orderBy('decided_at')
    .limit(limit)
    .execute();
}

/**
 * Whether a resource's dataset holds rows. Read-only look at the exchange module's registry
 * (the sharing deps carry no exchange service); the delivery sweep is the only caller.
 */
export async function datasetHasRows(q: Q, resourceCode: string): Promise<boolean> {
  const r = await q.selectFrom('exchange_dataset').select('row_count').where('resource_code', '=', resourceCode).executeTakeFirst();
  return !!r && Number(r.row_count) > 0;
}

export async function systemOf(q: Q, id: string): Promise<{ unitId: string; disabled: boolean } | null> {
  const r = await q.selectFrom('app_system').select(['unit_id', 'disabled']).where('id', '=', id).executeTakeFirst();
  return r ? { unitId: r.unit_id, disabled: !!Number(r.disabled) } : null;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export function toApplication(r: ApplicationRow): Application {
  return {
    id: r.id,
    state: r.state,
    resourceCode: r.resource_code,
    resourceVersion: Number(r.resource_version),
    resourceName: r.resource_name,
    providerUnitId: r.provider_unit_id,
    consumerUnitId: r.consumer_unit_id,
    consumerSystemId: r.consumer_system_id,
    applicantId: r.applicant_id,
    applicantName: r.applicant_name,
    fields: parseJson<string[] | null>(r.fields, null),
    purpose: r.purpose,
    legalBasis: r.legal_basis,
    scenario: r.scenario,
    scope: r.scope,
    method: (r.method as Application['method']) ?? null,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    quotaRequestsPerDay: num(r.quota_requests_per_day),
    quotaRowsPerDay: num(r.quota_rows_per_day),
    missing: parseJson<RequiredField[]>(r.missing, []),
    incompleteNote: r.incomplete_note,
    autoAnswer: r.auto_answer,
    decisionComment: r.decision_comment,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    grantId: r.grant_id,
    agreementId: r.agreement_id,
    extension:
      r.extension_state === null
        ? null
        : { state: r.extension_state, days: Number(r.extension_days ?? 0), reason: r.extension_reason ?? '', comment: r.extension_comment },
    coordination: r.coordination_decision === null ? null : { decision: r.coordination_decision, comment: r.coordination_comment ?? '' },
    deliveredAt: r.delivered_at,
    submittedAt: r.submitted_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
