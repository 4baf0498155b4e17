import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBulkStaff, PEOPLE_PAGE } from './helpers/bulk.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
  await addBulkStaff(stack.database, stack.cipher, stack.fixture, 600);
}, 120_000);
afterAll(() => stack?.stop());

async function statementsFor(first: number): Promise<{ statements: number; edges: any[] }> {
  const before = stack.database.statements.count;
  const res = await stack.as('socialAdmin')(PEOPLE_PAGE, { first, agency: stack.fixture.agency.social });
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
