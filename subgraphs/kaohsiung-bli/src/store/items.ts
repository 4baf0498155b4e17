import { and, eq, inArray, isNull } from 'drizzle-orm';
import { serviceItemRows, tables, type DbOrTx } from '@webir/db';

/** The 20 BLI service items, in the item application's order. */
export const KH_ITEMS = serviceItemRows.filter((r) => r.regimeCode === 'KH_BLI');
export const ITEM_CODES = KH_ITEMS.map((r) => r.code);
export const itemName = (code: string) => KH_ITEMS.find((r) => r.code === code)?.name ?? code;

const { khItemHoldings } = tables;

/** The items the city holds now (KH-3.1: as the BLI decided). */
export async function cityItems(db: DbOrTx, lock?: 'share'): Promise<Set<string>> {
  const query = db
    .select({ item: khItemHoldings.item })
    .from(khItemHoldings)
    .where(and(eq(khItemHoldings.level, 'CITY'), isNull(khItemHoldings.agencyId), eq(khItemHoldings.status, 'ACTIVE')));
  const rows = await (lock ? query.for(lock) : query);
  return new Set(rows.map((r) => r.item));
}

/**
 * The items each of these agencies holds now (KH-5.1). `lock: 'share'` (inside a transaction that
 * grants within them) keeps them held until it commits: a withdrawal at the same moment waits.
 */
export async function agencyItems(db: DbOrTx, agencyIds: string[], lock?: 'share'): Promise<Map<string, Set<string>>> {
  const held = new Map<string, Set<string>>(agencyIds.map((id) => [id, new Set()]));
  if (!agencyIds.length) return held;
  const query = db
    .select({ agencyId: khItemHoldings.agencyId, item: khItemHoldings.item })
    .from(khItemHoldings)
    .where(and(eq(khItemHoldings.level, 'AGENCY'), inArray(khItemHoldings.agencyId, agencyIds), eq(khItemHoldings.status, 'ACTIVE')));
  const rows = await (lock ? query.for(lock) : query);
  for (const r of rows) held.get(r.agencyId!)!.add(r.item);
  return held;
}
