import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addYears, makeNationalId } from '@webir/kit';
import { codes } from '../helpers/client.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { APPROVE, enrol, fileAndSign, userApplication } from '../helpers/tainan.ts';

/** Retention over years, on a clock the test moves. */
let stack: TestStack;
let clock = new Date('2026-01-10T10:00:00+08:00');
const start = '2026-01-10';
const at = (day: string) => {
  clock = new Date(`${day}T10:00:00+08:00`);
};
const PURGE = `mutation($dry: Boolean) { purgeNhiRecords(dryRun: $dry) { kind number rule retainUntil } }`;
const kinds = async (dry: boolean) => ((await stack.as('chief')(PURGE, { dry })).data!.purgeNhiRecords as { kind: string; rule: string }[]).map((p) => `${p.kind} ${p.rule}`).sort();
let requestNumber = '';

beforeAll(async () => {
  stack = await startTestStack({ now: () => clock });
  await enrol(stack, stack.fixture.agency.social);
  const app = await fileAndSign(stack, 'user', userApplication(stack), ['user', 'supervisor', 'socialHead']);
  expect((await stack.as('socialAdmin')(APPROVE, { id: app })).errors).toBeUndefined();
  const filed = await stack.as('user')(`mutation($input: NhiQueryRequestInput!) { fileNhiQueryRequest(input: $input) { id number } }`, {
    input: { subjectName: '個案', subjectNationalId: makeNationalId('D', 1, 909_090), items: ['01'], purpose: '資格複查', legalBasis: '社會救助法' },
  });
  requestNumber = filed.data!.fileNhiQueryRequest.number;
  await stack.as('supervisor')(`mutation($id: ID!) { approveNhiQueryRequest(id: $id) { id } }`, { id: filed.data!.fileNhiQueryRequest.id });
  // The query is made an hour after the request's approval, and imported once it has happened.
  const usage = `queried_at,myegov_account,item,subject_id,request_number\n2026-01-10T11:00:00+08:00,t.user,01,${makeNationalId('D', 1, 909_090)},${requestNumber}`;
  const approvedAt = clock;
  clock = new Date('2026-01-10T12:00:00+08:00');
  expect((await stack.as('chief')(`mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { findings } }`, { input: { fileName: 'jan.csv', csv: usage } })).data!.importNhiUsage.findings).toBe(0);
  clock = approvedAt;
  expect((await stack.as('socialAdmin')(`mutation { recordNhiQuarterlyReview(input: { agencyId: "${stack.fixture.agency.social}", quarter: "2025-Q4", summary: "檢視完畢，無異常" }) { id } }`)).errors).toBeUndefined();
});
afterAll(() => stack?.stop());

describe('retention: nothing is removed before its period ends', () => {
  it('TN-5.4 keeps an application form at least a year after its decision, then removes it with a record of why', async () => {
    at(addDays(addYears(start, 1), -1));
    expect(await kinds(true)).toEqual([]);
    expect(await kinds(false)).toEqual([]);
    at(addDays(addYears(start, 1), 1));
    expect(await kinds(true)).toEqual(['APPLICATION TN-5.4']);
    expect((await stack.as('socialAdmin')(`{ nhiApplications { totalCount } }`)).data!.nhiApplications.totalCount).toBe(1); // a dry run removes nothing
    expect(await kinds(false)).toEqual(['APPLICATION TN-5.4']);
    expect((await stack.as('socialAdmin')(`{ nhiApplications { totalCount } }`)).data!.nhiApplications.totalCount).toBe(0);
    const log = await stack.as('auditor')(`{ nhiPurges { kind rule purgedAt } }`);
    expect(log.data!.nhiPurges).toEqual([{ kind: 'APPLICATION', rule: 'TN-5.4', purgedAt: clock.toISOString() }]);
  });

  it('TN-8.5 keeps review and audit records three years', async () => {
    at(addDays(addYears(start, 3), -1));
    expect(await kinds(true)).toEqual([]);
    at(addDays(addYears(start, 3), 1));
    expect(await kinds(false)).toEqual(['QUARTERLY_REVIEW TN-8.5']);
  });

  it('TN-7.7 keeps query requests five years; the usage records they matched keep the request number', async () => {
    at(addDays(addYears(start, 5), -1));
    expect(await kinds(true)).toEqual([]);
    at(addDays(addYears(start, 5), 1));
    expect(await kinds(false)).toEqual(['QUERY_REQUEST TN-7.7']);
    const usage = await stack.as('chief')(`{ nhiUsageRecords { edges { node { requestNumber request { id } finding } } } }`);
    expect(usage.data!.nhiUsageRecords.edges[0].node).toEqual({ requestNumber, request: null, finding: 'NONE' });
  });

  it('lets only the chief administrator purge', async () => {
    expect(codes(await stack.as('socialAdmin')(PURGE, { dry: true }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.as('auditor')(PURGE, { dry: false }))).toEqual(['FORBIDDEN']);
  });
});
