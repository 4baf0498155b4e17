import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { loadCaller, tables } from '@webir/db';
import type { Offboarding, ParticipantContext } from '@webir/db/regime';
import { kaohsiungParticipant } from '@webir/subgraph-kaohsiung-bli/participant';
import { codes } from '../helpers/client.ts';
import type { PersonKey } from '../helpers/fixture.ts';
import {
  adminForm,
  APPROVE_AGENCY,
  approvedRegistration,
  Clock,
  FILE,
  FILE_REGISTRATION,
  fileAndSign,
  importUsage,
  itemsForm,
  khSnapshot,
  khStack,
  makeQuerier,
  ok,
  OTHER_SUBJECT,
  QUERY_IP,
  querierForm,
  registrationInput,
  review,
  SUBJECT,
  WITHDRAW_AGENCY,
} from '../helpers/kaohsiung.ts';

/**
 * Kaohsiung's participant in the graph across regimes: called directly (as the compliance subgraph
 * calls it), then through the gateway's complianceCalendar, complianceFindings and offboardPerson.
 * On a clock this file moves; 社會局 is approved as a requesting agency on 2026-01-05.
 */
const clock = new Clock();
const stack = khStack({ clock, setUpAt: '2026-01-05' });
const { khAccounts, khForms, khRegistrations, khUsageRecords, khPurges, permissions } = tables;

const RECORD_CHECK = `mutation($input: KhUsageCheckInput!) { recordKhUsageCheck(input: $input) { id period } }`;
const RECORD_AUDIT = `mutation($input: KhAuditInput!) { recordKhAudit(input: $input) { id year } }`;

/** What the compliance subgraph hands a participant: the caller as loaded from the ledger, the clock. */
async function contextOf(who: PersonKey): Promise<ParticipantContext> {
  const db = stack.database.db;
  return { db, cipher: stack.cipher, caller: await loadCaller(db, stack.fixture.account[who]), identity: { sub: stack.fixture.account[who], requestId: randomUUID(), tokenIssuer: 'test' }, now: clock.now };
}

/** The quarter's check of 社會局, recorded by its administrator (no usage, so no findings to investigate). */
async function recordCheck(quarter: string, on: string) {
  clock.set(on);
  ok(await stack.as('khAdmin')(RECORD_CHECK, { input: { agencyId: stack.fixture.agency.khSocial, quarter, summary: `檢查 ${quarter} 使用紀錄，無異常`, sentToBureauOn: on } }));
}

async function recordAudit(auditedOn: string) {
  clock.set(auditedOn);
  const input = { agencyId: stack.fixture.agency.khSocial, year: Number(auditedOn.slice(0, 4)), auditedOn, findings: '抽查查調紀錄，登記表齊備', violations: [], recommendation: '無' };
  ok(await stack.as('khLabour')(RECORD_AUDIT, { input }));
}

const kh = () => stack.fixture.agency.khSocial;
const allAgencies = () => Object.values(stack.fixture.agency);
const brief = (entries: { kind: string; period: string; dueOn: string; doneOn: string | null }[]) => entries.map((e) => `${e.kind} ${e.period} due ${e.dueOn} done ${e.doneOn ?? '-'}`);

describe('the Kaohsiung participant’s calendar', () => {
  it('lists every quarter’s usage check and each year’s audit due in the window, done or not, with who must act', async () => {
    await recordCheck('2026-Q1', '2026-04-10');
    await recordAudit('2026-11-20');
    clock.set('2027-02-10');
    const ctx = await contextOf('khLabour');
    const entries = await kaohsiungParticipant.calendar(ctx, { agencyIds: allAgencies(), from: '2026-01-01', to: '2027-03-31', on: '2027-02-10' });
    // 民政局 and the others were never approved: 社會局 alone has anything due. 2027-Q1 is due after the window.
    expect(brief(entries)).toEqual([
      'USAGE_CHECK 2026-Q1 due 2026-04-30 done 2026-04-10',
      'USAGE_CHECK 2026-Q2 due 2026-07-31 done -',
      'USAGE_CHECK 2026-Q3 due 2026-10-31 done -',
      'ANNUAL_AUDIT 2026 due 2026-12-31 done 2026-11-20',
      'USAGE_CHECK 2026-Q4 due 2027-01-31 done -',
    ]);
    expect(entries[0]).toEqual({ regime: 'KH_BLI', rule: 'KH-3.4', kind: 'USAGE_CHECK', agencyId: kh(), subject: null, period: '2026-Q1', dueOn: '2026-04-30', doneOn: '2026-04-10', actorRole: 'AGENCY_ADMIN', actorAgencyId: kh() });
    expect(entries[3]).toEqual({ regime: 'KH_BLI', rule: 'KH-6.2', kind: 'ANNUAL_AUDIT', agencyId: kh(), subject: null, period: '2026', dueOn: '2026-12-31', doneOn: '2026-11-20', actorRole: 'LABOUR_BUREAU_REVIEWER', actorAgencyId: null });
    // A narrower window: only what is due within it.
    expect(brief(await kaohsiungParticipant.calendar(ctx, { agencyIds: [kh()], from: '2026-07-31', to: '2026-10-30', on: '2026-08-01' }))).toEqual(['USAGE_CHECK 2026-Q2 due 2026-07-31 done -']);
    // A window before the approval, or one that ends before it starts: nothing.
    expect(await kaohsiungParticipant.calendar(ctx, { agencyIds: [kh()], from: '2025-01-01', to: '2025-12-31', on: '2025-06-01' })).toEqual([]);
    expect(await kaohsiungParticipant.calendar(ctx, { agencyIds: [kh()], from: '2026-12-31', to: '2026-01-01', on: '2026-06-01' })).toEqual([]);
  });

  it('counts periods only while the agency is approved: none after its withdrawal, again from its new approval', async () => {
    clock.set('2026-08-15');
    ok(await stack.as('khLabour')(WITHDRAW_AGENCY, { agencyId: kh(), reason: '業務移撥' }));
    const ctx = await contextOf('khIt');
    const window = { agencyIds: [kh()], from: '2025-01-01', to: '2027-03-31', on: '2026-08-20' };
    // Q3 and the year 2026 end after the withdrawal: not due.
    expect(brief(await kaohsiungParticipant.calendar(ctx, window))).toEqual(['USAGE_CHECK 2026-Q1 due 2026-04-30 done -', 'USAGE_CHECK 2026-Q2 due 2026-07-31 done -']);
    clock.set('2026-11-02');
    ok(await stack.as('khLabour')(APPROVE_AGENCY, { input: { agencyId: kh(), legalBasis: '社會救助法第5條之3' } }));
    expect(brief(await kaohsiungParticipant.calendar(ctx, window))).toEqual([
      'USAGE_CHECK 2026-Q1 due 2026-04-30 done -',
      'USAGE_CHECK 2026-Q2 due 2026-07-31 done -',
      'ANNUAL_AUDIT 2026 due 2026-12-31 done -',
    ]);
  });

  it('answers the agency’s administrator for their own agency, and nobody outside the regime’s bodies', async () => {
    const window = { agencyIds: allAgencies(), from: '2026-01-01', to: '2026-05-31', on: '2026-05-01' };
    expect(brief(await kaohsiungParticipant.calendar(await contextOf('khAdmin'), window))).toEqual(['USAGE_CHECK 2026-Q1 due 2026-04-30 done -']);
    // A querier, the section chief, another agency's clerk and Tainan's chief administrator: nothing, even when asked for 社會局.
    for (const who of ['khNewcomer', 'khSupervisor', 'khClerk', 'chief'] as const) {
      expect(await kaohsiungParticipant.calendar(await contextOf(who), window), who).toEqual([]);
    }
  });

  it('costs the same few statements for one requesting agency as for three', async () => {
    clock.set('2026-01-05');
    for (const agency of ['khCivil', 'khLabour'] as const) ok(await stack.as('khLabour')(APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency[agency], legalBasis: '就業服務法' } }));
    const ctx = await contextOf('khLabour');
    const window = { from: '2026-01-01', to: '2027-12-31', on: '2026-06-01' };
    const count = async (agencyIds: string[]) => {
      const before = stack.database.statements.count;
      const entries = await kaohsiungParticipant.calendar(ctx, { ...window, agencyIds });
      return { statements: stack.database.statements.count - before, agencies: new Set(entries.map((e) => e.agencyId)).size, entries: entries.length };
    };
    const one = await count([kh()]);
    const three = await count([kh(), stack.fixture.agency.khCivil, stack.fixture.agency.khLabour]);
    expect(one).toEqual({ statements: 3, agencies: 1, entries: 3 }); // 2026-Q1 (the one quarter ended by 06-01), and the years 2026 and 2027
    expect(three).toEqual({ statements: 3, agencies: 3, entries: 9 });
  });
});

/** Two days of 社會局's usage, through the real import; returns the records by line. */
async function usageOfFebruary() {
  clock.set('2026-02-02');
  await makeQuerier(stack);
  const approved = await approvedRegistration(stack);
  const pending = ok(await stack.as('khNewcomer')(FILE_REGISTRATION, { input: registrationInput({ subjectId: OTHER_SUBJECT, subjectName: '李小華' }) })).fileKhRegistration;
  clock.set('2026-02-13');
  ok(
    await importUsage(stack, 'khIt', [
      { at: '2026-02-03T10:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT, registration: approved.number }, // 2: in order
      { at: '2026-02-03T11:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT, registration: approved.number, ip: '192.168.1.50' }, // 3
      { at: '2026-02-04T10:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: stack.fixture.nationalId.khClerk }, // 4
      { at: '2026-02-05T10:00:00+08:00', account: 'stranger.account', item: 'C0101', subjectId: SUBJECT }, // 5
      { at: '2026-02-06T10:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: OTHER_SUBJECT, registration: pending.number }, // 6
      { at: '2026-02-12T10:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: stack.fixture.nationalId.khHead }, // 7
    ]),
  );
  const rows = await stack.database.db.select().from(khUsageRecords).orderBy(asc(khUsageRecords.line));
  return { approved, pending, line: Object.fromEntries(rows.map((r) => [r.line, r])) };
}

describe('the Kaohsiung participant’s findings', () => {
  it('reports each query without an approved registration or from another computer, as of the day asked', async () => {
    const { pending, line } = await usageOfFebruary();
    const newcomer = stack.fixture.person.khNewcomer;
    const found = await kaohsiungParticipant.findings(await contextOf('khLabour'), { agencyIds: [kh()], on: '2026-02-09' });
    expect(found.map((f) => ({ ...f, summary: undefined }))).toEqual([
      { regime: 'KH_BLI', rule: 'KH-5.2', kind: 'WRONG_IP', severity: 'HIGH', agencyId: kh(), personId: newcomer, since: '2026-02-03', summary: undefined, recordId: line[3]!.id },
      { regime: 'KH_BLI', rule: 'KH-6.1', kind: 'QUERY_WITHOUT_APPROVAL', severity: 'HIGH', agencyId: kh(), personId: newcomer, since: '2026-02-04', summary: undefined, recordId: line[4]!.id },
      { regime: 'KH_BLI', rule: 'KH-6.1', kind: 'USAGE_UNMATCHED', severity: 'HIGH', agencyId: null, personId: null, since: '2026-02-05', summary: undefined, recordId: line[5]!.id },
      { regime: 'KH_BLI', rule: 'KH-6.1', kind: 'QUERY_WITHOUT_APPROVAL', severity: 'HIGH', agencyId: kh(), personId: newcomer, since: '2026-02-06', summary: undefined, recordId: line[6]!.id },
    ]);
    expect(found[0]!.summary).toBe('Query of C0101 (被保險人投保資料) on 2026-02-03, line 3 of the platform’s log: from 192.168.1.50, not the querier’s registered computer');
    expect(found[1]!.summary).toContain('no registration (查調資料登記表) was approved for it');
    expect(found[2]!.summary).toContain('stranger.account');
    expect(found[3]!.summary).toContain(`its registration ${pending.number} was not approved before the query`);
    // The query of the 12th is not yet detectable on the 9th; it is on the 12th.
    const later = await kaohsiungParticipant.findings(await contextOf('khLabour'), { agencyIds: [kh()], on: '2026-02-12' });
    expect(later.map((f) => f.recordId)).toEqual([line[3]!.id, line[4]!.id, line[5]!.id, line[6]!.id, line[7]!.id]);
  });

  it('reports a query of an item the querier no longer holds as not granted', async () => {
    clock.set('2026-02-02');
    await makeQuerier(stack);
    const approved = await approvedRegistration(stack);
    // The querier's item taken away outside the forms (as the regime's own test does): the query is beyond what they hold.
    await stack.database.db.update(permissions).set({ status: 'REVOKED', revokedAt: clock.now(), revokeReason: 'test: item taken away' }).where(eq(permissions.personId, stack.fixture.person.khNewcomer));
    clock.set('2026-02-13');
    ok(await importUsage(stack, 'khIt', [{ at: '2026-02-10T10:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT, registration: approved.number, ip: QUERY_IP }]));
    const [found] = await kaohsiungParticipant.findings(await contextOf('khAdmin'), { agencyIds: [kh()], on: '2026-02-13' });
    expect(found).toMatchObject({ rule: 'KH-5.2', kind: 'ITEM_NOT_GRANTED', severity: 'HIGH', personId: stack.fixture.person.khNewcomer, since: '2026-02-10' });
    expect(found!.summary).toContain('C0101 is not granted to the querier, their agency and the city alike');
  });

  it('shows the agency’s administrator their agency’s findings but not the unknown account’s, and others nothing', async () => {
    const { line } = await usageOfFebruary();
    const asAdmin = await kaohsiungParticipant.findings(await contextOf('khAdmin'), { agencyIds: allAgencies(), on: '2026-02-13' });
    expect(asAdmin.map((f) => f.recordId)).toEqual([line[3]!.id, line[4]!.id, line[6]!.id, line[7]!.id]);
    for (const who of ['khSupervisor', 'khClerk', 'chief'] as const) {
      expect(await kaohsiungParticipant.findings(await contextOf(who), { agencyIds: [stack.fixture.agency.khCivil], on: '2026-02-13' }), who).toEqual([]);
    }
    // Agencies not asked for are not answered, even to the regime's bodies (only the account nobody holds is agency-less).
    const civil = await kaohsiungParticipant.findings(await contextOf('khIt'), { agencyIds: [stack.fixture.agency.khCivil], on: '2026-02-13' });
    expect(civil.map((f) => `${f.kind} ${f.agencyId}`)).toEqual(['USAGE_UNMATCHED null']);
  });

  it('reports an account to delete before its holder’s change of duties, and a breach once the change took effect; never an overdue check', async () => {
    clock.set('2026-01-06');
    await makeQuerier(stack);
    const [account] = await stack.database.db.select().from(khAccounts).where(eq(khAccounts.personId, stack.fixture.person.khNewcomer));
    // Recorded in the directory outside the graph (no offboarding): the account stays active.
    await stack.database.db.update(tables.people).set({ employmentStatus: 'REASSIGNED', employmentStatusEffectiveOn: '2026-06-01' }).where(eq(tables.people.id, stack.fixture.person.khNewcomer));
    clock.set('2026-07-10'); // the 2026-Q1 check is overdue by now: the compliance subgraph reports that, not the participant
    const ctx = await contextOf('khLabour');
    const before = await kaohsiungParticipant.findings(ctx, { agencyIds: [kh()], on: '2026-05-20' });
    expect(before).toEqual([
      {
        regime: 'KH_BLI',
        rule: 'KH-4.4',
        kind: 'LEAVER_ACCOUNT_DUE',
        severity: 'MEDIUM',
        agencyId: kh(),
        personId: stack.fixture.person.khNewcomer,
        since: '2026-05-20',
        summary: 'The querier account t.khnewcomer is to be deleted before its holder’s change of duties takes effect on 2026-06-01',
        recordId: account!.id,
      },
    ]);
    const after = await kaohsiungParticipant.findings(ctx, { agencyIds: [kh()], on: '2026-07-10' });
    expect(after).toEqual([
      expect.objectContaining({ rule: 'KH-4.4', kind: 'LEAVER_ACCOUNT', severity: 'HIGH', since: '2026-06-01', recordId: account!.id, summary: 'The querier account t.khnewcomer is still active though its holder changed duties on 2026-06-01' }),
    ]);
    expect(await kaohsiungParticipant.findings(ctx, { agencyIds: [stack.fixture.agency.khCivil], on: '2026-07-10' })).toEqual([]);
  });
});

/** The newcomer with everything a person holds in the regime: an account, registrations, forms at each step. */
async function newcomerWithEverything() {
  clock.set('2026-01-06');
  await makeQuerier(stack);
  const approved = await approvedRegistration(stack);
  const pending = ok(await stack.as('khNewcomer')(FILE_REGISTRATION, { input: registrationInput({ subjectId: OTHER_SUBJECT, subjectName: '李小華' }) })).fileKhRegistration;
  const reviewed = await fileAndSign(stack, 'khNewcomer', adminForm(stack)); // 附表二, reviewed: waits for the IT centre
  await review(stack, reviewed);
  const signing = ok(await stack.as('khNewcomer')(FILE, { input: querierForm(stack, { action: 'CHANGE_ITEMS', ipAddress: null, itemChanges: [{ item: 'C0201', action: 'ADD' }] }) })).fileKhForm; // 附表三, unsigned
  const others = ok(await stack.as('khAdmin')(FILE, { input: itemsForm(stack, [{ item: 'C0201', action: 'ADD' }]) })).fileKhForm; // the administrator's 附表四
  return { approved, pending, reviewed, signing: signing.id as string, others: others.id as string };
}

const changeOf = (extra: Partial<Offboarding> = {}): Offboarding => ({
  id: randomUUID(),
  personId: stack.fixture.person.khNewcomer,
  kind: 'REASSIGNED',
  effectiveOn: '2026-02-01',
  reason: '調任民政局',
  byId: stack.fixture.person.khAdmin,
  at: new Date('2026-01-10T10:00:00+08:00'),
  ...extra,
});

describe('the Kaohsiung participant’s offboarding', () => {
  it('deletes the person’s account, ends their grants, closes the registration not yet approved and rejects their open forms, once', async () => {
    const { approved, pending, reviewed, signing, others } = await newcomerWithEverything();
    const { db } = stack.database;
    const change = changeOf();
    const ended = await db.transaction((tx) => kaohsiungParticipant.offboard(tx, change));
    const form = async (id: string) => (await db.select().from(khForms).where(eq(khForms.id, id)))[0]!;
    expect(ended.map((e) => `${e.regime} ${e.kind} ${e.label}`).sort()).toEqual(
      [
        'KH_BLI ACCOUNT t.khnewcomer',
        'KH_BLI PERMISSION QUERIER C0101',
        `KH_BLI REGISTRATION ${pending.number}`,
        `KH_BLI FORM ${(await form(reviewed)).number}`,
        `KH_BLI FORM ${(await form(signing)).number}`,
      ].sort(),
    );

    const [account] = await db.select().from(khAccounts).where(eq(khAccounts.personId, change.personId));
    expect(account).toMatchObject({ status: 'DELETED', deletedAt: change.at, deletedReason: 'X-1, KH-4.4: changes duties on 2026-02-01 — 調任民政局' });
    expect(ended.find((e) => e.kind === 'ACCOUNT')!.id).toBe(account!.id);
    const grants = await db.select().from(permissions).where(and(eq(permissions.personId, change.personId), eq(permissions.regimeCode, 'KH_BLI')));
    expect(grants.map((g) => [g.status, g.revokedById, g.revokeReason])).toEqual([['REVOKED', stack.fixture.person.khAdmin, 'X-1, KH-4.4: changes duties on 2026-02-01 — 調任民政局']]);

    const registration = async (id: string) => (await db.select().from(khRegistrations).where(eq(khRegistrations.id, id)))[0]!;
    // Closed, never decided: no approval a later query could be matched to.
    expect(await registration(pending.id)).toMatchObject({ status: 'CLOSED', decidedAt: null, approverId: null, decisionNote: expect.stringMatching(/^Closed unapproved — X-1, KH-4\.4: .*調任民政局$/) });
    expect(await registration(approved.id)).toMatchObject({ status: 'APPROVED' });

    // The reviewed 附表二 keeps the Labour Bureau's review; the ending is its set-up step's.
    expect(await form(reviewed)).toMatchObject({ status: 'REJECTED', reviewNote: '符合規定', setUpAt: change.at, setUpNote: expect.stringMatching(/^Rejected: .*X-1, KH-4\.4.*調任民政局/), retainUntil: '2027-01-10' });
    expect(await form(signing)).toMatchObject({
      status: 'REJECTED',
      reviewedAt: change.at,
      reviewNote: expect.stringMatching(/X-1, KH-4\.4.*調任民政局/),
      itemChanges: [{ item: 'C0201', action: 'ADD', decision: 'REJECTED', bliDecision: null }],
      retainUntil: '2027-01-10',
    });
    expect(await form(others)).toMatchObject({ status: 'SIGNING', reviewNote: null, retainUntil: null });
    // The fixture's querier of the same agency keeps their grant.
    expect((await db.select().from(permissions).where(eq(permissions.personId, stack.fixture.person.khQuerier)))[0]).toMatchObject({ status: 'ACTIVE' });

    // Again (on the change's day, as the compliance subgraph does): nothing more to end, nothing written.
    const before = await khSnapshot(stack);
    expect(await db.transaction((tx) => kaohsiungParticipant.offboard(tx, changeOf({ at: new Date('2026-02-01T00:05:00+08:00') })))).toEqual([]);
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('a later query on the closed registration stays a finding', async () => {
    const { pending } = await newcomerWithEverything();
    await stack.database.db.transaction((tx) => kaohsiungParticipant.offboard(tx, changeOf()));
    clock.set('2026-01-20');
    ok(await importUsage(stack, 'khIt', [{ at: '2026-01-15T10:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: OTHER_SUBJECT, registration: pending.number }]));
    const found = await kaohsiungParticipant.findings(await contextOf('khLabour'), { agencyIds: [kh()], on: '2026-01-20' });
    expect(found.map((f) => `${f.kind} ${f.personId === stack.fixture.person.khNewcomer}`)).toEqual(['QUERY_WITHOUT_APPROVAL true']);
    expect(found[0]!.summary).toContain(`its registration ${pending.number} was not approved before the query`);
  });

  it('writes nothing when the caller’s transaction fails, and ends nothing for someone with nothing in the regime', async () => {
    await newcomerWithEverything();
    const { db } = stack.database;
    const before = await khSnapshot(stack);
    await expect(
      db.transaction(async (tx) => {
        expect(await kaohsiungParticipant.offboard(tx, changeOf())).toHaveLength(5);
        throw new Error('another regime failed');
      }),
    ).rejects.toThrow('another regime failed');
    expect(await khSnapshot(stack)).toEqual(before);
    expect(await db.transaction((tx) => kaohsiungParticipant.offboard(tx, changeOf({ personId: stack.fixture.person.khClerk })))).toEqual([]);
    expect(await khSnapshot(stack)).toEqual(before);
  });
});

describe('the Kaohsiung participant’s retention', () => {
  it('only the IT centre purges by hand; the scheduled purge removes what outlived its day and logs it with no person', async () => {
    const callers = await Promise.all((['khIt', 'khLabour', 'khAdmin', 'chief'] as const).map(async (who) => [who, kaohsiungParticipant.mayPurge!((await contextOf(who)).caller)]));
    expect(callers).toEqual([['khIt', true], ['khLabour', false], ['khAdmin', false], ['chief', false]]);

    clock.set('2026-01-06');
    await makeQuerier(stack); // 附表四 and 附表三, set up today: kept until 2027-01-06
    const { db } = stack.database;
    const forms = (await db.select({ number: khForms.number }).from(khForms).orderBy(asc(khForms.number))).map((f) => f.number);
    const run = (today: string, dryRun: boolean) => kaohsiungParticipant.purge!(db, { today, now: new Date(`${today}T03:00:00+08:00`), byId: null, dryRun });
    expect(await run('2027-01-06', true)).toEqual([]);
    const due = await run('2027-01-07', true);
    expect(due.map((e) => `${e.kind} ${e.number} ${e.retainUntil} ${e.rule}`).sort()).toEqual(forms.map((n) => `FORM ${n} 2027-01-06 X-4`));
    expect(await db.select().from(khPurges)).toEqual([]);
    const removed = await run('2027-01-07', false);
    expect(removed).toHaveLength(2);
    expect(await db.select().from(khForms)).toEqual([]);
    const log = await db.select().from(khPurges);
    expect(log.map((l) => [l.kind, l.purgedById, l.rule]).sort()).toEqual([['FORM', null, 'X-4'], ['FORM', null, 'X-4']]);
    // The account outlives its form (X-4 removes the link only).
    expect((await db.select().from(khAccounts))[0]).toMatchObject({ status: 'ACTIVE', formId: null });
  });
});

// ---------------------------------------------------------------------------------------------------
// Through the gateway: the compliance subgraph asking this participant.
// ---------------------------------------------------------------------------------------------------

const OFFBOARD = `mutation($input: OffboardPersonInput!) { offboardPerson(input: $input) { id status effectiveOn person { name employmentStatus } ended { regime kind label } } }`;
const RUN_DUE = `mutation($on: Date) { runDueOffboardings(on: $on) { id status ended { regime kind label } } }`;
const CALENDAR = `query($filter: CalendarFilter) { complianceCalendar(filter: $filter) { regime rule kind period dueOn doneOn status agency { name } mustAct { role agency { name } people { name } } } }`;
const FINDINGS = `query($filter: FindingFilter) { complianceFindings(filter: $filter, first: 100) { totalCount high medium low edges { node { regime rule kind severity since summary recordId agency { name } person { name } } } } }`;

const khEnded = (ended: { regime: string; kind: string; label: string }[]) => ended.filter((e) => e.regime === 'KH_BLI').map((e) => `${e.kind} ${e.label}`).sort();

describe('Kaohsiung in the graph across regimes, through the gateway', () => {
  it('KH-4.4 X-1 a change of duties dated next month deletes the BLI account at once', async () => {
    clock.set('2026-01-06');
    await makeQuerier(stack);
    clock.set('2026-01-20');
    const input = { personId: stack.fixture.person.khNewcomer, kind: 'REASSIGNED', effectiveOn: '2026-02-16', reason: '調任民政局' };
    const recorded = ok(await stack.as('khAdmin')(OFFBOARD, { input })).offboardPerson;
    expect(recorded).toMatchObject({ status: 'SCHEDULED', effectiveOn: '2026-02-16', person: { name: '葉新進', employmentStatus: 'ACTIVE' } });
    expect(khEnded(recorded.ended)).toEqual(['ACCOUNT t.khnewcomer', 'PERMISSION QUERIER C0101']);
    const [account] = await stack.database.db.select().from(khAccounts).where(eq(khAccounts.personId, stack.fixture.person.khNewcomer));
    expect(account).toMatchObject({ status: 'DELETED', deletedAt: clock.now() });
    // The account was deleted before the change: on its day no KH-4.4 finding remains.
    clock.set('2026-02-16');
    const done = ok(await stack.as('khAdmin')(RUN_DUE, {})).runDueOffboardings;
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ id: recorded.id, status: 'DONE' });
    expect(khEnded(done[0].ended)).toEqual(['ACCOUNT t.khnewcomer', 'PERMISSION QUERIER C0101']);
    const findings = ok(await stack.as('khLabour')(FINDINGS, { filter: { regime: 'KH_BLI', rule: 'KH-4.4' } })).complianceFindings;
    expect(findings.totalCount).toBe(0);
  });

  it('KH-3.4 KH-6.2 X-3 the calendar shows each quarter’s check and the year’s audit, done, due or overdue, and who must act', async () => {
    await recordCheck('2026-Q1', '2026-04-10');
    // Q3 has ended (09-30) and its check is due by 10-31; Q4 has not ended, so nothing is due for it yet.
    clock.set('2026-10-10');
    const filter = { regime: 'KH_BLI', on: '2026-10-10', from: '2026-01-01', to: '2026-12-31', status: ['DONE', 'DUE', 'OVERDUE'] };
    const entries = ok(await stack.as('khLabour')(CALENDAR, { filter })).complianceCalendar;
    const admin = { role: 'AGENCY_ADMIN', agency: { name: '高雄市政府社會局' }, people: [{ name: '楊機管' }] };
    expect(entries).toEqual([
      { regime: 'KH_BLI', rule: 'KH-3.4', kind: 'USAGE_CHECK', period: '2026-Q1', dueOn: '2026-04-30', doneOn: '2026-04-10', status: 'DONE', agency: { name: '高雄市政府社會局' }, mustAct: admin },
      { regime: 'KH_BLI', rule: 'KH-3.4', kind: 'USAGE_CHECK', period: '2026-Q2', dueOn: '2026-07-31', doneOn: null, status: 'OVERDUE', agency: { name: '高雄市政府社會局' }, mustAct: admin },
      { regime: 'KH_BLI', rule: 'KH-3.4', kind: 'USAGE_CHECK', period: '2026-Q3', dueOn: '2026-10-31', doneOn: null, status: 'DUE', agency: { name: '高雄市政府社會局' }, mustAct: admin },
      { regime: 'KH_BLI', rule: 'KH-6.2', kind: 'ANNUAL_AUDIT', period: '2026', dueOn: '2026-12-31', doneOn: null, status: 'DUE', agency: { name: '高雄市政府社會局' }, mustAct: { role: 'LABOUR_BUREAU_REVIEWER', agency: null, people: [{ name: '洪勞審' }] } },
    ]);
    // The administrator reads the same for their agency; a querier of it is refused the agency.
    // (Without mustAct.people: the Labour Bureau's reviewer is outside what the administrator may see of the directory.)
    const periods = `query($filter: CalendarFilter) { complianceCalendar(filter: $filter) { period status } }`;
    expect(ok(await stack.as('khAdmin')(periods, { filter: { ...filter, agencyId: kh() } })).complianceCalendar).toEqual([
      { period: '2026-Q1', status: 'DONE' },
      { period: '2026-Q2', status: 'OVERDUE' },
      { period: '2026-Q3', status: 'DUE' },
      { period: '2026', status: 'DUE' },
    ]);
    expect(codes(await stack.as('khNewcomer')(CALENDAR, { filter: { ...filter, agencyId: kh() } }))).toEqual(['FORBIDDEN']);
    expect(ok(await stack.as('khNewcomer')(CALENDAR, { filter })).complianceCalendar).toEqual([]);
  });

  it('KH-6.1 KH-5.2 KH-4.4 X-3 findings list unapproved queries, a leaver’s account and the overdue check, each once', async () => {
    await usageOfFebruary();
    await stack.database.db.update(tables.people).set({ employmentStatus: 'RESIGNED', employmentStatusEffectiveOn: '2026-05-01' }).where(eq(tables.people.id, stack.fixture.person.khNewcomer));
    clock.set('2026-05-10');
    const res = ok(await stack.as('khLabour')(FINDINGS, { filter: { regime: 'KH_BLI' } })).complianceFindings;
    const kinds = res.edges.map((e: { node: { rule: string; kind: string; severity: string } }) => `${e.node.severity} ${e.node.rule} ${e.node.kind}`);
    expect(kinds.filter((k: string) => !k.includes('LEAVER_PERMISSION')).sort()).toEqual(
      [
        'HIGH KH-4.4 LEAVER_ACCOUNT',
        'HIGH KH-5.2 WRONG_IP',
        'HIGH KH-6.1 QUERY_WITHOUT_APPROVAL',
        'HIGH KH-6.1 QUERY_WITHOUT_APPROVAL',
        'HIGH KH-6.1 QUERY_WITHOUT_APPROVAL',
        'HIGH KH-6.1 USAGE_UNMATCHED',
        'MEDIUM KH-3.4 USAGE_CHECK_OVERDUE',
      ].sort(),
    );
    const leaver = res.edges.find((e: { node: { kind: string } }) => e.node.kind === 'LEAVER_ACCOUNT').node;
    expect(leaver).toMatchObject({ since: '2026-05-01', agency: { name: '高雄市政府社會局' }, person: { name: '葉新進' }, summary: 'The querier account t.khnewcomer is still active though its holder resigned on 2026-05-01' });
    const wrongIp = res.edges.find((e: { node: { kind: string } }) => e.node.kind === 'WRONG_IP').node;
    expect(wrongIp).toMatchObject({ since: '2026-02-03', person: { name: '葉新進' }, agency: { name: '高雄市政府社會局' } });
    // The agency's administrator: the same, less the account nobody in the directory holds.
    const asAdmin = ok(await stack.as('khAdmin')(FINDINGS, { filter: { regime: 'KH_BLI' } })).complianceFindings;
    expect(asAdmin.edges.map((e: { node: { kind: string } }) => e.node.kind)).not.toContain('USAGE_UNMATCHED');
    expect(asAdmin.edges.filter((e: { node: { rule: string } }) => e.node.rule === 'KH-6.1')).toHaveLength(3);
    // Outside the regime: nothing of Kaohsiung's.
    expect(ok(await stack.as('khClerk')(FINDINGS, { filter: { regime: 'KH_BLI' } })).complianceFindings.totalCount).toBe(0);
  });

  it('KH-4.4 X-1 neither a querier nor another agency’s clerk offboards someone, nor a change a year away; nothing is written', async () => {
    clock.set('2026-01-06');
    await makeQuerier(stack);
    const before = await khSnapshot(stack);
    const input = { personId: stack.fixture.person.khNewcomer, kind: 'RESIGNED', effectiveOn: '2026-02-01', reason: '離職' };
    for (const [who, personId] of [['khQuerier', stack.fixture.person.khNewcomer], ['khNewcomer', stack.fixture.person.khQuerier], ['khClerk', stack.fixture.person.khNewcomer]] as const) {
      const refused = codes(await stack.as(who)(OFFBOARD, { input: { ...input, personId } }));
      expect(refused, who).toEqual(['NOT_FOUND']); // none of them sees the person in the directory
    }
    expect(codes(await stack.as('khAdmin')(OFFBOARD, { input: { ...input, effectiveOn: '2027-06-01' } }))).toEqual(['BAD_USER_INPUT']);
    expect(await khSnapshot(stack)).toEqual(before);
    expect(await stack.database.db.select().from(tables.offboardings)).toEqual([]);
    expect((await stack.database.db.select().from(khAccounts))[0]).toMatchObject({ status: 'ACTIVE', deletedAt: null });
  });
});
