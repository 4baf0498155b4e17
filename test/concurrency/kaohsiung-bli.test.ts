import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { truncateAll } from '@webir/db/testing';
import { burst, expectOneWinner, onPostgres } from '../helpers/concurrency.ts';
import { seedFixture } from '../helpers/fixture.ts';
import {
  agencyHolds,
  APPROVE_AGENCY,
  APPROVE_REGISTRATION,
  BLI_DECISION,
  BLI_LETTER,
  CITY_ITEMS,
  Clock,
  DELETE_ACCOUNT,
  FILE,
  FILE_REGISTRATION,
  fileAndSign,
  itemsForm,
  makeQuerier,
  ok,
  querierForm,
  registrationInput,
  review,
  SETUP,
  SIGN,
} from '../helpers/kaohsiung.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Kaohsiung's "only one" and "only while" rules under competing requests, each sent at least ten times
 * at once through the gateway. PostgreSQL only: PGlite has one connection, so requests never overlap.
 * (The set-up is khStack's, started only on PostgreSQL.)
 */
const clock = new Clock();
let stack: TestStack;
beforeAll(async () => {
  if (onPostgres) stack = await startTestStack({ now: clock.now });
});
afterAll(() => stack?.stop());
beforeEach(async () => {
  if (!onPostgres) return;
  clock.set('2026-04-10');
  await truncateAll(stack.database);
  stack.fixture = await seedFixture(stack.database, stack.cipher);
  await stack.database.db.update(tables.people).set({ supervisorId: stack.fixture.person.khSupervisor }).where(eq(tables.people.id, stack.fixture.person.khAdmin));
  ok(await stack.as('khLabour')(APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency.khSocial, legalBasis: '社會救助法第5條之3' } }));
  ok(await stack.as('khIt')(BLI_DECISION, { input: { items: CITY_ITEMS, action: 'ADD', reference: BLI_LETTER, legalBasis: '勞工保險條例' } }));
});

const N = 10;
const { permissions, khAccounts, khFormSignoffs, khRequestingAgencies, khRegistrations, khUsageChecks } = tables;
const n = async (query: Promise<{ n: number }[]>) => (await query)[0]!.n;

describe.skipIf(!onPostgres)('Kaohsiung BLI rules under concurrent requests (PostgreSQL only: PGlite serialises every statement)', () => {
  it(`KH-5.2 a querier set up ${N} times at once while the agency's item is withdrawn: set up at most once, and never holding an item the agency no longer holds`, async () => {
    await agencyHolds(stack, ['C0101', 'C0201']);
    const querier = await fileAndSign(stack, 'khNewcomer', querierForm(stack, { itemChanges: [{ item: 'C0201', action: 'ADD' }] }));
    const withdrawal = await fileAndSign(stack, 'khAdmin', itemsForm(stack, [{ item: 'C0201', action: 'DELETE' }]));
    await review(stack, withdrawal, 'APPROVED', ['C0201']);
    const setUp = { note: '帳號已設定', items: [{ item: 'C0201', decision: 'APPROVED' }] };
    const [withdrawn, ...answers] = await Promise.all([
      stack.as('khIt')(SETUP, { id: withdrawal, input: { note: '已完成設定' } }),
      ...Array.from({ length: N }, () => stack.as('khAdmin')(SETUP, { id: querier, input: setUp })),
    ]);
    expect(withdrawn!.errors).toBeUndefined();
    expect(answers.filter((a) => !a.errors).length).toBeLessThanOrEqual(1);
    for (const a of answers.filter((a) => a.errors)) expect(['CONFLICT', 'RULE_VIOLATION'], JSON.stringify(a.errors)).toContain(a.errors![0]!.extensions!.code);
    for (const a of answers) expect(a.status).toBe(200);
    const held = await n(
      stack.database.db
        .select({ n: count() })
        .from(permissions)
        .where(and(eq(permissions.regimeCode, 'KH_BLI'), eq(permissions.agencyId, stack.fixture.agency.khSocial), eq(permissions.serviceItemId, 'KH_BLI:C0201'), eq(permissions.status, 'ACTIVE'))),
    );
    expect(held).toBe(0);
  });

  it(`KH-4.3 a querier account set up ${N} times at once: one account, one grant`, async () => {
    await agencyHolds(stack, ['C0101']);
    const querier = await fileAndSign(stack, 'khNewcomer', querierForm(stack));
    const answers = await burst(N, () => stack.as('khAdmin')(SETUP, { id: querier, input: { note: '帳號已設定', items: [{ item: 'C0101', decision: 'APPROVED' }] } }));
    expectOneWinner(answers, ['CONFLICT']);
    expect(await n(stack.database.db.select({ n: count() }).from(khAccounts).where(and(eq(khAccounts.personId, stack.fixture.person.khNewcomer), eq(khAccounts.status, 'ACTIVE'))))).toBe(1);
  });

  it(`KH-4.4 a querier account deleted ${N} times at once: deleted once`, async () => {
    await makeQuerier(stack, 'khNewcomer', ['C0101']);
    const input = { personId: stack.fixture.person.khNewcomer, agencyId: stack.fixture.agency.khSocial, kind: 'QUERIER', reason: '職務調整' };
    const answers = await burst(N, () => stack.as('khAdmin')(DELETE_ACCOUNT, { input }));
    expectOneWinner(answers, ['NOT_FOUND']);
    expect(await n(stack.database.db.select({ n: count() }).from(khAccounts).where(and(eq(khAccounts.personId, stack.fixture.person.khNewcomer), eq(khAccounts.status, 'DELETED'))))).toBe(1);
  });

  it('KH-4.3 the same sign-off sent 20 times at once: signed once, the others refused by KH-4.3', async () => {
    const id = ok(await stack.as('khNewcomer')(FILE, { input: querierForm(stack) })).fileKhForm.id;
    const answers = await burst(20, () => stack.as('khNewcomer')(SIGN, { id, role: 'APPLICANT' }));
    expectOneWinner(answers, ['RULE_VIOLATION']);
    for (const a of answers.filter((a) => a.errors)) expect(a.errors![0]!.extensions!.rule).toBe('KH-4.3');
    expect(await n(stack.database.db.select({ n: count() }).from(khFormSignoffs).where(eq(khFormSignoffs.applicationId, id)))).toBe(1);
  });

  it(`KH-2.1 one agency approved as a requesting agency ${N} times at once: approved once`, async () => {
    const agencyId = stack.fixture.agency.khCivil;
    const answers = await burst(N, () => stack.as('khLabour')(APPROVE_AGENCY, { input: { agencyId, legalBasis: '社會救助法第5條之3' } }));
    expectOneWinner(answers, ['CONFLICT']);
    expect(await n(stack.database.db.select({ n: count() }).from(khRequestingAgencies).where(eq(khRequestingAgencies.agencyId, agencyId)))).toBe(1);
  });

  it(`KH-3.5 a registration approved ${N} times at once: decided once`, async () => {
    await makeQuerier(stack, 'khNewcomer', ['C0101']);
    const id = ok(await stack.as('khNewcomer')(FILE_REGISTRATION, { input: registrationInput() })).fileKhRegistration.id;
    expectOneWinner(await burst(N, () => stack.as('khSupervisor')(APPROVE_REGISTRATION, { id })), ['CONFLICT']);
    const [row] = await stack.database.db.select().from(khRegistrations).where(eq(khRegistrations.id, id));
    expect(row!.status).toBe('APPROVED');
  });

  it(`KH-3.4 one quarter's usage check recorded ${N} times at once: recorded once`, async () => {
    const RECORD = `mutation($input: KhUsageCheckInput!) { recordKhUsageCheck(input: $input) { id } }`;
    const input = { agencyId: stack.fixture.agency.khSocial, quarter: '2026-Q1', summary: '檢查第一季使用紀錄 0 筆，無異常', sentToBureauOn: '2026-04-10' };
    expectOneWinner(await burst(N, () => stack.as('khAdmin')(RECORD, { input })), ['CONFLICT']);
    expect(await n(stack.database.db.select({ n: count() }).from(khUsageChecks))).toBe(1);
  });
});
