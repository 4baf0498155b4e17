import { readFileSync } from 'node:fs';
import { createSubgraphServer } from '@webir/kit';
import { inputLimits } from './input-limits.ts';
import { contextFactory, type NwDeps } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** The NHI network membership subgraph (加入健保資訊網申請作業執行要點). */
export function createNhiNetworkSubgraph(deps: NwDeps & { ping: () => Promise<void> }) {
  return createSubgraphServer({ name: 'nhi-network', typeDefs, resolvers: resolvers as never, context: contextFactory(deps), ping: deps.ping, inputLimits });
}
