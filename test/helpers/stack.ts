import { openTestDatabase } from '@webir/db/testing';
import { issueDevToken } from '@webir/gateway';
import { createPiiCipher, parseMasterKey, type Config, type PiiCipher } from '@webir/kit';
import { startStack, type Stack, type StackOptions } from '@webir/stack';
import { gql } from './client.ts';
import { testConfig } from './config.ts';
import { seedFixture, type Fixture, type PersonKey } from './fixture.ts';

/**
 * The day a test stack's clock starts on when the test gives none: every test runs on its own clock,
 * never the machine's date (a test that read today failed in the first month of every quarter). A
 * working day after every date the tests write as past.
 */
export const DEFAULT_TEST_NOW = '2026-11-16T10:00:00+08:00';

/**
 * A clock that starts at `start` and runs on at the pace of real time (so records made one after the
 * other keep their order), without ever reading the machine's date.
 */
export function runningClock(start: string | Date = DEFAULT_TEST_NOW): () => Date {
  const origin = typeof start === 'string' ? Date.parse(start) : start.getTime();
  const began = performance.now();
  return () => new Date(origin + Math.floor(performance.now() - began));
}

export interface TestStack extends Stack {
  config: Config;
  /** The subgraphs' clock: what they take for "now". */
  now: () => Date;
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
 * The subgraphs run on `now` when given, else on a clock starting at DEFAULT_TEST_NOW.
 */
export async function startTestStack(options: Partial<Pick<StackOptions, 'extraSubgraphs' | 'supergraphSdl' | 'now' | 'gatewayNow'>> & { env?: NodeJS.ProcessEnv } = {}): Promise<TestStack> {
  const config = testConfig(options.env);
  const database = await openTestDatabase();
  const cipher = createPiiCipher(parseMasterKey(config.dataKey));
  const fixture = await seedFixture(database, cipher);
  const now = options.now ?? runningClock();
  const stack = await startStack({ config, database, anyPort: true, ...options, now });
  const tokenOf = (person: PersonKey) => issueDevToken(config.devTokenSecret!, fixture.account[person]);
  return {
    ...stack,
    config,
    cipher,
    fixture,
    now,
    tokenOf,
    as: (person) => async (query, variables) => gql(stack.gatewayUrl, query, variables, { token: person ? await tokenOf(person) : null }),
    async stop() {
      await stack.stop();
      await database.close();
    },
  };
}
