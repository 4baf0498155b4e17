import { maskPersonalId } from '@webir/kit';
import type { CoreContext } from '../context.ts';
import type { PermissionRow, PersonRow } from '../loaders.ts';
import { pick } from '../store/permissions.ts';
import { revealNationalId } from '../store/pii-reads.ts';
import { visibleOnly, visiblePerson } from './visibility.ts';

export const Person = {
  __resolveReference: ({ id }: { id: string }, ctx: CoreContext) => visiblePerson(ctx, id),
  // Masking decrypts in memory and never logs: only the clear value is a "read" under X-5.
  nationalIdMasked: (p: PersonRow, _: unknown, ctx: CoreContext) => (p.nationalIdEnc ? maskPersonalId(ctx.cipher.decrypt(p.nationalIdEnc)) : null),
  nationalId: (p: PersonRow, { reason }: { reason: string }, ctx: CoreContext) => revealNationalId(ctx, p, reason),
  agency: (p: PersonRow, _: unknown, ctx: CoreContext) => (p.agencyId ? ctx.loaders.agency.load(p.agencyId) : null),
  supervisor: (p: PersonRow, _: unknown, ctx: CoreContext) => visiblePerson(ctx, p.supervisorId),
  staff: async (p: PersonRow, _: unknown, ctx: CoreContext) => visibleOnly(ctx, await ctx.loaders.staff.load(p.id)),
  permissions: async (p: PersonRow, args: { status?: PermissionRow['status']; regime?: string }, ctx: CoreContext) =>
    pick(await ctx.loaders.permissionsOfPerson.load(p.id), args),
};
