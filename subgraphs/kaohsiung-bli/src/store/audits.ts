import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { tables } from '@webir/db';
import { formNumber, pageByInstant } from '@webir/db/regime';
import { addYears, checkId, checkPastDay, conflict, notFound, ruleViolation, Violations, type PageArgs } from '@webir/kit';
import type { KhContext } from '../context.ts';
import type { AuditRow } from '../loaders.ts';
import { administers, agencyScope, assertAdministers, assertLabourBureau, canSeeAgency, readsRegime } from './access.ts';
import { requestingOn, type Due } from './checks.ts';

const { khAudits, khRequestingAgencies } = tables;

export interface AuditInput {
  agencyId: string;
  year: number;
  auditedOn: string;
  findings: string;
  violations?: string[] | null;
  recommendation?: string | null;
}

/** KH-6.2: the Labour Bureau audits each requesting agency at least once a year. */
export async function recordAudit(ctx: KhContext, input: AuditInput): Promise<AuditRow> {
  assertLabourBureau(ctx.caller, 'KH-6.2', 'Auditing a requesting agency');
  const v = new Violations();
  checkId(v, 'input.agencyId', input.agencyId);
  checkPastDay('input.auditedOn', input.auditedOn, ctx.now(), v); // recorded once it is done, not ahead
  if (Number(input.auditedOn.slice(0, 4)) !== input.year) v.add('input.year', `an audit of ${input.year} is done in ${input.year}`);
  if (input.findings.trim().length < 4) v.add('input.findings', 'record what the audit found');
  const violations = (input.violations ?? []).map((x) => x.trim()).filter(Boolean);
  v.throwIfAny();
  const [approved] = await ctx.db.select().from(khRequestingAgencies).where(eq(khRequestingAgencies.agencyId, input.agencyId));
  if (!approved) throw ruleViolation('KH-6.2', 'the Labour Bureau audits requesting agencies (資訊需求機關); this agency is not one');
  const now = ctx.now();
  const [row] = await ctx.db
    .insert(khAudits)
    .values({
      number: formNumber('KA', now),
      agencyId: input.agencyId,
      year: input.year,
      auditedOn: input.auditedOn,
      auditorId: ctx.caller.id,
      findings: input.findings.trim(),
      violations,
      recommendation: input.recommendation?.trim() || null,
      createdAt: now,
      retainUntil: addYears(input.auditedOn, 3), // audits are kept three years
    })
    .returning();
  return row!;
}

async function loadAudit(ctx: KhContext, id: string): Promise<AuditRow> {
  const row = checkId(new Violations(), 'id', id) ? (await ctx.db.select().from(khAudits).where(eq(khAudits.id, id)))[0] : undefined;
  if (!row || !canSeeAgency(ctx.caller, row.agencyId)) throw notFound('KhAudit', id);
  return row;
}

/** KH-6.3: a violation found is corrected at once, by the agency. */
export async function correctAudit(ctx: KhContext, id: string, input: { correctedOn: string; correction: string }): Promise<AuditRow> {
  const audit = await loadAudit(ctx, id);
  assertAdministers(ctx.caller, audit.agencyId, 'KH-6.3', 'Recording the correction');
  if (!audit.violations.length) throw conflict('The audit found no violation to correct');
  if (audit.correctedOn) throw conflict('The correction is recorded already');
  const v = new Violations();
  if (input.correctedOn < audit.auditedOn) v.add('input.correctedOn', `after the audit (${audit.auditedOn})`);
  else checkPastDay('input.correctedOn', input.correctedOn, ctx.now(), v);
  if (input.correction.trim().length < 10) v.add('input.correction', 'describe what was corrected');
  v.throwIfAny();
  const [row] = await ctx.db.update(khAudits).set({ correctedOn: input.correctedOn, correction: input.correction.trim() }).where(and(eq(khAudits.id, id), isNull(khAudits.correctedOn))).returning();
  if (!row) throw conflict('The correction is recorded already');
  return row;
}

/** KH-6.3: then a review report to the Labour Bureau (研提相關檢討報告). */
export async function submitReviewReport(ctx: KhContext, id: string, input: { submittedOn: string; report: string }): Promise<AuditRow> {
  const audit = await loadAudit(ctx, id);
  assertAdministers(ctx.caller, audit.agencyId, 'KH-6.3', 'Submitting the review report');
  if (!audit.violations.length) throw conflict('The audit found no violation to report on');
  if (!audit.correctedOn) throw ruleViolation('KH-6.3', 'the violation is corrected first, then reported on');
  if (audit.reviewReportOn) throw conflict('The review report is submitted already');
  const v = new Violations();
  if (input.submittedOn < audit.correctedOn) v.add('input.submittedOn', `after the correction (${audit.correctedOn})`);
  else checkPastDay('input.submittedOn', input.submittedOn, ctx.now(), v);
  if (input.report.trim().length < 10) v.add('input.report', 'the report reviews what went wrong and what changes');
  v.throwIfAny();
  const [row] = await ctx.db.update(khAudits).set({ reviewReportOn: input.submittedOn, reviewReport: input.report.trim() }).where(and(eq(khAudits.id, id), isNull(khAudits.reviewReportOn))).returning();
  if (!row) throw conflict('The review report is submitted already');
  return row;
}

export async function listAudits(ctx: KhContext, args: { agencyId?: string | null; year?: number | null }): Promise<AuditRow[]> {
  const v = new Violations();
  checkId(v, 'agencyId', args.agencyId);
  v.throwIfAny();
  const rows = await ctx.db
    .select()
    .from(khAudits)
    .where(and(args.agencyId ? eq(khAudits.agencyId, args.agencyId) : undefined, args.year ? eq(khAudits.year, args.year) : undefined))
    .orderBy(asc(khAudits.auditedOn));
  return rows.filter((r) => canSeeAgency(ctx.caller, r.agencyId));
}

/** The same audits, oldest recorded first, a page at a time, scoped in SQL. */
export async function auditsPage(ctx: KhContext, args: { agencyId?: string | null; year?: number | null }, page: PageArgs) {
  const v = new Violations();
  checkId(v, 'agencyId', args.agencyId);
  v.throwIfAny();
  const where = and(agencyScope(ctx.caller, khAudits.agencyId), args.agencyId ? eq(khAudits.agencyId, args.agencyId) : undefined, args.year ? eq(khAudits.year, args.year) : undefined);
  return pageByInstant<AuditRow>(ctx.db, khAudits, khAudits.createdAt, (r) => r.createdAt, where, page);
}

/** KH-6.2: a year's audit is due by its last day (the calendar and auditsDue agree). */
export const auditDueOn = (year: number) => `${year}-12-31`;

/** KH-6.2 on a day: each requesting agency's audit of this year (due by 31 December), and any past year missed (overdue). */
export async function auditsDue(ctx: KhContext, on: string): Promise<Due[]> {
  const agencies = (await requestingOn(ctx, on)).filter((a) => readsRegime(ctx.caller) || administers(ctx.caller, a.agencyId));
  if (!agencies.length) return [];
  const done = await ctx.db.select({ agencyId: khAudits.agencyId, year: khAudits.year }).from(khAudits).where(inArray(khAudits.agencyId, agencies.map((a) => a.agencyId)));
  const audited = new Set(done.map((d) => `${d.agencyId}/${d.year}`));
  const thisYear = Number(on.slice(0, 4));
  const due: Due[] = [];
  for (const a of agencies) {
    for (let year = Number(a.approvedOn.slice(0, 4)); year <= thisYear; year++) {
      if (audited.has(`${a.agencyId}/${year}`)) continue;
      const dueOn = auditDueOn(year);
      due.push({ agencyId: a.agencyId, period: String(year), dueOn, status: on > dueOn ? 'OVERDUE' : 'DUE', rule: 'KH-6.2', actor: 'the Labour Bureau (權責管理機關)' });
    }
  }
  return due.sort((x, y) => x.dueOn.localeCompare(y.dueOn) || x.agencyId.localeCompare(y.agencyId));
}
