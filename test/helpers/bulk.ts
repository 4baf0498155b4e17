import { tables, type Database } from '@webir/db';
import { makeNationalId, type PiiCipher } from '@webir/kit';
import type { Fixture } from './fixture.ts';

/** `count` staff at the social bureau and the centre under it, each with two NHI grants. */
export async function addBulkStaff({ db }: Database, cipher: PiiCipher, fixture: Fixture, count: number): Promise<void> {
  const { agency, person } = fixture;
  const staff = Array.from({ length: count }, (_, i) => {
    const id = makeNationalId('D', ((i % 2) + 1) as 1 | 2, 200_000 + i);
    return {
      name: `測試人員${String(i).padStart(4, '0')}`,
      idKind: 'NATIONAL_ID' as const,
      nationalIdEnc: cipher.encrypt(id),
      nationalIdHash: cipher.hash(id),
      myegovAccount: `bulk.${i}`,
      agencyId: i % 3 ? agency.social : agency.socialCentre,
      supervisorId: person.supervisor,
    };
  });
  const rows = await db.insert(tables.people).values(staff).returning({ id: tables.people.id, agencyId: tables.people.agencyId });
  await db.insert(tables.permissions).values(
    rows.flatMap((r, i) =>
      ['TN_NHI:01', i % 2 ? 'TN_NHI:05' : 'TN_NHI:12'].map((item) => ({
        personId: r.id,
        agencyId: r.agencyId!,
        regimeCode: 'TN_NHI',
        role: 'USER',
        serviceItemId: item,
        grantedAt: new Date('2026-01-10T00:00:00Z'),
        grantReason: 'bulk fixture',
      })),
    ),
  );
}

/** The 500-people page the batching test and the benchmark both ask for. */
export const PEOPLE_PAGE = `query($first: Int!, $agency: ID!) {
  people(first: $first, filter: { agencyId: $agency, includeSubAgencies: true }) {
    totalCount
    edges { node { name nationalIdMasked supervisor { name } agency { name parent { name } }
      permissions { role status regime { id name } serviceItem { code name regime { id } } agency { code } } } }
  }
}`;
