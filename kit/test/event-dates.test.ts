import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_MS, EVENT_FLOOR_DAY, pastDayProblem, pastInstantProblem } from '../src/regime/event-dates.ts';

// 00:30 on 2026-03-10 in Taipei is still 2026-03-09 in UTC: days are Taipei's.
const now = new Date('2026-03-10T00:30:00+08:00');

describe('dates of past events, against the injected clock', () => {
  it('takes today in Taiwan and earlier back to the floor; refuses tomorrow and the day before the floor', () => {
    expect(pastDayProblem('2026-03-10', now)).toBeNull();
    expect(pastDayProblem(EVENT_FLOOR_DAY, now)).toBeNull();
    expect(pastDayProblem('2026-03-11', now)).toMatch(/is in the future \(today is 2026-03-10\)/);
    expect(pastDayProblem('1995-02-28', now)).toMatch(/before 1995-03-01/);
  });

  it('takes an instant up to the clock skew ahead, and refuses one beyond it or before the floor', () => {
    expect(pastInstantProblem(new Date(now.getTime() + CLOCK_SKEW_MS), now)).toBeNull();
    expect(pastInstantProblem(new Date(now.getTime() + CLOCK_SKEW_MS + 1), now)).toMatch(/in the future/);
    expect(pastInstantProblem(new Date('1995-03-01T00:00:00+08:00'), now)).toBeNull();
    expect(pastInstantProblem(new Date('1995-02-28T23:59:59+08:00'), now)).toMatch(/before 1995-03-01/);
  });
});
