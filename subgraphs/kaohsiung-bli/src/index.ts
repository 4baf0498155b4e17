export { createKaohsiungBliSubgraph, typeDefs } from './server.ts';
export type { KhContext, KhDeps } from './context.ts';
export { inputLimits } from './input-limits.ts';
