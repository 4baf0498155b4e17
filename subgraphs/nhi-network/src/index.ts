export { createNhiNetworkSubgraph, typeDefs } from './server.ts';
export type { NwContext, NwDeps } from './context.ts';
export { inputLimits } from './input-limits.ts';
