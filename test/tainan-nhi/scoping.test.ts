import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { makeNationalId } from '@webir/kit';
import { codes } from '../helpers/client.ts';
import { at } from '../helpers/fixture.ts';
import { argsFor, outsiderToken, queryFields, queryOf, runAs, subgraphSchema, uuidsIn, type RequiredArgs } from '../helpers/scoping.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { enrol, fileAndSign, userApplication } from '../helpers/tainan.ts';

// Every Query field of the Tainan subgraph, asked by someone outside the directory, by someone who has
// left, and by Kaohsiung's people, over a Tainan with records of every kind a reader could leak.
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
  await db.insert(tables.chiefChanges).values({ toId: stack.fixture.person.chief, effectiveOn: '2026-01-05', recordedById: stack.fixture.person.chief, recordedAt: at });
  await db.update(tables.people).set({ employmentStatus: 'RESIGNED', employmentStatusEffectiveOn: '2026-02-01' }).where(eq(tables.people.id, stack.fixture.person.colleague));
});
afterAll(() => stack?.stop());

const schema = subgraphSchema('tainan-nhi');
const required = (): RequiredArgs => ({
  nhiApplication: { id: ids.application },
  nhiQueryRequest: { id: ids.request },
  nhiSample: { id: ids.enrolment },
  nhiReviewsDue: { on: '2026-03-10' },
  nhiAuditsDue: { on: '2026-03-10' },
  nhiEvidencePack: { agencyId: stack.fixture.agency.social },
});
const fields = queryFields(schema);

describe('TN-7.4 every Query field of tainan-nhi refuses whoever the directory does not hold', () => {
  it.each(fields.map((f) => [f.name, f] as const))('TN-7.4 %s: a valid token whose subject is not in the directory is FORBIDDEN', async (_, field) => {
    const res = await runAs(stack, await outsiderToken(stack), queryOf(field, argsFor(field, required())));
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(uuidsIn(res.data).size).toBe(0);
  });

  it.each(fields.map((f) => [f.name, f] as const))('TN-7.4 %s: someone who has left is FORBIDDEN', async (_, field) => {
    const res = await runAs(stack, await stack.tokenOf('colleague'), queryOf(field, argsFor(field, required())));
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(uuidsIn(res.data).size).toBe(0);
  });
});

describe('TN-7.4 / KH-7 every Query field of tainan-nhi shows Kaohsiung nothing of Tainan', () => {
  // Whatever Tainan's chief administrator sees is Tainan's; none of it may reach Kaohsiung's people.
  let memo: Set<string> | undefined;
  const tainanIds = async () => {
    if (memo) return memo;
    const seen = new Set<string>([...Object.values(stack.fixture.person), ...Object.values(stack.fixture.agency)]);
    for (const field of fields) {
      const q = queryOf(field, argsFor(field, required()));
      const res = await stack.as('chief')(q.query, q.variables);
      for (const id of uuidsIn(res.data)) seen.add(id);
    }
    for (const key of ['khIt', 'khSupervisor', 'khQuerier', 'khLabour', 'khAdmin', 'khHead', 'khNewcomer', 'khClerk'] as const) seen.delete(stack.fixture.person[key]);
    for (const key of ['khIt', 'khSocial', 'khLabour', 'khCivil'] as const) seen.delete(stack.fixture.agency[key]);
    memo = seen;
    return seen;
  };

  it('TN-7.4 Tainan\'s chief administrator sees the seeded records (so the next test has something to leak)', async () => {
    const seen = await tainanIds();
    for (const id of Object.values(ids)) expect(seen.has(id), id).toBe(true);
  });

  // Fields kept to a role of the regime refuse Kaohsiung's people outright; the rest answer what is theirs.
  const refused = new Set(['nhiPurges', 'nhiCleanupCandidates', 'nhiEvidencePack', 'nhiChiefChanges']);

  it.each(fields.map((f) => [f.name, f] as const))('TN-7.4 KH-7 %s: Kaohsiung\'s IT centre, agency administrator and querier get nothing of Tainan', async (_, field) => {
    const tainan = await tainanIds();
    for (const persona of ['khIt', 'khAdmin', 'khQuerier'] as const) {
      const q = queryOf(field, argsFor(field, required()));
      const res = await stack.as(persona)(q.query, q.variables);
      if (refused.has(field.name)) expect(codes(res), persona).toEqual(['FORBIDDEN']);
      else expect(res.errors, `${persona}: ${JSON.stringify(res.errors)}`).toBeUndefined();
      expect([...uuidsIn(res.data)].filter((id) => tainan.has(id)), persona).toEqual([]);
    }
  });
});
