import { describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { tables } from '@webir/db';
import { makeNationalId } from '@webir/kit';
import { codes, type GraphQLResponse } from '../helpers/client.ts';
import type { TestStack } from '../helpers/stack.ts';
import { stackWithFreshDirectory } from '../helpers/tainan.ts';

const stack = stackWithFreshDirectory(['social']);

const FILE_REQUEST = `mutation($input: NhiQueryRequestInput!) { fileNhiQueryRequest(input: $input) { id number status subjectName subjectIdMasked items retainUntil requester { name } agency { name } } }`;
const APPROVE_REQUEST = `mutation($id: ID!) { approveNhiQueryRequest(id: $id) { id status approver { name } decidedAt } }`;
const subjectId = makeNationalId('D', 2, 777_777);
const request = (extra: Record<string, unknown> = {}) => ({
  subjectName: '受查詢人',
  subjectNationalId: subjectId,
  items: ['01'],
  purpose: '低收入戶資格複查',
  legalBasis: '社會救助法第 4 條',
  ...extra,
});
const ruleOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.rule;
const stored = async () => (await stack.database.db.select({ n: count() }).from(tables.queryRequests))[0]!.n;

async function file(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await stack.as('user')(FILE_REQUEST, { input: request(extra) });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.fileNhiQueryRequest.id;
}

describe('TN-7.1 every query needs a request approved by the requester’s supervisor first', () => {
  it('TN-7.1 files a request (附表三) pending, the subject’s identifier masked and stored encrypted', async () => {
    const res = await stack.as('user')(FILE_REQUEST, { input: request({ items: ['02', '01'] }) });
    expect(res.errors).toBeUndefined();
    const filed = res.data!.fileNhiQueryRequest;
    expect(filed).toMatchObject({ status: 'PENDING', subjectName: '受查詢人', items: ['01', '02'], requester: { name: '陳使用' }, agency: { name: '臺南市政府社會局' } });
    expect(filed.subjectIdMasked).toBe(`${subjectId.slice(0, 3)}****${subjectId.slice(-3)}`);
    expect(filed.number).toMatch(/^F3-\d{8}-[0-9A-F]{6}$/);
    const [row] = await stack.database.db.select().from(tables.queryRequests);
    expect(JSON.stringify(row)).not.toContain(subjectId);
  });

  it('TN-7.1 is approved by the requester’s supervisor', async () => {
    const id = await file();
    const res = await stack.as('supervisor')(APPROVE_REQUEST, { id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.approveNhiQueryRequest).toMatchObject({ status: 'APPROVED', approver: { name: '張科長' } });
    expect(codes(await stack.as('supervisor')(APPROVE_REQUEST, { id }))).toEqual(['CONFLICT']);
  });

  it('TN-7.1 is never approved by the requester, nor by anyone but their supervisor', async () => {
    const id = await file();
    expect(ruleOf(await stack.as('user')(APPROVE_REQUEST, { id }))).toBe('TN-7.1');
    expect(ruleOf(await stack.as('socialAdmin')(APPROVE_REQUEST, { id }))).toBe('TN-7.1');
    expect(ruleOf(await stack.as('chief')(APPROVE_REQUEST, { id }))).toBe('TN-7.1');
    expect(codes(await stack.as('colleague')(APPROVE_REQUEST, { id }))).toEqual(['NOT_FOUND']);
    const state = await stack.as('user')(`query($id: ID!) { nhiQueryRequest(id: $id) { status approver { name } } }`, { id });
    expect(state.data!.nhiQueryRequest).toEqual({ status: 'PENDING', approver: null });
  });

  it('TN-7.1 refuses a request from someone with no supervisor to approve it, writing nothing', async () => {
    const res = await stack.as('socialAdmin')(FILE_REQUEST, { input: request() });
    // The administrator holds no items either; whichever rule answers, nothing is written.
    expect(codes(res)).toEqual(['RULE_VIOLATION']);
    expect(await stored()).toBe(0);
  });

  it('TN-7.1 a rejection needs a reason and is final', async () => {
    const id = await file();
    expect(codes(await stack.as('supervisor')(`mutation($id: ID!) { rejectNhiQueryRequest(id: $id, note: " ") { id } }`, { id }))).toEqual(['BAD_USER_INPUT']);
    const res = await stack.as('supervisor')(`mutation($id: ID!) { rejectNhiQueryRequest(id: $id, note: "目的與職掌不符") { status decisionNote } }`, { id });
    expect(res.data!.rejectNhiQueryRequest).toEqual({ status: 'REJECTED', decisionNote: '目的與職掌不符' });
    expect(codes(await stack.as('supervisor')(APPROVE_REQUEST, { id }))).toEqual(['CONFLICT']);
  });
});

describe('the request’s content', () => {
  it('TN-5.3 refuses a request for items the requester was not granted, writing nothing', async () => {
    const res = await stack.as('user')(FILE_REQUEST, { input: request({ items: ['01', '12'] }) });
    expect(ruleOf(res)).toBe('TN-5.3');
    expect(res.errors![0]!.message).toMatch(/12/);
    expect(await stored()).toBe(0);
  });

  it('refuses a bad identifier, no items, an unknown item and an empty purpose, reporting them together', async () => {
    const res = await stack.as('user')(FILE_REQUEST, { input: request({ subjectNationalId: 'D123456788', items: [], purpose: ' ', legalBasis: '' }) });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.violations.map((v: { field: string }) => v.field).sort()).toEqual(['input.items', 'input.legalBasis', 'input.purpose', 'input.subjectNationalId']);
    expect(await stored()).toBe(0);
  });
});

describe('TN-7.4 who sees a query request', () => {
  it('TN-7.4 the requester, their supervisor, their agency administrator and the regime’s readers; not a colleague or another agency', async () => {
    const id = await file();
    const seen = async (who: Parameters<TestStack['as']>[0]) => (await stack.as(who)(`query($id: ID!) { nhiQueryRequest(id: $id) { id } }`, { id })).data?.nhiQueryRequest?.id ?? null;
    for (const who of ['user', 'supervisor', 'socialAdmin', 'chief', 'auditor'] as const) expect(await seen(who), who).toBe(id);
    for (const who of ['colleague', 'districtAdmin', 'khIt'] as const) expect(await seen(who), who).toBeNull();
    const list = await stack.as('colleague')(`{ nhiQueryRequests { totalCount } }`);
    expect(list.data!.nhiQueryRequests.totalCount).toBe(0);
    const person = await stack.as('supervisor')(`{ me { staff { name nhiQueryRequests { status } } } }`);
    expect(person.data!.me.staff.find((s: { name: string }) => s.name === '陳使用').nhiQueryRequests).toEqual([{ status: 'PENDING' }]);
  });

  it('TN-7.4 the auditor reads every request and approves none', async () => {
    const id = await file();
    expect((await stack.as('auditor')(`{ nhiQueryRequests { totalCount } }`)).data!.nhiQueryRequests.totalCount).toBe(1);
    expect(ruleOf(await stack.as('auditor')(APPROVE_REQUEST, { id }))).toBe('TN-7.4');
  });
});
