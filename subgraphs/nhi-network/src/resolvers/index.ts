import { DateScalar, DateTimeScalar, isUuid, type Connection, type PageArgs } from '@webir/kit';
import type { NwContext } from '../context.ts';
import type { ApplicationRow, LineRow, SanctionRow, UnitRow, ViolationRow } from '../loaders.ts';
import { canSeeApplication, canSeeUnit, isReviewer, isStaff, membership } from '../store/access.ts';
import {
  approveApplication,
  createApplication,
  documentChecks,
  eligibilityOf,
  listApplications,
  rejectApplication,
  submitApplication,
  updateApplication,
  type ApplicationInput,
} from '../store/applications.ts';
import { IT_BUSINESS_ITEMS } from '../store/eligibility.ts';
import { activateLine, applyForLine, type LineInput } from '../store/lines.ts';
import { listUnits, recordGrandfathered, registerUnit, type GrandfatheredInput, type RegisterUnitInput } from '../store/units.ts';
import {
  confirmViolation,
  dismissViolation,
  enforceDeadlines,
  overdueImprovements,
  recordInspection,
  recordRemedy,
  reportViolation,
  type InspectionInput,
  type ReportInput,
} from '../store/violations.ts';

type Args<F> = PageArgs & { filter?: F | null };
const ref = (typename: 'Agency' | 'Person', id: string | null | undefined) => (id ? { __typename: typename, id } : null);
const connection = { totalCount: (c: Connection<unknown>) => c.totalCount() };

async function visibleUnits(ctx: NwContext, rows: UnitRow[]) {
  const keep = await Promise.all(rows.map((r) => canSeeUnit(ctx, r)));
  return rows.filter((_, i) => keep[i]);
}
async function visibleApplications(ctx: NwContext, rows: ApplicationRow[]) {
  const keep = await Promise.all(rows.map((r) => canSeeApplication(ctx, r)));
  return rows.filter((_, i) => keep[i]);
}
/** A unit's lines, violations and sanctions: for the NHI's reviewers and the unit's staff. */
const seesRecords = (ctx: NwContext, unit: UnitRow) => isReviewer(ctx.caller) || isStaff(ctx.caller, unit);

// Thin resolvers: rules live in ../store; references to core entities are keys the core subgraph resolves.
export const resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query: {
    nhiNetworkUnits: (_: unknown, { filter, ...page }: Args<{ kind?: string | null }>, ctx: NwContext) => listUnits(ctx.db, ctx.caller, filter ?? {}, page),
    nhiNetworkUnit: async (_: unknown, { id }: { id: string }, ctx: NwContext) => {
      const row = isUuid(id) ? await ctx.loaders.unit.load(id) : null;
      return row && (await canSeeUnit(ctx, row)) ? row : null;
    },
    nhiNetworkApplications: (_: unknown, { filter, ...page }: Args<{ unitId?: string | null; status?: string | null }>, ctx: NwContext) =>
      listApplications(ctx.db, ctx.caller, filter ?? {}, page),
    nhiNetworkApplication: async (_: unknown, { id }: { id: string }, ctx: NwContext) => {
      const row = isUuid(id) ? await ctx.loaders.application.load(id) : null;
      return row && (await canSeeApplication(ctx, row)) ? row : null;
    },
    nhiNetworkOverdueImprovements: (_: unknown, { on }: { on?: string | null }, ctx: NwContext) => overdueImprovements(ctx, on),
    nhiNetworkItBusinessItems: () => IT_BUSINESS_ITEMS,
  },
  Mutation: {
    registerNetworkUnit: (_: unknown, { input }: { input: RegisterUnitInput }, ctx: NwContext) => registerUnit(ctx, input),
    recordGrandfatheredNetworkUnit: (_: unknown, { input }: { input: GrandfatheredInput }, ctx: NwContext) => recordGrandfathered(ctx, input),
    createNetworkApplication: (_: unknown, { unitId, input }: { unitId: string; input: ApplicationInput }, ctx: NwContext) => createApplication(ctx, unitId, input),
    updateNetworkApplication: (_: unknown, { id, input }: { id: string; input: ApplicationInput }, ctx: NwContext) => updateApplication(ctx, id, input),
    submitNetworkApplication: (_: unknown, { id }: { id: string }, ctx: NwContext) => submitApplication(ctx, id),
    approveNetworkApplication: (_: unknown, { id, input }: { id: string; input: Parameters<typeof approveApplication>[2] }, ctx: NwContext) => approveApplication(ctx, id, input),
    rejectNetworkApplication: (_: unknown, { id, note }: { id: string; note: string }, ctx: NwContext) => rejectApplication(ctx, id, note),
    applyForNetworkLine: (_: unknown, { input }: { input: LineInput }, ctx: NwContext) => applyForLine(ctx, input),
    activateNetworkLine: (_: unknown, { id, on }: { id: string; on?: string | null }, ctx: NwContext) => activateLine(ctx, id, on),
    reportNetworkViolation: (_: unknown, { input }: { input: ReportInput }, ctx: NwContext) => reportViolation(ctx, input),
    confirmNetworkViolation: (_: unknown, { id, input }: { id: string; input: Parameters<typeof confirmViolation>[2] }, ctx: NwContext) => confirmViolation(ctx, id, input),
    dismissNetworkViolation: (_: unknown, { id, note }: { id: string; note: string }, ctx: NwContext) => dismissViolation(ctx, id, note),
    recordNetworkRemedy: (_: unknown, { id, remediedOn, note }: { id: string; remediedOn: string; note?: string | null }, ctx: NwContext) => recordRemedy(ctx, id, remediedOn, note),
    enforceNetworkDeadlines: (_: unknown, { on, years }: { on?: string | null; years?: number | null }, ctx: NwContext) => enforceDeadlines(ctx, on, years ?? 2),
    recordNetworkInspection: (_: unknown, { input }: { input: InspectionInput }, ctx: NwContext) => recordInspection(ctx, input),
  },
  NhiNetworkUnit: {
    __resolveReference: async ({ id }: { id: string }, ctx: NwContext) => {
      const row = await ctx.loaders.unit.load(id);
      return row && (await canSeeUnit(ctx, row)) ? row : null;
    },
    agency: (u: UnitRow) => ref('Agency', u.agencyId),
    owner: (u: UnitRow) => ref('Person', u.ownerId),
    contact: (u: UnitRow) => ref('Person', u.contactId),
    registeredBy: (u: UnitRow) => ref('Person', u.createdById),
    status: async (u: UnitRow, _: unknown, ctx: NwContext) => (await membership(ctx, u)).status,
    grandfathered: (u: UnitRow) => !!u.grandfatheredApprovedOn,
    sanctionedUntil: async (u: UnitRow, _: unknown, ctx: NwContext) => (await membership(ctx, u)).sanction?.untilOn ?? null,
    mayApplyFrom: async (u: UnitRow, _: unknown, ctx: NwContext) => {
      const { sanction } = await membership(ctx, u);
      return sanction?.kind === 'DISCONNECTION' ? sanction.untilOn : null;
    },
    applications: async (u: UnitRow, _: unknown, ctx: NwContext) => visibleApplications(ctx, await ctx.loaders.applicationsOfUnit.load(u.id)),
    lines: async (u: UnitRow, _: unknown, ctx: NwContext) => (seesRecords(ctx, u) ? ctx.loaders.linesOfUnit.load(u.id) : []),
    violations: async (u: UnitRow, _: unknown, ctx: NwContext) => (seesRecords(ctx, u) ? ctx.loaders.violationsOfUnit.load(u.id) : []),
    sanctions: async (u: UnitRow, _: unknown, ctx: NwContext) => (seesRecords(ctx, u) ? ctx.loaders.sanctionsOfUnit.load(u.id) : []),
  },
  NhiNetworkApplication: {
    __resolveReference: async ({ id }: { id: string }, ctx: NwContext) => {
      const row = await ctx.loaders.application.load(id);
      return row && (await canSeeApplication(ctx, row)) ? row : null;
    },
    unit: (a: ApplicationRow, _: unknown, ctx: NwContext) => ctx.loaders.unit.load(a.unitId),
    owner: (a: ApplicationRow) => ref('Person', a.ownerId),
    contact: (a: ApplicationRow) => ref('Person', a.contactId),
    reviewer: (a: ApplicationRow) => ref('Person', a.reviewerId),
    createdBy: (a: ApplicationRow) => ref('Person', a.createdById),
    clientCounts: (a: ApplicationRow) =>
      a.medicalCentres == null
        ? null
        : { medicalCentres: a.medicalCentres, regionalHospitals: a.regionalHospitals, districtHospitals: a.districtHospitals, clinics: a.clinics, pharmacies: a.pharmacies, other: a.otherClients },
    pledge: (a: ApplicationRow) => (a.pledgeServices ? { services: a.pledgeServices, signedOn: a.pledgeSignedOn } : null),
    // The application itself is only ever returned to its staff and the NHI's reviewers; the list is checked again.
    clients: async (a: ApplicationRow, _: unknown, ctx: NwContext) => ((await canSeeApplication(ctx, a)) ? ctx.loaders.clients.load(a.id) : null),
    clientCount: async (a: ApplicationRow, _: unknown, ctx: NwContext) => ((await canSeeApplication(ctx, a)) ? (await ctx.loaders.clients.load(a.id)).length : null),
    documents: async (a: ApplicationRow, _: unknown, ctx: NwContext) => documentChecks(a, await ctx.loaders.clients.load(a.id)),
    eligibility: (a: ApplicationRow, _: unknown, ctx: NwContext) => eligibilityOf(ctx, a),
  },
  NhiNetworkLine: {
    unit: (l: LineRow, _: unknown, ctx: NwContext) => ctx.loaders.unit.load(l.unitId),
  },
  NhiNetworkViolation: {
    unit: (v: ViolationRow, _: unknown, ctx: NwContext) => ctx.loaders.unit.load(v.unitId),
    confirmedBy: (v: ViolationRow) => ref('Person', v.confirmedById),
    recordedBy: (v: ViolationRow) => ref('Person', v.recordedById),
    // The reporter's identity is the NHI's to know, never the reported unit's.
    reporterName: (v: ViolationRow, _: unknown, ctx: NwContext) => (isReviewer(ctx.caller) ? v.reporterName : null),
    note: (v: ViolationRow) => v.closedNote,
    sanction: (v: ViolationRow, _: unknown, ctx: NwContext) => ctx.loaders.sanctionOfViolation.load(v.id),
  },
  NhiNetworkSanction: {
    unit: (s: SanctionRow, _: unknown, ctx: NwContext) => ctx.loaders.unit.load(s.unitId),
    from: (s: SanctionRow) => s.fromOn,
    until: (s: SanctionRow) => s.untilOn,
    line: (s: SanctionRow, _: unknown, ctx: NwContext) => (s.lineId ? ctx.loaders.line.load(s.lineId) : null),
    lines: async (s: SanctionRow, _: unknown, ctx: NwContext) => {
      const ids = s.lineIds.length ? s.lineIds : s.lineId ? [s.lineId] : [];
      return (await Promise.all(ids.map((id) => ctx.loaders.line.load(id)))).filter((l): l is LineRow => !!l);
    },
    violation: (s: SanctionRow, _: unknown, ctx: NwContext) => ctx.loaders.violation.load(s.violationId),
    decidedBy: (s: SanctionRow) => ref('Person', s.decidedById),
  },
  Agency: {
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    nhiNetworkMembership: async ({ id }: { id: string }, _: unknown, ctx: NwContext) =>
      (await visibleUnits(ctx, (await ctx.loaders.unitsOfAgency.load(id)).filter((u) => u.kind === 'GOVERNMENT_AGENCY')))[0] ?? null,
    nhiNetworkContractors: async ({ id }: { id: string }, _: unknown, ctx: NwContext) =>
      visibleUnits(ctx, (await ctx.loaders.unitsOfAgency.load(id)).filter((u) => u.kind === 'CONTRACTOR')),
  },
  Person: {
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    nhiNetworkRoles: async ({ id }: { id: string }, _: unknown, ctx: NwContext) => {
      if (id !== ctx.caller.id && !isReviewer(ctx.caller)) return [];
      const units = await ctx.loaders.unitsOfPerson.load(id);
      return units.flatMap((unit) => [
        ...(unit.ownerId === id ? [{ role: 'OWNER', unit }] : []),
        ...(unit.contactId === id ? [{ role: 'CONTACT', unit }] : []),
        ...(unit.createdById === id ? [{ role: 'REGISTRANT', unit }] : []),
      ]);
    },
  },
  NhiNetworkUnitConnection: connection,
  NhiNetworkApplicationConnection: connection,
};
