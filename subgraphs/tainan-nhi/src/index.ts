export { createTainanNhiSubgraph, typeDefs } from './server.ts';
export type { TnContext, TnDeps } from './context.ts';
export { inputLimits } from './input-limits.ts';
