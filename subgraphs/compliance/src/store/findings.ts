import { and, eq, inArray, ne } from 'drizzle-orm';
import { tables } from '@webir/db';
import type { Finding, Severity } from '@webir/db/regime';
import { checkId, encodeCursor, parsePage, taipeiDay, Violations, type PageArgs } from '@webir/kit';
import type { ComplianceContext } from '../context.ts';
import { ofAgenciesAsked, overdueEntries } from './calendar.ts';
import { agenciesAsked, participantContext, participantsFor } from './scope.ts';

const { permissions, people } = tables;

export interface FindingFilter {
  agencyId?: string | null;
  includeSubAgencies?: boolean | null;
  personId?: string | null;
  regime?: string | null;
  rule?: string | null;
  severity?: Severity[] | null;
  on?: string | null;
}

const RANK: Record<Severity, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

/**
 * X-1 seen from the ledger: a permission still active for someone who has left or changed duties.
 * Offboarding prevents it; it can still arise from data imported or changed outside the graph.
 */
async function leaversPermissions(ctx: ComplianceContext, agencyIds: string[], regime: string | null | undefined): Promise<Finding[]> {
  if (!agencyIds.length) return [];
  const rows = await ctx.db
    .select({ id: permissions.id, personId: permissions.personId, agencyId: permissions.agencyId, regime: permissions.regimeCode, role: permissions.role, item: permissions.serviceItemId, status: people.employmentStatus, since: people.employmentStatusEffectiveOn, name: people.name })
    .from(permissions)
    .innerJoin(people, eq(people.id, permissions.personId))
    .where(and(eq(permissions.status, 'ACTIVE'), ne(people.employmentStatus, 'ACTIVE'), inArray(permissions.agencyId, agencyIds), regime ? eq(permissions.regimeCode, regime) : undefined));
  return rows.map((r) => ({
    regime: r.regime,
    rule: 'X-1',
    kind: 'LEAVER_PERMISSION',
    severity: 'HIGH',
    agencyId: r.agencyId,
    personId: r.personId,
    since: r.since ?? taipeiDay(ctx.now()),
    summary: `${r.name} is ${r.status.toLowerCase()} but still holds ${r.role}${r.item ? ` ${r.item.split(':')[1]}` : ''} (${r.regime})`,
    recordId: r.id,
  }));
}

/** An overdue calendar entry is a finding of its own rule: someone did not act in time. */
const overdueFinding = (e: Awaited<ReturnType<typeof overdueEntries>>[number]): Finding => ({
  regime: e.regime,
  rule: e.rule,
  kind: `${e.kind}_OVERDUE`,
  severity: 'MEDIUM',
  agencyId: e.agencyId,
  personId: null,
  since: e.dueOn,
  summary: `${e.kind.toLowerCase().replace(/_/g, ' ')} ${e.period}${e.subject ? ` of ${e.subject}` : ''} was due on ${e.dueOn} and is not done`,
  recordId: null,
});

/**
 * Every breach the regimes detect, in one list: each regime's own (its participant), the overdue
 * entries of the calendar, and leavers still holding permissions. Most severe first, then oldest.
 * The list is computed whole and paged by position: it is small (breaches, not records), and its
 * order is by severity, which no index serves.
 */
export async function complianceFindings(ctx: ComplianceContext, filter: FindingFilter, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.personId', filter.personId);
  if (filter.severity && !filter.severity.length) v.add('filter.severity', 'name at least one severity, or leave it out');
  v.throwIfAny();
  const page = parsePage<[number]>(args, 1, 50);
  const on = filter.on ?? taipeiDay(ctx.now());
  const participants = participantsFor(ctx, filter.regime);
  const agencyIds = await agenciesAsked(ctx.db, ctx.caller, filter.agencyId, filter.includeSubAgencies ?? true);
  const pctx = participantContext(ctx);
  const [own, overdue, leavers] = await Promise.all([
    Promise.all(participants.map((p) => p.findings(pctx, { agencyIds, on }))).then((all) => all.flat()),
    overdueEntries(ctx, agencyIds, filter.regime, on),
    leaversPermissions(ctx, agencyIds, filter.regime),
  ]);
  const severities = filter.severity ? new Set(filter.severity) : null;
  const all = [...own, ...overdue.map(overdueFinding), ...leavers]
    .filter(ofAgenciesAsked(filter.agencyId, agencyIds))
    .filter((f) => (!filter.personId || f.personId === filter.personId) && (!filter.rule || f.rule === filter.rule) && (!severities || severities.has(f.severity)))
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.since.localeCompare(b.since) || a.regime.localeCompare(b.regime) || a.kind.localeCompare(b.kind) || (a.recordId ?? '').localeCompare(b.recordId ?? '') || (a.agencyId ?? '').localeCompare(b.agencyId ?? '') || (a.personId ?? '').localeCompare(b.personId ?? ''));
  const start = page.after ? page.after[0] : 0;
  const nodes = all.slice(start, start + page.limit);
  const tally = (s: Severity) => all.filter((f) => f.severity === s).length;
  return {
    edges: nodes.map((node, i) => ({ cursor: encodeCursor([start + i + 1]), node })),
    pageInfo: { hasNextPage: start + page.limit < all.length, endCursor: nodes.length ? encodeCursor([start + nodes.length]) : null },
    totalCount: all.length,
    high: tally('HIGH'),
    medium: tally('MEDIUM'),
    low: tally('LOW'),
  };
}
