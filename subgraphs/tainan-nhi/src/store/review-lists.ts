import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import { tables } from '@webir/db';
import { checkId, Violations } from '@webir/kit';
import type { TnContext } from '../context.ts';
import { readsRegime } from './access.ts';

const { quarterlyReviews, samples, handovers } = tables;

/** Reviews and samples: the regime's readers, the agencies' administrators, and whoever made them. */
export async function canSeeAgencyRecords(ctx: TnContext, agencyId: string, authorId: string): Promise<boolean> {
  if (readsRegime(ctx.caller) || authorId === ctx.caller.id) return true;
  return ctx.caller.administeredAgencyIds().length > 0 && (await ctx.caller.scope()).read.has(agencyId);
}

async function administered(ctx: TnContext): Promise<string[]> {
  return ctx.caller.administeredAgencyIds().length ? [...(await ctx.caller.scope()).read] : [];
}

export async function listReviews(ctx: TnContext, agencyId?: string | null) {
  const v = new Violations();
  checkId(v, 'agencyId', agencyId);
  v.throwIfAny();
  const agencies = await administered(ctx);
  const scope: SQL | undefined = readsRegime(ctx.caller)
    ? undefined
    : or(eq(quarterlyReviews.reviewerId, ctx.caller.id), agencies.length ? inArray(quarterlyReviews.agencyId, agencies) : undefined);
  return ctx.db
    .select()
    .from(quarterlyReviews)
    .where(and(scope, agencyId ? eq(quarterlyReviews.agencyId, agencyId) : undefined))
    .orderBy(quarterlyReviews.quarter, quarterlyReviews.agencyId);
}

export async function listSamples(ctx: TnContext, filter: { agencyId?: string | null; month?: string | null }) {
  const v = new Violations();
  checkId(v, 'agencyId', filter.agencyId);
  v.throwIfAny();
  const agencies = await administered(ctx);
  const scope: SQL | undefined = readsRegime(ctx.caller) ? undefined : or(eq(samples.drawnById, ctx.caller.id), agencies.length ? inArray(samples.agencyId, agencies) : undefined);
  return ctx.db
    .select()
    .from(samples)
    .where(and(scope, filter.agencyId ? eq(samples.agencyId, filter.agencyId) : undefined, filter.month ? eq(samples.month, filter.month) : undefined))
    .orderBy(samples.month, samples.agencyId);
}

export async function listHandovers(ctx: TnContext, agencyId?: string | null) {
  const v = new Violations();
  checkId(v, 'agencyId', agencyId);
  v.throwIfAny();
  const agencies = await administered(ctx);
  const scope: SQL | undefined = readsRegime(ctx.caller)
    ? undefined
    : or(eq(handovers.fromId, ctx.caller.id), eq(handovers.toId, ctx.caller.id), agencies.length ? inArray(handovers.agencyId, agencies) : undefined);
  return ctx.db.select().from(handovers).where(and(scope, agencyId ? eq(handovers.agencyId, agencyId) : undefined)).orderBy(handovers.recordedAt);
}
