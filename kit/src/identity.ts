import { jwtVerify, SignJWT } from 'jose';
import { unauthenticated } from './errors.ts';

/**
 * The identity the gateway forwards to subgraphs (DESIGN.md, "Identity and access").
 *
 * The gateway verifies the caller's bearer token, then signs what it learned into a short-lived
 * HS256 token in this header. Subgraphs trust only that signature: a request that reaches a
 * subgraph without it (around the gateway) is refused, whatever other headers it carries.
 */
export const IDENTITY_HEADER = 'x-webir-identity';

const ISSUER = 'webir-gateway';
const AUDIENCE = 'webir-subgraphs';

export interface Identity {
  /** The caller's MyEGov account: the IdP's subject, bound to their citizen certificate (TN-6.1). */
  sub: string;
  /** Correlates the gateway's log, each subgraph's log and the unmasked-read log. */
  requestId: string;
  /** Who issued the caller's own token; `webir-dev` for the embedded demo tokens. */
  tokenIssuer: string;
}

export function signingKey(secret: string): Uint8Array {
  if (Buffer.byteLength(secret) < 32) throw new Error('The gateway signing secret must be at least 32 bytes');
  return new TextEncoder().encode(secret);
}

export async function signIdentity(identity: Identity, key: Uint8Array, ttlSeconds = 60): Promise<string> {
  return new SignJWT({ rid: identity.requestId, tiss: identity.tokenIssuer })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}

export async function verifyIdentity(header: string | undefined, key: Uint8Array): Promise<Identity> {
  if (!header) throw unauthenticated('This subgraph answers only requests signed by the gateway');
  try {
    const { payload } = await jwtVerify(header, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    if (!payload.sub) throw new Error('no subject');
    return { sub: payload.sub, requestId: String(payload.rid ?? ''), tokenIssuer: String(payload.tiss ?? '') };
  } catch {
    throw unauthenticated('The gateway signature on this request is missing, expired or invalid');
  }
}
