import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import { tables } from '@webir/db';
import type { CalendarEntry } from '@webir/db/regime';
import type { NwContext } from '../context.ts';
import { REGIME, REVIEWER } from './access.ts';

const { nwViolations, nwUnits, nwSanctions } = tables;

/**
 * The violations that carry an improvement deadline (NW-8.2: a confirmed named report). A dismissed
 * one has nothing left due; REPORTED ones have no deadline yet.
 */
const WITH_DEADLINE = ['CONFIRMED', 'REMEDIED', 'SANCTIONED'];

/**
 * NW-8.2 for the calendar across regimes: each improvement deadline in [from, to], one statement.
 *
 * Who must act: the NHI's reviewer. The unit is asked to remedy by the deadline, but the unit's people
 * hold no role of the ledger; what the regime requires of someone who does is the NHI's step once the
 * deadline has run: record the remedy, or suspend the lines (enforceNetworkDeadlines). So the entry is
 * done on the remedy day, or on the day the suspension began, the day the NHI enforced it. Left open
 * after enforcement, it would stay OVERDUE for ever and the compliance subgraph would report a breach
 * the NHI has already dealt with.
 *
 * `on` is the day the calendar is read on: what was done only after it is not done yet on it.
 */
export async function improvementDeadlines(ctx: Pick<NwContext, 'db'>, query: { from: string; to: string; on: string }): Promise<CalendarEntry[]> {
  const rows = await ctx.db
    .select({
      id: nwViolations.id,
      status: nwViolations.status,
      deadline: nwViolations.improvementDeadline,
      remediedOn: nwViolations.remediedOn,
      suspendedOn: nwSanctions.fromOn,
      unitName: nwUnits.name,
    })
    .from(nwViolations)
    .innerJoin(nwUnits, eq(nwUnits.id, nwViolations.unitId))
    .leftJoin(nwSanctions, eq(nwSanctions.violationId, nwViolations.id))
    .where(and(inArray(nwViolations.status, WITH_DEADLINE), gte(nwViolations.improvementDeadline, query.from), lte(nwViolations.improvementDeadline, query.to)))
    .orderBy(asc(nwViolations.improvementDeadline), asc(nwUnits.name), asc(nwViolations.id));
  return rows.map((r) => {
    const done = r.status === 'REMEDIED' ? r.remediedOn : r.status === 'SANCTIONED' ? r.suspendedOn : null;
    return {
      regime: REGIME,
      rule: 'NW-8.2',
      kind: 'IMPROVEMENT_DEADLINE',
      // A network applicant is not an agency of the directory (the regime is national).
      agencyId: null,
      subject: r.unitName,
      period: r.deadline!,
      dueOn: r.deadline!,
      doneOn: done && done <= query.on ? done : null,
      actorRole: REVIEWER,
      actorAgencyId: null,
    };
  });
}
