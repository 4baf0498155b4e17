import type { IncomingMessage } from 'node:http';
import { Caller, loadCaller, type Db } from '@webir/db';
import { IDENTITY_HEADER, verifyIdentity, type Identity, type PiiCipher } from '@webir/kit';
import { createLoaders, type CoreLoaders } from './loaders.ts';

export interface CoreDeps {
  db: Db;
  cipher: PiiCipher;
  /** The gateway's signing key: requests without its signature are refused. */
  signingKey: Uint8Array;
  /** The clock; tests drive it. */
  now: () => Date;
}

export interface CoreContext {
  db: Db;
  cipher: PiiCipher;
  identity: Identity;
  caller: Caller;
  loaders: CoreLoaders;
  now: () => Date;
}

export function contextFactory(deps: CoreDeps) {
  return async (req: IncomingMessage): Promise<CoreContext> => {
    const header = req.headers[IDENTITY_HEADER];
    const identity = await verifyIdentity(Array.isArray(header) ? header[0] : header, deps.signingKey);
    // A caller the directory does not know (or who has left) is refused as a GraphQL error, not by
    // failing the HTTP request, so the gateway passes FORBIDDEN through to the client intact.
    const found = await loadCaller(deps.db, identity.sub).catch((error: unknown) => error as Error);
    const readerId = found instanceof Caller ? found.id : '';
    return {
      db: deps.db,
      cipher: deps.cipher,
      identity,
      // A proxy, not a throwing getter: Apollo Server copies the context, which would call a getter.
      caller: found instanceof Caller ? found : refusedCaller(found),
      loaders: createLoaders(deps.db, { id: readerId, requestId: identity.requestId, now: deps.now }),
      now: deps.now,
    };
  };
}

/** Stands in for a caller who was refused: using it in any way throws the refusal. */
function refusedCaller(error: Error): Caller {
  return new Proxy({} as Caller, {
    get() {
      throw error;
    },
  });
}
