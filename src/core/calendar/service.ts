import type { Db } from '../db/database.js';
import type { Clock } from '../clock.js';
import { iso } from '../clock.js';
import { AppError, invalid } from '../errors.js';
import type { AuditActor, AuditWriter } from '../../audit/types.js';
import { addDays, cstDate, cstEndOfDay, isValidDate, weekday } from './dates.js';
import { listDays, replaceYear, type CalendarDay } from './store.js';

/**
 * The working-day calendar (工作日历): Monday–Friday are working days unless the administrators
 * record a public holiday; a weekend day recorded as an adjusted working day (调休) counts as
 * working. Every deadline of the platform is counted on it.
 */
export interface CalendarService {
  /** The exceptions recorded for a year. */
  getYear(year: number): Promise<CalendarDay[]>;
  /** Replaces a year's exceptions (audited). */
  setYear(by: AuditActor, year: number, days: CalendarDay[]): Promise<CalendarDay[]>;
  isWorkingDay(date: string): Promise<boolean>;
  /** The date N working days after `from` (from itself does not count; N=0 gives `from`). */
  addWorkingDays(from: string, n: number): Promise<string>;
  /** The instant a deadline of N working days counted from `start` passes (end of that CST day). */
  deadline(start: Date, workingDays: number): Promise<Date>;
  /** Working days strictly after `from` up to and including `to` (0 when to ≤ from). */
  workingDaysBetween(from: string, to: string): Promise<number>;
  /** Today's CST date according to the platform clock. */
  today(): string;
}

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

export function createCalendarService(deps: { db: Db; audit: AuditWriter; clock: Clock }): CalendarService {
  const { db, audit, clock } = deps;
  // Exceptions per year, loaded once; invalidated on change. Deadlines are computed often, edits are rare.
  const cache = new Map<number, Map<string, CalendarDay['kind']>>();

  async function exceptions(year: number): Promise<Map<string, CalendarDay['kind']>> {
    let m = cache.get(year);
    if (!m) {
      const rows = await listDays(db.kysely, `${year}-01-01`, `${year}-12-31`);
      m = new Map(rows.map((r) => [r.day, r.kind]));
      cache.set(year, m);
    }
    return m;
  }

  async function isWorkingDay(date: string): Promise<boolean> {
    const kind = (await exceptions(Number(date.slice(0, 4)))).get(date);
    if (kind === 'holiday') return false;
    if (kind === 'workday') return true;
    const wd = weekday(date);
    return wd !== 0 && wd !== 6;
  }

  function checkYear(year: number) {
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new AppError(400, 'invalid_year', 'calendar.invalid_year', { year: String(year) });
    }
  }

  return {
    async getYear(year) {
      checkYear(year);
      return listDays(db.kysely, `${year}-01-01`, `${year}-12-31`);
    },
    async setYear(by, year, days) {
      checkYear(year);
      const problems: Parameters<typeof invalid>[0] = [];
      const seen = new Set<string>();
      days.forEach((d, i) => {
        if (!isValidDate(d.day) || Number(d.day.slice(0, 4)) !== year) {
          problems.push({ field: `body.days.${i}.day`, code: 'invalid_date', messageKey: 'calendar.invalid_date', params: { date: d.day } });
        } else if (seen.has(d.day)) {
          problems.push({ field: `body.days.${i}.day`, code: 'duplicate_date', messageKey: 'calendar.duplicate_date', params: { date: d.day } });
        }
        seen.add(d.day);
      });
      if (problems.length) throw invalid(problems);
      const sorted = [...days].sort((a, b) => a.day.localeCompare(b.day)).map((d) => ({ day: d.day, kind: d.kind, name: d.name.trim() }));
      await audit.transact(async (trx) => {
        await replaceYear(trx, year, sorted, iso(clock.now()), by.actorId);
        return {
          value: undefined,
          events: [
            {
              ...by,
              action: 'core.calendar.update',
              targetType: 'calendar_year',
              targetId: String(year),
              result: 'success',
              detail: { holidays: sorted.filter((d) => d.kind === 'holiday').length, workdays: sorted.filter((d) => d.kind === 'workday').length },
            },
          ],
        };
      });
      cache.delete(year);
      return sorted;
    },
    isWorkingDay,
    async addWorkingDays(from, n) {
      let date = from;
      let left = n;
      // Bounded: even a year of holidays cannot make this loop run away.
      for (let guard = 0; left > 0 && guard < 3660; guard++) {
        date = addDays(date, 1);
        if (await isWorkingDay(date)) left--;
      }
      return date;
    },
    async deadline(start, workingDays) {
      return cstEndOfDay(await this.addWorkingDays(cstDate(start), workingDays));
    },
    async workingDaysBetween(from, to) {
      let count = 0;
      for (let date = addDays(from, 1), guard = 0; date <= to && guard < 36600; date = addDays(date, 1), guard++) {
        if (await isWorkingDay(date)) count++;
      }
      return count;
    },
    today() {
      return cstDate(clock.now());
    },
  };
}
