import { and, asc, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { tables, type Db } from '@webir/db';
import { checkId, MAX_PAGE_SIZE, parsePage, taipeiDay, toConnection, toCsv, Violations, type PageArgs } from '@webir/kit';
import type { ComplianceContext } from '../context.ts';
import { agenciesAsked } from './scope.ts';

const { permissions, people, agencies, serviceItems } = tables;
const grantor = alias(people, 'grantor');

export interface RosterFilter {
  agencyId?: string | null;
  includeSubAgencies?: boolean | null;
  personId?: string | null;
  regime?: string | null;
  role?: string | null;
  includeRevoked?: boolean | null;
}

/** One grant as an auditor reads it: the ledger's row with the names it points at. */
const columns = {
  id: permissions.id,
  personId: permissions.personId,
  personName: people.name,
  myegovAccount: people.myegovAccount,
  agencyId: permissions.agencyId,
  agencyCode: agencies.code,
  agencyName: agencies.name,
  regime: permissions.regimeCode,
  role: permissions.role,
  item: serviceItems.code,
  itemName: serviceItems.name,
  since: permissions.grantedAt,
  effectiveFrom: permissions.effectiveFrom,
  grantedById: permissions.grantedById,
  grantedByName: grantor.name,
  formType: permissions.formType,
  formId: permissions.formId,
  status: permissions.status,
  revokedAt: permissions.revokedAt,
  revokeReason: permissions.revokeReason,
};

export interface RosterRow {
  id: string;
  personId: string;
  personName: string;
  myegovAccount: string | null;
  agencyId: string;
  agencyCode: string;
  agencyName: string;
  regime: string;
  role: string;
  item: string | null;
  itemName: string | null;
  since: Date;
  effectiveFrom: string | null;
  grantedById: string | null;
  grantedByName: string | null;
  formType: string | null;
  formId: string | null;
  status: 'ACTIVE' | 'REVOKED';
  revokedAt: Date | null;
  revokeReason: string | null;
}

/**
 * what the filter selects of the grants the caller may read: those at the agencies in their
 * reach, and their own. Without an agency, the whole reach; with a person, only theirs.
 */
async function where(ctx: ComplianceContext, filter: RosterFilter): Promise<SQL> {
  const v = new Violations();
  checkId(v, 'filter.personId', filter.personId);
  v.throwIfAny();
  const agencyIds = await agenciesAsked(ctx.db, ctx.caller, filter.agencyId, !!filter.includeSubAgencies);
  const reach = filter.agencyId
    ? inArray(permissions.agencyId, agencyIds)
    : or(agencyIds.length ? inArray(permissions.agencyId, agencyIds) : undefined, eq(permissions.personId, ctx.caller.id))!;
  return and(
    reach,
    filter.personId ? eq(permissions.personId, filter.personId) : undefined,
    filter.regime ? eq(permissions.regimeCode, filter.regime) : undefined,
    filter.role ? eq(permissions.role, filter.role) : undefined,
    filter.includeRevoked ? undefined : eq(permissions.status, 'ACTIVE'),
  )!;
}

const from = (db: Db) =>
  db
    .select(columns)
    .from(permissions)
    .innerJoin(people, eq(people.id, permissions.personId))
    .innerJoin(agencies, eq(agencies.id, permissions.agencyId))
    .leftJoin(serviceItems, eq(serviceItems.id, permissions.serviceItemId))
    .leftJoin(grantor, eq(grantor.id, permissions.grantedById));

// Grouped as a roster is read: by person, then by when each grant was made.
const order = [asc(people.name), asc(people.id), asc(permissions.grantedAt), asc(permissions.id)];

export async function roster(ctx: ComplianceContext, filter: RosterFilter, args: PageArgs) {
  const page = parsePage<[string, string, string, string]>(args, 4, 50);
  const match = await where(ctx, filter);
  const after = page.after
    ? sql`(${people.name}, ${people.id}, ${permissions.grantedAt}, ${permissions.id}) > (${page.after[0]}, ${page.after[1]}::uuid, ${page.after[2]}::timestamptz, ${page.after[3]}::uuid)`
    : undefined;
  const rows = (await from(ctx.db).where(and(match, after)).orderBy(...order).limit(page.limit + 1)) as RosterRow[];
  return toConnection(rows, page, (r) => [r.personName, r.personId, r.since.toISOString(), r.id], async () => {
    const [n] = await ctx.db
      .select({ n: count() })
      .from(permissions)
      .innerJoin(people, eq(people.id, permissions.personId))
      .where(match);
    return n!.n;
  });
}

/** The most lines one export holds: a city's whole ledger is far below it; a runaway query is not. */
export const CSV_LIMIT = 100 * MAX_PAGE_SIZE;

const HEADER = ['agency_code', 'agency', 'person', 'myegov_account', 'regime', 'role', 'item', 'item_name', 'granted_on', 'access_opens_on', 'granted_by', 'form_type', 'form_id', 'status', 'revoked_on', 'revoke_reason'];

/** the roster as CSV for an auditor, dates as Taipei days; no personal identifiers in it. */
export async function rosterCsv(ctx: ComplianceContext, filter: RosterFilter): Promise<string> {
  const rows = (await from(ctx.db).where(await where(ctx, filter)).orderBy(asc(agencies.code), ...order).limit(CSV_LIMIT)) as RosterRow[];
  return toCsv(
    HEADER,
    rows.map((r) => [
      r.agencyCode,
      r.agencyName,
      r.personName,
      r.myegovAccount,
      r.regime,
      r.role,
      r.item,
      r.itemName,
      taipeiDay(r.since),
      r.effectiveFrom,
      r.grantedByName,
      r.formType,
      r.formId,
      r.status,
      r.revokedAt ? taipeiDay(r.revokedAt) : null,
      r.revokeReason,
    ]),
  );
}
