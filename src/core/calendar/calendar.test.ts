import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addDays, cstDate, cstEndOfDay, isValidDate, weekday } from './dates.js';
import { createTestPlatform, describeEachDialect, type TestPlatform } from '../../../test/helpers/platform.js';
import { AppError } from '../errors.js';
import type { AuditActor } from '../../audit/types.js';

const operator: AuditActor = { actorType: 'cli', actorId: 'test', actorName: 'cli:test', unitId: null, clientIp: null, requestId: null };

describe('calendar dates (China Standard Time)', () => {
  it('validates real dates only', () => {
    expect(isValidDate('2026-02-28')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2026-13-01')).toBe(false);
    expect(isValidDate('20260101')).toBe(false);
  });
  it('takes the CST date of an instant, which can differ from the UTC date', () => {
    expect(cstDate(new Date('2026-11-27T15:59:59Z'))).toBe('2026-11-27');
    expect(cstDate(new Date('2026-11-27T16:00:00Z'))).toBe('2026-11-28');
    expect(cstEndOfDay('2026-11-30').toISOString()).toBe('2026-11-30T15:59:59.999Z');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(weekday('2026-11-28')).toBe(6);
  });
});

describeEachDialect('working-day calendar', (dialect) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await createTestPlatform(dialect);
    // A holiday week from Thu 1 Oct to Thu 8 Oct 2026, with adjusted working days on Sun 27 Sep and Sat 10 Oct.
    await t.platform.calendar.setYear(operator, 2026, [
      ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ day: `2026-10-${d}`, kind: 'holiday' as const, name: '国庆节、中秋节' })),
      { day: '2026-09-27', kind: 'workday', name: '国庆节调休' },
      { day: '2026-10-10', kind: 'workday', name: '国庆节调休' },
    ]);
  });
  afterAll(() => t.cleanup());

  it('counts Monday to Friday as working days by default', async () => {
    const c = t.platform.calendar;
    expect(await c.isWorkingDay('2026-11-27')).toBe(true);
    expect(await c.isWorkingDay('2026-11-28')).toBe(false);
    expect(await c.addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
    expect(await c.addWorkingDays('2026-11-25', 0)).toBe('2026-11-25');
  });

  it('skips holidays and counts adjusted working days on weekends', async () => {
    const c = t.platform.calendar;
    expect(await c.isWorkingDay('2026-10-01')).toBe(false);
    expect(await c.isWorkingDay('2026-09-27')).toBe(true);
    expect(await c.addWorkingDays('2026-09-25', 1)).toBe('2026-09-27');
    expect(await c.addWorkingDays('2026-09-30', 1)).toBe('2026-10-09');
    expect(await c.addWorkingDays('2026-09-30', 2)).toBe('2026-10-10');
    expect(await c.addWorkingDays('2026-09-30', 3)).toBe('2026-10-12');
    expect(await c.workingDaysBetween('2026-09-30', '2026-10-12')).toBe(3);
  });

  it('puts a deadline at the end of the CST day, counting from the CST date of the start', async () => {
    const c = t.platform.calendar;
    // Friday 18:00 CST + 1 working day → end of Monday.
    expect((await c.deadline(new Date('2026-11-27T10:00:00Z'), 1)).toISOString()).toBe('2026-11-30T15:59:59.999Z');
    // Saturday 01:00 CST (still Friday in UTC) + 1 working day → end of Monday too.
    expect((await c.deadline(new Date('2026-11-27T17:00:00Z'), 1)).toISOString()).toBe('2026-11-30T15:59:59.999Z');
    // 10 working days from 28 Sep cross the holiday week.
    expect(await c.addWorkingDays('2026-09-28', 10)).toBe('2026-10-19');
  });

  it('rejects a date outside the year or a duplicate, and changes nothing', async () => {
    const before = await t.platform.calendar.getYear(2026);
    for (const days of [
      [{ day: '2027-01-01', kind: 'holiday' as const, name: '元旦' }],
      [
        { day: '2026-05-01', kind: 'holiday' as const, name: '劳动节' },
        { day: '2026-05-01', kind: 'holiday' as const, name: '劳动节' },
      ],
      [{ day: '2026-02-30', kind: 'holiday' as const, name: 'x' }],
    ]) {
      await expect(t.platform.calendar.setYear(operator, 2026, days)).rejects.toBeInstanceOf(AppError);
    }
    expect(await t.platform.calendar.getYear(2026)).toEqual(before);
  });

  it('audits every change of the calendar', async () => {
    const rows = await sql<{ n: number }>`select count(*) as n from audit_event where action = 'core.calendar.update' and target_id = '2026'`.execute(t.platform.db.kysely);
    expect(Number(rows.rows[0].n)).toBe(1);
  });
});
