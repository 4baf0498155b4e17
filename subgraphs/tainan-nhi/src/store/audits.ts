import { randomBytes } from 'node:crypto';
import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import { tables } from '@webir/db';
import { pageByInstant } from '@webir/db/regime';
import { addYears, checkId, checkPastDay, dueAfter, forbidden, halfYearDays, notFound, previousHalfYear, ruleViolation, taipeiDay, Violations, yearDays, type PageArgs } from '@webir/kit';
import type { TnContext } from '../context.ts';
import { AGENCY_ADMIN, isAuditor, isChief, readableAgencies, readsRegime, REGIME } from './access.ts';

const { auditRecords, enrolments, agencies } = tables;
export type AuditRow = typeof auditRecords.$inferSelect;

/** 附件四's five checks, in the form's order. */
export const AUDIT_CHECKS = [
  '是否依規定辦理權限申請',
  '是否依規定建立核准使用者名冊',
  '使用者職務異動，是否依規定終止帳號使用權限',
  '定期稽核系統查詢資料使用範圍、使用頻率及使用欄位是否均合法目的之必要性',
  '處理個人資料之安全維護措施及資料安全管制作業',
] as const;

export type AuditKind = 'ANOMALY' | 'INTERNAL' | 'SUBORDINATE' | 'SPOT_CHECK';

export interface AuditInput {
  kind: AuditKind;
  agencyId: string;
  period?: string | null;
  auditUnit: string;
  auditedOn: string;
  checks: { check: number; result: 'PASS' | 'FAIL'; note?: string | null }[];
  previousFollowUp?: string | null;
  findings?: string | null;
  recommendations?: string | null;
  investigators?: { unit: 'BUSINESS' | 'ETHICS' | 'IT'; personId: string }[] | null;
  usageRecordId?: string | null;
  notice?: string | null;
  auditeeId: string;
  auditeeHeadId: string;
  auditorId: string;
  auditorHeadId: string;
}

/** Who records which kind: each agency audits itself, the agency above audits it yearly, the Health Bureau spot-checks. */
async function assertAuthor(ctx: TnContext, kind: AuditKind, agencyId: string): Promise<void> {
  const { caller } = ctx;
  if (kind === 'SPOT_CHECK') {
    if (!isChief(caller) && !isAuditor(caller)) throw forbidden('Spot checks are the Health Bureau’s (TN-8.6): its chief administrator or auditor');
    return;
  }
  if (isAuditor(caller) && !isChief(caller)) throw ruleViolation('TN-7.4', 'the Health Bureau’s auditor records spot checks, not the agencies’ own audits');
  if (isChief(caller)) return;
  const agency = await ctx.loaders.agency.load(agencyId);
  const owner = kind === 'SUBORDINATE' ? agency?.parentId : agencyId;
  if (!owner || !caller.holds(REGIME, AGENCY_ADMIN, owner)) {
    throw forbidden(kind === 'SUBORDINATE' ? 'A yearly audit of a subordinate agency is recorded by the administrator of the agency above it (TN-8.3)' : 'An agency’s own audit is recorded by its administrator');
  }
}

export async function recordAudit(ctx: TnContext, input: AuditInput): Promise<AuditRow> {
  const v = new Violations();
  for (const field of ['agencyId', 'auditeeId', 'auditeeHeadId', 'auditorId', 'auditorHeadId'] as const) checkId(v, `input.${field}`, input[field]);
  checkId(v, 'input.usageRecordId', input.usageRecordId);
  if (!input.auditUnit.trim()) v.add('input.auditUnit', '稽核單位 is required');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.auditedOn)) v.add('input.auditedOn', 'a day, 2026-03-01');
  else checkPastDay('input.auditedOn', input.auditedOn, ctx.now(), v);
  // TN-F4: the five checks, each pass or fail, a failed one explained.
  const numbers = input.checks.map((c) => c.check).sort();
  if (JSON.stringify(numbers) !== JSON.stringify([1, 2, 3, 4, 5])) v.add('input.checks', 'all five checks of 附件四, numbered 1–5, once each');
  for (const c of input.checks) if (c.result === 'FAIL' && !c.note?.trim()) v.add('input.checks', `check ${c.check} failed: say how (辦理情形說明)`);
  const failed = input.checks.some((c) => c.result === 'FAIL');
  if (failed && !input.findings?.trim()) v.add('input.findings', 'a failed check needs the findings (稽核結果及建議)');
  if (input.kind === 'INTERNAL' && !/^\d{4}-H[12]$/.test(input.period ?? '')) v.add('input.period', 'an internal audit names its half-year, 2026-H1');
  if (input.kind === 'SUBORDINATE' && !/^\d{4}$/.test(input.period ?? '')) v.add('input.period', 'a yearly audit names its year, 2026');
  if (input.kind === 'SPOT_CHECK' && failed && !input.notice?.trim()) v.add('input.notice', 'TN-8.6: anomalies found in a spot check are notified to the agency');
  if (input.kind === 'ANOMALY') {
    // TN-8.2: business, ethics and IT units investigate together.
    const units = new Set((input.investigators ?? []).map((i) => i.unit));
    const persons = new Set((input.investigators ?? []).map((i) => i.personId));
    if (units.size !== 3 || persons.size < 3) v.add('input.investigators', 'TN-8.2: the business, ethics (政風) and IT units investigate together: one person of each');
    for (const i of input.investigators ?? []) checkId(v, 'input.investigators', i.personId);
  }
  v.throwIfAny();
  await assertAuthor(ctx, input.kind, input.agencyId);
  const signers = [input.auditeeId, input.auditeeHeadId, input.auditorId, input.auditorHeadId, ...(input.investigators ?? []).map((i) => i.personId)];
  const found = await ctx.loaders.person.loadMany(signers);
  if (found.some((p) => !p || p instanceof Error)) new Violations().add('input', 'every signer and investigator must be in the directory').throwIfAny();
  if (input.usageRecordId && !(await ctx.loaders.usageRecord.load(input.usageRecordId))) throw notFound('NhiUsageRecord', input.usageRecordId);

  const now = ctx.now();
  const [row] = await ctx.db
    .insert(auditRecords)
    .values({
      number: `F4-${input.auditedOn.replace(/-/g, '')}-${randomBytes(3).toString('hex').toUpperCase()}`,
      kind: input.kind,
      agencyId: input.agencyId,
      period: input.period ?? input.auditedOn,
      auditUnit: input.auditUnit.trim(),
      auditedOn: input.auditedOn,
      checks: input.checks.map((c) => ({ check: c.check, result: c.result, note: c.note?.trim() || null })).sort((a, b) => a.check - b.check),
      previousFollowUp: input.previousFollowUp?.trim() || null,
      findings: input.findings?.trim() || null,
      recommendations: input.recommendations?.trim() || null,
      investigators: input.investigators ?? null,
      usageRecordId: input.usageRecordId ?? null,
      notice: input.notice?.trim() || null,
      auditeeId: input.auditeeId,
      auditeeHeadId: input.auditeeHeadId,
      auditorId: input.auditorId,
      auditorHeadId: input.auditorHeadId,
      createdById: ctx.caller.id,
      createdAt: now,
      retainUntil: addYears(taipeiDay(now), 3), // TN-8.5
    })
    .returning();
  return row!;
}

/** The regime's readers see every audit; an agency's administrators see theirs and those under them. */
async function auditsWhere(ctx: TnContext, filter: AuditFilter): Promise<SQL | undefined> {
  const v = new Violations();
  checkId(v, 'agencyId', filter.agencyId);
  v.throwIfAny();
  const mine = ctx.caller.administeredAgencyIds().length ? [...(await ctx.caller.scope()).read] : [];
  const scope: SQL | undefined = readsRegime(ctx.caller) ? undefined : or(eq(auditRecords.createdById, ctx.caller.id), mine.length ? inArray(auditRecords.agencyId, mine) : undefined);
  return and(scope, filter.agencyId ? eq(auditRecords.agencyId, filter.agencyId) : undefined, filter.kind ? eq(auditRecords.kind, filter.kind) : undefined);
}

export async function listAudits(ctx: TnContext, filter: AuditFilter) {
  return ctx.db
    .select()
    .from(auditRecords)
    .where(await auditsWhere(ctx, filter))
    .orderBy(auditRecords.auditedOn, auditRecords.number);
}

/** The same audits, oldest recorded first, a page at a time. */
export async function auditsPage(ctx: TnContext, filter: AuditFilter, args: PageArgs) {
  return pageByInstant<AuditRow>(ctx.db, auditRecords, auditRecords.createdAt, (r) => r.createdAt, await auditsWhere(ctx, filter), args);
}

type AuditFilter = { agencyId?: string | null; kind?: string | null };

export interface AuditDue {
  agencyId: string;
  kind: 'INTERNAL' | 'SUBORDINATE';
  period: string;
  dueOn: string;
  overdue: boolean;
}

/**
 * TN-8.3: on a day, every enrolled agency's internal audit of the last ended half-year, and every
 * enrolled second-level agency's yearly audit by the agency above, for the last ended year; due by
 * the end of the period's following month.
 */
export async function auditsDue(ctx: TnContext, on: string): Promise<AuditDue[]> {
  // TN-7.4: what falls due at the agencies the caller reads.
  const readable = await readableAgencies(ctx.caller);
  const enrolled = (await ctx.db
    .select({ id: agencies.id, level: agencies.level, parentId: agencies.parentId })
    .from(enrolments)
    .innerJoin(agencies, eq(agencies.id, enrolments.agencyId))
    .where(eq(enrolments.status, 'ACTIVE'))).filter((e) => !readable || readable.has(e.id));
  if (!enrolled.length) return [];
  const half = previousHalfYear(on);
  const halfDue = dueAfter(halfYearDays(half).end);
  const lastYear = String(Number(on.slice(0, 4)) - 1);
  const yearDue = dueAfter(yearDays(lastYear).end);
  const done = await ctx.db
    .select({ agencyId: auditRecords.agencyId, kind: auditRecords.kind, period: auditRecords.period })
    .from(auditRecords)
    .where(and(inArray(auditRecords.agencyId, enrolled.map((e) => e.id)), inArray(auditRecords.period, [half, lastYear])));
  const has = (agencyId: string, kind: string, period: string) => done.some((d) => d.agencyId === agencyId && d.kind === kind && d.period === period);
  const due: AuditDue[] = [];
  for (const agency of enrolled) {
    if (!has(agency.id, 'INTERNAL', half)) due.push({ agencyId: agency.id, kind: 'INTERNAL', period: half, dueOn: halfDue, overdue: on > halfDue });
    if (agency.level === 'SECOND_LEVEL' && !has(agency.id, 'SUBORDINATE', lastYear)) due.push({ agencyId: agency.id, kind: 'SUBORDINATE', period: lastYear, dueOn: yearDue, overdue: on > yearDue });
  }
  return due;
}

