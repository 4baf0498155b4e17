import { and, eq, inArray } from 'drizzle-orm';
import { revokeMatching, tables, type KhItemChange, type Tx } from '@webir/db';
import type { Ended, Offboarding } from '@webir/db/regime';
import { addYears, taipeiDay } from '@webir/kit';
import { REGIME } from './access.ts';
import { closeAccounts } from './forms.ts';

const { khForms, khRegistrations } = tables;

/** The steps a form waits in before it is set up: it can still be ended. */
const OPEN_FORMS = ['SIGNING', 'REVIEW', 'SETUP'];

const WHAT: Record<Offboarding['kind'], string> = { RESIGNED: 'resigns', RETIRED: 'retires', REASSIGNED: 'changes duties' };

/**
 * X-1 with KH-4.4, inside the offboarding's transaction (only `tx`: PGlite has one connection): the
 * person's BLI accounts are deleted at once, even for a change dated later — KH-4.4 wants them gone
 * before it takes effect, and the successor applies afresh. Their KH_BLI grants go with them (an
 * AHEAD part revokes its own ledger rows; revoking is idempotent, so the compliance subgraph doing it
 * too ends nothing twice). Their registrations not yet approved are closed, and the forms they
 * applied on that are not set up yet are rejected (nobody signs, reviews or sets up a leaver's form).
 * A second run finds nothing left to end and returns [].
 */
export async function offboardFromBli(tx: Tx, change: Offboarding): Promise<Ended[]> {
  const why = `X-1, KH-4.4: ${WHAT[change.kind]} on ${change.effectiveOn} — ${change.reason}`;
  const at = change.at;
  const ended: Ended[] = [];

  const accounts = await closeAccounts(tx, { personId: change.personId }, at, why);
  for (const a of accounts) ended.push({ regime: REGIME, kind: 'ACCOUNT', id: a.id, label: a.myegovAccount });

  const revoked = await revokeMatching(tx, { personId: change.personId, regime: REGIME }, { revokedById: change.byId, reason: why, at });
  for (const p of revoked) ended.push({ regime: REGIME, kind: 'PERMISSION', id: p.id, label: [p.role, p.serviceItemId?.slice(REGIME.length + 1)].filter(Boolean).join(' ') });

  // CLOSED, never decided: `decidedAt` stays null, so usage matching never takes it for an approval
  // given before a query (a leaver's later query must stay a KH-6.1 finding).
  const registrations = await tx
    .update(khRegistrations)
    .set({ status: 'CLOSED', decisionNote: `Closed unapproved — ${why}` })
    .where(and(eq(khRegistrations.requesterId, change.personId), eq(khRegistrations.status, 'PENDING')))
    .returning({ id: khRegistrations.id, number: khRegistrations.number });
  for (const r of registrations) ended.push({ regime: REGIME, kind: 'REGISTRATION', id: r.id, label: r.number });

  const forms = await tx.select().from(khForms).where(and(eq(khForms.applicantId, change.personId), inArray(khForms.status, OPEN_FORMS)));
  const note = `Rejected: its applicant’s duties end (${why})`;
  for (const form of forms) {
    // As a rejection at review (reviewForm): every undecided item rejected, kept a year from now.
    // A form past its review keeps the Labour Bureau's note and decisions; the ending is the set-up step's.
    const reviewed = form.status === 'SETUP';
    const itemChanges: KhItemChange[] = form.itemChanges.map((c) => (c.decision ? c : { ...c, decision: 'REJECTED' }));
    const [row] = await tx
      .update(khForms)
      .set({
        status: 'REJECTED',
        itemChanges,
        retainUntil: addYears(taipeiDay(at), 1),
        ...(reviewed ? { setUpAt: at, setUpNote: note } : { reviewedAt: at, reviewNote: note }),
      })
      .where(and(eq(khForms.id, form.id), eq(khForms.status, form.status)))
      .returning({ id: khForms.id, number: khForms.number });
    if (row) ended.push({ regime: REGIME, kind: 'FORM', id: row.id, label: row.number });
  }
  return ended;
}
