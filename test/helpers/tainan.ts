import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { truncateAll } from '@webir/db/testing';
import { seedFixture, type Fixture, type PersonKey } from './fixture.ts';
import { startTestStack, type TestStack } from './stack.ts';

/** Steps of the Tainan regime, through the gateway, for tests to build on. */
export const ENROL = `mutation($input: EnrolAgencyInput!) { enrolAgency(input: $input) { id status enrolledOn nextReviewDue reviewOverdue agency { name } purpose { code } legalBasis { code text } } }`;
export const FILE = `mutation($input: NhiApplicationInput!) { fileNhiApplication(input: $input) { id number status form kind approverRole applicant { name } agency { name } } }`;
export const SIGN = `mutation($id: ID!, $role: NhiSignoffRole!) { signNhiApplication(id: $id, role: $role) { id status signoffs { step role signer { name } } } }`;
export const APPROVE = `mutation($id: ID!, $input: ApproveNhiApplicationInput) { approveNhiApplication(id: $id, input: $input) { id status accessOpensOn retainUntil approver { name } } }`;

export async function enrol(stack: TestStack, agencyId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await stack.as('chief')(ENROL, { input: { agencyId, purpose: 'SOCIAL', legalBasis: 'SOCIAL_3', ...extra } });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.enrolAgency.id;
}

export const userApplication = (stack: TestStack, extra: Record<string, unknown> = {}) => ({
  form: 'USER',
  kind: 'CHANGE',
  agencyId: stack.fixture.agency.social,
  section: '社會救助科',
  phone: '06-2991111#8123',
  email: 'user@mail.tainan.gov.tw',
  myegovAccount: stack.fixture.account.user,
  itemChanges: [{ item: '03', action: 'ADD' }],
  reason: '辦理社會救助低收入戶資格審查，需查詢自付保險費明細',
  privacyAcknowledged: true,
  ...extra,
});

/** Files as `filer`, then signs in order by the given people (applicant, section chief, agency head). */
export async function fileAndSign(stack: TestStack, filer: PersonKey, input: Record<string, unknown>, signers: PersonKey[]): Promise<string> {
  const filed = await stack.as(filer)(FILE, { input });
  expect(filed.errors, JSON.stringify(filed.errors)).toBeUndefined();
  const id = filed.data!.fileNhiApplication.id;
  const roles = ['APPLICANT', 'SECTION_CHIEF', 'AGENCY_HEAD'];
  for (const [i, signer] of signers.entries()) {
    const signed = await stack.as(signer)(SIGN, { id, role: roles[i] });
    expect(signed.errors, JSON.stringify(signed.errors)).toBeUndefined();
  }
  return id;
}

/**
 * One whole stack per test file, and before each test a fresh directory with these agencies
 * enrolled. Returns a stand-in that always points at the file's stack.
 */
export function stackWithFreshDirectory(enrolled: (keyof Fixture['agency'])[] = []): TestStack {
  let current: TestStack | undefined;
  beforeAll(async () => {
    current = await startTestStack();
  });
  afterAll(() => current?.stop());
  beforeEach(async () => {
    await truncateAll(current!.database);
    current!.fixture = await seedFixture(current!.database, current!.cipher);
    for (const key of enrolled) await enrol(current!, current!.fixture.agency[key]);
  });
  return new Proxy({} as TestStack, {
    get: (_, property) => Reflect.get(current!, property),
    set: (_, property, value) => Reflect.set(current!, property, value),
  });
}
