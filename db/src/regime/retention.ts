import { and, asc, count, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { parsePage, toConnection, type PageArgs } from '@webir/kit';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../client.ts';
import type { purgesTable } from './tables.ts';

/**
 * Retention, written once for every regime: each record carries its own `retain_until`, set when it is
 * made (a form still being decided has none and is never removed); a record is removed only after
 * that day, and every removal is logged in the regime's purges table with the rule that allowed it.
 */
export interface RetainedKind {
  kind: string;
  rule: string;
  table: PgTable & { id: AnyPgColumn; retainUntil: AnyPgColumn };
  /** What identifies the record to a person reading the log (its form number, its quarter). */
  label: AnyPgColumn;
  /** Removes the records and what hangs off them, in the purge's transaction. */
  remove: (tx: Tx, ids: string[]) => Promise<unknown>;
}

export interface Expired {
  kind: string;
  id: string;
  number: string | null;
  retainUntil: string;
  rule: string;
}

export async function purgeExpiredRecords(
  db: Db,
  purges: ReturnType<typeof purgesTable>,
  kinds: readonly RetainedKind[],
  run: { today: string; now: Date; byId: string | null; dryRun: boolean },
): Promise<Expired[]> {
  if (run.dryRun) return findExpired(db, kinds, run.today, false);
  return db.transaction(async (tx) => {
    // Found and locked in the purge's own transaction: a row whose retention day changed meanwhile
    // (PostgreSQL re-checks the condition on the row it locks) is not removed, nothing changes the
    // locked rows before they are deleted by id, and a second purge at the same moment waits, then
    // finds them gone — each removal is done and logged once.
    const expired = await findExpired(tx, kinds, run.today, true);
    if (!expired.length) return expired;
    // In the order given: a kind others point at (a request usage records cite) comes first.
    for (const k of kinds) {
      const ids = expired.filter((e) => e.kind === k.kind).map((e) => e.id);
      if (ids.length) await k.remove(tx, ids);
    }
    await tx.insert(purges).values(expired.map((e) => ({ kind: e.kind, recordId: e.id, number: e.number, retainUntil: e.retainUntil, rule: e.rule, purgedAt: run.now, purgedById: run.byId })));
    return expired;
  });
}

async function findExpired(db: Db | Tx, kinds: readonly RetainedKind[], today: string, lock: boolean): Promise<Expired[]> {
  const expired: Expired[] = [];
  for (const k of kinds) {
    const query = db
      .select({ id: k.table.id, number: k.label, retainUntil: k.table.retainUntil })
      .from(k.table)
      .where(and(isNotNull(k.table.retainUntil), lt(k.table.retainUntil, today)))
      .orderBy(asc(k.table.id));
    const rows = (await (lock ? query.for('update') : query)) as { id: string; number: string | null; retainUntil: string }[];
    for (const r of rows) expired.push({ kind: k.kind, id: r.id, number: r.number, retainUntil: r.retainUntil, rule: k.rule });
  }
  return expired;
}

/** The usual `remove`: delete the rows of one table by id. */
export const deleteByIds = (table: PgTable & { id: AnyPgColumn }) => (tx: Tx, ids: string[]) => tx.delete(table).where(inArray(table.id, ids));

/**
 * The purge log, oldest first, a page at a time: it grows with every record retention removes
 * (issue 11). Keyset on (purgedAt, id). Who may read it is the regime's to decide before calling.
 */
export async function purgeLogPage(db: Db, purges: ReturnType<typeof purgesTable>, args: PageArgs) {
  const page = parsePage<[string, string]>(args, 2);
  const after = page.after ? sql`(${purges.purgedAt}, ${purges.id}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = await db.select().from(purges).where(after).orderBy(asc(purges.purgedAt), asc(purges.id)).limit(page.limit + 1);
  return toConnection(rows, page, (r) => [r.purgedAt.toISOString(), r.id], async () => (await db.select({ n: count() }).from(purges))[0]!.n);
}
