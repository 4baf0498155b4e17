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
