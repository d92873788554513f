import { api } from '../../../api';

/** The training API's types and constants are the server's own (ADR 0017). */
export {
  TOPIC_KINDS as TOPICS,
  TRAINING_LIMITS,
  type Attendance,
  type AttendanceInput as AttendanceEntry,
  type Coverage,
  type CoverageRow,
  type Session,
  type SessionDetail,
  type SessionInput,
  type SessionQuery,
  type TopicKind as Topic,
} from '@server/supervision/training/model.js';
import type { Attendance, AttendanceInput, Coverage, Session, SessionDetail, SessionInput, SessionQuery } from '@server/supervision/training/model.js';

const base = '/supervision/training';
const one = (id: string) => `${base}/sessions/${encodeURIComponent(id)}`;

export const trainingApi = {
  list: (q: SessionQuery) => api.get<{ items: Session[]; total: number }>(`${base}/sessions`, { ...q }),
  get: (id: string) => api.get<SessionDetail>(one(id)),
  create: (input: SessionInput) => api.post<SessionDetail>(`${base}/sessions`, input),
  update: (id: string, patch: Partial<SessionInput>) => api.patch<SessionDetail>(one(id), patch),
  remove: (id: string) => api.delete<null>(one(id)),
  addAttendance: (id: string, entries: AttendanceInput[]) => api.post<SessionDetail>(`${one(id)}/attendance`, { entries }),
  addUnit: (id: string, unitId: string) => api.post<SessionDetail>(`${one(id)}/attendance/unit`, { unitId }),
  importCsv: (id: string, csv: string) => api.post<SessionDetail>(`${one(id)}/attendance/csv`, { csv }),
  updateAttendance: (id: string, attendanceId: string, patch: Pick<AttendanceInput, 'attended' | 'result' | 'certificate'>) =>
    api.patch<Attendance>(`${one(id)}/attendance/${encodeURIComponent(attendanceId)}`, patch),
  removeAttendance: (id: string, attendanceId: string) => api.delete<null>(`${one(id)}/attendance/${encodeURIComponent(attendanceId)}`),
  coverage: (half: string) => api.get<Coverage>(`${base}/coverage`, { half }),
};

/** The half-year of now (CST) and the few before it, newest first: ['2026H2', '2026H1', '2025H2', …]. */
export function recentHalves(count = 6, now = new Date()): string[] {
  const cst = new Date(now.getTime() + 8 * 3600_000);
  let y = cst.getUTCFullYear();
  let h = cst.getUTCMonth() < 6 ? 1 : 2;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${y}H${h}`);
    if (h === 2) h = 1;
    else {
      h = 2;
      y -= 1;
    }
  }
  return out;
}
