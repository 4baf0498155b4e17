import { migrateDatabase, openDatabase, type Database } from '@webir/db';
import { openTestDatabase } from '@webir/db/testing';
import type { Config } from '@webir/kit';

/** A database that a command-line tool under test opens itself, and the test reads before and after. */
export interface CliDatabase {
  /** What the tool's environment needs to open this database (DATABASE_URL, empty for PGlite). */
  env: { DATABASE_URL: string };
  /** Runs `f` on the database: on PGlite opened for `f` alone, as the tool must have it to itself. */
  use<T>(f: (database: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * With DATABASE_URL set, a fresh database on that server (dropped on close), whose URL the tool is
 * given, so the tool runs on PostgreSQL as the rest of the suite. Without it, a PGlite folder of the
 * configuration's own: PGlite serves one process, so the test opens it only between the tool's runs.
 * `prepare` writes what the tool should find (the fixture, records), before the tool first runs.
 */
export async function openCliDatabase(config: Config, prepare: (database: Database) => Promise<unknown> = async () => {}): Promise<CliDatabase> {
  if (process.env.DATABASE_URL) {
    const database = await openTestDatabase();
    await prepare(database);
    return { env: { DATABASE_URL: database.url! }, use: (f) => f(database), close: () => database.close() };
  }
  const dataDir = `${config.dataDir}/pglite`;
  const use = async <T>(f: (database: Database) => Promise<T>): Promise<T> => {
    const database = await openDatabase({ dataDir });
    try {
      return await f(database);
    } finally {
      await database.close();
    }
  };
  // Migrated and prepared in one opening: starting PGlite takes seconds.
  await use(async (database) => {
    await migrateDatabase(database);
    await prepare(database);
  });
  return { env: { DATABASE_URL: '' }, use, close: async () => {} };
}
