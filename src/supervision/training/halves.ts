/**
 * Half-years in China Standard Time: 2026H1 = 1 January – 30 June, 2026H2 = 1 July – 31 December
 * (CST days), as the ISO-8601 UTC instants [from, to) that the records' times are compared with.
 */
const CST_OFFSET_MS = 8 * 3600_000;
export const HALF_RE = /^(\d{4})H([12])$/;

const cstMidnight = (y: number, month: number) => new Date(Date.UTC(y, month - 1, 1) - CST_OFFSET_MS).toISOString();

/** [from, to) of a half-year, or null when `half` is not YYYYH1 / YYYYH2 (years 2000–2099). */
export function halfRange(half: string): { from: string; to: string } | null {
  const m = HALF_RE.exec(half);
  if (!m) return null;
  const y = Number(m[1]);
  if (y < 2000 || y > 2099) return null;
  return m[2] === '1' ? { from: cstMidnight(y, 1), to: cstMidnight(y, 7) } : { from: cstMidnight(y, 7), to: cstMidnight(y + 1, 1) };
}

/** [from, to) of a calendar year in CST. */
export function yearRange(year: number): { from: string; to: string } {
  return { from: cstMidnight(year, 1), to: cstMidnight(year + 1, 1) };
}

/** The half-year an instant falls in (CST). */
export function halfOf(instant: string | Date): string {
  const d = new Date(new Date(instant).getTime() + CST_OFFSET_MS);
  return `${d.getUTCFullYear()}H${d.getUTCMonth() < 6 ? 1 : 2}`;
}
