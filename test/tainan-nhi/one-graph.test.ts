import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '@webir/db';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { enrol, fileAndSign, userApplication } from '../helpers/tainan.ts';

let stack: TestStack;
let applicationNumber = '';
beforeAll(async () => {
  stack = await startTestStack();
  await enrol(stack, stack.fixture.agency.social);
  const id = await fileAndSign(stack, 'user', userApplication(stack), ['user', 'supervisor', 'socialHead']);
  applicationNumber = (await stack.as('socialAdmin')(`mutation($id: ID!) { approveNhiApplication(id: $id) { number } }`, { id })).data!.approveNhiApplication.number;
  // Sixty more enrolled district offices with an administrator each, for the batching check.
  const { db } = stack.database;
  const offices = await db
    .insert(tables.agencies)
    .values(Array.from({ length: 60 }, (_, i) => ({ code: `3959${String(i).padStart(5, '0')}D`, name: `測試區公所${i}`, level: 'DISTRICT_OFFICE' as const, city: 'TAINAN' })))
    .returning();
  await db.insert(tables.enrolments).values(offices.map((o) => ({ agencyId: o.id, purpose: 'SOCIAL', legalBasis: 'SOCIAL_3', enrolledOn: '2026-01-01', nextReviewDue: '2027-01-01', createdAt: stack.now() })));
}, 120_000);
afterAll(() => stack?.stop());

describe('one graph: the regime’s fields on the core entities', () => {
  it('shows an agency’s NHI enrolment, applications, roster with the forms that granted it, in one query', async () => {
    const res = await stack.as('socialAdmin')(
      `query($id: ID!) { agency(id: $id) { name nhiEnrolment { status purpose { name } } nhiApplications { number status applicant { name } }
        permissions(regime: "TN_NHI") { person { name } role serviceItem { code } nhiApplication { number } } nhiAudits { kind } nhiQuarterlyReviews { quarter } } }`,
      { id: stack.fixture.agency.social },
    );
    expect(res.errors).toBeUndefined();
    const agency = res.data!.agency;
    expect(agency.nhiEnrolment).toEqual({ status: 'ACTIVE', purpose: { name: '社政類' } });
    expect(agency.nhiApplications).toEqual([{ number: applicationNumber, status: 'APPROVED', applicant: { name: '陳使用' } }]);
    expect(agency.permissions).toContainEqual({ person: { name: '陳使用' }, role: 'USER', serviceItem: { code: '03' }, nhiApplication: { number: applicationNumber } });
    expect(agency.permissions).toContainEqual({ person: { name: '陳使用' }, role: 'USER', serviceItem: { code: '01' }, nhiApplication: null });
  });

  it('shows a person’s NHI applications and query requests beside their directory entry', async () => {
    const res = await stack.as('supervisor')(`{ me { staff { name nhiApplications { number } nhiQueryRequests { number } } } }`);
    expect(res.data!.me.staff.find((s: { name: string }) => s.name === '陳使用')).toEqual({ name: '陳使用', nhiApplications: [{ number: applicationNumber }], nhiQueryRequests: [] });
  });

  it('loads the regime’s fields for a page of agencies in a bounded number of statements, whatever its size', async () => {
    const query = `query($n: Int!) { agencies(first: $n, filter: { city: TAINAN }) { edges { node { name nhiEnrolment { status reviews { stillNeeded } }
      nhiApplications { number } nhiAudits { kind } permissions(regime: "TN_NHI") { role nhiApplication { number } } } } } }`;
    const statements = async (n: number) => {
      const before = stack.database.statements.count;
      const res = await stack.as('chief')(query, { n });
      expect(res.errors).toBeUndefined();
      expect(res.data!.agencies.edges.length).toBe(Math.min(n, 65));
      return stack.database.statements.count - before;
    };
    const small = await statements(5);
    const large = await statements(65);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(16);
  });
});
