import { describe, expect, it } from 'vitest';
import { dueAfter, monthDays, previousMonth, previousQuarter, quarterDays, quarterOf, taipeiMidnight } from '../src/regime/periods.ts';
import { addYears, taipeiDay } from '../src/regime/dates.ts';

describe('periods in Taiwan time', () => {
  it('names quarters and their days', () => {
    expect(quarterOf('2026-03-31')).toBe('2026-Q1');
    expect(quarterOf('2026-04-01')).toBe('2026-Q2');
    expect(quarterDays('2026-Q4')).toEqual({ start: '2026-10-01', end: '2027-01-01' });
    expect(monthDays('2026-12')).toEqual({ start: '2026-12-01', end: '2027-01-01' });
  });

  it('steps back to the previous quarter and month across years', () => {
    expect(previousQuarter('2026-01-15')).toBe('2025-Q4');
    expect(previousMonth('2026-01-15')).toBe('2025-12');
  });

  it('makes a period due by the end of the following month', () => {
    expect(dueAfter(quarterDays('2026-Q1').end)).toBe('2026-04-30');
    expect(dueAfter(monthDays('2026-01').end)).toBe('2026-02-28');
  });

  it('counts days in UTC+8 and years across 29 February', () => {
    expect(taipeiDay(new Date('2026-02-28T17:00:00Z'))).toBe('2026-03-01');
    expect(taipeiMidnight('2026-03-01').toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });
});
