import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { makeNationalId } from '@webir/kit';
import { describeScoping } from '../helpers/scoping.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { enrol } from '../helpers/tainan.ts';

// Every Query field of the compliance subgraph (the graph across regimes), asked by someone outside the
// directory, by someone who has left, and by Kaohsiung's people, over a Tainan with an enrolled agency,
// grants, and a usage log with a finding.
const now = new Date('2026-03-10T10:00:00+08:00');
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ now: () => now, gatewayNow: () => now });
  await enrol(stack, stack.fixture.agency.social, { enrolledOn: '2026-01-02' });
  const csv = `queried_at,myegov_account,item,subject_id\n2026-03-09T09:00:00+08:00,t.user,01,${makeNationalId('D', 2, 444_444)}`;
  const imported = await stack.as('chief')(`mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { findings } }`, { input: { fileName: 'tn.csv', csv } });
  expect(imported.data?.importNhiUsage.findings).toBe(1);
  await stack.database.db.update(tables.people).set({ employmentStatus: 'RESIGNED', employmentStatusEffectiveOn: '2026-02-01' }).where(eq(tables.people.id, stack.fixture.person.colleague));
});
afterAll(() => stack?.stop());

const kaohsiung = ['khIt', 'khLabour', 'khAdmin', 'khQuerier'] as const;
describeScoping(
  {
    subgraph: 'compliance',
    rules: 'X-2 X-3 TN-7.4 KH-7',
    stack: () => stack,
    required: () => ({}),
    leaverToken: () => stack.tokenOf('colleague'),
    ownerTokens: async () => [await stack.tokenOf('chief')],
    seeded: () => [stack.fixture.person.user, stack.fixture.agency.social],
    theirOwn: () => [...kaohsiung.map((k) => stack.fixture.person[k]), stack.fixture.agency.khIt, stack.fixture.agency.khSocial, stack.fixture.agency.khLabour],
    others: kaohsiung.map((name) => ({ name, token: () => stack.tokenOf(name) })),
    refusedToOthers: [],
    depth: 4,
  },
  it,
  describe,
  expect,
);
