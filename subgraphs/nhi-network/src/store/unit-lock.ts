import { eq } from 'drizzle-orm';
import { tables, type Tx } from '@webir/db';
import { ruleViolation } from '@webir/kit';
import type { SanctionRow } from '../loaders.ts';
import { runningSanction } from './access.ts';

const { nwUnits, nwSanctions } = tables;

/**
 * A unit's row locked (FOR UPDATE) for the rest of the transaction. Whoever applies for the unit (an
 * application, a line) and whoever sanctions it (NW-8.2, NW-8.4) takes this lock first, so they run one
 * after the other: an application is refused by a ban recorded at the same moment, not let through by
 * a read made before it. Returns the sanction running on `day`, read under the lock.
 */
export async function lockUnit(tx: Tx, unitId: string, day: string): Promise<SanctionRow | undefined> {
  await tx.select({ id: nwUnits.id }).from(nwUnits).where(eq(nwUnits.id, unitId)).for('update');
  return runningSanction(await tx.select().from(nwSanctions).where(eq(nwSanctions.unitId, unitId)), day);
}

/** NW-8.4 (and NW-8.2 for a line) under the lock: a disconnected unit applies for nothing for two years. */
export function assertNoBan(sanction: SanctionRow | undefined, what: 'application' | 'line'): void {
  if (sanction?.kind === 'DISCONNECTION') {
    throw ruleViolation('NW-8.4', `the unit was disconnected after an inspection on ${sanction.fromOn} and may not apply again before ${sanction.untilOn}`, { mayApplyFrom: sanction.untilOn });
  }
  if (sanction?.kind === 'SUSPENSION' && what === 'line') throw ruleViolation('NW-8.2', `the unit's use of the network is suspended until ${sanction.untilOn}`);
}
