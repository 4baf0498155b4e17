import { desc, inArray } from 'drizzle-orm';
import { tables, type Caller, type Db } from '@webir/db';
import DataLoader from 'dataloader';
import { listLoader, rowLoader } from '@webir/kit';

const { agencies, agencyHeads, people, permissions, piiReads, regimes, serviceItems } = tables;

export type AgencyRow = typeof agencies.$inferSelect;
export type PersonRow = typeof people.$inferSelect;
export type PermissionRow = typeof permissions.$inferSelect;
export type RegimeRow = typeof regimes.$inferSelect;
export type ServiceItemRow = typeof serviceItems.$inferSelect;
export type AgencyHeadRow = typeof agencyHeads.$inferSelect;

/** Grants read as a roster: by regime, role and item, then in the order they were made. */
const ledgerOrder = [permissions.regimeCode, permissions.role, permissions.serviceItemId, permissions.grantedAt, permissions.id];

/** Built per request, so nothing cached outlives it or crosses callers. */
export function createLoaders(db: Db, reader: { caller: Caller; requestId: string; now: () => Date }) {
  return {
    /**
     * Unmasked-read log writes, batched: a page of 500 unmasked identifiers is one INSERT, not 500.
     * Not cached: every read is logged.
     */
    logPiiRead: new DataLoader<{ subjectId: string; reason: string }, true>(
      async (reads) => {
        const readAt = reader.now();
        await db.insert(piiReads).values(reads.map((r) => ({ ...r, readerId: reader.caller.id, field: 'nationalId', readAt, requestId: reader.requestId })));
        return reads.map(() => true as const);
      },
      { cache: false, maxBatchSize: 1000 },
    ),
    agency: rowLoader<string, AgencyRow>((ids) => db.select().from(agencies).where(inArray(agencies.id, [...ids])), (r) => r.id),
    children: listLoader<string, AgencyRow>(
      (ids) => db.select().from(agencies).where(inArray(agencies.parentId, [...ids])).orderBy(agencies.code),
      (r) => r.parentId!,
    ),
    /** Every head and delegate term of each agency, newest first (a handful per agency). */
    headTermsOfAgency: listLoader<string, AgencyHeadRow>(
      (ids) => db.select().from(agencyHeads).where(inArray(agencyHeads.agencyId, [...ids])).orderBy(desc(agencyHeads.since), agencyHeads.role, agencyHeads.id),
      (r) => r.agencyId,
    ),
    person: rowLoader<string, PersonRow>((ids) => db.select().from(people).where(inArray(people.id, [...ids])), (r) => r.id),
    peopleOfAgency: listLoader<string, PersonRow>(
      (ids) => db.select().from(people).where(inArray(people.agencyId, [...ids])).orderBy(people.name, people.id),
      (r) => r.agencyId!,
    ),
    staff: listLoader<string, PersonRow>(
      (ids) => db.select().from(people).where(inArray(people.supervisorId, [...ids])).orderBy(people.name, people.id),
      (r) => r.supervisorId!,
    ),
    /** Every grant of each person, both statuses: resolvers filter, so one statement serves all arguments. */
    permissionsOfPerson: listLoader<string, PermissionRow>(
      (ids) => db.select().from(permissions).where(inArray(permissions.personId, [...ids])).orderBy(...ledgerOrder),
      (r) => r.personId,
    ),
    permissionsAtAgency: listLoader<string, PermissionRow>(
      (ids) => db.select().from(permissions).where(inArray(permissions.agencyId, [...ids])).orderBy(...ledgerOrder),
      (r) => r.agencyId,
    ),
    permission: rowLoader<string, PermissionRow>((ids) => db.select().from(permissions).where(inArray(permissions.id, [...ids])), (r) => r.id),
    regime: rowLoader<string, RegimeRow>((codes) => db.select().from(regimes).where(inArray(regimes.code, [...codes])), (r) => r.code),
    serviceItem: rowLoader<string, ServiceItemRow>((ids) => db.select().from(serviceItems).where(inArray(serviceItems.id, [...ids])), (r) => r.id),
    itemsOfRegime: listLoader<string, ServiceItemRow>(
      (codes) => db.select().from(serviceItems).where(inArray(serviceItems.regimeCode, [...codes])).orderBy(serviceItems.position),
      (r) => r.regimeCode,
    ),
  };
}

export type CoreLoaders = ReturnType<typeof createLoaders>;
