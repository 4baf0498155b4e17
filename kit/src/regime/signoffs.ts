/**
 * Forms signed by several people in a fixed order (Tainan's 附表一/二: applicant, section chief,
 * agency head; Kaohsiung's forms: the agency head, then the bodies that review). Shared by the
 * regimes: each gives its own sequence of roles.
 */
export type SignoffCheck = { ok: true; step: number; last: boolean } | { ok: false; message: string };

export function nextSignoff(sequence: readonly string[], signedSoFar: number, role: string): SignoffCheck {
  if (signedSoFar >= sequence.length) return { ok: false, message: 'every sign-off is already on the form' };
  const expected = sequence[signedSoFar]!;
  if (role !== expected) {
    return { ok: false, message: `sign-offs go in the order ${sequence.join(' → ')}; next is ${expected}, not ${role}` };
  }
  return { ok: true, step: signedSoFar + 1, last: signedSoFar + 1 === sequence.length };
}

/** A term as head (機關首長) or delegate (授權人員): from `since` up to the day before `until`. */
export interface HeadTerm {
  personId: string;
  role: 'HEAD' | 'DELEGATE';
  since: string;
  until: string | null;
}

/** Whether the term holds on the day (YYYY-MM-DD, Taipei). */
export const termHolds = (term: Pick<HeadTerm, 'since' | 'until'>, day: string): boolean => term.since <= day && (term.until === null || day < term.until);

/**
 * Who may give the agency head's sign-off on a day: the head recorded for that day, or a delegate the
 * head authorised whose delegation holds that day. Any other member of staff may not, however senior.
 */
export function mayActAsHead(terms: readonly HeadTerm[], personId: string, day: string): boolean {
  return terms.some((t) => t.personId === personId && termHolds(t, day));
}
