import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { createSubgraphServer, IDENTITY_HEADER, signIdentity, signingKey, verifyForwardedIdentity, type ReceivedOperation } from '@webir/kit';
import { createGateway } from '@webir/gateway';
import { compose, readSubgraphs } from '@webir/schema';
import type { SubgraphEntry } from '@webir/stack';
import { codes, gql } from './helpers/client.ts';
import { testConfig } from './helpers/config.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';

/** A subgraph that records what the gateway sent it: the identity header and the request, as an
 * eavesdropper between gateway and subgraphs would capture them. */
const probeTypeDefs = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Query { probeEcho(text: String!): String! }
`;
const captured: { header: string; operation: ReceivedOperation }[] = [];
const probe: SubgraphEntry = {
  name: 'probe',
  defaultPort: 0,
  create: (deps) =>
    createSubgraphServer({
      name: 'probe',
      typeDefs: probeTypeDefs,
      ping: deps.ping,
      context: async (req, operation) => {
        captured.push({ header: req.headers[IDENTITY_HEADER] as string, operation });
        return { identity: await verifyForwardedIdentity(req, deps.signingKey) };
      },
      resolvers: { Query: { probeEcho: (_: unknown, { text }: { text: string }) => text } } as never,
    }),
};

let stack: TestStack;
beforeAll(async () => {
  const supergraphSdl = compose([...readSubgraphs(), { name: 'probe', url: 'http://127.0.0.1:1/graphql', typeDefs: probeTypeDefs }]);
  stack = await startTestStack({ extraSubgraphs: [probe], supergraphSdl });
});
afterAll(() => stack?.stop());

/** Sends a captured (or forged) identity header with a request straight to a subgraph. */
const direct = (url: string, operation: { query: unknown; variables?: unknown; operationName?: unknown }, header: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: header }, body: JSON.stringify(operation) }).then(
    async (r) => ({ status: r.status, ...((await r.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] }) }),
  );

const devToken = (claims: { sub?: string; iat?: number; exp?: number }) => {
  let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('webir-dev');
  if (claims.sub) jwt = jwt.setSubject(claims.sub);
  if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
  return jwt.sign(new TextEncoder().encode(stack.config.devTokenSecret!));
};
const nowSeconds = () => Math.floor(Date.now() / 1000);

const ME = '{ me { name agency { name } } }';

describe('identity at the gateway', () => {
  it('refuses anything but introspection without a token, with UNAUTHENTICATED', async () => {
    const res = await gql(stack.gatewayUrl, ME);
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data ?? null).toBeNull();
  });

  it('answers introspection without a token, so explorers can load the schema', async () => {
    const res = await gql(stack.gatewayUrl, '{ __schema { queryType { name } } __type(name: "Person") { fields { name } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.__schema.queryType.name).toBe('Query');
    expect(res.data?.__type.fields.map((f: { name: string }) => f.name)).toContain('nationalIdMasked');
  });

  it('refuses a query that mixes introspection with data', async () => {
    const res = await gql(stack.gatewayUrl, '{ __typename me { name } }');
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers with a valid demo token', async () => {
    const res = await stack.as('user')(ME);
    expect(res.errors).toBeUndefined();
    expect(res.data?.me).toEqual({ name: '陳使用', agency: { name: '臺南市政府社會局' } });
  });

  it('refuses a malformed, forged or expired token', async () => {
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('webir-dev').setSubject(stack.fixture.account.chief).setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(32)));
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('webir-dev')
      .setSubject(stack.fixture.account.chief)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(stack.config.devTokenSecret!));
    for (const token of ['not-a-jwt', forged, expired]) {
      const res = await gql(stack.gatewayUrl, ME, {}, { token });
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    }
    const res = await gql(stack.gatewayUrl, ME, {}, { headers: { authorization: 'Basic abc' } });
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a demo token without a subject with 401 UNAUTHENTICATED (not a 500)', async () => {
    const res = await gql(stack.gatewayUrl, ME, {}, { token: await devToken({ iat: nowSeconds(), exp: nowSeconds() + 3600 }) });
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors![0]!.message).toMatch(/names no subject/);
  });

  it('refuses a token without an expiry, or valid longer than the maximum lifetime (12 hours by default)', async () => {
    const sub = stack.fixture.account.chief;
    const noExp = await gql(stack.gatewayUrl, ME, {}, { token: await devToken({ sub, iat: nowSeconds() }) });
    expect(noExp.status).toBe(401);
    expect(codes(noExp)).toEqual(['UNAUTHENTICATED']);
    expect(noExp.errors![0]!.message).toMatch(/no expiry \(exp\)/);
    for (const token of [
      await devToken({ sub, iat: nowSeconds(), exp: nowSeconds() + 13 * 3600 }),
      await devToken({ sub, exp: nowSeconds() + 10 * 365 * 86400 }), // no iat: counted from now
      await devToken({ sub, iat: nowSeconds() + 10 * 365 * 86400, exp: nowSeconds() + 10 * 365 * 86400 + 60 }), // a future iat does not shorten it
    ]) {
      const res = await gql(stack.gatewayUrl, ME, {}, { token });
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.errors![0]!.message).toMatch(/at most 720 minutes are accepted/);
    }
    const twelveHours = await gql(stack.gatewayUrl, ME, {}, { token: await devToken({ sub, iat: nowSeconds(), exp: nowSeconds() + 12 * 3600 }) });
    expect(twelveHours.data?.me.name).toBe('王總管');
  });

  it('refuses a valid token whose subject is not in the directory, with FORBIDDEN', async () => {
    const { issueDevToken } = await import('@webir/gateway');
    const res = await gql(stack.gatewayUrl, ME, {}, { token: await issueDevToken(stack.config.devTokenSecret!, 'nobody.here') });
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });
});

describe('subgraphs trust only the gateway', () => {
  it('refuses a request straight to a subgraph without the gateway signature', async () => {
    const res = await gql(stack.subgraphUrls.core!, ME, {}, { token: await stack.tokenOf('chief') });
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

  const identity = () => ({ sub: stack.fixture.account.chief, requestId: 'test-request-1', tokenIssuer: 'webir-dev' });
  const forCore = { audience: 'core', query: ME, variables: {} };

  it('refuses an identity header signed with another key, or expired', async () => {
    const wrongKey = await signIdentity(identity(), signingKey('y'.repeat(40)), forCore);
    const expired = await signIdentity(identity(), signingKey(stack.config.gatewaySecret), forCore, -10);
    for (const header of [wrongKey, expired, 'garbage']) {
      const res = await gql(stack.subgraphUrls.core!, ME, {}, { headers: { [IDENTITY_HEADER]: header } });
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('answers a request signed with the gateway key for that subgraph and that operation, once', async () => {
    const header = await signIdentity(identity(), signingKey(stack.config.gatewaySecret), forCore);
    const res = await gql(stack.subgraphUrls.core!, ME, {}, { headers: { [IDENTITY_HEADER]: header } });
    expect(res.data?.me.name).toBe('王總管');
    const again = await gql(stack.subgraphUrls.core!, ME, {}, { headers: { [IDENTITY_HEADER]: header } });
    expect(again.status).toBe(401);
    expect(codes(again)).toEqual(['UNAUTHENTICATED']);
  });

  it('binds the identity to the variables whatever the order of their keys (the hash is over canonical JSON)', async () => {
    const query = 'query($f: AgencyFilter, $n: Int) { agencies(filter: $f, first: $n) { edges { node { name } } } }';
    const header = await signIdentity(identity(), signingKey(stack.config.gatewaySecret), { audience: 'core', query, variables: { n: 1, f: { search: '社會', city: 'TAINAN' } } });
    const res = await direct(stack.subgraphUrls.core!, { query, variables: { f: { city: 'TAINAN', search: '社會' }, n: 1 } }, header);
    expect(res.errors).toBeUndefined();
    expect(res.data?.agencies.edges).toHaveLength(1);
  });
});

describe('a forwarded identity captured between gateway and subgraphs', () => {
  const capture = async () => {
    captured.length = 0;
    const res = await stack.as('chief')('query($t: String!) { probeEcho(text: $t) }', { t: 'hello' });
    expect(res.data?.probeEcho).toBe('hello');
    expect(captured).toHaveLength(1);
    return captured[0]!;
  };

  it('is refused by another subgraph (its audience is the one subgraph it was made for)', async () => {
    const { header, operation } = await capture();
    // The same operation text sent to core: refused before it is even parsed against core's schema.
    for (const url of [stack.subgraphUrls.core!, stack.subgraphUrls['tainan-nhi']!, stack.subgraphUrls.compliance!]) {
      const res = await direct(url, operation as never, header);
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const meOnCore = await direct(stack.subgraphUrls.core!, { query: ME }, header);
    expect(meOnCore.status).toBe(401);
  });

  it('is refused with another operation or other variables at the same subgraph', async () => {
    const { header, operation } = await capture();
    const otherVariables = await direct(stack.subgraphUrls.probe!, { ...(operation as object), variables: { t: 'goodbye' } } as never, header);
    expect(otherVariables.status).toBe(401);
    expect(otherVariables.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const otherQuery = await direct(stack.subgraphUrls.probe!, { query: '{ probeEcho(text: "other") }' }, header);
    expect(otherQuery.status).toBe(401);
  });

  it('is refused when replayed exactly (it is good for one request, and a few seconds)', async () => {
    const { header, operation } = await capture();
    const replay = await direct(stack.subgraphUrls.probe!, operation as never, header);
    expect(replay.status).toBe(401);
    expect(replay.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const claims = JSON.parse(Buffer.from(header.split('.')[1]!, 'base64url').toString()) as { aud: string; exp: number; iat: number; oph: string; jti: string };
    expect(claims.aud).toBe('probe');
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(10);
    expect(claims.oph).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('production mode', () => {
  // One production stack for the token tests, started in a hook (a stack takes seconds to start); the
  // maximum lifetime is configured to 2 hours to prove it is read from the environment.
  let prod: TestStack | undefined;
  let privateKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    prod = await startTestStack({
      env: { NODE_ENV: 'production', WEBIR_IDP_PUBLIC_KEY: await exportSPKI(pair.publicKey), WEBIR_IDP_ISSUER: 'https://idp.tainan.gov.tw', WEBIR_MAX_TOKEN_LIFETIME_MINUTES: '120' },
    });
  });
  const prodStack = async () => prod!;
  afterAll(() => prod?.stop());

  it('will not start the gateway without its identity provider key', async () => {
    const config = testConfig({ NODE_ENV: 'production' });
    await expect(createGateway({ config, supergraphSdl: 'type Query { x: Int }' })).rejects.toThrow(/WEBIR_IDP_JWKS_URL or WEBIR_IDP_PUBLIC_KEY/);
  });

  it('refuses to load without its secrets', async () => {
    const { loadConfig } = await import('@webir/kit');
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/WEBIR_DATA_KEY, WEBIR_GATEWAY_SECRET/);
  });

  it('refuses demo tokens and accepts the identity provider tokens', async () => {
    const stack = await prodStack();
    expect(stack.config.devTokenSecret).toBeNull();
    const demo = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('webir-dev').setSubject(stack.fixture.account.chief).setExpirationTime('1h').sign(new TextEncoder().encode('z'.repeat(32)));
    const refused = await gql(stack.gatewayUrl, ME, {}, { token: demo });
    expect(codes(refused)).toEqual(['UNAUTHENTICATED']);
    expect(refused.errors?.[0]?.message).toMatch(/refused in production/);

    const real = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer('https://idp.tainan.gov.tw').setSubject(stack.fixture.account.chief).setExpirationTime('1h').sign(privateKey);
    const ok = await gql(stack.gatewayUrl, ME, {}, { token: real });
    expect(ok.data?.me.name).toBe('王總管');

    const otherIssuer = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer('https://evil.example').setSubject(stack.fixture.account.chief).setExpirationTime('1h').sign(privateKey);
    expect(codes(await gql(stack.gatewayUrl, ME, {}, { token: otherIssuer }))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses identity provider tokens without exp, valid past the configured maximum lifetime, or without sub', async () => {
    const stack = await prodStack();
    const idp = () => new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer('https://idp.tainan.gov.tw').setIssuedAt();
    const sub = stack.fixture.account.chief;
    const cases: [string, Promise<string>, RegExp][] = [
      ['no exp', idp().setSubject(sub).sign(privateKey), /no expiry \(exp\)/],
      ['exp 10 years ahead', idp().setSubject(sub).setExpirationTime('3650d').sign(privateKey), /at most 120 minutes are accepted/],
      ['3 hours, over the configured 2', idp().setSubject(sub).setExpirationTime('3h').sign(privateKey), /at most 120 minutes are accepted/],
      ['no sub', idp().setExpirationTime('1h').sign(privateKey), /names no subject/],
    ];
    for (const [what, token, message] of cases) {
      const res = await gql(stack.gatewayUrl, ME, {}, { token: await token });
      expect(res.status, what).toBe(401);
      expect(codes(res), what).toEqual(['UNAUTHENTICATED']);
      expect(res.errors![0]!.message, what).toMatch(message);
    }
    const ok = await gql(stack.gatewayUrl, ME, {}, { token: await idp().setSubject(sub).setExpirationTime('2h').sign(privateKey) });
    expect(ok.data?.me.name).toBe('王總管');
  });
});
