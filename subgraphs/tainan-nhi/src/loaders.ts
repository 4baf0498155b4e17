import { and, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { tables, type Db } from '@webir/db';
import { listLoader, monthDays, rowLoader, taipeiMidnight } from '@webir/kit';

const { enrolments, enrolmentReviews, applications, applicationSignoffs, queryRequests, agencies, people, samples, sampleItems, usageRecords, destructions, quarterlyReviews, auditRecords, permissions } = tables;

export type EnrolmentRow = typeof enrolments.$inferSelect;
export type ApplicationRow = typeof applications.$inferSelect;
export type QueryRequestRow = typeof queryRequests.$inferSelect;
export type AgencyRow = typeof agencies.$inferSelect;
export type PersonRow = typeof people.$inferSelect;

/** Per request (DESIGN.md, "Requests"): every reference and list by parent is one batched statement. */
export function createLoaders(db: Db) {
  return {
    enrolment: rowLoader<string, EnrolmentRow>((ids) => db.select().from(enrolments).where(inArray(enrolments.id, [...ids])), (r) => r.id),
    /** An agency's enrolments, newest first: the first is the active one or the last terminated. */
    enrolmentsOfAgency: listLoader<string, EnrolmentRow>(
      (ids) => db.select().from(enrolments).where(inArray(enrolments.agencyId, [...ids])).orderBy(enrolments.createdAt),
      (r) => r.agencyId,
    ),
    reviews: listLoader<string, typeof enrolmentReviews.$inferSelect>(
      (ids) => db.select().from(enrolmentReviews).where(inArray(enrolmentReviews.enrolmentId, [...ids])).orderBy(enrolmentReviews.reviewedOn),
      (r) => r.enrolmentId,
    ),
    application: rowLoader<string, ApplicationRow>((ids) => db.select().from(applications).where(inArray(applications.id, [...ids])), (r) => r.id),
    applicationsOfAgency: listLoader<string, ApplicationRow>(
      (ids) => db.select().from(applications).where(inArray(applications.agencyId, [...ids])).orderBy(applications.createdAt),
      (r) => r.agencyId,
    ),
    applicationsOfApplicant: listLoader<string, ApplicationRow>(
      (ids) => db.select().from(applications).where(inArray(applications.applicantId, [...ids])).orderBy(applications.createdAt),
      (r) => r.applicantId,
    ),
    signoffs: listLoader<string, typeof applicationSignoffs.$inferSelect>(
      (ids) => db.select().from(applicationSignoffs).where(inArray(applicationSignoffs.applicationId, [...ids])).orderBy(applicationSignoffs.step),
      (r) => r.applicationId,
    ),
    queryRequest: rowLoader<string, QueryRequestRow>((ids) => db.select().from(queryRequests).where(inArray(queryRequests.id, [...ids])), (r) => r.id),
    requestsOfRequester: listLoader<string, QueryRequestRow>(
      (ids) => db.select().from(queryRequests).where(inArray(queryRequests.requesterId, [...ids])).orderBy(queryRequests.requestedAt),
      (r) => r.requesterId,
    ),
    reviewsOfAgency: listLoader<string, typeof quarterlyReviews.$inferSelect>(
      (ids) => db.select().from(quarterlyReviews).where(inArray(quarterlyReviews.agencyId, [...ids])).orderBy(quarterlyReviews.quarter),
      (r) => r.agencyId,
    ),
    auditsOfAgency: listLoader<string, typeof auditRecords.$inferSelect>(
      (ids) => db.select().from(auditRecords).where(inArray(auditRecords.agencyId, [...ids])).orderBy(auditRecords.auditedOn),
      (r) => r.agencyId,
    ),
    /** The ledger row (read, never written here) to find the form that granted it. */
    permission: rowLoader<string, typeof permissions.$inferSelect>((ids) => db.select().from(permissions).where(inArray(permissions.id, [...ids])), (r) => r.id),
    destructions: listLoader<string, typeof destructions.$inferSelect>(
      (ids) => db.select().from(destructions).where(inArray(destructions.requestId, [...ids])).orderBy(destructions.destroyedOn),
      (r) => r.requestId,
    ),
    sample: rowLoader<string, typeof samples.$inferSelect>((ids) => db.select().from(samples).where(inArray(samples.id, [...ids])), (r) => r.id),
    sampleItems: listLoader<string, typeof sampleItems.$inferSelect>(
      (ids) => db.select().from(sampleItems).where(inArray(sampleItems.sampleId, [...ids])).orderBy(sampleItems.position),
      (r) => r.sampleId,
    ),
    /**
     * A sample's population (TN-8.1): the usage records of an agency in a month, keyed `agencyId|month`;
     * every sample of a page redrawn in one statement (issue 11).
     */
    population: listLoader<string, { key: string; id: string }>(async (keys) => {
      const asked = keys.map((k) => {
        const [agencyId, month] = k.split('|') as [string, string];
        const { start, end } = monthDays(month);
        return { key: k, agencyId, from: taipeiMidnight(start), to: taipeiMidnight(end) };
      });
      const key = sql<string>`(${usageRecords.agencyId}::text || '|' || to_char(${usageRecords.queriedAt} at time zone 'Asia/Taipei', 'YYYY-MM'))`;
      return db
        .select({ key, id: usageRecords.id })
        .from(usageRecords)
        .where(or(...asked.map((a) => and(eq(usageRecords.agencyId, a.agencyId), gte(usageRecords.queriedAt, a.from), lt(usageRecords.queriedAt, a.to)))));
    }, (r) => r.key),
    usageRecord: rowLoader<string, typeof usageRecords.$inferSelect>((ids) => db.select().from(usageRecords).where(inArray(usageRecords.id, [...ids])), (r) => r.id),
    /** Directory rows this regime reads (never writes): for routing and scope checks. */
    agency: rowLoader<string, AgencyRow>((ids) => db.select().from(agencies).where(inArray(agencies.id, [...ids])), (r) => r.id),
    person: rowLoader<string, PersonRow>((ids) => db.select().from(people).where(inArray(people.id, [...ids])), (r) => r.id),
  };
}

export type TnLoaders = ReturnType<typeof createLoaders>;
