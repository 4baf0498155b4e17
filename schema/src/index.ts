export { compose, readSubgraphs, schemaDir, supergraphPath, type SubgraphSource } from './compose.ts';
