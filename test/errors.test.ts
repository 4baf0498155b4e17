import { createServer } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { count, sql } from 'drizzle-orm';
import { tables } from '@webir/db';
import { makeNationalId } from '@webir/kit';
import { compose, readSubgraphs } from '@webir/schema';
import type { SubgraphEntry } from '@webir/stack';
import { codes, gql } from './helpers/client.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';

/**
 * What a client may learn from an error: a domain error's or a malformed request's own message, or for
 * anything else a generic message, its code and the request id, the detail going to the server log
 * under that id. Never SQL, a stack, an internal URL or a driver's text.
 */

// A "subgraph" that answers like a misconfigured proxy in front of it: the gateway's own failure to
// read the answer (an Error of the gateway's, naming the body) must not reach the client either.
const brokenTypeDefs = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Query { brokenProbe: String }
`;
const broken: SubgraphEntry = {
  name: 'broken',
  defaultPort: 0,
  create: async () => {
    const http = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>upstream error at http://10.1.2.3:5432/internal, select * from core.people</html>');
    });
    return { http, apollo: { stop: async () => {} } };
  },
};

let stack: TestStack;
beforeAll(async () => {
  const supergraphSdl = compose([...readSubgraphs(), { name: 'broken', url: 'http://127.0.0.1:1/graphql', typeDefs: brokenTypeDefs }]);
  stack = await startTestStack({ extraSubgraphs: [broken], supergraphSdl });
});
afterAll(() => stack?.stop());
afterEach(() => vi.restoreAllMocks());

const CREATE_PERSON = `mutation($input: CreatePersonInput!) { createPerson(input: $input) { id name } }`;
const AGENCIES = '{ agencies(first: 5) { edges { node { name } } } }';

const peopleCount = async () => (await stack.database.db.select({ n: count() }).from(tables.people))[0]!.n;

/** Everything a client received, as one string, to look for what must not be there. */
const leaks = (res: unknown) => {
  const text = JSON.stringify(res);
  return ['insert into', 'select ', 'from "core"', 'core.', 'params', 'relation', 'http://', 'stacktrace', '    at ', 'Failed query'].filter((s) => text.toLowerCase().includes(s.toLowerCase()));
};

/** The lines written to the server log while `run` runs. */
async function logged<T>(run: () => Promise<T>): Promise<{ result: T; log: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    lines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}\n${String((a as { cause?: unknown }).cause ?? '')}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  });
  try {
    return { result: await run(), log: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

describe('a NUL character in text input', () => {
  it('createPerson with a NUL byte in the name answers BAD_USER_INPUT naming the field and writes nothing', async () => {
    const before = await peopleCount();
    const input = { name: 'Mallory\u0000Tables', nationalId: makeNationalId('D', 1, 7001), myegovAccount: 'nul.person', agencyId: stack.fixture.agency.social };
    const res = await stack.as('socialAdmin')(CREATE_PERSON, { input });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.violations.map((v: { field: string }) => v.field)).toEqual(['input.name']);
    expect(leaks(res)).toEqual([]);
    expect(await peopleCount()).toBe(before);
  });

  it('refuses a NUL byte written into the query text itself (an escaped string literal), naming the argument', async () => {
    const before = await peopleCount();
    const res = await stack.as('socialAdmin')(
      `mutation { createPerson(input: { name: "a\\u0000b", nationalId: "${makeNationalId('D', 1, 7002)}", myegovAccount: "nul.literal", agencyId: "${stack.fixture.agency.social}" }) { id } }`,
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.violations.map((v: { field: string }) => v.field)).toEqual(['input.name']);
    expect(await peopleCount()).toBe(before);
  });

  it('refuses a NUL byte in a query\'s variable nested in an input, before any resolver runs', async () => {
    const { result: res, log } = await logged(() => stack.as('chief')(`query($f: AgencyFilter) { agencies(first: 1, filter: $f) { edges { node { name } } } }`, { f: { search: 'x\u0000' } }));
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.violations.map((v: { field: string }) => v.field)).toEqual(['f.search']);
    expect(log).toBe('');
  });
});

describe('internal errors reach the client as a code and a request id only', () => {
  it('a database error (a table gone) answers INTERNAL_SERVER_ERROR with the request id, no SQL; the log has the detail under that id', async () => {
    await stack.database.db.execute(sql`alter table core.agencies rename to agencies_gone`);
    try {
      const { result: res, log } = await logged(() => stack.as('chief')(AGENCIES));
      expect(codes(res)).toEqual(['INTERNAL_SERVER_ERROR']);
      const error = res.errors![0]!;
      expect(error.message).toBe(`Internal server error (request ${error.extensions!.requestId})`);
      expect(error.extensions!.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(leaks(res)).toEqual([]);
      expect(Object.keys(error.extensions!).sort()).toEqual(['code', 'requestId']);
      expect(log).toContain(error.extensions!.requestId);
      expect(log).toMatch(/agencies/);
    } finally {
      await stack.database.db.execute(sql`alter table core.agencies_gone rename to agencies`);
    }
  });

  it('a subgraph answering HTML is named (SUBGRAPH_UNAVAILABLE) with the request id, no URL or body', async () => {
    const { result: res, log } = await logged(() => stack.as('chief')('{ brokenProbe }'));
    expect(codes(res)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(leaks(res)).toEqual([]);
    const requestId = res.errors![0]!.extensions!.requestId as string;
    expect(log).toContain(requestId);
    expect(log).toContain('upstream error');
  });

  it('the request id a client sends (x-request-id) comes back on the error and in the response header; a malformed one is replaced', async () => {
    await stack.database.db.execute(sql`alter table core.agencies rename to agencies_gone`);
    try {
      const token = await stack.tokenOf('chief');
      const mine = 'client-req-0001.abc';
      const res = await logged(() => fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': mine },
        body: JSON.stringify({ query: AGENCIES }),
      }).then(async (r) => ({ header: r.headers.get('x-request-id'), body: (await r.json()) as { errors: { extensions: Record<string, unknown> }[] } })));
      expect(res.result.header).toBe(mine);
      expect(res.result.body.errors[0]!.extensions.requestId).toBe(mine);
      expect(res.log).toContain(mine);

      for (const bad of ['x'.repeat(500), 'two words', 'semi;colon;header', 'short']) {
        const other = await logged(() => gql(stack.gatewayUrl, AGENCIES, {}, { token, headers: { 'x-request-id': bad } }));
        expect(other.result.errors![0]!.extensions!.requestId).toMatch(/^[0-9a-f-]{36}$/);
      }
    } finally {
      await stack.database.db.execute(sql`alter table core.agencies_gone rename to agencies`);
    }
  });

  it('domain errors keep their message and code, carry the request id and no stack trace', async () => {
    const res = await stack.as('user')(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, {
      input: { name: 'x', nationalId: makeNationalId('D', 1, 7003), myegovAccount: 'someone.new', agencyId: stack.fixture.agency.social },
    });
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(res.errors![0]!.message).not.toMatch(/Internal server error/);
    expect(res.errors![0]!.extensions!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.errors![0]!.extensions!.stacktrace).toBeUndefined();
  });

  it('validation errors keep their message (they are about the query the client wrote)', async () => {
    const res = await stack.as('user')('{ me { noSuchField } }');
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.errors![0]!.message).toMatch(/noSuchField/);
    expect(res.errors![0]!.extensions!.stacktrace).toBeUndefined();
  });

  it('a database outage answers INTERNAL_SERVER_ERROR with the request id and no driver text', async () => {
    // Last in the file: the database stays closed; stop() must not close it twice.
    const close = stack.database.close;
    stack.database.close = async () => {};
    await close();
    const { result: res } = await logged(() => stack.as('chief')(AGENCIES));
    expect(res.errors?.length).toBeGreaterThan(0);
    for (const error of res.errors!) {
      expect(error.extensions!.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(error.message).not.toMatch(/closed|ECONNREFUSED|terminat|pglite|postgres/i);
    }
    expect(leaks(res)).toEqual([]);
  });
});
