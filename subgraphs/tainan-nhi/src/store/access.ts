import { forbidden, ruleViolation } from '@webir/kit';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Caller, Db } from '@webir/db';
import { queriesScope as sharedQueriesScope } from '@webir/db/regime';

/** This regime's role vocabulary (RULES.md, TN-3.1). */
export const REGIME = 'TN_NHI';
export const CHIEF_ADMIN = 'CHIEF_ADMIN';
export const AGENCY_ADMIN = 'AGENCY_ADMIN';
export const USER = 'USER';
export const AUDITOR = 'AUDITOR';
export const CITY = 'TAINAN';

export const isChief = (caller: Caller) => caller.holds(REGIME, CHIEF_ADMIN);
export const isAuditor = (caller: Caller) => caller.holds(REGIME, AUDITOR);
/** Reads the whole regime: the chief administrator and the Health Bureau's auditor (TN-7.4). */
export const readsRegime = (caller: Caller) => isChief(caller) || isAuditor(caller);

export function assertChief(caller: Caller, what: string): void {
  if (!isChief(caller)) throw forbidden(`${what}: only the NHI chief administrator (總管理者) may`);
}

/** An auditor reads everything and approves nothing (TN-7.4). */
export function assertNotAuditorOnly(caller: Caller, what: string): void {
  if (isAuditor(caller) && !isChief(caller)) throw ruleViolation('TN-7.4', `${what}: the Health Bureau's auditor reads but never acts`);
}

/** TN-7.4 as SQL, for the records of a person's queries (requests, usage): the regime kit's rule. */
export const queriesScope = (db: Db, caller: Caller, personColumn: AnyPgColumn, agencyColumn: AnyPgColumn) =>
  sharedQueriesScope(db, caller, readsRegime(caller), personColumn, agencyColumn, 'tree');

/**
 * TN-7.4 for records kept per agency (enrolments, what falls due): every agency for the regime's
 * readers (null), otherwise the agencies the caller administers (with those under them) and their own.
 * Another city's people reach no Tainan agency this way.
 */
export async function readableAgencies(caller: Caller): Promise<Set<string> | null> {
  if (readsRegime(caller)) return null;
  const agencies = new Set((await caller.scope()).read);
  if (caller.person.agencyId) agencies.add(caller.person.agencyId);
  return agencies;
}

/** Who is in the regime: holds any of its roles, or works at one of the city's agencies. */
export async function inRegime(caller: Caller, agencyCity: (agencyId: string) => Promise<string | null | undefined>): Promise<boolean> {
  if (caller.permissions.some((p) => p.regimeCode === REGIME)) return true;
  return caller.person.agencyId !== null && (await agencyCity(caller.person.agencyId)) === CITY;
}
