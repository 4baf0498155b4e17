import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { IDENTITY_HEADER, signIdentity, signingKey } from '@webir/kit';
import { codes, gql } from './helpers/client.ts';
import { describeScoping } from './helpers/scoping.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';

// Every Query field of the core subgraph (the directory and the ledger), asked by someone outside the
// directory, by someone who has left, and by Kaohsiung's people. Agencies themselves (name, code,
// level, city) are the government's published organisation list and readable by all; who works
// there, what they hold and whose identifiers were read are not.
const now = new Date('2026-03-10T10:00:00+08:00');
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ now: () => now, gatewayNow: () => now });
  const read = await stack.as('chief')(`query($id: ID!) { person(id: $id) { nationalId(reason: "TN-7.4 scoping test") } }`, { id: stack.fixture.person.user });
  expect(read.errors).toBeUndefined();
  await stack.database.db.update(tables.people).set({ employmentStatus: 'RESIGNED', employmentStatusEffectiveOn: '2026-02-01' }).where(eq(tables.people.id, stack.fixture.person.colleague));
});
afterAll(() => stack?.stop());

const kaohsiung = ['khIt', 'khLabour', 'khAdmin', 'khQuerier'] as const;
describeScoping(
  {
    subgraph: 'core',
    rules: 'TN-7.4 KH-7 X-5',
    stack: () => stack,
    required: () => ({
      agency: { id: stack.fixture.agency.social },
      agencyByCode: { code: '395030000A' },
      person: { id: stack.fixture.person.user },
      regime: { id: 'TN_NHI' },
    }),
    leaverToken: () => stack.tokenOf('colleague'),
    ownerTokens: async () => [await stack.tokenOf('chief')],
    seeded: () => [stack.fixture.person.user, stack.fixture.person.socialAdmin],
    // Kaohsiung's own people, and every agency (the published organisation list).
    theirOwn: () => [...kaohsiung.map((k) => stack.fixture.person[k]), stack.fixture.person.khSupervisor, ...Object.values(stack.fixture.agency)],
    others: kaohsiung.map((name) => ({ name, token: () => stack.tokenOf(name) })),
    refusedToOthers: [],
    depth: 4,
  },
  it,
  describe,
  expect,
);

describe('TN-7.4 KH-7 entity resolution refuses an unknown subject too', () => {
  // The gateway's own first fetch is refused already; this is what a subgraph answers when an
  // `_entities` call reaches it for such a subject (as the gateway would sign it).
  it.each(['core', 'tainan-nhi', 'kaohsiung-bli', 'nhi-network', 'compliance'])('TN-7.4 KH-7 %s answers _entities for an unknown subject with FORBIDDEN (HTTP 200)', async (name) => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`;
    const variables = { r: [{ __typename: 'Agency', id: stack.fixture.agency.social }] };
    // Signed for this one request, as the gateway signs (audience, operation and variables bound).
    const header = await signIdentity({ sub: 'nobody.outside', requestId: 'r', tokenIssuer: 'webir-dev' }, signingKey(stack.config.gatewaySecret), { audience: name, query, variables });
    const res = await gql(stack.subgraphUrls[name]!, query, variables, { headers: { [IDENTITY_HEADER]: header } });
    expect(res.status).toBe(200);
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(res.data ?? null).toBeNull();
  });
});
