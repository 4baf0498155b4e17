import type { IncomingMessage } from 'node:http';
import { identifyRequest, type Caller, type Db } from '@webir/db';
import type { Identity, PiiCipher } from '@webir/kit';
import { createLoaders, type TnLoaders } from './loaders.ts';

export interface TnDeps {
  db: Db;
  cipher: PiiCipher;
  signingKey: Uint8Array;
  now: () => Date;
}

export interface TnContext {
  db: Db;
  cipher: PiiCipher;
  identity: Identity;
  caller: Caller;
  loaders: TnLoaders;
  now: () => Date;
}

export function contextFactory(deps: TnDeps) {
  return async (req: IncomingMessage): Promise<TnContext> => {
    const { identity, caller } = await identifyRequest(req, deps.db, deps.signingKey);
    return { db: deps.db, cipher: deps.cipher, identity, caller, loaders: createLoaders(deps.db), now: deps.now };
  };
}
