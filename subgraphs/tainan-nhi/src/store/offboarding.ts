import { and, eq, inArray } from 'drizzle-orm';
import { tables, type Tx } from '@webir/db';
import type { Ended, Offboarding } from '@webir/db/regime';
import { addYears, taipeiDay } from '@webir/kit';
import { REGIME } from './access.ts';

const { queryRequests, applications } = tables;

/**
 * X-1's Tainan part, inside the offboarding's transaction (only `tx`: PGlite has one connection):
 * the person's query requests still waiting for their supervisor are closed, and their applications
 * (附表一, 附表二) still being signed or decided are rejected, each with the reason. Their ledger
 * permissions — Tainan's accounts — are revoked by the caller, for every regime at once. Each update
 * is guarded by the status it changes, so running it again closes nothing more.
 */
export async function closeOpenBusiness(tx: Tx, change: Offboarding): Promise<Ended[]> {
  const why = `X-1: ${change.kind.toLowerCase()} effective ${change.effectiveOn}: ${change.reason}`;
  // No decidedAt on a closed request: usage matching takes any decided request not PENDING or
  // REJECTED as approved from its decision, and a closed one allows no query.
  const requests = await tx
    .update(queryRequests)
    .set({ status: 'CLOSED', decisionNote: `Closed unapproved: the requester left (${why})` })
    .where(and(eq(queryRequests.requesterId, change.personId), eq(queryRequests.status, 'PENDING')))
    .returning({ id: queryRequests.id, number: queryRequests.number });
  // As rejectApplication does: decided now, kept a year from the decision (TN-5.4); nobody approved it.
  const forms = await tx
    .update(applications)
    .set({ status: 'REJECTED', decidedAt: change.at, decisionNote: `Rejected: the applicant left (${why})`, retainUntil: addYears(taipeiDay(change.at), 1) })
    .where(and(eq(applications.applicantId, change.personId), inArray(applications.status, ['SIGNING', 'SUBMITTED'])))
    .returning({ id: applications.id, number: applications.number });
  return [
    ...requests.sort((a, b) => a.number.localeCompare(b.number)).map((r) => ({ regime: REGIME, kind: 'QUERY_REQUEST', id: r.id, label: r.number })),
    ...forms.sort((a, b) => a.number.localeCompare(b.number)).map((f) => ({ regime: REGIME, kind: 'APPLICATION', id: f.id, label: f.number })),
  ];
}
