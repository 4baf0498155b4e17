import { describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { tables } from '@webir/db';
import { taipeiDay } from '@webir/kit';
import { codes } from '../helpers/client.ts';
import { ENROL, enrol, FILE, stackWithFreshDirectory, userApplication } from '../helpers/tainan.ts';

const stack = stackWithFreshDirectory([]);

const enrolments = async () => (await stack.database.db.select({ n: count() }).from(tables.enrolments))[0]!.n;

describe('TN-2.1 enrolment under a listed purpose and its legal basis', () => {
  it('TN-2.1 enrols an agency under a purpose and one of its legal bases', async () => {
    const res = await stack.as('chief')(ENROL, { input: { agencyId: stack.fixture.agency.social, purpose: 'SOCIAL', legalBasis: 'SOCIAL_3', enrolledOn: '2026-01-02' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.enrolAgency).toMatchObject({ status: 'ACTIVE', enrolledOn: '2026-01-02', nextReviewDue: '2027-01-02', agency: { name: '臺南市政府社會局' }, purpose: { code: 'SOCIAL' }, legalBasis: { code: 'SOCIAL_3' } });
    expect(res.data!.enrolAgency.legalBasis.text).toMatch(/社會救助法/);
  });

  it('TN-2.1 lists the purposes and their bases: 社政 4, 警政 1, 交通 1, 衛生 5, 其他', async () => {
    const res = await stack.as('user')(`{ nhiPurposes { code legalBases { code } } }`);
    expect(Object.fromEntries(res.data!.nhiPurposes.map((p: { code: string; legalBases: unknown[] }) => [p.code, p.legalBases.length]))).toEqual({ SOCIAL: 4, POLICE: 1, TRANSPORT: 1, HEALTH: 5, OTHER: 1 });
  });

  it('TN-2.1 refuses an unlisted purpose, a basis of another purpose, and OTHER without the law, writing nothing', async () => {
    for (const input of [
      { purpose: 'FUN', legalBasis: 'SOCIAL_1' },
      { purpose: 'POLICE', legalBasis: 'SOCIAL_1' },
      { purpose: 'OTHER', legalBasis: 'OTHER' },
    ]) {
      const res = await stack.as('chief')(ENROL, { input: { agencyId: stack.fixture.agency.social, ...input } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    }
    expect(await enrolments()).toBe(0);
    const other = await stack.as('chief')(ENROL, { input: { agencyId: stack.fixture.agency.social, purpose: 'OTHER', legalBasis: 'OTHER', legalBasisNote: '公職人員利益衝突迴避法第 X 條：身分查核' } });
    expect(other.errors).toBeUndefined();
  });

  it('TN-2.1 lets only the chief administrator enrol, only Tainan agencies, and only once', async () => {
    expect(codes(await stack.as('socialAdmin')(ENROL, { input: { agencyId: stack.fixture.agency.social, purpose: 'SOCIAL', legalBasis: 'SOCIAL_1' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.as('auditor')(ENROL, { input: { agencyId: stack.fixture.agency.social, purpose: 'SOCIAL', legalBasis: 'SOCIAL_1' } }))).toEqual(['FORBIDDEN']);
    const kh = await stack.as('chief')(ENROL, { input: { agencyId: stack.fixture.agency.khSocial, purpose: 'SOCIAL', legalBasis: 'SOCIAL_1' } });
    expect(codes(kh)).toEqual(['RULE_VIOLATION']);
    expect(kh.errors![0]!.extensions!.rule).toBe('TN-2.1');
    await enrol(stack, stack.fixture.agency.social);
    expect(codes(await stack.as('chief')(ENROL, { input: { agencyId: stack.fixture.agency.social, purpose: 'SOCIAL', legalBasis: 'SOCIAL_1' } }))).toEqual(['CONFLICT']);
    expect(await enrolments()).toBe(1);
  });

  it('TN-2.1 refuses an application at an agency that is not enrolled, writing nothing', async () => {
    const res = await stack.as('user')(FILE, { input: userApplication(stack) });
    expect(codes(res)).toEqual(['RULE_VIOLATION']);
    expect(res.errors![0]!.extensions!.rule).toBe('TN-2.1');
    expect((await stack.database.db.select({ n: count() }).from(tables.applications))[0]!.n).toBe(0);
  });
});

describe('TN-2.2 yearly review and termination (終止連結)', () => {
  it('TN-2.2 reports an enrolment whose yearly review is overdue, and a review clears it for a year', async () => {
    const id = await enrol(stack, stack.fixture.agency.social, { enrolledOn: '2024-03-01' });
    await enrol(stack, stack.fixture.agency.district);
    const overdue = await stack.as('chief')(`query($on: Date!) { nhiEnrolments(filter: { reviewOverdueOn: $on }) { totalCount edges { node { id reviewOverdue nextReviewDue agency { name } } } } }`, {
      on: taipeiDay(stack.now()),
    });
    expect(overdue.data!.nhiEnrolments.totalCount).toBe(1);
    expect(overdue.data!.nhiEnrolments.edges[0].node).toMatchObject({ id, reviewOverdue: true, nextReviewDue: '2025-03-01', agency: { name: '臺南市政府社會局' } });

    const reviewed = await stack.as('socialAdmin')(`mutation($id: ID!) { reviewNhiEnrolment(id: $id, input: { stillNeeded: true, note: "仍辦理低收入戶審查" }) { reviewOverdue nextReviewDue reviews { stillNeeded reviewer { name } } } }`, { id });
    expect(reviewed.errors).toBeUndefined();
    expect(reviewed.data!.reviewNhiEnrolment.reviewOverdue).toBe(false);
    expect(reviewed.data!.reviewNhiEnrolment.reviews).toEqual([{ stillNeeded: true, reviewer: { name: '林社管' } }]);
    expect(codes(await stack.as('districtAdmin')(`mutation($id: ID!) { reviewNhiEnrolment(id: $id, input: { stillNeeded: true }) { id } }`, { id }))).toEqual(['FORBIDDEN']);
  });

  it('TN-2.2 terminating an enrolment ends every NHI permission at the agency in one step, and nothing elsewhere', async () => {
    const id = await enrol(stack, stack.fixture.agency.social);
    const before = await stack.as('chief')(`{ permissions(first: 100, filter: { regime: "TN_NHI", status: ACTIVE }) { totalCount edges { node { agency { name } } } } }`);
    const atSocial = before.data!.permissions.edges.filter((e: { node: { agency: { name: string } } }) => e.node.agency.name === '臺南市政府社會局').length;
    expect(atSocial).toBe(4);

    const res = await stack.as('chief')(`mutation($id: ID!) { terminateNhiEnrolment(id: $id, reason: "業務移撥，已無需求") { status terminationReason terminatedBy { name } agency { nhiEnrolment { status } } } }`, { id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.terminateNhiEnrolment).toMatchObject({ status: 'TERMINATED', terminatedBy: { name: '王總管' }, agency: { nhiEnrolment: { status: 'TERMINATED' } } });

    const after = await stack.as('chief')(`{ permissions(first: 100, filter: { regime: "TN_NHI", status: ACTIVE }) { totalCount } }`);
    expect(after.data!.permissions.totalCount).toBe(before.data!.permissions.totalCount - atSocial);
    const revoked = await stack.as('chief')(`query($a: ID!) { agency(id: $a) { permissions(status: REVOKED) { revokeReason revokedBy { name } } } }`, { a: stack.fixture.agency.social });
    expect(revoked.data!.agency.permissions).toHaveLength(atSocial);
    for (const p of revoked.data!.agency.permissions) expect(p).toMatchObject({ revokeReason: '終止連結: 業務移撥，已無需求', revokedBy: { name: '王總管' } });

    expect(codes(await stack.as('chief')(`mutation($id: ID!) { terminateNhiEnrolment(id: $id, reason: "again") { id } }`, { id }))).toEqual(['CONFLICT']);
  });

  it('TN-2.2 refuses a termination by anyone but the chief administrator, and without a reason', async () => {
    const id = await enrol(stack, stack.fixture.agency.social);
    expect(codes(await stack.as('socialAdmin')(`mutation($id: ID!) { terminateNhiEnrolment(id: $id, reason: "x") { id } }`, { id }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.as('chief')(`mutation($id: ID!) { terminateNhiEnrolment(id: $id, reason: " ") { id } }`, { id }))).toEqual(['BAD_USER_INPUT']);
    const active = await stack.as('chief')(`{ permissions(filter: { regime: "TN_NHI", status: ACTIVE }) { totalCount } }`);
    expect(active.data!.permissions.totalCount).toBeGreaterThan(0);
  });
});
