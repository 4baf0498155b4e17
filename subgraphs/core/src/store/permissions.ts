import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { tables, type Caller, type Db } from '@webir/db';
import { checkId, parsePage, toConnection, Violations, type PageArgs } from '@webir/kit';
import type { PermissionRow } from '../loaders.ts';

const { permissions, people } = tables;

export interface PermissionFilter {
  personId?: string | null;
  agencyId?: string | null;
  regime?: string | null;
  role?: string | null;
  status?: PermissionRow['status'] | null;
}

/** The ledger as the caller may see it: the grants of the people they may see. */
export async function listPermissions(db: Db, caller: Caller, filter: PermissionFilter = {}, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.personId', filter.personId);
  checkId(v, 'filter.agencyId', filter.agencyId);
  const page = parsePage<[string, string]>(args, 2);
  v.throwIfAny();
  const readable = [...(await caller.scope()).read];
  const visiblePeople = db
    .select({ id: people.id })
    .from(people)
    .where(sql`${people.id} = ${caller.id} or ${people.supervisorId} = ${caller.id}${readable.length ? sql` or ${inArray(people.agencyId, readable)}` : sql``}`);
  const where = and(
    inArray(permissions.personId, visiblePeople),
    filter.personId ? eq(permissions.personId, filter.personId) : undefined,
    filter.agencyId ? eq(permissions.agencyId, filter.agencyId) : undefined,
    filter.regime ? eq(permissions.regimeCode, filter.regime) : undefined,
    filter.role ? eq(permissions.role, filter.role) : undefined,
    filter.status ? eq(permissions.status, filter.status) : undefined,
  );
  const after = page.after ? sql`(${permissions.grantedAt}, ${permissions.id}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = await db.select().from(permissions).where(and(where, after)).orderBy(asc(permissions.grantedAt), asc(permissions.id)).limit(page.limit + 1);
  return toConnection(rows, page, (r) => [r.grantedAt.toISOString(), r.id], async () => (await db.select({ n: count() }).from(permissions).where(where))[0]!.n);
}

/** Filters a loader's rows by the field arguments (status, regime). */
export function pick(rows: PermissionRow[], args: { status?: PermissionRow['status'] | null; regime?: string | null }): PermissionRow[] {
  return rows.filter((r) => (!args.status || r.status === args.status) && (!args.regime || r.regimeCode === args.regime));
}
