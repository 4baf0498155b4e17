import { count, eq } from 'drizzle-orm';
import { grantPermission, serviceItemId, tables, type Database } from '@webir/db';
import type { PiiCipher } from '@webir/kit';
import { personalIdKind, taipeiDay } from '@webir/kit';
import { demoAgencies, demoHeads, demoPeople } from '../demo/index.ts';
import { seedKaohsiungBli } from './seed-kaohsiung-bli.ts';
import { seedTainanNhi } from './seed-tainan-nhi.ts';
import { seedNhiNetwork } from './seed-nhi-network.ts';

/**
 * The demo directory, written on the first start of an empty database: the agencies, their staff
 * and what each holds. People who have since left are written active, granted, then marked as
 * left, the order it happens in life, so their stale grants are there for clean-up to find.
 */
export async function seedDirectory(database: Database, cipher: PiiCipher, now: Date): Promise<boolean> {
  const { db } = database;
  const [existing] = await db.select({ n: count() }).from(tables.agencies);
  if (existing!.n > 0) return false;
  const agencyIds = new Map<string, string>();
  const personIds = new Map<string, string>();

  await db.transaction(async (tx) => {
    // Parents before children: the demo list may be in any order.
    const pending = [...demoAgencies];
    while (pending.length) {
      const ready = pending.filter((a) => !a.parentKey || agencyIds.has(a.parentKey));
      if (!ready.length) throw new Error(`Demo agencies with unknown parents: ${pending.map((a) => a.key).join(', ')}`);
      for (const a of ready) {
        const [row] = await tx
          .insert(tables.agencies)
          .values({ code: a.code, name: a.name, level: a.level, city: a.city, parentId: a.parentKey ? agencyIds.get(a.parentKey)! : null })
          .returning({ id: tables.agencies.id });
        agencyIds.set(a.key, row!.id);
        pending.splice(pending.indexOf(a), 1);
      }
    }

    for (const p of demoPeople) {
      const [row] = await tx
        .insert(tables.people)
        .values({
          name: p.name,
          idKind: personalIdKind(p.nationalId),
          nationalIdEnc: cipher.encrypt(p.nationalId),
          nationalIdHash: cipher.hash(p.nationalId),
          myegovAccount: p.myegovAccount,
          agencyId: agencyIds.get(p.agencyKey)!,
          unit: p.unit,
          title: p.title,
          phone: p.phone,
          email: p.email,
        })
        .returning({ id: tables.people.id });
      personIds.set(p.key, row!.id);
    }
    for (const p of demoPeople) {
      if (p.supervisorKey) await tx.update(tables.people).set({ supervisorId: personIds.get(p.supervisorKey)! }).where(eq(tables.people.id, personIds.get(p.key)!));
    }
    const grantedAt = new Date(now.getTime() - 400 * 86_400_000);
    for (const p of demoPeople) {
      for (const g of p.grants) {
        for (const item of g.items?.length ? g.items : [null]) {
          await grantPermission(tx, {
            personId: personIds.get(p.key)!,
            agencyId: agencyIds.get(g.agencyKey)!,
            regime: g.regime,
            role: g.role,
            serviceItemId: item ? serviceItemId(g.regime, item) : null,
            grantedById: null,
            reason: 'demo data: granted before the graph was introduced',
            form: null,
            at: grantedAt,
          });
        }
      }
    }
    // Each agency's head, recorded by the chief administrator of the agency's city (Tainan's 總管理者,
    // Kaohsiung's IT centre) from before the first demo form they sign.
    const recorder = { TAINAN: personIds.get('tn-chief')!, KAOHSIUNG: personIds.get('kh-it-centre')! };
    for (const h of demoHeads) {
      const city = demoAgencies.find((a) => a.key === h.agencyKey)!.city;
      await tx.insert(tables.agencyHeads).values({
        agencyId: agencyIds.get(h.agencyKey)!,
        personId: personIds.get(h.personKey)!,
        role: 'HEAD',
        since: taipeiDay(grantedAt),
        reference: 'demo data: in office before the graph was introduced',
        recordedById: recorder[city],
        recordedAt: grantedAt,
      });
    }
    for (const p of demoPeople) {
      if (p.employmentStatus && p.employmentStatus !== 'ACTIVE') {
        await tx
          .update(tables.people)
          .set({ employmentStatus: p.employmentStatus, employmentStatusEffectiveOn: p.employmentStatusEffectiveOn ?? null })
          .where(eq(tables.people.id, personIds.get(p.key)!));
      }
    }
  });
  await seedTainanNhi(database, cipher, now, agencyIds, personIds);
  await seedKaohsiungBli(database, cipher, now, agencyIds, personIds);
  await seedNhiNetwork(database, cipher, now, agencyIds, personIds);
  return true;
}
