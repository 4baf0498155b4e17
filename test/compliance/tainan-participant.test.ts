import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadCaller, tables } from '@webir/db';
import { truncateAll } from '@webir/db/testing';
import type { CalendarEntry, Finding, Offboarding, ParticipantContext } from '@webir/db/regime';
import { makeNationalId } from '@webir/kit';
import { tainanParticipant } from '@webir/subgraph-tainan-nhi/participant';
import { seedFixture, type PersonKey } from '../helpers/fixture.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { enrol, FILE, userApplication } from '../helpers/tainan.ts';

/**
 * Tainan's participant in the graph across regimes, called directly (as the compliance subgraph
 * calls it) on a regime driven through the gateway, under a clock the test sets.
 */
let clock = new Date('2026-01-10T10:00:00+08:00');
const setClock = (instant: string) => {
  clock = new Date(instant);
};
let stack: TestStack;
let enrolment: { social: string; centre: string };

beforeAll(async () => {
  stack = await startTestStack({ now: () => clock });
});
afterAll(() => stack?.stop());
beforeEach(async () => {
  await truncateAll(stack.database);
  stack.fixture = await seedFixture(stack.database, stack.cipher);
  setClock('2026-01-10T10:00:00+08:00');
  enrolment = { social: await enrol(stack, stack.fixture.agency.social), centre: await enrol(stack, stack.fixture.agency.socialCentre) };
});

const ok = async (person: PersonKey, query: string, variables: Record<string, unknown> = {}) => {
  const res = await stack.as(person)(query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
};

async function contextOf(person: PersonKey): Promise<ParticipantContext> {
  const { db } = stack.database;
  return { db, cipher: stack.cipher, caller: await loadCaller(db, stack.fixture.account[person]), identity: { sub: stack.fixture.account[person], requestId: 'participant-test', tokenIssuer: 'webir-dev' }, now: () => clock };
}

const subject = makeNationalId('D', 1, 777_001);
const other = makeNationalId('D', 2, 777_002);

/** A query log as the platform writes it: [Taipei time, account, item, subject, request number?]. */
async function importLog(name: string, lines: [string, string, string, string, string?][]) {
  const csv = ['queried_at,myegov_account,item,subject_id,request_number', ...lines.map(([at, account, item, id, number]) => `${new Date(at).toISOString()},${account},${item},${id},${number ?? ''}`)].join('\n');
  return (await ok('chief', `mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { rows findings } }`, { input: { fileName: name, csv } })).importNhiUsage;
}

async function fileRequest(items: string[], id = subject): Promise<{ id: string; number: string }> {
  const data = await ok('user', `mutation($input: NhiQueryRequestInput!) { fileNhiQueryRequest(input: $input) { id number } }`, {
    input: { subjectName: '個案', subjectNationalId: id, items, purpose: '低收入戶資格複查', legalBasis: '社會救助法' },
  });
  return data.fileNhiQueryRequest;
}

const approve = (id: string) => ok('supervisor', `mutation($id: ID!) { approveNhiQueryRequest(id: $id) { id } }`, { id });
const reviewQuarter = (agencyId: string, quarter: string) =>
  ok('socialAdmin', `mutation($input: NhiQuarterlyReviewInput!) { recordNhiQuarterlyReview(input: $input) { id } }`, { input: { agencyId, quarter, summary: '查詢紀錄檢視完畢' } });
const drawSample = async (month: string) =>
  (await ok('supervisor', `mutation($input: NhiSampleInput!) { drawNhiMonthlySample(input: $input) { id items { record { id } } } }`, { input: { agencyId: stack.fixture.agency.social, month } })).drawNhiMonthlySample as {
    id: string;
    items: { record: { id: string } }[];
  };

const passing = [1, 2, 3, 4, 5].map((check) => ({ check, result: 'PASS' }));
const audit = (extra: Record<string, unknown>) => ({
  agencyId: stack.fixture.agency.social,
  auditUnit: '社會局政風室',
  checks: passing,
  auditeeId: stack.fixture.person.user,
  auditeeHeadId: stack.fixture.person.supervisor,
  auditorId: stack.fixture.person.socialAdmin,
  auditorHeadId: stack.fixture.person.colleague,
  ...extra,
});
const recordAudit = (person: PersonKey, input: Record<string, unknown>) => ok(person, `mutation($input: NhiAuditInput!) { recordNhiAudit(input: $input) { id } }`, { input });

/** Due day first: the participant orders by it, and entries due the same day in the order of random agency ids. */
const brief = (e: CalendarEntry) => `due ${e.dueOn} ${e.kind} ${e.agencyId === stack.fixture.agency.social ? 'social' : 'centre'} ${e.period} done ${e.doneOn ?? '-'} by ${e.actorRole}@${e.actorAgencyId === null ? 'regime' : e.actorAgencyId === stack.fixture.agency.social ? 'social' : 'centre'}`;
const both = () => [stack.fixture.agency.social, stack.fixture.agency.socialCentre];

describe('the calendar', () => {
  beforeEach(async () => {
    setClock('2026-03-05T10:00:00+08:00');
    await importLog('feb.csv', [
      ['2026-02-03T09:00:00+08:00', 't.user', '01', subject],
      ['2026-02-10T09:00:00+08:00', 't.user', '01', other],
      // 00:30 on 1 March in Taiwan is still February in UTC: it is March's.
      ['2026-03-01T00:30:00+08:00', 't.user', '02', subject],
    ]);
    setClock('2026-07-20T10:00:00+08:00');
    await reviewQuarter(stack.fixture.agency.social, '2026-Q2');
    await drawSample('2026-02');
  });

  it('lists every period of the window, done or not, from the enrolment on: a missed first-quarter review still shows in the fourth', async () => {
    const entries = await tainanParticipant.calendar(await contextOf('chief'), { agencyIds: both(), from: '2026-01-01', to: '2027-01-31', on: '2026-10-15' });
    expect(entries.map(brief).sort()).toEqual([
      'due 2026-03-31 MONTHLY_SAMPLE social 2026-02 done 2026-07-20 by AGENCY_ADMIN@social',
      'due 2026-04-30 QUARTERLY_REVIEW centre 2026-Q1 done - by AGENCY_ADMIN@centre',
      'due 2026-04-30 QUARTERLY_REVIEW social 2026-Q1 done - by AGENCY_ADMIN@social',
      'due 2026-04-30 MONTHLY_SAMPLE social 2026-03 done - by AGENCY_ADMIN@social',
      'due 2026-07-31 INTERNAL_AUDIT centre 2026-H1 done - by AGENCY_ADMIN@centre',
      'due 2026-07-31 INTERNAL_AUDIT social 2026-H1 done - by AGENCY_ADMIN@social',
      'due 2026-07-31 QUARTERLY_REVIEW centre 2026-Q2 done - by AGENCY_ADMIN@centre',
      'due 2026-07-31 QUARTERLY_REVIEW social 2026-Q2 done 2026-07-20 by AGENCY_ADMIN@social',
      'due 2026-10-31 QUARTERLY_REVIEW centre 2026-Q3 done - by AGENCY_ADMIN@centre',
      'due 2026-10-31 QUARTERLY_REVIEW social 2026-Q3 done - by AGENCY_ADMIN@social',
      'due 2027-01-10 ENROLMENT_REVIEW centre 2027-01-10 done - by CHIEF_ADMIN@regime',
      'due 2027-01-10 ENROLMENT_REVIEW social 2027-01-10 done - by CHIEF_ADMIN@regime',
    ].sort());
    expect(entries.every((e) => e.regime === 'TN_NHI' && e.subject === null)).toBe(true);
    expect(new Set(entries.map((e) => `${e.kind} ${e.rule}`))).toEqual(new Set(['MONTHLY_SAMPLE TN-8.1', 'QUARTERLY_REVIEW TN-8.1', 'INTERNAL_AUDIT TN-8.3', 'ENROLMENT_REVIEW TN-2.2']));
  });

  it('reads the calendar as it stood on an earlier day: later records are not yet done, unended periods not yet due', async () => {
    const entries = await tainanParticipant.calendar(await contextOf('chief'), { agencyIds: [stack.fixture.agency.social], from: '2026-01-01', to: '2026-12-31', on: '2026-04-15' });
    expect(entries.map(brief).sort()).toEqual([
      'due 2026-03-31 MONTHLY_SAMPLE social 2026-02 done - by AGENCY_ADMIN@social',
      'due 2026-04-30 QUARTERLY_REVIEW social 2026-Q1 done - by AGENCY_ADMIN@social',
      'due 2026-04-30 MONTHLY_SAMPLE social 2026-03 done - by AGENCY_ADMIN@social',
    ].sort());
  });

  it('lists only the agencies asked for, and nothing for an agency not enrolled, an empty list or a window the wrong way round', async () => {
    const ctx = await contextOf('chief');
    const centre = await tainanParticipant.calendar(ctx, { agencyIds: [stack.fixture.agency.socialCentre], from: '2026-04-01', to: '2026-04-30', on: '2026-10-15' });
    expect(centre.map(brief).sort()).toEqual(['due 2026-04-30 QUARTERLY_REVIEW centre 2026-Q1 done - by AGENCY_ADMIN@centre']);
    expect(await tainanParticipant.calendar(ctx, { agencyIds: [stack.fixture.agency.labour], from: '2026-01-01', to: '2027-01-31', on: '2026-10-15' })).toEqual([]);
    expect(await tainanParticipant.calendar(ctx, { agencyIds: [], from: '2026-01-01', to: '2027-01-31', on: '2026-10-15' })).toEqual([]);
    expect(await tainanParticipant.calendar(ctx, { agencyIds: both(), from: '2027-01-31', to: '2026-01-01', on: '2026-10-15' })).toEqual([]);
  });

  it('counts no period that ends after the enrolment is terminated, and no further enrolment review', async () => {
    setClock('2026-05-10T10:00:00+08:00');
    await ok('chief', `mutation($id: ID!) { terminateNhiEnrolment(id: $id, reason: "業務移撥") { status } }`, { id: enrolment.centre });
    const entries = await tainanParticipant.calendar(await contextOf('chief'), { agencyIds: [stack.fixture.agency.socialCentre], from: '2026-01-01', to: '2027-01-31', on: '2026-10-15' });
    expect(entries.map(brief).sort()).toEqual(['due 2026-04-30 QUARTERLY_REVIEW centre 2026-Q1 done - by AGENCY_ADMIN@centre']);
  });

  it('follows the enrolment reviews: each answers the due day pending, the next falls a year after it', async () => {
    setClock('2026-12-01T10:00:00+08:00');
    await ok('chief', `mutation($id: ID!) { reviewNhiEnrolment(id: $id, input: { stillNeeded: true }) { nextReviewDue } }`, { id: enrolment.social });
    setClock('2027-02-15T10:00:00+08:00');
    await recordAudit('socialAdmin', audit({ kind: 'SUBORDINATE', period: '2026', agencyId: stack.fixture.agency.socialCentre, auditedOn: '2027-01-18', auditeeId: stack.fixture.person.centreUser, auditeeHeadId: stack.fixture.person.centreUser }));
    const entries = await tainanParticipant.calendar(await contextOf('chief'), { agencyIds: both(), from: '2027-01-01', to: '2028-01-31', on: '2027-02-15' });
    const reviews = entries.filter((e) => e.kind === 'ENROLMENT_REVIEW' || e.kind === 'SUBORDINATE_AUDIT').map(brief).sort();
    expect(reviews).toEqual([
      'due 2027-01-10 ENROLMENT_REVIEW centre 2027-01-10 done - by CHIEF_ADMIN@regime',
      'due 2027-01-10 ENROLMENT_REVIEW social 2027-01-10 done 2026-12-01 by CHIEF_ADMIN@regime',
      // The yearly audit of a second-level agency is the agency above's (TN-8.3, as auditsDue).
      'due 2027-01-31 SUBORDINATE_AUDIT centre 2026 done 2027-02-15 by AGENCY_ADMIN@social',
      'due 2027-12-01 ENROLMENT_REVIEW social 2027-12-01 done - by CHIEF_ADMIN@regime',
    ].sort());
  });

  it('costs the same number of statements for one agency as for all of them', async () => {
    const ctx = await contextOf('chief');
    const query = (agencyIds: string[]) => ({ agencyIds, from: '2025-01-01', to: '2027-01-31', on: '2026-10-15' });
    await enrol(stack, stack.fixture.agency.labour);
    await enrol(stack, stack.fixture.agency.district);
    const count = async (agencyIds: string[]) => {
      const before = stack.database.statements.count;
      const entries = await tainanParticipant.calendar(ctx, query(agencyIds));
      return { statements: stack.database.statements.count - before, agencies: new Set(entries.map((e) => e.agencyId)).size };
    };
    const one = await count([stack.fixture.agency.social]);
    const four = await count([stack.fixture.agency.social, stack.fixture.agency.socialCentre, stack.fixture.agency.labour, stack.fixture.agency.district]);
    expect(one.agencies).toBe(1);
    expect(four.agencies).toBe(4);
    expect(four.statements).toBe(one.statements);
    expect(one.statements).toBeLessThanOrEqual(6);
  });
});

describe('the findings', () => {
  let usageIds: Map<string, string>;
  beforeEach(async () => {
    setClock('2026-03-01T10:00:00+08:00');
    const approved = await fileRequest(['01']);
    await approve(approved.id);
    setClock('2026-03-05T10:00:00+08:00');
    await importLog('mar.csv', [
      ['2026-03-02T09:00:00+08:00', 't.user', '01', subject], // in order
      ['2026-03-02T10:00:00+08:00', 't.user', '02', subject], // an item the request does not name
      ['2026-03-03T09:00:00+08:00', 't.user', '01', other], // nobody asked
      ['2026-03-04T09:00:00+08:00', 't.nobody', '01', other], // an account nobody holds
    ]);
    const rows = await stack.database.db.select({ id: tables.usageRecords.id, line: tables.usageRecords.line }).from(tables.usageRecords);
    usageIds = new Map(rows.map((r) => [String(r.line), r.id]));
    // The colleague resigned; the centre's user has not queried since the fixture granted the account.
    await stack.database.db.update(tables.people).set({ employmentStatus: 'RESIGNED', employmentStatusEffectiveOn: '2026-04-30' }).where(eq(tables.people.id, stack.fixture.person.colleague));
  });

  const brief = (f: Finding) => `${f.rule} ${f.kind} ${f.severity} ${f.since} ${f.personId === null ? 'nobody' : (Object.entries(stack.fixture.person).find(([, id]) => id === f.personId)?.[0] ?? '?')}`;

  it('reports unapproved and unmatched queries, leavers, idle and duplicate accounts at the agencies asked for', async () => {
    // A duplicate: the user also holds an account at the centre.
    await stack.database.db.insert(tables.permissions).values({ personId: stack.fixture.person.user, agencyId: stack.fixture.agency.socialCentre, regimeCode: 'TN_NHI', role: 'USER', serviceItemId: 'TN_NHI:01', grantedAt: new Date('2026-02-01'), grantReason: 'test' });
    const findings = await tainanParticipant.findings(await contextOf('chief'), { agencyIds: both(), on: '2026-06-01' });
    expect(findings.map(brief).sort()).toEqual(
      [
        'TN-7.2 USAGE_UNMATCHED HIGH 2026-03-02 user',
        'TN-7.1 QUERY_WITHOUT_APPROVAL HIGH 2026-03-03 user',
        'TN-7.1 QUERY_WITHOUT_APPROVAL HIGH 2026-03-04 nobody',
        'TN-4.3 LEAVER_ACCOUNT HIGH 2026-04-30 colleague',
        'TN-4.3 IDLE_ACCOUNT LOW 2026-06-01 centreUser',
        'TN-4.3 DUPLICATE_ACCOUNT MEDIUM 2026-06-01 user',
        'TN-4.3 DUPLICATE_ACCOUNT MEDIUM 2026-06-01 user',
      ].sort(),
    );
    const byLine = (line: string) => findings.find((f) => f.recordId === usageIds.get(line))!;
    expect(byLine('3')).toMatchObject({ agencyId: stack.fixture.agency.social, summary: expect.stringMatching(/^Query of item 02 on 2026-03-02 is of an item query request F3-\d{8}-[0-9A-F]{6} does not name$/) });
    expect(byLine('4').summary).toBe('Query of item 01 on 2026-03-03 has no query request (附表三)');
    expect(byLine('5')).toMatchObject({ agencyId: null, personId: null, summary: 'Query of item 01 on 2026-03-04 was made by MyEGov account t.nobody, which nobody in the directory holds' });
    expect(findings.find((f) => f.kind === 'LEAVER_ACCOUNT')).toMatchObject({ agencyId: stack.fixture.agency.social, recordId: null, summary: 'Still holds 1 NHI WebIR permission(s) here though resigned since 2026-04-30 (帳號清查)' });
    expect(findings.find((f) => f.kind === 'IDLE_ACCOUNT')!.summary).toBe('Idle NHI WebIR account: no query in 90 days (帳號清查)');
    // The labour bureau's idle user is not at the agencies asked for.
    expect(findings.some((f) => f.personId === stack.fixture.person.labourUser)).toBe(false);
    // Nothing overdue: the calendar's overdue entries become findings in the graph across regimes.
    expect(findings.some((f) => /OVERDUE/.test(f.kind))).toBe(false);
  });

  it('reports only what was detectable on the day asked: no later query, no idleness not yet reached', async () => {
    const findings = await tainanParticipant.findings(await contextOf('chief'), { agencyIds: both(), on: '2026-03-03' });
    expect(findings.map(brief).sort()).toEqual(['TN-7.1 QUERY_WITHOUT_APPROVAL HIGH 2026-03-03 user', 'TN-4.3 LEAVER_ACCOUNT HIGH 2026-03-03 colleague', 'TN-7.2 USAGE_UNMATCHED HIGH 2026-03-02 user'].sort());
  });

  it('shows an agency administrator their agencies’ findings but no query of an unknown account, and a user only their own queries', async () => {
    const admin = await tainanParticipant.findings(await contextOf('socialAdmin'), { agencyIds: both(), on: '2026-06-01' });
    expect(admin.map(brief).sort()).toEqual(
      ['TN-7.2 USAGE_UNMATCHED HIGH 2026-03-02 user', 'TN-7.1 QUERY_WITHOUT_APPROVAL HIGH 2026-03-03 user', 'TN-4.3 LEAVER_ACCOUNT HIGH 2026-04-30 colleague', 'TN-4.3 IDLE_ACCOUNT LOW 2026-06-01 centreUser'].sort(),
    );
    const user = await tainanParticipant.findings(await contextOf('user'), { agencyIds: [stack.fixture.agency.social], on: '2026-06-01' });
    expect(user.map(brief).sort()).toEqual(['TN-7.2 USAGE_UNMATCHED HIGH 2026-03-02 user', 'TN-7.1 QUERY_WITHOUT_APPROVAL HIGH 2026-03-03 user'].sort());
    const colleague = await tainanParticipant.findings(await contextOf('centreUser'), { agencyIds: [stack.fixture.agency.socialCentre], on: '2026-06-01' });
    expect(colleague).toEqual([]);
  });

  it('reports a sampled query judged inappropriate until an audit record investigates it', async () => {
    setClock('2026-04-02T10:00:00+08:00');
    const sample = await drawSample('2026-03');
    const record = usageIds.get('4')!;
    expect(sample.items.map((i) => i.record.id)).toContain(record);
    await ok('supervisor', `mutation($input: NhiSampleReviewInput!) { reviewNhiSampledRecord(input: $input) { reviewed } }`, { input: { sampleId: sample.id, usageRecordId: record, outcome: 'INAPPROPRIATE', note: '無查詢申請' } });
    const ctx = await contextOf('chief');
    const anomalies = async (on: string) => (await tainanParticipant.findings(ctx, { agencyIds: [stack.fixture.agency.social], on })).filter((f) => f.kind === 'ANOMALY_NOT_AUDITED');
    expect(await anomalies('2026-04-10')).toEqual([
      {
        regime: 'TN_NHI',
        rule: 'TN-8.2',
        kind: 'ANOMALY_NOT_AUDITED',
        severity: 'MEDIUM',
        agencyId: stack.fixture.agency.social,
        personId: stack.fixture.person.user,
        since: '2026-04-02',
        summary: 'Query of item 01 on 2026-03-03, sampled for 2026-03, was judged inappropriate on 2026-04-02 (無查詢申請) but no audit record (附件四) investigates it',
        recordId: record,
      },
    ]);
    setClock('2026-04-20T10:00:00+08:00');
    const investigators = [
      { unit: 'BUSINESS', personId: stack.fixture.person.supervisor },
      { unit: 'ETHICS', personId: stack.fixture.person.colleague },
      { unit: 'IT', personId: stack.fixture.person.socialAdmin },
    ];
    await recordAudit('socialAdmin', audit({ kind: 'ANOMALY', auditedOn: '2026-04-20', findings: '查詢未經申請', investigators, usageRecordId: record }));
    expect(await anomalies('2026-04-30')).toEqual([]);
    // Before the audit was made, it was still open.
    expect((await anomalies('2026-04-19')).map((f) => f.recordId)).toEqual([record]);
  });

  it('costs the same number of statements for one agency as for all of them', async () => {
    const ctx = await contextOf('chief');
    const count = async (agencyIds: string[]) => {
      const before = stack.database.statements.count;
      await tainanParticipant.findings(ctx, { agencyIds, on: '2026-06-01' });
      return stack.database.statements.count - before;
    };
    expect(await count(Object.values(stack.fixture.agency))).toBe(await count([stack.fixture.agency.social]));
  });
});

describe('offboarding', () => {
  const change = (extra: Partial<Offboarding> = {}): Offboarding => ({
    id: '00000000-0000-4000-8000-000000000001',
    personId: stack.fixture.person.user,
    kind: 'RESIGNED',
    effectiveOn: '2026-03-31',
    reason: '自願離職',
    byId: stack.fixture.person.socialAdmin,
    at: new Date('2026-03-31T09:00:00+08:00'),
    ...extra,
  });

  async function openBusiness() {
    setClock('2026-03-10T10:00:00+08:00');
    const pending = await fileRequest(['01']);
    const approved = await fileRequest(['02']);
    await approve(approved.id);
    const filed = (await ok('user', FILE, { input: userApplication(stack) })).fileNhiApplication as { id: string; number: string };
    // The colleague's own form is not the user's business.
    const colleagues = (await ok('colleague', FILE, { input: userApplication(stack, { myegovAccount: stack.fixture.account.colleague, itemChanges: [{ item: '05', action: 'DELETE' }] }) })).fileNhiApplication as { id: string };
    return { pending, approved, filed, colleagues };
  }

  it('closes the person’s pending requests and rejects their unfinished applications, each with the reason; again, nothing more', async () => {
    const { pending, approved, filed, colleagues } = await openBusiness();
    const { db } = stack.database;
    const ended = await db.transaction((tx) => tainanParticipant.offboard(tx, change()));
    expect(ended).toEqual([
      { regime: 'TN_NHI', kind: 'QUERY_REQUEST', id: pending.id, label: pending.number },
      { regime: 'TN_NHI', kind: 'APPLICATION', id: filed.id, label: filed.number },
    ]);
    const requests = await db.select().from(tables.queryRequests).where(eq(tables.queryRequests.requesterId, stack.fixture.person.user));
    expect(requests.find((r) => r.id === pending.id)).toMatchObject({ status: 'CLOSED', decidedAt: null, approverId: null, decisionNote: 'Closed unapproved: the requester left (X-1: resigned effective 2026-03-31: 自願離職)' });
    expect(requests.find((r) => r.id === approved.id)!.status).toBe('APPROVED');
    const forms = await db.select().from(tables.applications);
    expect(forms.find((f) => f.id === filed.id)).toMatchObject({ status: 'REJECTED', approverId: null, decidedAt: new Date('2026-03-31T09:00:00+08:00'), retainUntil: '2027-03-31', decisionNote: 'Rejected: the applicant left (X-1: resigned effective 2026-03-31: 自願離職)' });
    expect(forms.find((f) => f.id === colleagues.id)!.status).toBe('SIGNING');
    // The ledger is the graph across regimes' to revoke, for every regime at once.
    const held = await db.select().from(tables.permissions).where(eq(tables.permissions.personId, stack.fixture.person.user));
    expect(held.map((p) => p.status)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(await db.transaction((tx) => tainanParticipant.offboard(tx, change()))).toEqual([]);
  });

  it('changes nothing when the offboarding’s transaction fails, and allows no query by a closed request', async () => {
    const { pending, filed } = await openBusiness();
    const { db } = stack.database;
    await expect(
      db.transaction(async (tx) => {
        expect(await tainanParticipant.offboard(tx, change())).toHaveLength(2);
        throw new Error('another regime failed');
      }),
    ).rejects.toThrow('another regime failed');
    expect((await db.select().from(tables.queryRequests).where(eq(tables.queryRequests.id, pending.id)))[0]!.status).toBe('PENDING');
    expect((await db.select().from(tables.applications).where(eq(tables.applications.id, filed.id)))[0]!.status).toBe('SIGNING');

    await db.transaction((tx) => tainanParticipant.offboard(tx, change()));
    setClock('2026-04-05T10:00:00+08:00');
    expect(await importLog('after.csv', [['2026-04-01T09:00:00+08:00', 't.user', '01', subject, pending.number]])).toEqual({ rows: 1, findings: 1 });
    const findings = await tainanParticipant.findings(await contextOf('chief'), { agencyIds: [stack.fixture.agency.social], on: '2026-04-05' });
    expect(findings.filter((f) => f.since === '2026-04-01').map((f) => [f.kind, f.summary])).toEqual([['QUERY_WITHOUT_APPROVAL', `Query of item 01 on 2026-04-01 was not covered: query request ${pending.number} was not approved when it was made`]]);
  });

  it('ends nothing for a person with no open Tainan business', async () => {
    await openBusiness();
    expect(await stack.database.db.transaction((tx) => tainanParticipant.offboard(tx, change({ personId: stack.fixture.person.centreUser })))).toEqual([]);
  });
});

describe('retention', () => {
  it('lets only the chief administrator purge by hand', async () => {
    expect(tainanParticipant.regime).toBe('TN_NHI');
    expect(tainanParticipant.offboardTiming).toBe('ON_DATE');
    expect(tainanParticipant.mayPurge!((await contextOf('chief')).caller)).toBe(true);
    expect(tainanParticipant.mayPurge!((await contextOf('auditor')).caller)).toBe(false);
    expect(tainanParticipant.mayPurge!((await contextOf('socialAdmin')).caller)).toBe(false);
  });

  it('purges what has outlived its period, logged as the scheduled job’s, and nothing in a dry run', async () => {
    setClock('2026-03-10T10:00:00+08:00');
    const filed = (await ok('user', FILE, { input: userApplication(stack) })).fileNhiApplication as { id: string; number: string };
    await stack.database.db.transaction((tx) => tainanParticipant.offboard(tx, { id: '00000000-0000-4000-8000-000000000002', personId: stack.fixture.person.user, kind: 'RETIRED', effectiveOn: '2026-03-31', reason: '屆齡退休', byId: null, at: new Date('2026-03-31T09:00:00+08:00') }));
    const { db } = stack.database;
    const run = { now: new Date('2027-04-01T02:00:00+08:00'), byId: null };
    expect(await tainanParticipant.purge!(db, { ...run, today: '2027-03-31', dryRun: false })).toEqual([]);
    const expired = [{ kind: 'APPLICATION', id: filed.id, number: filed.number, retainUntil: '2027-03-31', rule: 'TN-5.4' }];
    expect(await tainanParticipant.purge!(db, { ...run, today: '2027-04-01', dryRun: true })).toEqual(expired);
    expect(await db.select({ id: tables.applications.id }).from(tables.applications)).toEqual([{ id: filed.id }]);
    expect(await tainanParticipant.purge!(db, { ...run, today: '2027-04-01', dryRun: false })).toEqual(expired);
    expect(await db.select().from(tables.applications)).toEqual([]);
    expect(await db.select({ kind: tables.purges.kind, recordId: tables.purges.recordId, by: tables.purges.purgedById, rule: tables.purges.rule }).from(tables.purges)).toEqual([{ kind: 'APPLICATION', recordId: filed.id, by: null, rule: 'TN-5.4' }]);
  });
});

describe('X-1, X-3 Tainan through the graph across regimes', () => {
  const CALENDAR = `query($filter: CalendarFilter) { complianceCalendar(filter: $filter) { regime rule kind period dueOn doneOn status agency { name } mustAct { role agency { name } people { name } } } }`;
  const FINDINGS = `query($filter: FindingFilter) { complianceFindings(filter: $filter) { totalCount high edges { node { regime rule kind severity since summary recordId agency { name } person { name } } } } }`;
  const OFFBOARD = `mutation($input: OffboardPersonInput!) { offboardPerson(input: $input) { status ended { regime kind id label } } }`;

  it('X-3 lists Tainan’s missed quarterly review as overdue a quarter later, beside what came due since', async () => {
    setClock('2026-07-20T10:00:00+08:00');
    await reviewQuarter(stack.fixture.agency.social, '2026-Q2');
    setClock('2026-10-15T10:00:00+08:00');
    const filter = { regime: 'TN_NHI', agencyId: stack.fixture.agency.social, includeSubAgencies: false, from: '2026-01-01', to: '2026-12-31' };
    const overdue = await ok('socialAdmin', CALENDAR, { filter });
    const admin = { role: 'AGENCY_ADMIN', agency: { name: '臺南市政府社會局' }, people: [{ name: '林社管' }] };
    expect(overdue.complianceCalendar).toEqual([
      { regime: 'TN_NHI', rule: 'TN-8.1', kind: 'QUARTERLY_REVIEW', period: '2026-Q1', dueOn: '2026-04-30', doneOn: null, status: 'OVERDUE', agency: { name: '臺南市政府社會局' }, mustAct: admin },
      { regime: 'TN_NHI', rule: 'TN-8.3', kind: 'INTERNAL_AUDIT', period: '2026-H1', dueOn: '2026-07-31', doneOn: null, status: 'OVERDUE', agency: { name: '臺南市政府社會局' }, mustAct: admin },
      { regime: 'TN_NHI', rule: 'TN-8.1', kind: 'QUARTERLY_REVIEW', period: '2026-Q3', dueOn: '2026-10-31', doneOn: null, status: 'DUE', agency: { name: '臺南市政府社會局' }, mustAct: admin },
    ]);
    const done = await ok('socialAdmin', CALENDAR, { filter: { ...filter, status: ['DONE'] } });
    expect(done.complianceCalendar.map((e: { period: string; doneOn: string }) => `${e.period} ${e.doneOn}`)).toEqual(['2026-Q2 2026-07-20']);
    // The sub-agency's entries come with the agency above, and the chief administrator must act on enrolment reviews.
    const tree = await ok('chief', CALENDAR, { filter: { regime: 'TN_NHI', agencyId: stack.fixture.agency.social, from: '2027-01-01', to: '2027-01-31' } });
    expect(tree.complianceCalendar.map((e: { kind: string; agency: { name: string }; mustAct: { role: string; agency: unknown; people: { name: string }[] } }) => `${e.kind} ${e.agency.name} ${e.mustAct.role} ${e.mustAct.people.map((p) => p.name).join(',')}`).sort()).toEqual([
      'ENROLMENT_REVIEW 臺南市東區家庭福利服務中心 CHIEF_ADMIN 王總管',
      'ENROLMENT_REVIEW 臺南市政府社會局 CHIEF_ADMIN 王總管',
    ].sort());
  });

  it('X-3 refuses a Tainan calendar of an agency outside the caller’s reach', async () => {
    const res = await stack.as('districtAdmin')(CALENDAR, { filter: { regime: 'TN_NHI', agencyId: stack.fixture.agency.social } });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('TN-7.1 a query without an approved request is a high finding of the graph across regimes, with its querier and record', async () => {
    setClock('2026-03-05T10:00:00+08:00');
    await importLog('mar.csv', [['2026-03-03T09:00:00+08:00', 't.user', '01', other]]);
    const [record] = await stack.database.db.select({ id: tables.usageRecords.id }).from(tables.usageRecords);
    const res = await ok('socialAdmin', FINDINGS, { filter: { regime: 'TN_NHI', rule: 'TN-7.1' } });
    expect(res.complianceFindings.edges.map((e: { node: unknown }) => e.node)).toEqual([
      {
        regime: 'TN_NHI',
        rule: 'TN-7.1',
        kind: 'QUERY_WITHOUT_APPROVAL',
        severity: 'HIGH',
        since: '2026-03-03',
        summary: 'Query of item 01 on 2026-03-03 has no query request (附表三)',
        recordId: record!.id,
        agency: { name: '臺南市政府社會局' },
        person: { name: '陳使用' },
      },
    ]);
    // The district office's administrator reads none of the social bureau's queries.
    const outside = await stack.as('districtAdmin')(FINDINGS, { filter: { regime: 'TN_NHI', rule: 'TN-7.1' } });
    expect(outside.data!.complianceFindings.totalCount).toBe(0);
  });

  it('X-1 offboarding on its day closes the Tainan request and rejects the unfinished form; a change dated later leaves them open', async () => {
    setClock('2026-03-10T10:00:00+08:00');
    const pending = await fileRequest(['01']);
    const form = (await ok('user', FILE, { input: userApplication(stack) })).fileNhiApplication as { id: string; number: string };
    const later = await ok('socialAdmin', OFFBOARD, { input: { personId: stack.fixture.person.user, kind: 'REASSIGNED', effectiveOn: '2026-04-01', reason: '調任勞工局' } });
    expect(later.offboardPerson).toEqual({ status: 'SCHEDULED', ended: [] });
    expect((await stack.database.db.select().from(tables.queryRequests).where(eq(tables.queryRequests.id, pending.id)))[0]!.status).toBe('PENDING');

    const now = await ok('socialAdmin', OFFBOARD, { input: { personId: stack.fixture.person.colleague, kind: 'RESIGNED', effectiveOn: '2026-03-10', reason: '自請辭職' } });
    expect(now.offboardPerson.status).toBe('DONE');
    expect(now.offboardPerson.ended.filter((e: { kind: string }) => e.kind !== 'PERMISSION')).toEqual([]);

    setClock('2026-04-01T10:00:00+08:00');
    const run = await ok('socialAdmin', `mutation { runDueOffboardings { status ended { regime kind id label } } }`);
    const ended = run.runDueOffboardings[0].ended.filter((e: { kind: string }) => e.kind !== 'PERMISSION');
    expect(ended).toEqual([
      { regime: 'TN_NHI', kind: 'QUERY_REQUEST', id: pending.id, label: pending.number },
      { regime: 'TN_NHI', kind: 'APPLICATION', id: form.id, label: form.number },
    ]);
    const [closed] = await stack.database.db.select().from(tables.queryRequests).where(eq(tables.queryRequests.id, pending.id));
    expect(closed).toMatchObject({ status: 'CLOSED', decisionNote: 'Closed unapproved: the requester left (X-1: reassigned effective 2026-04-01: 調任勞工局)' });
  });
});
