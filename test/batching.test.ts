import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '@webir/db';
import { makeNationalId } from '@webir/kit';
import { startTestStack, type TestStack } from './helpers/stack.ts';

let stack: TestStack;
const PAGE = `query($first: Int!) {
  people(first: $first, filter: { agencyId: "AGENCY", includeSubAgencies: true }) {
    totalCount
    edges { node { name nationalIdMasked supervisor { name } agency { name parent { name } }
      permissions { role status regime { id name } serviceItem { code name regime { id } } agency { code } } } }
  }
}`;

beforeAll(async () => {
  stack = await startTestStack();
  // 600 staff at the social bureau and the centre under it, each with two grants.
  const { db } = stack.database;
  const { agency, person } = stack.fixture;
  const staff = Array.from({ length: 600 }, (_, i) => {
    const id = makeNationalId('D', (i % 2) + 1 as 1 | 2, 200_000 + i);
    return {
      name: `測試人員${String(i).padStart(3, '0')}`,
      idKind: 'NATIONAL_ID' as const,
      nationalIdEnc: stack.cipher.encrypt(id),
      nationalIdHash: stack.cipher.hash(id),
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
}, 120_000);
afterAll(() => stack?.stop());

async function statementsFor(first: number): Promise<{ statements: number; edges: any[] }> {
  const before = stack.database.statements.count;
  const res = await stack.as('socialAdmin')(PAGE.replace('AGENCY', stack.fixture.agency.social), { first });
  expect(res.errors).toBeUndefined();
  return { statements: stack.database.statements.count - before, edges: res.data!.people.edges };
}

describe('batched loading (DataLoader) through the gateway', () => {
  it('a page of 500 people with permissions, items, regimes, agencies and supervisors costs a bounded number of statements', async () => {
    const { statements, edges } = await statementsFor(500);
    expect(edges).toHaveLength(500);
    const withGrants = edges.filter((e) => e.node.name.startsWith('測試人員'));
    expect(withGrants.length).toBeGreaterThan(400);
    for (const { node } of withGrants.slice(0, 50)) {
      expect(node.permissions).toHaveLength(2);
      expect(node.permissions[0].regime.id).toBe('TN_NHI');
      expect(node.supervisor.name).toBe('張科長');
      expect(node.agency.name).toMatch(/社會局|家庭福利服務中心/);
    }
    // caller + permissions, scope, subtree, page, count, agencies, parents, people (supervisors),
    // permissions, regimes, items: about a dozen, whatever the page size.
    expect(statements).toBeLessThanOrEqual(14);
  });

  it('costs the same number of statements for 10 people as for 500', async () => {
    const small = await statementsFor(10);
    const large = await statementsFor(500);
    expect(large.statements).toBe(small.statements);
  });
});
