import { and, eq, inArray } from 'drizzle-orm';
import { conflict, notFound, ruleViolation, Violations } from '@webir/kit';
import type { DbOrTx } from './client.ts';
import { pgConstraint } from './pg-error.ts';
import { agencies, people, permissions, regimes, serviceItems } from './schema/index.ts';

/**
 * The permission ledger: the one place every regime writes grants and revocations.
 *
 * Regime subgraphs call these inside the transaction of the approval that causes them (DESIGN.md,
 * "Data"), passing their transaction handle: an approval and its permission commit together or not
 * at all. Rows are closed, never deleted, so the ledger doubles as the history.
 */

export type PermissionRow = typeof permissions.$inferSelect;

export interface FormRef {
  /** The form kind, e.g. `TN_NHI/附表二`. */
  type: string;
  id: string;
}

export interface GrantInput {
  personId: string;
  agencyId: string;
  regime: string;
  role: string;
  /** A service item id (`TN_NHI:01`), or null/absent for a role without an item. */
  serviceItemId?: string | null;
  grantedById: string | null;
  reason: string;
  form?: FormRef | null;
  /** The date access opens (TN-5.2), when the form names one. */
  effectiveFrom?: string | null;
  at: Date;
}

export async function grantPermission(tx: DbOrTx, input: GrantInput): Promise<PermissionRow> {
  const v = new Violations();
  if (!input.reason.trim()) v.add('reason', 'a grant needs a reason');
  if (!input.role.trim()) v.add('role', 'a grant needs a role');
  v.throwIfAny();

  const [person] = await tx.select({ id: people.id, status: people.employmentStatus }).from(people).where(eq(people.id, input.personId));
  if (!person) throw notFound('Person', input.personId);
  if (person.status !== 'ACTIVE') {
    throw ruleViolation('X-1', `person ${input.personId} is ${person.status.toLowerCase()}: nothing may be granted to someone who has left their duties`);
  }
  const [agency] = await tx.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, input.agencyId));
  if (!agency) throw notFound('Agency', input.agencyId);
  const [regime] = await tx.select({ code: regimes.code }).from(regimes).where(eq(regimes.code, input.regime));
  if (!regime) throw notFound('Regime', input.regime);
  if (input.serviceItemId) {
    const [item] = await tx.select({ regime: serviceItems.regimeCode }).from(serviceItems).where(eq(serviceItems.id, input.serviceItemId));
    if (!item) throw notFound('ServiceItem', input.serviceItemId);
    if (item.regime !== input.regime) {
      new Violations().add('serviceItemId', `${input.serviceItemId} is an item of ${item.regime}, not of ${input.regime}`).throwIfAny();
    }
  }

  try {
    const [row] = await tx
      .insert(permissions)
      .values({
        personId: input.personId,
        agencyId: input.agencyId,
        regimeCode: input.regime,
        role: input.role,
        serviceItemId: input.serviceItemId ?? null,
        grantedById: input.grantedById,
        grantReason: input.reason,
        formType: input.form?.type ?? null,
        formId: input.form?.id ?? null,
        effectiveFrom: input.effectiveFrom ?? null,
        grantedAt: input.at,
      })
      .returning();
    return row!;
  } catch (error) {
    // The partial unique index is the arbiter, so two concurrent approvals cannot both grant. Any other
    // index (a rule's, TN-3.1) is answered by the subgraph's one mapping of database conflicts.
    if (pgConstraint(error) === 'permissions_active_uq') {
      throw conflict(`${input.role}${input.serviceItemId ? ` (${input.serviceItemId})` : ''} in ${input.regime} is already held by this person at this agency`, {
        personId: input.personId,
      });
    }
    throw error;
  }
}

export interface RevokeInput {
  revokedById: string | null;
  reason: string;
  at: Date;
}

export async function revokePermission(tx: DbOrTx, permissionId: string, input: RevokeInput): Promise<PermissionRow> {
  if (!input.reason.trim()) new Violations().add('reason', 'a revocation needs a reason').throwIfAny();
  const [row] = await tx
    .update(permissions)
    .set({ status: 'REVOKED', revokedAt: input.at, revokedById: input.revokedById, revokeReason: input.reason })
    .where(and(eq(permissions.id, permissionId), eq(permissions.status, 'ACTIVE')))
    .returning();
  if (row) return row;
  const [existing] = await tx.select({ id: permissions.id }).from(permissions).where(eq(permissions.id, permissionId));
  if (!existing) throw notFound('Permission', permissionId);
  throw conflict(`permission ${permissionId} is already revoked`, { permissionId });
}

export interface RevokeAllInput extends RevokeInput {
  /** Only this regime's permissions; all regimes when absent (X-1). */
  regime?: string;
}

/** Which active grants a revocation ends; every field given narrows it. */
export interface RevokeMatch {
  regime?: string;
  personId?: string;
  agencyId?: string;
  role?: string;
  /** Service item ids (`KH_BLI:C0101`). */
  serviceItemIds?: string[];
}

/**
 * Ends every active grant that matches, in one statement: a person's in a regime, an agency's, one
 * role, some items (Kaohsiung's items withdrawn above a querier, KH-5.2). Idempotent: what is already
 * revoked is not matched again. A match of nothing at all is refused, so no call ends the whole ledger.
 */
export async function revokeMatching(tx: DbOrTx, match: RevokeMatch, input: RevokeInput): Promise<PermissionRow[]> {
  if (!input.reason.trim()) new Violations().add('reason', 'a revocation needs a reason').throwIfAny();
  if (!match.personId && !match.agencyId && !match.serviceItemIds) throw new Error('revokeMatching needs a person, an agency or items');
  if (match.serviceItemIds && !match.serviceItemIds.length) return [];
  return tx
    .update(permissions)
    .set({ status: 'REVOKED', revokedAt: input.at, revokedById: input.revokedById, revokeReason: input.reason })
    .where(
      and(
        eq(permissions.status, 'ACTIVE'),
        match.regime ? eq(permissions.regimeCode, match.regime) : undefined,
        match.personId ? eq(permissions.personId, match.personId) : undefined,
        match.agencyId ? eq(permissions.agencyId, match.agencyId) : undefined,
        match.role ? eq(permissions.role, match.role) : undefined,
        match.serviceItemIds ? inArray(permissions.serviceItemId, match.serviceItemIds) : undefined,
      ),
    )
    .returning();
}

/**
 * Ends everything a person holds (X-1 offboarding, TN-2.2 termination). Idempotent: a second call
 * finds nothing active and returns an empty list, changing nothing.
 */
export const revokeAllForPerson = (tx: DbOrTx, personId: string, input: RevokeAllInput): Promise<PermissionRow[]> =>
  revokeMatching(tx, { personId, ...(input.regime ? { regime: input.regime } : {}) }, input);

/** What a person holds now, in every regime or one. */
export async function activePermissions(tx: DbOrTx, personId: string, regime?: string): Promise<PermissionRow[]> {
  const filters = [eq(permissions.personId, personId), eq(permissions.status, 'ACTIVE')];
  if (regime) filters.push(eq(permissions.regimeCode, regime));
  return tx.select().from(permissions).where(and(...filters));
}

/**
 * Ends every active grant of a regime at an agency (TN-2.2: terminating an enrolment ends every
 * account under it). Idempotent like revokeAllForPerson.
 */
export const revokeAllAtAgency = (tx: DbOrTx, agencyId: string, regime: string, input: RevokeInput): Promise<PermissionRow[]> =>
  revokeMatching(tx, { agencyId, regime }, input);
