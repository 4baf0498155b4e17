import { describe, expect, it } from 'vitest';
import { tables } from '@webir/db';
import { makeBusinessNumber } from '@webir/kit';
import { clientList, nwStack, ok, type NwStack } from '../helpers/nhi-network.ts';

const stack = nwStack();
const at = new Date('2026-01-05T09:00:00+08:00');

/** `n` IT service units, each with an application of 6 clients, a line, a violation and its suspension. */
async function bulkUnits(s: NwStack, n: number): Promise<void> {
  const { db } = s.database;
  const people = s.nw.person;
  const units = await db
    .insert(tables.nwUnits)
    .values(
      Array.from({ length: n }, (_, i) => ({
        kind: 'IT_SERVICE_UNIT',
        name: `測試資訊${i}有限公司`,
        businessNumber: makeBusinessNumber(2_000_000 + i),
        ownerId: people.acmeOwner,
        contactId: people.acmeContact,
        createdById: people.acmeContact,
        createdAt: new Date(at.getTime() + i * 1000),
      })),
    )
    .returning();
  const applications = await db
    .insert(tables.nwApplications)
    .values(units.map((u, i) => ({ number: `NW-BULK-${i}`, unitId: u.id, status: 'APPROVED', companyName: u.name, registration: { name: u.name, address: '臺北市', businessItems: [{ code: 'I301010', name: '資訊軟體服務業' }], printedOn: null, stamped: true }, createdById: people.acmeContact, createdAt: at })))
    .returning();
  await db.insert(tables.nwClients).values(applications.flatMap((a) => clientList(2, 4).map((c, i) => ({ ...c, position: i + 1, applicationId: a.id }))));
  const lines = await db
    .insert(tables.nwLines)
    .values(units.map((u) => ({ unitId: u.id, provider: '中華電信', connection: 'FIXED_BROADBAND', speed: '100M', installationAddress: '臺北市', status: 'SUSPENDED', appliedOn: '2026-01-10', createdById: people.acmeContact, createdAt: at })))
    .returning();
  const violations = await db
    .insert(tables.nwViolations)
    .values(units.map((u) => ({ unitId: u.id, kind: 'COMMERCIAL_ACTIVITY', source: 'REPORT', reporterName: '某人', description: '推銷商業軟體', occurredOn: '2026-01-20', status: 'SANCTIONED', recordedById: people.reviewer, recordedAt: at })))
    .returning();
  await db
    .insert(tables.nwSanctions)
    .values(units.map((u, i) => ({ unitId: u.id, violationId: violations[i]!.id, lineId: lines[i]!.id, kind: 'SUSPENSION', rule: 'NW-8.2', fromOn: '2026-02-01', untilOn: '2028-02-01', decidedById: people.reviewer, decidedAt: at })));
}

// Within the gateway's cost limit (every nested list counts 10): what a reviewer's overview shows.
const PAGE = `query($first: Int) { nhiNetworkUnits(first: $first) { totalCount edges { node {
  name status sanctionedUntil owner { name } contact { name }
  applications { status clientCount eligibility { eligible passedBy } }
  lines { status }
  violations { status sanction { kind } }
  sanctions { until }
} } } }`;

async function statementsFor(first: number) {
  const before = stack.database.statements.count;
  const data = ok(await stack.by('reviewer')(PAGE, { first }));
  return { statements: stack.database.statements.count - before, edges: data.nhiNetworkUnits.edges };
}

describe('batched loading of the NHI network’s lists', () => {
  it('NW-4.2 a page of 500 units with applications, client lists, eligibility, lines, violations and sanctions costs a bounded number of statements', async () => {
    await bulkUnits(stack, 520);
    const small = await statementsFor(10);
    const large = await statementsFor(500);
    expect(large.edges).toHaveLength(500);
    const node = large.edges[499].node;
    expect(node).toEqual({
      name: '測試資訊499有限公司',
      status: 'SUSPENDED',
      sanctionedUntil: '2028-02-01',
      owner: { name: '簡負責' },
      contact: { name: '羅聯絡' },
      applications: [{ status: 'APPROVED', clientCount: 6, eligibility: { eligible: false, passedBy: null } }],
      lines: [{ status: 'SUSPENDED' }],
      violations: [{ status: 'SANCTIONED', sanction: { kind: 'SUSPENSION' } }],
      sanctions: [{ until: '2028-02-01' }],
    });
    // caller and permissions (twice: each subgraph), scope, page, count, one statement per loader
    // (applications, clients, lines, violations, sanctions, sanctions by violation) and core's people.
    expect(large.statements).toBeLessThanOrEqual(16);
    expect(large.statements).toBe(small.statements);
  });
});
