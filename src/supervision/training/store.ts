import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import { clampPage } from '../../core/db/query.js';
import type { TrainingAttendanceTable, TrainingSessionTable } from './tables.js';
import type { Attendance, Session, TopicKind } from './model.js';
import { halfOf } from './halves.js';

/** SQL of training. Functions take the Kysely instance or the transaction to run in. */
type Q = Kysely<Database> | Transaction<Database>;

export type SessionRow = TrainingSessionTable;
export type AttendanceRow = TrainingAttendanceTable;

export function toSession(r: SessionRow, counts: { attended: number; recorded: number }, names: Map<string, string>): Session {
  return {
    id: r.id,
    title: r.title,
    startsAt: r.starts_at,
    day: r.day,
    half: halfOf(r.starts_at),
    topic: r.topic,
    organizerUnitId: r.organizer_unit_id,
    organizerUnitName: names.get(r.organizer_unit_id) ?? null,
    location: r.location,
    description: r.description,
    trainer: r.trainer,
    hours: r.hours_tenths === null ? null : Number(r.hours_tenths) / 10,
    attended: counts.attended,
    recorded: counts.recorded,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toAttendance(r: AttendanceRow, names: Map<string, string>, usernames: Map<string, string>): Attendance {
  return {
    id: r.id,
    sessionId: r.session_id,
    unitId: r.unit_id,
    unitName: names.get(r.unit_id) ?? null,
    userId: r.user_id,
    username: r.user_id ? (usernames.get(r.user_id) ?? null) : null,
    name: r.person_name,
    post: r.person_post,
    sharingStaff: Number(r.sharing_staff) === 1,
    attended: Number(r.attended) === 1,
    result: r.result,
    certificate: r.certificate,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
    updatedAt: r.updated_at,
  };
}

export async function findSession(q: Q, id: string): Promise<SessionRow | null> {
  return (await q.selectFrom('supervision_training_session').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function insertSession(q: Q, row: SessionRow): Promise<void> {
  await q.insertInto('supervision_training_session').values(row).execute();
}

export async function updateSession(q: Q, id: string, expectUpdatedAt: string, patch: Partial<SessionRow>): Promise<boolean> {
  const r = await q.updateTable('supervision_training_session').set(patch).where('id', '=', id).where('updated_at', '=', expectUpdatedAt).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteSession(q: Q, id: string): Promise<number> {
  const a = await q.deleteFrom('supervision_training_attendance').where('session_id', '=', id).executeTakeFirst();
  await q.deleteFrom('supervision_training_session').where('id', '=', id).execute();
  return Number(a.numDeletedRows);
}

export interface SessionFilter {
  from?: string;
  to?: string;
  topic?: TopicKind;
  unitId?: string;
  limit?: number;
  offset?: number;
}

export async function listSessions(q: Q, f: SessionFilter): Promise<{ items: SessionRow[]; total: number }> {
  let base = q.selectFrom('supervision_training_session');
  if (f.from) base = base.where('starts_at', '>=', f.from);
  if (f.to) base = base.where('starts_at', '<', f.to);
  if (f.topic) base = base.where('topic', '=', f.topic);
  if (f.unitId) {
    const unitId = f.unitId;
    base = base.where((eb) =>
      eb.or([
        eb('organizer_unit_id', '=', unitId),
        eb.exists(
          eb
            .selectFrom('supervision_training_attendance as a')
            .select('a.id')
            .whereRef('a.session_id', '=', 'supervision_training_session.id')
            .where('a.unit_id', '=', unitId),
        ),
      ]),
    );
  }
  const { limit, offset } = clampPage(f, 200);
  const [items, count] = await Promise.all([
    base.selectAll().orderBy('starts_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** Attended / recorded per session (of one unit when given). */
export async function attendanceCounts(q: Q, sessionIds: string[], unitId?: string): Promise<Map<string, { attended: number; recorded: number }>> {
  const out = new Map<string, { attended: number; recorded: number }>();
  for (const id of sessionIds) out.set(id, { attended: 0, recorded: 0 });
  if (!sessionIds.length) return out;
  let base = q
    .selectFrom('supervision_training_attendance')
    .select(['session_id', (eb) => eb.fn.countAll().as('recorded'), (eb) => eb.fn.sum<number>('attended').as('attended')])
    .where('session_id', 'in', sessionIds);
  if (unitId) base = base.where('unit_id', '=', unitId);
  for (const r of await base.groupBy('session_id').execute()) out.set(r.session_id, { attended: Number(r.attended ?? 0), recorded: Number(r.recorded) });
  return out;
}

/** A session's attendance in unit order (by the unit's code), then as recorded. */
export async function attendanceOf(q: Q, sessionId: string, unitId?: string): Promise<AttendanceRow[]> {
  let base = q
    .selectFrom('supervision_training_attendance as a')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .selectAll('a')
    .where('a.session_id', '=', sessionId);
  if (unitId) base = base.where('a.unit_id', '=', unitId);
  return base.orderBy('u.code').orderBy('a.recorded_at').orderBy('a.person_name').orderBy('a.id').execute();
}

export async function findAttendance(q: Q, sessionId: string, id: string): Promise<AttendanceRow | null> {
  return (await q.selectFrom('supervision_training_attendance').selectAll().where('id', '=', id).where('session_id', '=', sessionId).executeTakeFirst()) ?? null;
}

export async function personKeys(q: Q, sessionId: string): Promise<Set<string>> {
  const rows = await q.selectFrom('supervision_training_attendance').select(['unit_id', 'person_key']).where('session_id', '=', sessionId).execute();
  return new Set(rows.map((r) => `${r.unit_id}\u0000${r.person_key}`));
}

export async function insertAttendance(q: Q, rows: AttendanceRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await q.insertInto('supervision_training_attendance').values(rows.slice(i, i + 200)).execute();
}

export async function updateAttendance(q: Q, id: string, patch: Partial<AttendanceRow>): Promise<void> {
  await q.updateTable('supervision_training_attendance').set(patch).where('id', '=', id).execute();
}

export async function deleteAttendance(q: Q, id: string): Promise<void> {
  await q.deleteFrom('supervision_training_attendance').where('id', '=', id).execute();
}

/** Trained sharing staff per unit among sessions starting in [from, to): distinct people, distinct sessions, absences. */
export async function trainedByUnit(q: Q, from: string, to: string): Promise<{ unitId: string; sessions: number; people: number; absences: number }[]> {
  const rows = await q
    .selectFrom('supervision_training_attendance as a')
    .innerJoin('supervision_training_session as s', 's.id', 'a.session_id')
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .where('a.sharing_staff', '=', 1)
    .select([
      'a.unit_id',
      sql<string>`count(distinct case when a.attended = 1 then a.session_id end)`.as('sessions'),
      sql<string>`count(distinct case when a.attended = 1 then a.person_key end)`.as('people'),
      sql<string>`sum(case when a.attended = 1 then 0 else 1 end)`.as('absences'),
    ])
    .groupBy('a.unit_id')
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id, sessions: Number(r.sessions), people: Number(r.people), absences: Number(r.absences ?? 0) }));
}

/** Sessions held in [from, to). */
export async function sessionsIn(q: Q, from: string, to: string): Promise<number> {
  const r = await q
    .selectFrom('supervision_training_session')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every unit, with its enabled accounts' roles (sharing staff are counted from them). */
export async function unitsAndStaff(q: Q): Promise<{ units: { id: string; name: string; kind: string; code: string }[]; users: { unit_id: string | null; roles: string }[] }> {
  const [units, users] = await Promise.all([
    q.selectFrom('unit').select(['id', 'name', 'kind', 'code']).orderBy('code').execute(),
    q.selectFrom('app_user').select(['unit_id', 'roles']).where('disabled', '=', 0).execute(),
  ]);
  return { units, users };
}
