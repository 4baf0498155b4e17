import type { CoreContext } from '../context.ts';
import type { PermissionRow, RegimeRow, ServiceItemRow } from '../loaders.ts';
import { visiblePerson } from './visibility.ts';

export const Permission = {
  __resolveReference: async ({ id }: { id: string }, ctx: CoreContext) => {
    const row = await ctx.loaders.permission.load(id);
    return row && (await visiblePerson(ctx, row.personId)) ? row : null;
  },
  person: (p: PermissionRow, _: unknown, ctx: CoreContext) => ctx.loaders.person.load(p.personId),
  agency: (p: PermissionRow, _: unknown, ctx: CoreContext) => ctx.loaders.agency.load(p.agencyId),
  regime: (p: PermissionRow, _: unknown, ctx: CoreContext) => ctx.loaders.regime.load(p.regimeCode),
  serviceItem: (p: PermissionRow, _: unknown, ctx: CoreContext) => (p.serviceItemId ? ctx.loaders.serviceItem.load(p.serviceItemId) : null),
  grantedBy: (p: PermissionRow, _: unknown, ctx: CoreContext) => visiblePerson(ctx, p.grantedById),
  revokedBy: (p: PermissionRow, _: unknown, ctx: CoreContext) => visiblePerson(ctx, p.revokedById),
  form: (p: PermissionRow) => (p.formType && p.formId ? { type: p.formType, id: p.formId } : null),
};

export const Regime = {
  __resolveReference: ({ id }: { id: string }, ctx: CoreContext) => ctx.loaders.regime.load(id),
  id: (r: RegimeRow) => r.code,
  serviceItems: (r: RegimeRow, _: unknown, ctx: CoreContext) => ctx.loaders.itemsOfRegime.load(r.code),
};

export const ServiceItem = {
  __resolveReference: ({ id }: { id: string }, ctx: CoreContext) => ctx.loaders.serviceItem.load(id),
  regime: (s: ServiceItemRow, _: unknown, ctx: CoreContext) => ctx.loaders.regime.load(s.regimeCode),
};

export const UnmaskedRead = {
  reader: (r: { readerId: string }, _: unknown, ctx: CoreContext) => visiblePerson(ctx, r.readerId),
  readerName: async (r: { readerId: string }, _: unknown, ctx: CoreContext) => (await ctx.loaders.person.load(r.readerId))?.name ?? '',
  subject: (r: { subjectId: string }, _: unknown, ctx: CoreContext) => visiblePerson(ctx, r.subjectId),
};
