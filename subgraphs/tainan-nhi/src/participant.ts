import type { ParticipantContext, RegimeParticipant } from '@webir/db/regime';
import type { TnContext } from './context.ts';
import { createLoaders } from './loaders.ts';
import { isChief, REGIME } from './store/access.ts';
import { tainanCalendar } from './store/calendar.ts';
import { describeUsageFindings, tainanFindings, usageFindingsSql } from './store/findings.ts';
import { closeOpenBusiness } from './store/offboarding.ts';
import { purgeTainan } from './store/retention.ts';

/** The stores take a request's context; the graph across regimes gives the same without loaders. */
const tn = (ctx: ParticipantContext): TnContext => ({ ...ctx, loaders: createLoaders(ctx.db) });

/**
 * Tainan NHI WebIR in the graph across regimes (X-1..X-4): a thin adapter over the regime's stores.
 * Its part of an offboarding waits for the effective day (nothing in TN asks for it earlier).
 */
export const tainanParticipant: RegimeParticipant = {
  regime: REGIME,
  offboardTiming: 'ON_DATE',
  offboard: closeOpenBusiness,
  calendar: (ctx, query) => tainanCalendar(tn(ctx), query),
  findings: (ctx, query) => tainanFindings(tn(ctx), query),
  // The usage log grows with every query made in the city: its findings are paged by the database.
  recordFindings: {
    select: (ctx, query) => usageFindingsSql(tn(ctx), query),
    describe: (ctx, { ids }) => describeUsageFindings(tn(ctx), ids),
  },
  purge: purgeTainan,
  // By hand, only the chief administrator purges (as purgeNhiRecords); the auditor only reads.
  mayPurge: isChief,
};
