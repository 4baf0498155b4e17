import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { tables } from '@webir/db';
import { codes } from './helpers/client.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

const REVEAL = `query($id: ID!, $reason: String!) { person(id: $id) { name nationalIdMasked nationalId(reason: $reason) } }`;
const logged = async () => (await stack.database.db.select({ n: count() }).from(tables.piiReads))[0]!.n;

describe('X-5 personal identifiers: encrypted, masked, every unmasked read logged', () => {
  it('X-5 stores no identifier in the clear anywhere in the people table', async () => {
    const rows = await stack.database.db.select().from(tables.people);
    const text = JSON.stringify(rows);
    for (const id of Object.values(stack.fixture.nationalId)) expect(text).not.toContain(id);
  });

  it('X-5 masks identifiers in every answer (A12****789)', async () => {
    const res = await stack.as('auditor')(`{ people(first: 50) { edges { node { nationalIdMasked } } } }`);
    const masked = res.data!.people.edges.map((e: { node: { nationalIdMasked: string } }) => e.node.nationalIdMasked);
    expect(masked.length).toBeGreaterThan(5);
    for (const m of masked) expect(m).toMatch(/^[A-Z][0-9]{2}\*\*\*\*[0-9]{3}$/);
  });

  it('X-5 unmasks for the agency administrator and logs who, whose, when and why', async () => {
    const before = await logged();
    const res = await stack.as('socialAdmin')(REVEAL, { id: stack.fixture.person.user, reason: '附表二 審核核對身分' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.person.nationalId).toBe(stack.fixture.nationalId.user);
    expect(await logged()).toBe(before + 1);

    const log = await stack.as('user')(`{ unmaskedReads(first: 5) { totalCount edges { node { readerName reader { name } subject { name } field reason readAt requestId } } } }`);
    expect(log.errors).toBeUndefined();
    const entry = log.data!.unmaskedReads.edges[0].node;
    expect(entry).toMatchObject({ readerName: '林社管', subject: { name: '陳使用' }, field: 'nationalId', reason: '附表二 審核核對身分' });
    expect(stack.now().getTime() - Date.parse(entry.readAt)).toBeLessThan(60_000); // logged on the stack's clock
    expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('X-5 unmasks for the person themselves and for their city\'s chief administrator', async () => {
    expect((await stack.as('user')(REVEAL, { id: stack.fixture.person.user, reason: '自行確認資料' })).data?.person.nationalId).toBe(stack.fixture.nationalId.user);
    expect((await stack.as('chief')(REVEAL, { id: stack.fixture.person.user, reason: '帳號清查核對' })).data?.person.nationalId).toBe(stack.fixture.nationalId.user);
  });

  it('X-5 refuses the clear value to an auditor, a supervisor and another agency, logging nothing', async () => {
    const before = await logged();
    for (const who of ['auditor', 'supervisor'] as const) {
      const res = await stack.as(who)(REVEAL, { id: stack.fixture.person.user, reason: '想看看這個號碼' });
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data?.person).toMatchObject({ name: '陳使用', nationalId: null });
      expect(res.data?.person.nationalIdMasked).toMatch(/\*\*\*\*/);
    }
    expect(await logged()).toBe(before);
  });

  it('X-5 refuses an unmasked read without a reason, logging nothing', async () => {
    const before = await logged();
    const res = await stack.as('chief')(REVEAL, { id: stack.fixture.person.user, reason: ' ' });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(await logged()).toBe(before);
  });

  it('X-5 logs each identifier of a page in one batched write', async () => {
    const before = await logged();
    const statementsBefore = stack.database.statements.count;
    const res = await stack.as('chief')(`{ people(first: 20, filter: { agencyId: "${stack.fixture.agency.social}" }) { edges { node { nationalId(reason: "季審核名冊比對") } } } }`);
    expect(res.errors).toBeUndefined();
    // The social bureau's five people (its head, 劉局長, among them), one read each.
    expect(await logged()).toBe(before + 5);
    // caller (2) + scope (1) + page (1) + one insert for the five reads
    expect(stack.database.statements.count - statementsBefore).toBeLessThanOrEqual(6);
  });

  it('X-5 lets the chief administrator read the log of their city, filtered by subject', async () => {
    const res = await stack.as('chief')(`query($s: ID!) { unmaskedReads(filter: { subjectId: $s }) { totalCount } }`, { s: stack.fixture.person.user });
    expect(res.data?.unmaskedReads.totalCount).toBeGreaterThanOrEqual(4);
    const outsider = await stack.as('khIt')(`query($s: ID!) { unmaskedReads(filter: { subjectId: $s }) { totalCount } }`, { s: stack.fixture.person.user });
    expect(outsider.data?.unmaskedReads.totalCount).toBe(0);
  });
});
