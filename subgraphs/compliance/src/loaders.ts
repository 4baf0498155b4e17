import { and, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { tables, type Db } from '@webir/db';
import { listLoader, rowLoader } from '@webir/kit';

const { offboardings, permissions, people } = tables;

export type OffboardingRow = typeof offboardings.$inferSelect;

/** Who holds a role (in a regime, at an agency or anywhere): the key of an Actor. */
export interface HolderKey {
  regime: string;
  role: string;
  agencyId: string | null;
}
const holderKey = (k: HolderKey) => `${k.regime}|${k.role}|${k.agencyId ?? ''}`;

/** Per request (DESIGN.md, "Requests"): every list by parent is one batched statement. */
export function createLoaders(db: Db) {
  return {
    person: rowLoader<string, typeof people.$inferSelect>((ids) => db.select().from(people).where(inArray(people.id, [...ids])), (r) => r.id),
    offboardingsOfPerson: listLoader<string, OffboardingRow>(
      (ids) => db.select().from(offboardings).where(inArray(offboardings.personId, [...ids])).orderBy(desc(offboardings.recordedAt)),
      (r) => r.personId,
    ),
    /** Everyone who must act on a calendar's entries, for every entry of the page in one statement. */
    holders: new (class {
      private readonly loader = listLoader<string, { key: string; personId: string }>(
        async (keys) => {
          const parsed = keys.map((k) => {
            const [regime, role, agencyId] = k.split('|') as [string, string, string];
            return { key: k, regime, role, agencyId: agencyId || null };
          });
          const match: SQL[] = parsed.map(
            (k) => and(eq(permissions.regimeCode, k.regime), eq(permissions.role, k.role), k.agencyId ? eq(permissions.agencyId, k.agencyId) : undefined)!,
          );
          const rows = await db
            .selectDistinct({ regime: permissions.regimeCode, role: permissions.role, agencyId: permissions.agencyId, personId: permissions.personId })
            .from(permissions)
            .where(and(eq(permissions.status, 'ACTIVE'), or(...match)));
          return parsed.flatMap((k) =>
            [...new Set(rows.filter((r) => r.regime === k.regime && r.role === k.role && (!k.agencyId || r.agencyId === k.agencyId)).map((r) => r.personId))].map(
              (personId) => ({ key: k.key, personId }),
            ),
          );
        },
        (r) => r.key,
      );
      load = async (k: HolderKey) => (await this.loader.load(holderKey(k))).map((r) => r.personId);
    })(),
  };
}

export type ComplianceLoaders = ReturnType<typeof createLoaders>;
