import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '@webir/db';
import type { PersonKey } from '../helpers/fixture.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Lists that grow with history are cursor connections (issue 11): offboardings (one per leaver) and
 * purge runs (one a day). The deprecated lists stay for old clients; the connections answer the same
 * rows in the same order, a page at a time, and count them.
 */
let stack: TestStack;

const ok = async (person: PersonKey, query: string, variables: Record<string, unknown> = {}) => {
  const res = await stack.as(person)(query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
};

type Conn = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] };

async function walk(person: PersonKey, field: string, query: string, first: number): Promise<{ ids: string[]; totalCount: number; pages: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 1; ; pages++) {
    const page: Conn = (await ok(person, query, { first, after }))[field];
    ids.push(...page.edges.map((e) => e.node.id));
    if (!page.pageInfo.hasNextPage) return { ids, totalCount: page.totalCount, pages };
    after = page.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  stack = await startTestStack({ now: () => new Date('2026-06-01T10:00:00+08:00') });
  const { person } = stack.fixture;
  const at = (day: number) => new Date(Date.UTC(2026, 4, day, 2));
  const leavers: PersonKey[] = ['user', 'colleague', 'centreUser', 'khQuerier', 'user', 'colleague', 'khNewcomer'];
  await stack.database.db.insert(tables.offboardings).values(
    leavers.map((who, i) => ({ personId: person[who], kind: 'REASSIGNED', effectiveOn: '2026-07-01', reason: `test ${i}`, status: i < 4 ? 'SCHEDULED' : 'DONE', recordedById: person.chief, recordedAt: at(i + 1), doneAt: i < 4 ? null : at(i + 1) })),
  );
  await stack.database.db.insert(tables.purgeRuns).values(
    Array.from({ length: 7 }, (_, i) => ({
      trigger: 'SCHEDULE',
      dryRun: false,
      today: `2026-05-0${i + 1}`,
      ranAt: at(i + 1),
      byId: null,
      removed: 1,
      counts: [{ regime: i % 3 ? 'TN_NHI' : 'KH_BLI', kind: 'APPLICATION', count: 1 }],
    })),
  );
  for (const [table, kind] of [[tables.purges, 'APPLICATION'], [tables.khPurges, 'FORM']] as const) {
    await stack.database.db.insert(table).values(
      Array.from({ length: 5 }, (_, i) => ({ kind, recordId: crypto.randomUUID(), number: `P-${i}`, retainUntil: '2026-04-30', rule: 'X-4', purgedAt: at(i + 1), purgedById: null })),
    );
  }
}, 300_000);
afterAll(() => stack?.stop());

const OFFBOARDINGS = `query($first: Int, $after: String) { offboardingsConnection(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`;
const RUNS = `query($first: Int, $after: String) { purgeRunsConnection(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`;

describe('lists that grow with history, paged', () => {
  it('X-1 offboardingsConnection walks, newest first, exactly the changes the deprecated list shows the caller', async () => {
    for (const who of ['chief', 'socialAdmin', 'khAdmin', 'user'] as PersonKey[]) {
      const old = ((await ok(who, '{ offboardings { id } }')).offboardings as { id: string }[]).map((o) => o.id);
      const walked = await walk(who, 'offboardingsConnection', OFFBOARDINGS, 2);
      expect(walked.ids, who).toEqual(old);
      expect(walked.totalCount, who).toBe(old.length);
    }
    // Tainan's chief reads the Tainan city's five; Kaohsiung's two are not theirs.
    expect((await walk('chief', 'offboardingsConnection', OFFBOARDINGS, 2)).ids).toHaveLength(5);
  });

  it('X-4 purgeRunsConnection walks, newest first, exactly the runs the deprecated list shows the caller, past its first page', async () => {
    for (const who of ['chief', 'khIt', 'user'] as PersonKey[]) {
      const old = ((await ok(who, '{ purgeRuns(first: 500) { id } }')).purgeRuns as { id: string }[]).map((r) => r.id);
      const walked = await walk(who, 'purgeRunsConnection', RUNS, 2);
      expect(walked.ids, who).toEqual(old);
      expect(walked.totalCount, who).toBe(old.length);
    }
    expect((await walk('chief', 'purgeRunsConnection', RUNS, 2)).ids).toHaveLength(4);
  });

  it('X-4 nhiPurgesConnection and khPurgesConnection walk, oldest first, the purge logs the deprecated lists show', async () => {
    const NHI = `query($first: Int, $after: String) { nhiPurgesConnection(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id: recordId } } } }`;
    const oldNhi = ((await ok('chief', '{ nhiPurges { recordId } }')).nhiPurges as { recordId: string }[]).map((p) => p.recordId);
    expect(oldNhi).toHaveLength(5);
    expect(await walk('chief', 'nhiPurgesConnection', NHI, 2)).toEqual({ ids: oldNhi, totalCount: 5, pages: 3 });
    expect((await stack.as('user')(NHI, { first: 2 })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const KH = `query($first: Int, $after: String) { khPurgesConnection(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    const oldKh = ((await ok('khIt', '{ khPurges { id } }')).khPurges as { id: string }[]).map((p) => p.id);
    expect(oldKh).toHaveLength(5);
    expect(await walk('khIt', 'khPurgesConnection', KH, 2)).toEqual({ ids: oldKh, totalCount: 5, pages: 3 });
    expect(await walk('khAdmin', 'khPurgesConnection', KH, 2)).toEqual({ ids: [], totalCount: 0, pages: 1 });
  });

  it('refuses a cursor that is not one of the list', async () => {
    const res = await stack.as('chief')(RUNS, { first: 2, after: 'bm90LWEtY3Vyc29y' });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
