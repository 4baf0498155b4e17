import { and, asc, eq, inArray, ne, or } from 'drizzle-orm';
import { pageByInstant } from '@webir/db/regime';
import { revokeMatching, tables } from '@webir/db';
import { checkId, notFound, ruleViolation, Violations, type PageArgs } from '@webir/kit';
import type { KhContext } from '../context.ts';
import type { AccountRow } from '../loaders.ts';
import { administers, agencyScope, canSeeAgency, QUERIER, readsRegime, REGIME } from './access.ts';
import { closeAccount } from './forms.ts';

const { khAccounts, people } = tables;

/**
 * KH-4.4: a querier's account is deleted by the agency administrator before its holder's change of
 * duties takes effect; the successor applies afresh. (An administrator's goes through 附表二 DELETE.)
 */
export async function deleteAccount(ctx: KhContext, input: { personId: string; agencyId: string; kind: 'ADMINISTRATOR' | 'QUERIER'; reason: string }): Promise<AccountRow> {
  // An administrator's account ends only through a 附表二 DELETE the Labour Bureau approved (KH-3.1, KH-4.2).
  if (input.kind === 'ADMINISTRATOR') throw ruleViolation('KH-4.2', 'an administrator’s account is deleted on a 附表二 DELETE form, reviewed by the Labour Bureau and set up by the IT centre');
  // Who may, first: a caller who may not delete learns nothing about the input.
  if (!administers(ctx.caller, input.agencyId)) throw ruleViolation('KH-4.4', 'a querier account is deleted by the agency’s administrator');
  const v = new Violations();
  checkId(v, 'input.personId', input.personId);
  checkId(v, 'input.agencyId', input.agencyId);
  if (input.reason.trim().length < 2) v.add('input.reason', 'say why the account is deleted');
  v.throwIfAny();
  const now = ctx.now();
  const reason = `KH-4.4: ${input.reason.trim()}`;
  await ctx.caller.scope();
  const [row] = await ctx.db.transaction(async (tx) => {
    const closed = await closeAccount(tx, { applicantId: input.personId, agencyId: input.agencyId }, input.kind, now, reason);
    if (!closed.length) throw notFound('KhAccount', `${input.kind.toLowerCase()} account of ${input.personId}`);
    await revokeMatching(tx, { personId: input.personId, agencyId: input.agencyId, regime: REGIME, role: QUERIER }, { revokedById: ctx.caller.id, reason, at: now });
    return closed;
  });
  ctx.loaders.accountsOfPerson.clear(input.personId);
  return row!;
}

export async function listAccounts(ctx: KhContext, args: { agencyId?: string | null; includeDeleted: boolean }): Promise<AccountRow[]> {
  const v = new Violations();
  checkId(v, 'agencyId', args.agencyId);
  v.throwIfAny();
  const rows = await ctx.db
    .select()
    .from(khAccounts)
    .where(and(args.agencyId ? eq(khAccounts.agencyId, args.agencyId) : undefined, args.includeDeleted ? undefined : eq(khAccounts.status, 'ACTIVE')))
    .orderBy(asc(khAccounts.createdAt));
  return rows.filter((r) => r.personId === ctx.caller.id || canSeeAgency(ctx.caller, r.agencyId));
}

/** The same accounts (the holder's own, and the agencies the caller sees), oldest first, a page at a time, scoped in SQL. */
export async function accountsPage(ctx: KhContext, args: { agencyId?: string | null; includeDeleted: boolean }, page: PageArgs) {
  const v = new Violations();
  checkId(v, 'agencyId', args.agencyId);
  v.throwIfAny();
  const scope = agencyScope(ctx.caller, khAccounts.agencyId);
  const where = and(
    scope ? or(eq(khAccounts.personId, ctx.caller.id), scope) : undefined,
    args.agencyId ? eq(khAccounts.agencyId, args.agencyId) : undefined,
    args.includeDeleted ? undefined : eq(khAccounts.status, 'ACTIVE'),
  );
  return pageByInstant<AccountRow>(ctx.db, khAccounts, khAccounts.createdAt, (r) => r.createdAt, where, page);
}

/**
 * KH-4.4 on a day: active accounts whose holder's duties change — ahead of the day, to delete before
 * it; on or before the day, a breach. `agencyIds` narrows it in the statement (the compliance
 * calendar's agencies); the regime's own access rule applies either way.
 */
export async function accountFindings(ctx: KhContext, on: string, agencyIds?: string[]) {
  if (agencyIds && !agencyIds.length) return [];
  const rows = await ctx.db
    .select({ account: khAccounts, status: people.employmentStatus, effectiveOn: people.employmentStatusEffectiveOn })
    .from(khAccounts)
    .innerJoin(people, eq(people.id, khAccounts.personId))
    .where(and(eq(khAccounts.status, 'ACTIVE'), ne(people.employmentStatus, 'ACTIVE'), agencyIds ? inArray(khAccounts.agencyId, agencyIds) : undefined));
  return rows
    .filter((r) => readsRegime(ctx.caller) || administers(ctx.caller, r.account.agencyId))
    .map((r) => {
      const effectiveOn = r.effectiveOn ?? on;
      return { kind: effectiveOn > on ? 'DELETE_BEFORE_CHANGE' : 'ACTIVE_AFTER_CHANGE', rule: 'KH-4.4', account: r.account, effectiveOn, employmentStatus: r.status };
    })
    .sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn));
}
