import { describe, expect, it } from 'vitest';
import { isValidBusinessNumber, makeBusinessNumber, validateBusinessNumber } from '../src/validators/index.ts';

/**
 * An independent reference, written the way the ministry's notice describes the exception: when the
 * 7th digit is 7, its 10 is tried once as 1 and once as 0, and either total may be divisible.
 */
function referenceTotals(ubn: string): number[] {
  const weights = [1, 2, 1, 2, 1, 2, 4, 1];
  const parts = [...ubn].map((c, i) => {
    const product = Number(c) * weights[i]!;
    return Math.floor(product / 10) + (product % 10);
  });
  const total = parts.reduce((a, b) => a + b, 0);
  return ubn[6] === '7' ? [total - 10 + 1, total - 10] : [total];
}
const referenceValid = (ubn: string, divisor: number) => referenceTotals(ubn).some((t) => t % divisor === 0);

describe('validateBusinessNumber: known numbers', () => {
  it.each([
    '04595257', // ministry example: 40
    '22099131', // 30
    '10458575', // ministry example, 7th digit 7: valid with the 10 counted as 0
    '04702088', // older guidance example
    '00651474', // 7th digit 7, counted as 0
    '00238778', // 7th digit 7, valid only with the 10 counted as 1
    '12345675', // 7th digit 7, valid only with the 10 counted as 1
  ])('accepts %s', (ubn) => {
    expect(validateBusinessNumber(ubn)).toEqual({ ok: true, ubn });
    expect(isValidBusinessNumber(ubn)).toBe(true);
    expect(referenceValid(ubn, 10)).toBe(true); // all of these predate 2023
  });

  it('accepts numbers that are valid only under the 2023 divisor of 5', () => {
    for (const ubn of ['10000004', '10000010', '10000026', '04595252']) {
      expect(referenceValid(ubn, 10)).toBe(false);
      expect(isValidBusinessNumber(ubn)).toBe(true);
    }
  });

  it('applies the +1 exception only when the 7th digit is 7', () => {
    // 04595256 totals 39 like 12345675, but its 7th digit is 5.
    expect(isValidBusinessNumber('04595256')).toBe(false);
    expect(isValidBusinessNumber('12345675')).toBe(true);
  });

  it('rejects numbers whose total is not divisible by 5', () => {
    for (const ubn of ['04595258', '04595259', '04595250', '22099132', '10458576', '12345678']) {
      expect(validateBusinessNumber(ubn)).toEqual({ ok: false, message: expect.stringMatching(/fails the checksum/) });
    }
  });

  it('agrees with the reference on a sweep of 8-digit numbers', () => {
    let valid = 0;
    let checked = 0;
    for (let n = 0; n < 100_000_000; n += 9_973) {
      const ubn = String(n).padStart(8, '0');
      const expected = referenceValid(ubn, 5);
      expect(isValidBusinessNumber(ubn), ubn).toBe(expected);
      if (expected) valid++;
      checked++;
    }
    // Roughly one number in five passes; far from all or none.
    expect(valid / checked).toBeGreaterThan(0.15);
    expect(valid / checked).toBeLessThan(0.3);
  });
});

describe('validateBusinessNumber: corruptions', () => {
  it('rejects every change of a weight-1 digit except by 5 (the divisor is 5)', () => {
    const ubn = '04595257'; // 7th digit is not 7, so no exception muddles the arithmetic
    for (const position of [0, 2, 4, 7]) {
      for (const digit of '0123456789') {
        if (digit === ubn[position]) continue;
        const corrupted = ubn.slice(0, position) + digit + ubn.slice(position + 1);
        const delta = Math.abs(Number(digit) - Number(ubn[position]));
        expect(isValidBusinessNumber(corrupted), corrupted).toBe(delta === 5);
      }
    }
  });

  it('rejects every last-digit change except by 5 when the 7th digit is not 7', () => {
    for (const ubn of ['04595257', '22099131', '04702088', '10000004']) {
      const last = Number(ubn[7]);
      for (let digit = 0; digit <= 9; digit++) {
        if (digit === last) continue;
        expect(isValidBusinessNumber(ubn.slice(0, 7) + digit)).toBe(Math.abs(digit - last) === 5);
      }
    }
  });

  it('accepts two totals when the 7th digit is 7, so more last-digit typos slip through', () => {
    // 10458575 totals 30; the exception also accepts a total of 29 (29 + 1 = 30) and its +5s.
    expect(['10458570', '10458574', '10458579'].map(isValidBusinessNumber)).toEqual([true, true, true]);
    for (const digit of '123678') expect(isValidBusinessNumber(`1045857${digit}`)).toBe(false);
  });
});

describe('validateBusinessNumber: format', () => {
  function messageOf(raw: string): string {
    const result = validateBusinessNumber(raw);
    if (result.ok) throw new Error(`expected ${raw} to be rejected`);
    return result.message;
  }

  it('requires exactly 8 digits and says so', () => {
    expect(messageOf('')).toMatch(/exactly 8 digits.*got 0 characters/);
    expect(messageOf('0459525')).toMatch(/exactly 8 digits.*got 7 characters/);
    expect(messageOf('045952570')).toMatch(/got 9 characters/);
  });

  it('names non-digits as the problem', () => {
    expect(messageOf('0459525A')).toMatch(/non-digits/);
    expect(messageOf('0459-5257')).toMatch(/non-digits/);
    expect(messageOf('４５９５２５７０')).toMatch(/non-digits/); // full-width digits are not converted
  });

  it('ignores surrounding and inner spaces and returns the bare number', () => {
    expect(validateBusinessNumber(' 0459 5257 ')).toEqual({ ok: true, ubn: '04595257' });
  });
});

describe('makeBusinessNumber', () => {
  const serials = [0, 1, 7, 70, 1234567, 9_999_999, ...Array.from({ length: 2_000 }, (_, i) => i * 4_999)];

  it('produces valid numbers that embed the serial, under both the 2023 and the older rule', () => {
    for (const serial of serials) {
      const ubn = makeBusinessNumber(serial);
      expect(ubn).toMatch(/^\d{8}$/);
      expect(ubn.slice(0, 7)).toBe(String(serial).padStart(7, '0'));
      expect(validateBusinessNumber(ubn)).toEqual({ ok: true, ubn });
      expect(referenceValid(ubn, 10), ubn).toBe(true);
    }
  });

  it('covers the 7th-digit-7 case', () => {
    const ubn = makeBusinessNumber(1234567);
    expect(ubn[6]).toBe('7');
    expect(isValidBusinessNumber(ubn)).toBe(true);
  });

  it('is deterministic', () => {
    expect(makeBusinessNumber(458575)).toBe(makeBusinessNumber(458575));
    expect(makeBusinessNumber(459525)).toBe('04595257');
  });

  it('refuses serials that do not fit 7 digits', () => {
    expect(() => makeBusinessNumber(-1)).toThrow(RangeError);
    expect(() => makeBusinessNumber(10_000_000)).toThrow(RangeError);
    expect(() => makeBusinessNumber(2.5)).toThrow(RangeError);
    expect(() => makeBusinessNumber(Number.NaN)).toThrow(RangeError);
  });
});
