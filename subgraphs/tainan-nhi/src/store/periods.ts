/**
 * The periods TN-8.3 counts in beyond kit's months and quarters: half-years (`2026-H1`) and years
 * (`2026`), as their first day and the first day after, like kit's quarterDays/monthDays, so kit's
 * dueAfter gives their due day (the end of the following month).
 */
export function halfYearDays(half: string): { start: string; end: string } {
  const year = Number(half.slice(0, 4));
  return half.endsWith('H1') ? { start: `${year}-01-01`, end: `${year}-07-01` } : { start: `${year}-07-01`, end: `${year + 1}-01-01` };
}

export const halfYearOf = (day: string) => `${day.slice(0, 4)}-H${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;

export const yearDays = (year: string) => ({ start: `${year}-01-01`, end: `${Number(year) + 1}-01-01` });

/** The last half-year ended by `day`. */
export function previousHalfYear(day: string): string {
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) <= 6 ? `${year - 1}-H2` : `${year}-H1`;
}
