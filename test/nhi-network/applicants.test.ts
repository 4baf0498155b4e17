import { describe, expect, it } from 'vitest';
import { tables } from '@webir/db';
import { count } from 'drizzle-orm';
import { makeBusinessNumber } from '@webir/kit';
import { ACME, failed, nwStack, ok, REGISTER, registerItUnit, UNIT, UNIT_FIELDS } from '../helpers/nhi-network.ts';

const stack = nwStack();
const units = async () => (await stack.database.db.select({ n: count() }).from(tables.nwUnits))[0]!.n;

describe('NHI network applicants', () => {
  it('NW-3 registers applicants of the three kinds: a contracted medical institution, an agency and its contractor, an IT service unit', async () => {
    const medical = ok(
      await stack.by('otherCompany')(REGISTER, { input: { kind: 'MEDICAL_INSTITUTION', name: '安南診所', institutionCode: '3521010011', contractNumber: 'NHI-C-0456' } }),
    ).registerNetworkUnit;
    expect(medical).toMatchObject({ kind: 'MEDICAL_INSTITUTION', name: '安南診所', status: 'APPROVED', registeredBy: { name: '施他司' } });

    // The agency is the core Agency: its name is the directory's, and the agency's staff register it.
    const agency = ok(
      await stack.by('socialAdmin')(
        `mutation($input: RegisterNetworkUnitInput!) { registerNetworkUnit(input: $input) { ${UNIT_FIELDS} agency { id name } projectApprovalNumber } }`,
        { input: { kind: 'GOVERNMENT_AGENCY', agencyId: stack.fixture.agency.social, projectApprovalNumber: '健保資字第1140009999號', projectApprovedOn: '2025-12-01' } },
      ),
    ).registerNetworkUnit;
    expect(agency).toMatchObject({ kind: 'GOVERNMENT_AGENCY', name: '臺南市政府社會局', status: 'APPROVED', agency: { id: stack.fixture.agency.social, name: '臺南市政府社會局' } });

    // The agency registers its contractor (NW-4.1), whose contact is the company's.
    const contractor = ok(
      await stack.by('socialAdmin')(REGISTER, {
        input: {
          kind: 'CONTRACTOR',
          name: '南資系統股份有限公司',
          businessNumber: '04595257',
          agencyId: stack.fixture.agency.social,
          projectApprovalNumber: '健保資字第1140009999號',
          projectApprovedOn: '2025-12-01',
          contactId: stack.personId('otherCompany'),
        },
      }),
    ).registerNetworkUnit;
    expect(contractor).toMatchObject({ kind: 'CONTRACTOR', status: 'APPROVED', registeredBy: { name: '林社管' } });

    const itId = await registerItUnit(stack);
    // The owner and contact are core People: the NHI's reviewers see them, as each sees themselves.
    const it = ok(await stack.by('reviewer')(UNIT, { id: itId })).nhiNetworkUnit;
    expect(it).toMatchObject({ kind: 'IT_SERVICE_UNIT', name: ACME.name, businessNumber: ACME.businessNumber, status: 'REGISTERED', owner: { name: '簡負責' }, contact: { name: '羅聯絡' } });
    expect(ok(await stack.by('acmeContact')(UNIT, { id: itId })).nhiNetworkUnit).toMatchObject({ contact: { name: '羅聯絡' }, owner: null });

    // One graph: the agency shows its membership and its contractors; people their roles.
    const graph = ok(
      await stack.by('socialAdmin')(`query($id: ID!) { agency(id: $id) { name nhiNetworkMembership { kind status } nhiNetworkContractors { name } } }`, { id: stack.fixture.agency.social }),
    ).agency;
    expect(graph).toEqual({ name: '臺南市政府社會局', nhiNetworkMembership: { kind: 'GOVERNMENT_AGENCY', status: 'APPROVED' }, nhiNetworkContractors: [{ name: '南資系統股份有限公司' }] });
    const me = ok(await stack.by('acmeContact')(`{ me { name nhiNetworkRoles { role unit { name } } } }`)).me;
    expect(me.nhiNetworkRoles).toEqual([
      { role: 'CONTACT', unit: { name: ACME.name } },
      { role: 'REGISTRANT', unit: { name: ACME.name } },
    ]);
    const owner = ok(await stack.by('reviewer')(`query($id: ID!) { person(id: $id) { name nhiNetworkRoles { role unit { name } } } }`, { id: stack.personId('acmeOwner') })).person;
    expect(owner.nhiNetworkRoles).toEqual([{ role: 'OWNER', unit: { name: ACME.name } }]);
  });

  it('NW-4.1 refuses a medical institution without an NHI contract, and an agency or contractor without the NHI’s project approval', async () => {
    failed(await stack.by('otherCompany')(REGISTER, { input: { kind: 'MEDICAL_INSTITUTION', name: '未特約診所', institutionCode: '3521010099' } }), 'RULE_VIOLATION', 'NW-4.1');
    failed(await stack.by('socialAdmin')(REGISTER, { input: { kind: 'GOVERNMENT_AGENCY', agencyId: stack.fixture.agency.social } }), 'RULE_VIOLATION', 'NW-4.1');
    failed(
      await stack.by('otherCompany')(REGISTER, { input: { kind: 'CONTRACTOR', name: '南資系統股份有限公司', businessNumber: '04595257', agencyId: stack.fixture.agency.social, projectApprovalNumber: 'X-1' } }),
      'RULE_VIOLATION',
      'NW-4.1',
    );
    expect(await units()).toBe(0);
  });

  it('NW-4.1 a contractor is registered by its agency’s staff, its administrators or the NHI’s reviewers; anyone else is refused, nothing written', async () => {
    const contractor = (name: string, businessNumber: string) => ({
      kind: 'CONTRACTOR',
      name,
      businessNumber,
      agencyId: stack.fixture.agency.social,
      projectApprovalNumber: '健保資字第1140009999號',
      projectApprovedOn: '2025-12-01',
      contactId: stack.personId('otherCompany'),
    });
    // The company itself, or another agency's staff, cannot claim the agency's project approval.
    for (const who of ['otherCompany', 'acmeContact', 'labourUser'] as const) {
      failed(await stack.by(who)(REGISTER, { input: contractor('南資系統股份有限公司', '04595257') }), 'FORBIDDEN');
    }
    expect(await units()).toBe(0);
    const CONTRACTORS = `query($id: ID!) { agency(id: $id) { nhiNetworkContractors { name } } }`;
    expect(ok(await stack.by('socialAdmin')(CONTRACTORS, { id: stack.fixture.agency.social })).agency.nhiNetworkContractors).toEqual([]);
    // The agency's staff, its administrator and the NHI's reviewers may.
    ok(await stack.by('supervisor')(REGISTER, { input: contractor('南資系統股份有限公司', '04595257') }));
    ok(await stack.by('socialAdmin')(REGISTER, { input: contractor('府城資訊有限公司', makeBusinessNumber(7654321)) }));
    ok(await stack.by('reviewer')(REGISTER, { input: contractor('安平數位股份有限公司', makeBusinessNumber(2345678)) }));
    expect(await units()).toBe(3);
  });

  it('NW-3 refuses bad registrations with every violation named, writing nothing', async () => {
    const error = failed(
      await stack.by('acmeContact')(REGISTER, { input: { kind: 'IT_SERVICE_UNIT', name: ' ', businessNumber: '12345678', institutionCode: '3521010011', ownerId: 'nope', contactId: '00000000-0000-4000-8000-000000000000' } }),
      'BAD_USER_INPUT',
    );
    expect(error.extensions!.violations.map((v: { field: string }) => v.field).sort()).toEqual(['input.businessNumber', 'input.contactId', 'input.institutionCode', 'input.name', 'input.ownerId']);
    const medical = failed(await stack.by('acmeContact')(REGISTER, { input: { kind: 'MEDICAL_INSTITUTION', name: '某診所', institutionCode: '12345', contractNumber: 'C-1' } }), 'BAD_USER_INPUT');
    expect(medical.extensions!.field).toBe('input.institutionCode');
    failed(await stack.by('acmeContact')(REGISTER, { input: { kind: 'GOVERNMENT_AGENCY', projectApprovalNumber: 'X', projectApprovedOn: '2025-01-01' } }), 'BAD_USER_INPUT');
    // Someone outside the agency cannot register its membership.
    failed(
      await stack.by('acmeContact')(REGISTER, { input: { kind: 'GOVERNMENT_AGENCY', agencyId: stack.fixture.agency.social, projectApprovalNumber: 'X', projectApprovedOn: '2025-01-01' } }),
      'FORBIDDEN',
    );
    failed(await stack.by(null)(REGISTER, { input: { kind: 'IT_SERVICE_UNIT', name: 'x', businessNumber: ACME.businessNumber } }), 'UNAUTHENTICATED');
    expect(await units()).toBe(0);
    await registerItUnit(stack);
    failed(await stack.by('otherCompany')(REGISTER, { input: { kind: 'IT_SERVICE_UNIT', name: '另一家', businessNumber: ACME.businessNumber } }), 'CONFLICT');
    expect(await units()).toBe(1);
  });

  it('NW-3 shows a unit to its staff, its agency and the NHI’s reviewers, and to nobody else', async () => {
    const id = await registerItUnit(stack);
    for (const who of ['acmeOwner', 'acmeContact', 'reviewer'] as const) expect(ok(await stack.by(who)(UNIT, { id })).nhiNetworkUnit?.id).toBe(id);
    for (const who of ['otherCompany', 'nhiClerk', 'chief'] as const) expect(ok(await stack.by(who)(UNIT, { id })).nhiNetworkUnit).toBeNull();
    const list = `{ nhiNetworkUnits(first: 10) { totalCount edges { node { name } } } }`;
    expect(ok(await stack.by('reviewer')(list)).nhiNetworkUnits.totalCount).toBe(1);
    expect(ok(await stack.by('acmeOwner')(list)).nhiNetworkUnits.totalCount).toBe(1);
    expect(ok(await stack.by('otherCompany')(list)).nhiNetworkUnits.totalCount).toBe(0);
    // Other people's roles are not listed to them.
    expect(ok(await stack.by('otherCompany')(`query($id: ID!) { person(id: $id) { nhiNetworkRoles { role } } }`, { id: stack.personId('acmeOwner') })).person?.nhiNetworkRoles ?? []).toEqual([]);
  });
});
