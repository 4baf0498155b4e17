import { eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { isUuid, type PageArgs } from '@webir/kit';
import type { CoreContext } from '../context.ts';
import { listAgencies, type AgencyFilter } from '../store/agencies.ts';
import { listPeople, type PersonFilter } from '../store/people.ts';
import { listPermissions, type PermissionFilter } from '../store/permissions.ts';
import { listReads, type ReadFilter } from '../store/pii-reads.ts';
import { visiblePerson } from './visibility.ts';

type Args<F> = PageArgs & { filter?: F | null };

export const Query = {
  me: (_: unknown, __: unknown, ctx: CoreContext) => ctx.caller.person,
  agency: (_: unknown, { id }: { id: string }, ctx: CoreContext) => (isUuid(id) ? ctx.loaders.agency.load(id) : null),
  agencyByCode: async (_: unknown, { code }: { code: string }, ctx: CoreContext) =>
    (await ctx.db.select().from(tables.agencies).where(eq(tables.agencies.code, code.trim().toUpperCase())))[0] ?? null,
  agencies: (_: unknown, { filter, ...page }: Args<AgencyFilter>, ctx: CoreContext) => listAgencies(ctx.db, filter ?? {}, page),
  person: async (_: unknown, { id }: { id: string }, ctx: CoreContext) => (isUuid(id) ? visiblePerson(ctx, id) : null),
  people: (_: unknown, { filter, ...page }: Args<PersonFilter>, ctx: CoreContext) => listPeople(ctx.db, ctx.cipher, ctx.caller, filter ?? {}, page),
  regimes: (_: unknown, __: unknown, ctx: CoreContext) => ctx.db.select().from(tables.regimes).orderBy(tables.regimes.code),
  regime: (_: unknown, { id }: { id: string }, ctx: CoreContext) => ctx.loaders.regime.load(id),
  permissions: (_: unknown, { filter, ...page }: Args<PermissionFilter>, ctx: CoreContext) => listPermissions(ctx.db, ctx.caller, filter ?? {}, page),
  unmaskedReads: (_: unknown, { filter, ...page }: Args<ReadFilter>, ctx: CoreContext) => listReads(ctx.db, ctx.caller, filter ?? {}, page),
};
