import { inArray } from 'drizzle-orm';
import { tables, type Db } from '@webir/db';
import { deleteByIds, purgeExpiredRecords, type Expired, type RetainedKind } from '@webir/db/regime';
import { taipeiDay } from '@webir/kit';
import type { TnContext } from '../context.ts';
import { assertChief } from './access.ts';

const { applications, applicationSignoffs, queryRequests, usageRecords, quarterlyReviews, samples, sampleItems, auditRecords, purges, destructions } = tables;

/**
 * Retention: each kind of record is removed only after the day its period ends — forms one year
 * after their decision (TN-5.4), query requests five years (TN-7.7), reviews, samples and audits three
 * years (TN-8.5). The mechanism (a record's own `retain_until`, never early, each removal logged) is
 * the regime kit's.
 */
export const KINDS: readonly RetainedKind[] = [
  {
    kind: 'QUERY_REQUEST',
    rule: 'TN-7.7',
    table: queryRequests,
    label: queryRequests.number,
    remove: async (tx, ids) => {
      // Usage records outlive the requests they matched: they keep the number, lose the link.
      await tx.update(usageRecords).set({ requestId: null }).where(inArray(usageRecords.requestId, ids));
      await tx.delete(destructions).where(inArray(destructions.requestId, ids));
      await tx.delete(queryRequests).where(inArray(queryRequests.id, ids));
    },
  },
  {
    kind: 'APPLICATION',
    rule: 'TN-5.4',
    table: applications,
    label: applications.number,
    remove: async (tx, ids) => {
      await tx.delete(applicationSignoffs).where(inArray(applicationSignoffs.applicationId, ids));
      await tx.delete(applications).where(inArray(applications.id, ids));
    },
  },
  {
    kind: 'SAMPLE',
    rule: 'TN-8.5',
    table: samples,
    label: samples.month,
    remove: async (tx, ids) => {
      await tx.delete(sampleItems).where(inArray(sampleItems.sampleId, ids));
      await tx.delete(samples).where(inArray(samples.id, ids));
    },
  },
  { kind: 'QUARTERLY_REVIEW', rule: 'TN-8.5', table: quarterlyReviews, label: quarterlyReviews.quarter, remove: deleteByIds(quarterlyReviews) },
  { kind: 'AUDIT', rule: 'TN-8.5', table: auditRecords, label: auditRecords.number, remove: deleteByIds(auditRecords) },
];

export type { Expired };

/**
 * Tainan's records that have outlived their period on `run.today`, removed and logged unless
 * `dryRun`. No access check: the regime's mutation checks the caller, the graph across regimes asks
 * `mayPurge`, and the scheduled job (`byId` null) always may.
 */
export const purgeTainan = (db: Db, run: { today: string; now: Date; byId: string | null; dryRun: boolean }): Promise<Expired[]> => purgeExpiredRecords(db, purges, KINDS, run);

/** What has outlived its period today; `dryRun` shows it without removing anything. */
export async function purgeExpired(ctx: TnContext, dryRun: boolean): Promise<Expired[]> {
  assertChief(ctx.caller, 'Purging records');
  return purgeTainan(ctx.db, { today: taipeiDay(ctx.now()), now: ctx.now(), byId: ctx.caller.id, dryRun });
}

export const purgeLog = (ctx: TnContext) => ctx.db.select().from(purges).orderBy(purges.purgedAt, purges.kind);
