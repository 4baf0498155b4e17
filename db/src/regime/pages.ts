import { and, asc, count, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { isUuid, parsePage, toConnection, Violations, type Connection, type PageArgs } from '@webir/kit';
import type { Db } from '../client.ts';

/**
 * A list that grows with history, keyset-paged by (the instant a row was made, its id), oldest first:
 * a page is one range scan however deep it is, and `totalCount` one count under the same `where`,
 * so a caller's scope is the SQL's and never a filter over rows already read (issue 11).
 */
export async function pageByInstant<TRow extends { id: string }>(
  db: Db,
  table: PgTable & { id: AnyPgColumn },
  at: AnyPgColumn,
  atOf: (row: TRow) => Date,
  where: SQL | undefined,
  args: PageArgs,
  defaultSize = 50,
): Promise<Connection<TRow>> {
  const page = parsePage<[string, string]>(args, 2, defaultSize);
  // A cursor is ours only if it holds an instant and an id: anything else would reach the database as a cast error.
  if (page.after && !(typeof page.after[0] === 'string' && !Number.isNaN(Date.parse(page.after[0])) && typeof page.after[1] === 'string' && isUuid(page.after[1]))) {
    const v = new Violations();
    v.add('after', 'is not a cursor of this list (use an endCursor or cursor this list returned)');
    v.throwIfAny();
  }
  const after = page.after ? sql`(${at}, ${table.id}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = (await db.select().from(table as PgTable).where(and(where, after)).orderBy(asc(at), asc(table.id)).limit(page.limit + 1)) as unknown as TRow[];
  return toConnection(rows, page, (r) => [atOf(r).toISOString(), r.id], async () => (await db.select({ n: count() }).from(table as PgTable).where(where))[0]!.n);
}
