import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { taipeiDay } from '@webir/kit';
import type { PersonKey } from '../helpers/fixture.ts';
import {
  APPROVE_AGENCY,
  APPROVE_REGISTRATION,
  approvedRegistration,
  changeAgencyItems,
  COPY,
  DELETE_ACCOUNT,
  expectCode,
  expectRule,
  FILE,
  FILE_REGISTRATION,
  FORM,
  importUsage,
  khSnapshot,
  khStack,
  makeQuerier,
  masked,
  ok,
  querierForm,
  registrationInput,
  SUBJECT,
} from '../helpers/kaohsiung.ts';

const stack = khStack();

/**
 * 社會局 with a querier (the newcomer: 附表四 then 附表三), an approved registration and one query in
 * the log; 民政局 approved too, with a form its clerk filed. Returns the ids the tests look up.
 */
async function twoAgencies() {
  const { formId } = await makeQuerier(stack);
  const registration = await approvedRegistration(stack);
  ok(await importUsage(stack, 'khIt', [{ at: new Date(stack.now().getTime() + 60_000), account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT, registration: registration.number }]));
  ok(await stack.as('khLabour')(APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency.khCivil, legalBasis: '戶籍法' } }));
  const civil = ok(await stack.as('khClerk')(FILE, { input: querierForm(stack, { agencyId: stack.fixture.agency.khCivil, myegovAccount: 't.khclerk', email: 'clerk@kcg.gov.tw' }) })).fileKhForm;
  return { querierForm: formId, registration, civilForm: civil.id as string };
}

const LISTS = `{ khForms(first: 50) { totalCount edges { node { id form agency { name } } } } khRegistrations(first: 50) { totalCount edges { node { id subjectIdMasked requester { name } } } }
  khUsageRecords(first: 50) { totalCount edges { node { subjectIdMasked querier { name } } } } khAccounts { kind person { name } } }`;
type Lists = {
  khForms: { totalCount: number; edges: { node: { id: string; form: string; agency: { name: string } } }[] };
  khRegistrations: { totalCount: number; edges: { node: { id: string; subjectIdMasked: string; requester: { name: string } } }[] };
  khUsageRecords: { totalCount: number; edges: { node: { subjectIdMasked: string; querier: { name: string } } }[] };
  khAccounts: { kind: string; person: { name: string } }[];
};
const lists = async (who: PersonKey) => ok(await stack.as(who)(LISTS)) as unknown as Lists;
const counts = (l: Lists) => ({ forms: l.khForms.totalCount, registrations: l.khRegistrations.totalCount, usage: l.khUsageRecords.totalCount, accounts: l.khAccounts.length });

describe('KH-7 each body sees only its part of the regime', () => {
  it('KH-7 the IT centre and the Labour Bureau read the whole regime', async () => {
    await twoAgencies();
    for (const who of ['khIt', 'khLabour'] as const) {
      const l = await lists(who);
      // 社會局: 附表四 and 附表三; 民政局: its clerk's 附表三.
      expect(counts(l), who).toEqual({ forms: 3, registrations: 1, usage: 1, accounts: 1 });
      expect(new Set(l.khForms.edges.map((e) => e.node.agency.name)), who).toEqual(new Set(['高雄市政府社會局', '高雄市政府民政局']));
    }
  });

  it('KH-7 an agency administrator reads their own agency only; another agency’s form is not found', async () => {
    const { civilForm, querierForm: qf } = await twoAgencies();
    const l = await lists('khAdmin');
    expect(counts(l)).toEqual({ forms: 2, registrations: 1, usage: 1, accounts: 1 });
    expect(l.khForms.edges.every((e) => e.node.agency.name === '高雄市政府社會局')).toBe(true);
    expect(ok(await stack.as('khAdmin')(FORM, { id: civilForm })).khForm).toBeNull(); // not found: null, no error
    // 民政局's clerk, in turn, sees their own form and nothing of 社會局.
    const clerk = await lists('khClerk');
    expect(counts(clerk)).toEqual({ forms: 1, registrations: 0, usage: 0, accounts: 0 });
    expect(ok(await stack.as('khClerk')(FORM, { id: qf })).khForm).toBeNull();
  });

  it('KH-7 a supervisor reads their staff’s registrations and usage; a querier their own; a colleague nothing of theirs', async () => {
    const { registration } = await twoAgencies();
    expect(counts(await lists('khSupervisor'))).toMatchObject({ registrations: 1, usage: 1 });
    const own = await lists('khNewcomer');
    expect(counts(own)).toMatchObject({ registrations: 1, usage: 1 });
    expect(own.khRegistrations.edges[0]!.node.requester).toEqual({ name: '葉新進' });
    for (const who of ['khQuerier', 'khHead'] as const) expect(counts(await lists(who)), who).toMatchObject({ registrations: 0, usage: 0 });
    expect(ok(await stack.as('khQuerier')(`query($id: ID!) { khRegistration(id: $id) { number } }`, { id: registration.id })).khRegistration).toBeNull();
  });

  it('KH-7 the subject’s identifier is stored only encrypted and shown masked, to everyone', async () => {
    await twoAgencies();
    for (const who of ['khIt', 'khLabour', 'khAdmin', 'khSupervisor', 'khNewcomer'] as const) {
      const l = await lists(who);
      expect(l.khRegistrations.edges.map((e) => e.node.subjectIdMasked), who).toEqual([masked(SUBJECT)]);
      expect(l.khUsageRecords.edges.map((e) => e.node.subjectIdMasked), who).toEqual([masked(SUBJECT)]);
      expect(JSON.stringify(l), who).not.toContain(SUBJECT);
    }
    const { db } = stack.database;
    const stored = JSON.stringify([await db.select().from(tables.khRegistrations), await db.select().from(tables.khUsageRecords)]);
    expect(stored).not.toContain(SUBJECT);
    const [row] = await db.select().from(tables.khRegistrations);
    expect(stack.cipher.decrypt(row!.subjectIdEnc)).toBe(SUBJECT);
  });

  it('KH-7 a Tainan person sees nothing of Kaohsiung', async () => {
    const { querierForm: qf, registration } = await twoAgencies();
    await stack.as('khLabour')(`mutation($input: KhAuditInput!) { recordKhAudit(input: $input) { id } }`, {
      input: { agencyId: stack.fixture.agency.khSocial, year: Number(taipeiDay(stack.now()).slice(0, 4)), auditedOn: taipeiDay(stack.now()), findings: '無異常', violations: [] },
    });
    const EVERYTHING = `{ khRequestingAgencies(includeWithdrawn: true) { id } khItemHoldings { id } khForms { totalCount } khAccounts(includeDeleted: true) { id }
      khRegistrations { totalCount } khUsageRecords { totalCount } khUsageChecks { id } khAudits { id } }`;
    const empty = { khRequestingAgencies: [], khItemHoldings: [], khForms: { totalCount: 0 }, khAccounts: [], khRegistrations: { totalCount: 0 }, khUsageRecords: { totalCount: 0 }, khUsageChecks: [], khAudits: [] };
    for (const who of ['chief', 'auditor', 'socialAdmin', 'user'] as const) {
      expect(ok(await stack.as(who)(EVERYTHING)), who).toEqual(empty);
      for (const [query, id] of [[FORM, qf], [`query($id: ID!) { khRegistration(id: $id) { number } }`, registration.id]] as const) {
        expect(Object.values(ok(await stack.as(who)(query, { id })))[0], who).toBeNull();
      }
    }
  });
});

describe('KH-7 what an agency sees of the bodies that acted on its records', () => {
  it('KH-7 the people on an agency’s records are named to it only as far as the directory lets it see them; the regime’s bodies see every name', async () => {
    const formId = await changeAgencyItems(stack, [{ item: 'C0101', action: 'ADD' }]);
    ok(await stack.as('khIt')(COPY, { id: formId, holder: 'IT_CENTRE' }));
    ok(await stack.as('khLabour')(COPY, { id: formId, holder: 'LABOUR_BUREAU' }));
    ok(await stack.as('khAdmin')(COPY, { id: formId, holder: 'AGENCY' }));
    ok(await stack.as('khLabour')(`mutation($input: KhAuditInput!) { recordKhAudit(input: $input) { id } }`, {
      input: { agencyId: stack.fixture.agency.khSocial, year: Number(taipeiDay(stack.now()).slice(0, 4)), auditedOn: taipeiDay(stack.now()), findings: '抽查登記表，均已核章', violations: [] },
    }));
    const query = `query($agency: ID!, $form: ID!) {
      agency(id: $agency) { khRequestingAgency { status approvedBy { name } } khItems { item grantedBy { name } } khAudits { auditor { name } } }
      khForm(id: $form) { applicant { name } reviewer { name } setUpBy { name } signoffs { role signer { name } } copies { holder keptBy { name } } } }`;
    const variables = { agency: stack.fixture.agency.khSocial, form: formId };
    // The README's directory: an agency administrator reaches their own agency, not the IT centre or
    // the Labour Bureau; the answer is whole (no null where a value was promised), their names withheld.
    const agency = ok(await stack.as('khAdmin')(query, variables));
    expect(agency.agency).toEqual({ khRequestingAgency: { status: 'APPROVED', approvedBy: null }, khItems: [{ item: 'C0101', grantedBy: null }], khAudits: [{ auditor: null }] });
    expect(agency.khForm).toEqual({
      applicant: { name: '楊機管' },
      reviewer: null,
      setUpBy: null,
      signoffs: [
        { role: 'APPLICANT', signer: { name: '楊機管' } },
        { role: 'SECTION_CHIEF', signer: { name: '郭科長' } },
        { role: 'AGENCY_HEAD', signer: { name: '謝局長' } },
      ],
      copies: [
        { holder: 'IT_CENTRE', keptBy: null },
        { holder: 'LABOUR_BUREAU', keptBy: null },
        { holder: 'AGENCY', keptBy: { name: '楊機管' } },
      ],
    });
    for (const who of ['khIt', 'khLabour'] as const) {
      const all = ok(await stack.as(who)(query, variables));
      expect(all.agency, who).toEqual({ khRequestingAgency: { status: 'APPROVED', approvedBy: { name: '洪勞審' } }, khItems: [{ item: 'C0101', grantedBy: { name: '蔡資訊' } }], khAudits: [{ auditor: { name: '洪勞審' } }] });
      expect(all.khForm, who).toMatchObject({ reviewer: { name: '洪勞審' }, setUpBy: { name: '蔡資訊' } });
      expect(all.khForm.copies.map((c: { keptBy: { name: string } }) => c.keptBy.name), who).toEqual(['蔡資訊', '洪勞審', '楊機管']);
    }
  });
});

describe('KH-7 the IT centre and the Labour Bureau act only in their steps', () => {
  it('KH-7 neither files a registration, approves one, files an agency’s form or deletes a querier’s account; nothing is written', async () => {
    await makeQuerier(stack);
    const pending = ok(await stack.as('khNewcomer')(FILE_REGISTRATION, { input: registrationInput() })).fileKhRegistration;
    const before = await khSnapshot(stack);
    for (const who of ['khIt', 'khLabour'] as const) {
      expectRule(await stack.as(who)(FILE_REGISTRATION, { input: registrationInput() }), 'KH-5.2');
      expectRule(await stack.as(who)(APPROVE_REGISTRATION, { id: pending.id }), 'KH-3.5');
      // Not of the agency: they may not file its forms.
      expectCode(await stack.as(who)(FILE, { input: querierForm(stack, { myegovAccount: stack.fixture.account[who] }) }), 'FORBIDDEN');
      expectRule(
        await stack.as(who)(DELETE_ACCOUNT, { input: { personId: stack.fixture.person.khNewcomer, agencyId: stack.fixture.agency.khSocial, kind: 'QUERIER', reason: '調任他機關' } }),
        'KH-4.4',
      );
    }
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-7 a Tainan role reaches nothing of Kaohsiung: the NHI chief administrator cannot act on the BLI regime', async () => {
    await makeQuerier(stack);
    const before = await khSnapshot(stack);
    expectRule(await stack.as('chief')(APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency.khCivil, legalBasis: '戶籍法' } }), 'KH-2.1');
    expectRule(
      await stack.as('socialAdmin')(DELETE_ACCOUNT, { input: { personId: stack.fixture.person.khNewcomer, agencyId: stack.fixture.agency.khSocial, kind: 'QUERIER', reason: '調任他機關' } }),
      'KH-4.4',
    );
    expect(await khSnapshot(stack)).toEqual(before);
    // And the querier's directory entry did not change either.
    const [entry] = await stack.database.db.select().from(tables.people).where(eq(tables.people.id, stack.fixture.person.khNewcomer));
    expect(entry!.employmentStatus).toBe('ACTIVE');
  });
});

describe('KH-7 an agency under another is a requesting agency of its own', () => {
  it('KH-7 the parent agency’s administrator reads nothing of the queries of an agency under it', async () => {
    const { db } = stack.database;
    const { agency, person } = stack.fixture;
    // 家庭暴力及性侵害防治中心, under the social bureau: its own requesting agency, its own querier.
    const [centre] = await db.insert(tables.agencies).values({ code: '397030100B', name: '高雄市政府社會局家庭暴力及性侵害防治中心', level: 'SECOND_LEVEL', city: 'KAOHSIUNG', parentId: agency.khSocial }).returning();
    const [worker] = await db.insert(tables.people).values({ name: '方社工', myegovAccount: 't.centre.worker', agencyId: centre!.id, supervisorId: null }).returning();
    const [registration] = await db
      .insert(tables.khRegistrations)
      .values({
        number: 'R1-20260302-CENTRE',
        requesterId: worker!.id,
        agencyId: centre!.id,
        subjectName: '受保護人',
        subjectIdEnc: stack.cipher.encrypt(SUBJECT),
        subjectIdHash: stack.cipher.hash(SUBJECT),
        items: ['C0101'],
        legalBasis: '家庭暴力防治法',
        reason: '保護令聲請',
        dutyRelation: '評估被害人經濟狀況',
        status: 'APPROVED',
        requestedAt: stack.now(),
        approverId: person.khSupervisor,
        decidedAt: stack.now(),
        retainUntil: '2031-03-02',
      })
      .returning();
    const list = `{ khRegistrations(first: 50) { edges { node { number } } } }`;
    const one = `query($id: ID!) { khRegistration(id: $id) { number } }`;
    expect(ok(await stack.as('khAdmin')(list)).khRegistrations.edges).toEqual([]);
    expect(ok(await stack.as('khAdmin')(one, { id: registration!.id })).khRegistration).toBeNull();
    // The regime's bodies read it.
    expect(ok(await stack.as('khLabour')(one, { id: registration!.id })).khRegistration).toEqual({ number: 'R1-20260302-CENTRE' });
  });
});
