import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '@webir/gateway';
import { closeServer, listen } from '@webir/kit';
import { supergraphPath } from '@webir/schema';
import { codes, gql } from './helpers/client.ts';
import { testConfig } from './helpers/config.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';

/**
 * The gateway's limits on a query's shape (issue 11): aliases, root fields and introspection are
 * bounded, with or without a token, and refused with QUERY_TOO_COMPLEX (`extensions.limit` says
 * which) before anything runs. Introspection and field suggestions are off unless configured.
 */
const EXPLORER_INTROSPECTION =
  '{ __schema { queryType { name } mutationType { name } types { name kind description fields { name description args { name type { ...T } } type { ...T } } inputFields { name type { ...T } } enumValues { name } } } } fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';

const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

/** A gateway alone (no subgraph is needed to refuse or to introspect), with its own configuration. */
async function bareGateway(env: NodeJS.ProcessEnv): Promise<{ url: string; close(): Promise<void> }> {
  const { http, apollo } = await createGateway({ config: testConfig(env), supergraphSdl: readFileSync(supergraphPath, 'utf8'), subgraphUrls: {} });
  const { url } = await listen(http as Server, 0);
  return {
    url: `${url}/graphql`,
    async close() {
      await closeServer(http);
      await apollo.stop();
    },
  };
}

describe('query limits, with or without a token', () => {
  it('refuses 1,000 aliases of __schema without a token with QUERY_TOO_COMPLEX (aliases), HTTP 400', async () => {
    const res = await gql(stack.gatewayUrl, aliases(1000, '__schema { queryType { name } }'));
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.errors![0]!.extensions).toMatchObject({ limit: 'aliases', max: 20 });
    expect(res.data).toBeUndefined();
  });

  it('refuses __schema asked twice, even within the alias limit (introspection)', async () => {
    const res = await gql(stack.gatewayUrl, aliases(2, '__schema { queryType { name } }'));
    expect(codes(res)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.errors![0]!.extensions!.limit).toBe('introspection');
  });

  it('refuses introspection that asks for a list inside itself (fields of the types of fields)', async () => {
    const res = await gql(stack.gatewayUrl, '{ __schema { types { fields { type { fields { name } } } } } }');
    expect(codes(res)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.errors![0]!.extensions!.limit).toBe('introspection');
  });

  it("answers the explorer's and GraphiQL's standard introspection without a token (development)", async () => {
    const explorer = await gql(stack.gatewayUrl, EXPLORER_INTROSPECTION);
    expect(explorer.errors).toBeUndefined();
    expect(explorer.data?.__schema.queryType.name).toBe('Query');
    const standard = await gql(stack.gatewayUrl, getIntrospectionQuery({ descriptions: true }));
    expect(standard.errors).toBeUndefined();
    expect(standard.data?.__schema.types.length).toBeGreaterThan(50);
  });

  it('refuses 1,000 aliases of people(first: 20) with a token (aliases), before any subgraph is asked', async () => {
    const before = stack.database.statements.count;
    const res = await stack.as('chief')(aliases(1000, 'people(first: 20) { edges { node { name } } }'));
    expect(codes(res)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.errors![0]!.extensions!.limit).toBe('aliases');
    expect(stack.database.statements.count).toBe(before);
  });

  it('refuses 1,000 aliases of me without a token with QUERY_TOO_COMPLEX, not UNAUTHENTICATED', async () => {
    const res = await gql(stack.gatewayUrl, aliases(1000, 'me { name }'));
    expect(codes(res)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('refuses more root fields than allowed (rootFields), and answers as many as allowed', async () => {
    const tooMany = await stack.as('chief')(`{ ${'me { name } '.repeat(16)}}`);
    expect(codes(tooMany)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(tooMany.errors![0]!.extensions).toMatchObject({ limit: 'rootFields', max: 15 });
    const allowed = await stack.as('chief')(`{ ${'me { name } '.repeat(15)}}`);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data?.me.name).toBe('王總管');
  });

  it('answers 20 aliases, the limit, and refuses 21', async () => {
    const names = (n: number) => `{ me { ${Array.from({ length: n }, (_, i) => `n${i}: name`).join(' ')} } }`;
    const res = await stack.as('chief')(names(20));
    expect(res.errors).toBeUndefined();
    expect(res.data?.me.n19).toBe('王總管');
    const over = await stack.as('chief')(names(21));
    expect(codes(over)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(over.errors![0]!.extensions).toMatchObject({ limit: 'aliases', max: 20 });
  });

  it('shows /health to anyone as statuses only: no URL, no address', async () => {
    const res = await fetch(new URL('/health', stack.gatewayUrl));
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ status: 'ok', subgraphs: { core: { status: 'ok', database: 'ok' } } });
    expect(text).not.toMatch(/https?:\/\/|127\.0\.0\.1|localhost/);
  });
});

describe('introspection configured', () => {
  it('refuses an introspection answer larger than WEBIR_MAX_INTROSPECTION_BYTES (introspectionBytes), and answers a small one', async () => {
    const gateway = await bareGateway({ WEBIR_MAX_INTROSPECTION_BYTES: '50000' });
    try {
      const big = await gql(gateway.url, EXPLORER_INTROSPECTION);
      expect(big.status).toBe(400);
      expect(codes(big)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(big.errors![0]!.extensions).toMatchObject({ limit: 'introspectionBytes', max: 50000 });
      expect(big.data).toBeUndefined();
      const small = await gql(gateway.url, '{ __type(name: "Query") { name } }');
      expect(small.errors).toBeUndefined();
      expect(small.data?.__type.name).toBe('Query');
    } finally {
      await gateway.close();
    }
  });

  it('with WEBIR_INTROSPECTION=false (the production default) refuses introspection and suggests no field names', async () => {
    const gateway = await bareGateway({ WEBIR_INTROSPECTION: 'false' });
    try {
      const schema = await gql(gateway.url, '{ __schema { queryType { name } } }');
      expect(codes(schema)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(schema.data).toBeUndefined();
      const typo = await gql(gateway.url, '{ me { nam } }');
      expect(codes(typo)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(typo.errors![0]!.message).not.toMatch(/Did you mean/);
      // __typename is no introspection: clients (Apollo Client's cache) need it.
      expect((await gql(gateway.url, '{ __typename }')).data).toEqual({ __typename: 'Query' });
    } finally {
      await gateway.close();
    }
  });

  it('suggests field names where introspection is on (development)', async () => {
    const typo = await gql(stack.gatewayUrl, '{ me { nam } }');
    expect(codes(typo)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(typo.errors![0]!.message).toMatch(/Did you mean "name"\?/);
  });
});
