import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSubgraphServer, verifyForwardedIdentity } from '@webir/kit';
import { compose, readSubgraphs } from '@webir/schema';
import type { SubgraphEntry } from '@webir/stack';
import { startTestStack, type TestStack } from './helpers/stack.ts';

/**
 * A second subgraph, as a regime would add one: it extends the core entities with its own fields and
 * returns references that the gateway resolves through core. Proves entity resolution across
 * subgraphs over real HTTP, and that the signed identity reaches every subgraph.
 */
const probeTypeDefs = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Agency @key(fields: "id") { id: ID! probeNote: String! }
type Person @key(fields: "id") { id: ID! probeCaller: String! }
type Query { probeAgencies: [Agency!]! probePerson(id: ID!): Person }
`;

let stack: TestStack;
let agencyIds: string[] = [];

const probe: SubgraphEntry = {
  name: 'probe',
  defaultPort: 0,
  create: (deps) =>
    createSubgraphServer({
      name: 'probe',
      typeDefs: probeTypeDefs,
      ping: deps.ping,
      context: async (req) => ({ identity: await verifyForwardedIdentity(req, deps.signingKey) }),
      resolvers: {
        Query: {
          probeAgencies: () => agencyIds.map((id) => ({ __typename: 'Agency', id })),
          probePerson: (_: unknown, { id }: { id: string }) => ({ __typename: 'Person', id }),
        },
        Agency: { probeNote: (a: { id: string }) => `note for ${a.id.slice(0, 8)}` },
        Person: { probeCaller: (_: unknown, __: unknown, ctx: { identity: { sub: string } }) => ctx.identity.sub },
      } as never,
    }),
};

beforeAll(async () => {
  const supergraphSdl = compose([...readSubgraphs(), { name: 'probe', url: 'http://127.0.0.1:1/graphql', typeDefs: probeTypeDefs }]);
  stack = await startTestStack({ extraSubgraphs: [probe], supergraphSdl });
  agencyIds = [stack.fixture.agency.social, stack.fixture.agency.health];
});
afterAll(() => stack?.stop());

describe('entity resolution across subgraphs', () => {
  it('resolves core fields of entities another subgraph returns', async () => {
    const res = await stack.as('user')(`{ probeAgencies { id probeNote name code parent { name } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data?.probeAgencies).toEqual([
      { id: stack.fixture.agency.social, probeNote: `note for ${stack.fixture.agency.social.slice(0, 8)}`, name: '臺南市政府社會局', code: '395030000A', parent: null },
      { id: stack.fixture.agency.health, probeNote: `note for ${stack.fixture.agency.health.slice(0, 8)}`, name: '臺南市政府衛生局', code: '395070000A', parent: null },
    ]);
  });

  it('adds another subgraph\'s fields to core entities, with the caller\'s identity forwarded to both', async () => {
    const res = await stack.as('supervisor')(`{ me { name probeCaller staff { name probeCaller } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data?.me.probeCaller).toBe(stack.fixture.account.supervisor);
    expect(res.data?.me.staff).toHaveLength(2);
  });

  it('keeps core\'s visibility when another subgraph hands out a reference', async () => {
    const res = await stack.as('user')(`query($id: ID!) { probePerson(id: $id) { id name } }`, { id: stack.fixture.person.chief });
    // The reference resolves to null in core: the user may not see the chief administrator.
    expect(res.data?.probePerson).toBeNull();
  });

  it('the committed supergraph is what composition makes of supergraph.yaml', () => {
    const committed = readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8');
    expect(compose(readSubgraphs())).toBe(committed);
  });
});

