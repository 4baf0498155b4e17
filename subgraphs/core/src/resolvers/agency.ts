import { encodeCursor, parsePage, type PageArgs } from '@webir/kit';
import type { CoreContext } from '../context.ts';
import { taipeiDay } from '@webir/kit';
import type { AgencyHeadRow, AgencyRow, PermissionRow } from '../loaders.ts';
import { delegatesOn, headOn, visibleTerms } from '../store/heads.ts';
import { pick } from '../store/permissions.ts';
import { visibleOnly, visiblePerson } from './visibility.ts';

export const Agency = {
  __resolveReference: ({ id }: { id: string }, ctx: CoreContext) => ctx.loaders.agency.load(id),
  parent: (a: AgencyRow, _: unknown, ctx: CoreContext) => (a.parentId ? ctx.loaders.agency.load(a.parentId) : null),
  children: (a: AgencyRow, _: unknown, ctx: CoreContext) => ctx.loaders.children.load(a.id),
  /**
   * The agency's staff: one batched statement for every agency on the page, paged here. An agency's
   * staff is hundreds at most, so paging in memory is cheaper than a statement per agency.
   */
  people: async (a: AgencyRow, args: PageArgs, ctx: CoreContext) => {
    const page = parsePage<[string, string]>(args, 2);
    const all = await visibleOnly(ctx, await ctx.loaders.peopleOfAgency.load(a.id));
    const start = page.after ? all.findIndex((p) => [p.name, p.id].join('\u0000') === page.after!.join('\u0000')) + 1 : 0;
    const nodes = all.slice(start, start + page.limit);
    const edges = nodes.map((node) => ({ cursor: encodeCursor([node.name, node.id]), node }));
    return {
      edges,
      pageInfo: { hasNextPage: start + page.limit < all.length, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: async () => all.length,
    };
  },
  permissions: async (a: AgencyRow, args: { status?: PermissionRow['status']; regime?: string }, ctx: CoreContext) => {
    const rows = pick(await ctx.loaders.permissionsAtAgency.load(a.id), args);
    const holders = await ctx.loaders.person.loadMany(rows.map((r) => r.personId));
    const seen = await Promise.all(holders.map((p) => (p && !(p instanceof Error) ? ctx.caller.canSeePerson(p) : false)));
    return rows.filter((_, i) => seen[i]);
  },
  head: (a: AgencyRow, { on }: { on?: string | null }, ctx: CoreContext) => headOn(ctx, a.id, on ?? taipeiDay(ctx.now())),
  headDelegates: (a: AgencyRow, { on }: { on?: string | null }, ctx: CoreContext) => delegatesOn(ctx, a.id, on ?? taipeiDay(ctx.now())),
  headHistory: (a: AgencyRow, _: unknown, ctx: CoreContext) => visibleTerms(ctx, a.id),
};

export const AgencyHeadTerm = {
  agency: (t: AgencyHeadRow, _: unknown, ctx: CoreContext) => ctx.loaders.agency.load(t.agencyId),
  person: (t: AgencyHeadRow, _: unknown, ctx: CoreContext) => visiblePerson(ctx, t.personId),
  personName: async (t: AgencyHeadRow, _: unknown, ctx: CoreContext) => (await ctx.loaders.person.load(t.personId))!.name,
  recordedBy: (t: AgencyHeadRow, _: unknown, ctx: CoreContext) => visiblePerson(ctx, t.recordedById),
  endedBy: (t: AgencyHeadRow, _: unknown, ctx: CoreContext) => visiblePerson(ctx, t.endedById),
};
