import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders (DESIGN.md, "Requests"): every entity reference and list-by-parent goes
 * through one, so a page of N rows costs one statement per field, not N.
 * Batches are capped so a statement's parameter list stays far below Postgres's 65,535.
 */
const MAX_BATCH = 1000;

/** One row per key (or null): `fetch` returns rows for any subset of the keys, in any order. */
export function rowLoader<K, R>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R | null> {
  return new DataLoader<K, R | null>(
    async (keys) => {
      const byKey = new Map<K, R>();
      for (const row of await fetch(keys)) byKey.set(keyOf(row), row);
      return keys.map((k) => byKey.get(k) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** Every row of each key (a list by parent): `fetch` returns the rows of all keys at once. */
export function listLoader<K, R>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R[]> {
  return new DataLoader<K, R[]>(
    async (keys) => {
      const byKey = new Map<K, R[]>(keys.map((k) => [k, []]));
      for (const row of await fetch(keys)) byKey.get(keyOf(row))?.push(row);
      return keys.map((k) => byKey.get(k) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}
