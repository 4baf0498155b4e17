import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { APPROVE_AGENCY, approvedRegistration, BLI_DECISION, BLI_LETTER, CITY_ITEMS, Clock, makeQuerier, ok } from '../helpers/kaohsiung.ts';
import { describeScoping } from '../helpers/scoping.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

// Every Query field of the Kaohsiung subgraph, asked by someone outside the directory, by someone who
// has left, and by Tainan's people, over a Kaohsiung with an approved agency, items, a querier's form
// and an approved registration.
const clock = new Clock(new Date('2026-01-05T10:00:00+08:00'));
let stack: TestStack;
const ids: Record<string, string> = {};
beforeAll(async () => {
  stack = await startTestStack({ now: clock.now, gatewayNow: clock.now });
  const { db } = stack.database;
  await db.update(tables.people).set({ supervisorId: stack.fixture.person.khSupervisor }).where(eq(tables.people.id, stack.fixture.person.khAdmin));
  ids.requestingAgency = ok(await stack.as('khLabour')(APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency.khSocial, legalBasis: '社會救助法第5條之3' } })).approveKhRequestingAgency.id;
  ok(await stack.as('khIt')(BLI_DECISION, { input: { items: CITY_ITEMS, action: 'ADD', reference: BLI_LETTER, legalBasis: '勞工保險條例' } }));
  ids.form = (await makeQuerier(stack)).formId;
  ids.registration = (await approvedRegistration(stack)).id;
  await db.update(tables.people).set({ employmentStatus: 'RESIGNED', employmentStatusEffectiveOn: '2026-01-04' }).where(eq(tables.people.id, stack.fixture.person.khClerk));
});
afterAll(() => stack?.stop());

const tainan = ['chief', 'socialAdmin', 'user'] as const;
describeScoping(
  {
    subgraph: 'kaohsiung-bli',
    rules: 'KH-7 TN-7.4',
    stack: () => stack,
    required: () => ({
      khForm: { id: ids.form },
      khRegistration: { id: ids.registration },
      khUsageChecksDue: { on: '2026-04-10' },
      khAuditsDue: { on: '2027-01-10' },
      khAccountFindings: { on: '2026-01-05' },
    }),
    leaverToken: () => stack.tokenOf('khClerk'),
    ownerTokens: async () => [await stack.tokenOf('khIt'), await stack.tokenOf('khLabour')],
    seeded: () => Object.values(ids),
    theirOwn: () => [...tainan.map((k) => stack.fixture.person[k]), stack.fixture.agency.health, stack.fixture.agency.social],
    others: tainan.map((name) => ({ name, token: () => stack.tokenOf(name) })),
    refusedToOthers: [],
  },
  it,
  describe,
  expect,
);
