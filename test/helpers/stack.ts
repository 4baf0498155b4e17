import { openTestDatabase } from '@webir/db/testing';
import { issueDevToken } from '@webir/gateway';
import { createPiiCipher, parseMasterKey, type Config, type PiiCipher } from '@webir/kit';
import { startStack, type Stack, type StackOptions } from '@webir/stack';
import { gql } from './client.ts';
import { testConfig } from './config.ts';
import { seedFixture, type Fixture, type PersonKey } from './fixture.ts';

export interface TestStack extends Stack {
  config: Config;
  cipher: PiiCipher;
  fixture: Fixture;
  /** A dev token for a fixture person. */
  tokenOf(person: PersonKey): Promise<string>;
  /** Runs a query through the gateway as a fixture person (or anonymously with null). */
  as(person: PersonKey | null): <T = Record<string, any>>(query: string, variables?: Record<string, unknown>) => ReturnType<typeof gql<T>>;
}

/**
 * The whole graph for one test file: a fresh database (PGlite in memory, or a new database on the
 * server DATABASE_URL names), the fixture directory, every subgraph and the gateway on free ports.
 */
export async function startTestStack(options: Partial<Pick<StackOptions, 'extraSubgraphs' | 'supergraphSdl' | 'now' | 'gatewayNow'>> & { env?: NodeJS.ProcessEnv } = {}): Promise<TestStack> {
  const config = testConfig(options.env);
  const database = await openTestDatabase();
  const cipher = createPiiCipher(parseMasterKey(config.dataKey));
  const fixture = await seedFixture(database, cipher);
  const stack = await startStack({ config, database, anyPort: true, ...options });
  const tokenOf = (person: PersonKey) => issueDevToken(config.devTokenSecret!, fixture.account[person]);
  return {
    ...stack,
    config,
    cipher,
    fixture,
    tokenOf,
    as: (person) => async (query, variables) => gql(stack.gatewayUrl, query, variables, { token: person ? await tokenOf(person) : null }),
    async stop() {
      await stack.stop();
      await database.close();
    },
  };
}
