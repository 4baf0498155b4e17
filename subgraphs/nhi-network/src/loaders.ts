import { inArray, or } from 'drizzle-orm';
import { tables, type Db } from '@webir/db';
import { listLoader, rowLoader } from '@webir/kit';

const { nwUnits, nwApplications, nwClients, nwLines, nwViolations, nwSanctions } = tables;

export type UnitRow = typeof nwUnits.$inferSelect;
export type ApplicationRow = typeof nwApplications.$inferSelect;
export type ClientRow = typeof nwClients.$inferSelect;
export type LineRow = typeof nwLines.$inferSelect;
export type ViolationRow = typeof nwViolations.$inferSelect;
export type SanctionRow = typeof nwSanctions.$inferSelect;

/** Per request (DESIGN.md, "Requests"): every reference and list by parent is one batched statement. */
export function createLoaders(db: Db) {
  return {
    unit: rowLoader<string, UnitRow>((ids) => db.select().from(nwUnits).where(inArray(nwUnits.id, [...ids])), (r) => r.id),
    /** Units where a person is owner, contact or registrant: one statement for every person asked. */
    unitsOfPerson: new (class {
      private readonly loader = listLoader<string, { personId: string; unit: UnitRow }>(
        async (ids) => {
          const rows = await db
            .select()
            .from(nwUnits)
            .where(or(inArray(nwUnits.ownerId, [...ids]), inArray(nwUnits.contactId, [...ids]), inArray(nwUnits.createdById, [...ids])))
            .orderBy(nwUnits.createdAt);
          const asked = new Set(ids);
          return rows.flatMap((unit) =>
            [...new Set([unit.ownerId, unit.contactId, unit.createdById])].filter((id): id is string => !!id && asked.has(id)).map((personId) => ({ personId, unit })),
          );
        },
        (r) => r.personId,
      );
      load = async (personId: string) => (await this.loader.load(personId)).map((r) => r.unit);
    })(),
    unitsOfAgency: listLoader<string, UnitRow>(
      (ids) => db.select().from(nwUnits).where(inArray(nwUnits.agencyId, [...ids])).orderBy(nwUnits.createdAt),
      (r) => r.agencyId!,
    ),
    application: rowLoader<string, ApplicationRow>((ids) => db.select().from(nwApplications).where(inArray(nwApplications.id, [...ids])), (r) => r.id),
    applicationsOfUnit: listLoader<string, ApplicationRow>(
      (ids) => db.select().from(nwApplications).where(inArray(nwApplications.unitId, [...ids])).orderBy(nwApplications.createdAt),
      (r) => r.unitId,
    ),
    clients: listLoader<string, ClientRow>(
      (ids) => db.select().from(nwClients).where(inArray(nwClients.applicationId, [...ids])).orderBy(nwClients.position),
      (r) => r.applicationId,
    ),
    line: rowLoader<string, LineRow>((ids) => db.select().from(nwLines).where(inArray(nwLines.id, [...ids])), (r) => r.id),
    linesOfUnit: listLoader<string, LineRow>(
      (ids) => db.select().from(nwLines).where(inArray(nwLines.unitId, [...ids])).orderBy(nwLines.createdAt),
      (r) => r.unitId,
    ),
    violation: rowLoader<string, ViolationRow>((ids) => db.select().from(nwViolations).where(inArray(nwViolations.id, [...ids])), (r) => r.id),
    violationsOfUnit: listLoader<string, ViolationRow>(
      (ids) => db.select().from(nwViolations).where(inArray(nwViolations.unitId, [...ids])).orderBy(nwViolations.recordedAt),
      (r) => r.unitId,
    ),
    sanctionsOfUnit: listLoader<string, SanctionRow>(
      (ids) => db.select().from(nwSanctions).where(inArray(nwSanctions.unitId, [...ids])).orderBy(nwSanctions.fromOn),
      (r) => r.unitId,
    ),
    sanctionOfViolation: rowLoader<string, SanctionRow>((ids) => db.select().from(nwSanctions).where(inArray(nwSanctions.violationId, [...ids])), (r) => r.violationId),
  };
}

export type NwLoaders = ReturnType<typeof createLoaders>;
