import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBulkKhRecords, KH_FORMS_PAGE, KH_REGISTRATIONS_PAGE } from '../helpers/bulk.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/** Every Kaohsiung list is batched: a page of 500 costs as many statements as a page of 10. */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
  await addBulkKhRecords(stack.database, stack.cipher, stack.fixture, 600);
}, 120_000);
afterAll(() => stack?.stop());

const REGISTRATIONS = KH_REGISTRATIONS_PAGE;
const FORMS = KH_FORMS_PAGE;

async function statementsFor(query: string, first: number) {
  const before = stack.database.statements.count;
  const res = await stack.as('khAdmin')(query, { first });
  expect(res.errors).toBeUndefined();
  const list = Object.values(res.data!)[0] as { edges: { node: Record<string, any> }[] };
  return { statements: stack.database.statements.count - before, edges: list.edges };
}

describe('batched loading (DataLoader) of the Kaohsiung regime through the gateway', () => {
  it('a page of 500 registrations with requesters, approvers, agencies, approvals and items costs as much as a page of 10', async () => {
    const small = await statementsFor(REGISTRATIONS, 10);
    const large = await statementsFor(REGISTRATIONS, 500);
    expect(large.edges).toHaveLength(500);
    expect(large.edges[1]!.node).toMatchObject({ category: 'C0101', requester: { name: '許查詢' }, approver: { name: '郭科長' }, agency: { name: '高雄市政府社會局', khRequestingAgency: { status: 'APPROVED' }, khItems: [{ item: 'C0101' }] } });
    expect(large.edges[0]!.node.subjectIdMasked).toMatch(/^E\d{2}\*{4}\d{3}$/);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(20);
  });

  it('a page of 500 forms with applicants, agencies and every sign-off costs as much as a page of 10', async () => {
    const small = await statementsFor(FORMS, 10);
    const large = await statementsFor(FORMS, 500);
    expect(large.edges).toHaveLength(500);
    expect(large.edges[0]!.node.signoffs.map((s: { role: string; signer: { name: string } }) => `${s.role}:${s.signer.name}`)).toEqual(['APPLICANT:葉新進', 'SECTION_CHIEF:郭科長', 'AGENCY_HEAD:謝局長']);
    expect(large.edges[0]!.node.nextStep).toMatch(/agency administrator/);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(20);
  });
});
