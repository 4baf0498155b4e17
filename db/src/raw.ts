import { sql, type SQL } from 'drizzle-orm';

/** Rows of a raw `db.execute`, whichever driver answered (postgres.js: an array; PGlite: `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** `(a, b, c)` for an IN list in raw SQL; never empty, so `x in ${sqlList([])}` matches nothing. */
export function sqlList(values: readonly unknown[]): SQL {
  return values.length ? sql`(${sql.join(values.map((v) => sql`${v}`), sql`, `)})` : sql`(null)`;
}
