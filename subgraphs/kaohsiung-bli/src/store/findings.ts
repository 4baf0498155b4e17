import { and, asc, eq, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { tables } from '@webir/db';
import type { Finding, Severity } from '@webir/db/regime';
import { addDays, taipeiDay, taipeiMidnight } from '@webir/kit';
import type { KhContext } from '../context.ts';
import { accountFindings } from './accounts.ts';
import { queriesScope, readsRegime, REGIME } from './access.ts';
import { itemName } from './items.ts';

const { khUsageRecords, khRegistrations } = tables;

interface UsageFinding {
  item: string;
  day: string;
  line: number;
  account: string;
  ipAddress: string | null;
  /** The registration the log cited, or the one the matching found. */
  registration: string | null;
}

const registration = (u: UsageFinding) => (u.registration ? `its registration ${u.registration}` : 'its registration');

/**
 * What each finding the import wrote (`khUsageRecords(findingsOnly)`) is in the graph across regimes:
 * queries without an approved registration (KH-6.1, KH-3.5) and queries beyond the items or from
 * another computer (KH-5.2). Every one of them is a query already made: HIGH.
 */
const USAGE: Record<string, { kind: string; rule: string; what: (u: UsageFinding) => string }> = {
  NO_REQUEST: {
    kind: 'QUERY_WITHOUT_APPROVAL',
    rule: 'KH-6.1',
    what: (u) => (u.registration ? `the registration it cites, ${u.registration}, is not the querier’s` : 'no registration (查調資料登記表) was approved for it'),
  },
  BEFORE_APPROVAL: { kind: 'QUERY_WITHOUT_APPROVAL', rule: 'KH-6.1', what: (u) => `${registration(u)} was not approved before the query` },
  OUTSIDE_SUBJECT: { kind: 'QUERY_WITHOUT_APPROVAL', rule: 'KH-6.1', what: (u) => `${registration(u)} is about someone else` },
  OUTSIDE_ITEMS: { kind: 'QUERY_WITHOUT_APPROVAL', rule: 'KH-6.1', what: (u) => `${registration(u)} does not name ${u.item}` },
  UNKNOWN_QUERIER: { kind: 'USAGE_UNMATCHED', rule: 'KH-6.1', what: (u) => `by MyEGov account ${u.account}, whom the directory does not know` },
  ITEM_NOT_HELD: { kind: 'ITEM_NOT_GRANTED', rule: 'KH-5.2', what: (u) => `${u.item} is not granted to the querier, their agency and the city alike` },
  UNREGISTERED_ADDRESS: { kind: 'WRONG_IP', rule: 'KH-5.2', what: (u) => `from ${u.ipAddress ?? 'an unknown address'}, not the querier’s registered computer` },
};

/**
 * The usage records that are findings on `on` (queried by the end of that day) at these agencies,
 * within what the caller reads of queries (KH-7, as khUsageRecords); null when the caller reads none.
 * A query by an account the directory does not know has no agency: the regime's bodies see it.
 */
async function usageFindingsWhere(ctx: KhContext, agencyIds: string[], on: string): Promise<SQL | null> {
  const agencyless = readsRegime(ctx.caller);
  if (!agencyIds.length && !agencyless) return null;
  return and(
    ne(khUsageRecords.finding, 'NONE'),
    lt(khUsageRecords.queriedAt, taipeiMidnight(addDays(on, 1))),
    or(agencyIds.length ? inArray(khUsageRecords.agencyId, agencyIds) : undefined, agencyless ? isNull(khUsageRecords.agencyId) : undefined),
    await queriesScope(ctx.db, ctx.caller, khUsageRecords.querierId, khUsageRecords.agencyId),
  )!;
}

/** The usage records `where` selects, as findings, in the log's order. */
async function usageFindingsOf(ctx: KhContext, where: SQL): Promise<Finding[]> {
  const rows = await ctx.db
    .select({
      id: khUsageRecords.id,
      line: khUsageRecords.line,
      queriedAt: khUsageRecords.queriedAt,
      account: khUsageRecords.myegovAccount,
      querierId: khUsageRecords.querierId,
      agencyId: khUsageRecords.agencyId,
      item: khUsageRecords.item,
      ipAddress: khUsageRecords.ipAddress,
      finding: khUsageRecords.finding,
      cited: khUsageRecords.requestNumber,
      matched: khRegistrations.number,
    })
    .from(khUsageRecords)
    .leftJoin(khRegistrations, eq(khRegistrations.id, khUsageRecords.requestId))
    .where(where)
    .orderBy(asc(khUsageRecords.queriedAt), asc(khUsageRecords.line));
  return rows.map((r) => {
    const day = taipeiDay(r.queriedAt);
    const known = USAGE[r.finding];
    const u: UsageFinding = { item: r.item, day, line: r.line, account: r.account, ipAddress: r.ipAddress, registration: r.cited ?? r.matched };
    const severity: Severity = 'HIGH';
    return {
      regime: REGIME,
      rule: known?.rule ?? 'KH-6.1',
      kind: known?.kind ?? r.finding,
      severity,
      agencyId: r.agencyId,
      personId: r.querierId,
      since: day,
      summary: `Query of ${r.item} (${itemName(r.item)}) on ${day}, line ${r.line} of the platform’s log: ${known ? known.what(u) : r.finding}`,
      recordId: r.id,
    };
  });
}

/** The usage findings detectable on `on` at these agencies, in one statement. */
export async function usageFindings(ctx: KhContext, agencyIds: string[], on: string): Promise<Finding[]> {
  const where = await usageFindingsWhere(ctx, agencyIds, on);
  return where ? usageFindingsOf(ctx, where) : [];
}

/** A finding code's rule or kind in SQL, from USAGE, so the database and the summaries agree. */
const usageCase = (pick: 'rule' | 'kind', otherwise: SQL): SQL =>
  sql`(case ${khUsageRecords.finding} ${sql.join(
    Object.entries(USAGE).map(([code, u]) => sql`when ${code}::text then ${u[pick]}::text`),
    sql` `,
  )} else ${otherwise} end)`;

/**
 * The usage log's findings as rows for the graph across regimes to page and count (RecordFindings):
 * every one is HIGH, since the day of the query in Taipei.
 */
export async function usageFindingsSql(ctx: KhContext, query: { agencyIds: string[]; on: string }): Promise<SQL | null> {
  const where = await usageFindingsWhere(ctx, [...new Set(query.agencyIds)], query.on);
  if (!where) return null;
  return sql`select 'HIGH'::text as severity, to_char(${khUsageRecords.queriedAt} at time zone 'Asia/Taipei', 'YYYY-MM-DD') as since, ${REGIME}::text as regime,
    ${usageCase('rule', sql`'KH-6.1'::text`)} as rule, ${usageCase('kind', sql`${khUsageRecords.finding}`)} as kind, ${khUsageRecords.id}::text as key,
    ${khUsageRecords.agencyId}::text as agency_id, ${khUsageRecords.querierId}::text as person_id
    from ${khUsageRecords} where ${where}`;
}

/** The findings of these usage records, in full, for one page. */
export async function describeUsageFindings(ctx: KhContext, ids: string[]): Promise<Finding[]> {
  return ids.length ? usageFindingsOf(ctx, inArray(khUsageRecords.id, ids)) : [];
}

/** What the holder's change is, as the directory records it. */
const CHANGED: Record<string, { past: string; noun: string }> = {
  REASSIGNED: { past: 'changed duties', noun: 'change of duties' },
  RESIGNED: { past: 'resigned', noun: 'resignation' },
  RETIRED: { past: 'retired', noun: 'retirement' },
};

/**
 * KH-4.4 from `accountFindings`: an account still active once its holder's change of duties took
 * effect is a breach (HIGH, since that day); one whose holder's change is still to come must be
 * deleted before it (MEDIUM, detected on `on`).
 */
export async function leaverFindings(ctx: KhContext, agencyIds: string[], on: string): Promise<Finding[]> {
  const found = await accountFindings(ctx, on, agencyIds);
  return found.map((f) => {
    const after = f.kind === 'ACTIVE_AFTER_CHANGE';
    const account = `The ${f.account.kind.toLowerCase()} account ${f.account.myegovAccount}`;
    const change = CHANGED[f.employmentStatus] ?? { past: f.employmentStatus.toLowerCase(), noun: 'change' };
    return {
      regime: REGIME,
      rule: f.rule,
      kind: after ? 'LEAVER_ACCOUNT' : 'LEAVER_ACCOUNT_DUE',
      severity: after ? 'HIGH' : 'MEDIUM',
      agencyId: f.account.agencyId,
      personId: f.account.personId,
      since: after ? f.effectiveOn : on,
      summary: after
        ? `${account} is still active though its holder ${change.past} on ${f.effectiveOn}`
        : `${account} is to be deleted before its holder’s ${change.noun} takes effect on ${f.effectiveOn}`,
      recordId: f.account.id,
    };
  });
}

/** Every Kaohsiung breach detectable on `on` at these agencies; overdue checks and audits are the calendar's. */
export async function khFindings(ctx: KhContext, query: { agencyIds: string[]; on: string; records?: boolean }): Promise<Finding[]> {
  const agencyIds = [...new Set(query.agencyIds)];
  // records: false leaves out the usage log's, which the graph across regimes pages itself (usageFindingsSql).
  const usage = query.records === false ? [] : await usageFindings(ctx, agencyIds, query.on);
  return [...usage, ...(await leaverFindings(ctx, agencyIds, query.on))];
}
