import { and, eq, inArray } from 'drizzle-orm';
import { tables } from '@webir/db';
import type { CalendarEntry } from '@webir/db/regime';
import { addDays, nextQuarter, quarterDays, quarterOf, taipeiDay } from '@webir/kit';
import type { KhContext } from '../context.ts';
import { AGENCY_ADMIN, canSeeAgency, LABOUR_BUREAU, REGIME } from './access.ts';
import { auditDueOn } from './audits.ts';
import { checkDueOn } from './checks.ts';

const { khRequestingAgencies, khUsageChecks, khAudits } = tables;

/** When an agency was a requesting agency: from its approval to the day before its withdrawal. */
interface Span {
  agencyId: string;
  from: string;
  /** The withdrawal's Taipei day (no longer one from then, as `requestingOn` counts it); null while approved. */
  until: string | null;
}

/** A period counts when the agency was a requesting agency on its last day. */
const covers = (span: Span, lastDay: string) => span.from <= lastDay && (span.until === null || lastDay < span.until);

/**
 * X-3 for Kaohsiung: every check (KH-3.4) and audit (KH-6.2) due in [from, to], done or not, at these
 * agencies — for each period while the agency was a requesting agency, from its approval, never after
 * its withdrawal. Three statements, whatever the number of agencies.
 *
 * The agencies come narrowed by the compliance subgraph to those the caller reads; an agency's checks
 * and audits are further the regime's bodies' and its own administrator's only (KH-7, `canSeeAgency`),
 * as in khUsageChecksDue and khAuditsDue.
 */
export async function khCalendar(ctx: KhContext, query: { agencyIds: string[]; from: string; to: string; on: string }): Promise<CalendarEntry[]> {
  const agencyIds = [...new Set(query.agencyIds)].filter((id) => canSeeAgency(ctx.caller, id));
  if (!agencyIds.length || query.to < query.from) return [];
  const approvals = await ctx.db
    .select({ agencyId: khRequestingAgencies.agencyId, approvedOn: khRequestingAgencies.approvedOn, withdrawnAt: khRequestingAgencies.withdrawnAt })
    .from(khRequestingAgencies)
    .where(and(inArray(khRequestingAgencies.agencyId, agencyIds), inArray(khRequestingAgencies.status, ['APPROVED', 'WITHDRAWN'])));
  if (!approvals.length) return [];
  const spans: Span[] = approvals.map((a) => ({ agencyId: a.agencyId, from: a.approvedOn, until: a.withdrawnAt ? taipeiDay(a.withdrawnAt) : null }));
  const requesting = [...new Set(spans.map((s) => s.agencyId))];

  const checks = await ctx.db
    .select({ agencyId: khUsageChecks.agencyId, period: khUsageChecks.period, checkedAt: khUsageChecks.checkedAt })
    .from(khUsageChecks)
    .where(and(eq(khUsageChecks.kind, 'QUARTERLY'), inArray(khUsageChecks.agencyId, requesting)));
  const audits = await ctx.db
    .select({ agencyId: khAudits.agencyId, year: khAudits.year, createdAt: khAudits.createdAt })
    .from(khAudits)
    .where(inArray(khAudits.agencyId, requesting));
  // Done on the day the record was made; of two audits of one year, the first did it. A record made
  // after `on` was not done on `on` (as Tainan's and the network's calendars read an earlier day).
  const done = new Map<string, string>();
  const mark = (key: string, day: string) => {
    const seen = done.get(key);
    if (day <= query.on && (!seen || day < seen)) done.set(key, day);
  };
  for (const c of checks) mark(`USAGE_CHECK/${c.agencyId}/${c.period}`, taipeiDay(c.checkedAt));
  for (const a of audits) mark(`ANNUAL_AUDIT/${a.agencyId}/${a.year}`, taipeiDay(a.createdAt));

  const entries = new Map<string, CalendarEntry>();
  const add = (kind: 'USAGE_CHECK' | 'ANNUAL_AUDIT', agencyId: string, period: string, dueOn: string) => {
    const key = `${kind}/${agencyId}/${period}`;
    if (dueOn < query.from || entries.has(key)) return;
    const check = kind === 'USAGE_CHECK';
    entries.set(key, {
      regime: REGIME,
      rule: check ? 'KH-3.4' : 'KH-6.2',
      kind,
      agencyId,
      subject: null,
      period,
      dueOn,
      doneOn: done.get(key) ?? null,
      // KH-3.4: the agency's own administrator checks; KH-6.2: the Labour Bureau, for the whole city.
      actorRole: check ? AGENCY_ADMIN : LABOUR_BUREAU,
      actorAgencyId: check ? agencyId : null,
    });
  };
  for (const span of spans) {
    // Each loop stops at the first period due after `to` (due dates grow with the period) or ended after the withdrawal.
    // A quarter's check falls due once the quarter has ended (as checksDue, and as Tainan's reviews):
    // before that there is nothing to check yet.
    for (let q = quarterOf(span.from); covers(span, addDays(quarterDays(q).end, -1)) && quarterDays(q).end <= query.on && checkDueOn(q) <= query.to; q = nextQuarter(q)) {
      add('USAGE_CHECK', span.agencyId, q, checkDueOn(q));
    }
    for (let year = Number(span.from.slice(0, 4)); covers(span, auditDueOn(year)) && auditDueOn(year) <= query.to; year++) {
      add('ANNUAL_AUDIT', span.agencyId, String(year), auditDueOn(year));
    }
  }
  const order = (e: CalendarEntry) => `${e.dueOn}/${e.agencyId}/${e.kind}/${e.period}`;
  return [...entries.values()].sort((a, b) => order(a).localeCompare(order(b)));
}
