import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { truncateAll } from '@webir/db/testing';
import { makeNationalId } from '@webir/kit';
import { burst, expectOneWinner, onPostgres } from '../helpers/concurrency.ts';
import { seedFixture } from '../helpers/fixture.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { APPROVE, enrol, FILE, SIGN, userApplication } from '../helpers/tainan.ts';

/**
 * Tainan's "only one" and "only while" rules under competing requests: each mutation is sent at least
 * ten times at once through the gateway, and exactly one may take effect. PostgreSQL only: PGlite has
 * one connection, so requests never overlap there and the race cannot happen.
 */
const clock = new Date('2026-03-02T09:00:00+08:00');
let stack: TestStack;
beforeAll(async () => {
  if (onPostgres) stack = await startTestStack({ now: () => clock });
});
afterAll(() => stack?.stop());
beforeEach(async () => {
  if (!onPostgres) return;
  await truncateAll(stack.database);
  stack.fixture = await seedFixture(stack.database, stack.cipher);
  await enrol(stack, stack.fixture.agency.social);
});

const { applications, applicationSignoffs, permissions, people, queryRequests, usageImports, enrolments } = tables;
const N = 10;

/** An application that has its three sign-offs (the signing itself is proven elsewhere), as SUBMITTED. */
async function submitted(agencyId: string, applicantId: string, extra: Partial<typeof applications.$inferInsert> = {}): Promise<string> {
  const [person] = await stack.database.db.select().from(people).where(eq(people.id, applicantId));
  const [row] = await stack.database.db
    .insert(applications)
    .values({
      number: `F1-TEST-${Math.random().toString(16).slice(2, 10)}`,
      form: 'ADMINISTRATOR',
      kind: 'NEW',
      agencyId,
      applicantId,
      section: '行政科',
      phone: '06-2991111',
      email: 'admin@mail.tainan.gov.tw',
      myegovAccount: person!.myegovAccount!,
      adminAction: 'ADD',
      reason: '新任機關管理者，辦理帳號管理業務',
      privacyAcknowledged: true,
      appliedOn: '2026-03-01',
      status: 'SUBMITTED',
      createdById: applicantId,
      createdAt: clock,
      ...extra,
    })
    .returning();
  return row!.id;
}

const activeAdmins = async (agencyId: string) =>
  (await stack.database.db.select({ n: count() }).from(permissions).where(and(eq(permissions.agencyId, agencyId), eq(permissions.regimeCode, 'TN_NHI'), eq(permissions.role, 'AGENCY_ADMIN'), eq(permissions.status, 'ACTIVE'))))[0]!.n;

describe.skipIf(!onPostgres)('Tainan NHI rules under concurrent requests (PostgreSQL only: PGlite serialises every statement)', () => {
  it(`TN-3.1 ${N} approvals of new administrators for one agency at once: one administrator, the others refused by TN-3.1`, async () => {
    const labour = stack.fixture.agency.labour;
    await enrol(stack, labour);
    const applicants = await stack.database.db
      .insert(people)
      .values(Array.from({ length: N }, (_, i) => ({ name: `勞工局同仁${i}`, agencyId: labour, myegovAccount: `t.labour.${i}` })))
      .returning();
    const ids = await Promise.all(applicants.map((p) => submitted(labour, p.id)));
    const answers = await burst(N, (i) => stack.as('chief')(APPROVE, { id: ids[i] }));
    expectOneWinner(answers, ['RULE_VIOLATION']);
    for (const a of answers.filter((a) => a.errors)) expect(a.errors![0]!.extensions!.rule).toBe('TN-3.1');
    expect(await activeAdmins(labour)).toBe(1);
    const decided = await stack.database.db.select({ n: count() }).from(applications).where(eq(applications.status, 'APPROVED'));
    expect(decided[0]!.n).toBe(1);
  });

  it(`TN-3.1 ${N} changes of the chief administrator at once: exactly one chief administrator after`, async () => {
    const health = stack.fixture.agency.health;
    const successors = await stack.database.db
      .insert(people)
      .values(Array.from({ length: N }, (_, i) => ({ name: `衛生局同仁${i}`, agencyId: health, myegovAccount: `t.health.${i}` })))
      .returning();
    const CHANGE = `mutation($input: NhiChiefChangeInput!) { changeNhiChiefAdministrator(input: $input) { id } }`;
    const answers = await burst(N, (i) => stack.as('chief')(CHANGE, { input: { toId: successors[i]!.id } }));
    expectOneWinner(answers, ['CONFLICT']);
    const chiefs = await stack.database.db.select({ n: count() }).from(permissions).where(and(eq(permissions.regimeCode, 'TN_NHI'), eq(permissions.role, 'CHIEF_ADMIN'), eq(permissions.status, 'ACTIVE')));
    expect(chiefs[0]!.n).toBe(1);
  });

  it('TN-5.2 the same sign-off sent 20 times at once: signed once, the others refused by TN-5.2', async () => {
    const filed = await stack.as('user')(FILE, { input: userApplication(stack) });
    const id = filed.data!.fileNhiApplication.id;
    const answers = await burst(20, () => stack.as('user')(SIGN, { id, role: 'APPLICANT' }));
    expectOneWinner(answers, ['RULE_VIOLATION']);
    for (const a of answers.filter((a) => a.errors)) expect(a.errors![0]!.extensions!.rule).toBe('TN-5.2');
    expect((await stack.database.db.select({ n: count() }).from(applicationSignoffs).where(eq(applicationSignoffs.applicationId, id)))[0]!.n).toBe(1);
  });

  it(`TN-5.3 an application approved ${N} times at once: decided once, the item granted once`, async () => {
    const id = await submitted(stack.fixture.agency.social, stack.fixture.person.user, { form: 'USER', kind: 'CHANGE', adminAction: null, itemChanges: [{ item: '03', action: 'ADD' }] });
    const answers = await burst(N, () => stack.as('socialAdmin')(APPROVE, { id }));
    expectOneWinner(answers, ['CONFLICT']);
    const granted = await stack.database.db.select({ n: count() }).from(permissions).where(and(eq(permissions.formId, id), eq(permissions.serviceItemId, 'TN_NHI:03')));
    expect(granted[0]!.n).toBe(1);
  });

  it(`TN-5.3 approvals and rejections of one application at once (${N}): one decision, and the grant only if it was the approval`, async () => {
    const id = await submitted(stack.fixture.agency.social, stack.fixture.person.user, { form: 'USER', kind: 'CHANGE', adminAction: null, itemChanges: [{ item: '03', action: 'ADD' }] });
    const REJECT = `mutation($id: ID!, $note: String!) { rejectNhiApplication(id: $id, note: $note) { id status } }`;
    const answers = await burst(N, (i) => (i % 2 ? stack.as('socialAdmin')(REJECT, { id, note: '資料不全' }) : stack.as('socialAdmin')(APPROVE, { id })));
    const winner = expectOneWinner(answers, ['CONFLICT']);
    const status = winner.data!.approveNhiApplication?.status ?? winner.data!.rejectNhiApplication?.status;
    const [row] = await stack.database.db.select().from(applications).where(eq(applications.id, id));
    expect(row!.status).toBe(status);
    const granted = await stack.database.db.select({ n: count() }).from(permissions).where(eq(permissions.formId, id));
    expect(granted[0]!.n).toBe(status === 'APPROVED' ? 1 : 0);
  });

  it(`TN-7.1 a query request approved ${N} times at once: decided once`, async () => {
    const filed = await stack.as('user')(`mutation($input: NhiQueryRequestInput!) { fileNhiQueryRequest(input: $input) { id } }`, {
      input: { subjectName: '個案', subjectNationalId: makeNationalId('D', 2, 111_111), items: ['01'], purpose: '低收入戶資格複查', legalBasis: '社會救助法' },
    });
    const id = filed.data!.fileNhiQueryRequest.id;
    const answers = await burst(N, () => stack.as('supervisor')(`mutation($id: ID!) { approveNhiQueryRequest(id: $id) { id status } }`, { id }));
    expectOneWinner(answers, ['CONFLICT']);
    const [row] = await stack.database.db.select().from(queryRequests).where(eq(queryRequests.id, id));
    expect(row!.status).toBe('APPROVED');
  });

  it('TN-7.1 the same usage file imported 20 times at once: imported once, the others CONFLICT', async () => {
    const csv = ['queried_at,myegov_account,item,subject_id,request_number', ...Array.from({ length: 50 }, (_, i) => `2026-03-01T0${i % 10}:${String(i).padStart(2, '0')}:00+08:00,t.user,01,${makeNationalId('D', 1, 500_000 + i)},`)].join('\n');
    const IMPORT = `mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { id rows } }`;
    const answers = await burst(20, () => stack.as('chief')(IMPORT, { input: { fileName: 'webir-2026-03.csv', csv } }));
    expectOneWinner(answers, ['CONFLICT']);
    expect((await stack.database.db.select({ n: count() }).from(usageImports))[0]!.n).toBe(1);
    expect((await stack.database.db.select({ n: count() }).from(tables.usageRecords))[0]!.n).toBe(50);
  });

  it(`TN-2.1 one agency enrolled ${N} times at once: one active enrolment`, async () => {
    const labour = stack.fixture.agency.labour;
    const ENROL = `mutation($input: EnrolAgencyInput!) { enrolAgency(input: $input) { id } }`;
    const answers = await burst(N, () => stack.as('chief')(ENROL, { input: { agencyId: labour, purpose: 'SOCIAL', legalBasis: 'SOCIAL_3' } }));
    expectOneWinner(answers, ['CONFLICT']);
    expect((await stack.database.db.select({ n: count() }).from(enrolments).where(eq(enrolments.agencyId, labour)))[0]!.n).toBe(1);
  });

  it(`TN-2.2 one enrolment terminated ${N} times at once: ended once`, async () => {
    const [enrolment] = await stack.database.db.select().from(enrolments).where(eq(enrolments.agencyId, stack.fixture.agency.social));
    const TERMINATE = `mutation($id: ID!) { terminateNhiEnrolment(id: $id, reason: "業務終止") { id status } }`;
    const answers = await burst(N, () => stack.as('chief')(TERMINATE, { id: enrolment!.id }));
    expectOneWinner(answers, ['CONFLICT']);
  });

  it(`TN-2.1 ${N} approvals at an agency while its enrolment is terminated: no NHI permission stays active at the terminated agency`, async () => {
    const social = stack.fixture.agency.social;
    const items = Array.from({ length: N }, (_, i) => String(3 + i).padStart(2, '0'));
    const ids = await Promise.all(items.map((item) => submitted(social, stack.fixture.person.user, { form: 'USER', kind: 'CHANGE', adminAction: null, itemChanges: [{ item, action: 'ADD' }] })));
    const [enrolment] = await stack.database.db.select().from(enrolments).where(eq(enrolments.agencyId, social));
    const TERMINATE = `mutation($id: ID!) { terminateNhiEnrolment(id: $id, reason: "業務終止") { id status } }`;
    const [terminated, ...answers] = await Promise.all([stack.as('chief')(TERMINATE, { id: enrolment!.id }), ...ids.map((id) => stack.as('socialAdmin')(APPROVE, { id }))]);
    expect(terminated!.errors, JSON.stringify(terminated!.errors)).toBeUndefined();
    for (const a of answers) expect(a.status).toBe(200);
    for (const a of answers.filter((a) => a.errors)) expect(a.errors![0]!.extensions, JSON.stringify(a.errors)).toMatchObject({ code: 'RULE_VIOLATION', rule: 'TN-2.1' });
    const active = await stack.database.db.select({ n: count() }).from(permissions).where(and(eq(permissions.agencyId, social), eq(permissions.regimeCode, 'TN_NHI'), eq(permissions.status, 'ACTIVE')));
    expect(active[0]!.n).toBe(0);
  });

  it(`TN-8.1 one month's sample drawn ${N} times at once, and one quarter reviewed ${N} times at once: each once`, async () => {
    const DRAW = `mutation($input: NhiSampleInput!) { drawNhiMonthlySample(input: $input) { id } }`;
    const REVIEW = `mutation($input: NhiQuarterlyReviewInput!) { recordNhiQuarterlyReview(input: $input) { id } }`;
    const agencyId = stack.fixture.agency.social;
    expectOneWinner(await burst(N, () => stack.as('socialAdmin')(DRAW, { input: { agencyId, month: '2026-02' } })), ['CONFLICT']);
    expectOneWinner(await burst(N, () => stack.as('socialAdmin')(REVIEW, { input: { agencyId, quarter: '2025-Q4', summary: '本季查詢均有申請紀錄' } })), ['CONFLICT']);
  });
});
