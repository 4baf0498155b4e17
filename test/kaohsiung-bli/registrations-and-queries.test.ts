import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { makeNationalId } from '@webir/kit';
import {
  APPROVE_REGISTRATION,
  approvedRegistration,
  AUTHORIZE,
  BLI_DECISION,
  expectBadInput,
  expectCode,
  expectRule,
  FILE_REGISTRATION,
  importUsage,
  khSnapshot,
  khStack,
  makeQuerier,
  masked,
  ok,
  OTHER_SUBJECT,
  QUERY_IP,
  registrationInput,
  REJECT_REGISTRATION,
  SUBJECT,
  USAGE,
} from '../helpers/kaohsiung.ts';

const stack = khStack();
const THIRD_SUBJECT = makeNationalId('E', 1, 770_003);

const authorize = (registrationId: string, item = 'C0101', ipAddress = QUERY_IP, who: Parameters<typeof stack.as>[0] = 'khNewcomer') =>
  stack.as(who)(AUTHORIZE, { input: { registrationId, item, ipAddress } });
const later = (minutes = 1) => new Date(stack.now().getTime() + minutes * 60_000);
const findings = async () => {
  const list = ok(await stack.as('khIt')(USAGE, {})).khUsageRecords.edges as { node: { line: number; finding: string } }[];
  return Object.fromEntries(list.map((e) => [e.node.line, e.node.finding]));
};

describe('KH-3.5 every query needs a registration (查調資料登記表) approved by the supervisor before it', () => {
  it('KH-3.5 a querier holding the item files a registration with every field of 附表一; the subject is masked', async () => {
    await makeQuerier(stack);
    const filed = ok(await stack.as('khNewcomer')(FILE_REGISTRATION, { input: registrationInput() })).fileKhRegistration;
    expect(filed).toMatchObject({
      status: 'PENDING',
      category: 'C0101',
      subjectName: '王小明',
      subjectIdMasked: masked(SUBJECT),
      legalBasis: '社會救助法第5條之3',
      requester: { name: '葉新進' },
      agency: { name: '高雄市政府社會局' },
      approver: null,
    });
    expect(filed.number).toMatch(/^R1-\d{8}-[0-9A-F]{6}$/);
    expect(filed.reason).toMatch(/社會救助法/);
    expect(filed.dutyRelation).toMatch(/低收入戶/);
    expect(filed.retainUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('KH-3.5 approved by the querier’s supervisor only: never the querier, nor the administrator, nor the regime’s bodies', async () => {
    await makeQuerier(stack);
    const { id } = ok(await stack.as('khNewcomer')(FILE_REGISTRATION, { input: registrationInput() })).fileKhRegistration;
    const before = await khSnapshot(stack);
    for (const who of ['khNewcomer', 'khAdmin'] as const) expectRule(await stack.as(who)(APPROVE_REGISTRATION, { id }), 'KH-3.5');
    // The head and a colleague do not even see it (KH-7).
    for (const who of ['khHead', 'khQuerier'] as const) expectCode(await stack.as(who)(APPROVE_REGISTRATION, { id }), 'NOT_FOUND');
    for (const who of ['khIt', 'khLabour'] as const) expectRule(await stack.as(who)(APPROVE_REGISTRATION, { id }), 'KH-3.5');
    expect(await khSnapshot(stack)).toEqual(before);
    const approved = ok(await stack.as('khSupervisor')(APPROVE_REGISTRATION, { id })).approveKhRegistration;
    expect(approved).toMatchObject({ status: 'APPROVED', approver: { name: '郭科長' } });
    expect(approved.decidedAt).toEqual(expect.any(String));
  });

  it('KH-3.5 refuses the query before the registration is approved, and after it is rejected; nothing is written', async () => {
    await makeQuerier(stack);
    const { id } = ok(await stack.as('khNewcomer')(FILE_REGISTRATION, { input: registrationInput() })).fileKhRegistration;
    const before = await khSnapshot(stack);
    expectRule(await authorize(id), 'KH-3.5');
    expect(await khSnapshot(stack)).toEqual(before);
    expectBadInput(await stack.as('khSupervisor')(REJECT_REGISTRATION, { id, note: ' ' }), ['note']);
    const rejected = ok(await stack.as('khSupervisor')(REJECT_REGISTRATION, { id, note: '查調事由未釋明與業務之關聯' })).rejectKhRegistration;
    expect(rejected).toMatchObject({ status: 'REJECTED', decisionNote: '查調事由未釋明與業務之關聯' });
    const afterReject = await khSnapshot(stack);
    expectRule(await authorize(id), 'KH-3.5');
    expectCode(await stack.as('khSupervisor')(APPROVE_REGISTRATION, { id }), 'CONFLICT');
    expect(await khSnapshot(stack)).toEqual(afterReject);
  });

  it('KH-3.5 refuses a registration without the reason, legal basis or link to the duty, or with a bad identifier, naming each field', async () => {
    await makeQuerier(stack);
    const before = await khSnapshot(stack);
    expectBadInput(await stack.as('khNewcomer')(FILE_REGISTRATION, { input: registrationInput({ reason: ' ', legalBasis: '', dutyRelation: ' ' }) }), ['input.reason', 'input.legalBasis', 'input.dutyRelation']);
    expectBadInput(await stack.as('khNewcomer')(FILE_REGISTRATION, { input: registrationInput({ subjectId: 'E123456780', subjectName: '' }) }), ['input.subjectId', 'input.subjectName']);
    expectBadInput(await stack.as('khNewcomer')(FILE_REGISTRATION, { input: registrationInput({ category: 'Z0101' }) }), ['input.category']);
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-3.5 only a querier holding the item files a registration for it', async () => {
    await makeQuerier(stack, 'khNewcomer', ['C0101']);
    const before = await khSnapshot(stack);
    expectRule(await stack.as('khNewcomer')(FILE_REGISTRATION, { input: registrationInput({ category: 'C0201' }) }), 'KH-5.2');
    expectRule(await stack.as('khHead')(FILE_REGISTRATION, { input: registrationInput() }), 'KH-5.2');
    expectRule(await stack.as('khClerk')(FILE_REGISTRATION, { input: registrationInput() }), 'KH-5.2');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-3.5 imported usage without a registration, or made before its approval, is a finding', async () => {
    await makeQuerier(stack);
    const filed = ok(await stack.as('khNewcomer')(FILE_REGISTRATION, { input: registrationInput() })).fileKhRegistration;
    const pendingQuery = later(1);
    const approved = await approvedRegistration(stack, 'khNewcomer', { subjectId: OTHER_SUBJECT });
    const res = ok(
      await importUsage(stack, 'khIt', [
        { at: later(2), account: 't.khnewcomer', item: 'C0101', subjectId: OTHER_SUBJECT, registration: approved.number },
        { at: pendingQuery, account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT, registration: filed.number },
        { at: later(3), account: 't.khnewcomer', item: 'C0101', subjectId: THIRD_SUBJECT },
        { at: '2020-01-02T09:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: OTHER_SUBJECT },
      ]),
    ).importKhUsage;
    expect(res).toMatchObject({ rows: 4, duplicates: 0, findings: 3 });
    expect(await findings()).toEqual({ 2: 'NONE', 3: 'BEFORE_APPROVAL', 4: 'NO_REQUEST', 5: 'BEFORE_APPROVAL' });
  });
});

describe('KH-5.2 the three levels: querier, agency, city; from the registered address', () => {
  it('KH-5.2 authorizes a query on an approved registration, for its category, held at all three levels, from the registered IP address', async () => {
    await makeQuerier(stack);
    const registration = await approvedRegistration(stack);
    const before = await khSnapshot(stack);
    const res = ok(await authorize(registration.id)).authorizeKhQuery;
    expect(res).toMatchObject({ item: 'C0101', ipAddress: QUERY_IP, registration: { number: registration.number, status: 'APPROVED' } });
    expect(res.authorizedAt).toEqual(expect.any(String));
    expect(await khSnapshot(stack)).toEqual(before); // the check writes nothing
  });

  it('KH-5.2 refuses a query from another address than the account’s registered one', async () => {
    await makeQuerier(stack);
    const registration = await approvedRegistration(stack);
    const before = await khSnapshot(stack);
    expectRule(await authorize(registration.id, 'C0101', '10.20.30.99'), 'KH-5.2');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-5.2 refuses an item other than the registration’s category, even one the querier holds', async () => {
    await makeQuerier(stack, 'khNewcomer', ['C0101', 'C0201']);
    const registration = await approvedRegistration(stack);
    const before = await khSnapshot(stack);
    expectRule(await authorize(registration.id, 'C0201'), 'KH-3.5');
    expectRule(await authorize(registration.id, 'B0101'), 'KH-3.5');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-5.2 refuses a query when the querier no longer holds the item', async () => {
    await makeQuerier(stack);
    const registration = await approvedRegistration(stack);
    const { db } = stack.database;
    await db
      .update(tables.permissions)
      .set({ status: 'REVOKED', revokedAt: stack.now(), revokeReason: 'test: item taken away' })
      .where(and(eq(tables.permissions.personId, stack.fixture.person.khNewcomer), eq(tables.permissions.serviceItemId, 'KH_BLI:C0101')));
    const before = await khSnapshot(stack);
    expectRule(await authorize(registration.id), 'KH-5.2');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-5.2 refuses a query of an item the querier holds but the agency no longer does', async () => {
    await makeQuerier(stack);
    const registration = await approvedRegistration(stack);
    // The agency's holding closed behind the querier's back: the querier's own grant is still there.
    await stack.database.db
      .update(tables.khItemHoldings)
      .set({ status: 'REMOVED', removedAt: stack.now() })
      .where(and(eq(tables.khItemHoldings.level, 'AGENCY'), eq(tables.khItemHoldings.item, 'C0101')));
    const before = await khSnapshot(stack);
    expectRule(await authorize(registration.id), 'KH-5.2');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-5.2 refuses a query of an item the BLI withdrew from the city', async () => {
    await makeQuerier(stack);
    const registration = await approvedRegistration(stack);
    ok(await stack.as('khIt')(BLI_DECISION, { input: { items: ['C0101'], action: 'DELETE', reference: '勞保資字第1150000099號', legalBasis: '勞工保險條例' } }));
    const before = await khSnapshot(stack);
    expectRule(await authorize(registration.id), 'KH-5.2');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-5.2 a querier with no platform account (no registered address) is refused, whatever the ledger says', async () => {
    // The fixture's querier holds C0101 in the ledger, but has no account from a 附表三 and no address.
    await makeQuerier(stack); // the agency now holds C0101
    // Filing and approving the registration are open to them; the query is what is refused.
    const filed = ok(await stack.as('khQuerier')(FILE_REGISTRATION, { input: registrationInput() })).fileKhRegistration;
    ok(await stack.as('khSupervisor')(APPROVE_REGISTRATION, { id: filed.id }));
    const before = await khSnapshot(stack);
    expectRule(await authorize(filed.id, 'C0101', QUERY_IP, 'khQuerier'), 'KH-5.2');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-5.2 nobody queries on someone else’s registration', async () => {
    await makeQuerier(stack, 'khNewcomer');
    const registration = await approvedRegistration(stack);
    const before = await khSnapshot(stack);
    for (const who of ['khSupervisor', 'khAdmin', 'khQuerier'] as const) expectCode(await authorize(registration.id, 'C0101', QUERY_IP, who), 'NOT_FOUND');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-5.2 imported usage of an item not held, or from another address, is a finding', async () => {
    await makeQuerier(stack, 'khNewcomer', ['C0101']);
    const registration = await approvedRegistration(stack);
    ok(await importUsage(stack, 'khIt', [
      { at: later(1), account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT, registration: registration.number, ip: QUERY_IP },
      { at: later(2), account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT, registration: registration.number, ip: '192.168.1.50' },
    ], 'first.csv'));
    // The querier's item taken away; a later query on the same registration is outside what they hold.
    await stack.database.db
      .update(tables.permissions)
      .set({ status: 'REVOKED', revokedAt: stack.now(), revokeReason: 'test: item taken away' })
      .where(and(eq(tables.permissions.personId, stack.fixture.person.khNewcomer), eq(tables.permissions.serviceItemId, 'KH_BLI:C0101')));
    ok(await importUsage(stack, 'khIt', [{ at: later(3), account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT, registration: registration.number, ip: QUERY_IP }], 'second.csv'));
    const list = ok(await stack.as('khLabour')(USAGE, { filter: { findingsOnly: true } })).khUsageRecords;
    expect(list.edges.map((e: { node: { finding: string; ipAddress: string } }) => `${e.node.finding} ${e.node.ipAddress}`).sort()).toEqual(['ITEM_NOT_HELD 10.20.30.40', 'UNREGISTERED_ADDRESS 192.168.1.50']);
    const all = ok(await stack.as('khIt')(USAGE, {})).khUsageRecords;
    expect(all.totalCount).toBe(3);
    expect(all.edges.find((e: { node: { finding: string } }) => e.node.finding === 'NONE').node).toMatchObject({ registration: { number: registration.number }, querier: { name: '葉新進' }, subjectIdMasked: masked(SUBJECT) });
  });
});
