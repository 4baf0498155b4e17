import { inArray } from 'drizzle-orm';
import { tables } from '@webir/db';
import { deleteByIds, purgeExpiredRecords, purgeLogPage, type Expired, type RetainedKind } from '@webir/db/regime';
import { forbidden, parsePage, taipeiDay, toConnection, type PageArgs } from '@webir/kit';
import type { KhContext } from '../context.ts';
import { isItCentre, readsRegime } from './access.ts';

const { khForms, khFormSignoffs, khRegistrations, khPrintouts, khUsageRecords, khUsageChecks, khAudits, khAccounts, khPurges } = tables;

/**
 * X-4 for Kaohsiung: forms a year after they are decided, registrations five years, print-out records five
 * years after the paper is destroyed, checks and audits three. Exported for the regime's participant (the
 * compliance subgraph's purge), which removes the same.
 */
export const KINDS: RetainedKind[] = [
  {
    kind: 'REGISTRATION',
    rule: 'X-4',
    table: khRegistrations,
    label: khRegistrations.number,
    remove: async (tx, ids) => {
      // Usage records outlive the registrations they matched: they keep the number, lose the link.
      await tx.update(khUsageRecords).set({ requestId: null }).where(inArray(khUsageRecords.requestId, ids));
      // So do the records of its print-outs (KH-3.5): a filed paper outlives the registration it came from.
      await tx.update(khPrintouts).set({ registrationId: null }).where(inArray(khPrintouts.registrationId, ids));
      await tx.delete(khRegistrations).where(inArray(khRegistrations.id, ids));
    },
  },
  {
    kind: 'FORM',
    rule: 'X-4',
    table: khForms,
    label: khForms.number,
    remove: async (tx, ids) => {
      // An account keeps standing after its form is gone: only the link goes.
      await tx.update(khAccounts).set({ formId: null }).where(inArray(khAccounts.formId, ids));
      await tx.delete(khFormSignoffs).where(inArray(khFormSignoffs.applicationId, ids));
      await tx.delete(khForms).where(inArray(khForms.id, ids));
    },
  },
  // KH-3.5: a print-out's record, five years after its destruction (none while the paper exists).
  { kind: 'PRINTOUT', rule: 'X-4', table: khPrintouts, label: khPrintouts.registrationNumber, remove: deleteByIds(khPrintouts) },
  { kind: 'USAGE_CHECK', rule: 'X-4', table: khUsageChecks, label: khUsageChecks.period, remove: deleteByIds(khUsageChecks) },
  { kind: 'AUDIT', rule: 'X-4', table: khAudits, label: khAudits.number, remove: deleteByIds(khAudits) },
];

export async function purge(ctx: KhContext, dryRun: boolean): Promise<Expired[]> {
  if (!isItCentre(ctx.caller)) throw forbidden('Purging records: the IT centre (總管理機關) only');
  return purgeExpiredRecords(ctx.db, khPurges, KINDS, { today: taipeiDay(ctx.now()), now: ctx.now(), byId: ctx.caller.id, dryRun });
}

export async function purgeLog(ctx: KhContext) {
  if (!readsRegime(ctx.caller)) return [];
  return ctx.db.select().from(khPurges).orderBy(khPurges.purgedAt, khPurges.kind);
}

/** The same log a page at a time (issue 11), empty for the same callers. */
export async function purgeLogConnection(ctx: KhContext, args: PageArgs) {
  if (!readsRegime(ctx.caller)) {
    const page = parsePage(args, 2);
    return toConnection([], page, () => [], async () => 0);
  }
  return purgeLogPage(ctx.db, khPurges, args);
}
