import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { rowsOf } from './raw.ts';

/** An agency and every agency under it, in one statement (rosters, people lists, calendars). */
export async function agencySubtree(db: DbOrTx, agencyId: string): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      with recursive tree as (
        select id from core.agencies where id = ${agencyId}
        union
        select a.id from core.agencies a join tree t on a.parent_id = t.id
      )
      select id from tree`),
  );
  return rows.map((r) => r.id);
}
