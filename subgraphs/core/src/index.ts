export { createCoreSubgraph, typeDefs } from './server.ts';
export type { CoreContext, CoreDeps } from './context.ts';
export { inputLimits } from './input-limits.ts';
