import type { IncomingMessage } from 'node:http';
import { identifyRequest, type Caller, type Db } from '@webir/db';
import type { Identity } from '@webir/kit';
import { createLoaders, type NwLoaders } from './loaders.ts';

export interface NwDeps {
  db: Db;
  signingKey: Uint8Array;
  now: () => Date;
}

export interface NwContext {
  db: Db;
  identity: Identity;
  caller: Caller;
  loaders: NwLoaders;
  now: () => Date;
}

export function contextFactory(deps: NwDeps) {
  return async (req: IncomingMessage): Promise<NwContext> => {
    const { identity, caller } = await identifyRequest(req, deps.db, deps.signingKey);
    return { db: deps.db, identity, caller, loaders: createLoaders(deps.db), now: deps.now };
  };
}
