import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { codes, gql } from '../helpers/client.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
let clock = Date.now();
const minutes = (n: number) => {
  clock += n * 60_000;
};
beforeAll(async () => {
  stack = await startTestStack({ gatewayNow: () => new Date(clock), env: { WEBIR_SESSION_IDLE_MINUTES: '30' } });
});
afterAll(() => stack?.stop());

describe('TN-7.3 sessions close after inactivity', () => {
  it('TN-7.3 keeps a session open while it is used, and closes it after 30 idle minutes', async () => {
    clock = Date.now();
    const token = await stack.tokenOf('user');
    const me = () => gql(stack.gatewayUrl, '{ me { name } }', {}, { token });
    expect((await me()).data?.me.name).toBe('陳使用');
    minutes(25);
    expect((await me()).errors).toBeUndefined();
    minutes(25); // 50 minutes after sign-in, 25 after the last use
    expect((await me()).errors).toBeUndefined();
    minutes(31);
    const closed = await me();
    expect(codes(closed)).toEqual(['UNAUTHENTICATED']);
    expect(closed.errors![0]!.extensions!.reason).toBe('SESSION_IDLE');
    expect(codes(await me())).toEqual(['UNAUTHENTICATED']); // closed stays closed
  });

  it('TN-7.3 refuses a token first used long after it was issued', async () => {
    clock = Date.now();
    const token = await stack.tokenOf('chief');
    minutes(45);
    expect(codes(await gql(stack.gatewayUrl, '{ me { name } }', {}, { token }))).toEqual(['UNAUTHENTICATED']);
  });

  it('TN-7.3 closes a session whose token has no iat, and a retry does not open it again', async () => {
    clock = Date.now();
    // No issue time: the session counts from the token's first use, and stays closed once closed.
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('webir-dev')
      .setSubject(stack.fixture.account.colleague)
      .setExpirationTime(Math.floor(Date.now() / 1000) + 4 * 3600)
      .sign(new TextEncoder().encode(stack.config.devTokenSecret!));
    const me = () => gql(stack.gatewayUrl, '{ me { name } }', {}, { token });
    expect((await me()).data?.me.name).toBe('黃同事');
    minutes(31);
    const closed = await me();
    expect(codes(closed)).toEqual(['UNAUTHENTICATED']);
    expect(closed.errors![0]!.extensions!.reason).toBe('SESSION_IDLE');
    for (let retry = 0; retry < 3; retry++) {
      const again = await me();
      expect(codes(again)).toEqual(['UNAUTHENTICATED']);
      expect(again.errors![0]!.extensions!.reason).toBe('SESSION_IDLE');
    }
  });
});
