import type { IncomingMessage } from 'node:http';
import { loadCaller, type Caller, type Db } from '@webir/db';
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
    const caller = await loadCaller(deps.db, identity.sub);
    return { db: deps.db, cipher: deps.cipher, identity, caller, loaders: createLoaders(deps.db, { id: caller.id, requestId: identity.requestId, now: deps.now }), now: deps.now };
  };
}
