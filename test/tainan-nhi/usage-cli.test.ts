import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { tables } from '@webir/db';
import { createPiiCipher, makeNationalId, parseMasterKey } from '@webir/kit';
import { openCliDatabase, type CliDatabase } from '../helpers/cli.ts';
import { testConfig } from '../helpers/config.ts';
import { seedFixture } from '../helpers/fixture.ts';

/**
 * The import CLI as an operator runs it (`npm run import:usage -- file.csv --as account`), on a
 * database of its own: a PGlite folder, or with DATABASE_URL a fresh database on that server whose
 * URL the CLI is given. The CLI runs on the test's clock (WEBIR_NOW), after the log it imports.
 */
const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const config = testConfig();
let database: CliDatabase;
let env: NodeJS.ProcessEnv;
const folder = mkdtempSync(join(tmpdir(), 'webir-usage-'));
const file = (name: string, lines: string[], header = 'queried_at,myegov_account,item,subject_id') => {
  const path = join(folder, name);
  writeFileSync(path, [header, ...lines].join('\n'));
  return path;
};
const cli = (...args: string[]) => run('npm', ['run', '-s', 'import:usage', '--', ...args], { cwd: root, env }).then(
  (r) => ({ code: 0, ...r }),
  (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
);
const records = (table: typeof tables.usageRecords | typeof tables.khUsageRecords = tables.usageRecords) =>
  database.use(async ({ db }) => (await db.select({ n: count() }).from(table))[0]!.n);

beforeAll(async () => {
  database = await openCliDatabase(config, (d) => seedFixture(d, createPiiCipher(parseMasterKey(config.dataKey))));
  env = { ...process.env, WEBIR_DATA_DIR: config.dataDir, WEBIR_DATA_KEY: config.dataKey, WEBIR_GATEWAY_SECRET: config.gatewaySecret, WEBIR_NOW: '2026-04-01T10:00:00+08:00', ...database.env };
}, 300_000);
afterAll(() => database?.close());

describe('the usage import CLI', () => {
  it('imports a large log with a progress bar, as the named administrator', async () => {
    const lines = Array.from({ length: 1500 }, (_, i) => `${new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString()},t.user,01,${makeNationalId('D', 1, 300_000 + i)}`);
    const res = await cli(file('big.csv', lines), '--as', 't.chief');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/imported 1500 records \(0 already known, 1500 findings\)/);
    expect(res.stderr).toMatch(/\[#{30}\] 100% 1,500\/1,500 records/);
    expect(await records()).toBe(1500);
  }, 180_000);

  it('refuses a file with bad lines, naming each, and imports nothing', async () => {
    const before = await records();
    const res = await cli(file('bad.csv', ['2026-03-01T09:00:00+08:00,t.user,01,' + makeNationalId('D', 1, 1), 'soon,t.user,01,x', '2026-03-01T09:00:00+08:00,t.user,77,' + makeNationalId('D', 1, 2)]), '--as', 't.chief');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/nothing imported: 2 bad line\(s\)/);
    expect(res.stderr).toMatch(/line 3: queried_at/);
    expect(res.stderr).toMatch(/line 4: item/);
    expect(await records()).toBe(before);
  }, 180_000);

  it('bounds the log’s free-text columns as the API does and refuses a query dated before 1995-03-01, naming each line, importing nothing', async () => {
    const before = await records();
    const id = makeNationalId('D', 1, 4);
    const res = await cli(file('unbounded.csv', [`2026-03-01T09:00:00+08:00,${'a'.repeat(300)},01,${id}`, `1900-01-01T09:00:00+08:00,t.user,01,${id}`, `2026-03-01T09:00:00+08:00,t.user,01,${id},${'F'.repeat(201)}`], 'queried_at,myegov_account,item,subject_id,request_number'), '--as', 't.chief');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/nothing imported: 3 bad line\(s\)/);
    expect(res.stderr).toMatch(/line 2: myegov_account: at most 200 characters, got 300/);
    expect(res.stderr).toMatch(/line 3: queried_at: 1900-01-01T01:00:00.000Z is before 1995-03-01/);
    expect(res.stderr).toMatch(/line 4: request_number: at most 200 characters, got 201/);
    expect(await records()).toBe(before);
  }, 60_000);

  it('refuses an importer who is not an administrator, and says how to call it', async () => {
    expect((await cli(file('one.csv', ['2026-03-01T09:00:00+08:00,t.user,01,' + makeNationalId('D', 1, 3)]), '--as', 't.user')).stderr).toMatch(/nothing imported: Importing usage records/);
    const usage = await cli();
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/usage: npm run import:usage/);
  }, 180_000);

  it('imports Kaohsiung’s log with --regime kaohsiung-bli, its columns checked (address included)', async () => {
    const header = 'queried_at,myegov_account,item,subject_id,registration_number,ip_address';
    const lines = Array.from({ length: 600 }, (_, i) => `${new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString()},t.khquerier,C0101,${makeNationalId('E', 1, 300_000 + i)},,10.72.0.5`);
    const bad = await cli(file('kh-bad.csv', ['2026-03-01T09:00:00+08:00,t.khquerier,C0101,' + makeNationalId('E', 1, 1) + ',,not-an-address'], header), '--as', 't.khit', '--regime', 'kaohsiung-bli');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 2: ip_address/);
    const res = await cli(file('kh.csv', lines, header), '--as', 't.khit', '--regime', 'kaohsiung-bli');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/imported 600 records \(0 already known, 600 findings\)/);
    expect(await records(tables.khUsageRecords)).toBe(600);
    expect((await cli(file('kh.csv', lines, header), '--as', 't.khit', '--regime', 'taipei')).code).toBe(2);
  }, 180_000);
});
