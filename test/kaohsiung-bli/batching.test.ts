import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '@webir/db';
import { makeNationalId } from '@webir/kit';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/** Every Kaohsiung list is batched: a page of 500 costs as many statements as a page of 10. */
let stack: TestStack;
const at = new Date('2026-03-02T09:00:00+08:00');

beforeAll(async () => {
  stack = await startTestStack();
  const { db } = stack.database;
  const { agency, person } = stack.fixture;
  await db.insert(tables.khRequestingAgencies).values({ agencyId: agency.khSocial, legalBasis: '社會救助法', approvedOn: '2026-01-05', approvedById: person.khLabour, createdAt: at });
  await db.insert(tables.khItemHoldings).values({ level: 'AGENCY', agencyId: agency.khSocial, item: 'C0101', legalBasis: '社會救助法', decisionReference: 'bulk', grantedAt: at, grantedById: person.khIt });
  await db.insert(tables.khRegistrations).values(
    Array.from({ length: 600 }, (_, i) => {
      const id = makeNationalId('E', ((i % 2) + 1) as 1 | 2, 300_000 + i);
      return {
        number: `R1-BULK-${i}`,
        requesterId: i % 2 ? person.khQuerier : person.khNewcomer,
        agencyId: agency.khSocial,
        subjectName: `個案${i}`,
        subjectIdEnc: stack.cipher.encrypt(id),
        subjectIdHash: stack.cipher.hash(id),
        items: ['C0101'],
        legalBasis: '社會救助法',
        reason: '資格審查',
        dutyRelation: '審核家庭總收入',
        status: 'APPROVED',
        requestedAt: new Date(at.getTime() + i * 60_000),
        approverId: person.khSupervisor,
        decidedAt: new Date(at.getTime() + i * 60_000 + 1000),
        retainUntil: '2031-03-02',
      };
    }),
  );
  const forms = await db
    .insert(tables.khForms)
    .values(
      Array.from({ length: 600 }, (_, i) => ({
        number: `K3-BULK-${i}`,
        form: 'QUERIER',
        action: 'ADD',
        agencyId: agency.khSocial,
        applicantId: i % 2 ? person.khQuerier : person.khNewcomer,
        section: '社會救助科',
        phone: '07-3373373',
        email: 'bulk@kcg.gov.tw',
        itemChanges: [{ item: 'C0101', action: 'ADD' as const, decision: null, bliDecision: null }],
        appliedOn: '2026-03-02',
        status: 'SETUP',
        createdById: person.khAdmin,
        createdAt: new Date(at.getTime() + i * 60_000),
      })),
    )
    .returning({ id: tables.khForms.id });
  await db.insert(tables.khFormSignoffs).values(
    forms.flatMap((f, i) =>
      (['APPLICANT', 'SECTION_CHIEF', 'AGENCY_HEAD'] as const).map((role, step) => ({
        applicationId: f.id,
        step: step + 1,
        role,
        signerId: [i % 2 ? person.khQuerier : person.khNewcomer, person.khSupervisor, person.khHead][step]!,
        signedAt: at,
      })),
    ),
  );
}, 120_000);
afterAll(() => stack?.stop());

const REGISTRATIONS = `query($first: Int!) { khRegistrations(first: $first) { totalCount edges { node { number subjectIdMasked category
  requester { name khAccounts { kind } } approver { name } agency { name khRequestingAgency { status } khItems { item } } } } } }`;
const FORMS = `query($first: Int!) { khForms(first: $first) { totalCount edges { node { number status nextStep copiesComplete
  applicant { name } agency { name } signoffs { role signer { name } } } } } }`;

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
