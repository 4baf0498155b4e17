import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { truncateAll } from '@webir/db/testing';
import { burst, expectOneWinner, onPostgres } from '../helpers/concurrency.ts';
import { seedFixture } from '../helpers/fixture.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * under competing requests through the gateway. PostgreSQL only: PGlite has one
 * connection, so requests never overlap there.
 */
const clock = new Date('2027-06-01T10:00:00+08:00');
let stack: TestStack;
beforeAll(async () => {
  if (onPostgres) stack = await startTestStack({ now: () => clock });
});
afterAll(() => stack?.stop());
beforeEach(async () => {
  if (!onPostgres) return;
  await truncateAll(stack.database);
  stack.fixture = await seedFixture(stack.database, stack.cipher);
});

const N = 10;
const { applications, purges, offboardings, people } = tables;
const PURGE = `mutation { purgeExpiredRecords(dryRun: false) { records { kind id } } }`;
const OFFBOARD = `mutation($input: OffboardPersonInput!) { offboardPerson(input: $input) { id status } }`;

/** A decided Tainan form whose one-year retention (TN-5.4) ended on `retainUntil`. */
async function decidedForm(retainUntil: string): Promise<string> {
  const [row] = await stack.database.db
    .insert(applications)
    .values({
      number: `F2-TEST-${Math.random().toString(16).slice(2, 10)}`,
      form: 'USER',
      kind: 'CHANGE',
      agencyId: stack.fixture.agency.social,
      applicantId: stack.fixture.person.user,
      section: '社會救助科',
      phone: '06-2991111',
      email: 'user@mail.tainan.gov.tw',
      myegovAccount: stack.fixture.account.user,
      itemChanges: [{ item: '03', action: 'ADD' }],
      reason: '辦理社會救助低收入戶資格審查',
      privacyAcknowledged: true,
      appliedOn: '2026-01-05',
      status: 'REJECTED',
      decidedAt: new Date('2026-01-06T10:00:00+08:00'),
      retainUntil,
      createdById: stack.fixture.person.user,
      createdAt: new Date('2026-01-05T10:00:00+08:00'),
    })
    .returning();
  return row!.id;
}

describe.skipIf(!onPostgres)('X-1 and X-4 under concurrent requests (PostgreSQL only: PGlite serialises every statement)', () => {
  it(`X-4 ${N} purges at once: each expired record removed and logged once`, async () => {
    const ids = await Promise.all(['2027-01-06', '2027-02-01', '2027-03-01'].map(decidedForm));
    const answers = await burst(N, () => stack.as('chief')(PURGE));
    for (const a of answers) expect(a.errors, JSON.stringify(a.errors)).toBeUndefined();
    expect(answers.flatMap((a) => a.data!.purgeExpiredRecords.records.map((r: { id: string }) => r.id)).sort()).toEqual([...ids].sort());
    expect((await stack.database.db.select({ n: count() }).from(purges))[0]!.n).toBe(3);
    expect((await stack.database.db.select({ n: count() }).from(applications))[0]!.n).toBe(0);
  });

  it('X-4 a record whose retention day is moved on while the purge runs is kept: the purge re-checks the day on the row it removes', async () => {
    const id = await decidedForm('2027-01-06');
    let updated!: () => void;
    const isUpdated = new Promise<void>((r) => (updated = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    // Another transaction extends the form's retention (as a reopened case would) and has not committed yet.
    const extending = stack.database.db.transaction(async (tx) => {
      await tx.update(applications).set({ retainUntil: '2099-12-31' }).where(eq(applications.id, id));
      updated();
      await released;
    });
    await isUpdated;
    const purging = stack.as('chief')(PURGE);
    await new Promise((r) => setTimeout(r, 1500)); // the purge reaches the locked row and waits
    release();
    await extending;
    const answer = await purging;
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    expect(answer.data!.purgeExpiredRecords.records).toEqual([]);
    const [kept] = await stack.database.db.select().from(applications).where(eq(applications.id, id));
    expect(kept!.retainUntil).toBe('2099-12-31');
    expect((await stack.database.db.select({ n: count() }).from(purges))[0]!.n).toBe(0);
  });

  it(`X-1 ${N} different changes of employment of one person at once: one recorded and carried out, the others CONFLICT`, async () => {
    const personId = stack.fixture.person.user;
    const kinds = ['RESIGNED', 'RETIRED', 'REASSIGNED'];
    const answers = await burst(N, (i) => stack.as('socialAdmin')(OFFBOARD, { input: { personId, kind: kinds[i % 3], effectiveOn: `2027-05-${String(10 + i).padStart(2, '0')}`, reason: '人事異動' } }));
    expectOneWinner(answers, ['CONFLICT']);
    expect((await stack.database.db.select({ n: count() }).from(offboardings).where(eq(offboardings.personId, personId)))[0]!.n).toBe(1);
    const [person] = await stack.database.db.select().from(people).where(eq(people.id, personId));
    expect(person!.employmentStatus).not.toBe('ACTIVE');
  });
});
