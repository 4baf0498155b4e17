import type { CoreContext } from '../context.ts';
import { createAgency, updateAgency, type AgencyInput } from '../store/agencies.ts';
import { createPerson, updatePerson, type PersonInput } from '../store/people.ts';

type CreateAgency = Parameters<typeof createAgency>[2];

export const Mutation = {
  createAgency: (_: unknown, { input }: { input: CreateAgency }, ctx: CoreContext) => createAgency(ctx.db, ctx.caller, input, ctx.now()),
  updateAgency: (_: unknown, { id, input }: { id: string; input: AgencyInput }, ctx: CoreContext) => updateAgency(ctx.db, ctx.caller, id, input, ctx.now()),
  createPerson: (_: unknown, { input }: { input: PersonInput }, ctx: CoreContext) => createPerson(ctx.db, ctx.cipher, ctx.caller, input, ctx.now()),
  updatePerson: (_: unknown, { id, input }: { id: string; input: PersonInput }, ctx: CoreContext) =>
    updatePerson(ctx.db, ctx.cipher, ctx.caller, id, input, ctx.now()),
};
