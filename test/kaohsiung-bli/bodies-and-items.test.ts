import { describe, expect, it } from 'vitest';
import { codes } from '../helpers/client.ts';
import {
  APPROVE_AGENCY,
  BLI_DECISION,
  BLI_LETTER,
  changeAgencyItems,
  CITY_ITEMS,
  expectBadInput,
  expectCode,
  expectRule,
  FILE,
  fileAndSign,
  FORM,
  heldItems,
  HOLDINGS,
  itemsForm,
  khGrants,
  khSnapshot,
  khStack,
  makeQuerier,
  ok,
  querierForm,
  REVIEW,
  review,
  SETUP,
  WITHDRAW_AGENCY,
} from '../helpers/kaohsiung.ts';

const stack = khStack();

const REQUESTING = `query($all: Boolean) { khRequestingAgencies(includeWithdrawn: $all) { status legalBasis agency { name } approvedBy { name } withdrawalReason } }`;

describe('KH-2.1 the bodies: only agencies the Labour Bureau approved hold accounts', () => {
  it('KH-2.1 the Labour Bureau approves a requesting agency (資訊需求機關), recording its legal basis and approver', async () => {
    const res = ok(await stack.as('khIt')(REQUESTING));
    expect(res.khRequestingAgencies).toEqual([{ status: 'APPROVED', legalBasis: '社會救助法第5條之3', agency: { name: '高雄市政府社會局' }, approvedBy: { name: '洪勞審' }, withdrawalReason: null }]);
    const civil = ok(await stack.as('khLabour')(APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency.khCivil, legalBasis: '戶籍法' } })).approveKhRequestingAgency;
    expect(civil).toMatchObject({ status: 'APPROVED', agency: { name: '高雄市政府民政局' }, approvedBy: { name: '洪勞審' }, withdrawnAt: null });
    const again = await stack.as('khLabour')(APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency.khCivil, legalBasis: '戶籍法' } });
    expect(codes(again)).toEqual(['CONFLICT']);
  });

  it('KH-2.1 nobody but the Labour Bureau approves a requesting agency, and nothing is written when refused', async () => {
    const before = await khSnapshot(stack);
    for (const who of ['khIt', 'khAdmin', 'khClerk'] as const) {
      expectRule(await stack.as(who)(APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency.khCivil, legalBasis: '戶籍法' } }), 'KH-2.1');
    }
    // A Tainan agency is no Kaohsiung requesting agency, whoever asks.
    expectCode(await stack.as('khLabour')(APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency.social, legalBasis: '社會救助法' } }), 'BAD_USER_INPUT');
    expectRule(await stack.as('chief')(APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency.khCivil, legalBasis: '戶籍法' } }), 'KH-2.1');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-2.1 an approval without a legal basis is refused, naming the field', async () => {
    const before = await khSnapshot(stack);
    expectBadInput(await stack.as('khLabour')(APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency.khCivil, legalBasis: '  ' } }), ['input.legalBasis']);
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-2.1 refuses the forms of an agency the Labour Bureau has not approved, writing nothing', async () => {
    const before = await khSnapshot(stack);
    const clerk = { agencyId: stack.fixture.agency.khCivil, myegovAccount: stack.fixture.account.khClerk, email: 'clerk@kcg.gov.tw' };
    expectRule(await stack.as('khClerk')(FILE, { input: querierForm(stack, clerk) }), 'KH-2.1');
    expectRule(await stack.as('khClerk')(FILE, { input: { ...querierForm(stack, clerk), form: 'ADMINISTRATOR', itemChanges: null, privacyAcknowledged: false } }), 'KH-2.1');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-2.1 withdrawing the approval ends every BLI account, permission and item at the agency in one step', async () => {
    await makeQuerier(stack, 'khNewcomer', ['C0101', 'C0201']);
    expect(await khGrants(stack)).toEqual(['khAdmin AGENCY_ADMIN', 'khNewcomer QUERIER C0101', 'khNewcomer QUERIER C0201', 'khQuerier QUERIER C0101']);
    expect(await heldItems(stack, 'khSocial')).toEqual(['C0101', 'C0201']);

    expectRule(await stack.as('khIt')(WITHDRAW_AGENCY, { agencyId: stack.fixture.agency.khSocial, reason: '業務移撥' }), 'KH-2.1');
    const res = ok(await stack.as('khLabour')(WITHDRAW_AGENCY, { agencyId: stack.fixture.agency.khSocial, reason: '業務移撥' })).withdrawKhRequestingAgency;
    expect(res).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: '業務移撥', agency: { name: '高雄市政府社會局' } });
    expect(res.withdrawnAt).toEqual(expect.any(String));

    expect(await khGrants(stack)).toEqual([]);
    expect(await heldItems(stack, 'khSocial')).toEqual([]);
    expect(await heldItems(stack, null)).toEqual(CITY_ITEMS.slice().sort()); // the city's items are the city's
    const snapshot = await khSnapshot(stack);
    expect((snapshot.accounts as { status: string }[]).map((a) => a.status)).toEqual(['DELETED']);
    // The agency is no longer a requesting agency: its people file nothing more.
    expectRule(await stack.as('khNewcomer')(FILE, { input: querierForm(stack) }), 'KH-2.1');
    const listed = ok(await stack.as('khLabour')(REQUESTING, { all: true })).khRequestingAgencies;
    expect(listed).toEqual([expect.objectContaining({ status: 'WITHDRAWN', withdrawalReason: '業務移撥' })]);
    expect(ok(await stack.as('khLabour')(REQUESTING)).khRequestingAgencies).toEqual([]);
  });
});

describe('KH-3.1 the city’s items change only on the BLI’s decision, recorded by the IT centre', () => {
  it('KH-3.1 the IT centre records the BLI’s decision: the city holds the items, citing the letter', async () => {
    const city = ok(await stack.as('khIt')(HOLDINGS, { level: 'CITY' })).khItemHoldings;
    expect(city.map((h: { item: string }) => h.item).sort()).toEqual(CITY_ITEMS.slice().sort());
    expect(city.every((h: { level: string; active: boolean; decisionReference: string; agency: unknown }) => h.level === 'CITY' && h.active && h.decisionReference === BLI_LETTER && h.agency === null)).toBe(true);

    const added = ok(await stack.as('khIt')(BLI_DECISION, { input: { items: ['C0301'], action: 'ADD', reference: '勞保資字第1150000002號', legalBasis: '身心障礙者權益保障法' } })).recordKhBliDecision;
    expect(added).toEqual([expect.objectContaining({ level: 'CITY', item: 'C0301', active: true, decisionReference: '勞保資字第1150000002號', grantedBy: { name: '蔡資訊' } })]);
    expect(added[0].itemName).toMatch(/身心障礙政府補助費/);
    const removed = ok(await stack.as('khIt')(BLI_DECISION, { input: { items: ['B0101'], action: 'DELETE', reference: '勞保資字第1150000003號', legalBasis: '勞工保險條例' } })).recordKhBliDecision;
    expect(removed.map((h: { item: string }) => h.item)).toEqual(['B0101']);
    expect(await heldItems(stack, null)).toEqual(['C0101', 'C0201', 'C0301']);
  });

  it('KH-3.1 nobody but the IT centre records the BLI’s decision; nothing changes when refused', async () => {
    const before = await khSnapshot(stack);
    const input = { items: ['C0301'], action: 'ADD', reference: '勞保資字第1150000002號', legalBasis: '身心障礙者權益保障法' };
    for (const who of ['khLabour', 'khAdmin'] as const) expectRule(await stack.as(who)(BLI_DECISION, { input }), 'KH-3.1');
    expectRule(await stack.as('chief')(BLI_DECISION, { input }), 'KH-3.1');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-3.1 refuses a decision without the BLI’s letter, with an unknown item, or adding an item the city holds', async () => {
    const before = await khSnapshot(stack);
    expectBadInput(await stack.as('khIt')(BLI_DECISION, { input: { items: ['C0301'], action: 'ADD', reference: ' ', legalBasis: '勞工保險條例' } }), ['input.reference']);
    expectBadInput(await stack.as('khIt')(BLI_DECISION, { input: { items: ['Z9999'], action: 'ADD', reference: BLI_LETTER, legalBasis: '勞工保險條例' } }), ['input.items']);
    expectBadInput(await stack.as('khIt')(BLI_DECISION, { input: { items: [], action: 'ADD', reference: BLI_LETTER, legalBasis: '勞工保險條例' } }), ['input.items']);
    expectCode(await stack.as('khIt')(BLI_DECISION, { input: { items: ['C0101'], action: 'ADD', reference: BLI_LETTER, legalBasis: '勞工保險條例' } }), 'CONFLICT');
    expectCode(await stack.as('khIt')(BLI_DECISION, { input: { items: ['C0302'], action: 'DELETE', reference: BLI_LETTER, legalBasis: '勞工保險條例' } }), 'CONFLICT');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-3.1 an item the city lacks is set up for an agency only with the BLI’s decision, which also gives it to the city', async () => {
    const id = await fileAndSign(stack, 'khAdmin', itemsForm(stack, [{ item: 'C0101', action: 'ADD' }, { item: 'N0101', action: 'ADD' }]));
    await review(stack, id, 'APPROVED', ['C0101', 'N0101']);
    // The Labour Bureau's approval is no BLI decision: the city's items have not changed.
    expect(await heldItems(stack, null)).toEqual(CITY_ITEMS.slice().sort());
    const before = await khSnapshot(stack);
    expectBadInput(await stack.as('khIt')(SETUP, { id, input: { note: '設定' } }), ['input.bliDecisions']);
    expectBadInput(await stack.as('khIt')(SETUP, { id, input: { bliDecisions: [{ item: 'N0101', decision: 'APPROVED' }] } }), ['input.bliReference']);
    expect(await khSnapshot(stack)).toEqual(before);

    const done = ok(await stack.as('khIt')(SETUP, { id, input: { bliDecisions: [{ item: 'N0101', decision: 'APPROVED' }], bliReference: '勞保資字第1150000009號' } })).setUpKhForm;
    expect(done.status).toBe('DONE');
    expect(done.itemChanges).toEqual([
      { item: 'C0101', action: 'ADD', decision: 'APPROVED', bliDecision: null },
      { item: 'N0101', action: 'ADD', decision: 'APPROVED', bliDecision: 'APPROVED' },
    ]);
    expect(await heldItems(stack, 'khSocial')).toEqual(['C0101', 'N0101']);
    expect(await heldItems(stack, null)).toEqual(['B0101', 'C0101', 'C0201', 'N0101']);
    const city = ok(await stack.as('khLabour')(HOLDINGS, { level: 'CITY' })).khItemHoldings;
    expect(city.find((h: { item: string }) => h.item === 'N0101')).toMatchObject({ decisionReference: '勞保資字第1150000009號', active: true });
  });

  it('KH-3.1 when the BLI refuses an item the city lacks, neither the city nor the agency gets it', async () => {
    const id = await fileAndSign(stack, 'khAdmin', itemsForm(stack, [{ item: 'C0201', action: 'ADD' }, { item: 'T0101', action: 'ADD' }]));
    await review(stack, id, 'APPROVED', ['C0201', 'T0101']);
    const done = ok(await stack.as('khIt')(SETUP, { id, input: { bliDecisions: [{ item: 'T0101', decision: 'REJECTED' }], bliReference: '勞保資字第1150000010號' } })).setUpKhForm;
    expect(done.itemChanges).toEqual([
      { item: 'C0201', action: 'ADD', decision: 'APPROVED', bliDecision: null },
      { item: 'T0101', action: 'ADD', decision: 'APPROVED', bliDecision: 'REJECTED' },
    ]);
    expect(await heldItems(stack, 'khSocial')).toEqual(['C0201']);
    expect(await heldItems(stack, null)).toEqual(CITY_ITEMS.slice().sort());
  });
});

describe('KH-3.2 the Labour Bureau reviews the agencies’ item applications, item by item', () => {
  it('KH-3.2 the Labour Bureau decides each item; what it refuses is not set up', async () => {
    const id = await fileAndSign(stack, 'khAdmin', itemsForm(stack, [{ item: 'C0101', action: 'ADD' }, { item: 'B0101', action: 'ADD' }]));
    expect(ok(await stack.as('khAdmin')(FORM, { id })).khForm).toMatchObject({ status: 'REVIEW', form: 'ITEMS', action: 'CHANGE_ITEMS' });
    const reviewed = ok(
      await stack.as('khLabour')(REVIEW, { id, input: { decision: 'APPROVED', note: 'B0101 與業務無關', items: [{ item: 'C0101', decision: 'APPROVED' }, { item: 'B0101', decision: 'REJECTED' }] } }),
    ).reviewKhForm;
    expect(reviewed).toMatchObject({ status: 'SETUP', reviewer: { name: '洪勞審' }, reviewNote: 'B0101 與業務無關' });
    expect(reviewed.itemChanges).toEqual([
      { item: 'C0101', action: 'ADD', decision: 'APPROVED', bliDecision: null },
      { item: 'B0101', action: 'ADD', decision: 'REJECTED', bliDecision: null },
    ]);
    ok(await stack.as('khIt')(SETUP, { id, input: { note: '已設定' } }));
    expect(await heldItems(stack, 'khSocial')).toEqual(['C0101']);
  });

  it('KH-3.2 nobody but the Labour Bureau reviews, not the IT centre nor the agency’s administrator; nothing is written', async () => {
    const id = await fileAndSign(stack, 'khAdmin', itemsForm(stack, [{ item: 'C0101', action: 'ADD' }]));
    const before = await khSnapshot(stack);
    const input = { decision: 'APPROVED', items: [{ item: 'C0101', decision: 'APPROVED' }] };
    for (const who of ['khIt', 'khAdmin'] as const) expectRule(await stack.as(who)(REVIEW, { id, input }), 'KH-3.2');
    expectRule(await stack.as('khHead')(REVIEW, { id, input }), 'KH-3.2'); // the head who signed
    expectCode(await stack.as('chief')(REVIEW, { id, input }), 'NOT_FOUND');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-3.2 a review must decide every item of the form, and only those', async () => {
    const id = await fileAndSign(stack, 'khAdmin', itemsForm(stack, [{ item: 'C0101', action: 'ADD' }, { item: 'C0201', action: 'ADD' }]));
    const before = await khSnapshot(stack);
    expectBadInput(await stack.as('khLabour')(REVIEW, { id, input: { decision: 'APPROVED' } }), ['input.items']);
    expectBadInput(await stack.as('khLabour')(REVIEW, { id, input: { decision: 'APPROVED', items: [{ item: 'C0101', decision: 'APPROVED' }] } }), ['input.items']);
    expectBadInput(
      await stack.as('khLabour')(REVIEW, { id, input: { decision: 'APPROVED', items: [{ item: 'C0101', decision: 'APPROVED' }, { item: 'C0201', decision: 'APPROVED' }, { item: 'B0101', decision: 'APPROVED' }] } }),
      ['input.items'],
    );
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-3.2 a form is reviewed only once fully signed, and only once; a rejected form is never set up', async () => {
    const filed = ok(await stack.as('khAdmin')(FILE, { input: itemsForm(stack, [{ item: 'C0101', action: 'ADD' }]) })).fileKhForm;
    expect(filed.status).toBe('SIGNING');
    const input = { decision: 'REJECTED', note: '法令依據不足', items: [{ item: 'C0101', decision: 'REJECTED' }] };
    expectRule(await stack.as('khLabour')(REVIEW, { id: filed.id, input }), 'KH-3.2');

    const id = await fileAndSign(stack, 'khAdmin', itemsForm(stack, [{ item: 'C0101', action: 'ADD' }]));
    expect(ok(await stack.as('khLabour')(REVIEW, { id, input })).reviewKhForm).toMatchObject({ status: 'REJECTED', reviewNote: '法令依據不足' });
    expectCode(await stack.as('khLabour')(REVIEW, { id, input: { ...input, decision: 'APPROVED', items: [{ item: 'C0101', decision: 'APPROVED' }] } }), 'CONFLICT');
    const before = await khSnapshot(stack);
    expectCode(await stack.as('khIt')(SETUP, { id, input: {} }), 'CONFLICT');
    expect(await khSnapshot(stack)).toEqual(before);
    expect(await heldItems(stack, 'khSocial')).toEqual([]);
  });
});

describe('KH-5.1 the service-item change (附表四 + 查調服務項目申請表)', () => {
  it('KH-5.1 the agency administrator applies with the legal basis, the IP address and the items; three sign-offs; set up by the IT centre', async () => {
    const filed = ok(await stack.as('khAdmin')(FILE, { input: itemsForm(stack, [{ item: 'C0101', action: 'ADD' }]) })).fileKhForm;
    expect(filed).toMatchObject({ form: 'ITEMS', action: 'CHANGE_ITEMS', status: 'SIGNING', applicant: { name: '楊機管' }, legalBasis: '社會救助法第5條之3、第44條之2', ipAddress: '10.20.30.40' });
    expect(filed.number).toEqual(expect.any(String));
    for (const [who, role] of [['khAdmin', 'APPLICANT'], ['khSupervisor', 'SECTION_CHIEF'], ['khHead', 'AGENCY_HEAD']] as const) ok(await stack.as(who)(`mutation($id: ID!, $role: KhSignoffRole!) { signKhForm(id: $id, role: $role) { id } }`, { id: filed.id, role }));
    const form = ok(await stack.as('khAdmin')(FORM, { id: filed.id })).khForm;
    expect(form.signoffs).toEqual([
      { step: 1, role: 'APPLICANT', signer: { name: '楊機管' } },
      { step: 2, role: 'SECTION_CHIEF', signer: { name: '郭科長' } },
      { step: 3, role: 'AGENCY_HEAD', signer: { name: '謝局長' } },
    ]);
    expect(form.status).toBe('REVIEW');
    await review(stack, filed.id, 'APPROVED', ['C0101']);
    // The Labour Bureau reviews; the IT centre, not the Labour Bureau or the agency, sets up.
    for (const who of ['khLabour', 'khAdmin'] as const) expectRule(await stack.as(who)(SETUP, { id: filed.id, input: {} }), 'KH-3.1');
    const done = ok(await stack.as('khIt')(SETUP, { id: filed.id, input: { note: '已完成設定' } })).setUpKhForm;
    expect(done).toMatchObject({ status: 'DONE', setUpBy: { name: '蔡資訊' }, setUpNote: '已完成設定' });
    const holdings = ok(await stack.as('khAdmin')(HOLDINGS, { level: 'AGENCY', agencyId: stack.fixture.agency.khSocial })).khItemHoldings;
    expect(holdings).toEqual([expect.objectContaining({ level: 'AGENCY', item: 'C0101', active: true, decisionReference: filed.number, agency: { name: '高雄市政府社會局' } })]);
  });

  it('KH-5.1 refuses a form without legal basis, IP address or items, or with unknown items, naming each field and writing nothing', async () => {
    const before = await khSnapshot(stack);
    expectBadInput(await stack.as('khAdmin')(FILE, { input: itemsForm(stack, [{ item: 'C0101', action: 'ADD' }], { legalBasis: null, ipAddress: null }) }), ['input.legalBasis', 'input.ipAddress']);
    expectBadInput(await stack.as('khAdmin')(FILE, { input: itemsForm(stack, [{ item: 'C0101', action: 'ADD' }], { ipAddress: '10.20.30.400' }) }), ['input.ipAddress']);
    expectBadInput(await stack.as('khAdmin')(FILE, { input: itemsForm(stack, []) }), ['input.itemChanges']);
    expectBadInput(await stack.as('khAdmin')(FILE, { input: itemsForm(stack, [{ item: 'X0101', action: 'ADD' }]) }), ['input.itemChanges']);
    expectBadInput(await stack.as('khAdmin')(FILE, { input: itemsForm(stack, [{ item: 'C0101', action: 'ADD' }], { section: ' ', phone: 'x', email: 'nope' }) }), ['input.section', 'input.phone', 'input.email']);
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-5.1 only the agency administrator files the agency’s item application', async () => {
    const before = await khSnapshot(stack);
    for (const who of ['khNewcomer', 'khHead'] as const) expectRule(await stack.as(who)(FILE, { input: itemsForm(stack, [{ item: 'C0101', action: 'ADD' }]) }), 'KH-3.4');
    // The Labour Bureau's reviewer is not of the agency: refused as a rule, or as input naming the agency.
    expectRule(await stack.as('khLabour')(FILE, { input: itemsForm(stack, [{ item: 'C0101', action: 'ADD' }]) }), 'KH-3.4');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-5.1 deleting an agency item revokes it from the agency’s queriers', async () => {
    await makeQuerier(stack, 'khNewcomer', ['C0101', 'C0201']);
    expect(await khGrants(stack)).toContain('khNewcomer QUERIER C0201');
    await changeAgencyItems(stack, [{ item: 'C0201', action: 'DELETE' }]);
    expect(await heldItems(stack, 'khSocial')).toEqual(['C0101']);
    const grants = await khGrants(stack);
    expect(grants).toContain('khNewcomer QUERIER C0101');
    expect(grants).not.toContain('khNewcomer QUERIER C0201');
  });

  it('KH-5.1 the agency administrator decides each item of a querier’s 附表三; an item the agency does not hold cannot be granted', async () => {
    await changeAgencyItems(stack, [{ item: 'C0101', action: 'ADD' }]);
    const id = await fileAndSign(stack, 'khNewcomer', querierForm(stack, { itemChanges: [{ item: 'C0101', action: 'ADD' }, { item: 'C0201', action: 'ADD' }] }));
    const before = await khSnapshot(stack);
    // C0201 is the city's, but not the agency's: granting it is refused, and nothing else is granted either.
    expectRule(await stack.as('khAdmin')(SETUP, { id, input: { items: [{ item: 'C0101', decision: 'APPROVED' }, { item: 'C0201', decision: 'APPROVED' }] } }), 'KH-5.2');
    expectBadInput(await stack.as('khAdmin')(SETUP, { id, input: { items: [{ item: 'C0101', decision: 'APPROVED' }] } }), ['input.items']);
    expect(await khSnapshot(stack)).toEqual(before);
    const done = ok(await stack.as('khAdmin')(SETUP, { id, input: { items: [{ item: 'C0101', decision: 'APPROVED' }, { item: 'C0201', decision: 'REJECTED' }] } })).setUpKhForm;
    expect(done.itemChanges).toEqual([
      { item: 'C0101', action: 'ADD', decision: 'APPROVED', bliDecision: null },
      { item: 'C0201', action: 'ADD', decision: 'REJECTED', bliDecision: null },
    ]);
    const grants = await khGrants(stack);
    expect(grants.filter((g) => g.startsWith('khNewcomer'))).toEqual(['khNewcomer QUERIER C0101']);
  });
});
