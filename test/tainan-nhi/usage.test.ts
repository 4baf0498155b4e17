import { beforeEach, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { tables } from '@webir/db';
import { makeNationalId } from '@webir/kit';
import { codes } from '../helpers/client.ts';
import type { TestStack } from '../helpers/stack.ts';
import { stackWithFreshDirectory } from '../helpers/tainan.ts';

const stack = stackWithFreshDirectory(['social']);

const alice = makeNationalId('D', 2, 111_111);
const bob = makeNationalId('D', 1, 222_222);
let approved: { id: string; number: string };
let pending: { id: string; number: string };

beforeEach(async () => {
  const file = async (subject: string, items: string[]) => {
    const res = await stack.as('user')(`mutation($input: NhiQueryRequestInput!) { fileNhiQueryRequest(input: $input) { id number } }`, {
      input: { subjectName: '個案', subjectNationalId: subject, items, purpose: '低收入戶資格複查', legalBasis: '社會救助法' },
    });
    return res.data!.fileNhiQueryRequest as { id: string; number: string };
  };
  approved = await file(alice, ['01']);
  pending = await file(bob, ['01', '02']);
  await stack.as('supervisor')(`mutation($id: ID!) { approveNhiQueryRequest(id: $id) { id } }`, { id: approved.id });
});

const IMPORT = `mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { id rows duplicates findings } }`;
const FINDINGS = `{ nhiUsageRecords(first: 50) { totalCount edges { node { line finding item subjectIdMasked querier { name } request { number } } } } }`;
const later = () => new Date(stack.now().getTime() + 60_000).toISOString();
const csv = (lines: string[]) => ['queried_at,myegov_account,item,subject_id,request_number', ...lines].join('\n');
const stored = async () => (await stack.database.db.select({ n: count() }).from(tables.usageRecords))[0]!.n;

async function importAs(who: Parameters<TestStack['as']>[0], text: string, fileName = 'webir-2026-03.csv') {
  return stack.as(who)(IMPORT, { input: { fileName, csv: text } });
}

describe('usage records matched to approved requests', () => {
  it('TN-7.1 finds a query with no request, and one made before its request was approved', async () => {
    const res = await importAs('chief', csv([
      `${later()},t.user,01,${alice},${approved.number}`,
      `${later()},t.user,01,${makeNationalId('D', 1, 333_333)},`,
      `${later()},t.user,01,${bob},${pending.number}`,
      `2020-01-01T09:00:00+08:00,t.user,01,${alice},`,
    ]));
    expect(res.errors).toBeUndefined();
    expect(res.data!.importNhiUsage).toMatchObject({ rows: 4, duplicates: 0, findings: 3 });
    const list = await stack.as('chief')(FINDINGS);
    const byLine = Object.fromEntries(list.data!.nhiUsageRecords.edges.map((e: { node: { line: number; finding: string } }) => [e.node.line, e.node.finding]));
    expect(byLine).toEqual({ 2: 'NONE', 3: 'NO_REQUEST', 4: 'BEFORE_APPROVAL', 5: 'BEFORE_APPROVAL' });
    const matched = list.data!.nhiUsageRecords.edges.find((e: { node: { line: number } }) => e.node.line === 2).node;
    expect(matched).toMatchObject({ querier: { name: '陳使用' }, request: { number: approved.number } });
    expect(matched.subjectIdMasked).toBe(`${alice.slice(0, 3)}****${alice.slice(-3)}`);
  });

  it('TN-7.2 finds a query outside the request’s items or about someone else than its subject', async () => {
    const res = await importAs('chief', csv([`${later()},t.user,02,${alice},${approved.number}`, `${later()},t.user,01,${bob},${approved.number}`, `${later()},t.user,05,${alice},`]));
    expect(res.data!.importNhiUsage.findings).toBe(3);
    const list = await stack.as('chief')(`{ nhiUsageRecords(filter: { findingsOnly: true }) { edges { node { line finding } } } }`);
    expect(list.data!.nhiUsageRecords.edges.map((e: { node: { line: number } }) => e.node).sort((a: { line: number }, b: { line: number }) => a.line - b.line)).toEqual([
      { line: 2, finding: 'OUTSIDE_ITEMS' },
      { line: 3, finding: 'OUTSIDE_SUBJECT' },
      { line: 4, finding: 'OUTSIDE_ITEMS' },
    ]);
  });

  it('records an account nobody in the directory holds as a finding', async () => {
    const res = await importAs('chief', csv([`${later()},stranger.account,01,${alice},`]));
    expect(res.data!.importNhiUsage.findings).toBe(1);
    const list = await stack.as('chief')(`{ nhiUsageRecords { edges { node { finding querier { name } } } } }`);
    expect(list.data!.nhiUsageRecords.edges[0].node).toEqual({ finding: 'UNKNOWN_QUERIER', querier: null });
  });

  it('refuses a file with bad lines, naming every one, and imports nothing', async () => {
    const res = await importAs('chief', csv([`${later()},t.user,01,${alice},`, `yesterday,t.user,01,${alice},`, `${later()},t.user,14,${alice},`, `${later()},t.user,01,D123456780,`, `${later()},,01,${alice},`]));
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.lines).toEqual([3, 4, 5, 6]);
    expect(res.errors![0]!.message).toMatch(/nothing was imported/);
    expect(await stored()).toBe(0);
    expect(codes(await importAs('chief', 'when,who\n1,2'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await importAs('chief', csv([])))).toEqual(['BAD_USER_INPUT']);
  });

  it('imports a file once, and counts the queries an overlapping log repeats', async () => {
    const first = csv([`2026-03-02T10:00:00+08:00,t.user,01,${alice},`, `2026-03-02T11:00:00+08:00,t.user,01,${alice},`]);
    expect((await importAs('chief', first)).errors).toBeUndefined();
    expect(codes(await importAs('chief', first, 'again.csv'))).toEqual(['CONFLICT']);
    const overlap = csv([`2026-03-02T11:00:00+08:00,t.user,01,${alice},`, `2026-03-02T12:00:00+08:00,t.user,01,${alice},`]);
    expect((await importAs('chief', overlap, 'next.csv')).data!.importNhiUsage).toMatchObject({ rows: 2, duplicates: 1 });
    expect(await stored()).toBe(3);
  });

  it('TN-7.4 lets the chief administrator and agency administrators import their agencies’ logs, not users or the auditor', async () => {
    const text = csv([`${later()},t.user,01,${alice},`]);
    expect(codes(await importAs('user', text))).toEqual(['FORBIDDEN']);
    expect((await importAs('auditor', text)).errors![0]!.extensions!.rule).toBe('TN-7.4');
    expect(codes(await importAs('districtAdmin', text))).toEqual(['FORBIDDEN']); // a Social Affairs query
    expect((await importAs('socialAdmin', text)).errors).toBeUndefined();
  });

  it('TN-7.4 shows usage records to the querier, their supervisor, their administrator and the regime’s readers only', async () => {
    await importAs('chief', csv([`${later()},t.user,01,${alice},`]));
    const total = async (who: Parameters<TestStack['as']>[0]) => (await stack.as(who)(`{ nhiUsageRecords { totalCount } }`)).data!.nhiUsageRecords.totalCount;
    for (const who of ['user', 'supervisor', 'socialAdmin', 'chief', 'auditor'] as const) expect(await total(who), who).toBe(1);
    for (const who of ['colleague', 'districtAdmin'] as const) expect(await total(who), who).toBe(0);
  });
});
