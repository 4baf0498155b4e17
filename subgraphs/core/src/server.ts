import { readFileSync } from 'node:fs';
import { createSubgraphServer } from '@webir/kit';
import { inputLimits } from './input-limits.ts';
import { contextFactory, type CoreDeps } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** The core subgraph, ready to listen: the directory every regime shares. */
export function createCoreSubgraph(deps: CoreDeps & { ping: () => Promise<void> }) {
  return createSubgraphServer({
    name: 'core',
    typeDefs,
    resolvers: resolvers as never,
    context: contextFactory(deps),
    ping: deps.ping,
    inputLimits,
  });
}
