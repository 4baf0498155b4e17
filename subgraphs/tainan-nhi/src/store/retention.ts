import { and, inArray, isNotNull, lt } from 'drizzle-orm';
import { tables } from '@webir/db';
import { taipeiDay } from '@webir/kit';
import type { TnContext } from '../context.ts';
import { assertChief } from './access.ts';

const { applications, applicationSignoffs, queryRequests, usageRecords, quarterlyReviews, samples, sampleItems, auditRecords, purges, destructions } = tables;

/**
 * Retention: each kind of record is removed only after the day its period ends — forms one year
 * after their decision (TN-5.4), query requests five years (TN-7.7), reviews, samples and audits three
 * years (TN-8.5). Each record carries its own `retain_until`, set when it is made; forms still being
 * signed or decided have none and are never removed. A purge records what it removed and why.
 */
const KINDS = [
  { kind: 'APPLICATION', rule: 'TN-5.4', table: applications, number: applications.number },
  { kind: 'QUERY_REQUEST', rule: 'TN-7.7', table: queryRequests, number: queryRequests.number },
  { kind: 'QUARTERLY_REVIEW', rule: 'TN-8.5', table: quarterlyReviews, number: quarterlyReviews.quarter },
  { kind: 'SAMPLE', rule: 'TN-8.5', table: samples, number: samples.month },
  { kind: 'AUDIT', rule: 'TN-8.5', table: auditRecords, number: auditRecords.number },
] as const;

export interface Expired {
  kind: string;
  id: string;
  number: string | null;
  retainUntil: string;
  rule: string;
}

/** What has outlived its period today; `dryRun` shows it without removing anything. */
export async function purgeExpired(ctx: TnContext, dryRun: boolean): Promise<Expired[]> {
  assertChief(ctx.caller, 'Purging records');
  const today = taipeiDay(ctx.now());
  const expired: Expired[] = [];
  for (const k of KINDS) {
    const t = k.table as typeof applications;
    const rows = await ctx.db
      .select({ id: t.id, number: k.number, retainUntil: t.retainUntil })
      .from(t)
      .where(and(isNotNull(t.retainUntil), lt(t.retainUntil, today)));
    for (const r of rows) expired.push({ kind: k.kind, id: r.id, number: r.number, retainUntil: r.retainUntil!, rule: k.rule });
  }
  if (dryRun || !expired.length) return expired;
  const of = (kind: string) => expired.filter((e) => e.kind === kind).map((e) => e.id);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    if (of('QUERY_REQUEST').length) {
      // Usage records outlive the requests they matched: they keep the number, lose the link.
      await tx.update(usageRecords).set({ requestId: null }).where(inArray(usageRecords.requestId, of('QUERY_REQUEST')));
      await tx.delete(destructions).where(inArray(destructions.requestId, of('QUERY_REQUEST')));
      await tx.delete(queryRequests).where(inArray(queryRequests.id, of('QUERY_REQUEST')));
    }
    if (of('APPLICATION').length) {
      await tx.delete(applicationSignoffs).where(inArray(applicationSignoffs.applicationId, of('APPLICATION')));
      await tx.delete(applications).where(inArray(applications.id, of('APPLICATION')));
    }
    if (of('SAMPLE').length) {
      await tx.delete(sampleItems).where(inArray(sampleItems.sampleId, of('SAMPLE')));
      await tx.delete(samples).where(inArray(samples.id, of('SAMPLE')));
    }
    if (of('QUARTERLY_REVIEW').length) await tx.delete(quarterlyReviews).where(inArray(quarterlyReviews.id, of('QUARTERLY_REVIEW')));
    if (of('AUDIT').length) await tx.delete(auditRecords).where(inArray(auditRecords.id, of('AUDIT')));
    await tx.insert(purges).values(expired.map((e) => ({ kind: e.kind, recordId: e.id, number: e.number, retainUntil: e.retainUntil, rule: e.rule, purgedAt: now, purgedById: ctx.caller.id })));
  });
  return expired;
}

export const purgeLog = (ctx: TnContext) => ctx.db.select().from(purges).orderBy(purges.purgedAt, purges.kind);
