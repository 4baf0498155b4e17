import { tables } from '@webir/db';
import { purgeExpiredRecords, type ParticipantContext, type RegimeParticipant } from '@webir/db/regime';
import type { KhContext } from './context.ts';
import { createLoaders } from './loaders.ts';
import { isItCentre, REGIME } from './store/access.ts';
import { khCalendar } from './store/calendar.ts';
import { describeUsageFindings, khFindings, usageFindingsSql } from './store/findings.ts';
import { offboardFromBli } from './store/offboarding.ts';
import { KINDS } from './store/retention.ts';

/** The stores take the regime's own context: the compliance caller's, with fresh loaders. */
const khContext = (ctx: ParticipantContext): KhContext => ({ ...ctx, loaders: createLoaders(ctx.db) });

/**
 * Kaohsiung's BLI regime in the graph across regimes (X-1..X-4): a thin adapter over its stores.
 * Its offboarding is AHEAD: KH-4.4 wants a holder's account deleted before the change of duties takes
 * effect, so it is done when the change is recorded.
 */
export const kaohsiungParticipant: RegimeParticipant = {
  regime: REGIME,
  offboardTiming: 'AHEAD',
  offboard: (tx, change) => offboardFromBli(tx, change),
  calendar: (ctx, query) => khCalendar(khContext(ctx), query),
  findings: (ctx, query) => khFindings(khContext(ctx), query),
  // The usage log grows with every query made in the city: its findings are paged by the database.
  recordFindings: {
    select: (ctx, query) => usageFindingsSql(khContext(ctx), query),
    describe: (ctx, { ids }) => describeUsageFindings(khContext(ctx), ids),
  },
  purge: (db, run) => purgeExpiredRecords(db, tables.khPurges, KINDS, run),
  // the IT centre purges by hand, as purgeKhRecords allows (the scheduled job always may).
  mayPurge: isItCentre,
};
