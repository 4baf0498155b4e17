import { DateScalar, DateTimeScalar, isUuid, type PageArgs } from '@webir/kit';
import type { ComplianceContext } from '../context.ts';
import type { OffboardingRow } from '../loaders.ts';
import { agencyCalendar, complianceCalendar, type CalendarFilter, type CalendarItem } from '../store/calendar.ts';
import { complianceFindings, type FindingFilter } from '../store/findings.ts';
import { listOffboardings, offboardingsPage, offboardPerson, runDueOffboardings, type OffboardInput } from '../store/offboarding.ts';
import { listPurgeRuns, purgeByHand, purgeRunsPage } from '../store/retention.ts';
import { roster, rosterCsv, type RosterFilter, type RosterRow } from '../store/roster.ts';

type Args<F> = PageArgs & { filter?: F | null };
const ref = (typename: 'Agency' | 'Person' | 'Permission', id: string | null | undefined) => (id ? { __typename: typename, id } : null);

/**
 * A person as a reference only when the caller may see them: the core subgraph answers nothing for
 * anyone else, and a reference it will not resolve would break the whole answer at the gateway. The
 * roster still names the grantor in `grantedByName`: who acted officially is part of the record.
 */
async function person(ctx: ComplianceContext, id: string | null | undefined) {
  const row = id ? await ctx.loaders.person.load(id) : null;
  return row && (await ctx.caller.canSeePerson(row)) ? ref('Person', row.id) : null;
}

// Thin resolvers: the rules live in ../store and in each regime's participant; references to core
// entities are keys the core subgraph resolves (and checks the caller may see).
export const resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query: {
    roster: (_: unknown, { filter, ...page }: Args<RosterFilter>, ctx: ComplianceContext) => roster(ctx, filter ?? {}, page),
    rosterCsv: (_: unknown, { filter }: { filter?: RosterFilter | null }, ctx: ComplianceContext) => rosterCsv(ctx, filter ?? {}),
    complianceCalendar: (_: unknown, { filter }: { filter?: CalendarFilter | null }, ctx: ComplianceContext) => complianceCalendar(ctx, filter ?? {}),
    complianceFindings: (_: unknown, { filter, ...page }: Args<FindingFilter>, ctx: ComplianceContext) => complianceFindings(ctx, filter ?? {}, page),
    offboardings: (_: unknown, { filter }: { filter?: { personId?: string | null; status?: string | null } | null }, ctx: ComplianceContext) => listOffboardings(ctx, filter ?? {}),
    purgeRuns: (_: unknown, { first }: { first: number }, ctx: ComplianceContext) => listPurgeRuns(ctx, first),
    offboardingsConnection: (_: unknown, { filter, ...page }: Args<{ personId?: string | null; status?: string | null }>, ctx: ComplianceContext) => offboardingsPage(ctx, filter ?? {}, page),
    purgeRunsConnection: (_: unknown, page: PageArgs, ctx: ComplianceContext) => purgeRunsPage(ctx, page),
  },
  Mutation: {
    offboardPerson: (_: unknown, { input }: { input: OffboardInput }, ctx: ComplianceContext) => offboardPerson(ctx, input),
    runDueOffboardings: (_: unknown, { on }: { on?: string | null }, ctx: ComplianceContext) => runDueOffboardings(ctx, on),
    purgeExpiredRecords: (_: unknown, { dryRun }: { dryRun: boolean }, ctx: ComplianceContext) => purgeByHand(ctx, dryRun),
  },
  RosterConnection: { totalCount: (c: { totalCount: () => Promise<number> }) => c.totalCount() },
  OffboardingConnection: { totalCount: (c: { totalCount: () => Promise<number> }) => c.totalCount() },
  PurgeRunConnection: { totalCount: (c: { totalCount: () => Promise<number> }) => c.totalCount() },
  RosterEntry: {
    permission: (r: RosterRow) => ref('Permission', r.id),
    person: (r: RosterRow, _: unknown, ctx: ComplianceContext) => person(ctx, r.personId),
    agency: (r: RosterRow) => ref('Agency', r.agencyId),
    grantedBy: (r: RosterRow, _: unknown, ctx: ComplianceContext) => person(ctx, r.grantedById),
    active: (r: RosterRow) => r.status === 'ACTIVE',
  },
  CalendarEntry: {
    agency: (e: CalendarItem) => ref('Agency', e.agencyId),
    mustAct: (e: CalendarItem) => ({ regime: e.regime, role: e.actorRole, agencyId: e.actorAgencyId }),
  },
  Actor: {
    agency: (a: { agencyId: string | null }) => ref('Agency', a.agencyId),
    // Only holders the caller may see: an agency administrator is told the Labour Bureau must act,
    // not who there does.
    people: async (a: { regime: string; role: string; agencyId: string | null }, _: unknown, ctx: ComplianceContext) =>
      (await Promise.all((await ctx.loaders.holders.load(a)).map((id) => person(ctx, id)))).filter((r) => r !== null),
  },
  Finding: {
    agency: (f: { agencyId: string | null }) => ref('Agency', f.agencyId),
    person: (f: { personId: string | null }, _: unknown, ctx: ComplianceContext) => person(ctx, f.personId),
  },
  Offboarding: {
    person: (o: OffboardingRow, _: unknown, ctx: ComplianceContext) => person(ctx, o.personId),
    recordedBy: (o: OffboardingRow, _: unknown, ctx: ComplianceContext) => person(ctx, o.recordedById),
  },
  PurgeRun: {
    by: (r: { byId: string | null }, _: unknown, ctx: ComplianceContext) => person(ctx, r.byId),
  },
  Agency: {
    __resolveReference: (r: { id: string }) => r,
    complianceCalendar: (a: { id: string }, { on }: { on?: string | null }, ctx: ComplianceContext) =>
      // Batched: a list of agencies asks each regime once, not once per agency (issue 11).
      isUuid(a.id) ? agencyCalendar(ctx, a.id, on ?? null) : [],
  },
  Person: {
    __resolveReference: (r: { id: string }) => r,
    offboardings: async (p: { id: string }, _: unknown, ctx: ComplianceContext) => {
      if (!isUuid(p.id)) return [];
      // The same visibility as the list: only of someone the caller may see.
      const person = await ctx.loaders.person.load(p.id);
      return person && (await ctx.caller.canSeePerson(person)) ? ctx.loaders.offboardingsOfPerson.load(p.id) : [];
    },
  },
};
