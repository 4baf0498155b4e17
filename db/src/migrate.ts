import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Database } from './client.ts';
import { regimeRows, serviceItemRows } from './reference/regimes.ts';
import { regimes, serviceItems } from './schema/index.ts';

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * Applies the committed drizzle-kit migrations, then writes the reference data (regimes and their
 * service items) so every database, embedded or not, starts with the same vocabulary.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder };
  if (database.kind === 'postgres' && database.url) {
    // Several processes may start at once against one server: one migrates, the others wait on the
    // lock, then find nothing left to do. The lock lives on one connection, so migrate through it.
    const client = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      await client`select pg_advisory_lock(7247001)`;
      await migratePostgres(drizzlePostgres({ client }), config);
    } finally {
      await client.end({ timeout: 5 });
    }
  } else {
    await migratePglite(database.db as never, config);
  }
  await writeReferenceData(database);
}

async function writeReferenceData({ db }: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const row of regimeRows) {
      await tx.insert(regimes).values(row).onConflictDoUpdate({
        target: regimes.code,
        set: { name: row.name, nameZh: row.nameZh, city: row.city, regulation: row.regulation },
      });
    }
    await tx
      .insert(serviceItems)
      .values(serviceItemRows)
      .onConflictDoUpdate({
        target: serviceItems.id,
        set: { name: sql`excluded.name`, queryKey: sql`excluded.query_key`, position: sql`excluded.position` },
      });
  });
}
