import type { IncomingMessage } from 'node:http';
import type { DomainError, Identity, PiiCipher } from '@webir/kit';
import { identifyRequest } from '../access/request-identity.ts';
import type { Caller } from '../access/caller.ts';
import type { Db } from '../client.ts';

/** What a regime subgraph needs from the process that runs it. */
export interface RegimeDeps {
  db: Db;
  cipher: PiiCipher;
  signingKey: Uint8Array;
  now: () => Date;
}

/** A regime subgraph's per-request context: the verified caller and fresh loaders. */
export interface RegimeContext<L> {
  db: Db;
  cipher: PiiCipher;
  identity: Identity;
  caller: Caller;
  /** Set when the caller is unknown or has left: the server answers every operation with it. */
  refusal?: DomainError | null;
  loaders: L;
  now: () => Date;
}

export function regimeContextFactory<L>(deps: RegimeDeps, createLoaders: (db: Db) => L) {
  return async (req: IncomingMessage): Promise<RegimeContext<L>> => {
    const { identity, caller, refusal } = await identifyRequest(req, deps.db, deps.signingKey);
    return { db: deps.db, cipher: deps.cipher, identity, caller, refusal, loaders: createLoaders(deps.db), now: deps.now };
  };
}
