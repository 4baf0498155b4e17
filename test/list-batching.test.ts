import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNationalId } from '@webir/kit';
import type { PersonKey } from './helpers/fixture.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';
import { enrol } from './helpers/tainan.ts';

/**
 * Fields resolved once per item of a list are batched (issue 11): Agency.complianceCalendar over a
 * list of agencies asks each regime once, and the redraw of a list of Tainan samples reads every
 * population in one statement. Statements are counted as test/batching.test.ts counts them.
 */
let clock = new Date('2026-01-10T10:00:00+08:00');
let stack: TestStack;

const ok = async (person: PersonKey, query: string, variables: Record<string, unknown> = {}) => {
  const res = await stack.as(person)(query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
};

async function statementsOf<T>(run: () => Promise<T>): Promise<{ statements: number; data: T }> {
  const before = stack.database.statements.count;
  const data = await run();
  return { statements: stack.database.statements.count - before, data };
}

beforeAll(async () => {
  stack = await startTestStack({ now: () => clock });
  await enrol(stack, stack.fixture.agency.social);
  await enrol(stack, stack.fixture.agency.socialCentre);
  // Queries in January, February and March at the social bureau, each month's sample drawn.
  clock = new Date('2026-04-02T10:00:00+08:00');
  const lines = ['2026-01-05', '2026-01-06', '2026-02-05', '2026-02-06', '2026-02-07', '2026-03-05'].map(
    (day, i) => `${new Date(`${day}T09:00:00+08:00`).toISOString()},t.user,01,${makeNationalId('D', 1, 900_000 + i)},`,
  );
  await ok('chief', `mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { rows } }`, {
    input: { fileName: 'q1.csv', csv: ['queried_at,myegov_account,item,subject_id,request_number', ...lines].join('\n') },
  });
  for (const month of ['2026-01', '2026-02', '2026-03']) {
    await ok('supervisor', `mutation($input: NhiSampleInput!) { drawNhiMonthlySample(input: $input) { id } }`, { input: { agencyId: stack.fixture.agency.social, month } });
  }
}, 300_000);
afterAll(() => stack?.stop());

describe('lists whose items each ask for more, batched', () => {
  it('X-3 Agency.complianceCalendar over every agency costs the statements of one, and each agency gets what it gets alone', async () => {
    const LIST = `query($first: Int!, $search: String) { agencies(first: $first, filter: { city: TAINAN, search: $search }) { edges { node { id complianceCalendar(on: "2026-04-02") { regime kind period dueOn status } } } } }`;
    // The social bureau alone (its calendar covers the centre under it, both enrolled), then every Tainan agency.
    const one = await statementsOf(() => ok('chief', LIST, { first: 50, search: '社會局' }));
    expect(one.data.agencies.edges).toHaveLength(1);
    const all = await statementsOf(() => ok('chief', LIST, { first: 50 }));
    const agencies = all.data.agencies.edges as { node: { id: string; complianceCalendar: unknown[] } }[];
    expect(agencies.length).toBeGreaterThan(3);
    expect(all.statements).toBe(one.statements);
    // Another city's agency is refused as before, alone or in a list (the refusal is per agency).
    const kh = await stack.as('chief')(`query($id: ID!) { agency(id: $id) { complianceCalendar { kind } } }`, { id: stack.fixture.agency.khSocial });
    expect(kh.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The batched answer is the one each agency gets asked alone.
    for (const { node } of agencies) {
      const alone = await ok('chief', `query($id: ID!) { agency(id: $id) { complianceCalendar(on: "2026-04-02") { regime kind period dueOn status } } }`, { id: node.id });
      expect(node.complianceCalendar, node.id).toEqual(alone.agency.complianceCalendar);
    }
    expect(agencies.find((a) => a.node.id === stack.fixture.agency.social)!.node.complianceCalendar.length).toBeGreaterThan(0);
  });

  it('TN-8.1 redrawing three months’ samples costs the statements of one, and each is the same sample', async () => {
    const SAMPLES = `query($month: String) { nhiSamples(agencyId: "${stack.fixture.agency.social}", month: $month) { month size redraw { populationUnchanged sameSample } } }`;
    const one = await statementsOf(() => ok('chief', SAMPLES, { month: '2026-02' }));
    const three = await statementsOf(() => ok('chief', SAMPLES, {}));
    expect(three.data.nhiSamples.map((s: { month: string; size: number; redraw: unknown }) => [s.month, s.size, s.redraw]).sort()).toEqual([
      ['2026-01', 2, { populationUnchanged: true, sameSample: true }],
      ['2026-02', 3, { populationUnchanged: true, sameSample: true }],
      ['2026-03', 1, { populationUnchanged: true, sameSample: true }],
    ]);
    expect(three.statements).toBe(one.statements);
  });
});
