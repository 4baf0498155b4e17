import { describe, expect, it } from 'vitest';
import { validateAgencyCode, validateEmail, validateMyEgovAccount, validatePhone } from '../src/validators/index.ts';

function messageOf(result: { ok: true; value: string } | { ok: false; message: string }): string {
  if (result.ok) throw new Error(`expected a rejection, got ${result.value}`);
  return result.message;
}

describe('validateEmail', () => {
  it('accepts ordinary addresses, trims them and lowercases only the domain', () => {
    expect(validateEmail('chen.li@example.gov.tw')).toEqual({ ok: true, value: 'chen.li@example.gov.tw' });
    expect(validateEmail('  Chen.Li@Example.GOV.tw \n')).toEqual({ ok: true, value: 'Chen.Li@example.gov.tw' });
    expect(validateEmail('a+tag@sub.example.com')).toEqual({ ok: true, value: 'a+tag@sub.example.com' });
  });

  it('requires exactly one @', () => {
    expect(messageOf(validateEmail('chen.example.gov.tw'))).toMatch(/exactly one @/);
    expect(messageOf(validateEmail('chen@li@example.gov.tw'))).toMatch(/exactly one @/);
  });

  it('rejects spaces inside the address', () => {
    expect(messageOf(validateEmail('chen li@example.gov.tw'))).toMatch(/spaces/);
    expect(messageOf(validateEmail('chen@example.\tgov.tw'))).toMatch(/spaces/);
  });

  it('requires a name and a dotted domain without empty labels', () => {
    expect(messageOf(validateEmail('@example.gov.tw'))).toMatch(/name before the @/);
    expect(messageOf(validateEmail('chen@localhost'))).toMatch(/must contain a dot/);
    expect(messageOf(validateEmail('chen@'))).toMatch(/must contain a dot/);
    expect(messageOf(validateEmail('chen@.example.tw'))).toMatch(/two dots|start or end/);
    expect(messageOf(validateEmail('chen@example.tw.'))).toMatch(/start or end/);
    expect(messageOf(validateEmail('chen@example..tw'))).toMatch(/two dots in a row/);
  });

  it('rejects empty input', () => {
    expect(messageOf(validateEmail('   '))).toMatch(/empty/);
  });

  it('enforces 254 characters overall and 64 before the @', () => {
    const domain = `${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(63)}.tw`; // 194 characters
    const at254 = `${'a'.repeat(254 - 1 - domain.length)}@${domain}`;
    expect(at254).toHaveLength(254);
    expect(validateEmail(at254)).toEqual({ ok: true, value: at254 });
    expect(messageOf(validateEmail(`a${at254}`))).toMatch(/255 characters.*maximum is 254/);
    expect(validateEmail(`${'a'.repeat(64)}@example.tw`).ok).toBe(true);
    expect(messageOf(validateEmail(`${'a'.repeat(65)}@example.tw`))).toMatch(/65 characters.*maximum is 64/);
  });
});

describe('validatePhone', () => {
  it.each([
    ['02-2345-6789', '0223456789'],
    ['(02) 2345 6789', '0223456789'],
    ['0912-345-678', '0912345678'],
    ['0912345678', '0912345678'],
    ['+886 2 2345 6789', '+886223456789'],
    ['+886-912-345-678', '+886912345678'],
    ['+886 (2) 2345-6789', '+886223456789'],
    ['2345678', '2345678'], // 7 digits: a local number without area code
    ['02-2345-6789 #123', '0223456789#123'],
    ['02-2345-6789#9', '0223456789#9'],
    ['02-2345-6789 ext 123', '0223456789#123'],
    ['02-2345-6789 EXT. 4567', '0223456789#4567'],
    ['02-2345-6789ext123', '0223456789#123'],
    ['  02 2345 6789  ', '0223456789'],
  ])('accepts %s as %s', (raw, value) => {
    expect(validatePhone(raw)).toEqual({ ok: true, value });
  });

  it('counts 7 to 15 digits, not counting the extension', () => {
    expect(messageOf(validatePhone('234-567'))).toMatch(/has 6 digits; it must have 7 to 15/);
    expect(validatePhone('123456789012345').ok).toBe(true);
    expect(messageOf(validatePhone('1234567890123456'))).toMatch(/has 16 digits/);
    expect(messageOf(validatePhone('123456 #12345'))).toMatch(/has 6 digits/);
    expect(validatePhone('+886 2 2345 6789 #123456').ok).toBe(true); // 12 + 6, still valid
  });

  it('rejects letters and other symbols', () => {
    expect(messageOf(validatePhone('02-2345-678A'))).toMatch(/only digits/);
    expect(messageOf(validatePhone('02.2345.6789'))).toMatch(/only digits/);
    expect(messageOf(validatePhone('02/2345 6789'))).toMatch(/only digits/);
    expect(messageOf(validatePhone('02-2345-6789 #'))).toMatch(/only digits/);
    expect(messageOf(validatePhone('02-2345-6789 ext'))).toMatch(/only digits/);
    expect(messageOf(validatePhone('02-2345-6789 #1234567'))).toMatch(/only digits/); // extension too long
  });

  it('allows + only as the leading +886', () => {
    expect(messageOf(validatePhone('+1 212 555 0100'))).toMatch(/\+886/);
    expect(messageOf(validatePhone('02+2345-6789'))).toMatch(/only digits/);
    expect(messageOf(validatePhone('++886 2 2345 6789'))).toMatch(/only digits/);
  });

  it('requires simple, matched parentheses', () => {
    expect(messageOf(validatePhone('(02 2345 6789'))).toMatch(/unmatched parentheses/);
    expect(messageOf(validatePhone('02) 2345 6789'))).toMatch(/unmatched parentheses/);
    expect(messageOf(validatePhone('((02)) 2345 6789'))).toMatch(/unmatched parentheses/);
  });

  it('rejects empty input', () => {
    expect(messageOf(validatePhone(''))).toMatch(/empty/);
    expect(messageOf(validatePhone(' \n '))).toMatch(/empty/);
  });

  it('rejects a line break inside the input (two pasted values) instead of joining them', () => {
    expect(messageOf(validatePhone('02-2345\n6789'))).toMatch(/only digits/);
    expect(messageOf(validatePhone('02-2345-6789\n#123'))).toMatch(/only digits/);
    expect(validatePhone('02\t2345\t6789')).toEqual({ ok: true, value: '0223456789' });
  });
});

describe('validateMyEgovAccount', () => {
  it('accepts the allowed characters and lowercases', () => {
    expect(validateMyEgovAccount('Chen.Li_01-x@moi')).toEqual({ ok: true, value: 'chen.li_01-x@moi' });
    expect(validateMyEgovAccount('  abcd ')).toEqual({ ok: true, value: 'abcd' });
  });

  it('requires 4 to 50 characters', () => {
    expect(messageOf(validateMyEgovAccount('abc'))).toMatch(/4 to 50 characters; got 3/);
    expect(validateMyEgovAccount('a'.repeat(50)).ok).toBe(true);
    expect(messageOf(validateMyEgovAccount('a'.repeat(51)))).toMatch(/got 51/);
    expect(messageOf(validateMyEgovAccount(''))).toMatch(/got 0/);
  });

  it('rejects other characters, including spaces and non-ASCII letters', () => {
    for (const account of ['chen li', 'chen+li', 'chen/li', '陳小明帳號', 'chén.li', 'chen#li']) {
      expect(messageOf(validateMyEgovAccount(account))).toMatch(/only letters, digits/);
    }
  });
});

describe('validateAgencyCode', () => {
  it('accepts 9 digits followed by a letter or digit', () => {
    expect(validateAgencyCode('395000000A')).toEqual({ ok: true, value: '395000000A' });
    expect(validateAgencyCode('3760000000')).toEqual({ ok: true, value: '3760000000' });
    expect(validateAgencyCode(' 395000000Z ')).toEqual({ ok: true, value: '395000000Z' });
  });

  it('uppercases a lowercase final letter', () => {
    expect(validateAgencyCode('395000000a')).toEqual({ ok: true, value: '395000000A' });
  });

  it('requires exactly 10 characters', () => {
    expect(messageOf(validateAgencyCode('395000000'))).toMatch(/exactly 10 characters.*got 9/);
    expect(messageOf(validateAgencyCode('395000000AB'))).toMatch(/got 11/);
    expect(messageOf(validateAgencyCode(''))).toMatch(/got 0/);
  });

  it('requires digits in the first 9 places and a letter or digit last', () => {
    expect(messageOf(validateAgencyCode('A95000000A'))).toMatch(/9 digits followed by one letter or digit/);
    expect(messageOf(validateAgencyCode('39500000AA'))).toMatch(/9 digits followed/);
    expect(messageOf(validateAgencyCode('395000000-'))).toMatch(/9 digits followed/);
    expect(messageOf(validateAgencyCode('395 00000A'))).toMatch(/9 digits followed/);
  });
});
