import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { truncateAll } from '@webir/db/testing';
import { codes } from '../helpers/client.ts';
import { seedFixture } from '../helpers/fixture.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { enrol } from '../helpers/tainan.ts';

// X-3 as one query: the merge, the statuses, who must act, and what is refused. Each regime's own
// entries are proven in its participant's tests beside this file.
let clock = new Date('2026-01-05T09:00:00+08:00');
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ now: () => clock });
});
afterAll(() => stack?.stop());
beforeEach(async () => {
  clock = new Date('2026-01-05T09:00:00+08:00');
  await truncateAll(stack.database);
  stack.fixture = await seedFixture(stack.database, stack.cipher);
  await enrol(stack, stack.fixture.agency.social);
  clock = new Date('2026-05-05T09:00:00+08:00');
});

const CALENDAR = `query($filter: CalendarFilter) { complianceCalendar(filter: $filter) { regime rule kind period dueOn doneOn status agency { name } mustAct { role agency { name } people { name } } } }`;

describe('X-3 the compliance calendar', () => {
  it('X-3 lists what is overdue with its rule, due day and who must act, and counts it done once it is', async () => {
    const res = await stack.as('chief')(CALENDAR, {});
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    // Enrolled on 01-05: the first quarter ended 03-31, its review was due by 04-30 and nobody made it.
    expect(res.data!.complianceCalendar).toEqual([
      {
        regime: 'TN_NHI',
        rule: 'TN-8.1',
        kind: 'QUARTERLY_REVIEW',
        period: '2026-Q1',
        dueOn: '2026-04-30',
        doneOn: null,
        status: 'OVERDUE',
        agency: { name: '臺南市政府社會局' },
        mustAct: { role: 'AGENCY_ADMIN', agency: { name: '臺南市政府社會局' }, people: [{ name: '林社管' }] },
      },
    ]);
    // The same, read on a day before it was due, is DUE.
    const earlier = await stack.as('chief')(CALENDAR, { filter: { on: '2026-04-10' } });
    expect(earlier.data!.complianceCalendar.map((e: { status: string; period: string }) => `${e.period} ${e.status}`)).toEqual(['2026-Q1 DUE']);

    const review = await stack.as('socialAdmin')(`mutation($input: NhiQuarterlyReviewInput!) { recordNhiQuarterlyReview(input: $input) { id } }`, {
      input: { agencyId: stack.fixture.agency.social, quarter: '2026-Q1', summary: '第一季查詢紀錄均有核准之申請單' },
    });
    expect(review.errors, JSON.stringify(review.errors)).toBeUndefined();
    expect((await stack.as('chief')(CALENDAR, {})).data!.complianceCalendar).toEqual([]);
    const done = await stack.as('chief')(CALENDAR, { filter: { status: ['DONE'] } });
    expect(done.data!.complianceCalendar).toEqual([expect.objectContaining({ kind: 'QUARTERLY_REVIEW', period: '2026-Q1', status: 'DONE', doneOn: '2026-05-05' })]);
  });

  it('X-3 the overdue review is a finding too, and an agency reads its own calendar', async () => {
    const findings = await stack.as('socialAdmin')(`{ complianceFindings { totalCount medium edges { node { regime rule kind severity since agency { name } person { name } } } } }`);
    expect(findings.errors, JSON.stringify(findings.errors)).toBeUndefined();
    expect(findings.data!.complianceFindings.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
      regime: 'TN_NHI',
      rule: 'TN-8.1',
      kind: 'QUARTERLY_REVIEW_OVERDUE',
      severity: 'MEDIUM',
      since: '2026-04-30',
      agency: { name: '臺南市政府社會局' },
      person: null,
    });
    const agency = await stack.as('socialAdmin')(`query($id: ID!) { agency(id: $id) { name complianceCalendar { kind period status } } }`, { id: stack.fixture.agency.social });
    expect(agency.data!.agency).toEqual({ name: '臺南市政府社會局', complianceCalendar: [{ kind: 'QUARTERLY_REVIEW', period: '2026-Q1', status: 'OVERDUE' }] });
  });

  it('X-3 names who must act only to those who may see them: the chief for the chief, the role alone for an agency', async () => {
    const filter = { to: '2027-01-31' };
    const actorsOf = (res: { data?: any }) =>
      res.data!.complianceCalendar.map((e: { kind: string; mustAct: { role: string; people: { name: string }[] } }) => `${e.kind} ${e.mustAct.role} [${e.mustAct.people.map((p) => p.name).join()}]`);
    // The enrolment's yearly review (TN-2.2) falls a year after 01-05; the chief administrator does it.
    expect(actorsOf(await stack.as('chief')(CALENDAR, { filter }))).toEqual(['QUARTERLY_REVIEW AGENCY_ADMIN [林社管]', 'ENROLMENT_REVIEW CHIEF_ADMIN [王總管]']);
    const admin = await stack.as('socialAdmin')(CALENDAR, { filter });
    expect(admin.errors, JSON.stringify(admin.errors)).toBeUndefined();
    expect(actorsOf(admin)).toEqual(['QUARTERLY_REVIEW AGENCY_ADMIN [林社管]', 'ENROLMENT_REVIEW CHIEF_ADMIN []']);
  });

  it('X-3 each reader sees only their reach: another city, another agency, a plain user', async () => {
    // Kaohsiung's IT centre reads Kaohsiung, where nothing is enrolled in Tainan's regime.
    expect((await stack.as('khIt')(CALENDAR, { filter: { regime: 'TN_NHI' } })).data!.complianceCalendar).toEqual([]);
    expect((await stack.as('user')(CALENDAR, {})).data!.complianceCalendar).toEqual([]);
    expect(codes(await stack.as('districtAdmin')(CALENDAR, { filter: { agencyId: stack.fixture.agency.social } }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.as(null)(CALENDAR, {}))).toEqual(['UNAUTHENTICATED']);
  });

  it('X-3 refuses a window that makes no sense, an unknown regime or an empty status list', async () => {
    const refused = async (filter: Record<string, unknown>, field?: string) => {
      const res = await stack.as('chief')(CALENDAR, { filter });
      expect(codes(res), JSON.stringify(res.errors)).toEqual(['BAD_USER_INPUT']);
      if (field) expect(res.errors![0]!.extensions!.violations.map((v: { field: string }) => v.field)).toEqual([field]);
    };
    await refused({ from: '2026-06-01', to: '2026-05-01' }, 'filter.from');
    await refused({ from: '2020-01-01', to: '2026-05-01' }, 'filter.to');
    await refused({ regime: 'XX_NONE' }, 'filter.regime');
    await refused({ status: [] }, 'filter.status');
    await refused({ on: '2026-13-01' });
    await refused({ agencyId: 'not-an-id' }, 'filter.agencyId');
  });
});
