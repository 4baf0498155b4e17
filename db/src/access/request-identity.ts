import type { IncomingMessage } from 'node:http';
import { verifyForwardedIdentity, type Identity } from '@webir/kit';
import type { DbOrTx } from '../client.ts';
import { Caller, loadCaller } from './caller.ts';

/**
 * What every subgraph does first with a request: refuse it unless the gateway signed it (401), then
 * find the caller in the directory. A caller the directory does not know, or who has left, is
 * refused as a GraphQL error (FORBIDDEN) when a resolver first uses them, not by failing the HTTP
 * request, so the gateway passes the refusal through to the client intact.
 */
export async function identifyRequest(req: IncomingMessage, db: DbOrTx, signingKey: Uint8Array): Promise<{ identity: Identity; caller: Caller }> {
  const identity = await verifyForwardedIdentity(req, signingKey);
  const found = await loadCaller(db, identity.sub).catch((error: unknown) => error as Error);
  return { identity, caller: found instanceof Caller ? found : refusedCaller(found) };
}

/** Stands in for a caller who was refused: using it in any way throws the refusal. A proxy, not a
 * throwing getter, because Apollo Server copies the context object. */
function refusedCaller(error: Error): Caller {
  return new Proxy({} as Caller, {
    get() {
      throw error;
    },
  });
}
