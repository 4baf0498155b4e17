import { describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { tables } from '@webir/db';
import {
  ACME,
  APPLICATION_FIELDS,
  APPROVE,
  clientList,
  completeApplication,
  CREATE,
  failed,
  nwStack,
  ok,
  REJECT,
  registerItUnit,
  SUBMIT,
  submittedApplication,
  UPDATE,
} from '../helpers/nhi-network.ts';

const stack = nwStack();
const rows = async () => ({
  applications: (await stack.database.db.select({ n: count() }).from(tables.nwApplications))[0]!.n,
  clients: (await stack.database.db.select({ n: count() }).from(tables.nwClients))[0]!.n,
});
const GET = `query($id: ID!) { nhiNetworkApplication(id: $id) { ${APPLICATION_FIELDS} } }`;

async function draft(input: Record<string, unknown> = {}) {
  const unitId = await registerItUnit(stack);
  const res = ok(await stack.by('acmeContact')(CREATE, { unitId, input }));
  return { unitId, id: res.createNetworkApplication.id as string, application: res.createNetworkApplication };
}

describe('an IT service unit’s application (附件一, 二, 三)', () => {
  it('NW-F1 keeps every field of 附件一, normalised, with the unified business number checksum-checked', async () => {
    const { application } = await draft(completeApplication(stack, 2, 19));
    expect(application).toMatchObject({
      status: 'DRAFT',
      companyName: ACME.name,
      businessNumber: ACME.businessNumber,
      phone: '0223456789',
      fax: '0223456790',
      contactTitle: '業務經理',
      contactPhone: '0223456789#201',
      email: 'service@acme.com.tw',
      website: 'https://www.acme.com.tw',
      address: ACME.address,
      contact: { name: '羅聯絡' },
      clientCounts: { medicalCentres: 0, regionalHospitals: 0, districtHospitals: 2, clinics: 19, pharmacies: 0, other: 0 },
    });
    expect(application.number).toMatch(/^NW-20260302-[0-9A-F]{6}$/);
    expect(application.documents.every((d: { present: boolean }) => d.present)).toBe(true);
  });

  it('NW-F1 refuses a bad form with every violation named and writes nothing', async () => {
    const unitId = await registerItUnit(stack);
    const error = failed(
      await stack.by('acmeContact')(CREATE, {
        unitId,
        input: {
          businessNumber: '12345678',
          phone: 'call us',
          fax: '12',
          contactPhone: '02-2345-6789 ext',
          email: 'service@acme',
          website: 'not a site',
          companyName: ' ',
          ownerId: '00000000-0000-4000-8000-000000000000',
          clientCounts: { medicalCentres: -1, regionalHospitals: 0, districtHospitals: 0, clinics: -2, pharmacies: 0, other: 0 },
        },
      }),
      'BAD_USER_INPUT',
    );
    const fields = error.extensions!.violations.map((v: { field: string }) => v.field);
    expect(fields).toEqual(
      expect.arrayContaining(['input.businessNumber', 'input.phone', 'input.fax', 'input.contactPhone', 'input.email', 'input.website', 'input.companyName', 'input.ownerId', 'input.clientCounts.medicalCentres', 'input.clientCounts.clinics']),
    );
    expect(await rows()).toEqual({ applications: 0, clients: 0 });
  });

  it('NW-F2 records the pledge’s services one per line, and refuses an empty pledge', async () => {
    const { id } = await draft({ pledge: { services: ['障礙排除\n版本升級與維護', '資安環境建置'], signedOn: '2026-02-25' } });
    const got = ok(await stack.by('acmeContact')(GET, { id })).nhiNetworkApplication;
    expect(got.pledge).toEqual({ services: ['障礙排除', '版本升級與維護', '資安環境建置'], signedOn: '2026-02-25' });
    const empty = failed(await stack.by('acmeContact')(UPDATE, { id, input: { pledge: { services: [], signedOn: '2026-02-25' } } }), 'BAD_USER_INPUT');
    expect(empty.message).toMatch(/NW-F2/);
    const blank = failed(await stack.by('acmeContact')(UPDATE, { id, input: { pledge: { services: ['障礙排除', '  '], signedOn: '2026-02-25' } } }), 'BAD_USER_INPUT');
    expect(blank.extensions!.field).toBe('input.pledge.services.1');
    expect(ok(await stack.by('acmeContact')(GET, { id })).nhiNetworkApplication.pledge.services).toHaveLength(3);
  });

  it('NW-F3 checks the client list: level 1 or 2, a 10-character code, name, contact and phone, no institution twice', async () => {
    const { id } = await draft({ clients: clientList(1, 2) });
    const bad = [
      { level: 3, institutionCode: '3500000001', name: '甲院', contactName: '王', phone: '02-27061000' },
      { level: 1, institutionCode: '350000', name: '乙院', contactName: '李', phone: '02-27061001' },
      { level: 1, institutionCode: '3500000001', name: '丙院', contactName: '', phone: 'none' },
      { level: 2, institutionCode: '3500000003', name: ' ', contactName: '林', phone: '02-27061003' },
    ];
    const error = failed(await stack.by('acmeContact')(UPDATE, { id, input: { clients: bad } }), 'BAD_USER_INPUT');
    expect(error.extensions!.violations.map((v: { field: string }) => v.field)).toEqual([
      'input.clients.0.level',
      'input.clients.1.institutionCode',
      'input.clients.2.institutionCode',
      'input.clients.2.contactName',
      'input.clients.2.phone',
      'input.clients.3.name',
    ]);
    expect(error.message).toMatch(/3500000001 is listed twice \(rows 1 and 3\)/);
    // Nothing was replaced: the list is still the three rows saved.
    expect(ok(await stack.by('acmeContact')(GET, { id })).nhiNetworkApplication.clients).toHaveLength(3);
    expect(await rows()).toEqual({ applications: 1, clients: 3 });
  });

  it('NW-F3 refuses to submit when the form’s counts by level disagree with the list', async () => {
    const { id } = await draft(completeApplication(stack, 1, 20, { clientCounts: { medicalCentres: 1, regionalHospitals: 1, districtHospitals: 0, clinics: 18, pharmacies: 1, other: 0 } }));
    const error = failed(await stack.by('acmeContact')(SUBMIT, { id }), 'RULE_VIOLATION', 'NW-F3');
    expect(error.extensions).toMatchObject({ form: { level2: 2, level1: 19 }, list: { level2: 1, level1: 20 } });
    expect(ok(await stack.by('acmeContact')(GET, { id })).nhiNetworkApplication.status).toBe('DRAFT');
    // Corrected, it goes through.
    ok(await stack.by('acmeContact')(UPDATE, { id, input: { clientCounts: { medicalCentres: 0, regionalHospitals: 1, districtHospitals: 0, clinics: 18, pharmacies: 1, other: 1 } } }));
    expect(ok(await stack.by('acmeContact')(SUBMIT, { id })).submitNetworkApplication.status).toBe('SUBMITTED');
  });

  it('NW-5.1 cannot submit until the four documents are there: the form, the stamped registration, the pledge, the client list', async () => {
    const full = completeApplication(stack);
    const { id } = await draft({ companyName: full.companyName, businessNumber: full.businessNumber });
    const error = failed(await stack.by('acmeContact')(SUBMIT, { id }), 'RULE_VIOLATION', 'NW-5.1');
    expect(error.extensions!.missing.map((d: { document: string }) => d.document)).toEqual(['APPLICATION_FORM', 'COMPANY_REGISTRATION', 'PLEDGE', 'CLIENT_LIST']);
    expect(error.extensions!.missing[0].missing).toEqual(expect.arrayContaining(['fax (公司傳真)', 'website (網址)', 'clientCounts (院所客戶數)']));
    // An unstamped print-out is not the document.
    const { clients, ...rest } = full;
    ok(await stack.by('acmeContact')(UPDATE, { id, input: { ...rest, registration: { ...full.registration, stamped: false } } }));
    const unstamped = failed(await stack.by('acmeContact')(SUBMIT, { id }), 'RULE_VIOLATION', 'NW-5.1');
    expect(unstamped.extensions!.missing).toEqual([
      { document: 'COMPANY_REGISTRATION', present: false, missing: ['the company’s stamp (加蓋公司章)'] },
      { document: 'CLIENT_LIST', present: false, missing: ['at least one client'] },
    ]);
    ok(await stack.by('acmeContact')(UPDATE, { id, input: { registration: full.registration, clients } }));
    const submitted = ok(await stack.by('acmeContact')(SUBMIT, { id })).submitNetworkApplication;
    expect(submitted).toMatchObject({ status: 'SUBMITTED', unit: { status: 'APPLYING' } });
  });

  it('NW-5.2 refuses a name other than the registered company name, or an address other than the registered address', async () => {
    const full = completeApplication(stack);
    const { id } = await draft({ ...full, companyName: '安可資訊', address: '臺北市大安區仁愛路四段1號' });
    const error = failed(await stack.by('acmeContact')(SUBMIT, { id }), 'RULE_VIOLATION', 'NW-5.2');
    expect(error.message).toMatch(/not the registered company name/);
    expect(error.message).toMatch(/not the registered company address/);
    // 台/臺 and spacing are the same address.
    ok(await stack.by('acmeContact')(UPDATE, { id, input: { companyName: ACME.name, address: '台北市信義區 信義路三段140號14樓' } }));
    expect(ok(await stack.by('acmeContact')(SUBMIT, { id })).submitNetworkApplication.status).toBe('SUBMITTED');
  });

  it('NW-5.2 refuses a registration print-out of a company other than the applying unit, even when the form agrees with it', async () => {
    const other = '別家資訊股份有限公司';
    const full = completeApplication(stack);
    const { id } = await draft({ ...full, companyName: other, registration: { ...full.registration, name: other } });
    const error = failed(await stack.by('acmeContact')(SUBMIT, { id }), 'RULE_VIOLATION', 'NW-5.2');
    expect(error.message).toContain(`the registered company name ${other} is not the applying unit's name ${ACME.name}`);
    expect(ok(await stack.by('acmeContact')(GET, { id })).nhiNetworkApplication.status).toBe('DRAFT');
    // Full-width and spacing aside, the unit's own name is taken.
    ok(await stack.by('acmeContact')(UPDATE, { id, input: { companyName: ACME.name, registration: { ...full.registration, name: ` ${ACME.name.slice(0, 2)} ${ACME.name.slice(2)}` } } }));
    expect(ok(await stack.by('acmeContact')(SUBMIT, { id })).submitNetworkApplication.status).toBe('SUBMITTED');
  });

  it('NW-5.1 applications started at once for one unit: one draft, the others refused', async () => {
    const unitId = await registerItUnit(stack);
    const all = await Promise.all(Array.from({ length: 6 }, (_, i) => stack.by(i % 2 ? 'acmeOwner' : 'acmeContact')(CREATE, { unitId, input: { companyName: ACME.name } })));
    const created = all.filter((r) => !r.errors);
    expect(created).toHaveLength(1);
    for (const refused of all.filter((r) => r.errors)) {
      expect(failed(refused, 'CONFLICT').extensions!.applicationId).toBe(created[0]!.data!.createNetworkApplication.id);
    }
    expect((await rows()).applications).toBe(1);
  });

  it('NW-4.2 decides eligibility from the client list: 20 contracted clients, or 5 district hospitals or above, with how far short', async () => {
    const cases: [number, number, boolean, string | null, number, number][] = [
      // district or above, others, eligible, passed by, short of 20, short of 5
      [0, 20, true, 'TWENTY_CONTRACTED_CLIENTS', 0, 5],
      [5, 0, true, 'FIVE_DISTRICT_HOSPITALS_OR_ABOVE', 15, 0],
      [4, 15, false, null, 1, 1],
      [2, 3, false, null, 15, 3],
    ];
    const { id } = await draft(completeApplication(stack));
    for (const [district, other, eligible, passedBy, short20, short5] of cases) {
      const got = ok(await stack.by('acmeContact')(UPDATE, { id, input: { clients: clientList(district, other) } })).updateNetworkApplication;
      expect(got.eligibility, `${district} + ${other}`).toMatchObject({ eligible, passedBy });
      expect(got.eligibility.checks).toEqual([
        { test: 'TWENTY_CONTRACTED_CLIENTS', passed: short20 === 0, required: 20, actual: district + other, shortBy: short20 },
        { test: 'FIVE_DISTRICT_HOSPITALS_OR_ABOVE', passed: short5 === 0, required: 5, actual: district, shortBy: short5 },
        { test: 'IT_BUSINESS_ITEMS', passed: true, required: 1, actual: 2, shortBy: 0 },
      ]);
    }
    const last = ok(await stack.by('acmeContact')(GET, { id })).nhiNetworkApplication.eligibility;
    expect(last.explanation).toBe(
      'NW-4.2 not eligible: neither client test passes: 5 contracted clients is 15 short of 20, and 2 district hospitals or above is 3 short of 5; the registered business items cover IT services.',
    );
    // A company whose registered business items are not IT services is not eligible, whatever its clients.
    const notIt = ok(
      await stack.by('acmeContact')(UPDATE, {
        id,
        input: { clients: clientList(6, 20), registration: { ...completeApplication(stack).registration, businessItems: [{ code: 'F501060', name: '餐館業' }] } },
      }),
    ).updateNetworkApplication.eligibility;
    expect(notIt).toMatchObject({ eligible: false, passedBy: 'TWENTY_CONTRACTED_CLIENTS' });
    expect(notIt.explanation).toMatch(/include none of the IT services/);
  });

  it('NW-4.2 refuses to approve an ineligible unit, saying which test failed and by how much', async () => {
    const { applicationId } = await submittedApplication(stack, 4, 15);
    const error = failed(await stack.by('reviewer')(APPROVE, { id: applicationId, input: { replyNumber: '健保資字第1150000001號' } }), 'RULE_VIOLATION', 'NW-4.2');
    expect(error.message).toMatch(/19 contracted clients is 1 short of 20, and 4 district hospitals or above is 1 short of 5/);
    expect(error.extensions!.eligibility.eligible).toBe(false);
    // The reviewer refuses it instead, with the reply.
    const rejected = ok(await stack.by('reviewer')(REJECT, { id: applicationId, note: '客戶數未達資格' })).rejectNetworkApplication;
    expect(rejected).toMatchObject({ status: 'REJECTED', decisionNote: '客戶數未達資格', repliedOn: '2026-03-02' });
  });

  it('NW-5.3 the NHI reviews and replies; the unit is then approved to apply to the network provider', async () => {
    const { applicationId, unitId } = await submittedApplication(stack, 5, 0);
    // Only the NHI's reviewers decide; the applicant cannot, nor can another NHI employee.
    failed(await stack.by('acmeContact')(APPROVE, { id: applicationId, input: { replyNumber: 'X' } }), 'FORBIDDEN');
    failed(await stack.by('nhiClerk')(APPROVE, { id: applicationId, input: { replyNumber: 'X' } }), 'FORBIDDEN');
    failed(await stack.by('reviewer')(APPROVE, { id: applicationId, input: { replyNumber: ' ' } }), 'BAD_USER_INPUT');
    const approved = ok(await stack.by('reviewer')(APPROVE, { id: applicationId, input: { replyNumber: '健保資字第1150001234號', note: '准予加入' } })).approveNetworkApplication;
    expect(approved).toMatchObject({ status: 'APPROVED', replyNumber: '健保資字第1150001234號', repliedOn: '2026-03-02', decisionNote: '准予加入', reviewer: { name: '洪審查' }, unit: { id: unitId, status: 'APPROVED' } });
    failed(await stack.by('reviewer')(APPROVE, { id: applicationId, input: { replyNumber: 'again' } }), 'CONFLICT');
    failed(await stack.by('reviewer')(REJECT, { id: applicationId, note: 'late' }), 'CONFLICT');
    // Reviewing a draft is not possible either.
    const other = await stack.by('otherCompany')(
      `mutation($input: RegisterNetworkUnitInput!) { registerNetworkUnit(input: $input) { id } }`,
      { input: { kind: 'IT_SERVICE_UNIT', name: '他司資訊', businessNumber: '04595257' } },
    );
    const draftId = ok(await stack.by('otherCompany')(CREATE, { unitId: ok(other).registerNetworkUnit.id, input: {} })).createNetworkApplication.id;
    failed(await stack.by('reviewer')(APPROVE, { id: draftId, input: { replyNumber: 'X' } }), 'CONFLICT');
  });

  it('NW-5.3 applicants see and edit their own application until it is submitted; nobody else sees the client list', async () => {
    const { id, unitId } = await draft(completeApplication(stack));
    // The owner, a staff member who did not create the draft, edits it too.
    ok(await stack.by('acmeOwner')(UPDATE, { id, input: { contactTitle: '協理' } }));
    for (const who of ['otherCompany', 'nhiClerk', 'chief', 'socialAdmin'] as const) {
      expect(ok(await stack.by(who)(GET, { id })).nhiNetworkApplication, who).toBeNull();
      failed(await stack.by(who)(UPDATE, { id, input: { contactTitle: '竄改' } }), 'NOT_FOUND');
      expect(ok(await stack.by(who)(`{ nhiNetworkApplications { totalCount } }`)).nhiNetworkApplications.totalCount).toBe(0);
    }
    expect(ok(await stack.by('reviewer')(GET, { id })).nhiNetworkApplication.clients).toHaveLength(21);
    expect(ok(await stack.by('acmeOwner')(`{ nhiNetworkApplications { totalCount edges { node { contactTitle clientCount } } } }`)).nhiNetworkApplications).toEqual({
      totalCount: 1,
      edges: [{ node: { contactTitle: '協理', clientCount: 21 } }],
    });
    // A second application while one is open is a conflict.
    failed(await stack.by('acmeContact')(CREATE, { unitId, input: {} }), 'CONFLICT');
    ok(await stack.by('acmeContact')(SUBMIT, { id }));
    const locked = failed(await stack.by('acmeContact')(UPDATE, { id, input: { contactTitle: '總經理' } }), 'CONFLICT');
    expect(locked.message).toMatch(/edited only until it is submitted/);
    failed(await stack.by('acmeContact')(SUBMIT, { id }), 'CONFLICT');
    expect(ok(await stack.by('acmeContact')(GET, { id })).nhiNetworkApplication).toMatchObject({ status: 'SUBMITTED', contactTitle: '協理' });
    // Malformed ids are bad input; unknown ones are not found.
    failed(await stack.by('acmeContact')(UPDATE, { id: 'x', input: {} }), 'NOT_FOUND');
    failed(await stack.by('acmeContact')(CREATE, { unitId: 'x', input: {} }), 'NOT_FOUND');
    failed(await stack.by('acmeContact')(`{ nhiNetworkApplications(filter: { unitId: "x" }) { totalCount } }`), 'BAD_USER_INPUT');
  });

  it('NW-3 only IT service units apply to the NHI; the other kinds go to the provider directly', async () => {
    const medical = ok(
      await stack.by('otherCompany')(`mutation($input: RegisterNetworkUnitInput!) { registerNetworkUnit(input: $input) { id } }`, {
        input: { kind: 'MEDICAL_INSTITUTION', name: '安南診所', institutionCode: '3521010011', contractNumber: 'NHI-C-0456' },
      }),
    ).registerNetworkUnit.id;
    failed(await stack.by('otherCompany')(CREATE, { unitId: medical, input: {} }), 'RULE_VIOLATION', 'NW-3');
    expect(await rows()).toEqual({ applications: 0, clients: 0 });
  });
});
