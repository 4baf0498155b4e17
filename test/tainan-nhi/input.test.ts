import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { grantPermission, tables } from '@webir/db';
import { truncateAll } from '@webir/db/testing';
import { makeNationalId } from '@webir/kit';
import { codes, type GraphQLResponse } from '../helpers/client.ts';
import { seedFixture } from '../helpers/fixture.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { enrol } from '../helpers/tainan.ts';

/**
 * Input that must never be stored (issue 11), on Tainan's regime and the core directory: strings over
 * their documented maximum length, dates of past events that are in the future or before any regime
 * applied, and a query request for an item whose access has not opened yet. The clock is fixed.
 */
const TODAY = '2026-03-10';
let clock = new Date(`${TODAY}T10:00:00+08:00`);
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ now: () => clock });
});
afterAll(() => stack?.stop());
beforeEach(async () => {
  clock = new Date(`${TODAY}T10:00:00+08:00`);
  await truncateAll(stack.database);
  stack.fixture = await seedFixture(stack.database, stack.cipher);
  await enrol(stack, stack.fixture.agency.social);
});

const FILE_REQUEST = `mutation($input: NhiQueryRequestInput!) { fileNhiQueryRequest(input: $input) { id purpose } }`;
const request = (extra: Record<string, unknown> = {}) => ({
  subjectName: '受查詢人',
  subjectNationalId: makeNationalId('D', 2, 777_777),
  items: ['01'],
  purpose: '低收入戶資格複查',
  legalBasis: '社會救助法第 4 條',
  ...extra,
});
const requests = async () => (await stack.database.db.select({ n: count() }).from(tables.queryRequests))[0]!.n;
const reads = async () => (await stack.database.db.select({ n: count() }).from(tables.piiReads))[0]!.n;
const audits = async () => (await stack.database.db.select({ n: count() }).from(tables.auditRecords))[0]!.n;
const usage = async () => (await stack.database.db.select({ n: count() }).from(tables.usageRecords))[0]!.n;
const violationsOf = (res: GraphQLResponse) => (res.errors?.[0]?.extensions?.violations ?? []) as { field: string; message: string }[];

describe('every string input has a maximum length (README, "Input limits")', () => {
  it('refuses a 300,000-character purpose with BAD_USER_INPUT naming input.purpose, and stores nothing', async () => {
    const res = await stack.as('user')(FILE_REQUEST, { input: request({ purpose: '查'.repeat(300_000) }) });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.field).toBe('input.purpose');
    expect(violationsOf(res)).toEqual([{ field: 'input.purpose', message: 'at most 2000 characters, got 300000' }]);
    expect(await requests()).toBe(0);
  });

  it('takes a free-text field of exactly 2,000 characters and refuses 2,001, counting characters, not bytes', async () => {
    const refused = await stack.as('user')(FILE_REQUEST, { input: request({ purpose: '𠀀'.repeat(2_001) }) });
    expect(violationsOf(refused)).toEqual([{ field: 'input.purpose', message: 'at most 2000 characters, got 2001' }]);
    expect(await requests()).toBe(0);
    // 𠀀 is one character in two UTF-16 units: 2,000 of them are 2,000 characters.
    const taken = await stack.as('user')(FILE_REQUEST, { input: request({ purpose: '𠀀'.repeat(2_000) }) });
    expect(taken.errors).toBeUndefined();
    expect([...taken.data!.fileNhiQueryRequest.purpose]).toHaveLength(2_000);
  });

  it('refuses a short-text field over 200 characters, and a list element, each by its path, all together', async () => {
    const res = await stack.as('user')(FILE_REQUEST, { input: request({ subjectName: '名'.repeat(201), items: ['01', 'x'.repeat(201)] }) });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(violationsOf(res).map((v) => v.field)).toEqual(['input.subjectName', 'input.items[1]']);
    expect(await requests()).toBe(0);
  });

  it('refuses a 300,000-character reason for an unmasked read: the identifier is not shown and no read is logged', async () => {
    const res = await stack.as('chief')(`query($id: ID!, $reason: String!) { person(id: $id) { nationalId(reason: $reason) } }`, { id: stack.fixture.person.user, reason: '因'.repeat(300_000) });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.field).toBe('reason');
    expect(res.data?.person?.nationalId ?? null).toBeNull();
    expect(JSON.stringify(res)).not.toContain(stack.fixture.nationalId.user);
    expect(await reads()).toBe(0);
  });

  it('refuses an argument given inline as well as by variable (rejectNhiQueryRequest note)', async () => {
    const filed = await stack.as('user')(FILE_REQUEST, { input: request() });
    const id = filed.data!.fileNhiQueryRequest.id;
    const res = await stack.as('supervisor')(`mutation { rejectNhiQueryRequest(id: "${id}", note: "${'否'.repeat(2_001)}") { status } }`);
    expect(violationsOf(res)).toEqual([{ field: 'note', message: 'at most 2000 characters, got 2001' }]);
    const state = await stack.as('user')(`query($id: ID!) { nhiQueryRequest(id: $id) { status } }`, { id });
    expect(state.data!.nhiQueryRequest.status).toBe('PENDING');
  });
});

describe('dates of events that happened: not in the future, not before 1995-03-01', () => {
  const RECORD = `mutation($input: NhiAuditInput!) { recordNhiAudit(input: $input) { id auditedOn } }`;
  const audit = (auditedOn: string) => ({
    kind: 'INTERNAL',
    agencyId: stack.fixture.agency.social,
    period: '2026-H1',
    auditUnit: '社會局政風室',
    auditedOn,
    checks: [1, 2, 3, 4, 5].map((check) => ({ check, result: 'PASS' })),
    auditeeId: stack.fixture.person.user,
    auditeeHeadId: stack.fixture.person.supervisor,
    auditorId: stack.fixture.person.socialAdmin,
    auditorHeadId: stack.fixture.person.colleague,
  });

  it('TN-8.2 refuses an audit dated 2999, dated tomorrow, or dated 1900, naming input.auditedOn, and stores none; today is taken', async () => {
    for (const day of ['2999-01-01', '2026-03-11', '1900-01-01']) {
      const res = await stack.as('socialAdmin')(RECORD, { input: audit(day) });
      expect(codes(res), day).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0]!.extensions!.field, day).toBe('input.auditedOn');
    }
    expect(await audits()).toBe(0);
    const res = await stack.as('socialAdmin')(RECORD, { input: audit(TODAY) });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordNhiAudit.auditedOn).toBe(TODAY);
  });

  it('TN-2.2 refuses an enrolment review dated after today, writing nothing', async () => {
    const [enrolment] = await stack.database.db.select().from(tables.enrolments);
    const res = await stack.as('chief')(`mutation($id: ID!, $input: ReviewEnrolmentInput!) { reviewNhiEnrolment(id: $id, input: $input) { nextReviewDue } }`, { id: enrolment!.id, input: { reviewedOn: '2999-12-31', stillNeeded: true } });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.field).toBe('input.reviewedOn');
    expect((await stack.database.db.select({ n: count() }).from(tables.enrolmentReviews))[0]!.n).toBe(0);
  });

  it('TN-7.1 refuses a usage log with a query dated 1900 or 2099, naming each line, and imports nothing; 4 minutes ahead is clock skew and taken', async () => {
    const subject = makeNationalId('D', 2, 111_111);
    const csv = (times: string[]) => ['queried_at,myegov_account,item,subject_id', ...times.map((t) => `${t},t.user,01,${subject}`)].join('\n');
    const res = await stack.as('chief')(`mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { rows } }`, {
      input: { fileName: 'webir-2026-03.csv', csv: csv(['2026-03-09T09:00:00+08:00', '1900-01-01T09:00:00+08:00', '2099-03-01T09:00:00+08:00']) },
    });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.lines).toEqual([3, 4]);
    expect(violationsOf(res).map((v) => v.field)).toEqual(['line 3', 'line 4']);
    expect(await usage()).toBe(0);
    const skew = new Date(clock.getTime() + 4 * 60_000).toISOString();
    const late = new Date(clock.getTime() + 6 * 60_000).toISOString();
    const refused = await stack.as('chief')(`mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { rows } }`, { input: { fileName: 'late.csv', csv: csv([skew, late]) } });
    expect(refused.errors![0]!.extensions!.lines).toEqual([3]);
    const taken = await stack.as('chief')(`mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { rows } }`, { input: { fileName: 'skew.csv', csv: csv([skew]) } });
    expect(taken.errors).toBeUndefined();
    expect(taken.data!.importNhiUsage.rows).toBe(1);
  });
});

describe('TN-5.3 an item is held from the day its access opens (TN-5.2)', () => {
  const grantOpening = (item: string, effectiveFrom: string) =>
    grantPermission(stack.database.db, { personId: stack.fixture.person.user, agencyId: stack.fixture.agency.social, regime: 'TN_NHI', role: 'USER', serviceItemId: `TN_NHI:${item}`, grantedById: stack.fixture.person.socialAdmin, reason: '附表二', effectiveFrom, at: clock });

  it('TN-5.3 refuses a query request for an item whose access opens tomorrow, writing nothing; from that day it is taken', async () => {
    await grantOpening('03', '2026-03-11');
    const res = await stack.as('user')(FILE_REQUEST, { input: request({ items: ['01', '03'] }) });
    expect(codes(res)).toEqual(['RULE_VIOLATION']);
    expect(res.errors![0]!.extensions!.rule).toBe('TN-5.3');
    expect(res.errors![0]!.extensions!.opensOn).toBe('2026-03-11');
    expect(await requests()).toBe(0);
    clock = new Date('2026-03-11T08:00:00+08:00');
    const taken = await stack.as('user')(FILE_REQUEST, { input: request({ items: ['01', '03'] }) });
    expect(taken.errors).toBeUndefined();
    expect(await requests()).toBe(1);
  });

  it('TN-5.3 takes an item whose access opened today', async () => {
    await grantOpening('03', TODAY);
    const res = await stack.as('user')(FILE_REQUEST, { input: request({ items: ['03'] }) });
    expect(res.errors).toBeUndefined();
  });
});

describe('names compared as README says: 臺 and 台 alike', () => {
  it('finds 臺南市政府社會局 when searched as 台南市政府社會局, or with full-width spacing around it', async () => {
    const q = async (search: string) => (await stack.as('chief')(`query($s: String!) { agencies(first: 5, filter: { search: $s }) { edges { node { name } } } }`, { s: search })).data?.agencies.edges;
    expect(await q('台南市政府社會局')).toEqual([{ node: { name: '臺南市政府社會局' } }]);
    expect(await q('　臺南市政府社會局 ')).toEqual([{ node: { name: '臺南市政府社會局' } }]);
  });
});
