/** Tables owned by `core`: the working-day calendar. */
export interface CoreTables {
  calendar_day: CalendarDayTable;
}

/**
 * A day that differs from the default rule (Mon–Fri work, Sat–Sun rest): a public holiday
 * on a weekday, or an adjusted working day (调休) on a weekend.
 */
export interface CalendarDayTable {
  /** YYYY-MM-DD */
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
  updated_at: string;
  updated_by: string | null;
}
