import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { generateMasterKey } from './crypto/pii-cipher.ts';

/**
 * Configuration, from the environment only (README, "Configuration"). Outside production, secrets
 * that are not given are generated once and kept beside the embedded database, so `npm start`
 * needs nothing; in production every secret must be given and dev tokens are refused.
 */
export interface Config {
  production: boolean;
  /** postgres:// URL; unset means the embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Base64 32-byte master key for personal identifiers (AES-256-GCM + keyed hash). */
  dataKey: string;
  /** Shared by the gateway and the subgraphs: the gateway signs forwarded identities with it. */
  gatewaySecret: string;
  /** Signs the demo personas' tokens; null in production, where such tokens are refused. */
  devTokenSecret: string | null;
  idp: { publicKeyPem?: string; jwksUrl?: string; issuer?: string; audience?: string };
  corsOrigins: string[];
  host: string;
  gatewayPort: number;
  limits: QueryLimits;
  /** Minutes of inactivity after which a session's token is refused (TN-7.3). */
  sessionIdleMinutes: number;
  /** The longest a bearer token may be valid (`exp` minus `iat`, or minus now): longer ones are refused. */
  maxTokenLifetimeMinutes: number;
  /** Minutes between the compliance subgraph's scheduled jobs (due offboardings, the purge); 0 = off. */
  jobsEveryMinutes: number;
  env: NodeJS.ProcessEnv;
}

/** The gateway's limits on a query's shape, checked before anything runs, with or without a token. */
export interface QueryLimits {
  maxDepth: number;
  /** Fields × page sizes, aliases each counted; a root field also costs a round trip (gateway/src/limits.ts). */
  maxCost: number;
  /** Aliased fields in one operation: the one way to ask for the same field many times. */
  maxAliases: number;
  /** Fields at the root of one operation (each a round trip to a subgraph). */
  maxRootFields: number;
  /** Whether `__schema`/`__type` and "Did you mean …" suggestions are answered: off in production unless WEBIR_INTROSPECTION=true. */
  introspection: boolean;
  /** Bytes an answer holding introspection may reach before it is refused instead. */
  maxIntrospectionBytes: number;
}

interface EmbeddedSecrets {
  dataKey: string;
  gatewaySecret: string;
  devTokenSecret: string;
}

export const DEFAULT_CORS_ORIGINS = ['http://localhost:4000', 'http://127.0.0.1:4000', 'https://studio.apollographql.com'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.WEBIR_DATA_DIR ?? '.data');
  const missing: string[] = [];
  const need = (name: string, fallback: () => string): string => {
    const value = env[name];
    if (value) return value;
    if (production) {
      missing.push(name);
      return '';
    }
    return fallback();
  };
  let embedded: EmbeddedSecrets | undefined;
  const secrets = () => (embedded ??= embeddedSecrets(dataDir));

  const config: Config = {
    production,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    dataKey: need('WEBIR_DATA_KEY', () => secrets().dataKey),
    gatewaySecret: need('WEBIR_GATEWAY_SECRET', () => secrets().gatewaySecret),
    devTokenSecret: production ? null : (env.WEBIR_DEV_TOKEN_SECRET ?? secrets().devTokenSecret),
    idp: {
      ...(env.WEBIR_IDP_PUBLIC_KEY ? { publicKeyPem: env.WEBIR_IDP_PUBLIC_KEY.replace(/\\n/g, '\n') } : {}),
      ...(env.WEBIR_IDP_JWKS_URL ? { jwksUrl: env.WEBIR_IDP_JWKS_URL } : {}),
      ...(env.WEBIR_IDP_ISSUER ? { issuer: env.WEBIR_IDP_ISSUER } : {}),
      ...(env.WEBIR_IDP_AUDIENCE ? { audience: env.WEBIR_IDP_AUDIENCE } : {}),
    },
    corsOrigins: env.WEBIR_CORS_ORIGINS ? env.WEBIR_CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) : DEFAULT_CORS_ORIGINS,
    host: env.HOST ?? '127.0.0.1',
    gatewayPort: port(env.PORT, 4000),
    limits: {
      maxDepth: port(env.WEBIR_MAX_DEPTH, 12),
      maxCost: port(env.WEBIR_MAX_COST, 100_000),
      maxAliases: port(env.WEBIR_MAX_ALIASES, 20),
      maxRootFields: port(env.WEBIR_MAX_ROOT_FIELDS, 15),
      // The explorer needs it outside production; in production the schema is not advertised.
      introspection: flag(env.WEBIR_INTROSPECTION, !production),
      maxIntrospectionBytes: port(env.WEBIR_MAX_INTROSPECTION_BYTES, 2_000_000),
    },
    sessionIdleMinutes: port(env.WEBIR_SESSION_IDLE_MINUTES, 30),
    maxTokenLifetimeMinutes: port(env.WEBIR_MAX_TOKEN_LIFETIME_MINUTES, 12 * 60),
    // Off by default: a purge removes records, so a deployment turns it on knowingly.
    jobsEveryMinutes: port(env.WEBIR_JOBS_EVERY_MINUTES, 0),
    env,
  };
  if (missing.length) throw new Error(`In production these must be set: ${missing.join(', ')}`);
  return config;
}

/** A subgraph's port (`WEBIR_CORE_PORT`, …) and its URL as the gateway reaches it (`WEBIR_CORE_URL`). */
export function subgraphPort(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  return port(env[`WEBIR_${envName(name)}_PORT`], fallback);
}

export function subgraphUrlOverride(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[`WEBIR_${envName(name)}_URL`] || undefined;
}

const envName = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, '_');

function port(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Not a number: ${value}`);
  return n;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new Error(`Not true or false: ${value}`);
}

function embeddedSecrets(dataDir: string): EmbeddedSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as EmbeddedSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: EmbeddedSecrets = {
    dataKey: generateMasterKey(),
    gatewaySecret: randomBytes(32).toString('base64url'),
    devTokenSecret: randomBytes(32).toString('base64url'),
  };
  // Only the owner reads it: it holds the key to every identifier in the embedded database.
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}
