import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { IDENTITY_HEADER, signIdentity, signingKey } from '@webir/kit';
import { createGateway } from '@webir/gateway';
import { codes, gql } from './helpers/client.ts';
import { testConfig } from './helpers/config.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

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

  it('refuses an identity header signed with another key, or expired', async () => {
    const identity = { sub: stack.fixture.account.chief, requestId: 'r', tokenIssuer: 'webir-dev' };
    const wrongKey = await signIdentity(identity, signingKey('y'.repeat(40)));
    const expired = await signIdentity(identity, signingKey(stack.config.gatewaySecret), -10);
    for (const header of [wrongKey, expired, 'garbage']) {
      const res = await gql(stack.subgraphUrls.core!, ME, {}, { headers: { [IDENTITY_HEADER]: header } });
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('answers a request signed with the gateway key (what the gateway forwards)', async () => {
    const header = await signIdentity({ sub: stack.fixture.account.chief, requestId: 'r', tokenIssuer: 'webir-dev' }, signingKey(stack.config.gatewaySecret));
    const res = await gql(stack.subgraphUrls.core!, ME, {}, { headers: { [IDENTITY_HEADER]: header } });
    expect(res.data?.me.name).toBe('王總管');
  });
});

describe('production mode', () => {
  it('will not start the gateway without its identity provider key', async () => {
    const config = testConfig({ NODE_ENV: 'production' });
    await expect(createGateway({ config, supergraphSdl: 'type Query { x: Int }' })).rejects.toThrow(/WEBIR_IDP_JWKS_URL or WEBIR_IDP_PUBLIC_KEY/);
  });

  it('refuses to load without its secrets', async () => {
    const { loadConfig } = await import('@webir/kit');
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/WEBIR_DATA_KEY, WEBIR_GATEWAY_SECRET/);
  });

  it('refuses demo tokens and accepts the identity provider tokens', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const prod = await startTestStack({
      env: { NODE_ENV: 'production', WEBIR_IDP_PUBLIC_KEY: await exportSPKI(publicKey), WEBIR_IDP_ISSUER: 'https://idp.tainan.gov.tw' },
    });
    try {
      expect(prod.config.devTokenSecret).toBeNull();
      const demo = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('webir-dev').setSubject(prod.fixture.account.chief).setExpirationTime('1h').sign(new TextEncoder().encode('z'.repeat(32)));
      const refused = await gql(prod.gatewayUrl, ME, {}, { token: demo });
      expect(codes(refused)).toEqual(['UNAUTHENTICATED']);
      expect(refused.errors?.[0]?.message).toMatch(/refused in production/);

      const real = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer('https://idp.tainan.gov.tw').setSubject(prod.fixture.account.chief).setExpirationTime('1h').sign(privateKey);
      const ok = await gql(prod.gatewayUrl, ME, {}, { token: real });
      expect(ok.data?.me.name).toBe('王總管');

      const otherIssuer = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer('https://evil.example').setSubject(prod.fixture.account.chief).setExpirationTime('1h').sign(privateKey);
      expect(codes(await gql(prod.gatewayUrl, ME, {}, { token: otherIssuer }))).toEqual(['UNAUTHENTICATED']);
    } finally {
      await prod.stop();
    }
  });
});
