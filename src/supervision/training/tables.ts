import type { TopicKind } from './model.js';

/** Tables of supervision/training (Kysely types; times ISO-8601 UTC text, JSON as text: docs/adr/0003). */
export interface TrainingTables {
  supervision_training_session: TrainingSessionTable;
  supervision_training_attendance: TrainingAttendanceTable;
}

export interface TrainingSessionTable {
  id: string;
  title: string;
  /** ISO-8601 UTC instant the session starts; the half-year is taken from its CST date. */
  starts_at: string;
  /** The CST calendar day (YYYY-MM-DD) of starts_at. */
  day: string;
  topic: TopicKind;
  organizer_unit_id: string;
  location: string | null;
  description: string | null;
  trainer: string | null;
  /** Hours × 10 (one decimal, kept integral). */
  hours_tenths: number | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface TrainingAttendanceTable {
  id: string;
  session_id: string;
  unit_id: string;
  user_id: string | null;
  /** The display name: the user's display name when recorded, or the named person's name. */
  person_name: string;
  person_post: string | null;
  /** Identifies the person within the unit: 'user:<id>' or 'name:<name>|<post>' — unique per session. */
  person_key: string;
  /** 1 when the person is sharing staff (a unit_steward / unit_user, or recorded as such). */
  sharing_staff: number;
  attended: number;
  result: string | null;
  certificate: string | null;
  recorded_by: string;
  recorded_at: string;
  updated_at: string;
}
