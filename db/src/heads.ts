import { and, eq, isNull, lte, or, gt } from 'drizzle-orm';
import type { HeadTerm } from '@webir/kit';
import type { DbOrTx } from './client.ts';
import { agencyHeads } from './schema/index.ts';

export type AgencyHeadRow = typeof agencyHeads.$inferSelect;

/** The agency's head and delegates whose terms hold on the day (YYYY-MM-DD, Taipei). */
export async function headTermsOn(db: DbOrTx, agencyId: string, day: string): Promise<(HeadTerm & { id: string })[]> {
  return db
    .select({ id: agencyHeads.id, personId: agencyHeads.personId, role: agencyHeads.role, since: agencyHeads.since, until: agencyHeads.until })
    .from(agencyHeads)
    .where(and(eq(agencyHeads.agencyId, agencyId), lte(agencyHeads.since, day), or(isNull(agencyHeads.until), gt(agencyHeads.until, day))));
}
