import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@webir/db';
import { openTestDatabase } from '@webir/db/testing';
import { issueDevToken } from '@webir/gateway';
import { subgraphs } from '@webir/stack';
import { codes, gql } from './helpers/client.ts';
import { testConfig } from './helpers/config.ts';

/**
 * The distributed topology: the subgraphs and the gateway as separate processes, started with the
 * commands the README gives (`npm run start:subgraph -- core tainan-nhi`, `npm run start:gateway`),
 * sharing only their configuration. With DATABASE_URL unset the subgraphs' process owns a PGlite;
 * with it, they get a fresh database of this file's on that server (dropped after), never the
 * server's database itself.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const config = testConfig();
const children: ChildProcess[] = [];
let gatewayUrl = '';
let database: Database | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function start(script: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<void> {
  const child = spawn('npm', ['run', '-s', script, '--', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
  });
}

beforeAll(async () => {
  const [corePort, tnPort, gatewayPort] = await Promise.all([freePort(), freePort(), freePort()]);
  database = process.env.DATABASE_URL ? await openTestDatabase() : undefined;
  const env = {
    DATABASE_URL: database?.url ?? '',
    WEBIR_DATA_DIR: config.dataDir,
    WEBIR_DATA_KEY: config.dataKey,
    WEBIR_GATEWAY_SECRET: config.gatewaySecret,
    WEBIR_DEV_TOKEN_SECRET: config.devTokenSecret!,
    WEBIR_CORE_PORT: String(corePort),
    WEBIR_CORE_URL: `http://127.0.0.1:${corePort}/graphql`,
    WEBIR_TAINAN_NHI_PORT: String(tnPort),
    WEBIR_TAINAN_NHI_URL: `http://127.0.0.1:${tnPort}/graphql`,
    PORT: String(gatewayPort),
  };
  await start('start:subgraph', subgraphs.map((s) => s.name), env, /subgraphs ready/);
  await start('start:gateway', [], env, /gateway: http/);
  gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
}, 120_000);

afterAll(async () => {
  // Each child leads its own process group (npm, sh, tsx, node): end the whole group.
  for (const child of children) if (child.pid) process.kill(-child.pid, 'SIGTERM');
  await database?.close();
});

describe('the gateway and a subgraph as separate processes', () => {
  it('reports the subgraph and its database healthy', async () => {
    const res = await fetch(new URL('/health', gatewayUrl));
    const body = (await res.json()) as { status: string; subgraphs: Record<string, { status: string; database: string }> };
    expect(body.status).toBe('ok');
    expect(Object.keys(body.subgraphs).sort()).toEqual(subgraphs.map((s) => s.name).sort());
    for (const health of Object.values(body.subgraphs)) expect(health).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('forwards a signed identity the subgraph accepts, and the reference data is there', async () => {
    // The subgraph's database is new, so the token's person is unknown: FORBIDDEN, decided by the
    // subgraph after it accepted the gateway's signature.
    const token = await issueDevToken(config.devTokenSecret!, 'someone.new');
    expect(codes(await gql(gatewayUrl, '{ me { name } }', {}, { token }))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(gatewayUrl, '{ me { name } }'))).toEqual(['UNAUTHENTICATED']);
  });
});
