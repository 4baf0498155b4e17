import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import YAML from 'yaml';

/**
 * Composes the supergraph in code (no rover binary to download) from supergraph.yaml.
 * `--check` fails when composition fails or when the committed supergraph.graphql is stale,
 * so CI catches a subgraph change that was not recomposed.
 */
export const schemaDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const supergraphPath = resolve(schemaDir, 'supergraph.graphql');

export interface SubgraphSource {
  name: string;
  url: string;
  typeDefs: string;
}

export function readSubgraphs(configPath = resolve(schemaDir, 'supergraph.yaml')): SubgraphSource[] {
  const config = YAML.parse(readFileSync(configPath, 'utf8')) as {
    subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
  };
  return Object.entries(config.subgraphs).map(([name, s]) => ({
    name,
    url: s.routing_url,
    typeDefs: readFileSync(resolve(dirname(configPath), s.schema.file), 'utf8'),
  }));
}

export function compose(subgraphs: SubgraphSource[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.typeDefs) })));
  if (result.errors?.length || !result.supergraphSdl) {
    throw new Error(`Composition failed:\n${(result.errors ?? []).map((e) => `- ${e.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}

function main(): void {
  const check = process.argv.includes('--check');
  let composed: string;
  try {
    composed = compose(readSubgraphs());
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  if (check) {
    let committed = '';
    try {
      committed = readFileSync(supergraphPath, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (committed !== composed) {
      console.error('schema/supergraph.graphql is stale: run `npm run compose` and commit it');
      process.exit(1);
    }
    console.log('supergraph composes and schema/supergraph.graphql is up to date');
    return;
  }
  writeFileSync(supergraphPath, composed);
  console.log(`wrote ${supergraphPath}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
