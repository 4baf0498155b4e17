import { agencySubtree, type Caller, type DbOrTx } from '@webir/db';
import type { ParticipantContext } from '@webir/db/regime';
import { badInput, forbidden, isUuid } from '@webir/kit';
import type { ComplianceContext } from '../context.ts';

/**
 * The agencies an answer covers: the one asked for (with those under it, when asked) or every agency
 * the caller may read, never more than the caller may read. Asking for an agency outside the caller's
 * reach is refused rather than answered with an empty list that would read as "all clear".
 */
export async function agenciesAsked(db: DbOrTx, caller: Caller, agencyId: string | null | undefined, withSubAgencies: boolean): Promise<string[]> {
  const { read } = await caller.scope();
  if (!agencyId) return [...read];
  if (!isUuid(agencyId)) throw badInput([{ field: 'filter.agencyId', message: 'is not an ID of this graph' }]);
  if (!read.has(agencyId)) throw forbidden('This agency is outside what you may read: your own agency and those under it, or your regime\'s city');
  const ids = withSubAgencies ? await agencySubtree(db, agencyId) : [agencyId];
  return ids.filter((id) => read.has(id));
}

/** What a participant is given: the compliance request's caller, so its own access checks hold. */
export const participantContext = (ctx: ComplianceContext): ParticipantContext => ({
  db: ctx.db,
  cipher: ctx.cipher,
  identity: ctx.identity,
  caller: ctx.caller,
  now: ctx.now,
});

/** The participants a `regime` filter leaves; an unknown regime is bad input, not an empty answer. */
export function participantsFor(ctx: ComplianceContext, regime: string | null | undefined) {
  if (!regime) return ctx.participants;
  const chosen = ctx.participants.filter((p) => p.regime === regime);
  if (!chosen.length) throw badInput([{ field: 'filter.regime', message: `is not a regime of this graph (${ctx.participants.map((p) => p.regime).join(', ')})` }]);
  return chosen;
}
