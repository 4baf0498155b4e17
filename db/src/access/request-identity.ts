import type { IncomingMessage } from 'node:http';
import { DomainError, verifyForwardedIdentity, type Identity } from '@webir/kit';
import type { DbOrTx } from '../client.ts';
import { Caller, loadCaller } from './caller.ts';

/**
 * What every subgraph does first with a request: refuse it unless the gateway signed it (401), then
 * find the caller in the directory, once, before any resolver runs. A caller the directory does not
 * know, or who has left, comes back as `refusal` (FORBIDDEN): the subgraph server answers every
 * operation of theirs with it before execution (kit's createSubgraphServer), as a GraphQL error
 * rather than a failed HTTP request, so the gateway passes the refusal through to the client intact.
 * Any other failure (the database) is not a refusal and fails the request.
 */
export async function identifyRequest(
  req: IncomingMessage,
  db: DbOrTx,
  signingKey: Uint8Array,
): Promise<{ identity: Identity; caller: Caller; refusal: DomainError | null }> {
  const identity = await verifyForwardedIdentity(req, signingKey);
  try {
    return { identity, caller: await loadCaller(db, identity.sub), refusal: null };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { identity, caller: refusedCaller(error), refusal: error };
  }
}

/** Stands in for a refused caller, should anything reach it despite the refusal: using it in any
 * way throws the refusal. A proxy, not a throwing getter, because Apollo Server copies the context. */
function refusedCaller(error: Error): Caller {
  return new Proxy({} as Caller, {
    get() {
      throw error;
    },
  });
}
