import type { Server } from 'node:http';
import type { Db } from '@webir/db';
import type { PiiCipher } from '@webir/kit';
import { createCoreSubgraph } from '@webir/subgraph-core';
import { createKaohsiungBliSubgraph } from '@webir/subgraph-kaohsiung-bli';
import { createTainanNhiSubgraph } from '@webir/subgraph-tainan-nhi';
import { createNhiNetworkSubgraph } from '@webir/subgraph-nhi-network';
import { createComplianceSubgraph } from '@webir/subgraph-compliance';
import { participants } from './participants.ts';

/** What a subgraph needs from the process that runs it. */
export interface SubgraphDeps {
  db: Db;
  cipher: PiiCipher;
  signingKey: Uint8Array;
  now: () => Date;
  ping: () => Promise<void>;
  /** Minutes between the compliance subgraph's scheduled jobs; 0 = off. */
  jobsEveryMinutes: number;
}

export interface SubgraphEntry {
  /** As named in schema/supergraph.yaml. */
  name: string;
  /** Its port when `npm start` runs everything (WEBIR_<NAME>_PORT overrides). */
  defaultPort: number;
  create: (deps: SubgraphDeps) => Promise<{ http: Server; apollo: { stop(): Promise<void> } }>;
}

/** Every subgraph `npm start` runs. A new regime adds its line here and in supergraph.yaml. */
export const subgraphs: SubgraphEntry[] = [
  { name: 'core', defaultPort: 4001, create: createCoreSubgraph },
  { name: 'tainan-nhi', defaultPort: 4002, create: createTainanNhiSubgraph },
  { name: 'kaohsiung-bli', defaultPort: 4003, create: createKaohsiungBliSubgraph },
  { name: 'nhi-network', defaultPort: 4004, create: createNhiNetworkSubgraph },
  // Across the regimes: asks every regime's participant (./participants.ts), so it comes last.
  { name: 'compliance', defaultPort: 4005, create: (deps) => createComplianceSubgraph({ ...deps, participants }) },
];
