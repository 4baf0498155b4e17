import { readFileSync } from 'node:fs';
import { createSubgraphServer } from '@webir/kit';
import { inputLimits } from './input-limits.ts';
import { contextFactory, type TnDeps } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** The Tainan NHI WebIR subgraph. */
export function createTainanNhiSubgraph(deps: TnDeps & { ping: () => Promise<void> }) {
  return createSubgraphServer({ name: 'tainan-nhi', typeDefs, resolvers: resolvers as never, context: contextFactory(deps), ping: deps.ping, inputLimits });
}
