import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { makeNationalId } from '@webir/kit';
import { at } from '../helpers/fixture.ts';
import { describeScoping } from '../helpers/scoping.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { enrol, fileAndSign, userApplication } from '../helpers/tainan.ts';

// Every Query field of the Tainan subgraph, asked by someone outside the directory, by someone who has
// left, and by Kaohsiung's people, over a Tainan with records of the kinds a reader could leak.
const now = new Date('2026-03-10T10:00:00+08:00');
let stack: TestStack;
const ids: Record<string, string> = {};
beforeAll(async () => {
  stack = await startTestStack({ now: () => now, gatewayNow: () => now });
  ids.enrolment = await enrol(stack, stack.fixture.agency.social, { enrolledOn: '2026-01-02' });
  ids.application = await fileAndSign(stack, 'user', userApplication(stack), ['user', 'supervisor']);
  const filed = await stack.as('user')(`mutation($input: NhiQueryRequestInput!) { fileNhiQueryRequest(input: $input) { id } }`, {
    input: { subjectName: '個案', subjectNationalId: makeNationalId('D', 2, 123_321), items: ['01'], purpose: '資格複查', legalBasis: '社會救助法' },
  });
  ids.request = filed.data!.fileNhiQueryRequest.id;
  const { db } = stack.database;
  const [change] = await db.insert(tables.chiefChanges).values({ toId: stack.fixture.person.chief, effectiveOn: '2026-01-05', recordedById: stack.fixture.person.chief, recordedAt: at }).returning();
  ids.chiefChange = change!.id;
  await db.update(tables.people).set({ employmentStatus: 'RESIGNED', employmentStatusEffectiveOn: '2026-02-01' }).where(eq(tables.people.id, stack.fixture.person.colleague));
});
afterAll(() => stack?.stop());

const kaohsiung = ['khIt', 'khAdmin', 'khQuerier'] as const;
describeScoping(
  {
    subgraph: 'tainan-nhi',
    rules: 'TN-7.4 KH-7',
    stack: () => stack,
    required: () => ({
      nhiApplication: { id: ids.application },
      nhiQueryRequest: { id: ids.request },
      nhiSample: { id: ids.enrolment },
      nhiReviewsDue: { on: '2026-03-10' },
      nhiAuditsDue: { on: '2026-03-10' },
      nhiEvidencePack: { agencyId: stack.fixture.agency.social },
    }),
    leaverToken: () => stack.tokenOf('colleague'),
    ownerTokens: async () => [await stack.tokenOf('chief')],
    seeded: () => Object.values(ids),
    theirOwn: () => [...kaohsiung.map((k) => stack.fixture.person[k]), stack.fixture.agency.khIt, stack.fixture.agency.khSocial],
    others: kaohsiung.map((name) => ({ name, token: () => stack.tokenOf(name) })),
    // Kept to the regime's roles: Kaohsiung's people are refused, not answered empty.
    refusedToOthers: ['nhiPurges', 'nhiPurgesConnection', 'nhiCleanupCandidates', 'nhiEvidencePack', 'nhiChiefChanges', 'nhiChiefChangesConnection'],
  },
  it,
  describe,
  expect,
);
