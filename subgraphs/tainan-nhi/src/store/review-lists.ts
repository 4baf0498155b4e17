import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import { tables } from '@webir/db';
import { pageByInstant } from '@webir/db/regime';
import { checkId, Violations, type PageArgs } from '@webir/kit';
import type { TnContext } from '../context.ts';
import { readsRegime } from './access.ts';

const { quarterlyReviews, samples, handovers } = tables;
type ReviewRow = typeof quarterlyReviews.$inferSelect;
type SampleRow = typeof samples.$inferSelect;
type HandoverRow = typeof handovers.$inferSelect;
type SampleFilter = { agencyId?: string | null; month?: string | null };

/** Reviews and samples: the regime's readers, the agencies' administrators, and whoever made them. */
export async function canSeeAgencyRecords(ctx: TnContext, agencyId: string, authorId: string): Promise<boolean> {
  if (readsRegime(ctx.caller) || authorId === ctx.caller.id) return true;
  return ctx.caller.administeredAgencyIds().length > 0 && (await ctx.caller.scope()).read.has(agencyId);
}

async function administered(ctx: TnContext): Promise<string[]> {
  return ctx.caller.administeredAgencyIds().length ? [...(await ctx.caller.scope()).read] : [];
}

/** Who reads which reviews, as SQL: the list and its pages share it, so both show the same rows. */
async function reviewsWhere(ctx: TnContext, agencyId?: string | null): Promise<SQL | undefined> {
  const v = new Violations();
  checkId(v, 'agencyId', agencyId);
  v.throwIfAny();
  const agencies = await administered(ctx);
  const scope: SQL | undefined = readsRegime(ctx.caller)
    ? undefined
    : or(eq(quarterlyReviews.reviewerId, ctx.caller.id), agencies.length ? inArray(quarterlyReviews.agencyId, agencies) : undefined);
  return and(scope, agencyId ? eq(quarterlyReviews.agencyId, agencyId) : undefined);
}

export async function listReviews(ctx: TnContext, agencyId?: string | null) {
  return ctx.db
    .select()
    .from(quarterlyReviews)
    .where(await reviewsWhere(ctx, agencyId))
    .orderBy(quarterlyReviews.quarter, quarterlyReviews.agencyId);
}

export async function reviewsPage(ctx: TnContext, agencyId: string | null | undefined, args: PageArgs) {
  return pageByInstant<ReviewRow>(ctx.db, quarterlyReviews, quarterlyReviews.reviewedAt, (r) => r.reviewedAt, await reviewsWhere(ctx, agencyId), args);
}

async function samplesWhere(ctx: TnContext, filter: SampleFilter): Promise<SQL | undefined> {
  const v = new Violations();
  checkId(v, 'agencyId', filter.agencyId);
  v.throwIfAny();
  const agencies = await administered(ctx);
  const scope: SQL | undefined = readsRegime(ctx.caller) ? undefined : or(eq(samples.drawnById, ctx.caller.id), agencies.length ? inArray(samples.agencyId, agencies) : undefined);
  return and(scope, filter.agencyId ? eq(samples.agencyId, filter.agencyId) : undefined, filter.month ? eq(samples.month, filter.month) : undefined);
}

export async function listSamples(ctx: TnContext, filter: SampleFilter) {
  return ctx.db
    .select()
    .from(samples)
    .where(await samplesWhere(ctx, filter))
    .orderBy(samples.month, samples.agencyId);
}

export async function samplesPage(ctx: TnContext, filter: SampleFilter, args: PageArgs) {
  return pageByInstant<SampleRow>(ctx.db, samples, samples.drawnAt, (r) => r.drawnAt, await samplesWhere(ctx, filter), args);
}

async function handoversWhere(ctx: TnContext, agencyId?: string | null): Promise<SQL | undefined> {
  const v = new Violations();
  checkId(v, 'agencyId', agencyId);
  v.throwIfAny();
  const agencies = await administered(ctx);
  const scope: SQL | undefined = readsRegime(ctx.caller)
    ? undefined
    : or(eq(handovers.fromId, ctx.caller.id), eq(handovers.toId, ctx.caller.id), agencies.length ? inArray(handovers.agencyId, agencies) : undefined);
  return and(scope, agencyId ? eq(handovers.agencyId, agencyId) : undefined);
}

export async function listHandovers(ctx: TnContext, agencyId?: string | null) {
  return ctx.db.select().from(handovers).where(await handoversWhere(ctx, agencyId)).orderBy(handovers.recordedAt);
}

export async function handoversPage(ctx: TnContext, agencyId: string | null | undefined, args: PageArgs) {
  return pageByInstant<HandoverRow>(ctx.db, handovers, handovers.recordedAt, (r) => r.recordedAt, await handoversWhere(ctx, agencyId), args);
}
