import { describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { tables } from '@webir/db';
import { ACME, APPLY_LINE, approvedUnit, failed, line, nwStack, ok, registerItUnit, submittedApplication, UNIT } from '../helpers/nhi-network.ts';

const stack = nwStack();
const lines = async () => (await stack.database.db.select({ n: count() }).from(tables.nwLines))[0]!.n;
const GRANDFATHER = `mutation($input: GrandfatheredNetworkUnitInput!) { recordGrandfatheredNetworkUnit(input: $input) { id name status grandfathered grandfatheredApprovedOn grandfatheredReference applications { id } } }`;
const ACTIVATE = `mutation($id: ID!, $on: Date) { activateNetworkLine(id: $id, on: $on) { id status activatedOn } }`;

describe('lines on the NHI network', () => {
  it('NW-5.3 applies for the line with the network provider only after the NHI’s approving reply', async () => {
    const { unitId } = await submittedApplication(stack);
    failed(await stack.by('acmeContact')(APPLY_LINE, { input: line(unitId) }), 'RULE_VIOLATION', 'NW-5.3');
    const unregistered = await stack.by('acmeContact')(APPLY_LINE, { input: line('00000000-0000-4000-8000-000000000000') });
    failed(unregistered, 'NOT_FOUND');
    expect(await lines()).toBe(0);
  });

  it('NW-5.3 records the approved unit’s line, which the NHI marks installed', async () => {
    const { unitId } = await approvedUnit(stack);
    failed(await stack.by('otherCompany')(APPLY_LINE, { input: line(unitId) }), 'NOT_FOUND');
    const applied = ok(await stack.by('acmeContact')(APPLY_LINE, { input: line(unitId) })).applyForNetworkLine;
    expect(applied).toMatchObject({ status: 'APPLIED', connection: 'FIXED_BROADBAND', provider: '中華電信', appliedOn: '2026-03-02', unit: { id: unitId, status: 'APPROVED' } });
    failed(await stack.by('acmeContact')(ACTIVATE, { id: applied.id }), 'FORBIDDEN');
    // The installation is recorded once it is done (not ahead of today).
    failed(await stack.by('reviewer')(ACTIVATE, { id: applied.id, on: '2026-03-10' }), 'BAD_USER_INPUT');
    stack.setToday('2026-03-12');
    expect(ok(await stack.by('reviewer')(ACTIVATE, { id: applied.id, on: '2026-03-10' })).activateNetworkLine).toMatchObject({ status: 'ACTIVE', activatedOn: '2026-03-10' });
    failed(await stack.by('reviewer')(ACTIVATE, { id: applied.id }), 'CONFLICT');
  });

  it('NW-6.1 refuses a wireless line for an IT service unit, but not for a medical institution', async () => {
    const { unitId } = await approvedUnit(stack);
    const error = failed(await stack.by('acmeContact')(APPLY_LINE, { input: line(unitId, { connection: 'WIRELESS' }) }), 'RULE_VIOLATION', 'NW-6.1');
    expect(error.message).toMatch(/wireless/);
    expect(await lines()).toBe(0);
    const clinic = ok(
      await stack.by('otherCompany')(`mutation($input: RegisterNetworkUnitInput!) { registerNetworkUnit(input: $input) { id } }`, {
        input: { kind: 'MEDICAL_INSTITUTION', name: '安南診所', institutionCode: '3521010011', contractNumber: 'NHI-C-0456' },
      }),
    ).registerNetworkUnit.id;
    ok(await stack.by('otherCompany')(APPLY_LINE, { input: line(clinic, { connection: 'WIRELESS', installationAddress: '臺南市安南區安中路一段1號' }) }));
  });

  it('NW-6.2 one line per IT service unit, for that unit alone', async () => {
    const { unitId } = await approvedUnit(stack);
    const shared = failed(await stack.by('acmeContact')(APPLY_LINE, { input: line(unitId, { sharedWith: ['友好資訊有限公司'] }) }), 'RULE_VIOLATION', 'NW-6.2');
    expect(shared.message).toMatch(/alone/);
    const first = ok(await stack.by('acmeContact')(APPLY_LINE, { input: line(unitId) })).applyForNetworkLine;
    const second = failed(await stack.by('acmeOwner')(APPLY_LINE, { input: line(unitId, { speed: '1G/1G' }) }), 'RULE_VIOLATION', 'NW-6.2');
    expect(second.extensions!.lineId).toBe(first.id);
    // Two at once: still one.
    await stack.database.db.delete(tables.nwLines);
    const both = await Promise.all([stack.by('acmeContact')(APPLY_LINE, { input: line(unitId) }), stack.by('acmeOwner')(APPLY_LINE, { input: line(unitId) })]);
    expect(both.filter((r) => !r.errors).length).toBe(1);
    expect(await lines()).toBe(1);
  });

  it('NW-5.2 installs the line at the registered company address; bad line input is refused whole', async () => {
    const { unitId } = await approvedUnit(stack);
    failed(await stack.by('acmeContact')(APPLY_LINE, { input: line(unitId, { installationAddress: '新北市板橋區文化路一段1號' }) }), 'RULE_VIOLATION', 'NW-5.2');
    const bad = failed(await stack.by('acmeContact')(APPLY_LINE, { input: line(unitId, { provider: ' ', speed: '', installationAddress: ' ' }) }), 'BAD_USER_INPUT');
    expect(bad.extensions!.violations.map((v: { field: string }) => v.field)).toEqual(['input.provider', 'input.speed', 'input.installationAddress']);
    expect(await lines()).toBe(0);
  });

  it('NW-8.5 a unit approved before these rules keeps its approval without applying again, and follows these rules', async () => {
    const input = { name: '老牌資訊股份有限公司', businessNumber: '04595257', approvedOn: '2012-05-01', reference: '健保資字第1010012345號', ownerId: stack.personId('acmeOwner'), contactId: stack.personId('acmeContact') };
    failed(await stack.by('acmeContact')(GRANDFATHER, { input }), 'FORBIDDEN');
    failed(await stack.by('reviewer')(GRANDFATHER, { input: { ...input, approvedOn: '2017-08-10' } }), 'RULE_VIOLATION', 'NW-8.5');
    failed(await stack.by('reviewer')(GRANDFATHER, { input: { ...input, businessNumber: '12345678', reference: ' ' } }), 'BAD_USER_INPUT');
    const unit = ok(await stack.by('reviewer')(GRANDFATHER, { input })).recordGrandfatheredNetworkUnit;
    expect(unit).toMatchObject({ status: 'APPROVED', grandfathered: true, grandfatheredApprovedOn: '2012-05-01', applications: [] });
    // No new application needed (nor taken) ...
    failed(await stack.by('acmeContact')(`mutation($unitId: ID!) { createNetworkApplication(unitId: $unitId, input: {}) { id } }`, { unitId: unit.id }), 'CONFLICT');
    // ... but these rules bind it: no wireless line, one line only.
    failed(await stack.by('acmeContact')(APPLY_LINE, { input: line(unit.id, { connection: 'WIRELESS' }) }), 'RULE_VIOLATION', 'NW-6.1');
    ok(await stack.by('acmeContact')(APPLY_LINE, { input: line(unit.id, { installationAddress: '臺北市中山區南京東路二段1號' }) }));
    failed(await stack.by('acmeContact')(APPLY_LINE, { input: line(unit.id) }), 'RULE_VIOLATION', 'NW-6.2');
    const seen = ok(await stack.by('acmeContact')(UNIT, { id: unit.id })).nhiNetworkUnit;
    expect(seen.lines).toHaveLength(1);
    expect(seen.name).not.toBe(ACME.name);
  });

  it('NW-6.2 the line is the unit’s own: a unit registered by someone else is not theirs to apply for', async () => {
    const { unitId } = await approvedUnit(stack);
    const otherUnit = await registerItUnit(stack, { name: '他司資訊', businessNumber: '04595257', ownerId: null, contactId: null }, 'otherCompany');
    failed(await stack.by('otherCompany')(APPLY_LINE, { input: line(unitId) }), 'NOT_FOUND');
    failed(await stack.by('acmeContact')(APPLY_LINE, { input: line(otherUnit) }), 'NOT_FOUND');
    expect(await lines()).toBe(0);
  });
});
