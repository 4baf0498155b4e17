import { and, eq, inArray, isNull, lt, min, ne, notExists, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { tables } from '@webir/db';
import type { Finding, Severity } from '@webir/db/regime';
import { addDays, taipeiDay, taipeiMidnight } from '@webir/kit';
import type { TnContext } from '../context.ts';
import { AGENCY_ADMIN, AUDITOR, CHIEF_ADMIN, queriesScope, readsRegime, REGIME } from './access.ts';
import { findCleanupCandidates, type CleanupKind } from './accounts.ts';

const { usageRecords, queryRequests, samples, sampleItems, auditRecords, permissions, enrolments, people } = tables;

export interface FindingsQuery {
  agencyIds: string[];
  on: string;
  /** false: leave out the usage log's findings, which the graph across regimes pages itself (`usageFindingsSql`). */
  records?: boolean;
}

/** TN-4.3's idle window, as nhiCleanupCandidates defaults it. */
export const IDLE_DAYS = 90;

interface UsageFinding {
  finding: string;
  item: string;
  account: string;
  cited: string | null;
  matched: string | null;
}

/** The import's finding codes (kit's usage matching) as the graph's kinds: no approval (TN-7.1), or a query outside the approval (TN-7.2). */
const USAGE: Record<string, { kind: string; rule: string; says: (r: UsageFinding) => string }> = {
  NO_REQUEST: {
    kind: 'QUERY_WITHOUT_APPROVAL',
    rule: 'TN-7.1',
    says: (r) => (r.cited ? `cites query request ${r.cited}, which is not the querier’s` : 'has no query request (附表三)'),
  },
  BEFORE_APPROVAL: { kind: 'QUERY_WITHOUT_APPROVAL', rule: 'TN-7.1', says: (r) => `was not covered: query request ${r.matched ?? r.cited} was not approved when it was made` },
  UNKNOWN_QUERIER: { kind: 'QUERY_WITHOUT_APPROVAL', rule: 'TN-7.1', says: (r) => `was made by MyEGov account ${r.account}, which nobody in the directory holds` },
  OUTSIDE_SUBJECT: { kind: 'USAGE_UNMATCHED', rule: 'TN-7.2', says: (r) => `is about someone other than the subject of query request ${r.matched}` },
  OUTSIDE_ITEMS: { kind: 'USAGE_UNMATCHED', rule: 'TN-7.2', says: (r) => `is of an item query request ${r.matched} does not name` },
};

/** TN-4.3's candidates as findings: a leaver still holding access is the gravest. */
const CLEANUP: Record<CleanupKind, { kind: string; severity: Severity; says: (detail: string, permissions: number) => string }> = {
  RESIGNED: { kind: 'LEAVER_ACCOUNT', severity: 'HIGH', says: (d, n) => `Still holds ${n} NHI WebIR permission(s) here though ${d} (帳號清查)` },
  RETIRED: { kind: 'LEAVER_ACCOUNT', severity: 'HIGH', says: (d, n) => `Still holds ${n} NHI WebIR permission(s) here though ${d} (帳號清查)` },
  REASSIGNED: { kind: 'LEAVER_ACCOUNT', severity: 'HIGH', says: (d, n) => `Still holds ${n} NHI WebIR permission(s) here though ${d} (帳號清查)` },
  DUPLICATE: { kind: 'DUPLICATE_ACCOUNT', severity: 'MEDIUM', says: (d) => `Duplicate NHI WebIR account: ${d} (帳號清查)` },
  IDLE: { kind: 'IDLE_ACCOUNT', severity: 'LOW', says: (d) => `Idle NHI WebIR account: ${d} (帳號清查)` },
};

/**
 * The Tainan breaches detectable on `on` at these agencies, from the stores' own detection: queries
 * the import found without (or outside) an approved request, TN-4.3's clean-up candidates, accounts at
 * an agency with no active enrolment (TN-2.1), and sampled
 * queries judged inappropriate that no audit record (附件四) investigates (TN-8.2). Overdue reviews and
 * audits are not here: the calendar says what is due, and the graph across regimes reports what is late.
 * What a person's queries reveal is shown only to who may read them (TN-7.4), as nhiUsageRecords does.
 * A fixed handful of statements, whatever the number of agencies.
 */
export async function tainanFindings(ctx: TnContext, q: FindingsQuery): Promise<Finding[]> {
  const { db, caller } = ctx;
  const reads = readsRegime(caller);
  const scope = await queriesScope(db, caller, usageRecords.querierId, usageRecords.agencyId);
  const usageWhere = usageFindingsWhere(ctx, q, scope);
  if (!usageWhere) return [];
  const endOfDay = taipeiMidnight(addDays(q.on, 1));
  // TN-4.3 clean-up is the administrators' (at the agencies they administer) and the regime's readers' (as nhiCleanupCandidates).
  const writable = reads ? new Set<string>() : (await caller.scope()).write;
  const cleanupAt = reads ? q.agencyIds : caller.holds(REGIME, AGENCY_ADMIN) ? q.agencyIds.filter((id) => writable.has(id)) : [];
  const [usage, candidates, anomalies, orphans] = await Promise.all([
    q.records === false ? [] : usageFindings(ctx, usageWhere),
    cleanupAt.length ? findCleanupCandidates(db, { agencyIds: cleanupAt, idleDays: IDLE_DAYS, today: q.on }) : [],
    q.agencyIds.length
      ? db
          .select({
            usageRecordId: sampleItems.usageRecordId,
            reviewedAt: sampleItems.reviewedAt,
            note: sampleItems.note,
            month: samples.month,
            agencyId: samples.agencyId,
            querierId: usageRecords.querierId,
            item: usageRecords.item,
            queriedAt: usageRecords.queriedAt,
          })
          .from(sampleItems)
          .innerJoin(samples, eq(samples.id, sampleItems.sampleId))
          .innerJoin(usageRecords, eq(usageRecords.id, sampleItems.usageRecordId))
          .where(
            and(
              eq(sampleItems.outcome, 'INAPPROPRIATE'),
              inArray(samples.agencyId, q.agencyIds),
              lt(sampleItems.reviewedAt, endOfDay),
              notExists(
                db
                  .select({ one: sql`1` })
                  .from(auditRecords)
                  .where(and(eq(auditRecords.usageRecordId, sampleItems.usageRecordId), lt(auditRecords.createdAt, endOfDay))),
              ),
              scope,
            ),
          )
          .orderBy(sampleItems.reviewedAt, sampleItems.usageRecordId)
      : [],
    // TN-2.1: accounts only under an enrolment. The regime-wide roles sit at the Health Bureau, which
    // holds them by designation, not by enrolment.
    cleanupAt.length
      ? db
          .select({ personId: permissions.personId, agencyId: permissions.agencyId, name: people.name, grants: sql<number>`count(*)::int`, since: min(permissions.grantedAt) })
          .from(permissions)
          .innerJoin(people, eq(people.id, permissions.personId))
          .where(
            and(
              eq(permissions.regimeCode, REGIME),
              eq(permissions.status, 'ACTIVE'),
              inArray(permissions.agencyId, cleanupAt),
              notInArray(permissions.role, [CHIEF_ADMIN, AUDITOR]),
              lt(permissions.grantedAt, endOfDay),
              notExists(db.select({ one: sql`1` }).from(enrolments).where(and(eq(enrolments.agencyId, permissions.agencyId), eq(enrolments.status, 'ACTIVE')))),
            ),
          )
          .groupBy(permissions.personId, permissions.agencyId, people.name)
          .orderBy(permissions.agencyId, permissions.personId)
      : [],
  ]);

  const out: Finding[] = [];
  out.push(...usage);
  for (const c of candidates) {
    const shown = CLEANUP[c.kind];
    out.push({
      regime: REGIME,
      rule: 'TN-4.3',
      kind: shown.kind,
      severity: shown.severity,
      agencyId: c.agencyId,
      personId: c.personId,
      since: c.effectiveOn && c.effectiveOn <= q.on ? c.effectiveOn : q.on,
      summary: shown.says(c.detail, c.permissionIds.length),
      // An account is several grants of the ledger: the person and agency identify it.
      recordId: null,
    });
  }
  for (const a of anomalies) {
    const reviewed = taipeiDay(a.reviewedAt!);
    out.push({
      regime: REGIME,
      rule: 'TN-8.2',
      kind: 'ANOMALY_NOT_AUDITED',
      severity: 'MEDIUM',
      agencyId: a.agencyId,
      personId: a.querierId,
      since: reviewed,
      summary: `Query of item ${a.item} on ${taipeiDay(a.queriedAt)}, sampled for ${a.month}, was judged inappropriate on ${reviewed} (${a.note ?? 'no note'}) but no audit record (附件四) investigates it`,
      recordId: a.usageRecordId,
    });
  }
  for (const o of orphans) {
    out.push({
      regime: REGIME,
      rule: 'TN-2.1',
      kind: 'ORPHAN_ACCOUNT',
      severity: 'HIGH',
      agencyId: o.agencyId,
      personId: o.personId,
      since: taipeiDay(o.since!),
      summary: `${o.name} holds ${o.grants} NHI WebIR permission(s) at an agency with no active enrolment (TN-2.1: accounts only under an enrolment)`,
      recordId: null,
    });
  }
  return out;
}

/**
 * The usage records that are findings on `on` at these agencies, within what the caller reads of
 * queries (TN-7.4, as nhiUsageRecords); null when the caller reads none. Queries whose querier is
 * unknown belong to no agency: the regime's readers see them.
 */
function usageFindingsWhere(ctx: TnContext, q: FindingsQuery, scope: SQL | undefined): SQL | null {
  const reads = readsRegime(ctx.caller);
  const atAgencies = or(q.agencyIds.length ? inArray(usageRecords.agencyId, q.agencyIds) : undefined, reads ? isNull(usageRecords.agencyId) : undefined);
  if (!atAgencies) return null;
  return and(ne(usageRecords.finding, 'NONE'), lt(usageRecords.queriedAt, taipeiMidnight(addDays(q.on, 1))), atAgencies, scope)!;
}

/** The usage records that `where` selects, as findings, in query order. */
async function usageFindings(ctx: TnContext, where: SQL): Promise<Finding[]> {
  const rows = await ctx.db
    .select({
      id: usageRecords.id,
      querierId: usageRecords.querierId,
      agencyId: usageRecords.agencyId,
      queriedAt: usageRecords.queriedAt,
      finding: usageRecords.finding,
      item: usageRecords.item,
      account: usageRecords.myegovAccount,
      cited: usageRecords.requestNumber,
      matched: queryRequests.number,
    })
    .from(usageRecords)
    .leftJoin(queryRequests, eq(queryRequests.id, usageRecords.requestId))
    .where(where)
    .orderBy(usageRecords.queriedAt, usageRecords.id);
  return rows.map((r) => {
    const known = USAGE[r.finding];
    const day = taipeiDay(r.queriedAt);
    return {
      regime: REGIME,
      rule: known?.rule ?? 'TN-7.2',
      kind: known?.kind ?? 'USAGE_UNMATCHED',
      severity: 'HIGH',
      agencyId: r.agencyId,
      personId: r.querierId,
      since: day,
      summary: `Query of item ${r.item} on ${day} ${known ? known.says(r) : `does not match its request (${r.finding})`}`,
      recordId: r.id,
    };
  });
}

/** A finding code's rule or kind in SQL, from USAGE, so the database and the summaries agree. */
const usageCase = (pick: 'rule' | 'kind', otherwise: string): SQL =>
  sql`(case ${usageRecords.finding} ${sql.join(
    Object.entries(USAGE).map(([code, u]) => sql`when ${code}::text then ${u[pick]}::text`),
    sql` `,
  )} else ${otherwise}::text end)`;

/**
 * The usage log's findings as rows for the graph across regimes to page and count (RecordFindings):
 * every one is HIGH, since the day of the query in Taipei. Served by the partial index of findings.
 */
export async function usageFindingsSql(ctx: TnContext, q: FindingsQuery): Promise<SQL | null> {
  const where = usageFindingsWhere(ctx, q, await queriesScope(ctx.db, ctx.caller, usageRecords.querierId, usageRecords.agencyId));
  if (!where) return null;
  return sql`select 'HIGH'::text as severity, to_char(${usageRecords.queriedAt} at time zone 'Asia/Taipei', 'YYYY-MM-DD') as since, ${REGIME}::text as regime,
    ${usageCase('rule', 'TN-7.2')} as rule, ${usageCase('kind', 'USAGE_UNMATCHED')} as kind, ${usageRecords.id}::text as key,
    ${usageRecords.agencyId}::text as agency_id, ${usageRecords.querierId}::text as person_id
    from ${usageRecords} where ${where}`;
}

/** The findings of these usage records, in full, for one page. */
export async function describeUsageFindings(ctx: TnContext, ids: string[]): Promise<Finding[]> {
  return ids.length ? usageFindings(ctx, inArray(usageRecords.id, ids)) : [];
}
