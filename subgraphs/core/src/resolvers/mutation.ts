import type { CoreContext } from '../context.ts';
import { createAgency, updateAgency, type AgencyInput } from '../store/agencies.ts';
import { endTerm, recordDelegate, recordHead, type DelegateInput, type HeadInput } from '../store/heads.ts';
import { createPerson, updatePerson, type PersonInput } from '../store/people.ts';

type CreateAgency = Parameters<typeof createAgency>[2];

export const Mutation = {
  createAgency: (_: unknown, { input }: { input: CreateAgency }, ctx: CoreContext) => createAgency(ctx.db, ctx.caller, input, ctx.now()),
  updateAgency: (_: unknown, { id, input }: { id: string; input: AgencyInput }, ctx: CoreContext) => updateAgency(ctx.db, ctx.caller, id, input, ctx.now()),
  createPerson: (_: unknown, { input }: { input: PersonInput }, ctx: CoreContext) => createPerson(ctx.db, ctx.cipher, ctx.caller, input, ctx.now()),
  updatePerson: (_: unknown, { id, input }: { id: string; input: PersonInput }, ctx: CoreContext) =>
    updatePerson(ctx.db, ctx.cipher, ctx.caller, id, input, ctx.now()),
  recordAgencyHead: (_: unknown, { agencyId, input }: { agencyId: string; input: HeadInput }, ctx: CoreContext) => recordHead(ctx, agencyId, input),
  recordAgencyHeadDelegate: (_: unknown, { agencyId, input }: { agencyId: string; input: DelegateInput }, ctx: CoreContext) => recordDelegate(ctx, agencyId, input),
  endAgencyHeadTerm: (_: unknown, { id, until }: { id: string; until: string }, ctx: CoreContext) => endTerm(ctx, id, until),
};
