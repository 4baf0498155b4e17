import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNationalId } from '@webir/kit';
import type { PersonKey } from '../helpers/fixture.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { enrol } from '../helpers/tainan.ts';

/**
 * complianceFindings is paged by the database (issue 11): the usage logs' findings are keyset-paged
 * and counted in SQL, merged with the findings of the present state (accounts, calendar) in one order:
 * severity, since, regime, kind, key.
 */
let clock = new Date('2026-03-10T10:00:00+08:00');
let stack: TestStack;

const ok = async (person: PersonKey, query: string, variables: Record<string, unknown> = {}) => {
  const res = await stack.as(person)(query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
};

/** `count` queries by the user without any request (TN-7.1), one a minute from `start` (Taipei time). */
async function importUnapproved(name: string, start: string, count: number) {
  const t0 = new Date(start).getTime();
  const lines = Array.from({ length: count }, (_, i) => `${new Date(t0 + i * 60_000).toISOString()},t.user,01,${makeNationalId('D', 1, 800_000 + i)},`);
  const csv = ['queried_at,myegov_account,item,subject_id,request_number', ...lines].join('\n');
  return (await ok('chief', `mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { rows findings } }`, { input: { fileName: name, csv } })).importNhiUsage;
}

const PAGE = `query($first: Int, $after: String, $filter: FindingFilter) { complianceFindings(first: $first, after: $after, filter: $filter) {
  totalCount high medium low pageInfo { hasNextPage endCursor } edges { cursor node { regime rule kind severity since recordId summary } } } }`;
type Node = { regime: string; rule: string; kind: string; severity: string; since: string; recordId: string | null; summary: string };
type Page = { totalCount: number; high: number; medium: number; low: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: Node }[] };

async function walk(person: PersonKey, first: number, filter: Record<string, unknown> = {}): Promise<{ nodes: Node[]; pages: number; last: Page }> {
  const nodes: Node[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const page: Page = (await ok(person, PAGE, { first, after, filter })).complianceFindings;
    pages++;
    nodes.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return { nodes, pages, last: page };
    after = page.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  stack = await startTestStack({ now: () => clock });
  clock = new Date('2026-01-10T10:00:00+08:00');
  await enrol(stack, stack.fixture.agency.social);
  await enrol(stack, stack.fixture.agency.socialCentre);
  clock = new Date('2026-03-10T10:00:00+08:00');
  expect(await importUnapproved('mar.csv', '2026-03-02T09:00:00+08:00', 30)).toEqual({ rows: 30, findings: 30 });
}, 300_000);
afterAll(() => stack?.stop());

describe('complianceFindings paged by the database', () => {
  it('TN-7.1 pages of 7 walk the same list, in the same order, as one page of 500, and count by severity', async () => {
    const whole: Page = (await ok('chief', PAGE, { first: 500, filter: { on: '2026-06-01' } })).complianceFindings;
    expect(whole.pageInfo.hasNextPage).toBe(false);
    const unapproved = whole.edges.filter((e) => e.node.kind === 'QUERY_WITHOUT_APPROVAL');
    expect(unapproved).toHaveLength(30);
    // Most severe first; within a severity, oldest first.
    const rank = { HIGH: 0, MEDIUM: 1, LOW: 2 } as Record<string, number>;
    const order = whole.edges.map((e) => `${rank[e.node.severity]} ${e.node.since}`);
    expect(order).toEqual([...order].sort());
    expect(whole.totalCount).toBe(whole.edges.length);
    expect(whole.high + whole.medium + whole.low).toBe(whole.totalCount);
    expect(whole.high).toBe(whole.edges.filter((e) => e.node.severity === 'HIGH').length);
    expect(whole.low).toBe(whole.edges.filter((e) => e.node.severity === 'LOW').length);
    expect(whole.low).toBeGreaterThan(0); // the state's findings (idle accounts) are merged with the log's

    const walked = await walk('chief', 7, { on: '2026-06-01' });
    expect(walked.nodes).toEqual(whole.edges.map((e) => e.node));
    expect(walked.pages).toBe(Math.ceil(whole.totalCount / 7));
    expect(walked.last).toMatchObject({ totalCount: whole.totalCount, high: whole.high, low: whole.low });
  });

  it('TN-7.1 a filter by rule and severity is applied before the page and the counts', async () => {
    const page: Page = (await ok('chief', PAGE, { first: 10, filter: { on: '2026-06-01', rule: 'TN-7.1', severity: ['HIGH'] } })).complianceFindings;
    expect(page).toMatchObject({ totalCount: 30, high: 30, medium: 0, low: 0, pageInfo: { hasNextPage: true } });
    expect(page.edges.map((e) => e.node.summary)[0]).toBe('Query of item 01 on 2026-03-02 has no query request (附表三)');
    const none: Page = (await ok('chief', PAGE, { first: 10, filter: { on: '2026-06-01', rule: 'TN-7.1', severity: ['LOW'] } })).complianceFindings;
    expect(none).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('TN-7.1 a cursor is a position in the order, not an offset: findings imported meanwhile ahead of it are neither repeated nor skip another', async () => {
    const filter = { on: '2026-06-01', rule: 'TN-7.1' };
    const first: Page = (await ok('chief', PAGE, { first: 10, filter })).complianceFindings;
    // Older queries arrive in a late log: they sort before the cursor.
    expect(await importUnapproved('feb.csv', '2026-02-02T09:00:00+08:00', 5)).toEqual({ rows: 5, findings: 5 });
    const next: Page = (await ok('chief', PAGE, { first: 10, after: first.pageInfo.endCursor, filter })).complianceFindings;
    const seen = new Set(first.edges.map((e) => e.node.recordId));
    expect(next.edges.filter((e) => seen.has(e.node.recordId))).toEqual([]);
    // The page goes on from the 11th query of March 2.
    expect(next.edges[0]!.node.since).toBe('2026-03-02');
    expect(next.totalCount).toBe(35);
  });

  it('refuses a cursor that is not one of this list', async () => {
    const bad = Buffer.from(JSON.stringify([{}, 1, 2, 3, 4])).toString('base64url');
    const res = await stack.as('chief')(PAGE, { first: 5, after: bad });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
