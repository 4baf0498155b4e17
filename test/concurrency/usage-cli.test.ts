import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { tables, type Database } from '@webir/db';
import { openTestDatabase } from '@webir/db/testing';
import { createPiiCipher, makeNationalId, parseMasterKey } from '@webir/kit';
import { onPostgres } from '../helpers/concurrency.ts';
import { testConfig } from '../helpers/config.ts';
import { seedFixture } from '../helpers/fixture.ts';

/**
 * Two operators run `npm run import:usage` on the same file at the same moment, on PostgreSQL (the
 * test's own database). PostgreSQL only: on the embedded database the second process could not even
 * open it.
 */
const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const config = testConfig();
let database: Database;
beforeAll(async () => {
  if (!onPostgres) return;
  database = await openTestDatabase();
  await seedFixture(database, createPiiCipher(parseMasterKey(config.dataKey)));
});
afterAll(() => database?.close());

const cli = async (...args: string[]) => {
  const started = Date.now();
  const env = { ...process.env, WEBIR_DATA_DIR: config.dataDir, WEBIR_DATA_KEY: config.dataKey, WEBIR_GATEWAY_SECRET: config.gatewaySecret, DATABASE_URL: database.url! };
  const out = await run('npx', ['tsx', 'stack/src/import-usage.ts', ...args], { cwd: root, env }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
  return { ...out, ms: Date.now() - started };
};

describe.skipIf(!onPostgres)('the usage import CLI, twice at once (PostgreSQL only: each run opens the database itself)', () => {
  it('TN-7.1 the same file imported by two runs at once: one imports it, the other stops at once saying why, with no SQL', async () => {
    const lines = Array.from({ length: 2_000 }, (_, i) => `${new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString()},t.user,01,${makeNationalId('D', 1, 400_000 + i)}`);
    const path = join(mkdtempSync(join(tmpdir(), 'webir-usage-')), 'webir-2026-03.csv');
    writeFileSync(path, ['queried_at,myegov_account,item,subject_id', ...lines].join('\n'));
    const [a, b] = await Promise.all([cli(path, '--as', 't.chief'), cli(path, '--as', 't.chief')]);
    const [winner, loser] = a.code === 0 ? [a, b] : [b, a];
    expect(winner.code, winner.stderr).toBe(0);
    expect(winner.stdout).toMatch(/imported 2000 records/);
    expect(loser.code).toBe(1);
    expect(loser.stderr).toMatch(/nothing imported: This file (is being imported right now by another run|was imported already)/);
    expect(loser.stderr).not.toMatch(/insert|select|usage_imports|duplicate key|constraint/i);
    expect((await database.db.select({ n: count() }).from(tables.usageRecords))[0]!.n).toBe(2_000);
    expect((await database.db.select({ n: count() }).from(tables.usageImports))[0]!.n).toBe(1);
  }, 240_000);

  it('TN-7.1 a run started while another imports the same file stops at once: it does not wait behind the other’s transaction', async () => {
    const csv = ['queried_at,myegov_account,item,subject_id', `2026-03-02T09:00:00+08:00,t.user,01,${makeNationalId('D', 1, 499_999)}`].join('\n');
    const path = join(mkdtempSync(join(tmpdir(), 'webir-usage-')), 'webir-2026-03-02.csv');
    writeFileSync(path, csv);
    // The other run, mid-import: it holds the file's import lock (the key importUsageLog takes) until
    // this run has ended. Had this run waited for it, it would never end and the test would time out.
    const key = `tainan_nhi.usage_imports:${createHash('sha256').update(csv).digest('hex')}`;
    const other = postgres(database.url!, { max: 1 });
    try {
      await other`select pg_advisory_lock(hashtextextended(${key}, 0))`;
      const res = await cli(path, '--as', 't.chief');
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/nothing imported: This file is being imported right now by another run/);
    } finally {
      await other.end();
    }
    expect((await database.db.select({ n: count() }).from(tables.usageImports))[0]!.n).toBe(1); // the first test's only
  }, 240_000);
});
