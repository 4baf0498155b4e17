/**
 * Unified business number (營利事業統一編號, "UBN"): 8 digits with a checksum.
 *
 * Rule (Ministry of Finance, 營利事業統一編號檢查碼邏輯修正說明, in force since April 2023):
 *  1. multiply the digits by the weights 1,2,1,2,1,2,4,1;
 *  2. replace each product by the sum of its two digits (7*2 = 14 -> 1+4 = 5);
 *  3. the total must be divisible by 5.
 * Before 2023 the divisor was 10; every number valid then is still valid, so one check covers both.
 *
 * The exception: when the 7th digit is 7, its product 7*4 = 28 gives 2+8 = 10, which is two digits
 * again, and the ministry lets that 10 count as either 1 or 0. We count it as 10 (which is 0 modulo
 * 5 and 10) and also accept `total + 1`, i.e. the "counted as 1" reading. Worked examples from the
 * ministry's notice and older guidance, all valid:
 *   04595257: 0+8+5+9+5+4+2+7 = 40.
 *   10458575: 1+0+4+1+8+1+10+5 = 30 (the 7 counted as 0).
 *   00238778: 0+0+2+6+8+5+10+8 = 39; 39+1 = 40 (the 7 counted as 1).
 *   12345675: 1+4+3+8+5+3+10+5 = 39; 39+1 = 40 (the 7 counted as 1).
 *
 * Because the divisor is 5, a digit with weight 1 changed by 5 (e.g. 04595257 -> 04595252) still
 * passes: the checksum catches typos often, not always.
 */

export type BusinessNumberResult = { ok: true; ubn: string } | { ok: false; message: string };

const WEIGHTS = [1, 2, 1, 2, 1, 2, 4, 1] as const;

/** The total of step 2 above, with 7*4 = 28 counted as 10. */
function digitSum(ubn: string): number {
  let total = 0;
  for (let i = 0; i < 8; i++) {
    const product = Number(ubn[i]) * WEIGHTS[i]!;
    total += Math.floor(product / 10) + (product % 10);
  }
  return total;
}

function checksumOk(ubn: string): boolean {
  const total = digitSum(ubn);
  return total % 5 === 0 || (ubn[6] === '7' && (total + 1) % 5 === 0);
}

export function validateBusinessNumber(raw: string): BusinessNumberResult {
  // Spaces are a typing artefact (e.g. "0459 5257"); anything else non-numeric is an error.
  const ubn = raw.replace(/\s+/g, '');
  if (!/^\d{8}$/.test(ubn)) {
    return { ok: false, message: `A unified business number must be exactly 8 digits (for example 04595257); got ${ubn.length} characters${/^\d*$/.test(ubn) ? '' : ' including non-digits'}.` };
  }
  if (!checksumOk(ubn)) {
    return { ok: false, message: 'The unified business number has 8 digits but fails the checksum; check it for a typing error.' };
  }
  return { ok: true, ubn };
}

export function isValidBusinessNumber(raw: string): boolean {
  return validateBusinessNumber(raw).ok;
}

/**
 * A deterministic valid number for demo data: the serial (0 to 9999999) fills the first 7 digits
 * and the last digit makes the total a multiple of 10, so the result passes the pre-2023 rule too
 * (some partner systems may still check that). The last digit's weight is 1, so it always exists.
 */
export function makeBusinessNumber(serial: number): string {
  if (!Number.isInteger(serial) || serial < 0 || serial > 9_999_999) {
    throw new RangeError(`The serial must be an integer from 0 to 9999999, got ${serial}`);
  }
  const first7 = String(serial).padStart(7, '0');
  const total = digitSum(`${first7}0`);
  return `${first7}${(10 - (total % 10)) % 10}`;
}
