import { and, asc, count, eq, gt, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, tables, type Caller, type Db, type DbOrTx } from '@webir/db';
import { badInput, checkId, forbidden, notFound, parsePage, toConnection, Violations, type PageArgs } from '@webir/kit';
import { validateAgencyCode } from '@webir/kit';
import type { AgencyRow } from '../loaders.ts';

const { agencies } = tables;
type Level = AgencyRow['level'];

export interface AgencyFilter {
  city?: string | null;
  level?: Level | null;
  parentId?: string | null;
  topLevelOnly?: boolean | null;
  search?: string | null;
}

export function listAgencies(db: Db, filter: AgencyFilter = {}, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.parentId', filter.parentId);
  const page = parsePage<[string]>(args, 1);
  v.throwIfAny();
  const conditions: (SQL | undefined)[] = [
    filter.city ? eq(agencies.city, filter.city) : undefined,
    filter.level ? eq(agencies.level, filter.level) : undefined,
    filter.parentId ? eq(agencies.parentId, filter.parentId) : undefined,
    filter.topLevelOnly ? isNull(agencies.parentId) : undefined,
    // 臺 and 台 are one character in names (kit's normalizeName): 台南 finds 臺南市政府社會局.
    filter.search ? or(ilike(sql`translate(${agencies.name}, '臺', '台')`, `%${escapeLike(filter.search.normalize('NFKC').trim().replace(/臺/g, '台'))}%`), ilike(agencies.code, `%${escapeLike(filter.search.trim())}%`)) : undefined,
  ];
  const where = and(...conditions);
  const rows = db
    .select()
    .from(agencies)
    .where(and(where, page.after ? gt(agencies.code, page.after[0]) : undefined))
    .orderBy(asc(agencies.code))
    .limit(page.limit + 1);
  return rows.then((r) =>
    toConnection(r, page, (a) => [a.code], async () => (await db.select({ n: count() }).from(agencies).where(where))[0]!.n),
  );
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface AgencyInput {
  code?: string | null;
  name?: string | null;
  level?: Level | null;
  city?: string | null;
  parentId?: string | null;
}

/** Checks what an agency would become: fields, its place in the tree, a unique code. */
async function checkAgency(tx: DbOrTx, next: Required<{ [K in keyof AgencyInput]: AgencyInput[K] }>, selfId: string | null): Promise<void> {
  const v = new Violations();
  const code = next.code == null ? null : validateAgencyCode(next.code);
  if (code && !code.ok) v.add('input.code', code.message);
  if (!next.name?.trim()) v.add('input.name', 'an agency needs a name');
  else if (next.name.length > 100) v.add('input.name', 'is longer than 100 characters');
  const parentOk = checkId(v, 'input.parentId', next.parentId);

  if (next.level === 'SECOND_LEVEL' && !next.parentId) v.add('input.parentId', 'a second-level agency (二級機關) sits under an agency above it');
  if (next.level !== 'SECOND_LEVEL' && next.parentId) v.add('input.parentId', 'first-level agencies and district offices report to the city and have no parent');
  if (parentOk && next.parentId) {
    const [parent] = await tx.select().from(agencies).where(eq(agencies.id, next.parentId));
    if (!parent) v.add('input.parentId', 'no such agency');
    else {
      if (parent.city !== next.city) v.add('input.parentId', `the parent is in ${parent.city}, this agency in ${next.city}`);
      if (parent.level === 'DISTRICT_OFFICE') v.add('input.parentId', 'a district office has no agencies under it');
      if (selfId && (await isAncestorOrSelf(tx, selfId, next.parentId))) {
        v.add('input.parentId', 'would make a cycle: the new parent is this agency or one under it');
      }
    }
  }
  if (code?.ok) {
    const [clash] = await tx.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code.value));
    if (clash && clash.id !== selfId) v.add('input.code', `${code.value} is already the code of another agency`);
  }
  v.throwIfAny();
}

/** Whether `ancestorId` is `agencyId` or above it: walks up from `agencyId` in one statement. */
async function isAncestorOrSelf(tx: DbOrTx, ancestorId: string, agencyId: string): Promise<boolean> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      with recursive up as (
        select id, parent_id from core.agencies where id = ${agencyId}
        union
        select a.id, a.parent_id from core.agencies a join up on a.id = up.parent_id
      )
      select id from up where id = ${ancestorId}`),
  );
  return rows.length > 0;
}

function assertCityWriter(caller: Caller, city: string): void {
  if (!caller.cities('write').includes(city)) {
    throw forbidden(`Only a chief administrator of a ${city} regime changes the agency directory there`);
  }
}

export async function createAgency(db: Db, caller: Caller, input: Required<Pick<AgencyInput, 'code' | 'name' | 'level' | 'city'>> & AgencyInput, now: Date): Promise<AgencyRow> {
  assertCityWriter(caller, input.city!);
  return db.transaction(async (tx) => {
    const next = { code: input.code, name: input.name, level: input.level, city: input.city, parentId: input.parentId ?? null };
    await checkAgency(tx, next, null);
    const [row] = await tx
      .insert(agencies)
      .values({ code: next.code!.trim().toUpperCase(), name: next.name!.trim(), level: next.level!, city: next.city!, parentId: next.parentId, createdAt: now, updatedAt: now })
      .returning();
    return row!;
  });
}

export async function updateAgency(db: Db, caller: Caller, id: string, input: AgencyInput, now: Date): Promise<AgencyRow> {
  if (!checkId(new Violations(), 'id', id)) throw badInput([{ field: 'id', message: 'is not an ID of this graph' }]);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(agencies).where(eq(agencies.id, id)).for('update');
    if (!current) throw notFound('Agency', id);
    assertCityWriter(caller, current.city);
    const next = {
      code: input.code ?? current.code,
      name: input.name ?? current.name,
      level: input.level ?? current.level,
      city: current.city,
      parentId: input.parentId === undefined ? current.parentId : input.parentId,
    };
    await checkAgency(tx, next, id);
    const [row] = await tx
      .update(agencies)
      .set({ code: next.code.trim().toUpperCase(), name: next.name.trim(), level: next.level, parentId: next.parentId, updatedAt: now })
      .where(eq(agencies.id, id))
      .returning();
    return row!;
  });
}
