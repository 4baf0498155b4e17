import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { tables, type Caller, type Db, type DbOrTx } from '@webir/db';
import { queriesScope as sharedQueriesScope } from '@webir/db/regime';
import { forbidden, ruleViolation } from '@webir/kit';

/** This regime's vocabulary (RULES.md, KH-2.1). */
export const REGIME = 'KH_BLI';
export const IT_CENTRE = 'IT_CENTRE_ADMIN';
export const LABOUR_BUREAU = 'LABOUR_BUREAU_REVIEWER';
export const AGENCY_ADMIN = 'AGENCY_ADMIN';
export const QUERIER = 'QUERIER';

export const isItCentre = (caller: Caller) => caller.holds(REGIME, IT_CENTRE);
export const isLabourBureau = (caller: Caller) => caller.holds(REGIME, LABOUR_BUREAU);
/** KH-7: the IT centre and the Labour Bureau read the whole regime (to set up, review and audit). */
export const readsRegime = (caller: Caller) => isItCentre(caller) || isLabourBureau(caller);
/** A body of this regime: anyone holding one of its roles. */
export const inRegime = (caller: Caller) => caller.permissions.some((p) => p.regimeCode === REGIME);
export const administers = (caller: Caller, agencyId: string) => caller.holds(REGIME, AGENCY_ADMIN, agencyId);

export function assertItCentre(caller: Caller, rule: string, what: string): void {
  if (!isItCentre(caller)) throw ruleViolation(rule, `${what}: the IT centre (總管理機關) does this, and no other body`);
}
export function assertLabourBureau(caller: Caller, rule: string, what: string): void {
  if (!isLabourBureau(caller)) throw ruleViolation(rule, `${what}: the Labour Bureau (權責管理機關) does this, and no other body`);
}
export function assertAdministers(caller: Caller, agencyId: string, rule: string, what: string): void {
  if (!administers(caller, agencyId)) throw ruleViolation(rule, `${what}: the agency's own administrator (機關管理者) does this`);
}

/** The agencies the caller administers in this regime: their own, never those under it (KH-7). */
export const administeredHere = (caller: Caller) => caller.permissions.filter((p) => p.regimeCode === REGIME && p.role === AGENCY_ADMIN).map((p) => p.agencyId);

/**
 * KH-7, for the records of a person's queries (registrations, usage): an administrator reads their own
 * agency's only — an agency under it is a requesting agency of its own, with its own administrator.
 */
export const queriesScope = (db: Db, caller: Caller, personColumn: AnyPgColumn, agencyColumn: AnyPgColumn) =>
  sharedQueriesScope(db, caller, readsRegime(caller), personColumn, agencyColumn, administeredHere(caller));

/** KH-7 for an agency's records (forms, checks, audits): the regime's bodies and the agency's administrator. */
export const canSeeAgency = (caller: Caller, agencyId: string) => readsRegime(caller) || administers(caller, agencyId);

/** canSeeAgency as SQL over an agency column, for lists paged in the database: undefined when the caller reads every agency. */
export function agencyScope(caller: Caller, agencyColumn: AnyPgColumn): SQL | undefined {
  if (readsRegime(caller)) return undefined;
  const mine = administeredHere(caller);
  return mine.length ? inArray(agencyColumn, mine) : sql`false`;
}

export function assertCanSeeAgency(caller: Caller, agencyId: string, what: string): void {
  if (!canSeeAgency(caller, agencyId)) throw forbidden(`${what}: the IT centre, the Labour Bureau or the agency's administrator`);
}

/** KH-2.1: only an agency the Labour Bureau approved as a requesting agency holds accounts. */
export async function assertRequestingAgency(db: DbOrTx, agencyId: string, lock?: 'share'): Promise<void> {
  // `lock: 'share'` inside a transaction that grants: a withdrawal at the same moment waits for the
  // grant and ends it too, or, having withdrawn first, makes this refuse (KH-2.1).
  const query = db
    .select({ id: tables.khRequestingAgencies.id })
    .from(tables.khRequestingAgencies)
    .where(and(eq(tables.khRequestingAgencies.agencyId, agencyId), eq(tables.khRequestingAgencies.status, 'APPROVED')));
  const [row] = await (lock ? query.for(lock) : query);
  if (!row) throw ruleViolation('KH-2.1', 'the agency is not a requesting agency (資訊需求機關) approved by the Labour Bureau: it holds no BLI WebIR accounts');
}
