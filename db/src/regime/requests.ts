import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { conflict, parsePage, ruleViolation, taipeiDay, toConnection, Violations, type PageArgs } from '@webir/kit';
import type { Caller } from '../access/caller.ts';
import type { Db } from '../client.ts';
import { people } from '../schema/core.ts';
import type { queryRequestColumns } from './tables.ts';

/**
 * Requests to query one person's data, approved by the requester's supervisor before the query
 * (Tainan's 附表三, TN-7.1; Kaohsiung's 登記表, KH-3.5): who sees them, who decides them, how they are
 * listed — written once. A regime gives its table, its rule ID and whether the caller reads it all.
 */
type Columns = ReturnType<typeof queryRequestColumns>;
export type RequestsTable = PgTable & { [K in keyof Columns]: AnyPgColumn };
export type RequestRow = { [K in keyof Columns]: Columns[K]['_']['notNull'] extends true ? NonNullable<Columns[K]['_']['data']> : Columns[K]['_']['data'] | null };

/** `F3-20260301-1A2B3C`: the form's prefix, the day (Asia/Taipei), six random hex digits. */
export const formNumber = (prefix: string, now: Date) => `${prefix}-${taipeiDay(now).replace(/-/g, '')}-${randomBytes(3).toString('hex').toUpperCase()}`;

/**
 * The agencies whose records of queries the caller reads as an administrator. A regime whose rules give
 * an administrator the agencies under theirs too (Tainan's, TN-7.4) passes 'tree'; one that gives them
 * their own agency only (Kaohsiung's, KH-7) passes the agencies they administer in that regime.
 */
export type Administered = 'tree' | string[];

async function administeredAgencies(caller: Caller, administered: Administered): Promise<string[]> {
  if (administered !== 'tree') return administered;
  return caller.administeredAgencyIds().length ? [...(await caller.scope()).read] : [];
}

/**
 * As SQL, the records of a person's queries the caller may read: their own, their staff's, those of
 * the agencies they administer; everything (undefined) for the regime's readers.
 */
export async function queriesScope(db: Db, caller: Caller, readsAll: boolean, personColumn: AnyPgColumn, agencyColumn: AnyPgColumn, administeredBy: Administered): Promise<SQL | undefined> {
  if (readsAll) return undefined;
  const administered = await administeredAgencies(caller, administeredBy);
  return or(
    eq(personColumn, caller.id),
    inArray(personColumn, db.select({ id: people.id }).from(people).where(eq(people.supervisorId, caller.id))),
    administered.length ? inArray(agencyColumn, administered) : undefined,
  );
}

/** The same rule for one request: the requester, their supervisor, their agency's administrators, the readers. */
export async function canSeeQueriesOf(caller: Caller, readsAll: boolean, requester: { id: string; supervisorId: string | null } | null | undefined, agencyId: string | null, administeredBy: Administered): Promise<boolean> {
  if (readsAll || requester?.id === caller.id || (requester && requester.supervisorId === caller.id)) return true;
  return agencyId !== null && (await administeredAgencies(caller, administeredBy)).includes(agencyId);
}

/** The requester's supervisor decides, never the requester; a request is decided once. */
export async function decideRequest<T extends RequestsTable>(
  db: Db,
  table: T,
  args: { request: RequestRow; requesterSupervisorId: string | null; caller: Caller; approve: boolean; note?: string | null; now: Date; rule: string; what: string },
): Promise<T['$inferSelect']> {
  const { request, caller } = args;
  if (request.requesterId === caller.id) throw ruleViolation(args.rule, `nobody approves their own ${args.what}`);
  if (args.requesterSupervisorId !== caller.id) throw ruleViolation(args.rule, `a ${args.what} is approved by the requester’s supervisor`);
  if (!args.approve && !args.note?.trim()) new Violations().add('note', 'say why it is rejected').throwIfAny();
  const [row] = (await db
    .update(table as PgTable)
    .set({ status: args.approve ? 'APPROVED' : 'REJECTED', approverId: caller.id, decidedAt: args.now, decisionNote: args.note?.trim() || null } as never)
    .where(and(eq(table.id, request.id), eq(table.status, 'PENDING')))
    .returning()) as unknown[];
  if (!row) throw conflict(`The ${args.what} is already ${request.status.toLowerCase()}`);
  return row as T['$inferSelect'];
}

export interface RequestFilter {
  requesterId?: string | null;
  agencyId?: string | null;
  status?: string | null;
}

/** A page of requests in filing order, within the scope given. */
export async function listRequests<T extends RequestsTable>(db: Db, table: T, scope: SQL | undefined, filter: RequestFilter, args: PageArgs) {
  const page = parsePage<[string, string]>(args, 2);
  const where = and(
    scope,
    filter.requesterId ? eq(table.requesterId, filter.requesterId) : undefined,
    filter.agencyId ? eq(table.agencyId, filter.agencyId) : undefined,
    filter.status ? eq(table.status, filter.status) : undefined,
  );
  const after = page.after ? sql`(${table.requestedAt}, ${table.id}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = (await db.select().from(table as PgTable).where(and(where, after)).orderBy(asc(table.requestedAt), asc(table.id)).limit(page.limit + 1)) as T['$inferSelect'][];
  return toConnection(rows, page, (r) => [(r.requestedAt as Date).toISOString(), r.id as string], async () => (await db.select({ n: count() }).from(table as PgTable).where(where))[0]!.n);
}
