import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '@webir/db';
import { issueDevToken } from '@webir/gateway';
import { createPiiCipher, parseMasterKey } from '@webir/kit';
import { gql } from './helpers/client.ts';
import { testConfig } from './helpers/config.ts';
import { seedFixture, type Fixture } from './helpers/fixture.ts';

/**
 * A regime subgraph's process killed (SIGKILL) under a running gateway, each part its own process
 * as the README runs them. Separate subgraph processes share one database, so PostgreSQL only:
 * the embedded PGlite serves a single process.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const config = testConfig();
const children = new Map<string, ChildProcess>();
const serverUrl = process.env.DATABASE_URL;
const name = `webir_t_down_${randomBytes(4).toString('hex')}`;
let admin: Database | undefined;
let database: Database | undefined;
let fixture: Fixture;
let gatewayUrl = '';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function start(key: string, script: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<void> {
  const child = spawn('npm', ['run', '-s', script, '--', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.set(key, child);
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

/** Ends a child's whole process group (npm, sh, tsx, node) with the signal given. */
function kill(key: string, signal: NodeJS.Signals): void {
  const child = children.get(key);
  if (child?.pid) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }
  children.delete(key);
}

beforeAll(async () => {
  if (!serverUrl) return;
  admin = await openDatabase({ url: serverUrl, maxConnections: 1 });
  await admin.db.execute(sql.raw(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  database = await openDatabase({ url: url.toString(), maxConnections: 2 });
  await migrateDatabase(database);
  fixture = await seedFixture(database, createPiiCipher(parseMasterKey(config.dataKey)));

  const [corePort, tnPort, khPort, nwPort, cpPort, gatewayPort] = await Promise.all(Array.from({ length: 6 }, freePort));
  const env = {
    DATABASE_URL: url.toString(),
    WEBIR_DATA_DIR: config.dataDir,
    WEBIR_DATA_KEY: config.dataKey,
    WEBIR_GATEWAY_SECRET: config.gatewaySecret,
    WEBIR_DEV_TOKEN_SECRET: config.devTokenSecret!,
    WEBIR_CORE_PORT: String(corePort),
    WEBIR_CORE_URL: `http://127.0.0.1:${corePort}/graphql`,
    WEBIR_TAINAN_NHI_PORT: String(tnPort),
    WEBIR_TAINAN_NHI_URL: `http://127.0.0.1:${tnPort}/graphql`,
    WEBIR_KAOHSIUNG_BLI_PORT: String(khPort),
    WEBIR_KAOHSIUNG_BLI_URL: `http://127.0.0.1:${khPort}/graphql`,
    WEBIR_NHI_NETWORK_PORT: String(nwPort),
    WEBIR_NHI_NETWORK_URL: `http://127.0.0.1:${nwPort}/graphql`,
    WEBIR_COMPLIANCE_PORT: String(cpPort),
    WEBIR_COMPLIANCE_URL: `http://127.0.0.1:${cpPort}/graphql`,
    PORT: String(gatewayPort),
  };
  await start('others', 'start:subgraph', ['core', 'kaohsiung-bli', 'nhi-network', 'compliance'], env, /subgraphs ready/);
  await start('tainan-nhi', 'start:subgraph', ['tainan-nhi'], env, /subgraphs ready/);
  await start('gateway', 'start:gateway', [], env, /gateway: http/);
  gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
}, 180_000);

afterAll(async () => {
  for (const key of [...children.keys()]) kill(key, 'SIGTERM');
  await database?.close();
  if (admin) {
    await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
    await admin.close();
  }
});

const ACROSS = '{ me { name nhiApplications { number } khAccounts { kind } agency { name nhiEnrolment { id } } } }';

describe('a regime subgraph process killed', () => {
  // Several subgraph processes need one shared database: PostgreSQL only (PGlite serves one process).
  it.skipIf(!serverUrl)('still answers what the other subgraphs know, naming tainan-nhi (SUBGRAPH_UNAVAILABLE) and not its address', async () => {
    const token = await issueDevToken(config.devTokenSecret!, fixture.account.user);
    const whole = await gql(gatewayUrl, ACROSS, {}, { token });
    expect(whole.errors).toBeUndefined();
    expect(whole.data?.me).toEqual({ name: '陳使用', nhiApplications: [], khAccounts: [], agency: { name: '臺南市政府社會局', nhiEnrolment: null } });

    kill('tainan-nhi', 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const partial = await gql(gatewayUrl, ACROSS, {}, { token });
    expect(partial.status).toBe(200);
    expect(partial.data?.me).toEqual({ name: '陳使用', nhiApplications: null, khAccounts: [], agency: { name: '臺南市政府社會局', nhiEnrolment: null } });
    expect(partial.errors!.length).toBeGreaterThan(0);
    expect([...new Set(partial.errors!.map((e) => `${e.extensions?.code} ${e.extensions?.subgraph}`))]).toEqual(['SUBGRAPH_UNAVAILABLE tainan-nhi']);
    expect(JSON.stringify(partial)).not.toMatch(/https?:\/\/|127\.0\.0\.1|ECONNREFUSED|socket hang up/);
  });
});
