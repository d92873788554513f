import { api } from '../../../api';

/** Types of the training API (mirrors src/supervision/training/schema.ts). */
export const TOPICS = ['business', 'security', 'both'] as const;
export type Topic = (typeof TOPICS)[number];

export interface Session {
  id: string;
  title: string;
  startsAt: string;
  day: string;
  half: string;
  topic: Topic;
  organizerUnitId: string;
  organizerUnitName: string | null;
  location: string | null;
  description: string | null;
  trainer: string | null;
  hours: number | null;
  attended: number;
  recorded: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface Attendance {
  id: string;
  sessionId: string;
  unitId: string;
  unitName: string | null;
  userId: string | null;
  username: string | null;
  name: string;
  post: string | null;
  sharingStaff: boolean;
  attended: boolean;
  result: string | null;
  certificate: string | null;
  recordedBy: string;
  recordedAt: string;
  updatedAt: string;
}

export interface SessionDetail extends Session {
  attendance: Attendance[];
  actions: 'manage'[];
}

export interface SessionInput {
  title: string;
  startsAt: string;
  topic: Topic;
  organizerUnitId: string;
  location?: string | null;
  description?: string | null;
  trainer?: string | null;
  hours?: number | null;
}

export interface AttendanceEntry {
  unitId: string;
  userId?: string | null;
  name?: string | null;
  post?: string | null;
  attended?: boolean;
  result?: string | null;
  certificate?: string | null;
}

export interface CoverageRow {
  unitId: string;
  unitName: string;
  unitKind: string;
  staffAccounts: number;
  trainedStaff: number;
  sessions: number;
  absences: number;
  untrained: boolean;
}

export interface Coverage {
  half: string;
  from: string;
  to: string;
  units: CoverageRow[];
  totals: { units: number; untrainedUnits: number; trainedStaff: number; sessions: number };
}

const base = '/supervision/training';
const one = (id: string) => `${base}/sessions/${encodeURIComponent(id)}`;

export const trainingApi = {
  list: (q: { half?: string; topic?: Topic; limit?: number; offset?: number }) => api.get<{ items: Session[]; total: number }>(`${base}/sessions`, q),
  get: (id: string) => api.get<SessionDetail>(one(id)),
  create: (input: SessionInput) => api.post<SessionDetail>(`${base}/sessions`, input),
  update: (id: string, patch: Partial<SessionInput>) => api.patch<SessionDetail>(one(id), patch),
  remove: (id: string) => api.delete<null>(one(id)),
  addAttendance: (id: string, entries: AttendanceEntry[]) => api.post<SessionDetail>(`${one(id)}/attendance`, { entries }),
  addUnit: (id: string, unitId: string) => api.post<SessionDetail>(`${one(id)}/attendance/unit`, { unitId }),
  importCsv: (id: string, csv: string) => api.post<SessionDetail>(`${one(id)}/attendance/csv`, { csv }),
  updateAttendance: (id: string, attendanceId: string, patch: { attended?: boolean; result?: string | null; certificate?: string | null }) =>
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
