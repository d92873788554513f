/**
 * How the report and the dashboards read the other supervision and evaluation parts: through
 * their service objects, tolerating a part whose call fails or a method it does not offer. Each
 * reader returns null then, and the caller shows the figure as unavailable ("—") instead of failing
 * the whole report or dashboard.
 */
import { cstDate, cstStartOfDay } from '../../core/calendar/dates.js';
import { AppError } from '../../core/errors.js';
import type { RunDetail } from '../indicators/model.js';
import type { EvaluationActor, EvaluationService } from '../indicators/service.js';

/** The trusted reader of published evaluations (published runs are public on the portal: 第二十八条). */
const READER: EvaluationActor = { actorType: 'system', actorId: null, actorName: 'evaluation-reader', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: ['authority_reviewer'] };

/** The latest published evaluation run (of `year`, or of the latest year with one); null when none is published. */
export async function latestPublishedRun(evaluation: EvaluationService, year?: number): Promise<RunDetail | null> {
  try {
    return await evaluation.latestPublished(READER, year);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) return null;
    throw e;
  }
}

/** Runs `f`; on any error records `name` as unavailable and returns null. */
export async function guarded<T>(unavailable: string[], name: string, f: () => Promise<T>): Promise<T | null> {
  try {
    return await f();
  } catch {
    unavailable.push(name);
    return null;
  }
}

/** A year's [from, to) as CST days and as UTC instants (CST midnight). */
export function yearPeriod(year: number): { from: string; to: string; fromIso: string; toIso: string } {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  return { from, to, fromIso: cstStartOfDay(from).toISOString(), toIso: cstStartOfDay(to).toISOString() };
}

/** The CST calendar day (YYYY-MM-DD) of an instant (the calendar's own helper). */
export const cstDay = cstDate;
