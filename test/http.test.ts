import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes } from './helpers/client.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ env: { WEBIR_MAX_DEPTH: '8', WEBIR_MAX_COST: '5000', WEBIR_CORS_ORIGINS: 'https://studio.apollographql.com,https://portal.tainan.gov.tw' } });
});
afterAll(() => stack?.stop());

describe('the gateway over HTTP', () => {
  it('reports each subgraph and its database at /health', async () => {
    const res = await fetch(new URL('/health', stack.gatewayUrl));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; subgraphs: Record<string, { status: string; database: string }> };
    expect(body.status).toBe('ok');
    expect(body.subgraphs.core).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('serves the offline explorer to a browser, with nothing loaded from another origin', async () => {
    const res = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await res.text();
    expect(html).toMatch(/<script/);
    expect(html.match(/(?:src|href)\s*=\s*["']https?:\/\/[^"']+/g) ?? []).toEqual([]);
  });

  it('blocks simple GET requests without a preflight header (CSRF prevention)', async () => {
    const res = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF|preflight/i);
  });

  it('allows the configured origins (Apollo Sandbox among them) and no others', async () => {
    const preflight = (origin: string) =>
      fetch(stack.gatewayUrl, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    const studio = await preflight('https://studio.apollographql.com');
    expect(studio.headers.get('access-control-allow-origin')).toBe('https://studio.apollographql.com');
    expect(studio.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a query deeper than the limit with QUERY_TOO_DEEP, before any subgraph is asked', async () => {
    const before = stack.database.statements.count;
    const res = await stack.as('chief')(`{ me { agency { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } }`);
    expect(codes(res)).toEqual(['QUERY_TOO_DEEP']);
    expect(stack.database.statements.count).toBe(before);
  });

  it('refuses a query costlier than the limit with QUERY_TOO_COSTLY, counting pages from variables too', async () => {
    const q = `query($n: Int) { people(first: $n) { edges { node { name permissions { role serviceItem { code } } } } } }`;
    const res = await stack.as('chief')(q, { n: 500 });
    expect(codes(res)).toEqual(['QUERY_TOO_COSTLY']);
    expect(res.errors![0]!.extensions!.cost).toBeGreaterThan(5000);
    expect((await stack.as('chief')(q, { n: 5 })).errors).toBeUndefined();
  });

  it('refuses a body that is not JSON, and one over the size limit', async () => {
    const bad = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(bad.status).toBe(400);
    const huge = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(1_100_000) }) });
    expect(huge.status).toBe(413);
  });

  it('answers unknown paths with 404', async () => {
    expect((await fetch(new URL('/nope', stack.gatewayUrl))).status).toBe(404);
  });
});
