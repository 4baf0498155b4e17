import { and, eq, inArray } from 'drizzle-orm';
import { tables } from '@webir/db';
import { checkId, forbidden, maskPersonalId, toCsv, Violations } from '@webir/kit';
import type { TnContext } from '../context.ts';
import { AUDIT_CHECKS } from './audits.ts';
import { readsRegime, REGIME } from './access.ts';

const { permissions, people, serviceItems, auditRecords, queryRequests, usageRecords } = tables;

/**
 * TN-8.4: what an agency hands the NHI's auditors — the user roster, the audit records and the query
 * records — as CSV. Identifiers stay masked: the pack proves the process, not who was queried.
 */
export async function evidencePack(ctx: TnContext, agencyId: string) {
  const v = new Violations();
  checkId(v, 'agencyId', agencyId);
  v.throwIfAny();
  if (!readsRegime(ctx.caller) && !(ctx.caller.administeredAgencyIds().length && (await ctx.caller.scope()).read.has(agencyId))) {
    throw forbidden('The evidence pack: the agency’s administrators, the chief administrator and the auditor');
  }
  const mask = (enc: string | null) => (enc ? maskPersonalId(ctx.cipher.decrypt(enc)) : '');
  const [roster, audits, requests, usage] = await Promise.all([
    ctx.db
      .select({ name: people.name, enc: people.nationalIdEnc, account: people.myegovAccount, role: permissions.role, item: serviceItems.code, itemName: serviceItems.name, grantedAt: permissions.grantedAt, effectiveFrom: permissions.effectiveFrom, formType: permissions.formType, formId: permissions.formId })
      .from(permissions)
      .innerJoin(people, eq(people.id, permissions.personId))
      .leftJoin(serviceItems, eq(serviceItems.id, permissions.serviceItemId))
      .where(and(eq(permissions.agencyId, agencyId), eq(permissions.regimeCode, REGIME), eq(permissions.status, 'ACTIVE')))
      .orderBy(people.name, serviceItems.code),
    ctx.db.select().from(auditRecords).where(eq(auditRecords.agencyId, agencyId)).orderBy(auditRecords.auditedOn),
    ctx.db.select().from(queryRequests).where(eq(queryRequests.agencyId, agencyId)).orderBy(queryRequests.requestedAt),
    ctx.db.select().from(usageRecords).where(eq(usageRecords.agencyId, agencyId)).orderBy(usageRecords.queriedAt),
  ]);
  const names = new Map(
    (await ctx.db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, [...new Set(requests.flatMap((r) => [r.requesterId, r.approverId ?? r.requesterId]))].concat(['00000000-0000-0000-0000-000000000000'])))).map((p) => [p.id, p.name]),
  );
  return {
    rosterCsv: toCsv(
      ['name', 'national_id_masked', 'myegov_account', 'role', 'item', 'item_name', 'granted_at', 'access_opens_on', 'form_type', 'form_id'],
      roster.map((r) => [r.name, mask(r.enc), r.account, r.role, r.item, r.itemName, r.grantedAt.toISOString(), r.effectiveFrom, r.formType, r.formId]),
    ),
    auditsCsv: toCsv(
      ['number', 'kind', 'period', 'audited_on', 'audit_unit', ...AUDIT_CHECKS.map((_, i) => `check_${i + 1}`), 'findings', 'recommendations', 'notice'],
      audits.map((a) => [a.number, a.kind, a.period, a.auditedOn, a.auditUnit, ...a.checks.map((c) => `${c.result}${c.note ? `: ${c.note}` : ''}`), a.findings, a.recommendations, a.notice]),
    ),
    queryRequestsCsv: toCsv(
      ['number', 'requested_at', 'requester', 'subject_id_masked', 'items', 'purpose', 'legal_basis', 'status', 'approver', 'decided_at'],
      requests.map((r) => [r.number, r.requestedAt.toISOString(), names.get(r.requesterId), mask(r.subjectIdEnc), r.items.join(' '), r.purpose, r.legalBasis, r.status, r.approverId ? names.get(r.approverId) : '', r.decidedAt?.toISOString()]),
    ),
    usageCsv: toCsv(
      ['queried_at', 'myegov_account', 'item', 'subject_id_masked', 'request_number', 'finding'],
      usage.map((u) => [u.queriedAt.toISOString(), u.myegovAccount, u.item, mask(u.subjectIdEnc), u.requestNumber, u.finding]),
    ),
  };
}
