import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '@webir/db';
import type { PersonKey } from './helpers/fixture.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';

/**
 * Issue 11: the root lists that grow with history and took no `first` have cursor connections beside
 * them. Each connection, walked two at a time, answers exactly the rows its deprecated list shows the
 * same caller (the same scope), counts them, and refuses a cursor it did not make.
 */
let stack: TestStack;

type Conn = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] };

async function data(person: PersonKey, query: string, variables: Record<string, unknown> = {}) {
  const res = await stack.as(person)(query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
}

async function walk(person: PersonKey, field: string, args: string, variables: Record<string, unknown>) {
  const query = `query($first: Int, $after: String) { ${field}(${args}${args ? ', ' : ''}first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
  const ids: string[] = [];
  const counts = new Set<number>();
  let after: string | null = null;
  for (let pages = 1; pages < 50; pages++) {
    const page: Conn = (await data(person, query, { ...variables, first: 2, after }))[field];
    expect(page.edges.length).toBeLessThanOrEqual(2);
    ids.push(...page.edges.map((e) => e.node.id));
    counts.add(page.totalCount);
    if (!page.pageInfo.hasNextPage) return { ids, totalCounts: [...counts], pages };
    after = page.pageInfo.endCursor;
  }
  throw new Error(`${field} did not end`);
}

/** One list and its connection, with the same arguments written inline. */
interface Pair {
  list: string;
  args: string;
  personas: PersonKey[];
}

const pairs: Pair[] = [
  { list: 'nhiQuarterlyReviews', args: '', personas: ['chief', 'socialAdmin', 'districtAdmin', 'user'] },
  { list: 'nhiSamples', args: '', personas: ['chief', 'socialAdmin', 'districtAdmin', 'user'] },
  { list: 'nhiAudits', args: '', personas: ['auditor', 'socialAdmin', 'districtAdmin', 'user'] },
  { list: 'nhiAudits', args: 'kind: INTERNAL', personas: ['chief'] },
  { list: 'nhiHandovers', args: '', personas: ['chief', 'socialAdmin', 'colleague', 'user'] },
  { list: 'nhiChiefChanges', args: '', personas: ['chief', 'user'] },
  { list: 'khRequestingAgencies', args: 'includeWithdrawn: true', personas: ['khIt', 'khAdmin'] },
  { list: 'khRequestingAgencies', args: '', personas: ['khLabour', 'khClerk'] },
  { list: 'khAccounts', args: 'includeDeleted: true', personas: ['khIt', 'khAdmin', 'khQuerier', 'khNewcomer'] },
  { list: 'khAccounts', args: '', personas: ['khLabour', 'khAdmin'] },
  { list: 'khUsageChecks', args: '', personas: ['khIt', 'khAdmin', 'khHead', 'khQuerier'] },
  { list: 'khUsageChecks', args: 'kind: RECONCILIATION', personas: ['khLabour'] },
  { list: 'khAudits', args: '', personas: ['khLabour', 'khAdmin', 'khQuerier'] },
  { list: 'khAudits', args: 'year: 2025', personas: ['khIt'] },
];

/** How many rows each persona should see through the first pair of each list: the walks are not all empty. */
const expected: Record<string, Partial<Record<PersonKey, number>>> = {
  nhiQuarterlyReviews: { chief: 5, socialAdmin: 4, districtAdmin: 1, user: 0 },
  nhiSamples: { chief: 5, socialAdmin: 4, districtAdmin: 1, user: 0 },
  nhiAudits: { auditor: 5, socialAdmin: 4, districtAdmin: 1, user: 0 },
  nhiHandovers: { chief: 5, socialAdmin: 4, colleague: 1, user: 0 },
  nhiChiefChanges: { chief: 5, user: 5 },
  khRequestingAgencies: { khIt: 5, khAdmin: 5 },
  khAccounts: { khIt: 6, khAdmin: 5, khQuerier: 2, khNewcomer: 0 },
  khUsageChecks: { khIt: 5, khAdmin: 3, khHead: 1, khQuerier: 0 },
  khAudits: { khLabour: 5, khAdmin: 3, khQuerier: 0 },
};

beforeAll(async () => {
  stack = await startTestStack({ now: () => new Date('2026-06-01T10:00:00+08:00') });
  const { person, agency } = stack.fixture;
  const db = stack.database.db;
  // Two rows share an instant in each table, so the id is what orders them and a page may end between them.
  const at = (i: number) => new Date(Date.UTC(2026, 3, Math.min(i, 3) + 1, 2));
  const tnAgencies = [agency.social, agency.social, agency.socialCentre, agency.social, agency.district];

  await db.insert(tables.quarterlyReviews).values(
    tnAgencies.map((agencyId, i) => ({ agencyId, quarter: `2025-Q${(i % 4) + 1}`, reviewerId: i === 4 ? person.districtAdmin : person.chief, reviewedAt: at(i), recordsReviewed: 3, findings: 0, summary: `review ${i}`, retainUntil: '2029-01-01' })),
  );
  await db.insert(tables.samples).values(
    tnAgencies.map((agencyId, i) => ({ agencyId, month: `2025-0${i + 1}`, seed: `seed-${i}`, population: 3, populationDigest: 'x', size: 3, drawnById: i === 4 ? person.districtAdmin : person.chief, drawnAt: at(i), retainUntil: '2029-01-01' })),
  );
  await db.insert(tables.auditRecords).values(
    tnAgencies.map((agencyId, i) => ({
      number: `TN-AUD-${i}`,
      kind: i % 2 ? 'SUBORDINATE' : 'INTERNAL',
      agencyId,
      period: '2025-H2',
      auditUnit: '社會局',
      auditedOn: '2026-01-20',
      checks: [],
      auditeeId: person.user,
      auditeeHeadId: person.socialHead,
      auditorId: person.auditor,
      auditorHeadId: person.chief,
      createdById: person.auditor,
      createdAt: at(i),
      retainUntil: '2029-01-01',
    })),
  );
  await db.insert(tables.handovers).values(
    tnAgencies.map((agencyId, i) => ({
      agencyId,
      fromId: i === 4 ? person.districtAdmin : person.socialAdmin,
      toId: i === 2 ? person.colleague : person.supervisor,
      handedOverOn: '2026-03-01',
      roster: [],
      queryRequests: 0,
      usageRecords: 0,
      recordedById: person.chief,
      recordedAt: at(i),
    })),
  );
  await db.insert(tables.chiefChanges).values(
    Array.from({ length: 5 }, (_, i) => ({ fromId: person.chief, toId: person.chief, effectiveOn: '2026-03-01', recordedById: person.chief, recordedAt: at(i) })),
  );

  // Kaohsiung: khSocial's administrator sees khSocial's records only; the IT centre and the Labour Bureau all.
  await db.insert(tables.khRequestingAgencies).values([
    { agencyId: agency.khSocial, status: 'APPROVED', legalBasis: '就業服務法', approvedOn: '2026-01-05', approvedById: person.khLabour, createdAt: at(0) },
    ...[agency.khCivil, agency.khLabour, agency.khIt, agency.khCivil].map((agencyId, i) => ({
      agencyId,
      status: 'WITHDRAWN',
      legalBasis: '就業服務法',
      approvedOn: '2026-01-05',
      approvedById: person.khLabour,
      withdrawnAt: at(i + 1),
      withdrawnById: person.khLabour,
      withdrawalReason: 'test',
      createdAt: at(i + 1),
    })),
  ]);
  const account = (personId: string, agencyId: string, status: 'ACTIVE' | 'DELETED', i: number) => ({
    personId,
    agencyId,
    kind: 'QUERIER',
    myegovAccount: `acct${i}`,
    status,
    createdAt: at(i),
    deletedAt: status === 'DELETED' ? at(i + 1) : null,
  });
  await db.insert(tables.khAccounts).values([
    account(person.khQuerier, agency.khSocial, 'ACTIVE', 0),
    account(person.khQuerier, agency.khSocial, 'DELETED', 1),
    account(person.khSupervisor, agency.khSocial, 'DELETED', 2),
    account(person.khHead, agency.khSocial, 'ACTIVE', 3),
    account(person.khAdmin, agency.khSocial, 'ACTIVE', 4),
    account(person.khClerk, agency.khCivil, 'ACTIVE', 5),
  ]);
  const checkAgencies = [agency.khSocial, agency.khLabour, agency.khSocial, agency.khSocial, agency.khCivil];
  await db.insert(tables.khUsageChecks).values(
    checkAgencies.map((agencyId, i) => ({
      kind: i % 2 ? 'RECONCILIATION' : 'QUARTERLY',
      agencyId,
      period: i % 2 ? `2026-0${i}-01` : `2025-Q${i + 1}`,
      periodStart: '2025-01-01',
      periodEnd: '2025-03-31',
      checkerId: person.khAdmin,
      checkedAt: at(i),
      recordsChecked: 3,
      findings: 0,
      summary: `check ${i}`,
      // khHead reads the check reported to them, at another agency than their own.
      headId: i === 4 ? person.khHead : null,
      retainUntil: '2029-01-01',
    })),
  );
  await db.insert(tables.khAudits).values(
    [agency.khSocial, agency.khCivil, agency.khSocial, agency.khSocial, agency.khLabour].map((agencyId, i) => ({
      number: `KH-AUD-${i}`,
      agencyId,
      year: 2024 + (i % 2),
      auditedOn: '2026-02-01',
      auditorId: person.khLabour,
      findings: 'none',
      createdAt: at(i),
      retainUntil: '2029-01-01',
    })),
  );
}, 300_000);
afterAll(() => stack?.stop());

describe('issue 11: root lists that grow with history, paged by cursor', () => {
  for (const pair of pairs) {
    const connection = `${pair.list}Connection`;
    it(`${connection}${pair.args ? `(${pair.args})` : ''} walked two at a time answers exactly the deprecated ${pair.list}'s rows for ${pair.personas.join(', ')}, and counts them`, async () => {
      for (const who of pair.personas) {
        const old = ((await data(who, `{ ${pair.list}${pair.args ? `(${pair.args})` : ''} { id } }`))[pair.list] as { id: string }[]).map((r) => r.id);
        const walked = await walk(who, connection, pair.args, {});
        expect([...walked.ids].sort(), who).toEqual([...old].sort());
        expect(walked.totalCounts, who).toEqual([old.length]);
        expect(walked.pages, who).toBe(Math.max(1, Math.ceil(old.length / 2)));
        if (pair === pairs.find((p) => p.list === pair.list)) {
          const count = expected[pair.list]?.[who];
          if (count !== undefined) expect(old.length, `${who} sees ${pair.list}`).toBe(count);
        }
      }
    });
  }

  it('refuses nhiChiefChangesConnection outside the regime, as nhiChiefChanges is (TN-5.1)', async () => {
    const res = await stack.as('khIt')('{ nhiChiefChangesConnection(first: 2) { totalCount } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses with BAD_USER_INPUT a cursor that no list made, or one that is not an instant and an id', async () => {
    const notJson = 'bm90LWEtY3Vyc29y';
    const wrongKey = Buffer.from(JSON.stringify(['yesterday', 'not-an-id'])).toString('base64url');
    const asWho: Record<string, PersonKey> = { nhi: 'chief', kh: 'khIt' };
    for (const list of new Set(pairs.map((p) => p.list))) {
      for (const after of [notJson, wrongKey]) {
        const res = await stack.as(asWho[list.slice(0, list.startsWith('nhi') ? 3 : 2)]!)(`query($after: String) { ${list}Connection(first: 2, after: $after) { totalCount } }`, { after });
        expect(res.errors?.[0]?.extensions?.code, `${list} ${after}`).toBe('BAD_USER_INPUT');
      }
    }
  });
});
