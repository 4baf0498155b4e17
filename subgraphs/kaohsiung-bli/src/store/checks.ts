import { and, asc, count, eq, gte, inArray, isNull, lt, ne, or } from 'drizzle-orm';
import { pageByInstant } from '@webir/db/regime';
import { headTermsOn, tables } from '@webir/db';
import { addDays, addYears, checkId, checkPastDay, conflict, dueAfter, isQuarter, mayActAsHead, nextQuarter, notFound, quarterDays, quarterOf, ruleViolation, taipeiDay, taipeiMidnight, Violations, type PageArgs } from '@webir/kit';
import type { KhContext } from '../context.ts';
import { administers, agencyScope, assertAdministers, assertRequestingAgency, canSeeAgency, readsRegime } from './access.ts';

const { khUsageChecks, khUsageRecords, khRequestingAgencies } = tables;
export type UsageCheckRow = typeof khUsageChecks.$inferSelect;

/** The records and findings of an agency over [start, end) days. */
async function tally(ctx: KhContext, agencyId: string, start: string, end: string) {
  const within = and(eq(khUsageRecords.agencyId, agencyId), gte(khUsageRecords.queriedAt, taipeiMidnight(start)), lt(khUsageRecords.queriedAt, taipeiMidnight(end)));
  const [all] = await ctx.db.select({ n: count() }).from(khUsageRecords).where(within);
  const [bad] = await ctx.db.select({ n: count() }).from(khUsageRecords).where(and(within, ne(khUsageRecords.finding, 'NONE')));
  return { records: all!.n, findings: bad!.n };
}

async function assertHead(ctx: KhContext, agencyId: string, headId: string | null | undefined, rule: string): Promise<string> {
  const v = new Violations();
  if (!checkId(v, 'input.headId', headId) || !headId) v.add('input.headId', 'name the agency head (or their delegate) the result is reported to');
  v.throwIfAny();
  const head = await ctx.loaders.person.load(headId!);
  if (!head) throw notFound('Person', headId!);
  if (head.agencyId !== agencyId || head.id === ctx.caller.id) throw ruleViolation(rule, 'the result is reported to the agency’s head or their delegate, someone of the agency other than the administrator');
  // 陳報機關首長或其授權人員: the head the directory records for the agency today, or their delegate.
  const today = taipeiDay(ctx.now());
  if (!mayActAsHead(await headTermsOn(ctx.db, agencyId, today), head.id, today)) {
    throw ruleViolation(rule, `${head.name} is neither the agency’s head nor a delegate of the head in the directory`);
  }
  return head.id;
}

export interface UsageCheckInput {
  agencyId: string;
  quarter: string;
  summary: string;
  investigation?: string | null;
  sentToBureauOn: string;
  headId?: string | null;
}

/**
 * KH-3.4: every three months the agency administrator checks the agency's usage records and sends the
 * result to the Labour Bureau; anomalies are investigated and reported to the agency head.
 */
export async function recordUsageCheck(ctx: KhContext, input: UsageCheckInput): Promise<UsageCheckRow> {
  const v = new Violations();
  checkId(v, 'input.agencyId', input.agencyId);
  if (!isQuarter(input.quarter)) v.add('input.quarter', 'a quarter, written 2026-Q1');
  if (input.summary.trim().length < 4) v.add('input.summary', 'summarise what was checked and found');
  v.throwIfAny();
  assertAdministers(ctx.caller, input.agencyId, 'KH-3.4', 'The quarterly check of usage records');
  const today = taipeiDay(ctx.now());
  const { start, end } = quarterDays(input.quarter);
  if (end > today) new Violations().add('input.quarter', `${input.quarter} has not ended yet`).throwIfAny();
  if (input.sentToBureauOn < end) new Violations().add('input.sentToBureauOn', `the result is sent after the quarter ends (${end})`).throwIfAny();
  checkPastDay('input.sentToBureauOn', input.sentToBureauOn, ctx.now());
  await assertRequestingAgency(ctx.db, input.agencyId);
  const found = await tally(ctx, input.agencyId, start, end);
  let headId: string | null = null;
  if (found.findings > 0) {
    if ((input.investigation?.trim().length ?? 0) < 10) throw ruleViolation('KH-3.4', `${found.findings} anomalies in ${input.quarter}: record how they were investigated and handled (立即查明及進行相關處理)`);
    headId = await assertHead(ctx, input.agencyId, input.headId, 'KH-3.4');
  }
  const now = ctx.now();
  const [row] = await ctx.db
    .insert(khUsageChecks)
    .values({
      kind: 'QUARTERLY',
      agencyId: input.agencyId,
      period: input.quarter,
      periodStart: start,
      periodEnd: addDays(end, -1),
      checkerId: ctx.caller.id,
      checkedAt: now,
      recordsChecked: found.records,
      findings: found.findings,
      summary: input.summary.trim(),
      investigation: input.investigation?.trim() || null,
      sentToBureauOn: input.sentToBureauOn,
      headId,
      retainUntil: addYears(today, 3),
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw conflict(`${input.quarter} was checked already`);
  return row;
}

export interface ReconcileInput {
  agencyId: string;
  from: string;
  to: string;
  summary: string;
  headId: string;
}

/** KH-6.1: usage against registrations over a period; every query without an approved registration is a finding, reported to the head. */
export async function reconcile(ctx: KhContext, input: ReconcileInput): Promise<UsageCheckRow> {
  const v = new Violations();
  checkId(v, 'input.agencyId', input.agencyId);
  if (input.to < input.from) v.add('input.to', 'the period ends after it starts');
  if (input.summary.trim().length < 4) v.add('input.summary', 'summarise the reconciliation');
  v.throwIfAny();
  assertAdministers(ctx.caller, input.agencyId, 'KH-6.1', 'Reconciling usage against registrations');
  const today = taipeiDay(ctx.now());
  if (input.to > today) new Violations().add('input.to', 'the period cannot end in the future').throwIfAny();
  const headId = await assertHead(ctx, input.agencyId, input.headId, 'KH-6.1');
  const found = await tally(ctx, input.agencyId, input.from, addDays(input.to, 1));
  const [row] = await ctx.db
    .insert(khUsageChecks)
    .values({
      kind: 'RECONCILIATION',
      agencyId: input.agencyId,
      period: `${input.from}..${input.to}`,
      periodStart: input.from,
      periodEnd: input.to,
      checkerId: ctx.caller.id,
      checkedAt: ctx.now(),
      recordsChecked: found.records,
      findings: found.findings,
      summary: input.summary.trim(),
      headId,
      retainUntil: addYears(today, 3),
    })
    .returning();
  return row!;
}

/** KH-3.4, KH-6.1: the head (or delegate) named on the result records having read it. */
export async function acknowledge(ctx: KhContext, id: string): Promise<UsageCheckRow> {
  const row = checkId(new Violations(), 'id', id) ? (await ctx.db.select().from(khUsageChecks).where(eq(khUsageChecks.id, id)))[0] : undefined;
  if (!row || !(canSeeAgency(ctx.caller, row.agencyId) || row.headId === ctx.caller.id)) throw notFound('KhUsageCheck', id);
  if (row.headId !== ctx.caller.id) throw ruleViolation(row.kind === 'QUARTERLY' ? 'KH-3.4' : 'KH-6.1', 'the result is read and signed by the head it is reported to');
  if (row.headReviewedAt) throw conflict('The result was acknowledged already');
  const [done] = await ctx.db.update(khUsageChecks).set({ headReviewedAt: ctx.now() }).where(and(eq(khUsageChecks.id, id), isNull(khUsageChecks.headReviewedAt))).returning();
  if (!done) throw conflict('The result was acknowledged already');
  return done;
}

export async function listChecks(ctx: KhContext, args: { agencyId?: string | null; kind?: string | null }): Promise<UsageCheckRow[]> {
  const v = new Violations();
  checkId(v, 'agencyId', args.agencyId);
  v.throwIfAny();
  const rows = await ctx.db
    .select()
    .from(khUsageChecks)
    .where(and(args.agencyId ? eq(khUsageChecks.agencyId, args.agencyId) : undefined, args.kind ? eq(khUsageChecks.kind, args.kind) : undefined))
    .orderBy(asc(khUsageChecks.periodStart));
  return rows.filter((r) => canSeeAgency(ctx.caller, r.agencyId) || r.headId === ctx.caller.id);
}

/** The same checks (the agencies the caller sees, and those they reviewed as head), oldest first, a page at a time, scoped in SQL. */
export async function checksPage(ctx: KhContext, args: { agencyId?: string | null; kind?: string | null }, page: PageArgs) {
  const v = new Violations();
  checkId(v, 'agencyId', args.agencyId);
  v.throwIfAny();
  const scope = agencyScope(ctx.caller, khUsageChecks.agencyId);
  const where = and(
    scope ? or(scope, eq(khUsageChecks.headId, ctx.caller.id)) : undefined,
    args.agencyId ? eq(khUsageChecks.agencyId, args.agencyId) : undefined,
    args.kind ? eq(khUsageChecks.kind, args.kind) : undefined,
  );
  return pageByInstant<UsageCheckRow>(ctx.db, khUsageChecks, khUsageChecks.checkedAt, (r) => r.checkedAt, where, page);
}

/** The unmatched queries a check covered (batched across the checks of a page). */
export const findingRecords = (ctx: KhContext, check: UsageCheckRow) => ctx.loaders.findingsOfPeriod.load({ agencyId: check.agencyId, start: check.periodStart, end: check.periodEnd });

export interface Due {
  agencyId: string;
  period: string;
  dueOn: string;
  status: 'DUE' | 'OVERDUE';
  rule: string;
  actor: string;
}

/** KH-3.4: a quarter's check is due by the last day of the month after it (the calendar and checksDue agree). */
export const checkDueOn = (quarter: string) => dueAfter(quarterDays(quarter).end);

/** The agencies that are requesting agencies on a day, with the day they became one. */
export async function requestingOn(ctx: KhContext, on: string) {
  const rows = await ctx.db.select().from(khRequestingAgencies).where(inArray(khRequestingAgencies.status, ['APPROVED', 'WITHDRAWN']));
  return rows.filter((r) => r.approvedOn <= on && (!r.withdrawnAt || taipeiDay(r.withdrawnAt) > on));
}

/**
 * KH-3.4 on a day: each quarter that ended while the agency was a requesting agency and has no
 * check — due until the last day of the month after it, overdue from then (reported).
 */
export async function checksDue(ctx: KhContext, on: string): Promise<Due[]> {
  const agencies = (await requestingOn(ctx, on)).filter((a) => readsRegime(ctx.caller) || administers(ctx.caller, a.agencyId));
  if (!agencies.length) return [];
  const done = await ctx.db
    .select({ agencyId: khUsageChecks.agencyId, period: khUsageChecks.period })
    .from(khUsageChecks)
    .where(and(eq(khUsageChecks.kind, 'QUARTERLY'), inArray(khUsageChecks.agencyId, agencies.map((a) => a.agencyId))));
  const checked = new Set(done.map((d) => `${d.agencyId}/${d.period}`));
  const due: Due[] = [];
  for (const a of agencies) {
    for (let q = quarterOf(a.approvedOn); quarterDays(q).end <= on; q = nextQuarter(q)) {
      if (checked.has(`${a.agencyId}/${q}`)) continue;
      const dueOn = checkDueOn(q);
      due.push({ agencyId: a.agencyId, period: q, dueOn, status: on > dueOn ? 'OVERDUE' : 'DUE', rule: 'KH-3.4', actor: 'the agency administrator (機關管理者)' });
    }
  }
  return due.sort((x, y) => x.dueOn.localeCompare(y.dueOn) || x.agencyId.localeCompare(y.agencyId));
}
