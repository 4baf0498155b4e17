import type { Ended, ParticipantContext, RegimeParticipant } from '@webir/db/regime';
import type { NwContext } from './context.ts';
import { createLoaders } from './loaders.ts';
import { isReviewer, REGIME } from './store/access.ts';
import { improvementDeadlines } from './store/calendar.ts';
import { applicationsDuringBans, bannedUnits, unenforcedDeadlines } from './store/findings.ts';

const nwContext = (ctx: ParticipantContext): NwContext => ({ ...ctx, loaders: createLoaders(ctx.db) });

/**
 * The NHI network membership regime's part in the graph across regimes (X-1, X-3).
 *
 * Who sees it: the regime is national and its records concern network applicants (IT service units,
 * medical institutions, agencies' memberships), none of them an agency of a city's directory, so every
 * entry has `agencyId: null` and the unit's name as its subject. Only a reader of the national regime
 * (the NHI's network reviewer) sees them; for anyone else the calendar and the findings are empty.
 *
 * `agencyIds` concerns agencies of the directory, which no NW entry has: a reader of the national
 * regime gets the NW entries whatever agencies are passed, and the compliance subgraph leaves these
 * agency-less entries out when the question names an agency.
 *
 * No purge: the NW rules set no retention period (X-4 lists none for this regime).
 */
export const nhiNetworkParticipant: RegimeParticipant = {
  regime: REGIME,
  offboardTiming: 'ON_DATE',

  /**
   * Nothing in this regime changes when a person leaves, so it returns [] (every time):
   * - It holds no accounts: its one role, the NHI's network reviewer, is a ledger permission, which
   *   the caller revokes for every regime at once.
   * - A unit's owner, contact and registrant are records of the company (or institution, or agency)
   *   that applied, and of who acted for it; they stay true after the person leaves, and the unit,
   *   its applications and lines are the unit's, not the person's. A leaver cannot act on them any
   *   more: loadCaller admits only ACTIVE people.
   * - A draft application the leaver started stays a draft. If other staff of the unit remain, they
   *   carry it on. If the leaver was its only editor, closing it would help nobody: the status
   *   vocabulary has no "withdrawn" (REJECTED is the NHI's decision, not this job's), deleting it
   *   would destroy the company's unsent form, and without staff the unit could not start another
   *   anyway; kept, it is there for whoever next acts for the unit.
   * - Submitted applications await the NHI, and violations and sanctions concern the unit.
   */
  offboard: async (): Promise<Ended[]> => [],

  calendar: async (ctx, query) => (isReviewer(ctx.caller) ? improvementDeadlines(ctx, query) : []),

  /**
   * A deadline passed unremedied and not yet enforced shows twice, as two breaches by two parties:
   * the compliance subgraph reads the OVERDUE calendar entry as the unit's (it did not improve in
   * time, IMPROVEMENT_DEADLINE_OVERDUE, within the calendar's year), and SUSPENSION_NOT_ENFORCED here
   * is the NHI's (it has not suspended the lines, HIGH, whatever the deadline's age, with the
   * violation's id). Both end when the suspension is decided (the calendar entry is then done).
   */
  findings: async (ctx, { on }) => {
    if (!isReviewer(ctx.caller)) return [];
    const nw = nwContext(ctx);
    const [bans, applications, unenforced] = await Promise.all([bannedUnits(nw, on), applicationsDuringBans(nw, on), unenforcedDeadlines(nw, on)]);
    return [...bans, ...applications, ...unenforced];
  },
};
