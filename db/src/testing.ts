import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type Database } from './client.ts';
import { migrateDatabase } from './migrate.ts';
import { rowsOf } from './raw.ts';

/**
 * A migrated database for one test file. With DATABASE_URL set, a fresh database is created on that
 * server and dropped on close, so test files run in parallel without seeing each other; without it,
 * an in-memory PGlite (one per file: creating one takes seconds, so truncate between tests instead).
 */
export async function openTestDatabase(): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(database);
    return database;
  }
  const name = `webir_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: 5 });
  await migrateDatabase(database);
  return {
    ...database,
    close: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** Empties every table of every subgraph schema but the reference data written at migration. */
export async function truncateAll({ db }: Database): Promise<void> {
  const rows = await db.execute(sql`
    select format('%I.%I', schemaname, tablename) as name from pg_tables
    where schemaname not in ('pg_catalog', 'information_schema', 'drizzle')
      and not (schemaname = 'core' and tablename in ('regimes', 'service_items'))`);
  const names = rowsOf<{ name: string }>(rows).map((r) => r.name);
  if (names.length) await db.execute(sql.raw(`truncate ${names.join(', ')} cascade`));
}
