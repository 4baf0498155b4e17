import { eq, inArray, or, type SQL } from 'drizzle-orm';
import { tables, type Caller } from '@webir/db';
import { forbidden, taipeiDay } from '@webir/kit';
import type { NwContext } from '../context.ts';
import type { ApplicationRow, SanctionRow, UnitRow } from '../loaders.ts';

const { nwUnits } = tables;

/** This regime's vocabulary: the NHI's reviewer is regime-wide (db/src/access/caller.ts). */
export const REGIME = 'NHI_NET';
export const REVIEWER = 'NHI_NETWORK_REVIEWER';

export const isReviewer = (caller: Caller) => caller.holds(REGIME, REVIEWER);

export function assertReviewer(caller: Caller, what: string): void {
  if (!isReviewer(caller)) throw forbidden(`${what}: only the NHI's network reviewers (健保署資訊組) may`);
}

export const today = (ctx: Pick<NwContext, 'now'>) => taipeiDay(ctx.now());

/** The unit's staff: its owner, its contact and whoever registered it. */
export const isStaff = (caller: Caller, unit: UnitRow) => [unit.ownerId, unit.contactId, unit.createdById].includes(caller.id);

/** SQL for the units a non-reviewer is staff of. */
export const staffScope = (caller: Caller): SQL => or(eq(nwUnits.ownerId, caller.id), eq(nwUnits.contactId, caller.id), eq(nwUnits.createdById, caller.id))!;

/**
 * Who sees a unit: the NHI's reviewers, its staff, and for an agency's membership (or its
 * contractors) the agency's people and those who administer it.
 */
export async function canSeeUnit(ctx: NwContext, unit: UnitRow): Promise<boolean> {
  const { caller } = ctx;
  if (isReviewer(caller) || isStaff(caller, unit)) return true;
  if (!unit.agencyId) return false;
  return caller.person.agencyId === unit.agencyId || (await caller.scope()).read.has(unit.agencyId);
}

/** SQL form of canSeeUnit, for lists. */
export async function unitScope(caller: Caller): Promise<SQL | undefined> {
  if (isReviewer(caller)) return undefined;
  const agencies = [...(await caller.scope()).read, ...(caller.person.agencyId ? [caller.person.agencyId] : [])];
  return or(staffScope(caller), agencies.length ? inArray(nwUnits.agencyId, agencies) : undefined);
}

/**
 * An application and its client list (附件三) are seen by the NHI's reviewers and the unit's staff
 * (and whoever started the draft); nobody else.
 */
export async function canSeeApplication(ctx: NwContext, application: ApplicationRow): Promise<boolean> {
  const { caller } = ctx;
  if (isReviewer(caller) || application.createdById === caller.id) return true;
  const unit = await ctx.loaders.unit.load(application.unitId);
  return !!unit && isStaff(caller, unit);
}

/** The sanction running on a day, if any: a ban (NW-8.4) before a suspension (NW-8.2). */
export function runningSanction(sanctions: SanctionRow[], day: string): SanctionRow | undefined {
  const running = sanctions.filter((s) => s.fromOn <= day && day < s.untilOn);
  return running.find((s) => s.kind === 'DISCONNECTION') ?? running.find((s) => s.kind === 'SUSPENSION');
}

export type MembershipStatus = 'REGISTERED' | 'APPLYING' | 'APPROVED' | 'SUSPENDED' | 'BANNED';

/** What a unit may do on a day, from its sanctions, its applications and its kind. */
export async function membership(ctx: NwContext, unit: UnitRow, day = today(ctx)): Promise<{ status: MembershipStatus; sanction?: SanctionRow }> {
  const sanction = runningSanction(await ctx.loaders.sanctionsOfUnit.load(unit.id), day);
  if (sanction) return { status: sanction.kind === 'DISCONNECTION' ? 'BANNED' : 'SUSPENDED', sanction };
  // NW-4.1: the other kinds were checked at registration and apply to the provider directly (五(一),(二)).
  if (unit.kind !== 'IT_SERVICE_UNIT' || unit.grandfatheredApprovedOn) return { status: 'APPROVED' };
  const applications = await ctx.loaders.applicationsOfUnit.load(unit.id);
  if (applications.some((a) => a.status === 'APPROVED')) return { status: 'APPROVED' };
  if (applications.some((a) => a.status === 'SUBMITTED')) return { status: 'APPLYING' };
  return { status: 'REGISTERED' };
}
