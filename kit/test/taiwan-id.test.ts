import { describe, expect, it } from 'vitest';
import {
  isValidPersonalId,
  makeNationalId,
  makeResidentCertNew,
  makeResidentCertOld,
  maskPersonalId,
  normalizePersonalId,
  personalIdKind,
  validatePersonalId,
} from '../src/validators/index.ts';

/**
 * An independent reference for the checksum, written from the classic description: the letters in
 * this order have the values 10, 11, ..., 35. Comparing against it guards the module's own table.
 */
const LETTER_ORDER = 'ABCDEFGHJKLMNPQRSTUVXYWZIO';
const WEIGHTS = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1];
function referenceChecksumOk(id: string): boolean {
  const letter = 10 + LETTER_ORDER.indexOf(id[0]!);
  const second = /\d/.test(id[1]!) ? Number(id[1]) : (10 + LETTER_ORDER.indexOf(id[1]!)) % 10;
  const digits = [Math.floor(letter / 10), letter % 10, second, ...[...id.slice(2)].map(Number)];
  return digits.reduce((sum, d, i) => sum + d * WEIGHTS[i]!, 0) % 10 === 0;
}

const LETTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

const KNOWN_VALID = [
  ['A123456789', 'NATIONAL_ID'], // the classic example
  ['B123456780', 'NATIONAL_ID'],
  ['Z200000004', 'NATIONAL_ID'],
  ['I298765439', 'NATIONAL_ID'], // I = 34: out of alphabetical order
  ['O111111116', 'NATIONAL_ID'], // O = 35
  ['W912345673', 'RESIDENT_CERT_NEW'], // W = 32
  ['A800000014', 'RESIDENT_CERT_NEW'], // the example of the 2021 announcement
  ['Y800000004', 'RESIDENT_CERT_NEW'],
  ['AC01234567', 'RESIDENT_CERT_OLD'], // C counts as 2
  ['BD12345672', 'RESIDENT_CERT_OLD'], // D counts as 3
  ['FA12345670', 'RESIDENT_CERT_OLD'], // A counts as 0
  ['ZA00000000', 'RESIDENT_CERT_OLD'],
] as const;

describe('validatePersonalId: known valid IDs', () => {
  it.each(KNOWN_VALID)('accepts %s as %s', (id, kind) => {
    expect(referenceChecksumOk(id)).toBe(true);
    expect(validatePersonalId(id)).toEqual({ ok: true, id, kind });
    expect(isValidPersonalId(id)).toBe(true);
  });
});

describe('normalizePersonalId', () => {
  it('trims, uppercases and removes spaces anywhere', () => {
    expect(normalizePersonalId('  a123 456 789\t')).toBe('A123456789');
    expect(normalizePersonalId('ac01234567')).toBe('AC01234567');
  });

  it('accepts lowercase and spaced input after normalization and returns the normalized ID', () => {
    expect(validatePersonalId(' a123456789 ')).toEqual({ ok: true, id: 'A123456789', kind: 'NATIONAL_ID' });
    expect(validatePersonalId('ac 0123 4567')).toEqual({ ok: true, id: 'AC01234567', kind: 'RESIDENT_CERT_OLD' });
    expect(validatePersonalId('a800000014')).toEqual({ ok: true, id: 'A800000014', kind: 'RESIDENT_CERT_NEW' });
  });

  it('does not remove other separators: a hyphenated ID is a format error', () => {
    expect(isValidPersonalId('A123-456789')).toBe(false);
  });
});

describe('personalIdKind (format only)', () => {
  it('classifies by the second character', () => {
    expect(personalIdKind('A123456789')).toBe('NATIONAL_ID');
    expect(personalIdKind('A223456789')).toBe('NATIONAL_ID');
    expect(personalIdKind('A823456789')).toBe('RESIDENT_CERT_NEW');
    expect(personalIdKind('A923456789')).toBe('RESIDENT_CERT_NEW');
    for (const second of 'ABCD') expect(personalIdKind(`A${second}23456789`)).toBe('RESIDENT_CERT_OLD');
  });

  it('ignores the checksum', () => {
    expect(personalIdKind('A123456780')).toBe('NATIONAL_ID');
    expect(isValidPersonalId('A123456780')).toBe(false);
  });

  it('rejects every other second character', () => {
    for (const second of '034567') expect(personalIdKind(`A${second}23456789`)).toBeNull();
    for (const second of 'EFGHIJKLMNOPQRSTUVWXYZ') expect(personalIdKind(`A${second}23456789`)).toBeNull();
  });

  it('expects normalized input', () => {
    expect(personalIdKind('a123456789')).toBeNull();
    expect(personalIdKind(' A123456789')).toBeNull();
  });

  it('rejects wrong lengths and a digit where the letter belongs', () => {
    expect(personalIdKind('A12345678')).toBeNull();
    expect(personalIdKind('A1234567890')).toBeNull();
    expect(personalIdKind('1123456789')).toBeNull();
    expect(personalIdKind('AC0123456')).toBeNull();
  });
});

describe('validatePersonalId: messages say what is wrong', () => {
  function messageOf(raw: string): string {
    const result = validatePersonalId(raw);
    if (result.ok) throw new Error(`expected ${raw} to be rejected`);
    return result.message;
  }

  it('reports an empty input as empty', () => {
    expect(messageOf('')).toMatch(/empty/);
    expect(messageOf('   ')).toMatch(/empty/);
  });

  it('reports a wrong length with the actual and expected length and the format', () => {
    expect(messageOf('A12345678')).toMatch(/has 9 characters but must have 10/);
    expect(messageOf('A1234567890')).toMatch(/has 11 characters but must have 10/);
    expect(messageOf('A12345678')).toMatch(/for example A123456789/);
  });

  it('reports a wrong second character as a format error naming the formats', () => {
    const message = messageOf('A323456789');
    expect(message).toMatch(/not in a known format/);
    expect(message).toMatch(/1 or 2/);
    expect(message).toMatch(/8 or 9/);
    expect(message).toMatch(/A-D/);
    expect(messageOf('AE12345678')).toMatch(/not in a known format/);
    expect(messageOf('1123456789')).toMatch(/not in a known format/);
    expect(messageOf('A12345678X')).toMatch(/not in a known format/);
  });

  it('reports a bad check digit separately from a format error', () => {
    const message = messageOf('A123456788');
    expect(message).toMatch(/check digit/);
    expect(message).not.toMatch(/format;/);
    expect(messageOf('AC01234568')).toMatch(/check digit/);
    expect(messageOf('A800000015')).toMatch(/check digit/);
  });

  it('never echoes the ID back (messages may be logged; the ID is personal data)', () => {
    for (const raw of ['A123456788', 'A32345678', 'A323456789', 'AC01234568']) {
      expect(messageOf(raw)).not.toContain(raw);
      expect(messageOf(raw)).not.toContain(raw.slice(1));
    }
  });
});

describe('validatePersonalId: corruptions', () => {
  // Weight of each character position 1..9 (position 0 is the letter).
  const POSITION_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 1, 1];

  it('rejects every check-digit change', () => {
    for (const [id] of KNOWN_VALID) {
      for (const digit of '0123456789') {
        if (digit === id[9]) continue;
        expect(isValidPersonalId(id.slice(0, 9) + digit)).toBe(false);
      }
    }
  });

  it('rejects every single-digit change at positions whose weight is 7, 3 or 1', () => {
    // Weights coprime to 10 turn any change into a different last digit of the sum.
    for (const [id] of KNOWN_VALID) {
      for (const position of [2, 6, 8, 9]) {
        for (const digit of '0123456789') {
          if (digit === id[position]) continue;
          const corrupted = id.slice(0, position) + digit + id.slice(position + 1);
          expect(isValidPersonalId(corrupted), corrupted).toBe(false);
        }
      }
    }
  });

  it('rejects a single-digit change exactly when the format breaks or the weighted change is not a multiple of 10', () => {
    let rejected = 0;
    let accepted = 0;
    for (const [id] of KNOWN_VALID) {
      for (let position = 1; position <= 9; position++) {
        if (!/\d/.test(id[position]!)) continue; // old resident certificates: position 1 is a letter
        for (const digit of '0123456789') {
          if (digit === id[position]) continue;
          const corrupted = id.slice(0, position) + digit + id.slice(position + 1);
          const delta = Number(digit) - Number(id[position]);
          const formatOk = personalIdKind(corrupted) !== null;
          const undetectable = formatOk && (POSITION_WEIGHTS[position - 1]! * delta) % 10 === 0;
          expect(isValidPersonalId(corrupted), corrupted).toBe(undetectable);
          if (undetectable) accepted++;
          else rejected++;
        }
      }
    }
    // The checksum catches most, not all, single-digit typos: that is a property of the standard.
    expect(rejected).toBeGreaterThan(accepted * 5);
  });

  it('documents a blind spot of the standard checksum: weight 5 misses an even change', () => {
    expect(isValidPersonalId('A123656789')).toBe(true); // the 4 of A123456789 changed to 6
  });

  it('rejects every change of the leading letter that the reference checksum rejects', () => {
    for (const [id] of KNOWN_VALID) {
      for (const letter of LETTERS) {
        const changed = letter + id.slice(1);
        expect(isValidPersonalId(changed), changed).toBe(referenceChecksumOk(changed));
      }
    }
  });

  it('treats the second letter of an old resident certificate as its value mod 10', () => {
    // A, B, C, D count as 0, 1, 2, 3: a different letter changes the sum by a multiple of 8.
    expect(isValidPersonalId('AC01234567')).toBe(true);
    for (const second of 'ABD') expect(isValidPersonalId(`A${second}01234567`)).toBe(false);
    // So C weighs exactly like the digit 2: the national ID A201234567 shares AC01234567's checksum.
    expect(validatePersonalId('A201234567')).toEqual({ ok: true, id: 'A201234567', kind: 'NATIONAL_ID' });
  });

  it('agrees with the reference checksum on a sweep of well-formed IDs', () => {
    let checked = 0;
    for (const letter of LETTERS) {
      for (const second of ['1', '2', '8', '9', 'A', 'B', 'C', 'D']) {
        for (let n = 0; n < 100_000_000; n += 7_654_321) {
          const id = `${letter}${second}${String(n).padStart(8, '0')}`;
          expect(isValidPersonalId(id), id).toBe(referenceChecksumOk(id));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(2_000);
  });
});

describe('generators', () => {
  const SERIALS = [0, 1, 9, 10, 1234567, 5_000_000, 9_999_999, ...Array.from({ length: 40 }, (_, i) => i * 249_989)];

  it('makeNationalId produces valid national IDs for every letter, both genders and many serials', () => {
    for (const letter of LETTERS) {
      for (const gender of [1, 2] as const) {
        for (const serial of SERIALS) {
          const id = makeNationalId(letter, gender, serial);
          expect(id).toMatch(new RegExp(`^${letter}${gender}${String(serial).padStart(7, '0')}\\d$`));
          expect(validatePersonalId(id)).toEqual({ ok: true, id, kind: 'NATIONAL_ID' });
          expect(referenceChecksumOk(id)).toBe(true);
        }
      }
    }
  });

  it('makeResidentCertNew produces valid 2021-format numbers with 8 as the second character', () => {
    for (const letter of LETTERS) {
      for (const serial of SERIALS) {
        const id = makeResidentCertNew(letter, serial);
        expect(id).toMatch(new RegExp(`^${letter}8${String(serial).padStart(7, '0')}\\d$`));
        expect(validatePersonalId(id)).toEqual({ ok: true, id, kind: 'RESIDENT_CERT_NEW' });
        expect(referenceChecksumOk(id)).toBe(true);
      }
    }
  });

  it('makeResidentCertOld produces valid pre-2021 numbers for every first letter and A-D', () => {
    for (const first of LETTERS) {
      for (const second of 'ABCD') {
        for (const serial of SERIALS) {
          const id = makeResidentCertOld(first + second, serial);
          expect(id).toMatch(new RegExp(`^${first}${second}${String(serial).padStart(7, '0')}\\d$`));
          expect(validatePersonalId(id)).toEqual({ ok: true, id, kind: 'RESIDENT_CERT_OLD' });
          expect(referenceChecksumOk(id)).toBe(true);
        }
      }
    }
  });

  it('reproduces the known examples', () => {
    expect(makeNationalId('A', 1, 2345678)).toBe('A123456789');
    expect(makeResidentCertNew('A', 1)).toBe('A800000014');
    expect(makeResidentCertOld('AC', 123456)).toBe('AC01234567');
  });

  it('is deterministic and gives different serials different IDs', () => {
    expect(makeNationalId('F', 2, 42)).toBe(makeNationalId('F', 2, 42));
    const ids = new Set(SERIALS.map((serial) => makeNationalId('F', 2, serial)));
    expect(ids.size).toBe(new Set(SERIALS).size);
  });

  it('accepts lowercase letters and returns uppercase IDs', () => {
    expect(makeNationalId('a', 1, 2345678)).toBe('A123456789');
    expect(makeResidentCertNew('a', 1)).toBe('A800000014');
    expect(makeResidentCertOld('ac', 123456)).toBe('AC01234567');
  });

  it('refuses arguments it cannot turn into a valid ID', () => {
    expect(() => makeNationalId('AA', 1, 1)).toThrow(RangeError);
    expect(() => makeNationalId('1', 1, 1)).toThrow(RangeError);
    expect(() => makeNationalId('A', 3 as 1, 1)).toThrow(RangeError);
    expect(() => makeNationalId('A', 1, -1)).toThrow(RangeError);
    expect(() => makeNationalId('A', 1, 10_000_000)).toThrow(RangeError);
    expect(() => makeNationalId('A', 1, 1.5)).toThrow(RangeError);
    expect(() => makeResidentCertNew('', 1)).toThrow(RangeError);
    expect(() => makeResidentCertNew('A', Number.NaN)).toThrow(RangeError);
    expect(() => makeResidentCertOld('AE', 1)).toThrow(RangeError);
    expect(() => makeResidentCertOld('A', 1)).toThrow(RangeError);
    expect(() => makeResidentCertOld('ACD', 1)).toThrow(RangeError);
  });
});

describe('maskPersonalId', () => {
  it('keeps the first 3 and last 3 characters', () => {
    expect(maskPersonalId('A123456789')).toBe('A12****789');
    expect(maskPersonalId('A800000014')).toBe('A80****014');
    expect(maskPersonalId('AC01234567')).toBe('AC0****567');
  });

  it('normalizes before masking', () => {
    expect(maskPersonalId(' a123456789 ')).toBe('A12****789');
  });

  it('always hides the middle 4 characters', () => {
    for (const [id] of KNOWN_VALID) {
      const masked = maskPersonalId(id);
      expect(masked).toHaveLength(10);
      expect(masked.slice(3, 7)).toBe('****');
      expect(masked).not.toContain(id.slice(3, 7));
    }
  });

  it('masks anything that is not 10 characters entirely', () => {
    expect(maskPersonalId('')).toBe('****');
    expect(maskPersonalId('A12345678')).toBe('****');
    expect(maskPersonalId('A1234567890')).toBe('****');
  });
});
