/**
 * Contact and account fields. Deliberately pragmatic: they catch typos and pasted junk, they do
 * not try to prove an address or a phone number exists (only a confirmation message can do that).
 */

export type FieldResult = { ok: true; value: string } | { ok: false; message: string };

const fail = (message: string): FieldResult => ({ ok: false, message });

/** The SMTP path limit (RFC 5321) caps a usable address at 254 characters and a local part at 64. */
const MAX_EMAIL = 254;
const MAX_LOCAL = 64;

/**
 * One `@`, no whitespace, a domain with at least one dot and no empty labels. Returns the trimmed
 * address with the domain lowercased: domains are case-insensitive, local parts formally are not.
 */
export function validateEmail(raw: string): FieldResult {
  const email = raw.trim();
  if (email.length === 0) return fail('The email address is empty.');
  if (email.length > MAX_EMAIL) return fail(`The email address is ${email.length} characters long; the maximum is ${MAX_EMAIL}.`);
  if (/\s/.test(email)) return fail('The email address must not contain spaces.');
  const parts = email.split('@');
  if (parts.length !== 2) return fail('The email address must contain exactly one @, as in name@example.gov.tw.');
  const [local, domain] = parts as [string, string];
  if (local.length === 0) return fail('The email address needs a name before the @.');
  if (local.length > MAX_LOCAL) return fail(`The part before the @ is ${local.length} characters long; the maximum is ${MAX_LOCAL}.`);
  if (!domain.includes('.')) return fail('The domain after the @ must contain a dot, as in example.gov.tw.');
  if (domain.split('.').some((label) => label.length === 0)) {
    return fail('The domain after the @ must not start or end with a dot or contain two dots in a row.');
  }
  return { ok: true, value: `${local}@${domain.toLowerCase()}` };
}

/** Number of digits in a phone number without its extension; +886 counts (it is dialled). */
const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;

/**
 * A Taiwan phone number as people write it: `02-2345-6789`, `(02) 2345 6789`, `0912-345-678`,
 * `+886 2 2345 6789`, optionally followed by an extension `#123`, `ext 123` or `ext. 123`.
 * Returns a dialable form: an optional `+`, the digits, then `#` and the extension if any.
 */
export function validatePhone(raw: string): FieldResult {
  const phone = raw.trim();
  if (phone.length === 0) return fail('The phone number is empty.');
  // [\s\S] so the match never fails; the character check below then rejects anything odd.
  const match = /^([\s\S]*?)[ \t]*(?:(?:#|ext\.?)[ \t]*(\d{1,6}))?$/i.exec(phone)!;
  const main = match[1]!;
  const extension = match[2];
  // Spaces and tabs are separators; a line break means two values were pasted, not one.
  if (!/^\+?[\d \t()-]+$/.test(main)) {
    return fail('The phone number may contain only digits, spaces, hyphens, parentheses, a leading +886 and an extension such as #123 or ext 123.');
  }
  if (!parenthesesBalanced(main)) return fail('The phone number has unmatched parentheses.');
  const digits = main.replace(/\D/g, '');
  // This validator is for Taiwan numbers: a + may only introduce the country code 886.
  if (main.startsWith('+') && !digits.startsWith('886')) return fail('An international phone number must start with +886 (Taiwan).');
  if (digits.length < MIN_PHONE_DIGITS || digits.length > MAX_PHONE_DIGITS) {
    return fail(`The phone number has ${digits.length} digits; it must have ${MIN_PHONE_DIGITS} to ${MAX_PHONE_DIGITS} (not counting an extension).`);
  }
  const plus = main.startsWith('+') ? '+' : '';
  return { ok: true, value: `${plus}${digits}${extension === undefined ? '' : `#${extension}`}` };
}

/** Only simple, non-nested groups like `(02)`: anything else is a paste error, not a phone number. */
function parenthesesBalanced(text: string): boolean {
  let open = false;
  for (const char of text) {
    if (char === '(') {
      if (open) return false;
      open = true;
    } else if (char === ')') {
      if (!open) return false;
      open = false;
    }
  }
  return !open;
}

/**
 * A MyEGov (我的E政府) login account, lowercased so that one person never appears as two accounts
 * that differ only in case (e.g. typed once as `Chen.Li` and once as `chen.li`).
 */
export function validateMyEgovAccount(raw: string): FieldResult {
  const account = raw.trim();
  if (account.length < 4 || account.length > 50) {
    return fail(`A MyEGov account has 4 to 50 characters; got ${account.length}.`);
  }
  if (!/^[A-Za-z0-9._@-]+$/.test(account)) {
    return fail('A MyEGov account may contain only letters, digits, dot, underscore, hyphen and @.');
  }
  return { ok: true, value: account.toLowerCase() };
}

/**
 * A government agency code (機關代碼), e.g. `395000000A`: 9 digits then one uppercase letter or
 * digit. A lowercase final letter is accepted and uppercased, as the code itself is unambiguous.
 */
export function validateAgencyCode(raw: string): FieldResult {
  const code = raw.trim().toUpperCase();
  if (code.length !== 10) return fail(`An agency code has exactly 10 characters (for example 395000000A); got ${code.length}.`);
  if (!/^\d{9}[A-Z0-9]$/.test(code)) {
    return fail('An agency code is 9 digits followed by one letter or digit, for example 395000000A.');
  }
  return { ok: true, value: code };
}
