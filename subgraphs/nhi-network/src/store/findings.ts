import { and, asc, eq, lte, notInArray } from 'drizzle-orm';
import { tables } from '@webir/db';
import type { Finding } from '@webir/db/regime';
import { addDays, taipeiDay } from '@webir/kit';
import type { NwContext } from '../context.ts';
import type { UnitRow } from '../loaders.ts';
import { REGIME, runningSanction } from './access.ts';
import { overdueImprovements } from './violations.ts';

const { nwSanctions, nwUnits, nwApplications } = tables;

/** Applications that no longer stand: refused, or revoked by a ban (as applications.ts counts them). */
const CLOSED = ['REJECTED', 'REVOKED'];

/** Whom a finding about a unit names: its owner (負責人), else its contact; both are core People. */
const personOf = (unit: Pick<UnitRow, 'ownerId' | 'contactId'>) => unit.ownerId ?? unit.contactId ?? null;

const finding = (f: Omit<Finding, 'regime' | 'agencyId' | 'severity'>): Finding => ({
  regime: REGIME,
  // A network applicant is not an agency of the directory (the regime is national).
  agencyId: null,
  severity: 'HIGH',
  ...f,
});

/**
 * NW-8.4: every unit under a running ban (disconnected after an inspection, no application for two
 * years), one finding a unit. A second inspection during a ban adds a second disconnection; the unit
 * is then banned from the first's start to the later end, and the finding is about the later one.
 */
export async function bannedUnits(ctx: Pick<NwContext, 'db'>, on: string): Promise<Finding[]> {
  const rows = await ctx.db
    .select({ sanction: nwSanctions, unit: { name: nwUnits.name, ownerId: nwUnits.ownerId, contactId: nwUnits.contactId } })
    .from(nwSanctions)
    .innerJoin(nwUnits, eq(nwUnits.id, nwSanctions.unitId))
    .where(and(eq(nwSanctions.kind, 'DISCONNECTION'), lte(nwSanctions.fromOn, on)))
    .orderBy(asc(nwUnits.name), asc(nwSanctions.unitId), asc(nwSanctions.fromOn), asc(nwSanctions.id));
  const byUnit = new Map<string, typeof rows>();
  for (const r of rows) if (on < r.sanction.untilOn) byUnit.set(r.sanction.unitId, [...(byUnit.get(r.sanction.unitId) ?? []), r]);
  return [...byUnit.values()].map((running) => {
    const first = running[0]!;
    const last = running.reduce((a, b) => (b.sanction.untilOn > a.sanction.untilOn ? b : a));
    return finding({
      rule: 'NW-8.4',
      kind: 'BANNED_APPLICANT',
      personId: personOf(first.unit),
      since: first.sanction.fromOn,
      summary: `${first.unit.name} was disconnected after the inspection of ${first.sanction.fromOn} and may not apply to the network again before ${last.sanction.untilOn}`,
      recordId: last.sanction.id,
    });
  });
}

/**
 * NW-8.4: an application a unit made during its ban, still standing. The store refuses one started or
 * submitted while the unit is banned, but an inspection is recorded after the day it took place, so a
 * ban can begin before applications made in the days between: such an application is to be refused.
 * A draft counts (the store refuses to start one during a ban), a refused or revoked one does not.
 */
export async function applicationsDuringBans(ctx: Pick<NwContext, 'db'>, on: string): Promise<Finding[]> {
  const rows = await ctx.db
    .select({
      application: { id: nwApplications.id, number: nwApplications.number, status: nwApplications.status, createdAt: nwApplications.createdAt, submittedAt: nwApplications.submittedAt },
      ban: { fromOn: nwSanctions.fromOn, untilOn: nwSanctions.untilOn },
      unit: { name: nwUnits.name, ownerId: nwUnits.ownerId, contactId: nwUnits.contactId },
    })
    .from(nwApplications)
    .innerJoin(nwSanctions, and(eq(nwSanctions.unitId, nwApplications.unitId), eq(nwSanctions.kind, 'DISCONNECTION')))
    .innerJoin(nwUnits, eq(nwUnits.id, nwApplications.unitId))
    .where(and(notInArray(nwApplications.status, CLOSED), lte(nwSanctions.fromOn, on)))
    .orderBy(asc(nwApplications.createdAt), asc(nwApplications.id), asc(nwSanctions.fromOn));
  const out = new Map<string, Finding>();
  for (const { application, ban, unit } of rows) {
    if (out.has(application.id)) continue;
    // The day it was started, or submitted (applied), whichever fell within the ban first.
    const day = [application.createdAt, application.submittedAt]
      .filter((t): t is Date => !!t)
      .map(taipeiDay)
      .find((d) => ban.fromOn <= d && d < ban.untilOn && d <= on);
    if (!day) continue;
    out.set(
      application.id,
      finding({
        rule: 'NW-8.4',
        kind: 'BANNED_APPLICANT',
        personId: personOf(unit),
        since: day,
        summary: `${unit.name} made application ${application.number} (${application.status.toLowerCase()}) on ${day}, during its ban from ${ban.fromOn} to ${ban.untilOn}: it is to be refused`,
        recordId: application.id,
      }),
    );
  }
  return [...out.values()];
}

/**
 * NW-8.2: a confirmed violation whose improvement deadline passed before `on` unremedied and whose
 * suspension has not been decided (enforceNetworkDeadlines has not run for it): the NHI must suspend
 * the unit's lines. The reviewer-only listing of the store, then the units and their sanctions
 * through the loaders (one statement each, for every unit at once).
 */
export async function unenforcedDeadlines(ctx: NwContext, on: string): Promise<Finding[]> {
  const overdue = await overdueImprovements(ctx, on);
  const units = await Promise.all(overdue.map((v) => ctx.loaders.unit.load(v.unitId)));
  const sanctions = await Promise.all(overdue.map((v) => ctx.loaders.sanctionsOfUnit.load(v.unitId)));
  return overdue.flatMap((v, i) => {
    const unit = units[i]!;
    const ofUnit = sanctions[i]!;
    // A violation still CONFIRMED has no sanction of its own; the check keeps that true if the store changes.
    if (ofUnit.some((s) => s.violationId === v.id)) return [];
    const running = runningSanction(ofUnit, on);
    const already = running ? `; its lines are ${running.kind === 'DISCONNECTION' ? 'disconnected' : 'suspended'} until ${running.untilOn} for another violation, which does not replace this suspension` : '';
    return [
      finding({
        rule: 'NW-8.2',
        kind: 'SUSPENSION_NOT_ENFORCED',
        personId: personOf(unit),
        since: addDays(v.improvementDeadline!, 1),
        summary: `${unit.name} did not remedy ${v.kind} by ${v.improvementDeadline}, and its lines have not been suspended (at least two years)${already}`,
        recordId: v.id,
      }),
    ];
  });
}
