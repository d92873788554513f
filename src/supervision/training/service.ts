/**
 * 培训 (R24, 第二十三条): training sessions, who attended them, and the half-year coverage that
 * flags the units whose sharing staff were not trained.
 *
 * Every change runs in one audit.transact (the change and its audit event commit together);
 * attendance is added all-or-nothing, a person once per session (409 on a duplicate).
 * "Trained" everywhere (coverage, byUnit, summary) means: attended a session, as sharing staff.
 */
import { cstDate } from '../../core/calendar/dates.js';
import { randomUUID } from 'node:crypto';
import { AppError, invalid } from '../../core/errors.js';
import type { MessageKey } from '../../core/i18n.js';
import { isUniqueViolation } from '../../core/db/query.js';
import type { AuditInput } from '../../audit/types.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import type { SupervisionDeps } from '../deps.js';
import type { TrainingStats } from '../types.js';
import {
  SHARING_STAFF_ROLES,
  TOPIC_KINDS,
  TRAINING_LIMITS,
  type Attendance,
  type AttendanceInput,
  type Coverage,
  type CoverageRow,
  type Session,
  type SessionDetail,
  type SessionInput,
  type SessionQuery,
  type TopicKind,
} from './model.js';
import { can, type TrainingPolicyAction } from './policy.js';
import { halfRange, yearRange } from './halves.js';
import * as store from './store.js';
import './messages.js';

export * from './model.js';
export { halfRange, halfOf, yearRange } from './halves.js';

/** 培训 (R24). */
export interface TrainingService extends TrainingStats {
  /** Records a session (the authority, administrators). Audited 'supervision.training.session.create'. */
  createSession(by: SharingActor, input: SessionInput): Promise<SessionDetail>;
  /** Edits a session's details. Audited 'supervision.training.session.update'. */
  updateSession(by: SharingActor, id: string, patch: Partial<SessionInput>): Promise<SessionDetail>;
  /** Deletes a session and its attendance (a session recorded by mistake). Audited 'supervision.training.session.delete'. */
  deleteSession(by: SharingActor, id: string): Promise<void>;
  /** One session with its attendance (a unit's steward: the own unit's attendance only). */
  getSession(by: SharingActor, id: string): Promise<SessionDetail>;
  listSessions(by: SharingActor, q?: SessionQuery): Promise<{ items: Session[]; total: number }>;
  /** Adds people to a session, all or nothing (400 on bad input, 409 on a duplicate). Audited 'supervision.training.attendance.add'. */
  addAttendance(by: SharingActor, sessionId: string, entries: AttendanceInput[]): Promise<SessionDetail>;
  /** Adds every sharing-staff account of a unit not yet recorded at the session. Audited 'supervision.training.attendance.add'. */
  addUnitStaff(by: SharingActor, sessionId: string, input: { unitId: string; attended?: boolean | null }): Promise<SessionDetail>;
  /** Imports attendance from CSV text (header: unitCode,username,name,post,attended,result,certificate); all or nothing. */
  importAttendanceCsv(by: SharingActor, sessionId: string, csv: string): Promise<SessionDetail>;
  /** Corrects one attendance record (attended, result, certificate, post, sharing staff). Audited 'supervision.training.attendance.update'. */
  updateAttendance(
    by: SharingActor,
    sessionId: string,
    attendanceId: string,
    patch: { attended?: boolean | null; result?: string | null; certificate?: string | null; post?: string | null; sharingStaff?: boolean | null },
  ): Promise<Attendance>;
  removeAttendance(by: SharingActor, sessionId: string, attendanceId: string): Promise<void>;
  /** Every unit in a half-year ('2026H2'), flagging those with no trained sharing staff (a steward: the own unit only). */
  coverage(by: SharingActor, half: string): Promise<Coverage>;
}

type FieldIssue = { field: string; code: string; messageKey: MessageKey; params?: Record<string, string | number> };

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A session's start: an instant with an offset, or a CST day (taken as 09:00 CST). */
export function parseStart(s: string): string | null {
  if (DATE_RE.test(s)) {
    const t = Date.parse(`${s}T09:00:00+08:00`);
    if (!Number.isFinite(t) || new Date(t + 8 * 3_600_000).toISOString().slice(0, 10) !== s) return null;
    return new Date(t).toISOString();
  }
  if (!DATETIME_RE.test(s)) return null;
  const t = Date.parse(s);
  if (!Number.isFinite(t)) return null;
  // Reject impossible calendar dates that Date.parse would roll over (2026-02-30).
  const day = s.slice(0, 10);
  if (new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) return null;
  return new Date(t).toISOString();
}

const cstDay = (instant: string) => cstDate(new Date(instant));

export function createTrainingService(deps: SupervisionDeps): TrainingService {
  const { db, audit, clock, org } = deps;
  const k = db.kysely;
  const now = () => clock.now().toISOString();

  const notFound = (id: string) => new AppError(404, 'not_found', 'supervision.training.not_found', { id });
  const forbidden = () => new AppError(403, 'forbidden', 'supervision.training.forbidden');

  function require(by: SharingActor, action: TrainingPolicyAction, target?: { unitId?: string | null }) {
    if (!can(by, action, target)) throw forbidden();
  }

  const event = (by: SharingActor, action: string, targetId: string, detail: Record<string, unknown>): AuditInput => ({
    actorType: by.actorType,
    actorId: by.actorId,
    actorName: by.actorName,
    unitId: by.unitId,
    clientIp: by.clientIp,
    requestId: by.requestId,
    action,
    targetType: 'training_session',
    targetId,
    result: 'success',
    detail,
  });

  function text(issues: FieldIssue[], field: string, v: unknown, max: number, required: boolean): string | null {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) issues.push({ field, code: 'required', messageKey: 'supervision.training.text_required' });
      return null;
    }
    if (typeof v !== 'string' || CONTROL.test(v)) {
      issues.push({ field, code: 'invalid_value', messageKey: 'supervision.training.text_required' });
      return null;
    }
    const s = v.trim();
    if ([...s].length > max) issues.push({ field, code: 'too_long', messageKey: 'supervision.training.too_long', params: { max } });
    return s;
  }

  async function unitNames(ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const list = [...new Set(ids)];
    if (!list.length) return out;
    for (const r of await k.selectFrom('unit').select(['id', 'name']).where('id', 'in', list).execute()) out.set(r.id, r.name);
    return out;
  }

  async function usernames(ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const list = [...new Set(ids)];
    if (!list.length) return out;
    for (const r of await k.selectFrom('app_user').select(['id', 'username']).where('id', 'in', list).execute()) out.set(r.id, r.username);
    return out;
  }

  /** The unit whose attendance the caller sees (undefined = every unit). */
  function scopeOf(by: SharingActor): string | undefined {
    if (can(by, 'training.read_all')) return undefined;
    if (can(by, 'training.read_unit', { unitId: by.unitId }) && by.unitId) return by.unitId;
    throw forbidden();
  }

  async function detail(by: SharingActor, row: store.SessionRow): Promise<SessionDetail> {
    const scope = scopeOf(by);
    const [rows, counts] = await Promise.all([store.attendanceOf(k, row.id, scope), store.attendanceCounts(k, [row.id], scope)]);
    const names = await unitNames([row.organizer_unit_id, ...rows.map((r) => r.unit_id)]);
    const users = await usernames(rows.flatMap((r) => (r.user_id ? [r.user_id] : [])));
    return {
      ...store.toSession(row, counts.get(row.id)!, names),
      attendance: rows.map((r) => store.toAttendance(r, names, users)),
      actions: can(by, 'training.manage') ? ['manage'] : [],
    };
  }

  async function checkSession(issues: FieldIssue[], body: Partial<SessionInput>, partial: boolean): Promise<Partial<store.SessionRow>> {
    const out: Partial<store.SessionRow> = {};
    const want = (key: keyof SessionInput) => !partial || body[key] !== undefined;
    if (want('title')) out.title = text(issues, 'body.title', body.title, TRAINING_LIMITS.titleMax, true) ?? '';
    if (want('startsAt')) {
      const raw = typeof body.startsAt === 'string' ? body.startsAt.trim() : '';
      const at = raw ? parseStart(raw) : null;
      if (!at) issues.push({ field: 'body.startsAt', code: 'invalid_time', messageKey: 'supervision.training.invalid_time', params: { value: String(body.startsAt ?? '') } });
      else {
        out.starts_at = at;
        out.day = cstDay(at);
      }
    }
    if (want('topic')) {
      if (!TOPIC_KINDS.includes(body.topic as TopicKind)) issues.push({ field: 'body.topic', code: 'invalid_topic', messageKey: 'supervision.training.invalid_topic' });
      else out.topic = body.topic as TopicKind;
    }
    if (want('organizerUnitId')) {
      const id = typeof body.organizerUnitId === 'string' ? body.organizerUnitId : '';
      if (!id || !(await org.getUnit(id))) issues.push({ field: 'body.organizerUnitId', code: 'unknown_unit', messageKey: 'supervision.training.unknown_unit', params: { id: String(body.organizerUnitId ?? '') } });
      else out.organizer_unit_id = id;
    }
    if (want('location')) out.location = text(issues, 'body.location', body.location, TRAINING_LIMITS.textMax, false);
    if (want('trainer')) out.trainer = text(issues, 'body.trainer', body.trainer, TRAINING_LIMITS.textMax, false);
    if (want('description')) out.description = text(issues, 'body.description', body.description, TRAINING_LIMITS.descriptionMax, false);
    if (want('hours')) {
      const h = body.hours;
      if (h === undefined || h === null) out.hours_tenths = null;
      else if (typeof h !== 'number' || !Number.isFinite(h) || h < 0 || h > 100) issues.push({ field: 'body.hours', code: 'invalid_hours', messageKey: 'supervision.training.invalid_hours' });
      else out.hours_tenths = Math.round(h * 10);
    }
    return out;
  }

  async function loadForManage(by: SharingActor, trx: typeof k | Parameters<Parameters<typeof audit.transact>[0]>[0], id: string): Promise<store.SessionRow> {
    require(by, 'training.manage');
    const row = await store.findSession(trx, id);
    if (!row) throw notFound(id);
    return row;
  }

  /** Validates attendance entries against the unit and user tables and the session's existing people. */
  async function buildAttendance(by: SharingActor, sessionId: string, entries: unknown, field = 'body.entries'): Promise<store.AttendanceRow[]> {
    const issues: FieldIssue[] = [];
    if (!Array.isArray(entries) || entries.length === 0) throw invalid([{ field, code: 'required', messageKey: 'supervision.training.text_required' }]);
    if (entries.length > TRAINING_LIMITS.bulkMax) throw invalid([{ field, code: 'too_many', messageKey: 'supervision.training.too_many', params: { max: TRAINING_LIMITS.bulkMax } }]);
    const at = now();
    const rows: store.AttendanceRow[] = [];
    const seen = new Set<string>();
    for (const [i, raw] of (entries as AttendanceInput[]).entries()) {
      const f = `${field}/${i}`;
      const e = (raw ?? {}) as AttendanceInput;
      const unit = typeof e.unitId === 'string' && e.unitId ? await org.getUnit(e.unitId) : null;
      if (!unit) {
        issues.push({ field: `${f}/unitId`, code: 'unknown_unit', messageKey: 'supervision.training.unknown_unit', params: { id: String(e.unitId ?? '') } });
        continue;
      }
      const hasUser = typeof e.userId === 'string' && e.userId !== '';
      const hasName = typeof e.name === 'string' && e.name.trim() !== '';
      if (hasUser && hasName) {
        issues.push({ field: f, code: 'person_both', messageKey: 'supervision.training.person_both' });
        continue;
      }
      const result = text(issues, `${f}/result`, e.result, TRAINING_LIMITS.resultMax, false);
      const certificate = text(issues, `${f}/certificate`, e.certificate, TRAINING_LIMITS.textMax, false);
      const post = text(issues, `${f}/post`, e.post, TRAINING_LIMITS.postMax, false);
      let row: Omit<store.AttendanceRow, 'result' | 'certificate' | 'person_post'> | null = null;
      if (hasUser) {
        const user = await org.getUser(e.userId!);
        if (!user) {
          issues.push({ field: `${f}/userId`, code: 'unknown_user', messageKey: 'supervision.training.unknown_user', params: { id: e.userId! } });
          continue;
        }
        if (user.unitId !== unit.id) {
          issues.push({ field: `${f}/userId`, code: 'user_not_in_unit', messageKey: 'supervision.training.user_not_in_unit', params: { user: user.username } });
          continue;
        }
        row = {
          id: randomUUID(),
          session_id: sessionId,
          unit_id: unit.id,
          user_id: user.id,
          person_name: user.displayName,
          person_key: `user:${user.id}`,
          sharing_staff: user.roles.some((r) => (SHARING_STAFF_ROLES as readonly string[]).includes(r)) ? 1 : 0,
          attended: e.attended === false ? 0 : 1,
          recorded_by: by.actorName,
          recorded_at: at,
          updated_at: at,
        };
      } else if (hasName) {
        const name = text(issues, `${f}/name`, e.name, TRAINING_LIMITS.nameMax, true);
        if (!post) issues.push({ field: `${f}/post`, code: 'required', messageKey: 'supervision.training.text_required' });
        if (!name || !post) continue;
        row = {
          id: randomUUID(),
          session_id: sessionId,
          unit_id: unit.id,
          user_id: null,
          person_name: name,
          person_key: `name:${name}|${post}`,
          sharing_staff: e.sharingStaff === false ? 0 : 1,
          attended: e.attended === false ? 0 : 1,
          recorded_by: by.actorName,
          recorded_at: at,
          updated_at: at,
        };
      } else {
        issues.push({ field: f, code: 'person_required', messageKey: 'supervision.training.person_required' });
        continue;
      }
      const key = `${row.unit_id}\u0000${row.person_key}`;
      if (seen.has(key)) {
        issues.push({ field: f, code: 'duplicate_attendance', messageKey: 'supervision.training.duplicate_attendance', params: { person: row.person_name } });
        continue;
      }
      seen.add(key);
      rows.push({ ...row, person_post: post, result, certificate });
    }
    if (issues.length) throw invalid(issues);
    return rows;
  }

  async function insertAll(by: SharingActor, sessionId: string, rows: store.AttendanceRow[], how: string): Promise<SessionDetail> {
    const session = await audit.transact(async (trx) => {
      const s = await loadForManage(by, trx, sessionId);
      const existing = await store.personKeys(trx, sessionId);
      const dup = rows.find((r) => existing.has(`${r.unit_id}\u0000${r.person_key}`));
      if (dup) throw new AppError(409, 'duplicate_attendance', 'supervision.training.duplicate_attendance', { person: dup.person_name });
      try {
        await store.insertAttendance(trx, rows);
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError(409, 'duplicate_attendance', 'supervision.training.duplicate_attendance', { person: '' });
        throw e;
      }
      const units = [...new Set(rows.map((r) => r.unit_id))];
      return {
        value: s,
        events: [event(by, 'supervision.training.attendance.add', sessionId, { how, count: rows.length, attended: rows.filter((r) => r.attended === 1).length, units })],
      };
    });
    return detail(by, session);
  }

  function period(q: { from: string; to: string }): { from: string; to: string } {
    const ok = (s: string) => typeof s === 'string' && Number.isFinite(Date.parse(s));
    if (!ok(q.from) || !ok(q.to)) throw invalid([{ field: 'period', code: 'invalid_time', messageKey: 'supervision.training.invalid_time', params: { value: `${q.from}…${q.to}` } }]);
    return { from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString() };
  }

  return {
    async createSession(by, input) {
      require(by, 'training.manage');
      const issues: FieldIssue[] = [];
      const fields = await checkSession(issues, (input ?? {}) as Partial<SessionInput>, false);
      if (issues.length) throw invalid(issues);
      const at = now();
      const row: store.SessionRow = {
        id: randomUUID(),
        title: fields.title!,
        starts_at: fields.starts_at!,
        day: fields.day!,
        topic: fields.topic!,
        organizer_unit_id: fields.organizer_unit_id!,
        location: fields.location ?? null,
        description: fields.description ?? null,
        trainer: fields.trainer ?? null,
        hours_tenths: fields.hours_tenths ?? null,
        created_by: by.actorName,
        created_at: at,
        updated_at: at,
      };
      await audit.transact(async (trx) => {
        await store.insertSession(trx, row);
        return { value: null, events: [event(by, 'supervision.training.session.create', row.id, { title: row.title, startsAt: row.starts_at, topic: row.topic, organizerUnitId: row.organizer_unit_id })] };
      });
      return detail(by, row);
    },

    async updateSession(by, id, patch) {
      require(by, 'training.manage');
      const issues: FieldIssue[] = [];
      const fields = await checkSession(issues, (patch ?? {}) as Partial<SessionInput>, true);
      if (issues.length) throw invalid(issues);
      const row = await audit.transact(async (trx) => {
        const current = await loadForManage(by, trx, id);
        const at = now();
        const next = { ...current, ...fields, updated_at: at };
        if (!(await store.updateSession(trx, id, current.updated_at, { ...fields, updated_at: at }))) throw new AppError(409, 'training_changed', 'supervision.training.changed');
        const changed = Object.keys(fields).filter((key) => current[key as keyof store.SessionRow] !== fields[key as keyof store.SessionRow]);
        return { value: next, events: [event(by, 'supervision.training.session.update', id, { changed })] };
      });
      return detail(by, row);
    },

    async deleteSession(by, id) {
      await audit.transact(async (trx) => {
        const current = await loadForManage(by, trx, id);
        const removed = await store.deleteSession(trx, id);
        return { value: null, events: [event(by, 'supervision.training.session.delete', id, { title: current.title, startsAt: current.starts_at, attendanceRemoved: removed })] };
      });
    },

    async getSession(by, id) {
      require(by, 'training.list');
      const row = await store.findSession(k, id);
      if (!row) throw notFound(id);
      return detail(by, row);
    },

    async listSessions(by, q = {}) {
      require(by, 'training.list');
      const scope = scopeOf(by);
      const issues: FieldIssue[] = [];
      let range: { from?: string; to?: string } = {};
      if (q.half) {
        const r = halfRange(q.half);
        if (!r) issues.push({ field: 'querystring.half', code: 'invalid_half', messageKey: 'supervision.training.invalid_half', params: { value: q.half } });
        else range = r;
      } else if (q.year !== undefined) {
        if (!Number.isInteger(q.year) || q.year < 2000 || q.year > 2099) issues.push({ field: 'querystring.year', code: 'invalid_half', messageKey: 'supervision.training.invalid_half', params: { value: String(q.year) } });
        else range = yearRange(q.year);
      }
      if (q.topic !== undefined && !TOPIC_KINDS.includes(q.topic)) issues.push({ field: 'querystring.topic', code: 'invalid_topic', messageKey: 'supervision.training.invalid_topic' });
      if (issues.length) throw invalid(issues);
      if (scope && q.unitId && q.unitId !== scope) throw new AppError(403, 'forbidden', 'supervision.training.unit_forbidden');
      const { items, total } = await store.listSessions(k, { ...range, topic: q.topic, unitId: q.unitId, limit: q.limit, offset: q.offset });
      const counts = await store.attendanceCounts(k, items.map((r) => r.id), scope);
      const names = await unitNames(items.map((r) => r.organizer_unit_id));
      return { items: items.map((r) => store.toSession(r, counts.get(r.id)!, names)), total };
    },

    async addAttendance(by, sessionId, entries) {
      require(by, 'training.manage');
      if (!(await store.findSession(k, sessionId))) throw notFound(sessionId);
      return insertAll(by, sessionId, await buildAttendance(by, sessionId, entries), 'entries');
    },

    async addUnitStaff(by, sessionId, input) {
      require(by, 'training.manage');
      if (!(await store.findSession(k, sessionId))) throw notFound(sessionId);
      const unitId = input?.unitId;
      if (typeof unitId !== 'string' || !(await org.getUnit(unitId))) {
        throw invalid([{ field: 'body.unitId', code: 'unknown_unit', messageKey: 'supervision.training.unknown_unit', params: { id: String(unitId ?? '') } }]);
      }
      const users = (await org.listUsers({ unitId, limit: 1000 })).items.filter((u) => !u.disabled && u.roles.some((r) => (SHARING_STAFF_ROLES as readonly string[]).includes(r)));
      const existing = await store.personKeys(k, sessionId);
      const fresh = users.filter((u) => !existing.has(`${unitId}\u0000user:${u.id}`));
      if (!fresh.length) return detail(by, (await store.findSession(k, sessionId))!);
      const rows = await buildAttendance(
        by,
        sessionId,
        fresh.map((u) => ({ unitId, userId: u.id, attended: input.attended !== false })),
      );
      return insertAll(by, sessionId, rows, 'unit');
    },

    async importAttendanceCsv(by, sessionId, csv) {
      require(by, 'training.manage');
      if (!(await store.findSession(k, sessionId))) throw notFound(sessionId);
      const entries = await parseAttendanceCsv(csv, async (code) => (await org.getUnitByCode(code))?.id ?? null, async (u) => (await org.getUserByUsername(u))?.id ?? null);
      return insertAll(by, sessionId, await buildAttendance(by, sessionId, entries, 'csv'), 'csv');
    },

    async updateAttendance(by, sessionId, attendanceId, patch) {
      const p = (patch ?? {}) as Record<string, unknown>;
      const issues: FieldIssue[] = [];
      const set: Partial<store.AttendanceRow> = {};
      if (p.attended !== undefined && p.attended !== null) set.attended = p.attended === true ? 1 : 0;
      if (p.sharingStaff !== undefined && p.sharingStaff !== null) set.sharing_staff = p.sharingStaff === true ? 1 : 0;
      if (p.result !== undefined) set.result = text(issues, 'body.result', p.result, TRAINING_LIMITS.resultMax, false);
      if (p.certificate !== undefined) set.certificate = text(issues, 'body.certificate', p.certificate, TRAINING_LIMITS.textMax, false);
      if (p.post !== undefined) set.person_post = text(issues, 'body.post', p.post, TRAINING_LIMITS.postMax, false);
      if (issues.length) throw invalid(issues);
      const row = await audit.transact(async (trx) => {
        await loadForManage(by, trx, sessionId);
        const current = await store.findAttendance(trx, sessionId, attendanceId);
        if (!current) throw new AppError(404, 'not_found', 'supervision.training.attendance_not_found', { id: attendanceId });
        const at = now();
        await store.updateAttendance(trx, attendanceId, { ...set, updated_at: at });
        return { value: { ...current, ...set, updated_at: at }, events: [event(by, 'supervision.training.attendance.update', sessionId, { attendanceId, unitId: current.unit_id, changed: Object.keys(set) })] };
      });
      const names = await unitNames([row.unit_id]);
      return store.toAttendance(row, names, await usernames(row.user_id ? [row.user_id] : []));
    },

    async removeAttendance(by, sessionId, attendanceId) {
      await audit.transact(async (trx) => {
        await loadForManage(by, trx, sessionId);
        const current = await store.findAttendance(trx, sessionId, attendanceId);
        if (!current) throw new AppError(404, 'not_found', 'supervision.training.attendance_not_found', { id: attendanceId });
        await store.deleteAttendance(trx, attendanceId);
        return { value: null, events: [event(by, 'supervision.training.attendance.remove', sessionId, { attendanceId, unitId: current.unit_id, name: current.person_name })] };
      });
    },

    async coverage(by, half) {
      const range = typeof half === 'string' ? halfRange(half) : null;
      if (!range) throw invalid([{ field: 'querystring.half', code: 'invalid_half', messageKey: 'supervision.training.invalid_half', params: { value: String(half ?? '') } }]);
      let scope: string | undefined;
      if (can(by, 'training.read_all')) scope = undefined;
      else if (by.unitId && can(by, 'training.read_unit', { unitId: by.unitId })) scope = by.unitId;
      else throw forbidden();
      const [{ units, users }, trained] = await Promise.all([store.unitsAndStaff(k), store.trainedByUnit(k, range.from, range.to)]);
      const staff = new Map<string, number>();
      for (const u of users) {
        if (!u.unit_id) continue;
        const roles = JSON.parse(u.roles) as string[];
        if (roles.some((r) => (SHARING_STAFF_ROLES as readonly string[]).includes(r))) staff.set(u.unit_id, (staff.get(u.unit_id) ?? 0) + 1);
      }
      const byUnit = new Map(trained.map((t) => [t.unitId, t]));
      const rows: CoverageRow[] = units
        .filter((u) => !scope || u.id === scope)
        .map((u) => {
          const t = byUnit.get(u.id);
          return {
            unitId: u.id,
            unitName: u.name,
            unitKind: u.kind,
            staffAccounts: staff.get(u.id) ?? 0,
            trainedStaff: t?.people ?? 0,
            sessions: t?.sessions ?? 0,
            absences: t?.absences ?? 0,
            untrained: (t?.people ?? 0) === 0,
          };
        });
      return {
        half,
        from: range.from,
        to: range.to,
        units: rows,
        totals: {
          units: rows.length,
          untrainedUnits: rows.filter((r) => r.untrained).length,
          trainedStaff: rows.reduce((n, r) => n + r.trainedStaff, 0),
          sessions: scope ? rows.reduce((n, r) => n + r.sessions, 0) : await store.sessionsIn(k, range.from, range.to),
        },
      };
    },

    async byUnit(q) {
      const { from, to } = period(q);
      return (await store.trainedByUnit(k, from, to)).filter((r) => r.people > 0).map(({ unitId, sessions, people }) => ({ unitId, sessions, people }));
    },

    async summary(q) {
      const { from, to } = period(q);
      const [rows, sessions, attendances] = await Promise.all([
        store.trainedByUnit(k, from, to),
        store.sessionsIn(k, from, to),
        k
          .selectFrom('supervision_training_attendance as a')
          .innerJoin('supervision_training_session as s', 's.id', 'a.session_id')
          .where('s.starts_at', '>=', from)
          .where('s.starts_at', '<', to)
          .where('a.sharing_staff', '=', 1)
          .where('a.attended', '=', 1)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      const trained = rows.filter((r) => r.people > 0);
      return { sessions, attendances: Number(attendances.n), people: trained.reduce((n, r) => n + r.people, 0), units: trained.length };
    },
  };
}

/**
 * Attendance CSV (UTF-8, optional BOM, comma-separated, "…" quoting): a header row naming the
 * columns unitCode (统一社会信用代码), username or name + post, attended (是/否, 1/0, yes/no, true/false;
 * default yes), result, certificate, sharingStaff. Chinese headers 单位代码/用户名/姓名/岗位/是否参训/成绩/证书 also work.
 */
export async function parseAttendanceCsv(
  csv: string,
  unitByCode: (code: string) => Promise<string | null>,
  userByName: (username: string) => Promise<string | null>,
): Promise<AttendanceInput[]> {
  const bad = (line: number, reason: string) => new AppError(400, 'invalid_csv', 'supervision.training.invalid_csv', { line, reason });
  const lines = parseCsv(String(csv ?? '').replace(/^\uFEFF/, ''));
  if (lines.length < 2) throw bad(1, 'header and at least one row required');
  const alias: Record<string, string> = {
    单位代码: 'unitCode', 用户名: 'username', 姓名: 'name', 岗位: 'post', 是否参训: 'attended', 成绩: 'result', 证书: 'certificate', 共享工作人员: 'sharingStaff',
  };
  const header = lines[0]!.map((h) => alias[h.trim()] ?? h.trim());
  if (!header.includes('unitCode')) throw bad(1, 'no unitCode column');
  if (lines.length - 1 > TRAINING_LIMITS.bulkMax) throw bad(lines.length, `at most ${TRAINING_LIMITS.bulkMax} rows`);
  const yes = (v: string | undefined, line: number): boolean | null => {
    const s = (v ?? '').trim().toLowerCase();
    if (s === '') return null;
    if (['1', 'yes', 'y', 'true', '是'].includes(s)) return true;
    if (['0', 'no', 'n', 'false', '否'].includes(s)) return false;
    throw bad(line, `not yes/no: ${s.slice(0, 20)}`);
  };
  const out: AttendanceInput[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!;
    if (cells.every((c) => c.trim() === '')) continue;
    const get = (name: string) => {
      const j = header.indexOf(name);
      return j < 0 ? undefined : cells[j]?.trim();
    };
    const line = i + 1;
    const code = get('unitCode') ?? '';
    const unitId = await unitByCode(code.toUpperCase());
    if (!unitId) throw bad(line, `unknown unit ${code.slice(0, 40)}`);
    const username = get('username');
    let userId: string | null = null;
    if (username) {
      userId = await userByName(username);
      if (!userId) throw bad(line, `unknown user ${username.slice(0, 40)}`);
    }
    out.push({
      unitId,
      userId,
      name: userId ? null : (get('name') ?? null),
      post: get('post') || null,
      attended: yes(get('attended'), line),
      result: get('result') || null,
      certificate: get('certificate') || null,
      sharingStaff: yes(get('sharingStaff'), line),
    });
  }
  return out;
}

/** RFC 4180-ish: quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
