import { and, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { rowsOf, sqlList, tables } from '@webir/db';
import type { Finding, RegimeParticipant, Severity } from '@webir/db/regime';
import { badInput, checkId, encodeCursor, parsePage, taipeiDay, Violations, type PageArgs } from '@webir/kit';
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

/** A finding's place in the list: severity's rank, since, regime, kind, and a key unique among them. */
type Key = [number, string, string, string, string];

/**
 * A finding of the present state has no row of its own: its record, else its agency, person and
 * summary make it one. `~` sorts after every record id (a UUID), so the two kinds never interleave
 * ambiguously.
 */
const keyOf = (f: Finding): Key => [RANK[f.severity], f.since, f.regime, f.kind, f.recordId ?? `~${f.agencyId ?? ''}~${f.personId ?? ''}~${f.summary}`];

/** Code-unit order, as PostgreSQL's "C" collation orders the same (ASCII) keys. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareKeys = (a: Key, b: Key) => a[0] - b[0] || cmp(a[1], b[1]) || cmp(a[2], b[2]) || cmp(a[3], b[3]) || cmp(a[4], b[4]);

/** A cursor of this list, checked: it is the client's input. */
function keyFrom(after: unknown[] | null): Key | null {
  if (!after) return null;
  const [rank, ...rest] = after;
  if (!Number.isInteger(rank) || !rest.every((x) => typeof x === 'string')) throw badInput([{ field: 'after', message: 'is not a cursor of this list (use an endCursor or cursor this list returned)' }]);
  return after as Key;
}

interface RecordRow {
  severity: Severity;
  since: string;
  regime: string;
  rule: string;
  kind: string;
  key: string;
  agency_id: string | null;
  person_id: string | null;
}

/** The key in SQL: the same order as `compareKeys` (ASCII values under the "C" collation). */
const KEY_SQL = sql.raw(`(case f.severity when 'HIGH' then 0 when 'MEDIUM' then 1 else 2 end), f.since collate "C", f.regime collate "C", f.kind collate "C", f.key collate "C"`);

/**
 * The record findings of every participant (the usage logs'), as one `union all` the database
 * filters, orders, pages and counts: a call reads one page and a count by severity, never the
 * history. Null when no participant has any for this caller.
 */
async function recordFindings(ctx: ComplianceContext, participants: readonly RegimeParticipant[], query: { agencyIds: string[]; on: string }, filter: FindingFilter) {
  const pctx = participantContext(ctx);
  const parts = (await Promise.all(participants.map((p) => p.recordFindings?.select(pctx, query) ?? null))).filter((p): p is SQL => p !== null);
  if (!parts.length) return null;
  const union = sql.join(
    parts.map((p) => sql`(${p})`),
    sql` union all `,
  );
  const where = sql.join(
    [
      sql`true`,
      // A participant answers for the caller's whole reach; a question naming an agency leaves out the agency-less.
      filter.agencyId ? sql`f.agency_id is not null` : undefined,
      filter.personId ? sql`f.person_id = ${filter.personId}` : undefined,
      filter.rule ? sql`f.rule = ${filter.rule}` : undefined,
      filter.severity ? sql`f.severity in ${sqlList(filter.severity)}` : undefined,
    ].filter((c): c is SQL => c !== undefined),
    sql` and `,
  );
  const from = sql`(${union}) f where ${where}`;
  return {
    async page(after: Key | null, limit: number): Promise<{ key: Key; row: RecordRow }[]> {
      const past = after ? sql` and (${KEY_SQL}) > (${after[0]}::int, ${after[1]}::text, ${after[2]}::text, ${after[3]}::text, ${after[4]}::text)` : sql``;
      const rows = rowsOf<RecordRow>(await ctx.db.execute(sql`select f.* from ${from}${past} order by ${KEY_SQL} limit ${limit}`));
      return rows.map((row) => ({ key: [RANK[row.severity], row.since, row.regime, row.kind, row.key], row }));
    },
    async counts(): Promise<Record<Severity, number>> {
      const rows = rowsOf<{ severity: Severity; n: number }>(await ctx.db.execute(sql`select f.severity, count(*)::int as n from ${from} group by f.severity`));
      const out: Record<Severity, number> = { HIGH: 0, MEDIUM: 0, LOW: 0 };
      for (const r of rows) out[r.severity] += Number(r.n);
      return out;
    },
  };
}

/**
 * Every breach the regimes detect, in one list: each regime's own (its participant), the overdue
 * entries of the calendar, and leavers still holding permissions. Most severe first, then oldest.
 *
 * Two halves, one order (severity, since, regime, kind, key), keyset-paged: the findings of records
 * that pile up with history (the usage logs) are paged and counted by the database; those of the
 * present state (accounts, permissions, the calendar's year, bans) are bounded by the directory and
 * computed whole, then merged with the database's page. A call's time and memory follow the size
 * of the directory and the page, not the city's history.
 */
export async function complianceFindings(ctx: ComplianceContext, filter: FindingFilter, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.personId', filter.personId);
  if (filter.severity && !filter.severity.length) v.add('filter.severity', 'name at least one severity, or leave it out');
  v.throwIfAny();
  const page = parsePage<Key>(args, 5, 50);
  const after = keyFrom(page.after);
  const on = filter.on ?? taipeiDay(ctx.now());
  const participants = participantsFor(ctx, filter.regime);
  const agencyIds = await agenciesAsked(ctx.db, ctx.caller, filter.agencyId, filter.includeSubAgencies ?? true);
  const pctx = participantContext(ctx);
  const [own, overdue, leavers, records] = await Promise.all([
    Promise.all(participants.map((p) => p.findings(pctx, { agencyIds, on, records: !p.recordFindings }))).then((all) => all.flat()),
    overdueEntries(ctx, agencyIds, filter.regime, on),
    leaversPermissions(ctx, agencyIds, filter.regime),
    recordFindings(ctx, participants, { agencyIds, on }, filter),
  ]);
  const severities = filter.severity ? new Set(filter.severity) : null;
  const state = [...own, ...overdue.map(overdueFinding), ...leavers]
    .filter(ofAgenciesAsked(filter.agencyId, agencyIds))
    .filter((f) => (!filter.personId || f.personId === filter.personId) && (!filter.rule || f.rule === filter.rule) && (!severities || severities.has(f.severity)))
    .map((node) => ({ key: keyOf(node), node }))
    .sort((a, b) => compareKeys(a.key, b.key));
  const tally: Record<Severity, number> = { HIGH: 0, MEDIUM: 0, LOW: 0 };
  for (const f of state) tally[f.node.severity]++;
  const [fromRecords, counted] = records ? await Promise.all([records.page(after, page.limit + 1), records.counts()]) : [[], null];
  if (counted) for (const s of Object.keys(tally) as Severity[]) tally[s] += counted[s];
  // The next page of each half, merged: the first `limit` of both in order, one more to tell whether more exist.
  const described = await describe(ctx, participants, fromRecords, on);
  const merged = [...state.filter((f) => !after || compareKeys(f.key, after) > 0).slice(0, page.limit + 1), ...described].sort((a, b) => compareKeys(a.key, b.key));
  const nodes = merged.slice(0, page.limit);
  const total = tally.HIGH + tally.MEDIUM + tally.LOW;
  return {
    edges: nodes.map(({ key, node }) => ({ cursor: encodeCursor(key), node })),
    pageInfo: { hasNextPage: merged.length > page.limit, endCursor: nodes.length ? encodeCursor(nodes.at(-1)!.key) : null },
    totalCount: total,
    high: tally.HIGH,
    medium: tally.MEDIUM,
    low: tally.LOW,
  };
}

/** One page's record findings in full: one statement per regime that has any on the page. */
async function describe(ctx: ComplianceContext, participants: readonly RegimeParticipant[], page: { key: Key; row: RecordRow }[], on: string) {
  const pctx = participantContext(ctx);
  const byRegime = new Map<string, string[]>();
  for (const { row } of page) byRegime.set(row.regime, [...(byRegime.get(row.regime) ?? []), row.key]);
  const found = (
    await Promise.all(participants.filter((p) => byRegime.has(p.regime)).map((p) => p.recordFindings!.describe(pctx, { ids: byRegime.get(p.regime)!, on })))
  ).flat();
  const byKey = new Map(found.map((f) => [`${f.regime} ${f.recordId}`, f]));
  return page.flatMap(({ key, row }) => {
    const node = byKey.get(`${row.regime} ${row.key}`);
    return node ? [{ key, node }] : [];
  });
}
