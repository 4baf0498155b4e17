import { createHash } from 'node:crypto';
import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import { pgErrorCode, tables, UNIQUE_VIOLATION } from '@webir/db';
import {
  addYears,
  checkId,
  conflict,
  drawSample,
  dueAfter,
  forbidden,
  isMonth,
  isQuarter,
  monthDays,
  newSeed,
  notFound,
  previousMonth,
  previousQuarter,
  quarterDays,
  taipeiDay,
  taipeiMidnight,
  Violations,
} from '@webir/kit';
import type { TnContext } from '../context.ts';
import { AGENCY_ADMIN, assertNotAuditorOnly, isChief, readableAgencies, REGIME } from './access.ts';

const { quarterlyReviews, samples, sampleItems, usageRecords, enrolments, people } = tables;

export type QuarterlyReviewRow = typeof quarterlyReviews.$inferSelect;
export type SampleRow = typeof samples.$inferSelect;

/** The agency's designated reviewer: its administrator (or the administrator above it), or the chief administrator. */
async function assertReviewer(ctx: TnContext, agencyId: string, what: string): Promise<void> {
  assertNotAuditorOnly(ctx.caller, what);
  if (!(await administers(ctx, agencyId))) throw forbidden(`${what}: the agency’s administrator or the chief administrator`);
}

async function administers(ctx: TnContext, agencyId: string): Promise<boolean> {
  if (isChief(ctx.caller) || ctx.caller.holds(REGIME, AGENCY_ADMIN, agencyId)) return true;
  return ctx.caller.holds(REGIME, AGENCY_ADMIN) && (await ctx.caller.scope()).write.has(agencyId);
}

/** TN-8.1: the quarterly review of an agency's query records, with what it found. */
export async function recordQuarterlyReview(ctx: TnContext, input: { agencyId: string; quarter: string; summary: string }): Promise<QuarterlyReviewRow> {
  const v = new Violations();
  checkId(v, 'input.agencyId', input.agencyId);
  if (!isQuarter(input.quarter)) v.add('input.quarter', 'a quarter is written 2026-Q1');
  else if (quarterDays(input.quarter).end > taipeiDay(ctx.now())) v.add('input.quarter', 'the quarter has not ended yet');
  if (input.summary.trim().length < 4) v.add('input.summary', 'say what the review found');
  v.throwIfAny();
  await assertReviewer(ctx, input.agencyId, 'Recording a quarterly review');
  const { start, end } = quarterDays(input.quarter);
  const records = await ctx.db
    .select({ finding: usageRecords.finding })
    .from(usageRecords)
    .where(and(eq(usageRecords.agencyId, input.agencyId), gte(usageRecords.queriedAt, taipeiMidnight(start)), lt(usageRecords.queriedAt, taipeiMidnight(end))));
  const now = ctx.now();
  try {
    const [row] = await ctx.db
      .insert(quarterlyReviews)
      .values({
        agencyId: input.agencyId,
        quarter: input.quarter,
        reviewerId: ctx.caller.id,
        reviewedAt: now,
        recordsReviewed: records.length,
        findings: records.filter((r) => r.finding !== 'NONE').length,
        summary: input.summary.trim(),
        retainUntil: addYears(taipeiDay(now), 3), // TN-8.5
      })
      .returning();
    return row!;
  } catch (error) {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) throw conflict(`${input.quarter} is already reviewed for this agency`);
    throw error;
  }
}

/**
 * TN-8.1: the monthly sample, drawn once per agency and month (no redraw to steer it): every record
 * under 10, else at least 10 and at least 3 %, by the recorded seed (kit/regime/sampling).
 */
export async function drawMonthlySample(ctx: TnContext, input: { agencyId: string; month: string }): Promise<SampleRow> {
  const v = new Violations();
  checkId(v, 'input.agencyId', input.agencyId);
  if (!isMonth(input.month)) v.add('input.month', 'a month is written 2026-03');
  else if (monthDays(input.month).end > taipeiDay(ctx.now())) v.add('input.month', 'the month has not ended yet');
  v.throwIfAny();
  assertNotAuditorOnly(ctx.caller, 'Drawing a sample');
  // 業務主管: the agency's administrator, a supervisor of staff there, or the chief administrator.
  const supervises = await ctx.db.select({ id: people.id }).from(people).where(and(eq(people.supervisorId, ctx.caller.id), eq(people.agencyId, input.agencyId))).limit(1);
  if (!supervises.length && !(await administers(ctx, input.agencyId))) {
    throw forbidden('Drawing a sample: the business supervisor, the agency’s administrator or the chief administrator');
  }
  const ids = (await populationOf(ctx, input.agencyId, input.month)).sort();
  const seed = newSeed();
  const drawn = drawSample(seed, ids);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    try {
      const [sample] = await tx
        .insert(samples)
        .values({
          agencyId: input.agencyId,
          month: input.month,
          seed,
          population: ids.length,
          populationDigest: digest(ids),
          size: drawn.length,
          drawnById: ctx.caller.id,
          drawnAt: now,
          retainUntil: addYears(taipeiDay(now), 3), // TN-8.5
        })
        .returning();
      if (drawn.length) await tx.insert(sampleItems).values(drawn.map((usageRecordId, i) => ({ sampleId: sample!.id, usageRecordId, position: i + 1 })));
      return sample!;
    } catch (error) {
      if (pgErrorCode(error) === UNIQUE_VIOLATION) throw conflict(`The sample of ${input.month} is already drawn for this agency: it is drawn once`);
      throw error;
    }
  });
}

async function populationOf(ctx: TnContext, agencyId: string, month: string): Promise<string[]> {
  const { start, end } = monthDays(month);
  const rows = await ctx.db
    .select({ id: usageRecords.id })
    .from(usageRecords)
    .where(and(eq(usageRecords.agencyId, agencyId), gte(usageRecords.queriedAt, taipeiMidnight(start)), lt(usageRecords.queriedAt, taipeiMidnight(end))));
  return rows.map((r) => r.id);
}

export const digest = (sortedIds: string[]) => createHash('sha256').update(sortedIds.join('\n')).digest('hex');

/** Anyone can redraw: the same population and seed give the same sample. */
export async function redraw(ctx: TnContext, sample: SampleRow): Promise<{ populationUnchanged: boolean; sameSample: boolean }> {
  // Batched: a list of samples redrawn reads every population in one statement (issue 11).
  const [population, items] = await Promise.all([ctx.loaders.population.load(`${sample.agencyId}|${sample.month}`), ctx.loaders.sampleItems.load(sample.id)]);
  const ids = population.map((r) => r.id).sort();
  const again = drawSample(sample.seed, ids);
  return { populationUnchanged: digest(ids) === sample.populationDigest, sameSample: JSON.stringify(again) === JSON.stringify(items.map((i) => i.usageRecordId)) };
}

export async function reviewSampleItem(ctx: TnContext, input: { sampleId: string; usageRecordId: string; outcome: 'APPROPRIATE' | 'INAPPROPRIATE'; note?: string | null }) {
  const v = new Violations();
  checkId(v, 'input.sampleId', input.sampleId);
  checkId(v, 'input.usageRecordId', input.usageRecordId);
  if (input.outcome === 'INAPPROPRIATE' && !input.note?.trim()) v.add('input.note', 'say what was inappropriate');
  v.throwIfAny();
  const sample = await ctx.loaders.sample.load(input.sampleId);
  if (!sample) throw notFound('NhiSample', input.sampleId);
  if (sample.drawnById !== ctx.caller.id) await assertReviewer(ctx, sample.agencyId, 'Reviewing a sampled record');
  const [row] = await ctx.db
    .update(sampleItems)
    .set({ outcome: input.outcome, note: input.note?.trim() || null, reviewedById: ctx.caller.id, reviewedAt: ctx.now() })
    .where(and(eq(sampleItems.sampleId, input.sampleId), eq(sampleItems.usageRecordId, input.usageRecordId)))
    .returning();
  if (!row) throw notFound('sampled record', input.usageRecordId);
  ctx.loaders.sampleItems.clear(input.sampleId);
  return sample;
}

export interface Due {
  agencyId: string;
  period: string;
  dueOn: string;
  overdue: boolean;
  rule: string;
}

/**
 * TN-8.1: what is due on a day: for every enrolled agency, the review of the last ended quarter and
 * the sample of the last ended month (when it had queries), each due by the end of the next month.
 */
export async function reviewsDue(ctx: TnContext, on: string): Promise<Due[]> {
  const enrolled = await ctx.db.select({ agencyId: enrolments.agencyId }).from(enrolments).where(eq(enrolments.status, 'ACTIVE'));
  // TN-7.4: what falls due at the agencies the caller reads.
  const readable = await readableAgencies(ctx.caller);
  const agencyIds = enrolled.map((e) => e.agencyId).filter((id) => !readable || readable.has(id));
  if (!agencyIds.length) return [];
  const quarter = previousQuarter(on);
  const month = previousMonth(on);
  const [reviewed, sampled, used] = await Promise.all([
    ctx.db.select({ agencyId: quarterlyReviews.agencyId }).from(quarterlyReviews).where(and(eq(quarterlyReviews.quarter, quarter), inArray(quarterlyReviews.agencyId, agencyIds))),
    ctx.db.select({ agencyId: samples.agencyId }).from(samples).where(and(eq(samples.month, month), inArray(samples.agencyId, agencyIds))),
    ctx.db
      .selectDistinct({ agencyId: usageRecords.agencyId })
      .from(usageRecords)
      .where(and(inArray(usageRecords.agencyId, agencyIds), gte(usageRecords.queriedAt, taipeiMidnight(monthDays(month).start)), lt(usageRecords.queriedAt, taipeiMidnight(monthDays(month).end)))),
  ]);
  const done = (rows: { agencyId: string | null }[]) => new Set(rows.map((r) => r.agencyId));
  const reviewedSet = done(reviewed);
  const sampledSet = done(sampled);
  const usedSet = done(used);
  const quarterDue = dueAfter(quarterDays(quarter).end);
  const monthDue = dueAfter(monthDays(month).end);
  const due: Due[] = [];
  for (const agencyId of agencyIds.sort()) {
    if (!reviewedSet.has(agencyId)) due.push({ agencyId, period: quarter, dueOn: quarterDue, overdue: on > quarterDue, rule: 'TN-8.1' });
    if (usedSet.has(agencyId) && !sampledSet.has(agencyId)) due.push({ agencyId, period: month, dueOn: monthDue, overdue: on > monthDue, rule: 'TN-8.1' });
  }
  return due;
}

