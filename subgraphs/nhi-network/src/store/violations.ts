import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import { tables, type Tx } from '@webir/db';
import { addYears, checkId, checkPastDay, conflict, notFound, ruleViolation, Violations } from '@webir/kit';
import type { NwContext } from '../context.ts';
import type { SanctionRow, UnitRow, ViolationRow } from '../loaders.ts';
import { assertReviewer, today } from './access.ts';
import { OPEN_LINE } from './lines.ts';
import { lockUnit } from './unit-lock.ts';

const { nwViolations, nwSanctions, nwLines, nwApplications } = tables;

/** NW-8.2: a suspension lasts at least two years; NW-8.4: a ban on applying, two years. */
export const MIN_SUSPENSION_YEARS = 2;
export const BAN_YEARS = 2;

export const VIOLATION_KINDS = ['COMMERCIAL_ACTIVITY', 'SCANNING_OR_HARVESTING', 'THIRD_PARTY_ACCESS', 'TRAFFIC_INTERFERENCE', 'INTERNET_BRIDGE', 'OTHER_SECURITY', 'DUTY_NOT_MET'];

export interface ReportInput {
  unitId: string;
  kind: string;
  reporterName?: string | null;
  reporterContact?: string | null;
  description: string;
  occurredOn: string;
}

async function reviewerUnit(ctx: NwContext, unitId: string, what: string): Promise<UnitRow> {
  assertReviewer(ctx.caller, what);
  const unit = checkId(new Violations(), 'input.unitId', unitId) ? await ctx.loaders.unit.load(unitId) : null;
  if (!unit) throw notFound('NhiNetworkUnit', unitId);
  return unit;
}

/** NW-7: a report of forbidden use, recorded against the unit. */
export async function reportViolation(ctx: NwContext, input: ReportInput): Promise<ViolationRow> {
  assertReviewer(ctx.caller, 'Recording a violation');
  const v = new Violations();
  checkId(v, 'input.unitId', input.unitId);
  if (input.description.trim().length < 5) v.add('input.description', 'describe what was reported (at least 5 characters)');
  checkPastDay('input.occurredOn', input.occurredOn, ctx.now(), v); // a reported use cannot be in the future
  v.throwIfAny();
  const unit = await reviewerUnit(ctx, input.unitId, 'Recording a violation');
  const [row] = await ctx.db
    .insert(nwViolations)
    .values({
      unitId: unit.id,
      kind: input.kind,
      source: 'REPORT',
      reporterName: input.reporterName?.trim() || null,
      reporterContact: input.reporterContact?.trim() || null,
      description: input.description.trim(),
      occurredOn: input.occurredOn,
      status: 'REPORTED',
      recordedById: ctx.caller.id,
      recordedAt: ctx.now(),
    })
    .returning();
  return row!;
}

async function loadViolation(ctx: NwContext, id: string, what: string): Promise<ViolationRow> {
  assertReviewer(ctx.caller, what);
  const violation = checkId(new Violations(), 'id', id) ? await ctx.loaders.violation.load(id) : null;
  if (!violation) throw notFound('NhiNetworkViolation', id);
  return violation;
}

async function setViolation(ctx: NwContext, id: string, from: string[], set: Partial<ViolationRow>): Promise<ViolationRow> {
  const [row] = await ctx.db
    .update(nwViolations)
    .set(set)
    .where(and(eq(nwViolations.id, id), inArray(nwViolations.status, from)))
    .returning();
  if (!row) throw conflict('The violation changed meanwhile');
  ctx.loaders.violation.clear(id);
  return row;
}

/** NW-8.2: the NHI confirms a named report (經人員具名反映 … 經本署調查屬實) and sets a deadline (限期改善). */
export async function confirmViolation(ctx: NwContext, id: string, input: { improvementDeadline: string; confirmedOn?: string | null; note?: string | null }): Promise<ViolationRow> {
  const violation = await loadViolation(ctx, id, 'Confirming a violation');
  const confirmedOn = input.confirmedOn ?? today(ctx);
  const v = new Violations();
  if (input.improvementDeadline <= confirmedOn) v.add('input.improvementDeadline', `the deadline comes after the confirmation (${confirmedOn})`);
  if (confirmedOn < violation.occurredOn) v.add('input.confirmedOn', `a confirmation cannot precede the reported use (${violation.occurredOn})`);
  else checkPastDay('input.confirmedOn', confirmedOn, ctx.now(), v);
  v.throwIfAny();
  if (violation.status !== 'REPORTED') throw conflict(`The violation is already ${violation.status.toLowerCase()}`);
  if (!violation.reporterName) {
    throw ruleViolation('NW-8.2', 'only a named report (經人員具名反映) leads to an improvement deadline; an anonymous one can prompt an inspection (NW-8.4)');
  }
  return setViolation(ctx, id, ['REPORTED'], {
    status: 'CONFIRMED',
    confirmedById: ctx.caller.id,
    confirmedOn,
    improvementDeadline: input.improvementDeadline,
    closedNote: input.note?.trim() || null,
  });
}

export async function dismissViolation(ctx: NwContext, id: string, note: string): Promise<ViolationRow> {
  const violation = await loadViolation(ctx, id, 'Dismissing a violation');
  if (!note.trim()) new Violations().add('note', 'say why the report is dismissed').throwIfAny();
  if (violation.status !== 'REPORTED' && violation.status !== 'CONFIRMED') throw conflict(`The violation is already ${violation.status.toLowerCase()}`);
  return setViolation(ctx, id, ['REPORTED', 'CONFIRMED'], { status: 'DISMISSED', closedNote: note.trim() });
}

/** NW-8.2: remedied by the deadline; after it, the suspension is due instead. */
export async function recordRemedy(ctx: NwContext, id: string, remediedOn: string, note?: string | null): Promise<ViolationRow> {
  const violation = await loadViolation(ctx, id, 'Recording a remedy');
  if (violation.status !== 'CONFIRMED') throw conflict(`The violation is ${violation.status.toLowerCase()}: only a confirmed one awaits a remedy`);
  if (remediedOn < violation.confirmedOn!) new Violations().add('remediedOn', `the remedy follows the confirmation (${violation.confirmedOn})`).throwIfAny();
  checkPastDay('remediedOn', remediedOn, ctx.now());
  if (remediedOn > violation.improvementDeadline!) {
    throw ruleViolation('NW-8.2', `the improvement deadline ${violation.improvementDeadline} passed before the remedy (${remediedOn}): the line is suspended instead`);
  }
  return setViolation(ctx, id, ['CONFIRMED'], { status: 'REMEDIED', remediedOn, closedNote: note?.trim() || violation.closedNote });
}

/** NW-8.2: confirmed violations whose deadline passed before `on`, unremedied. */
export async function overdueImprovements(ctx: NwContext, on?: string | null): Promise<ViolationRow[]> {
  assertReviewer(ctx.caller, 'Listing overdue improvements');
  const day = on ?? today(ctx);
  return ctx.db
    .select()
    .from(nwViolations)
    .where(and(eq(nwViolations.status, 'CONFIRMED'), lt(nwViolations.improvementDeadline, day)))
    .orderBy(asc(nwViolations.improvementDeadline), asc(nwViolations.id));
}

async function sanction(
  tx: Tx,
  ctx: NwContext,
  unitId: string,
  violationId: string,
  kind: 'SUSPENSION' | 'DISCONNECTION',
  from: string,
  until: string,
  lineStatus: 'SUSPENDED' | 'DISCONNECTED',
  reason: string,
): Promise<SanctionRow> {
  // The unit's row locked first, as an application or a line takes it (NW-8.4): one made at the same
  // moment waits, then sees this sanction.
  await lockUnit(tx, unitId, from);
  // Every open line of the unit (a unit other than an IT service unit may hold several): all recorded.
  const lines = await tx
    .update(nwLines)
    .set({ status: lineStatus, endedOn: from, endReason: reason })
    .where(and(eq(nwLines.unitId, unitId), inArray(nwLines.status, OPEN_LINE)))
    .returning({ id: nwLines.id, createdAt: nwLines.createdAt });
  const lineIds = lines.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1)).map((l) => l.id);
  const [row] = await tx
    .insert(nwSanctions)
    .values({ unitId, violationId, lineId: lineIds[0] ?? null, lineIds, kind, rule: kind === 'SUSPENSION' ? 'NW-8.2' : 'NW-8.4', fromOn: from, untilOn: until, decidedById: ctx.caller.id, decidedAt: ctx.now() })
    .returning();
  return row!;
}

/** NW-8.2: every unit whose improvement deadline passed before `on` unremedied is suspended, at least two years. */
export async function enforceDeadlines(ctx: NwContext, on: string | null | undefined, years: number): Promise<SanctionRow[]> {
  assertReviewer(ctx.caller, 'Suspending lines');
  if (!Number.isInteger(years) || years < MIN_SUSPENSION_YEARS) {
    throw ruleViolation('NW-8.2', `a suspension lasts at least ${MIN_SUSPENSION_YEARS} years (停止…至少二年); got ${years}`);
  }
  // A suspension is decided on a day that has come: as of a later day, a line would be suspended
  // before its deadline had run out and a remedy made in time then refused.
  const day = on ?? today(ctx);
  if (day > today(ctx)) new Violations().add('on', `a suspension cannot be decided as of a day to come (today is ${today(ctx)})`).throwIfAny();
  const due = await overdueImprovements(ctx, day);
  if (!due.length) return [];
  return ctx.db.transaction(async (tx) => {
    const out: SanctionRow[] = [];
    for (const violation of due) {
      const [claimed] = await tx
        .update(nwViolations)
        .set({ status: 'SANCTIONED' })
        .where(and(eq(nwViolations.id, violation.id), eq(nwViolations.status, 'CONFIRMED')))
        .returning();
      if (!claimed) continue;
      out.push(await sanction(tx, ctx, violation.unitId, violation.id, 'SUSPENSION', day, addYears(day, years), 'SUSPENDED', `NW-8.2: not improved by ${violation.improvementDeadline}`));
    }
    return out;
  });
}

export interface InspectionInput {
  unitId: string;
  inspectedOn: string;
  findings: { kind: string; description: string }[];
}

/** NW-8.4: a violation found in an inspection disconnects the line at once and bars applications for two years. */
export async function recordInspection(ctx: NwContext, input: InspectionInput) {
  const v = new Violations();
  checkId(v, 'input.unitId', input.unitId);
  checkPastDay('input.inspectedOn', input.inspectedOn, ctx.now(), v); // an inspection cannot be in the future
  input.findings.forEach((f, i) => {
    if (f.description.trim().length < 5) v.add(`input.findings.${i}.description`, 'describe what was found (at least 5 characters)');
  });
  v.throwIfAny();
  const unit = await reviewerUnit(ctx, input.unitId, 'Recording an inspection');
  if (!input.findings.length) return { unit, inspectedOn: input.inspectedOn, violations: [], sanction: null };
  const result = await ctx.db.transaction(async (tx) => {
    const violations = await tx
      .insert(nwViolations)
      .values(
        input.findings.map((f) => ({
          unitId: unit.id,
          kind: f.kind,
          source: 'INSPECTION',
          description: f.description.trim(),
          occurredOn: input.inspectedOn,
          status: 'SANCTIONED',
          confirmedById: ctx.caller.id,
          confirmedOn: input.inspectedOn,
          recordedById: ctx.caller.id,
          recordedAt: ctx.now(),
        })),
      )
      .returning();
    const until = addYears(input.inspectedOn, BAN_YEARS);
    const row = await sanction(tx, ctx, unit.id, violations[0]!.id, 'DISCONNECTION', input.inspectedOn, until, 'DISCONNECTED', `NW-8.4: found in the inspection of ${input.inspectedOn}`);
    // The approval goes with the line: after the ban the unit applies anew (NW-8.4), and meanwhile
    // the revoked approval neither approves it nor counts as an open application.
    const revoked = await tx
      .update(nwApplications)
      .set({ status: 'REVOKED' })
      .where(and(eq(nwApplications.unitId, unit.id), eq(nwApplications.status, 'APPROVED')))
      .returning({ id: nwApplications.id });
    return { violations, sanction: row, revoked };
  });
  ctx.loaders.applicationsOfUnit.clear(unit.id);
  for (const { id } of result.revoked) ctx.loaders.application.clear(id);
  ctx.loaders.sanctionsOfUnit.clear(unit.id);
  ctx.loaders.linesOfUnit.clear(unit.id);
  ctx.loaders.violationsOfUnit.clear(unit.id);
  return { unit, inspectedOn: input.inspectedOn, violations: result.violations, sanction: result.sanction };
}
