import { describe, expect, it } from 'vitest';
import { and, count, eq, inArray } from 'drizzle-orm';
import { tables } from '@webir/db';
import { burst, expectOneWinner, onPostgres } from '../helpers/concurrency.ts';
import { APPLY_LINE, approvedUnit, completeApplication, CREATE, line, nwStack, registerItUnit } from '../helpers/nhi-network.ts';

/**
 * The NHI network's "only one" and "only while" rules under competing requests, each sent at least ten
 * times at once through the gateway. PostgreSQL only: PGlite has one connection, so requests never
 * overlap there. (The clock is nwStack's: TODAY.)
 */
const stack = nwStack();
const N = 10;
const { nwLines, nwApplications } = tables;
const INSPECT = `mutation($input: NetworkInspectionInput!) { recordNetworkInspection(input: $input) { sanction { kind } } }`;

describe.skipIf(!onPostgres)('NHI network rules under concurrent requests (PostgreSQL only: PGlite serialises every statement)', () => {
  it(`NW-6.2 ${N} line applications of one IT service unit at once: one line, the others refused by NW-6.2`, async () => {
    const { unitId } = await approvedUnit(stack);
    const answers = await burst(N, () => stack.by('acmeContact')(APPLY_LINE, { input: line(unitId) }));
    expectOneWinner(answers, ['RULE_VIOLATION']);
    for (const a of answers.filter((a) => a.errors)) expect(a.errors![0]!.extensions!.rule).toBe('NW-6.2');
    expect((await stack.database.db.select({ n: count() }).from(nwLines).where(eq(nwLines.unitId, unitId)))[0]!.n).toBe(1);
  });

  it(`NW-5.1 ${N} applications started for one unit at once: one application under way, the others CONFLICT`, async () => {
    const unitId = await registerItUnit(stack);
    const answers = await burst(N, () => stack.by('acmeContact')(CREATE, { unitId, input: completeApplication(stack) }));
    expectOneWinner(answers, ['CONFLICT']);
    expect((await stack.database.db.select({ n: count() }).from(nwApplications).where(eq(nwApplications.unitId, unitId)))[0]!.n).toBe(1);
  });

  it(`NW-8.4 an inspection's disconnection and ${N} line applications at once: no line of the unit stays open`, async () => {
    const { unitId } = await approvedUnit(stack);
    const [inspected, ...answers] = await Promise.all([
      stack.by('reviewer')(INSPECT, { input: { unitId, inspectedOn: '2026-03-01', findings: [{ kind: 'INTERNET_BRIDGE', description: '院所端網路橋接至網際網路' }] } }),
      ...Array.from({ length: N }, () => stack.by('acmeContact')(APPLY_LINE, { input: line(unitId) })),
    ]);
    expect(inspected!.errors, JSON.stringify(inspected!.errors)).toBeUndefined();
    expect(answers.filter((a) => !a.errors).length).toBeLessThanOrEqual(1);
    for (const a of answers) expect(a.status).toBe(200);
    for (const a of answers.filter((a) => a.errors)) expect(['RULE_VIOLATION', 'CONFLICT'], JSON.stringify(a.errors)).toContain(a.errors![0]!.extensions!.code);
    const open = await stack.database.db.select({ n: count() }).from(nwLines).where(and(eq(nwLines.unitId, unitId), inArray(nwLines.status, ['APPLIED', 'ACTIVE'])));
    expect(open[0]!.n).toBe(0);
  });
});
