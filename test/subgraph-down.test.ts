import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes } from './helpers/client.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';

/**
 * A regime subgraph goes down while the gateway runs (its server stopped, as when its process dies):
 * what the other subgraphs answer still comes back, the fields it would have answered are null, and
 * the error names it by name, never by its internal address.
 */
let stack: TestStack;
let tainanUrl: string;
beforeAll(async () => {
  stack = await startTestStack();
  tainanUrl = stack.subgraphUrls['tainan-nhi']!;
});
afterAll(() => stack?.stop());

const ACROSS = '{ me { name nhiApplications { number } khAccounts { kind } agency { name nhiEnrolment { id } } } }';

/** Nothing of the subgraph's address may reach a client. */
function expectNoAddress(body: unknown): void {
  const text = JSON.stringify(body);
  const { host } = new URL(tainanUrl);
  expect(text).not.toContain(host);
  expect(text).not.toMatch(/https?:\/\//);
  expect(text).not.toMatch(/ECONNREFUSED|socket hang up/);
}

describe('a regime subgraph down', () => {
  it('answers whole while every subgraph is up', async () => {
    const res = await stack.as('user')(ACROSS);
    expect(res.errors).toBeUndefined();
    expect(res.data?.me).toEqual({ name: '陳使用', nhiApplications: [], khAccounts: [], agency: { name: '臺南市政府社會局', nhiEnrolment: null } });
  });

  it('answers what core and kaohsiung-bli know, nulls what tainan-nhi would have, and names tainan-nhi (SUBGRAPH_UNAVAILABLE) without its URL', async () => {
    await stack.stopSubgraph('tainan-nhi');
    const res = await stack.as('user')(ACROSS);
    expect(res.status).toBe(200);
    expect(res.data?.me).toEqual({ name: '陳使用', nhiApplications: null, khAccounts: [], agency: { name: '臺南市政府社會局', nhiEnrolment: null } });
    // One error per fetch the plan sent to tainan-nhi (its Person and its Agency fields), each naming it.
    expect(res.errors!.length).toBeGreaterThan(0);
    expect([...new Set(res.errors!.map((e) => `${e.extensions?.code} ${e.extensions?.subgraph}`))]).toEqual(['SUBGRAPH_UNAVAILABLE tainan-nhi']);
    expect(res.errors![0]!.message).toMatch(/tainan-nhi/);
    expectNoAddress(res);
  });

  it('answers a root field of the subgraph that is down with SUBGRAPH_UNAVAILABLE naming it, without its URL', async () => {
    const res = await stack.as('chief')('{ nhiApplications(first: 5) { totalCount } }');
    expect(codes(res)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(res.errors![0]!.extensions!.subgraph).toBe('tainan-nhi');
    expectNoAddress(res);
  });

  it('shows /health degraded, naming the subgraph that is down by status only', async () => {
    const res = await fetch(new URL('/health', stack.gatewayUrl));
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; subgraphs: Record<string, { status: string }> };
    expect(body.status).toBe('degraded');
    expect(body.subgraphs['tainan-nhi']).toEqual({ status: 'error' });
    expect(body.subgraphs.core).toEqual({ status: 'ok', database: 'ok' });
    expectNoAddress(body);
  });
});
