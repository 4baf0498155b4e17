import { readFileSync } from 'node:fs';
import { createSubgraphServer } from '@webir/kit';
import { inputLimits } from './input-limits.ts';
import { contextFactory, type KhDeps } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** The Kaohsiung BLI WebIR subgraph. */
export function createKaohsiungBliSubgraph(deps: KhDeps & { ping: () => Promise<void> }) {
  return createSubgraphServer({ name: 'kaohsiung-bli', typeDefs, resolvers: resolvers as never, context: contextFactory(deps), ping: deps.ping, inputLimits });
}
