import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import type { ViolationCategory } from '../types.js';
import type { ViolationTable } from './tables.js';
import { articleOf, CONFIRMED_STATES, type Notice, type Violation, type ViolationSource, type ViolationState } from './model.js';

/** SQL of violations. Functions take the Kysely instance or the transaction to run in. */
type Q = Kysely<Database> | Transaction<Database>;

export type ViolationRow = ViolationTable;

function parseJson(s: string): Record<string, unknown> {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function toViolation(r: ViolationRow, names: Map<string, string>): Violation {
  const category = Number(r.category) as ViolationCategory;
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_id ? (names.get(r.unit_id) ?? null) : null,
    category,
    article: articleOf(category),
    source: r.source,
    ruleId: r.rule_id,
    complaintId: r.complaint_id,
    title: r.title,
    titleEn: r.title_en,
    description: r.description,
    evidence: parseJson(r.evidence),
    subject: r.subject_type && r.subject_id ? { type: r.subject_type, id: r.subject_id } : null,
    dedupeKey: r.dedupe_key,
    reviewOnly: Number(r.review_only) === 1,
    state: r.state,
    serious: Number(r.serious) === 1,
    sanction: r.sanction,
    observedAt: r.observed_at,
    detectedAt: r.detected_at,
    confirmedAt: r.confirmed_at,
    confirmedBy: r.confirmed_by,
    dismissedAt: r.dismissed_at,
    dismissReason: r.dismiss_reason,
    notifiedAt: r.notified_at,
    noticeText: r.notice_text,
    rectifyOrder: r.rectify_order,
    rectificationDueAt: r.rectification_due_at,
    rectifyRounds: Number(r.rectify_rounds),
    answer: r.answer,
    answeredAt: r.answered_at,
    answeredBy: r.answered_by,
    rectifiedAt: r.rectified_at,
    closeComment: r.close_comment,
    escalatedAt: r.escalated_at,
    closedAt: r.closed_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
  };
}

/** Inserts unless a row with the same dedupe key exists (also one a concurrent batch just wrote): true when inserted. */
export async function insertIfNew(q: Q, row: ViolationRow): Promise<boolean> {
  const r = await q
    .insertInto('supervision_violation')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function insert(q: Q, row: ViolationRow): Promise<void> {
  await q.insertInto('supervision_violation').values(row).execute();
}

/** Which of these dedupe keys exist already. */
export async function existingKeys(q: Q, keys: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const part = keys.slice(i, i + 500);
    const rows = await q.selectFrom('supervision_violation').select('dedupe_key').where('dedupe_key', 'in', part).execute();
    for (const r of rows) if (r.dedupe_key) out.add(r.dedupe_key);
  }
  return out;
}

export async function find(q: Q, id: string): Promise<ViolationRow | null> {
  return (await q.selectFrom('supervision_violation').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function findMany(q: Q, ids: string[]): Promise<ViolationRow[]> {
  if (!ids.length) return [];
  return q.selectFrom('supervision_violation').selectAll().where('id', 'in', ids).orderBy('detected_at').orderBy('id').execute();
}

/** Moves a violation from `from`; false when another transition got there first. */
export async function transition(q: Q, id: string, from: ViolationState, patch: Partial<ViolationRow>): Promise<boolean> {
  const r = await q.updateTable('supervision_violation').set(patch).where('id', '=', id).where('state', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface ListFilter {
  state?: ViolationState;
  category?: number;
  unitId?: string;
  source?: ViolationSource;
  from?: string;
  to?: string;
  reviewOnly?: boolean;
  /** Restrict to these states (a unit's people: confirmed and later). */
  states?: readonly ViolationState[];
  limit: number;
  offset: number;
}

export async function list(q: Q, f: ListFilter): Promise<{ rows: ViolationRow[]; total: number }> {
  let base = q.selectFrom('supervision_violation');
  if (f.state !== undefined) base = base.where('state', '=', f.state);
  if (f.states !== undefined) base = base.where('state', 'in', [...f.states]);
  if (f.category !== undefined) base = base.where('category', '=', f.category);
  if (f.unitId !== undefined) base = base.where('unit_id', '=', f.unitId);
  if (f.source !== undefined) base = base.where('source', '=', f.source);
  if (f.from !== undefined) base = base.where('detected_at', '>=', f.from);
  if (f.to !== undefined) base = base.where('detected_at', '<', f.to);
  if (f.reviewOnly !== undefined) base = base.where('review_only', '=', f.reviewOnly ? 1 : 0);
  const count = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  const rows = await base.selectAll().orderBy('updated_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute();
  return { rows, total: Number(count?.n ?? 0) };
}

/** Per unit and category: confirmations in [from, to), and the serious ones. */
export async function confirmedCounts(q: Q, from: string, to: string): Promise<{ unitId: string; category: number; n: number; serious: number }[]> {
  const rows = await q
    .selectFrom('supervision_violation')
    .select(['unit_id', 'category', (eb) => eb.fn.countAll<number | string>().as('n'), (eb) => eb.fn.sum<number | string>('serious').as('serious')])
    .where('unit_id', 'is not', null)
    .where('state', 'in', [...CONFIRMED_STATES])
    .where('confirmed_at', '>=', from)
    .where('confirmed_at', '<', to)
    .groupBy(['unit_id', 'category'])
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id!, category: Number(r.category), n: Number(r.n), serious: Number(r.serious ?? 0) }));
}

/** Created in [from, to), by state and category. */
export async function createdCounts(q: Q, from: string, to: string): Promise<{ state: string; category: number; n: number }[]> {
  const rows = await q
    .selectFrom('supervision_violation')
    .select(['state', 'category', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('detected_at', '>=', from)
    .where('detected_at', '<', to)
    .groupBy(['state', 'category'])
    .execute();
  return rows.map((r) => ({ state: r.state, category: Number(r.category), n: Number(r.n) }));
}

/** Published notices, newest first. */
export async function notices(q: Q, f: { unitId?: string; limit: number; offset: number }): Promise<{ rows: ViolationRow[]; total: number }> {
  let base = q.selectFrom('supervision_violation').where('notified_at', 'is not', null).where('notice_text', 'is not', null);
  if (f.unitId !== undefined) base = base.where('unit_id', '=', f.unitId);
  const count = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  const rows = await base.selectAll().orderBy('notified_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute();
  return { rows, total: Number(count?.n ?? 0) };
}

export function toNotice(r: ViolationRow, names: Map<string, string>): Notice {
  const category = Number(r.category) as ViolationCategory;
  return {
    violationId: r.id,
    unitId: r.unit_id,
    unitName: r.unit_id ? (names.get(r.unit_id) ?? null) : null,
    category,
    article: articleOf(category),
    title: r.title,
    titleEn: r.title_en,
    text: r.notice_text ?? '',
    notifiedAt: r.notified_at ?? '',
  };
}
