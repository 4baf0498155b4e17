import { and, eq, inArray } from 'drizzle-orm';
import { tables, type Db } from '@webir/db';
import { listLoader, rowLoader } from '@webir/kit';

const { khRequestingAgencies, khItemHoldings, khForms, khFormSignoffs, khAccounts, khRegistrations, khUsageRecords, khAudits, agencies, people, permissions } = tables;

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
    auditsOfAgency: listLoader<string, AuditRow>((ids) => db.select().from(khAudits).where(inArray(khAudits.agencyId, [...ids])).orderBy(khAudits.auditedOn), (r) => r.agencyId),
    /** The ledger row (read, never written here) to find the form that granted it. */
    permission: rowLoader<string, typeof permissions.$inferSelect>((ids) => db.select().from(permissions).where(inArray(permissions.id, [...ids])), (r) => r.id),
    /** Directory rows this regime reads (never writes). */
    agency: rowLoader<string, typeof agencies.$inferSelect>((ids) => db.select().from(agencies).where(inArray(agencies.id, [...ids])), (r) => r.id),
    person: rowLoader<string, typeof people.$inferSelect>((ids) => db.select().from(people).where(inArray(people.id, [...ids])), (r) => r.id),
  };
}

export type KhLoaders = ReturnType<typeof createLoaders>;
