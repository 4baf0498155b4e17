import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { issueDevToken } from '@webir/gateway';
import { gql } from '../helpers/client.ts';
import { seedNwFixture, submittedApplication, type AnyPersonKey, type NwFixture, type NwStack } from '../helpers/nhi-network.ts';
import { describeScoping } from '../helpers/scoping.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

// Every Query field of the NHI network subgraph, asked by someone outside the directory, by someone who
// has left, and by the cities' people, over an IT service unit with a submitted application.
const now = new Date('2026-03-02T10:00:00+08:00');
let stack: TestStack;
let nw: NwFixture;
const ids: Record<string, string> = {};
const accounts: Record<string, string> = { reviewer: 'nw.reviewer', nhiClerk: 'nw.clerk', acmeOwner: 'nw.acme.owner', acmeContact: 'nw.acme.contact', otherCompany: 'nw.other.staff' };
const tokenOf = (p: AnyPersonKey) => issueDevToken(stack.config.devTokenSecret!, accounts[p] ?? stack.fixture.account[p as keyof TestStack['fixture']['account']]);
beforeAll(async () => {
  stack = await startTestStack({ now: () => now, gatewayNow: () => now });
  nw = await seedNwFixture(stack.database, stack.cipher);
  const nwStack = Object.assign(Object.create(stack) as TestStack, {
    nw,
    by: (p: AnyPersonKey) => async (query: string, variables?: Record<string, unknown>) => gql(stack.gatewayUrl, query, variables, { token: await tokenOf(p) }),
    setToday: () => undefined,
    personId: (p: AnyPersonKey) => (p in nw.person ? nw.person[p as keyof NwFixture['person']] : stack.fixture.person[p as keyof TestStack['fixture']['person']]),
  }) as NwStack;
  Object.assign(ids, await submittedApplication(nwStack));
  await stack.database.db.update(tables.people).set({ employmentStatus: 'RESIGNED', employmentStatusEffectiveOn: '2026-03-01' }).where(eq(tables.people.id, nw.person.nhiClerk));
});
afterAll(() => stack?.stop());

const cities = ['chief', 'khIt', 'user'] as const;
describeScoping(
  {
    subgraph: 'nhi-network',
    rules: 'NW-5.1 TN-7.4 KH-7',
    stack: () => stack,
    required: () => ({ nhiNetworkUnit: { id: ids.unitId }, nhiNetworkApplication: { id: ids.applicationId } }),
    leaverToken: () => tokenOf('nhiClerk'),
    ownerTokens: async () => [await tokenOf('reviewer'), await tokenOf('acmeContact')],
    seeded: () => Object.values(ids),
    theirOwn: () => cities.map((k) => stack.fixture.person[k]),
    others: [...cities.map((name) => ({ name, token: () => tokenOf(name) })), { name: 'otherCompany', token: () => tokenOf('otherCompany') }],
    // NW-8.2: the overdue improvements are the NHI reviewers' list.
    refusedToOthers: ['nhiNetworkOverdueImprovements'],
  },
  it,
  describe,
  expect,
);
