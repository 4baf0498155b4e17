/**
 * Calendar days as the regulations count them: in Taiwan (UTC+8, no daylight saving), so a query
 * at 07:00 on the 1st is the 1st even though it is still the 31st in UTC.
 */
const TAIPEI_OFFSET_MS = 8 * 3600_000;

export function taipeiDay(instant: Date): string {
  return new Date(instant.getTime() + TAIPEI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The same day `years` later (29 February becomes 28 February in a common year). */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
