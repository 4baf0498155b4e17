/**
 * Taiwan personal identifiers: the national ID (身分證統一編號) and the resident certificate
 * number (居留證統一證號) in its old (before 2021) and new (2021) formats.
 *
 * All three share one checksum; they differ only in what the second character is and how it is
 * turned into a digit. Checking the checksum catches most typing errors, but not all: the weights
 * 8, 6, 4, 2 miss a change of 5 and the weight 5 misses any even change (e.g. A123456789 and
 * A123656789 are both valid). A valid checksum therefore proves well-formedness, never identity.
 */

export type PersonalIdKind = 'NATIONAL_ID' | 'RESIDENT_CERT_OLD' | 'RESIDENT_CERT_NEW';

export type PersonalIdResult = { ok: true; id: string; kind: PersonalIdKind } | { ok: false; message: string };

/** Each letter's two-digit value. The order is not alphabetical: I, O, W-Z were added later. */
const LETTER_VALUES: Readonly<Record<string, number>> = {
  A: 10, B: 11, C: 12, D: 13, E: 14, F: 15, G: 16, H: 17, I: 34, J: 18, K: 19, L: 20, M: 21,
  N: 22, O: 35, P: 23, Q: 24, R: 25, S: 26, T: 27, U: 28, V: 29, W: 32, X: 30, Y: 31, Z: 33,
};

/** Weights for: the letter's two digits, then the second character's digit, then 8 digits. */
const WEIGHTS = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1] as const;

const FORMATS: ReadonlyArray<readonly [PersonalIdKind, RegExp]> = [
  ['NATIONAL_ID', /^[A-Z][12]\d{8}$/],
  ['RESIDENT_CERT_NEW', /^[A-Z][89]\d{8}$/],
  ['RESIDENT_CERT_OLD', /^[A-Z][A-D]\d{8}$/],
];

const EXPECTED_FORMAT =
  'one letter, then 1 or 2 (national ID) or 8 or 9 (resident certificate), then 8 digits, ' +
  'or two letters with the second one A-D, then 8 digits (resident certificate before 2021); ' +
  'for example A123456789';

/** Users paste IDs with stray spaces or in lowercase; neither changes which ID they mean. */
export function normalizePersonalId(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** Which format `id` has (format only, no checksum). Expects a normalized ID: lowercase is `null`. */
export function personalIdKind(id: string): PersonalIdKind | null {
  for (const [kind, pattern] of FORMATS) if (pattern.test(id)) return kind;
  return null;
}

/** The 11 digits the weights apply to. Old resident certificates use the last digit of the second letter's value. */
function checksumDigits(id: string): number[] {
  const letter = LETTER_VALUES[id[0]!]!;
  const second = id[1]!;
  const secondDigit = /\d/.test(second) ? Number(second) : LETTER_VALUES[second]! % 10;
  return [Math.floor(letter / 10), letter % 10, secondDigit, ...[...id.slice(2)].map(Number)];
}

function weightedSum(digits: readonly number[]): number {
  return digits.reduce((sum, digit, i) => sum + digit * WEIGHTS[i]!, 0);
}

export function validatePersonalId(raw: string): PersonalIdResult {
  const id = normalizePersonalId(raw);
  // Messages never repeat the ID: they may end up in logs, and the ID is personal data.
  if (id.length === 0) return { ok: false, message: `The personal ID is empty; expected ${EXPECTED_FORMAT}.` };
  if (id.length !== 10) {
    return { ok: false, message: `The personal ID has ${id.length} characters but must have 10: ${EXPECTED_FORMAT}.` };
  }
  const kind = personalIdKind(id);
  if (kind === null) return { ok: false, message: `The personal ID is not in a known format; expected ${EXPECTED_FORMAT}.` };
  if (weightedSum(checksumDigits(id)) % 10 !== 0) {
    return { ok: false, message: 'The personal ID has the right format but its check digit (the last digit) does not match; check it for a typing error.' };
  }
  return { ok: true, id, kind };
}

export function isValidPersonalId(raw: string): boolean {
  return validatePersonalId(raw).ok;
}

/**
 * Shows enough for a person to recognise their own ID, not enough to use it. Anything that is
 * not 10 characters is masked entirely: we cannot tell which of its parts would be safe to show.
 */
export function maskPersonalId(id: string): string {
  const normalized = normalizePersonalId(id);
  if (normalized.length !== 10) return '****';
  return `${normalized.slice(0, 3)}****${normalized.slice(-3)}`;
}

// ---- Generators: fictitious, checksum-valid IDs for demo data and tests ----

function requireLetters(letters: string, allowed: RegExp, expected: string): string {
  const upper = letters.toUpperCase();
  if (!allowed.test(upper)) throw new RangeError(`Expected ${expected}, got ${JSON.stringify(letters)}`);
  return upper;
}

/** The serial fills the 7 digits before the check digit, so it must fit in 7 digits. */
function serialDigits(serial: number): string {
  if (!Number.isInteger(serial) || serial < 0 || serial > 9_999_999) {
    throw new RangeError(`The serial must be an integer from 0 to 9999999, got ${serial}`);
  }
  return String(serial).padStart(7, '0');
}

/** Appends the check digit that makes the weighted sum a multiple of 10 (the check digit's weight is 1). */
function withCheckDigit(first9: string): string {
  const sum = weightedSum(checksumDigits(`${first9}0`));
  return `${first9}${(10 - (sum % 10)) % 10}`;
}

export function makeNationalId(letter: string, gender: 1 | 2, serial: number): string {
  if (gender !== 1 && gender !== 2) throw new RangeError(`The gender digit must be 1 or 2, got ${gender}`);
  return withCheckDigit(`${requireLetters(letter, /^[A-Z]$/, 'one letter A-Z')}${gender}${serialDigits(serial)}`);
}

/** 2021 format, second character 8 (the first of the two digits assigned to resident certificates). */
export function makeResidentCertNew(letter: string, serial: number): string {
  return withCheckDigit(`${requireLetters(letter, /^[A-Z]$/, 'one letter A-Z')}8${serialDigits(serial)}`);
}

/** Pre-2021 format: `letters` is two letters, the second one A-D, e.g. `AC`. */
export function makeResidentCertOld(letters: string, serial: number): string {
  return withCheckDigit(`${requireLetters(letters, /^[A-Z][A-D]$/, 'two letters, the second one A-D')}${serialDigits(serial)}`);
}
