import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DomainError } from '@webir/kit';
import { activePermissions, grantPermission, revokeAllForPerson, revokePermission, tables, type Database } from '../src/index.ts';
import { openTestDatabase, truncateAll } from '../src/testing.ts';

let database: Database;
let agencyId: string;
let personId: string;
let adminId: string;
const at = new Date('2026-03-01T09:00:00+08:00');

beforeAll(async () => {
  database = await openTestDatabase();
}, 60_000);
afterAll(() => database?.close());

beforeEach(async () => {
  await truncateAll(database);
  const { db } = database;
  const [agency] = await db.insert(tables.agencies).values({ code: '395030000A', name: '臺南市政府社會局', level: 'FIRST_LEVEL', city: 'TAINAN' }).returning();
  agencyId = agency!.id;
  const [admin, person] = await db
    .insert(tables.people)
    .values([
      { name: '林管理', agencyId },
      { name: '陳使用', agencyId },
    ])
    .returning();
  adminId = admin!.id;
  personId = person!.id;
});

const grant = (extra: Partial<Parameters<typeof grantPermission>[1]> = {}) => ({
  personId,
  agencyId,
  regime: 'TN_NHI',
  role: 'USER',
  serviceItemId: 'TN_NHI:01',
  grantedById: adminId,
  reason: '附表二 approved',
  form: { type: 'TN_NHI/附表二', id: 'F-1' },
  at,
  ...extra,
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

describe('permission ledger', () => {
  it('grants with the form it came from, who granted it and when', async () => {
    const row = await grantPermission(database.db, grant());
    expect(row).toMatchObject({ status: 'ACTIVE', regimeCode: 'TN_NHI', role: 'USER', serviceItemId: 'TN_NHI:01', grantedById: adminId, formType: 'TN_NHI/附表二', formId: 'F-1' });
    expect(row.grantedAt.toISOString()).toBe(at.toISOString());
  });

  it('refuses the same active grant twice with CONFLICT, and allows it again once revoked', async () => {
    const first = await grantPermission(database.db, grant());
    expect(await codeOf(grantPermission(database.db, grant()))).toBe('CONFLICT');
    await revokePermission(database.db, first.id, { revokedById: adminId, reason: '附表二 delete', at });
    const again = await grantPermission(database.db, grant());
    expect(again.id).not.toBe(first.id);
  });

  it('refuses an item of another regime, an unknown item, agency or person, writing nothing', async () => {
    expect(await codeOf(grantPermission(database.db, grant({ serviceItemId: 'KH_BLI:C0101' })))).toBe('BAD_USER_INPUT');
    expect(await codeOf(grantPermission(database.db, grant({ serviceItemId: 'TN_NHI:99' })))).toBe('NOT_FOUND');
    expect(await codeOf(grantPermission(database.db, grant({ agencyId: '00000000-0000-4000-8000-000000000000' })))).toBe('NOT_FOUND');
    expect(await codeOf(grantPermission(database.db, grant({ personId: '00000000-0000-4000-8000-000000000000' })))).toBe('NOT_FOUND');
    expect(await codeOf(grantPermission(database.db, grant({ reason: '  ' })))).toBe('BAD_USER_INPUT');
    expect(await database.db.select().from(tables.permissions)).toHaveLength(0);
  });

  it('refuses to grant anything to a person who has resigned (the ledger side of offboarding)', async () => {
    await database.db.update(tables.people).set({ employmentStatus: 'RESIGNED' }).where(eq(tables.people.id, personId));
    expect(await codeOf(grantPermission(database.db, grant()))).toBe('RULE_VIOLATION');
  });

  it('revokes with reason and who, and a second revocation is a CONFLICT', async () => {
    const row = await grantPermission(database.db, grant());
    const revoked = await revokePermission(database.db, row.id, { revokedById: adminId, reason: '調職', at });
    expect(revoked).toMatchObject({ status: 'REVOKED', revokedById: adminId, revokeReason: '調職' });
    expect(await codeOf(revokePermission(database.db, row.id, { revokedById: adminId, reason: '調職', at }))).toBe('CONFLICT');
    expect(await codeOf(revokePermission(database.db, '00000000-0000-4000-8000-000000000000', { revokedById: adminId, reason: 'x', at }))).toBe('NOT_FOUND');
  });

  it('revokes everything a person holds in every regime, and doing it twice changes nothing', async () => {
    await grantPermission(database.db, grant());
    await grantPermission(database.db, grant({ serviceItemId: 'TN_NHI:02' }));
    await grantPermission(database.db, grant({ regime: 'KH_BLI', role: 'QUERIER', serviceItemId: 'KH_BLI:C0101' }));
    const revoked = await revokeAllForPerson(database.db, personId, { revokedById: adminId, reason: '離職', at });
    expect(revoked).toHaveLength(3);
    expect(revoked.every((r) => r.status === 'REVOKED' && r.revokeReason === '離職')).toBe(true);
    expect(await activePermissions(database.db, personId)).toHaveLength(0);
    expect(await revokeAllForPerson(database.db, personId, { revokedById: adminId, reason: '離職', at })).toHaveLength(0);
  });

  it('revokes only one regime when asked', async () => {
    await grantPermission(database.db, grant());
    await grantPermission(database.db, grant({ regime: 'KH_BLI', role: 'QUERIER', serviceItemId: 'KH_BLI:C0101' }));
    await revokeAllForPerson(database.db, personId, { revokedById: adminId, reason: '終止連結', at, regime: 'TN_NHI' });
    const left = await activePermissions(database.db, personId);
    expect(left.map((p) => p.regimeCode)).toEqual(['KH_BLI']);
  });

  it('rolls a grant back with the transaction that made it', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await grantPermission(tx, grant());
        throw new Error('the approval failed after granting');
      }),
    ).rejects.toThrow('the approval failed');
    expect(await activePermissions(database.db, personId)).toHaveLength(0);
  });
});
