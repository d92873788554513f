import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import type { EvaluationEvidenceTable, EvaluationRunTable } from './tables.js';

/** Queries of the annual evaluation: plain functions over `db` or a transaction. */

type K = Kysely<Database> | Transaction<Database>;
export type RunRow = EvaluationRunTable;

export async function units(k: K): Promise<{ id: string; name: string; functions: string[] }[]> {
  const rows = await k.selectFrom('unit').select(['id', 'name', 'short_name', 'functions']).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.short_name || r.name, functions: parseFunctions(r.functions) }));
}

function parseFunctions(text: string | null): string[] {
  try {
    const v: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export async function latestSettings(k: K): Promise<{ version: number; body: string; created_by: string; created_at: string } | undefined> {
  return k.selectFrom('evaluation_setting').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function insertSettings(k: K, row: { version: number; body: string; created_by: string; created_at: string }): Promise<void> {
  await k.insertInto('evaluation_setting').values(row).execute();
}

export async function nextVersion(k: K, year: number): Promise<number> {
  const r = await k.selectFrom('evaluation_run').select((eb) => eb.fn.max('version').as('v')).where('year', '=', year).executeTakeFirst();
  return Number(r?.v ?? 0) + 1;
}

export async function insertRun(k: K, row: RunRow, evidence: EvaluationEvidenceTable[]): Promise<void> {
  await k.insertInto('evaluation_run').values(row).execute();
  for (let i = 0; i < evidence.length; i += 500) await k.insertInto('evaluation_evidence').values(evidence.slice(i, i + 500)).execute();
}

export async function findRun(k: K, id: string): Promise<RunRow | undefined> {
  return k.selectFrom('evaluation_run').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Runs without their (large) results, newest first. */
export async function listRuns(k: K, q: { year?: number; publishedOnly?: boolean }): Promise<Omit<RunRow, 'results' | 'settings' | 'best'>[]> {
  let s = k
    .selectFrom('evaluation_run')
    .select(['id', 'year', 'version', 'state', 'settings_version', 'period_from', 'period_to', 'computed_at', 'created_by', 'unit_count', 'published_at', 'published_by']);
  if (q.year !== undefined) s = s.where('year', '=', q.year);
  if (q.publishedOnly) s = s.where('state', '=', 'published');
  return s.orderBy('year', 'desc').orderBy('version', 'desc').execute();
}

/** Highest published version per year (what makes older published versions superseded). */
export async function latestPublishedVersions(k: K): Promise<Map<number, number>> {
  const rows = await k.selectFrom('evaluation_run').select(['year', (eb) => eb.fn.max('version').as('v')]).where('state', '=', 'published').groupBy('year').execute();
  return new Map(rows.map((r) => [Number(r.year), Number(r.v)]));
}

export async function publish(k: K, id: string, at: string, by: string): Promise<boolean> {
  const r = await k.updateTable('evaluation_run').set({ state: 'published', published_at: at, published_by: by }).where('id', '=', id).where('state', '=', 'draft').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function discard(k: K, id: string): Promise<boolean> {
  const run = await k.selectFrom('evaluation_run').select('state').where('id', '=', id).executeTakeFirst();
  if (!run || run.state !== 'draft') return false;
  await k.deleteFrom('evaluation_evidence').where('run_id', '=', id).execute();
  const r = await k.deleteFrom('evaluation_run').where('id', '=', id).where('state', '=', 'draft').executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function evidenceOf(k: K, runId: string, unitId: string): Promise<{ indicator: string; records: string }[]> {
  return k.selectFrom('evaluation_evidence').select(['indicator', 'records']).where('run_id', '=', runId).where('unit_id', '=', unitId).execute();
}
