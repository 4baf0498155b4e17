import { and, eq, inArray } from 'drizzle-orm';
import { tables } from '@webir/db';
import { checkId, checkPastDay, conflict, forbidden, notFound, ruleViolation, Violations } from '@webir/kit';
import type { NwContext } from '../context.ts';
import type { LineRow } from '../loaders.ts';
import { assertReviewer, isReviewer, isStaff, membership, today } from './access.ts';
import { sameAddress } from './text.ts';
import { assertNoBan, lockUnit } from './unit-lock.ts';
import { loadVisibleUnit } from './units.ts';

const { nwLines, nwApplications } = tables;

export const OPEN_LINE = ['APPLIED', 'ACTIVE', 'SUSPENDED'];

export interface LineInput {
  unitId: string;
  provider: string;
  connection: 'FIXED_BROADBAND' | 'LEASED_LINE' | 'WIRELESS';
  speed: string;
  installationAddress: string;
  sharedWith?: string[] | null;
  appliedOn?: string | null;
}

/**
 * NW-5.3: once approved, the unit applies to the network provider; recorded here. NW-6.1: never a
 * wireless line for an IT service unit; NW-6.2: one line per IT service unit, used by that unit
 * alone; NW-5.2: installed at the registered address. Grandfathered units follow the same (NW-8.5).
 */
export async function applyForLine(ctx: NwContext, input: LineInput): Promise<LineRow> {
  const v = new Violations();
  checkId(v, 'input.unitId', input.unitId);
  if (!input.provider.trim()) v.add('input.provider', 'name the network provider (健保資訊網路提供業者)');
  if (!input.speed.trim()) v.add('input.speed', 'the speed (連線速率) is the unit’s choice, but must be given');
  if (!input.installationAddress.trim()) v.add('input.installationAddress', 'the installation address (裝機地址) is required');
  checkPastDay('input.appliedOn', input.appliedOn, ctx.now(), v);
  v.throwIfAny();
  const unit = await loadVisibleUnit(ctx, input.unitId);
  if (!isStaff(ctx.caller, unit) && !isReviewer(ctx.caller)) throw forbidden('A line is applied for by the unit’s own staff');
  const { status, sanction } = await membership(ctx, unit);
  if (status === 'BANNED') throw ruleViolation('NW-8.4', `the unit was disconnected on ${sanction!.fromOn} and may not apply before ${sanction!.untilOn}`, { mayApplyFrom: sanction!.untilOn });
  if (status === 'SUSPENDED') throw ruleViolation('NW-8.2', `the unit's use of the network is suspended until ${sanction!.untilOn}`);
  if (status !== 'APPROVED') throw ruleViolation('NW-5.3', 'the unit applies to the network provider once the NHI’s reply approves its application');
  const it = unit.kind === 'IT_SERVICE_UNIT';
  if (it && input.connection === 'WIRELESS') throw ruleViolation('NW-6.1', 'an IT service unit may not apply for a wireless connection');
  if (input.sharedWith?.some((s) => s.trim())) {
    throw ruleViolation('NW-6.2', `the line is for ${unit.name} alone: no other unit may connect through it (${input.sharedWith.filter((s) => s.trim()).join(', ')})`);
  }
  let approvedApplicationId: string | null = null;
  if (it && !unit.grandfatheredApprovedOn) {
    const approved = (await ctx.loaders.applicationsOfUnit.load(unit.id)).find((a) => a.status === 'APPROVED')!;
    approvedApplicationId = approved.id;
    const registered = approved.registration!.address;
    if (!sameAddress(registered, input.installationAddress)) throw ruleViolation('NW-5.2', `the line is installed at the registered company address, ${registered}`);
  }
  const appliedOn = input.appliedOn ?? today(ctx);
  await ctx.caller.scope();
  const row = await ctx.db.transaction(async (tx) => {
    // The unit's row locked, so two applications at once cannot both pass NW-6.2, and a sanction
    // recorded at the same moment is seen (NW-8.2, NW-8.4).
    assertNoBan(await lockUnit(tx, unit.id, today(ctx)), 'line');
    if (it) {
      const [open] = await tx.select().from(nwLines).where(and(eq(nwLines.unitId, unit.id), inArray(nwLines.status, OPEN_LINE)));
      if (open) throw ruleViolation('NW-6.2', `one line per IT service unit: ${unit.name} already has one (${open.status.toLowerCase()}, applied for on ${open.appliedOn})`, { lineId: open.id });
    }
    if (approvedApplicationId) {
      const [still] = await tx.select({ id: nwApplications.id }).from(nwApplications).where(and(eq(nwApplications.id, approvedApplicationId), eq(nwApplications.status, 'APPROVED')));
      if (!still) throw conflict('The approval changed meanwhile');
    }
    const [inserted] = await tx
      .insert(nwLines)
      .values({
        unitId: unit.id,
        applicationId: approvedApplicationId,
        provider: input.provider.trim(),
        connection: input.connection,
        speed: input.speed.trim(),
        installationAddress: input.installationAddress.trim(),
        status: 'APPLIED',
        appliedOn,
        createdById: ctx.caller.id,
        createdAt: ctx.now(),
      })
      .returning();
    return inserted!;
  });
  ctx.loaders.linesOfUnit.clear(unit.id);
  return row;
}

export async function activateLine(ctx: NwContext, id: string, on?: string | null): Promise<LineRow> {
  assertReviewer(ctx.caller, 'Recording a line’s installation');
  checkPastDay('on', on, ctx.now());
  const line = checkId(new Violations(), 'id', id) ? await ctx.loaders.line.load(id) : null;
  if (!line) throw notFound('NhiNetworkLine', id);
  if (line.status !== 'APPLIED') throw conflict(`The line is ${line.status.toLowerCase()}`);
  const [row] = await ctx.db
    .update(nwLines)
    .set({ status: 'ACTIVE', activatedOn: on ?? today(ctx) })
    .where(and(eq(nwLines.id, id), eq(nwLines.status, 'APPLIED')))
    .returning();
  if (!row) throw conflict('The line changed meanwhile');
  return row;
}
