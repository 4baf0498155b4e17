import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import type { RegimeParticipant } from '@webir/db/regime';
import { truncateAll } from '@webir/db/testing';
import { makeNationalId } from '@webir/kit';
import { runScheduledJobs } from '@webir/subgraph-compliance';
import { participants } from '@webir/stack';
import { codes } from '../helpers/client.ts';
import { secondToKaohsiung } from '../helpers/compliance.ts';
import { seedFixture } from '../helpers/fixture.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { enrol } from '../helpers/tainan.ts';

// X-1 through the gateway, with a clock the test moves.
let clock = new Date('2026-03-02T09:00:00+08:00');
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ now: () => clock });
});
afterAll(() => stack?.stop());
beforeEach(async () => {
  clock = new Date('2026-03-02T09:00:00+08:00');
  await truncateAll(stack.database);
  stack.fixture = await seedFixture(stack.database, stack.cipher);
  await enrol(stack, stack.fixture.agency.social);
});

const OFFBOARD = `mutation($input: OffboardPersonInput!) { offboardPerson(input: $input) { id kind effectiveOn reason status doneAt person { name employmentStatus } recordedBy { name } ended { regime kind label } } }`;
const RUN_DUE = `mutation($on: Date) { runDueOffboardings(on: $on) { id status person { name } } }`;
const OFFBOARDINGS = `query($personId: ID) { offboardings(filter: { personId: $personId }) { id status kind } }`;
const { permissions, offboardings, people, queryRequests, purgeRuns } = tables;

const held = async (personId: string) =>
  (await stack.database.db.select().from(permissions).where(and(eq(permissions.personId, personId), eq(permissions.status, 'ACTIVE')))).map((p) => `${p.regimeCode} ${p.role} ${p.serviceItemId ?? ''}`.trim()).sort();
const ledgerOf = (personId: string) => stack.database.db.select().from(permissions).where(eq(permissions.personId, personId)).orderBy(permissions.id);

async function fileRequest(): Promise<string> {
  const res = await stack.as('user')(`mutation($input: NhiQueryRequestInput!) { fileNhiQueryRequest(input: $input) { id number } }`, {
    input: { subjectName: '個案', subjectNationalId: makeNationalId('D', 2, 123_321), items: ['01'], purpose: '資格複查', legalBasis: '社會救助法' },
  });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.fileNhiQueryRequest.id;
}

describe('X-1 offboarding', () => {
  it('X-1 a resignation ends every permission in every regime and closes open requests, in one step, with the reason and the date', async () => {
    await secondToKaohsiung(stack, clock);
    const requestId = await fileRequest();
    expect(await held(stack.fixture.person.user)).toEqual(['KH_BLI QUERIER KH_BLI:C0101', 'TN_NHI USER TN_NHI:01', 'TN_NHI USER TN_NHI:02']);

    const res = await stack.as('socialAdmin')(OFFBOARD, { input: { personId: stack.fixture.person.user, kind: 'RESIGNED', effectiveOn: '2026-03-01', reason: '自請辭職' } });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const done = res.data!.offboardPerson;
    expect(done).toMatchObject({ kind: 'RESIGNED', effectiveOn: '2026-03-01', status: 'DONE', person: { name: '陳使用', employmentStatus: 'RESIGNED' }, recordedBy: { name: '林社管' } });
    expect(done.ended.filter((e: { kind: string }) => e.kind === 'PERMISSION').map((e: { regime: string; label: string }) => `${e.regime} ${e.label}`).sort()).toEqual([
      'KH_BLI QUERIER C0101',
      'TN_NHI USER 01',
      'TN_NHI USER 02',
    ]);
    expect(done.ended.some((e: { kind: string; regime: string }) => e.kind === 'QUERY_REQUEST' && e.regime === 'TN_NHI')).toBe(true);

    expect(await held(stack.fixture.person.user)).toEqual([]);
    for (const p of await ledgerOf(stack.fixture.person.user)) {
      expect(p.revokeReason).toMatch(/^X-1.*2026-03-01.*自請辭職$/);
      expect(p.revokedById).toBe(stack.fixture.person.socialAdmin);
    }
    const [request] = await stack.database.db.select().from(queryRequests).where(eq(queryRequests.id, requestId));
    expect(request!.status).toBe('CLOSED');
    // Someone who has left cannot sign in to act any more.
    const after = await stack.as('user')(`{ me { name } }`);
    expect(codes(after)).toEqual(['FORBIDDEN']);
  });

  it('X-1 recording the same change twice changes nothing', async () => {
    const input = { personId: stack.fixture.person.user, kind: 'RETIRED', effectiveOn: '2026-03-02', reason: '屆齡退休' };
    const first = await stack.as('socialAdmin')(OFFBOARD, { input });
    const ledger = await ledgerOf(stack.fixture.person.user);
    const second = await stack.as('chief')(OFFBOARD, { input });
    expect(second.errors).toBeUndefined();
    expect(second.data!.offboardPerson.id).toBe(first.data!.offboardPerson.id);
    expect(second.data!.offboardPerson.recordedBy.name).toBe('林社管');
    expect(await ledgerOf(stack.fixture.person.user)).toEqual(ledger);
    const list = await stack.as('chief')(OFFBOARDINGS, { personId: stack.fixture.person.user });
    expect(list.data!.offboardings).toHaveLength(1);
  });

  it('X-1 a change of duties dated later waits for its day, then the daily run carries it out', async () => {
    const res = await stack.as('socialAdmin')(OFFBOARD, { input: { personId: stack.fixture.person.colleague, kind: 'REASSIGNED', effectiveOn: '2026-03-16', reason: '調任民政局' } });
    expect(res.data!.offboardPerson).toMatchObject({ status: 'SCHEDULED', doneAt: null, person: { employmentStatus: 'ACTIVE' } });
    expect(await held(stack.fixture.person.colleague)).toEqual(['TN_NHI USER TN_NHI:05']);

    expect((await stack.as('socialAdmin')(RUN_DUE, {})).data!.runDueOffboardings).toEqual([]);
    clock = new Date('2026-03-16T08:00:00+08:00');
    const run = await stack.as('socialAdmin')(RUN_DUE, {});
    expect(run.data!.runDueOffboardings).toEqual([{ id: res.data!.offboardPerson.id, status: 'DONE', person: { name: '黃同事' } }]);
    expect(await held(stack.fixture.person.colleague)).toEqual([]);
    const [person] = await stack.database.db.select().from(people).where(eq(people.id, stack.fixture.person.colleague));
    expect(person).toMatchObject({ employmentStatus: 'REASSIGNED', employmentStatusEffectiveOn: '2026-03-16' });
    // Again: nothing left to do.
    expect((await stack.as('socialAdmin')(RUN_DUE, {})).data!.runDueOffboardings).toEqual([]);
  });

  it('X-1 the scheduled job carries out a change on its day without anyone asking', async () => {
    await stack.as('socialAdmin')(OFFBOARD, { input: { personId: stack.fixture.person.colleague, kind: 'RESIGNED', effectiveOn: '2026-03-10', reason: '離職' } });
    expect(await runScheduledJobs(stack.database.db, participants, { now: clock, trigger: 'SCHEDULE' })).toEqual({ offboardingsDone: 0, purged: 0, offboardingsFailed: [] });
    clock = new Date('2026-03-10T00:30:00+08:00');
    expect(await runScheduledJobs(stack.database.db, participants, { now: clock, trigger: 'SCHEDULE' })).toEqual({ offboardingsDone: 1, purged: 0, offboardingsFailed: [] });
    const list = await stack.as('socialAdmin')(OFFBOARDINGS, { personId: stack.fixture.person.colleague });
    expect(list.data!.offboardings).toEqual([expect.objectContaining({ status: 'DONE', kind: 'RESIGNED' })]);
    const [revoked] = await ledgerOf(stack.fixture.person.colleague);
    // Carried out by the job, not by a person.
    expect(revoked).toMatchObject({ status: 'REVOKED', revokedById: null });
  });

  it('X-1 X-4 the scheduled run: a change of employment that fails is reported and stays scheduled; the other changes and the purge still run', async () => {
    // Recorded first, so carried out first: the colleague's change, which one regime's part refuses.
    const failing = await stack.as('socialAdmin')(OFFBOARD, { input: { personId: stack.fixture.person.colleague, kind: 'RESIGNED', effectiveOn: '2026-03-10', reason: '離職' } });
    const following = await stack.as('socialAdmin')(OFFBOARD, { input: { personId: stack.fixture.person.user, kind: 'RETIRED', effectiveOn: '2026-03-10', reason: '屆齡退休' } });
    const failingId = failing.data!.offboardPerson.id as string;
    const followingId = following.data!.offboardPerson.id as string;
    const refusing: RegimeParticipant = {
      regime: 'REFUSING',
      offboardTiming: 'ON_DATE',
      offboard: async (_tx, change) => {
        if (change.personId === stack.fixture.person.colleague) throw new Error('the regime’s system refused the change');
        return [];
      },
      calendar: async () => [],
      findings: async () => [],
    };
    clock = new Date('2026-03-10T00:30:00+08:00');
    const report = await runScheduledJobs(stack.database.db, [...participants, refusing], { now: clock, trigger: 'SCHEDULE' });
    expect(report).toEqual({
      offboardingsDone: 1,
      purged: 0,
      offboardingsFailed: [{ offboardingId: failingId, personId: stack.fixture.person.colleague, effectiveOn: '2026-03-10', message: 'the regime’s system refused the change' }],
    });
    // The one after it was carried out.
    const status = async (id: string) => (await stack.database.db.select().from(offboardings).where(eq(offboardings.id, id)))[0]!.status;
    expect(await status(followingId)).toBe('DONE');
    expect(await held(stack.fixture.person.user)).toEqual([]);
    // The failed one was rolled back whole: still scheduled, the person active, the grant held.
    expect(await status(failingId)).toBe('SCHEDULED');
    expect(await held(stack.fixture.person.colleague)).toEqual(['TN_NHI USER TN_NHI:05']);
    const [colleague] = await stack.database.db.select().from(people).where(eq(people.id, stack.fixture.person.colleague));
    expect(colleague!.employmentStatus).toBe('ACTIVE');
    // The purge ran after it, and logged its run.
    expect((await stack.database.db.select().from(purgeRuns)).map((r) => `${r.trigger} ${r.today} ${r.removed}`)).toEqual(['SCHEDULE 2026-03-10 0']);

    // The next run, the regime's part working again, carries it out.
    expect(await runScheduledJobs(stack.database.db, participants, { now: clock, trigger: 'SCHEDULE' })).toEqual({ offboardingsDone: 1, purged: 0, offboardingsFailed: [] });
    expect(await status(failingId)).toBe('DONE');
    expect(await held(stack.fixture.person.colleague)).toEqual([]);
  });

  it('X-1 refuses bad input, callers without the right and a second different change, and writes nothing', async () => {
    const person = stack.fixture.person.user;
    const before = await ledgerOf(person);
    const refused = async (as: Parameters<TestStack['as']>[0], input: Record<string, unknown>, code: string, field?: string) => {
      const res = await stack.as(as)(OFFBOARD, { input: { personId: person, kind: 'RESIGNED', effectiveOn: '2026-03-02', reason: '離職', ...input } });
      expect(codes(res), JSON.stringify(res.errors)).toEqual([code]);
      if (field) expect(res.errors![0]!.extensions!.violations.map((v: { field: string }) => v.field)).toContain(field);
    };
    await refused('socialAdmin', { reason: '  ' }, 'BAD_USER_INPUT', 'input.reason');
    await refused('socialAdmin', { personId: 'nobody' }, 'BAD_USER_INPUT', 'input.personId');
    await refused('socialAdmin', { effectiveOn: '2027-06-01' }, 'BAD_USER_INPUT', 'input.effectiveOn');
    await refused('socialAdmin', { effectiveOn: '2026-02-30' }, 'BAD_USER_INPUT');
    await refused('districtAdmin', {}, 'NOT_FOUND');
    await refused('supervisor', {}, 'FORBIDDEN');
    await refused('auditor', {}, 'FORBIDDEN');
    expect(await stack.database.db.select().from(offboardings)).toEqual([]);
    expect(await ledgerOf(person)).toEqual(before);

    // One change waits; a different one is refused until it is done, and after it the person has left.
    await stack.as('socialAdmin')(OFFBOARD, { input: { personId: person, kind: 'REASSIGNED', effectiveOn: '2026-04-01', reason: '調職' } });
    await refused('socialAdmin', { effectiveOn: '2026-03-20' }, 'CONFLICT');
    clock = new Date('2026-04-01T09:00:00+08:00');
    await stack.as('socialAdmin')(RUN_DUE, {});
    await refused('socialAdmin', { kind: 'RETIRED', effectiveOn: '2026-04-01' }, 'CONFLICT');
    expect(await stack.database.db.select().from(offboardings)).toHaveLength(1);

    expect(codes(await stack.as('socialAdmin')(RUN_DUE, { on: '2026-04-02' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await stack.as('user')(RUN_DUE, {}))).toEqual(['FORBIDDEN']);
  });

  it('X-1 finds a leaver who still holds a permission (recorded outside the graph) and lists it among the findings', async () => {
    await stack.database.db.update(people).set({ employmentStatus: 'RETIRED', employmentStatusEffectiveOn: '2026-02-28' }).where(eq(people.id, stack.fixture.person.colleague));
    const res = await stack.as('socialAdmin')(`{ complianceFindings(filter: { rule: "X-1" }) { totalCount high edges { node { rule kind severity since summary person { name } agency { name } } } } }`);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data!.complianceFindings).toMatchObject({ totalCount: 1, high: 1 });
    expect(res.data!.complianceFindings.edges[0].node).toMatchObject({ rule: 'X-1', kind: 'LEAVER_PERMISSION', severity: 'HIGH', since: '2026-02-28', person: { name: '黃同事' }, agency: { name: '臺南市政府社會局' } });
  });
});
