import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { tables } from '@webir/db';
import type { CalendarEntry } from '@webir/db/regime';
import { addDays, addYears, dueAfter, halfYearDays, halfYearOf, monthDays, quarterDays, quarterOf, taipeiDay, taipeiMidnight, yearDays } from '@webir/kit';
import type { TnContext } from '../context.ts';
import { AGENCY_ADMIN, CHIEF_ADMIN, REGIME } from './access.ts';

const { enrolments, enrolmentReviews, agencies, quarterlyReviews, samples, usageRecords, auditRecords } = tables;

export interface CalendarQuery {
  agencyIds: string[];
  from: string;
  to: string;
  on: string;
}

interface Period {
  label: string;
  start: string;
  /** The first day after the period. */
  end: string;
  dueOn: string;
}

/** An enrolment as days: when it began, and when it ended (null while it runs, as of `on`). */
interface Enrolled {
  agencyId: string;
  from: string;
  until: string | null;
}

/**
 * The longest a period runs before its due day (a year and the following January): a period whose due
 * day is in the window began at most this many days before `from`.
 */
const LONGEST_LEAD = 400;

/**
 * X-3's Tainan part: everything due with `dueOn` in [from, to], done or not, for these agencies —
 * every period of the window, so a review missed a year ago still shows. The due days are those of
 * reviewsDue (TN-8.1), auditsDue (TN-8.3) and the enrolment's nextReviewDue (TN-2.2); a period counts
 * when it has ended by `on` and the agency was enrolled when it ended (from the enrolment's day, the
 * partial first period included; none ending after its termination, when nobody is left to do it).
 * `doneOn` is the day the record was made, in Taipei; a record made after `on` was not done on `on`.
 * Six statements, whatever the number of agencies.
 */
export async function tainanCalendar(ctx: TnContext, q: CalendarQuery): Promise<CalendarEntry[]> {
  if (!q.agencyIds.length || q.from > q.to) return [];
  const { db } = ctx;
  const rows = await db
    .select({ e: enrolments, level: agencies.level, parentId: agencies.parentId })
    .from(enrolments)
    .innerJoin(agencies, eq(agencies.id, enrolments.agencyId))
    .where(and(inArray(enrolments.agencyId, q.agencyIds), sql`${enrolments.enrolledOn} <= ${q.on}`));
  if (!rows.length) return [];
  const terminatedOn = (e: (typeof rows)[number]['e']) => (e.terminatedAt && taipeiDay(e.terminatedAt) <= q.on ? taipeiDay(e.terminatedAt) : null);
  const enrolled: Enrolled[] = rows.map((r) => ({ agencyId: r.e.agencyId, from: r.e.enrolledOn, until: terminatedOn(r.e) }));
  const agencyIds = [...new Set(enrolled.map((e) => e.agencyId))].sort();
  const agency = new Map(rows.map((r) => [r.e.agencyId, { level: r.level, parentId: r.parentId }]));

  // Every ended period whose due day falls in the window, from the first enrolment on.
  const bound = addDays(q.from, -LONGEST_LEAD);
  const earliest = enrolled.map((e) => e.from).sort()[0]!;
  const first = earliest > bound ? earliest : bound;
  const periods = periodsBetween(first, q.on).map((list) => list.filter((p) => p.end <= q.on && p.dueOn >= q.from && p.dueOn <= q.to));
  const [months, quarters, halves, years] = periods as [Period[], Period[], Period[], Period[]];
  const counts = (agencyId: string, p: Period) => enrolled.some((e) => e.agencyId === agencyId && e.from < p.end && (e.until === null || p.end <= e.until));

  const usedFrom = months.length ? months[0]!.start : q.on;
  const usedTo = months.length ? months.at(-1)!.end : q.on;
  // The month of each query as a Taipei day: UTC wall clock plus eight hours, whatever the session's zone.
  const monthOfQuery = sql<string>`to_char((${usageRecords.queriedAt} at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`;
  const [reviews, reviewed, sampled, used, audited] = await Promise.all([
    db
      .select({ enrolmentId: enrolmentReviews.enrolmentId, reviewedOn: enrolmentReviews.reviewedOn })
      .from(enrolmentReviews)
      .innerJoin(enrolments, eq(enrolments.id, enrolmentReviews.enrolmentId))
      .where(inArray(enrolments.agencyId, agencyIds))
      .orderBy(enrolmentReviews.reviewedOn, enrolmentReviews.createdAt),
    quarters.length
      ? db
          .select({ agencyId: quarterlyReviews.agencyId, period: quarterlyReviews.quarter, at: quarterlyReviews.reviewedAt })
          .from(quarterlyReviews)
          .where(and(inArray(quarterlyReviews.agencyId, agencyIds), inArray(quarterlyReviews.quarter, quarters.map((p) => p.label))))
      : [],
    months.length
      ? db
          .select({ agencyId: samples.agencyId, period: samples.month, at: samples.drawnAt })
          .from(samples)
          .where(and(inArray(samples.agencyId, agencyIds), inArray(samples.month, months.map((p) => p.label))))
      : [],
    months.length
      ? db
          .selectDistinct({ agencyId: usageRecords.agencyId, month: monthOfQuery })
          .from(usageRecords)
          .where(and(inArray(usageRecords.agencyId, agencyIds), gte(usageRecords.queriedAt, taipeiMidnight(usedFrom)), lt(usageRecords.queriedAt, taipeiMidnight(usedTo))))
      : [],
    halves.length || years.length
      ? db
          .select({ agencyId: auditRecords.agencyId, kind: auditRecords.kind, period: auditRecords.period, at: auditRecords.createdAt })
          .from(auditRecords)
          .where(and(inArray(auditRecords.agencyId, agencyIds), inArray(auditRecords.kind, ['INTERNAL', 'SUBORDINATE']), inArray(auditRecords.period, [...halves, ...years].map((p) => p.label))))
      : [],
  ]);

  // The first record of each agency's period (and kind) is the one that did it.
  const doneOn = new Map<string, string>();
  const remember = (key: string, at: Date) => {
    const day = taipeiDay(at);
    const seen = doneOn.get(key);
    if (day <= q.on && (seen === undefined || day < seen)) doneOn.set(key, day);
  };
  for (const r of reviewed) remember(`QUARTERLY_REVIEW|${r.agencyId}|${r.period}`, r.at);
  for (const s of sampled) remember(`MONTHLY_SAMPLE|${s.agencyId}|${s.period}`, s.at);
  for (const a of audited) remember(`${a.kind === 'INTERNAL' ? 'INTERNAL_AUDIT' : 'SUBORDINATE_AUDIT'}|${a.agencyId}|${a.period}`, a.at);
  const usedMonths = new Set(used.map((u) => `${u.agencyId}|${u.month}`));

  const out: CalendarEntry[] = [];
  const push = (kind: string, rule: string, agencyId: string, p: Period, actorAgencyId: string | null) =>
    out.push({ regime: REGIME, rule, kind, agencyId, subject: null, period: p.label, dueOn: p.dueOn, doneOn: doneOn.get(`${kind}|${agencyId}|${p.label}`) ?? null, actorRole: AGENCY_ADMIN, actorAgencyId });
  for (const agencyId of agencyIds) {
    for (const p of quarters) if (counts(agencyId, p)) push('QUARTERLY_REVIEW', 'TN-8.1', agencyId, p, agencyId);
    for (const p of months) if (counts(agencyId, p) && usedMonths.has(`${agencyId}|${p.label}`)) push('MONTHLY_SAMPLE', 'TN-8.1', agencyId, p, agencyId);
    for (const p of halves) if (counts(agencyId, p)) push('INTERNAL_AUDIT', 'TN-8.3', agencyId, p, agencyId);
    const { level, parentId } = agency.get(agencyId)!;
    // As auditsDue: a second-level agency is audited yearly by the administrator of the agency above.
    if (level === 'SECOND_LEVEL') for (const p of years) if (counts(agencyId, p)) push('SUBORDINATE_AUDIT', 'TN-8.3', agencyId, p, parentId);
  }

  // TN-2.2: each review answers the due day pending when it was made; the next is a year after it.
  const reviewsOf = new Map<string, typeof reviews>();
  for (const r of reviews) reviewsOf.set(r.enrolmentId, [...(reviewsOf.get(r.enrolmentId) ?? []), r]);
  for (const { e } of rows) {
    let due = addYears(e.enrolledOn, 1);
    const made = (reviewsOf.get(e.id) ?? []).filter((r) => r.reviewedOn <= q.on);
    const review = (dueOn: string, done: string | null) => {
      if (dueOn >= q.from && dueOn <= q.to) {
        out.push({ regime: REGIME, rule: 'TN-2.2', kind: 'ENROLMENT_REVIEW', agencyId: e.agencyId, subject: null, period: dueOn, dueOn, doneOn: done, actorRole: CHIEF_ADMIN, actorAgencyId: null });
      }
    };
    for (const r of made) {
      review(due, r.reviewedOn);
      due = addYears(r.reviewedOn, 1);
    }
    // The one pending: the enrolment's own nextReviewDue when every review was made by `on`.
    if (!terminatedOn(e)) review(made.length === (reviewsOf.get(e.id) ?? []).length ? e.nextReviewDue : due, null);
  }
  return out.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind) || (a.agencyId ?? '').localeCompare(b.agencyId ?? '') || a.period.localeCompare(b.period));
}

/** The months, quarters, half-years and years that begin between `first` and `last` (or contain `first`), with their due days. */
function periodsBetween(first: string, last: string): [Period[], Period[], Period[], Period[]] {
  const months: Period[] = [];
  const quarters: Period[] = [];
  const halves: Period[] = [];
  const years: Period[] = [];
  const period = (label: string, days: { start: string; end: string }): Period => ({ label, ...days, dueOn: dueAfter(days.end) });
  for (let month = first.slice(0, 7); month <= last.slice(0, 7); month = monthDays(month).end.slice(0, 7)) {
    const day = `${month}-01`;
    const isFirst = months.length === 0;
    months.push(period(month, monthDays(month)));
    if (isFirst || quarterDays(quarterOf(day)).start === day) quarters.push(period(quarterOf(day), quarterDays(quarterOf(day))));
    if (isFirst || halfYearDays(halfYearOf(day)).start === day) halves.push(period(halfYearOf(day), halfYearDays(halfYearOf(day))));
    if (isFirst || day.endsWith('-01-01')) years.push(period(day.slice(0, 4), yearDays(day.slice(0, 4))));
  }
  return [months, quarters, halves, years];
}
