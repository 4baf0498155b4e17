import { describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { tables } from '@webir/db';
import { makeBusinessNumber } from '@webir/kit';
import { APPROVE, completeApplication, CREATE, failed, nwStack, ok, REGISTER, registerItUnit, SUBMIT, submittedApplication, TODAY } from '../helpers/nhi-network.ts';

/**
 * Input that must never be stored (issue 11), on the NHI network's regime: dates of past events in the
 * future or before any regime applied, and names compared as README says (臺/台, spacing, width, 股份有限公司).
 * The clock is the helper's, 10:00 in Taipei on TODAY (2026-03-02).
 */
const stack = nwStack();
const units = async () => (await stack.database.db.select({ n: count() }).from(tables.nwUnits))[0]!.n;
const GRANDFATHER = `mutation($input: GrandfatheredNetworkUnitInput!) { recordGrandfatheredNetworkUnit(input: $input) { id grandfatheredApprovedOn } }`;

describe('dates of events that happened: not in the future, not before 1995-03-01', () => {
  const contractor = (projectApprovedOn: string) => ({
    kind: 'CONTRACTOR',
    name: '南資系統股份有限公司',
    businessNumber: '04595257',
    agencyId: stack.fixture.agency.social,
    projectApprovalNumber: '健保資字第1140009999號',
    projectApprovedOn,
  });

  it('NW-4.1 refuses a contractor whose project approval is dated 2999, tomorrow or 1900, naming input.projectApprovedOn, and registers nothing', async () => {
    for (const day of ['2999-01-01', '2026-03-03', '1900-01-01']) {
      const error = failed(await stack.by('socialAdmin')(REGISTER, { input: contractor(day) }), 'BAD_USER_INPUT');
      expect(error.extensions!.field, day).toBe('input.projectApprovedOn');
    }
    expect(await units()).toBe(0);
    ok(await stack.by('socialAdmin')(REGISTER, { input: contractor(TODAY) }));
    expect(await units()).toBe(1);
  });

  it('NW-8.5 refuses an earlier approval dated 1900 or in the future as bad input, not as a rule, and records nothing', async () => {
    const input = (approvedOn: string) => ({ name: '老牌資訊股份有限公司', businessNumber: '04595257', approvedOn, reference: '健保資字第1010012345號' });
    for (const day of ['1900-01-01', '2999-01-01']) {
      expect(failed(await stack.by('reviewer')(GRANDFATHER, { input: input(day) }), 'BAD_USER_INPUT').extensions!.field, day).toBe('input.approvedOn');
    }
    expect(await units()).toBe(0);
    expect(ok(await stack.by('reviewer')(GRANDFATHER, { input: input('1995-03-01') })).recordGrandfatheredNetworkUnit.grandfatheredApprovedOn).toBe('1995-03-01');
  });

  it('NW-F2 refuses a pledge signed, or a registration printed, after today, naming each, and keeps the draft as it was', async () => {
    const unitId = await registerItUnit(stack);
    const full = completeApplication(stack);
    const error = failed(
      await stack.by('acmeContact')(CREATE, { unitId, input: { ...full, pledge: { ...full.pledge, signedOn: '2999-02-25' }, registration: { ...full.registration, printedOn: '2026-03-03' } } }),
      'BAD_USER_INPUT',
    );
    expect(error.extensions!.violations.map((v: { field: string }) => v.field)).toEqual(['input.registration.printedOn', 'input.pledge.signedOn']);
    expect((await stack.database.db.select({ n: count() }).from(tables.nwApplications))[0]!.n).toBe(0);
  });

  it('NW-5.3 refuses a reply dated after today, and the application stays submitted', async () => {
    const { applicationId } = await submittedApplication(stack);
    const error = failed(await stack.by('reviewer')(APPROVE, { id: applicationId, input: { replyNumber: '健保資字第1150001234號', repliedOn: '2999-01-01' } }), 'BAD_USER_INPUT');
    expect(error.extensions!.field).toBe('input.repliedOn');
    const [row] = await stack.database.db.select({ status: tables.nwApplications.status }).from(tables.nwApplications);
    expect(row!.status).toBe('SUBMITTED');
  });
});

describe('NW-5.2 names and addresses compared as README says: 臺/台, spacing, full/half width and 股份有限公司 alike', () => {
  it('NW-5.2 takes a registered company name written with 台 (and (股)公司) against the unit and application written with 臺', async () => {
    const name = '臺灣安可資訊股份有限公司';
    const unitId = await registerItUnit(stack, { name, businessNumber: makeBusinessNumber(7654321) });
    const full = completeApplication(stack);
    const input = {
      ...full,
      companyName: name,
      businessNumber: makeBusinessNumber(7654321),
      address: '臺北市信義區信義路三段140號14樓',
      registration: { ...full.registration, name: '台灣安可資訊(股)公司', address: '台北市信義區信義路三段１４０號１４樓' },
    };
    const id = ok(await stack.by('acmeContact')(CREATE, { unitId, input })).createNetworkApplication.id;
    expect(ok(await stack.by('acmeContact')(SUBMIT, { id })).submitNetworkApplication.status).toBe('SUBMITTED');
  });

  it('NW-5.2 still refuses a different name once normalised', async () => {
    const unitId = await registerItUnit(stack);
    const full = completeApplication(stack);
    const id = ok(await stack.by('acmeContact')(CREATE, { unitId, input: { ...full, registration: { ...full.registration, name: '安可資訊有限公司' } } })).createNetworkApplication.id;
    failed(await stack.by('acmeContact')(SUBMIT, { id }), 'RULE_VIOLATION', 'NW-5.2');
  });
});
