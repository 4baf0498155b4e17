import DataLoader from 'dataloader';
import { and, eq, gte, inArray, lt, ne } from 'drizzle-orm';
import { tables, type Db } from '@webir/db';
import { addDays, listLoader, rowLoader, taipeiMidnight } from '@webir/kit';

const { khRequestingAgencies, khItemHoldings, khForms, khFormSignoffs, khAccounts, khRegistrations, khPrintouts, khUsageRecords, khAudits, agencies, people, permissions } = tables;

export type FormRow = typeof khForms.$inferSelect;
export type RegistrationRow = typeof khRegistrations.$inferSelect;
export type AccountRow = typeof khAccounts.$inferSelect;
export type HoldingRow = typeof khItemHoldings.$inferSelect;
export type AuditRow = typeof khAudits.$inferSelect;
export type UsageRecordRow = typeof khUsageRecords.$inferSelect;
export type RequestingAgencyRow = typeof khRequestingAgencies.$inferSelect;

/** Per request: every reference and list by parent is one batched statement. */
export function createLoaders(db: Db) {
  return {
    /** An agency's approvals, oldest first: the last is the current one or the last withdrawn. */
    approvalsOfAgency: listLoader<string, RequestingAgencyRow>(
      (ids) => db.select().from(khRequestingAgencies).where(inArray(khRequestingAgencies.agencyId, [...ids])).orderBy(khRequestingAgencies.createdAt),
      (r) => r.agencyId,
    ),
    itemsOfAgency: listLoader<string, HoldingRow>(
      (ids) =>
        db
          .select()
          .from(khItemHoldings)
          .where(and(inArray(khItemHoldings.agencyId, [...ids]), eq(khItemHoldings.status, 'ACTIVE')))
          .orderBy(khItemHoldings.item),
      (r) => r.agencyId!,
    ),
    form: rowLoader<string, FormRow>((ids) => db.select().from(khForms).where(inArray(khForms.id, [...ids])), (r) => r.id),
    formsOfAgency: listLoader<string, FormRow>((ids) => db.select().from(khForms).where(inArray(khForms.agencyId, [...ids])).orderBy(khForms.createdAt), (r) => r.agencyId),
    signoffs: listLoader<string, typeof khFormSignoffs.$inferSelect>(
      (ids) => db.select().from(khFormSignoffs).where(inArray(khFormSignoffs.applicationId, [...ids])).orderBy(khFormSignoffs.step),
      (r) => r.applicationId,
    ),
    accountsOfPerson: listLoader<string, AccountRow>((ids) => db.select().from(khAccounts).where(inArray(khAccounts.personId, [...ids])).orderBy(khAccounts.createdAt), (r) => r.personId),
    registration: rowLoader<string, RegistrationRow>((ids) => db.select().from(khRegistrations).where(inArray(khRegistrations.id, [...ids])), (r) => r.id),
    registrationsOfRequester: listLoader<string, RegistrationRow>(
      (ids) => db.select().from(khRegistrations).where(inArray(khRegistrations.requesterId, [...ids])).orderBy(khRegistrations.requestedAt),
      (r) => r.requesterId,
    ),
    /** KH-3.5: each registration's print-outs, in the order they were recorded. */
    printoutsOfRegistration: listLoader<string, typeof khPrintouts.$inferSelect>(
      (ids) => db.select().from(khPrintouts).where(inArray(khPrintouts.registrationId, [...ids])).orderBy(khPrintouts.recordedAt, khPrintouts.id),
      (r) => r.registrationId!,
    ),
    auditsOfAgency: listLoader<string, AuditRow>((ids) => db.select().from(khAudits).where(inArray(khAudits.agencyId, [...ids])).orderBy(khAudits.auditedOn), (r) => r.agencyId),
    /** The ledger row (read, never written here) to find the form that granted it. */
    permission: rowLoader<string, typeof permissions.$inferSelect>((ids) => db.select().from(permissions).where(inArray(permissions.id, [...ids])), (r) => r.id),
    /**
     * The unmatched queries of each check's agency and period (KH-6.1): one statement for every check
     * on the page, over the span they cover, split per check in memory.
     */
    findingsOfPeriod: new DataLoader<{ agencyId: string; start: string; end: string }, UsageRecordRow[], string>(
      async (keys) => {
        const from = keys.reduce((m, k) => (k.start < m ? k.start : m), keys[0]!.start);
        const to = keys.reduce((m, k) => (k.end > m ? k.end : m), keys[0]!.end);
        const rows = await db
          .select()
          .from(khUsageRecords)
          .where(
            and(
              inArray(khUsageRecords.agencyId, [...new Set(keys.map((k) => k.agencyId))]),
              ne(khUsageRecords.finding, 'NONE'),
              gte(khUsageRecords.queriedAt, taipeiMidnight(from)),
              lt(khUsageRecords.queriedAt, taipeiMidnight(addDays(to, 1))),
            ),
          )
          .orderBy(khUsageRecords.queriedAt);
        return keys.map((k) => rows.filter((r) => r.agencyId === k.agencyId && r.queriedAt >= taipeiMidnight(k.start) && r.queriedAt < taipeiMidnight(addDays(k.end, 1))));
      },
      { cacheKeyFn: (k) => `${k.agencyId}|${k.start}|${k.end}` },
    ),
    /** Directory rows this regime reads (never writes). */
    agency: rowLoader<string, typeof agencies.$inferSelect>((ids) => db.select().from(agencies).where(inArray(agencies.id, [...ids])), (r) => r.id),
    person: rowLoader<string, typeof people.$inferSelect>((ids) => db.select().from(people).where(inArray(people.id, [...ids])), (r) => r.id),
  };
}

export type KhLoaders = ReturnType<typeof createLoaders>;
