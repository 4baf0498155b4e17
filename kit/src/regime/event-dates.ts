import { badInput, type Violations } from '../errors.ts';
import { taipeiDay } from './dates.ts';

/**
 * Dates of things that already happened (an audit, a query, an approval, a sign-off, a destruction, a
 * reply, an inspection…) are recorded after the fact: one in the future, or before any of these regimes
 * could apply, is a typing error (2999 for 2026, 1900 for 2019), and stored it would move retention
 * days, due dates and findings. Every store taking such a date checks it here, against the server's
 * injected clock, never the machine's.
 */

/**
 * The earliest day an event of any regime here can carry: National Health Insurance began on
 * 1995-03-01, and every regime of this graph (the NHI network, Tainan's NHI WebIR, Kaohsiung's BLI
 * WebIR, which came later still) is about querying or connecting to insurance data over a network.
 */
export const EVENT_FLOOR_DAY = '1995-03-01';

/** How far ahead of the server's clock an instant may be: the platform's and the server's clocks differ a little. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Why a day cannot be the day of a past event (null when it can): today in Taiwan at the latest. */
export function pastDayProblem(day: string, now: Date): string | null {
  const today = taipeiDay(now);
  if (day > today) return `${day} is in the future (today is ${today}): record what happened once it has`;
  if (day < EVENT_FLOOR_DAY) return `${day} is before ${EVENT_FLOOR_DAY}, when none of these regimes applied yet`;
  return null;
}

/** Why an instant cannot be the time of a past event (null when it can): up to CLOCK_SKEW_MS ahead of now. */
export function pastInstantProblem(instant: Date, now: Date): string | null {
  if (instant.getTime() > now.getTime() + CLOCK_SKEW_MS) return `${instant.toISOString()} is in the future (now is ${now.toISOString()})`;
  if (taipeiDay(instant) < EVENT_FLOOR_DAY) return `${instant.toISOString()} is before ${EVENT_FLOOR_DAY}, when none of these regimes applied yet`;
  return null;
}

/**
 * Records a violation under `field` when `day` (if given) is not a day that has already come. With
 * no Violations given, throws BAD_USER_INPUT at once.
 */
export function checkPastDay(field: string, day: string | null | undefined, now: Date, v?: Violations): void {
  if (day === null || day === undefined) return;
  const problem = pastDayProblem(day, now);
  if (!problem) return;
  if (v) v.add(field, problem);
  else throw badInput([{ field, message: problem }]);
}
