import { addDays } from './dates.ts';

/**
 * The periods the regulations count in (months, quarters, half-years, years), as days in Taiwan,
 * and the instants that bound them (UTC+8), for queries over timestamps.
 */
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isQuarter = (q: string) => QUARTER.test(q);
export const isMonth = (m: string) => MONTH.test(m);

export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** First day, and first day after, of a quarter. */
export function quarterDays(quarter: string): { start: string; end: string } {
  const [, y, q] = QUARTER.exec(quarter)!;
  const startMonth = (Number(q) - 1) * 3 + 1;
  const start = `${y}-${String(startMonth).padStart(2, '0')}-01`;
  const end = startMonth === 10 ? `${Number(y) + 1}-01-01` : `${y}-${String(startMonth + 3).padStart(2, '0')}-01`;
  return { start, end };
}

export function monthDays(month: string): { start: string; end: string } {
  const [, y, m] = MONTH.exec(month)!;
  const start = `${y}-${m}-01`;
  const end = m === '12' ? `${Number(y) + 1}-01-01` : `${y}-${String(Number(m) + 1).padStart(2, '0')}-01`;
  return { start, end };
}

/** The instant a Taipei day starts. */
export const taipeiMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

export function previousQuarter(day: string): string {
  return quarterOf(addDays(quarterDays(quarterOf(day)).start, -1));
}

export const nextQuarter = (quarter: string) => quarterOf(quarterDays(quarter).end);

export function previousMonth(day: string): string {
  return addDays(`${day.slice(0, 7)}-01`, -1).slice(0, 7);
}

/** The last day of the month after a period ends: when the period's review is due. */
export function dueAfter(periodEnd: string): string {
  const next = monthDays(periodEnd.slice(0, 7)).end;
  return addDays(next, -1);
}

/** First day, and first day after, of a half-year (`2026-H1`): TN-8.3's internal audits. */
export function halfYearDays(half: string): { start: string; end: string } {
  const year = Number(half.slice(0, 4));
  return half.endsWith('H1') ? { start: `${year}-01-01`, end: `${year}-07-01` } : { start: `${year}-07-01`, end: `${year + 1}-01-01` };
}

export const halfYearOf = (day: string) => `${day.slice(0, 4)}-H${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;

/** First day, and first day after, of a year (`2026`). */
export const yearDays = (year: string) => ({ start: `${year}-01-01`, end: `${Number(year) + 1}-01-01` });

/** The last half-year ended by `day`. */
export function previousHalfYear(day: string): string {
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) <= 6 ? `${year - 1}-H2` : `${year}-H1`;
}
