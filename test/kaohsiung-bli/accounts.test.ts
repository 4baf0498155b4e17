import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { addDays, taipeiDay } from '@webir/kit';
import { codes } from '../helpers/client.ts';
import { DEFAULT_TEST_NOW } from '../helpers/stack.ts';
import {
  ACCOUNTS,
  adminForm,
  agencyHolds,
  approvedRegistration,
  AUTHORIZE,
  COPY,
  DELETE_ACCOUNT,
  expectBadInput,
  expectCode,
  expectRule,
  FILE,
  fileAndSign,
  FORM,
  khGrants,
  khSnapshot,
  khStack,
  makeAdministrator,
  makeQuerier,
  ok,
  QUERY_IP,
  querierForm,
  REVIEW,
  review,
  SETUP,
  SIGN,
} from '../helpers/kaohsiung.ts';

const stack = khStack();

const accountsOf = async (who: 'khIt' | 'khAdmin' | 'khLabour' = 'khIt', all = false) =>
  ok(await stack.as(who)(ACCOUNTS, { agencyId: stack.fixture.agency.khSocial, all })).khAccounts as { kind: string; myegovAccount: string; ipAddress: string | null; active: boolean; person: { name: string }; form: { number: string; form: string } | null; deletedReason: string | null }[];

describe('KH-4.1 accounts need the holder’s own MyEGov account with the citizen certificate uploaded', () => {
  it('KH-4.1 refuses a querier form with someone else’s MyEGov account, writing nothing', async () => {
    const before = await khSnapshot(stack);
    expectRule(await stack.as('khNewcomer')(FILE, { input: querierForm(stack, { myegovAccount: stack.fixture.account.khQuerier }) }), 'KH-4.1');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-4.1 refuses an administrator or querier form whose citizen certificate is not uploaded, writing nothing', async () => {
    const before = await khSnapshot(stack);
    expectRule(await stack.as('khNewcomer')(FILE, { input: querierForm(stack, { certificateUploaded: false }) }), 'KH-4.1');
    expectRule(await stack.as('khNewcomer')(FILE, { input: adminForm(stack, { certificateUploaded: false }) }), 'KH-4.1');
    expectRule(await stack.as('khNewcomer')(FILE, { input: adminForm(stack, { myegovAccount: stack.fixture.account.khHead }) }), 'KH-4.1');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-4.1 the account set up is bound to the MyEGov account on the form, and the querier’s to its registered IP address', async () => {
    const { formId } = await makeQuerier(stack, 'khNewcomer', ['C0101'], '10.20.30.41');
    const form = ok(await stack.as('khAdmin')(FORM, { id: formId })).khForm;
    expect(await accountsOf()).toEqual([
      expect.objectContaining({ kind: 'QUERIER', myegovAccount: stack.fixture.account.khNewcomer, ipAddress: '10.20.30.41', active: true, person: { name: '葉新進' }, form: { number: form.number, form: 'QUERIER' } }),
    ]);
  });
});

describe('KH-4.2 the agency administrator’s account: 附表二 signed to the head, reviewed by the Labour Bureau, set up by the IT centre', () => {
  it('KH-4.2 goes applicant → section chief → agency head → Labour Bureau → IT centre, which grants AGENCY_ADMIN and opens the account together', async () => {
    const filed = ok(await stack.as('khNewcomer')(FILE, { input: adminForm(stack) })).fileKhForm;
    expect(filed).toMatchObject({ form: 'ADMINISTRATOR', action: 'ADD', status: 'SIGNING', applicant: { name: '葉新進' }, myegovAccount: 't.khnewcomer', certificateUploaded: true });
    const id = filed.id;
    for (const [who, role] of [['khNewcomer', 'APPLICANT'], ['khSupervisor', 'SECTION_CHIEF'], ['khHead', 'AGENCY_HEAD']] as const) ok(await stack.as(who)(SIGN, { id, role }));
    expect(ok(await stack.as('khLabour')(FORM, { id })).khForm.status).toBe('REVIEW');
    expect((await review(stack, id)).status).toBe('SETUP');
    expect(await khGrants(stack)).not.toContain('khNewcomer AGENCY_ADMIN'); // approval alone opens nothing
    const done = ok(await stack.as('khIt')(SETUP, { id, input: { note: '已完成新增機關管理者帳號' } })).setUpKhForm;
    expect(done).toMatchObject({ status: 'DONE', reviewer: { name: '洪勞審' }, setUpBy: { name: '蔡資訊' } });
    expect(await khGrants(stack)).toContain('khNewcomer AGENCY_ADMIN');
    expect(await accountsOf()).toContainEqual(expect.objectContaining({ kind: 'ADMINISTRATOR', myegovAccount: 't.khnewcomer', active: true, form: { number: filed.number, form: 'ADMINISTRATOR' } }));
  });

  it('KH-4.2 takes the sign-offs only in order, each by the right person: the applicant, their section chief, someone else of the agency as head', async () => {
    const id = ok(await stack.as('khNewcomer')(FILE, { input: adminForm(stack) })).fileKhForm.id;
    const sign = (who: Parameters<typeof stack.as>[0], role: string) => stack.as(who)(SIGN, { id, role });
    expectRule(await sign('khSupervisor', 'SECTION_CHIEF'), 'KH-4.2'); // before the applicant
    expectRule(await sign('khSupervisor', 'APPLICANT'), 'KH-4.2'); // not the applicant
    ok(await sign('khNewcomer', 'APPLICANT'));
    expectRule(await sign('khHead', 'SECTION_CHIEF'), 'KH-4.2'); // not the applicant's supervisor
    ok(await sign('khSupervisor', 'SECTION_CHIEF'));
    expectRule(await sign('khNewcomer', 'AGENCY_HEAD'), 'KH-4.2'); // the applicant is not their own head
    expectCode(await sign('khClerk', 'AGENCY_HEAD'), 'NOT_FOUND'); // another agency's
    const before = await khSnapshot(stack);
    expectRule(await stack.as('khLabour')(REVIEW, { id, input: { decision: 'APPROVED' } }), 'KH-4.2'); // not yet signed by the head
    expect(await khSnapshot(stack)).toEqual(before);
    expect(ok(await sign('khHead', 'AGENCY_HEAD')).signKhForm.status).toBe('REVIEW');
    // Read by the IT centre, which sees every signer (the head sees only whom the directory lets them).
    expect(ok(await stack.as('khIt')(FORM, { id })).khForm.signoffs).toEqual([
      { step: 1, role: 'APPLICANT', signer: { name: '葉新進' } },
      { step: 2, role: 'SECTION_CHIEF', signer: { name: '郭科長' } },
      { step: 3, role: 'AGENCY_HEAD', signer: { name: '謝局長' } },
    ]);
    expectCode(await sign('khHead', 'AGENCY_HEAD'), 'CONFLICT'); // signed already
  });

  it('KH-4.2 the IT centre sets up only what the Labour Bureau approved, and nobody else sets it up', async () => {
    const id = await fileAndSign(stack, 'khNewcomer', adminForm(stack));
    const before = await khSnapshot(stack);
    expectRule(await stack.as('khIt')(SETUP, { id, input: {} }), 'KH-4.2'); // not reviewed yet
    await review(stack, id);
    const reviewed = await khSnapshot(stack);
    for (const who of ['khLabour', 'khAdmin'] as const) expectRule(await stack.as(who)(SETUP, { id, input: {} }), 'KH-4.2');
    expect(await khSnapshot(stack)).toEqual(reviewed);
    expect(before.permissions).toEqual(reviewed.permissions);

    const rejected = await fileAndSign(stack, 'khNewcomer', adminForm(stack, { phone: '07-3368333#2199' }));
    expect((await review(stack, rejected, 'REJECTED')).status).toBe('REJECTED');
    const afterReject = await khSnapshot(stack);
    expectCode(await stack.as('khIt')(SETUP, { id: rejected, input: {} }), 'CONFLICT');
    expect(await khSnapshot(stack)).toEqual(afterReject);
  });

  it('KH-4.2 a DELETE form, reviewed and set up the same way, revokes AGENCY_ADMIN and deletes the account', async () => {
    await makeAdministrator(stack);
    const id = await fileAndSign(stack, 'khNewcomer', adminForm(stack, { action: 'DELETE' }));
    await review(stack, id);
    ok(await stack.as('khIt')(SETUP, { id, input: { note: '已完成刪除機關管理者帳號' } }));
    expect(await khGrants(stack)).not.toContain('khNewcomer AGENCY_ADMIN');
    expect((await accountsOf('khIt', true)).find((a) => a.kind === 'ADMINISTRATOR')).toMatchObject({ active: false });
  });

  it('KH-4.2 refuses a form with missing or malformed fields, naming each, writing nothing', async () => {
    const before = await khSnapshot(stack);
    expectBadInput(await stack.as('khNewcomer')(FILE, { input: adminForm(stack, { section: '', phone: '12', email: 'no-at-sign' }) }), ['input.section', 'input.phone', 'input.email']);
    expect(await khSnapshot(stack)).toEqual(before);
  });
});

describe('KH-4.3 the querier’s account: 附表三 signed to the head, set up by the agency administrator', () => {
  it('KH-4.3 goes applicant → section chief → agency head → the agency administrator, with no Labour Bureau review', async () => {
    await agencyHolds(stack, ['C0101']);
    const id = await fileAndSign(stack, 'khNewcomer', querierForm(stack));
    const form = ok(await stack.as('khAdmin')(FORM, { id })).khForm;
    expect(form).toMatchObject({ form: 'QUERIER', action: 'ADD', status: 'SETUP', privacyAcknowledged: true, ipAddress: QUERY_IP, legalBasis: '社會救助法第5條之3' });
    expect(form.nextStep).toEqual(expect.any(String));
    expectRule(await stack.as('khLabour')(REVIEW, { id, input: { decision: 'APPROVED', items: [{ item: 'C0101', decision: 'APPROVED' }] } }), 'KH-5.1');
    const done = ok(await stack.as('khAdmin')(SETUP, { id, input: { note: '帳號已設定', items: [{ item: 'C0101', decision: 'APPROVED' }] } })).setUpKhForm;
    expect(done).toMatchObject({ status: 'DONE', setUpBy: { name: '楊機管' }, reviewer: null });
    expect(await khGrants(stack)).toContain('khNewcomer QUERIER C0101');
  });

  it('KH-4.3 neither the IT centre nor the Labour Bureau nor the querier sets up a querier account; nothing is written', async () => {
    await agencyHolds(stack, ['C0101']);
    const id = await fileAndSign(stack, 'khNewcomer', querierForm(stack));
    const before = await khSnapshot(stack);
    const input = { items: [{ item: 'C0101', decision: 'APPROVED' }] };
    for (const who of ['khIt', 'khLabour', 'khNewcomer'] as const) expectRule(await stack.as(who)(SETUP, { id, input }), 'KH-4.3');
    expectRule(await stack.as('khSupervisor')(SETUP, { id, input }), 'KH-4.3'); // the section chief who signed
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-4.3 the agency administrator, who sets a querier account up, does not also sign its form as the head', async () => {
    await agencyHolds(stack, ['C0101']);
    const filed = ok(await stack.as('khNewcomer')(FILE, { input: querierForm(stack) })).fileKhForm;
    ok(await stack.as('khNewcomer')(SIGN, { id: filed.id, role: 'APPLICANT' }));
    ok(await stack.as('khSupervisor')(SIGN, { id: filed.id, role: 'SECTION_CHIEF' }));
    const before = await khSnapshot(stack);
    expectRule(await stack.as('khAdmin')(SIGN, { id: filed.id, role: 'AGENCY_HEAD' }), 'KH-4.3');
    expect(await khSnapshot(stack)).toEqual(before);
    expect(ok(await stack.as('khHead')(SIGN, { id: filed.id, role: 'AGENCY_HEAD' })).signKhForm.status).toBe('SETUP');
  });

  it('KH-4.3 a querier form is set up only after the agency head has signed', async () => {
    await agencyHolds(stack, ['C0101']);
    const id = await fileAndSign(stack, 'khNewcomer', querierForm(stack), ['khNewcomer', 'khSupervisor']);
    const before = await khSnapshot(stack);
    expectRule(await stack.as('khAdmin')(SETUP, { id, input: { items: [{ item: 'C0101', decision: 'APPROVED' }] } }), 'KH-4.3');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-4.3 refuses a querier form without the privacy acknowledgement, the IP address or items, writing nothing', async () => {
    const before = await khSnapshot(stack);
    expectRule(await stack.as('khNewcomer')(FILE, { input: querierForm(stack, { privacyAcknowledged: false }) }), 'KH-7');
    expectBadInput(await stack.as('khNewcomer')(FILE, { input: querierForm(stack, { ipAddress: null, itemChanges: [] }) }), ['input.ipAddress', 'input.itemChanges']);
    expectBadInput(await stack.as('khNewcomer')(FILE, { input: querierForm(stack, { ipAddress: 'my-pc' }) }), ['input.ipAddress']);
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-4.3 CHANGE_ITEMS adds and removes a querier’s items on the administrator’s decision', async () => {
    await makeQuerier(stack, 'khNewcomer', ['C0101']);
    await agencyHolds(stack, ['C0201']);
    const id = await fileAndSign(stack, 'khNewcomer', querierForm(stack, { action: 'CHANGE_ITEMS', itemChanges: [{ item: 'C0201', action: 'ADD' }, { item: 'C0101', action: 'DELETE' }] }));
    ok(await stack.as('khAdmin')(SETUP, { id, input: { items: [{ item: 'C0201', decision: 'APPROVED' }, { item: 'C0101', decision: 'APPROVED' }] } }));
    expect((await khGrants(stack)).filter((g) => g.startsWith('khNewcomer'))).toEqual(['khNewcomer QUERIER C0201']);
    expect(await accountsOf()).toContainEqual(expect.objectContaining({ kind: 'QUERIER', active: true, person: { name: '葉新進' } }));
  });
});

describe('KH-3.4 the agency administrator creates and deletes querier accounts', () => {
  it('KH-3.4 a 附表三 DELETE set up by the administrator deletes the account and revokes every item', async () => {
    await makeQuerier(stack, 'khNewcomer', ['C0101', 'C0201']);
    const id = await fileAndSign(stack, 'khNewcomer', querierForm(stack, { action: 'DELETE', itemChanges: null, ipAddress: null, legalBasis: null }));
    ok(await stack.as('khAdmin')(SETUP, { id, input: { note: '已刪除' } }));
    expect((await khGrants(stack)).filter((g) => g.startsWith('khNewcomer'))).toEqual([]);
    expect(await accountsOf('khAdmin')).toEqual([]);
    expect(await accountsOf('khAdmin', true)).toEqual([expect.objectContaining({ kind: 'QUERIER', active: false })]);
  });

  it('KH-3.4 deleteKhAccount: the agency administrator deletes a querier’s account with its items; the IT centre and the Labour Bureau cannot', async () => {
    await makeQuerier(stack, 'khNewcomer', ['C0101']);
    const input = { personId: stack.fixture.person.khNewcomer, agencyId: stack.fixture.agency.khSocial, kind: 'QUERIER', reason: '調任他機關' };
    const before = await khSnapshot(stack);
    for (const who of ['khIt', 'khLabour', 'khSupervisor'] as const) expectRule(await stack.as(who)(DELETE_ACCOUNT, { input }), 'KH-4.4');
    expect(await khSnapshot(stack)).toEqual(before);
    const deleted = ok(await stack.as('khAdmin')(DELETE_ACCOUNT, { input })).deleteKhAccount;
    expect(deleted).toMatchObject({ kind: 'QUERIER', active: false, deletedReason: expect.stringContaining('調任他機關'), person: { name: '葉新進' } });
    expect((await khGrants(stack)).filter((g) => g.startsWith('khNewcomer'))).toEqual([]);
    expectCode(await stack.as('khAdmin')(DELETE_ACCOUNT, { input }), 'NOT_FOUND');
    expectBadInput(await stack.as('khAdmin')(DELETE_ACCOUNT, { input: { ...input, reason: ' ' } }), ['input.reason']);
  });

  it('KH-4.2 an administrator’s account is never deleted directly, not even by the IT centre: only on a reviewed 附表二 DELETE', async () => {
    await makeAdministrator(stack);
    const input = { personId: stack.fixture.person.khNewcomer, agencyId: stack.fixture.agency.khSocial, kind: 'ADMINISTRATOR', reason: '職務異動' };
    const before = await khSnapshot(stack);
    for (const who of ['khAdmin', 'khIt', 'khLabour'] as const) expectRule(await stack.as(who)(DELETE_ACCOUNT, { input }), 'KH-4.2');
    expect(await khSnapshot(stack)).toEqual(before);
    expect(await khGrants(stack)).toContain('khNewcomer AGENCY_ADMIN');
  });
});

describe('KH-4.4 accounts are deleted before the holder’s change of duties', () => {
  const FINDINGS = `query($on: Date!) { khAccountFindings(on: $on) { kind rule person { name } agency { name } account { kind active } effectiveOn } }`;
  // Days relative to the stack's today: the account is opened today, the duties change two months ahead.
  const today = taipeiDay(new Date(DEFAULT_TEST_NOW));
  const beforeChange = addDays(today, 30);
  const changeOn = addDays(today, 60);
  const afterChange = addDays(today, 90);
  const reassign = (on: string) =>
    stack.database.db.update(tables.people).set({ employmentStatus: 'REASSIGNED', employmentStatusEffectiveOn: on }).where(eq(tables.people.id, stack.fixture.person.khNewcomer));

  it('KH-4.4 lists an account whose holder’s duties change ahead as due for deletion, and one still active after the change as a breach', async () => {
    await makeQuerier(stack, 'khNewcomer', ['C0101']);
    expect(ok(await stack.as('khIt')(FINDINGS, { on: beforeChange })).khAccountFindings).toEqual([]);
    await reassign(changeOn);
    expect(ok(await stack.as('khAdmin')(FINDINGS, { on: beforeChange })).khAccountFindings).toEqual([
      { kind: 'DELETE_BEFORE_CHANGE', rule: 'KH-4.4', person: { name: '葉新進' }, agency: { name: '高雄市政府社會局' }, account: { kind: 'QUERIER', active: true }, effectiveOn: changeOn },
    ]);
    expect(ok(await stack.as('khLabour')(FINDINGS, { on: afterChange })).khAccountFindings).toEqual([
      { kind: 'ACTIVE_AFTER_CHANGE', rule: 'KH-4.4', person: { name: '葉新進' }, agency: { name: '高雄市政府社會局' }, account: { kind: 'QUERIER', active: true }, effectiveOn: changeOn },
    ]);
    // Deleted in time: nothing left to report.
    ok(await stack.as('khAdmin')(DELETE_ACCOUNT, { input: { personId: stack.fixture.person.khNewcomer, agencyId: stack.fixture.agency.khSocial, kind: 'QUERIER', reason: '職務異動' } }));
    expect(ok(await stack.as('khIt')(FINDINGS, { on: afterChange })).khAccountFindings).toEqual([]);
  });

  it('KH-4.4 refuses the query of a holder whose duties have changed, writing nothing', async () => {
    await makeQuerier(stack, 'khNewcomer', ['C0101']);
    const registration = await approvedRegistration(stack);
    ok(await stack.as('khNewcomer')(AUTHORIZE, { input: { registrationId: registration.id, item: 'C0101', ipAddress: QUERY_IP } }));
    await reassign(addDays(today, -1));
    const before = await khSnapshot(stack);
    // The directory already refuses someone no longer active, before the regime is asked.
    expectCode(await stack.as('khNewcomer')(AUTHORIZE, { input: { registrationId: registration.id, item: 'C0101', ipAddress: QUERY_IP } }), 'FORBIDDEN');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-4.4 the agency administrator and the regime’s bodies see the agency’s findings; an outsider none', async () => {
    await makeQuerier(stack, 'khNewcomer', ['C0101']);
    await reassign(changeOn);
    for (const who of ['khAdmin', 'khIt', 'khLabour'] as const) expect(ok(await stack.as(who)(FINDINGS, { on: beforeChange })).khAccountFindings, who).toHaveLength(1);
    for (const who of ['khClerk', 'chief', 'socialAdmin'] as const) {
      expect(ok(await stack.as(who)(FINDINGS, { on: beforeChange })).khAccountFindings, who).toEqual([]);
    }
  });
});

describe('KH-F each form is kept in three originals: the IT centre’s, the Labour Bureau’s, the agency’s', () => {
  it('KH-F records each original by its holder once the form is set up; complete when all three are kept', async () => {
    const id = await makeAdministrator(stack);
    const first = ok(await stack.as('khIt')(COPY, { id, holder: 'IT_CENTRE' })).recordKhFormCopy;
    expect(first.copies).toEqual([{ holder: 'IT_CENTRE', keptOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), keptBy: { name: '蔡資訊' } }]);
    expect(first.copiesComplete).toBe(false);
    ok(await stack.as('khLabour')(COPY, { id, holder: 'LABOUR_BUREAU' }));
    expect(ok(await stack.as('khAdmin')(COPY, { id, holder: 'AGENCY' })).recordKhFormCopy.copiesComplete).toBe(true);
    const done = ok(await stack.as('khIt')(FORM, { id })).khForm;
    expect(done.copies.map((c: { holder: string; keptBy: { name: string } }) => `${c.holder} ${c.keptBy.name}`).sort()).toEqual(['AGENCY 楊機管', 'IT_CENTRE 蔡資訊', 'LABOUR_BUREAU 洪勞審']);
    expect(done.copiesComplete).toBe(true);
    expect(codes(await stack.as('khIt')(COPY, { id, holder: 'IT_CENTRE' }))).toEqual(['CONFLICT']);
  });

  it('KH-F each original is recorded only by its holder, and only after set-up; nothing is written when refused', async () => {
    const id = await fileAndSign(stack, 'khNewcomer', adminForm(stack));
    const before = await khSnapshot(stack);
    expectRule(await stack.as('khIt')(COPY, { id, holder: 'IT_CENTRE' }), 'KH-F'); // not set up yet
    expect(await khSnapshot(stack)).toEqual(before);
    await review(stack, id);
    ok(await stack.as('khIt')(SETUP, { id, input: {} }));
    const setUp = await khSnapshot(stack);
    expectRule(await stack.as('khIt')(COPY, { id, holder: 'LABOUR_BUREAU' }), 'KH-F');
    expectRule(await stack.as('khLabour')(COPY, { id, holder: 'AGENCY' }), 'KH-F');
    expectRule(await stack.as('khAdmin')(COPY, { id, holder: 'IT_CENTRE' }), 'KH-F');
    // The newcomer is now an administrator too; a querier of the agency is not the agency's keeper.
    expectCode(await stack.as('khQuerier')(COPY, { id, holder: 'AGENCY' }), 'NOT_FOUND');
    expect(await khSnapshot(stack)).toEqual(setUp);
  });
});
