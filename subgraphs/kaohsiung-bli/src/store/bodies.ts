import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { pageByInstant } from '@webir/db/regime';
import { revokeAllAtAgency, revokeMatching, tables, type RevokeInput, type Tx } from '@webir/db';
import { checkId, conflict, notFound, taipeiDay, Violations, type PageArgs } from '@webir/kit';
import type { KhContext } from '../context.ts';
import type { HoldingRow, RequestingAgencyRow } from '../loaders.ts';
import { administers, assertItCentre, assertLabourBureau, inRegime, readsRegime, REGIME } from './access.ts';
import { cityItems, ITEM_CODES } from './items.ts';

const { khRequestingAgencies, khItemHoldings, khAccounts } = tables;

/** KH-2.1: the Labour Bureau approves an agency of Kaohsiung as a requesting agency (資訊需求機關). */
export async function approveRequestingAgency(ctx: KhContext, input: { agencyId: string; legalBasis: string }): Promise<RequestingAgencyRow> {
  assertLabourBureau(ctx.caller, 'KH-2.1', 'Approving a requesting agency');
  const v = new Violations();
  checkId(v, 'input.agencyId', input.agencyId);
  if (input.legalBasis.trim().length < 2) v.add('input.legalBasis', 'state the law under which the agency needs BLI data');
  v.throwIfAny();
  const agency = await ctx.loaders.agency.load(input.agencyId);
  if (!agency) throw notFound('Agency', input.agencyId);
  if (agency.city !== 'KAOHSIUNG') new Violations().add('input.agencyId', `${agency.name} is not an agency of Kaohsiung City`).throwIfAny();
  const current = (await ctx.loaders.approvalsOfAgency.load(input.agencyId)).find((a) => a.status === 'APPROVED');
  if (current) throw conflict(`${agency.name} is a requesting agency already (since ${current.approvedOn})`);
  const now = ctx.now();
  const [row] = await ctx.db
    .insert(khRequestingAgencies)
    .values({ agencyId: input.agencyId, legalBasis: input.legalBasis.trim(), approvedOn: taipeiDay(now), approvedById: ctx.caller.id, createdAt: now })
    .returning();
  return row!;
}

/** KH-2.1: withdrawing the approval ends every BLI account, permission and item at the agency, together. */
export async function withdrawRequestingAgency(ctx: KhContext, agencyId: string, reason: string): Promise<RequestingAgencyRow> {
  assertLabourBureau(ctx.caller, 'KH-2.1', 'Withdrawing a requesting agency');
  const v = new Violations();
  checkId(v, 'agencyId', agencyId);
  if (reason.trim().length < 2) v.add('reason', 'say why the approval is withdrawn');
  v.throwIfAny();
  const current = (await ctx.loaders.approvalsOfAgency.load(agencyId)).find((a) => a.status === 'APPROVED');
  if (!current) throw notFound('KhRequestingAgency', agencyId);
  const now = ctx.now();
  const why = `KH-2.1: no longer a requesting agency — ${reason.trim()}`;
  await ctx.caller.scope();
  return ctx.db.transaction(async (tx) => {
    // The approval withdrawn first (its row locked), once: a set-up granting under it at the same
    // moment either committed already, and is ended below, or waits and is refused (KH-2.1).
    const [row] = await tx
      .update(khRequestingAgencies)
      .set({ status: 'WITHDRAWN', withdrawnAt: now, withdrawnById: ctx.caller.id, withdrawalReason: reason.trim() })
      .where(and(eq(khRequestingAgencies.id, current.id), eq(khRequestingAgencies.status, 'APPROVED')))
      .returning();
    if (!row) throw conflict('The approval was withdrawn meanwhile');
    await revokeAllAtAgency(tx, agencyId, REGIME, { revokedById: ctx.caller.id, reason: why, at: now });
    await tx.update(khAccounts).set({ status: 'DELETED', deletedAt: now, deletedReason: why }).where(and(eq(khAccounts.agencyId, agencyId), eq(khAccounts.status, 'ACTIVE')));
    await tx
      .update(khItemHoldings)
      .set({ status: 'REMOVED', removedAt: now, removedById: ctx.caller.id })
      .where(and(eq(khItemHoldings.agencyId, agencyId), eq(khItemHoldings.status, 'ACTIVE')));
    return row;
  });
}

export async function listRequestingAgencies(ctx: KhContext, includeWithdrawn: boolean): Promise<RequestingAgencyRow[]> {
  const rows = await ctx.db
    .select()
    .from(khRequestingAgencies)
    .where(includeWithdrawn ? undefined : eq(khRequestingAgencies.status, 'APPROVED'))
    .orderBy(asc(khRequestingAgencies.createdAt));
  // KH-7: which agencies are approved is known to every body of the regime, and to no one outside it.
  return inRegime(ctx.caller) ? rows : [];
}

/** The same list, oldest approval first, a page at a time; empty (not refused) outside the regime, as the list is. */
export async function requestingAgenciesPage(ctx: KhContext, includeWithdrawn: boolean, args: PageArgs) {
  const where = and(inRegime(ctx.caller) ? undefined : sql`false`, includeWithdrawn ? undefined : eq(khRequestingAgencies.status, 'APPROVED'));
  return pageByInstant<RequestingAgencyRow>(ctx.db, khRequestingAgencies, khRequestingAgencies.createdAt, (r) => r.createdAt, where, args);
}

export function checkItems(v: Violations, field: string, items: string[]): void {
  if (!items.length) v.add(field, 'name at least one item');
  const unknown = items.filter((i) => !ITEM_CODES.includes(i));
  if (unknown.length) v.add(field, `unknown items ${unknown.join(', ')}: the BLI items are ${ITEM_CODES[0]}…${ITEM_CODES.at(-1)} (查調服務項目申請表)`);
  if (new Set(items).size !== items.length) v.add(field, 'an item appears twice');
}

/**
 * KH-3.1: the city's items change only on the BLI's decision, recorded by the IT centre with the
 * BLI's letter. Withdrawing an item from the city withdraws it from every agency and querier too.
 */
export async function recordBliDecision(ctx: KhContext, input: { items: string[]; action: 'ADD' | 'DELETE'; reference: string; legalBasis: string }): Promise<HoldingRow[]> {
  assertItCentre(ctx.caller, 'KH-3.1', 'Changing the city’s BLI items');
  const v = new Violations();
  checkItems(v, 'input.items', input.items);
  if (input.reference.trim().length < 4) v.add('input.reference', 'cite the BLI’s decision (its letter’s number)');
  if (input.legalBasis.trim().length < 2) v.add('input.legalBasis', 'state the legal basis');
  v.throwIfAny();
  const held = await cityItems(ctx.db);
  const now = ctx.now();
  await ctx.caller.scope();
  if (input.action === 'ADD') {
    const already = input.items.filter((i) => held.has(i));
    if (already.length) throw conflict(`The city holds ${already.join(', ')} already`);
    return ctx.db
      .insert(khItemHoldings)
      .values(input.items.map((item) => ({ level: 'CITY', agencyId: null, item, legalBasis: input.legalBasis.trim(), decisionReference: input.reference.trim(), grantedAt: now, grantedById: ctx.caller.id })))
      .returning();
  }
  const missing = input.items.filter((i) => !held.has(i));
  if (missing.length) throw conflict(`The city does not hold ${missing.join(', ')}`);
  return ctx.db.transaction(async (tx) => {
    const removed = await tx
      .update(khItemHoldings)
      .set({ status: 'REMOVED', removedAt: now, removedById: ctx.caller.id })
      .where(and(inArray(khItemHoldings.item, input.items), eq(khItemHoldings.status, 'ACTIVE')))
      .returning();
    await revokeItems(tx, null, input.items, { revokedById: ctx.caller.id, reason: `KH-3.1: the BLI withdrew the items (${input.reference.trim()})`, at: now });
    return removed.filter((r) => r.level === 'CITY');
  });
}

/** KH-5.2: an item no longer held above is revoked from every querier below (one agency, or all). */
export const revokeItems = (tx: Tx, agencyId: string | null, items: string[], how: RevokeInput) =>
  revokeMatching(tx, { regime: REGIME, ...(agencyId ? { agencyId } : {}), serviceItemIds: items.map((i) => `${REGIME}:${i}`) }, how);

/** KH-5.1: holdings as the caller may see them: the city's to every body, an agency's to the regime and its administrator. */
export async function listHoldings(ctx: KhContext, args: { level?: string | null; agencyId?: string | null }): Promise<HoldingRow[]> {
  const v = new Violations();
  checkId(v, 'agencyId', args.agencyId);
  v.throwIfAny();
  const rows = await ctx.db
    .select()
    .from(khItemHoldings)
    .where(
      and(
        eq(khItemHoldings.status, 'ACTIVE'),
        args.level ? eq(khItemHoldings.level, args.level) : undefined,
        args.agencyId ? eq(khItemHoldings.agencyId, args.agencyId) : args.level === 'CITY' ? isNull(khItemHoldings.agencyId) : undefined,
      ),
    )
    .orderBy(asc(khItemHoldings.level), asc(khItemHoldings.item));
  const member = inRegime(ctx.caller);
  return rows.filter((r) => member && (r.level === 'CITY' || readsRegime(ctx.caller) || r.agencyId === ctx.caller.person.agencyId || administers(ctx.caller, r.agencyId!)));
}
