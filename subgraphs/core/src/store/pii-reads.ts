import { and, desc, count, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { tables, type Caller, type Db } from '@webir/db';
import { badInput, checkId, forbidden, parsePage, toConnection, Violations, type PageArgs } from '@webir/kit';
import type { CoreContext } from '../context.ts';
import type { PersonRow } from '../loaders.ts';

const { piiReads, people } = tables;

/**
 * the identifier in the clear, for those allowed, each read logged (who, whose, when, why)
 * before the value is returned: a failed log write fails the read.
 */
export async function revealNationalId(ctx: CoreContext, person: PersonRow, reason: string): Promise<string | null> {
  if (!person.nationalIdEnc) return null;
  if (reason.trim().length < 4) throw badInput([{ field: 'reason', message: 'say why you need the identifier in the clear (at least 4 characters); it is logged' }]);
  if (!(await ctx.caller.canUnmask(person))) {
    throw forbidden('Only the person, their agency administrators and their chief administrator may see this identifier unmasked');
  }
  await ctx.loaders.logPiiRead.load({ subjectId: person.id, reason: reason.trim() });
  return ctx.cipher.decrypt(person.nationalIdEnc);
}

export interface ReadFilter {
  subjectId?: string | null;
  readerId?: string | null;
  since?: Date | null;
  until?: Date | null;
}

/** The log, newest first: the caller's own reads and reads of them, plus those about people in their scope. */
export async function listReads(db: Db, caller: Caller, filter: ReadFilter = {}, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.subjectId', filter.subjectId);
  checkId(v, 'filter.readerId', filter.readerId);
  const page = parsePage<[string, string]>(args, 2);
  v.throwIfAny();
  const readable = [...(await caller.scope()).read];
  const scoped: SQL = or(
    eq(piiReads.subjectId, caller.id),
    eq(piiReads.readerId, caller.id),
    readable.length ? inArray(piiReads.subjectId, db.select({ id: people.id }).from(people).where(inArray(people.agencyId, readable))) : undefined,
  )!;
  const where = and(
    scoped,
    filter.subjectId ? eq(piiReads.subjectId, filter.subjectId) : undefined,
    filter.readerId ? eq(piiReads.readerId, filter.readerId) : undefined,
    filter.since ? gte(piiReads.readAt, filter.since) : undefined,
    filter.until ? lt(piiReads.readAt, filter.until) : undefined,
  );
  const after = page.after ? sql`(${piiReads.readAt}, ${piiReads.id}) < (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = await db.select().from(piiReads).where(and(where, after)).orderBy(desc(piiReads.readAt), desc(piiReads.id)).limit(page.limit + 1);
  return toConnection(rows, page, (r) => [r.readAt.toISOString(), r.id], async () => (await db.select({ n: count() }).from(piiReads).where(where))[0]!.n);
}
