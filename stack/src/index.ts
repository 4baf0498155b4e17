export { startStack, type Stack, type StackOptions } from './stack.ts';
export { subgraphs, type SubgraphDeps, type SubgraphEntry } from './subgraphs.ts';
export { participants } from './participants.ts';
