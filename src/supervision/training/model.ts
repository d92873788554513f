/**
 * Training (培训, R24, 第二十三条): each unit's sharing staff are trained on the business of
 * sharing and on security every half-year. Sessions are recorded by the IT authority with who
 * attended, per unit and person; the half-year coverage shows the units without trained staff.
 */

/** 业务 | 安全 | both in one session. */
export const TOPIC_KINDS = ['business', 'security', 'both'] as const;
export type TopicKind = (typeof TOPIC_KINDS)[number];

/** Roles whose holders are a unit's sharing staff (共享工作人员). */
export const SHARING_STAFF_ROLES = ['unit_steward', 'unit_user'] as const;

export const TRAINING_LIMITS = {
  titleMax: 200,
  textMax: 200,
  descriptionMax: 4000,
  nameMax: 50,
  postMax: 100,
  resultMax: 500,
  bulkMax: 500,
  listMax: 200,
} as const;

export interface SessionInput {
  title: string;
  /** When it starts: ISO-8601 with an offset, or a CST day (YYYY-MM-DD, taken as 09:00 CST). */
  startsAt: string;
  topic: TopicKind;
  /** The organizing unit (usually the IT authority). */
  organizerUnitId: string;
  location?: string | null;
  description?: string | null;
  trainer?: string | null;
  hours?: number | null;
}

export interface Session {
  id: string;
  title: string;
  startsAt: string;
  /** The CST calendar day of startsAt. */
  day: string;
  /** The half-year it counts for, e.g. '2026H1'. */
  half: string;
  topic: TopicKind;
  organizerUnitId: string;
  organizerUnitName: string | null;
  location: string | null;
  description: string | null;
  trainer: string | null;
  hours: number | null;
  /** Attended / recorded (for the caller: the own unit's only, when not city-wide). */
  attended: number;
  recorded: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** One person at a session: a platform user of the unit, or a named person without an account. */
export interface AttendanceInput {
  unitId: string;
  userId?: string | null;
  /** A named person (no account): name and post. */
  name?: string | null;
  post?: string | null;
  /** Named persons: whether they are sharing staff (default true). Users: from their roles. */
  sharingStaff?: boolean | null;
  attended?: boolean | null;
  result?: string | null;
  certificate?: string | null;
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
  /** What the caller may do: manage = edit the session and its attendance. */
  actions: 'manage'[];
}

export interface SessionQuery {
  /** '2026H1' / '2026H2': sessions starting in that half-year (CST). */
  half?: string;
  year?: number;
  topic?: TopicKind;
  /** Sessions a unit took part in. */
  unitId?: string;
  limit?: number;
  offset?: number;
}

/** One unit in a half-year. */
export interface CoverageRow {
  unitId: string;
  unitName: string;
  unitKind: string;
  /** The unit's platform accounts that are sharing staff (unit_steward / unit_user, enabled). */
  staffAccounts: number;
  /** Distinct sharing staff (accounts or named persons) who attended a session in the half. */
  trainedStaff: number;
  /** Sessions the unit's sharing staff attended. */
  sessions: number;
  /** Recorded as not attended (absent) in the half. */
  absences: number;
  /** No trained sharing staff in the half (第二十三条 not met). */
  untrained: boolean;
}

export interface Coverage {
  half: string;
  from: string;
  to: string;
  units: CoverageRow[];
  totals: { units: number; untrainedUnits: number; trainedStaff: number; sessions: number };
}
