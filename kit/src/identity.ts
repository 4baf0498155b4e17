import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { jwtVerify, SignJWT } from 'jose';
import { unauthenticated } from './errors.ts';

/**
 * The identity the gateway forwards to subgraphs (DESIGN.md, "Identity and access").
 *
 * The gateway verifies the caller's bearer token, then signs what it learned into a token in this
 * header, made for one subgraph request: its audience is the subgraph's name, it carries a hash of
 * the operation and variables it was sent with, it lives a few seconds and is accepted once.
 * Subgraphs trust only that signature and check the binding against the request they received, so
 * a header captured on the way is useless for another subgraph, another operation or a second time,
 * and a request that reaches a subgraph without it (around the gateway) is refused.
 */
export const IDENTITY_HEADER = 'x-webir-identity';

const ISSUER = 'webir-gateway';

/**
 * The keys: HS256 with the secret the gateway and subgraphs share. Moving to an asymmetric pair (the
 * gateway signs with its private key, subgraphs hold only the public one) changes these two types,
 * the algorithm and `signingKey`; the binding below stays as it is.
 */
const ALGORITHM = 'HS256';
export type IdentitySigningKey = Uint8Array;
export type IdentityVerifyingKey = Uint8Array;

/** Seconds a forwarded identity is valid: the gateway signs it just before sending the request. It
 * allows for a subgraph busy under load, not for reuse (each is accepted once). */
export const IDENTITY_TTL_SECONDS = 10;

export interface Identity {
  /** The caller's MyEGov account: the IdP's subject, bound to their citizen certificate (TN-6.1). */
  sub: string;
  /** Correlates the gateway's log, each subgraph's log and the unmasked-read log. */
  requestId: string;
  /** Who issued the caller's own token; `webir-dev` for the embedded demo tokens. */
  tokenIssuer: string;
}

/** The one subgraph request an identity is made for. */
export interface IdentityBinding {
  /** The subgraph's name as in schema/supergraph.yaml. */
  audience: string;
  query: unknown;
  operationName?: unknown;
  variables?: unknown;
}

export function signingKey(secret: string): IdentitySigningKey {
  if (Buffer.byteLength(secret) < 32) throw new Error('The gateway signing secret must be at least 32 bytes');
  return new TextEncoder().encode(secret);
}

/** Object keys sorted at every level: the gateway's variables and the subgraph's parse of the JSON
 * body it received are the same values, but need not list their keys in the same order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** SHA-256 of the operation text, its name and its variables, as the subgraph receives them. */
export function operationHash(request: Omit<IdentityBinding, 'audience'>): string {
  const text = canonical([request.query ?? null, request.operationName ?? null, request.variables ?? {}]);
  return createHash('sha256').update(text).digest('base64url');
}

export async function signIdentity(identity: Identity, key: IdentitySigningKey, binding: IdentityBinding, ttlSeconds = IDENTITY_TTL_SECONDS): Promise<string> {
  return new SignJWT({ rid: identity.requestId, tiss: identity.tokenIssuer, oph: operationHash(binding) })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(identity.sub)
    .setIssuer(ISSUER)
    .setAudience(binding.audience)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key);
}

/** Identities already accepted, until they expire: each is good for one request. Per process; the
 * audience and operation binding hold across processes too. */
const used = new Map<string, number>();

function useOnce(jti: string, expiresAtSeconds: number): boolean {
  const now = Date.now();
  if (used.size > 10_000) for (const [id, exp] of used) if (exp < now) used.delete(id);
  if (used.has(jti)) return false;
  used.set(jti, expiresAtSeconds * 1000 + 1000);
  return true;
}

export async function verifyIdentity(header: string | undefined, key: IdentityVerifyingKey, received: IdentityBinding): Promise<Identity> {
  if (!header) throw unauthenticated('This subgraph answers only requests signed by the gateway');
  try {
    const { payload } = await jwtVerify(header, key, { issuer: ISSUER, audience: received.audience, algorithms: [ALGORITHM], requiredClaims: ['exp', 'jti', 'sub'] });
    if (!payload.sub) throw new Error('no subject');
    if (payload.oph !== operationHash(received)) throw new Error('made for another operation');
    if (!useOnce(payload.jti!, payload.exp!)) throw new Error('used before');
    return { sub: payload.sub, requestId: String(payload.rid ?? ''), tokenIssuer: String(payload.tiss ?? '') };
  } catch {
    throw unauthenticated('The gateway signature on this request is missing, expired, used before or made for another request');
  }
}

/** What each request to a subgraph was, recorded by the subgraph's server (createSubgraphServer). */
const receivedRequests = new WeakMap<IncomingMessage, IdentityBinding>();

export function recordReceivedRequest(req: IncomingMessage, binding: IdentityBinding): void {
  receivedRequests.set(req, binding);
}

/** Verifies the identity header of a request a subgraph's server received, against that request. */
export async function verifyForwardedIdentity(req: IncomingMessage, key: IdentityVerifyingKey): Promise<Identity> {
  const header = req.headers[IDENTITY_HEADER];
  const received = receivedRequests.get(req);
  // A server that did not record what it received cannot check the binding: refuse rather than trust.
  if (!received) throw unauthenticated('This subgraph cannot check the gateway signature on this request');
  return verifyIdentity(Array.isArray(header) ? header[0] : header, key, received);
}
