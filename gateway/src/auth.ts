import { createLocalJWKSet, createRemoteJWKSet, importSPKI, jwtVerify, SignJWT, type CryptoKey, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { unauthenticated, type Config } from '@webir/kit';

/**
 * Verifies the caller's bearer token (DESIGN.md, "Identity and access"): a JWT from the city's
 * identity provider, the person having logged in with their citizen certificate. The subject is
 * their MyEGov account. Outside production the embedded demo issuer is accepted too; in production
 * its tokens are refused and the gateway does not start without the provider's key.
 */
export const DEV_ISSUER = 'webir-dev';

export interface VerifiedToken {
  sub: string;
  issuer: string;
  /** Seconds since the epoch; undefined when the token does not say (sessions do not rely on it). */
  issuedAt: number | undefined;
  /** Seconds since the epoch; every accepted token has one. */
  expiresAt: number;
}

/**
 * What every accepted token must say, whoever issued it: who (`sub`: without it there is nobody to
 * act as) and until when (`exp`: a token without one, or valid for years, stays a key to citizens'
 * records long after it leaks). Its lifetime counts from its issue time, or from now when it has none
 * or claims one in the future, and may not exceed the configured maximum.
 */
function accepted(payload: JWTPayload, issuer: string, maxLifetimeMinutes: number, nowSeconds: number): VerifiedToken {
  if (!payload.sub) throw unauthenticated('The bearer token names no subject (sub): it is refused');
  if (typeof payload.exp !== 'number') throw unauthenticated('The bearer token has no expiry (exp): tokens that never expire are refused');
  const issuedAt = typeof payload.iat === 'number' ? payload.iat : undefined;
  const from = Math.min(issuedAt ?? nowSeconds, nowSeconds);
  if (payload.exp - from > maxLifetimeMinutes * 60) {
    throw unauthenticated(`The bearer token is valid for ${Math.round((payload.exp - from) / 60)} minutes; at most ${maxLifetimeMinutes} minutes are accepted: ask the identity provider for a shorter-lived token`);
  }
  return { sub: payload.sub, issuer, issuedAt, expiresAt: payload.exp };
}

export type TokenVerifier = (token: string) => Promise<VerifiedToken>;

export async function createTokenVerifier(config: Config): Promise<TokenVerifier> {
  const { idp } = config;
  let idpKey: CryptoKey | Uint8Array | JWTVerifyGetKey | undefined;
  if (idp.jwksUrl) idpKey = createRemoteJWKSet(new URL(idp.jwksUrl));
  else if (idp.publicKeyPem?.trim().startsWith('{')) idpKey = createLocalJWKSet(JSON.parse(idp.publicKeyPem));
  else if (idp.publicKeyPem) idpKey = await importSPKI(idp.publicKeyPem, 'RS256').catch(() => importSPKI(idp.publicKeyPem!, 'ES256'));
  if (config.production && !idpKey) {
    throw new Error('In production the gateway needs its identity provider key: set WEBIR_IDP_JWKS_URL or WEBIR_IDP_PUBLIC_KEY');
  }
  const devKey = config.devTokenSecret ? new TextEncoder().encode(config.devTokenSecret) : null;

  return async (token) => {
    const issuer = peekIssuer(token);
    try {
      if (issuer === DEV_ISSUER) {
        if (!devKey) throw unauthenticated('Demo tokens are refused in production');
        const { payload } = await jwtVerify(token, devKey, { issuer: DEV_ISSUER, algorithms: ['HS256'] });
        return accepted(payload, DEV_ISSUER, config.maxTokenLifetimeMinutes, Math.floor(Date.now() / 1000));
      }
      if (!idpKey) throw unauthenticated('No identity provider is configured: only demo tokens are accepted here');
      const options = {
        algorithms: ['RS256', 'ES256', 'PS256'],
        ...(idp.issuer ? { issuer: idp.issuer } : {}),
        ...(idp.audience ? { audience: idp.audience } : {}),
      };
      const { payload } =
        typeof idpKey === 'function' ? await jwtVerify(token, idpKey, options) : await jwtVerify(token, idpKey, options);
      return accepted(payload, payload.iss ?? 'idp', config.maxTokenLifetimeMinutes, Math.floor(Date.now() / 1000));
    } catch (error) {
      if (error instanceof Error && 'extensions' in error) throw error;
      throw unauthenticated(`The bearer token was refused: ${(error as Error).message}`);
    }
  };
}

function peekIssuer(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof payload.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}

/** A demo persona's token, signed with the embedded dev secret (never valid in production). */
export async function issueDevToken(devTokenSecret: string, myegovAccount: string, hours = 8): Promise<string> {
  return new SignJWT({ name: myegovAccount })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setSubject(myegovAccount)
    .setIssuedAt()
    .setExpirationTime(`${hours}h`)
    .sign(new TextEncoder().encode(devTokenSecret));
}
