import type { IncomingMessage } from 'node:http';
import { identifyRequest, type Caller, type Db } from '@webir/db';
import type { DomainError, Identity, PiiCipher } from '@webir/kit';
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
  /** Set when the caller is unknown or has left: the server answers every operation with it. */
  refusal?: DomainError | null;
  loaders: CoreLoaders;
  now: () => Date;
}

export function contextFactory(deps: CoreDeps) {
  return async (req: IncomingMessage): Promise<CoreContext> => {
    const { identity, caller, refusal } = await identifyRequest(req, deps.db, deps.signingKey);
    return { db: deps.db, cipher: deps.cipher, identity, caller, refusal, loaders: createLoaders(deps.db, { caller, requestId: identity.requestId, now: deps.now }), now: deps.now };
  };
}
