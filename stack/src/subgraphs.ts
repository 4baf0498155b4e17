import type { Server } from 'node:http';
import type { Db } from '@webir/db';
import type { InputLimitOverrides, PiiCipher } from '@webir/kit';
import * as core from '@webir/subgraph-core';
import * as kaohsiungBli from '@webir/subgraph-kaohsiung-bli';
import * as tainanNhi from '@webir/subgraph-tainan-nhi';
import * as nhiNetwork from '@webir/subgraph-nhi-network';
import * as compliance from '@webir/subgraph-compliance';
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
  /** Its SDL and its table of longer input limits, as its server applies them (docs/input-limits.md).
   * Every subgraph of the list below has them; a test's probe subgraph need not. */
  typeDefs?: string;
  inputLimits?: InputLimitOverrides;
}

/** Every subgraph `npm start` runs. A new regime adds its line here and in supergraph.yaml. */
export const subgraphs: SubgraphEntry[] = [
  { name: 'core', defaultPort: 4001, create: core.createCoreSubgraph, typeDefs: core.typeDefs, inputLimits: core.inputLimits },
  { name: 'tainan-nhi', defaultPort: 4002, create: tainanNhi.createTainanNhiSubgraph, typeDefs: tainanNhi.typeDefs, inputLimits: tainanNhi.inputLimits },
  { name: 'kaohsiung-bli', defaultPort: 4003, create: kaohsiungBli.createKaohsiungBliSubgraph, typeDefs: kaohsiungBli.typeDefs, inputLimits: kaohsiungBli.inputLimits },
  { name: 'nhi-network', defaultPort: 4004, create: nhiNetwork.createNhiNetworkSubgraph, typeDefs: nhiNetwork.typeDefs, inputLimits: nhiNetwork.inputLimits },
  // Across the regimes: asks every regime's participant (./participants.ts), so it comes last.
  {
    name: 'compliance',
    defaultPort: 4005,
    create: (deps) => compliance.createComplianceSubgraph({ ...deps, participants }),
    typeDefs: compliance.typeDefs,
    inputLimits: compliance.inputLimits,
  },
];
