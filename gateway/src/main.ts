// The gateway alone: `npm run start:gateway`. Subgraph URLs come from schema/supergraph.graphql,
// each overridable with WEBIR_<NAME>_URL (e.g. WEBIR_CORE_URL=http://core.internal:4001/graphql).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listen, loadConfig } from '@webir/kit';
import { createGateway } from './server.ts';

const config = loadConfig();
const supergraphFile = process.env.WEBIR_SUPERGRAPH ?? fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));
const { http } = await createGateway({ config, supergraphSdl: readFileSync(supergraphFile, 'utf8'), publicUrl: process.env.WEBIR_PUBLIC_URL ?? `http://localhost:${config.gatewayPort}/graphql` });
const { url } = await listen(http, config.gatewayPort, config.host);
console.log(`gateway: ${url}/graphql`);
