import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { grantPermission } from '@webir/db';
import { truncateAll } from '@webir/db/testing';
import { taipeiDay } from '@webir/kit';
import { addBulkStaff } from '../helpers/bulk.ts';
import { codes } from '../helpers/client.ts';
import { secondToKaohsiung } from '../helpers/compliance.ts';
import { seedFixture } from '../helpers/fixture.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { APPROVE, enrol, fileAndSign, userApplication } from '../helpers/tainan.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());
beforeEach(async () => {
  await truncateAll(stack.database);
  stack.fixture = await seedFixture(stack.database, stack.cipher);
  await enrol(stack, stack.fixture.agency.social);
});

const ENTRY = `personName agencyName regime role item itemName since effectiveFrom grantedByName formType formId active revokedAt revokeReason person { name } agency { name } grantedBy { name } permission { id status }`;
const ROSTER = `query($filter: RosterFilter, $first: Int, $after: String) { roster(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${ENTRY} } } } }`;
const CSV = `query($filter: RosterFilter) { rosterCsv(filter: $filter) }`;
type Entry = Record<string, any>;
const lines = (res: { data?: any }) => res.data!.roster.edges.map((e: { node: Entry }) => `${e.node.personName} ${e.node.regime} ${e.node.role}${e.node.item ? ` ${e.node.item}` : ''}`);

/** The user applies for item 03 on 附表二 and the agency administrator approves it: a grant under a form. */
async function grantUnderForm(): Promise<string> {
  const id = await fileAndSign(stack, 'user', userApplication(stack), ['user', 'supervisor', 'socialHead']);
  const res = await stack.as('socialAdmin')(APPROVE, { id, input: { accessOpensOn: '2026-03-01' } });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return id;
}

describe('X-2 rosters', () => {
  it('X-2 an agency and those under it: who holds which role and item, since when, granted by whom under which form', async () => {
    const applicationId = await grantUnderForm();
    const res = await stack.as('socialAdmin')(ROSTER, { filter: { agencyId: stack.fixture.agency.social, includeSubAgencies: true } });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(lines(res).sort()).toEqual(['吳中心 TN_NHI USER 01', '林社管 TN_NHI AGENCY_ADMIN', '陳使用 TN_NHI USER 01', '陳使用 TN_NHI USER 02', '陳使用 TN_NHI USER 03', '黃同事 TN_NHI USER 05'].sort());
    const viaForm = res.data!.roster.edges.map((e: { node: Entry }) => e.node).find((n: Entry) => n.item === '03');
    expect(viaForm).toMatchObject({
      personName: '陳使用',
      person: { name: '陳使用' },
      agency: { name: '臺南市政府社會局' },
      itemName: '保險對象自付保險費明細',
      effectiveFrom: '2026-03-01',
      grantedByName: '林社管',
      grantedBy: { name: '林社管' },
      formType: 'TN_NHI/附表二',
      formId: applicationId,
      active: true,
      permission: { status: 'ACTIVE' },
    });
    expect(taipeiDay(new Date(viaForm.since))).toBe(taipeiDay(stack.now())); // granted on approval, on the stack's clock
    // Only the agency itself without the sub-agencies.
    const own = await stack.as('socialAdmin')(ROSTER, { filter: { agencyId: stack.fixture.agency.social } });
    expect(lines(own)).not.toContain('吳中心 TN_NHI USER 01');
  });

  it('X-2 a person across regimes, filtered by regime and role, with the history of revoked grants when asked', async () => {
    await secondToKaohsiung(stack, stack.now());
    // The person's own roster: both cities' systems, whoever else may read them.
    const mine = await stack.as('user')(ROSTER, { filter: { personId: stack.fixture.person.user } });
    expect(lines(mine).sort()).toEqual(['陳使用 KH_BLI QUERIER C0101', '陳使用 TN_NHI USER 01', '陳使用 TN_NHI USER 02']);
    const kh = await stack.as('user')(ROSTER, { filter: { personId: stack.fixture.person.user, regime: 'KH_BLI' } });
    expect(lines(kh)).toEqual(['陳使用 KH_BLI QUERIER C0101']);
    // The Tainan administrator reads Tainan's agencies, not the Kaohsiung grant.
    const admin = await stack.as('socialAdmin')(ROSTER, { filter: { personId: stack.fixture.person.user } });
    expect(lines(admin).sort()).toEqual(['陳使用 TN_NHI USER 01', '陳使用 TN_NHI USER 02']);
    const admins = await stack.as('chief')(ROSTER, { filter: { role: 'AGENCY_ADMIN' } });
    expect(lines(admins).sort()).toEqual(['林社管 TN_NHI AGENCY_ADMIN', '鄭區管 TN_NHI AGENCY_ADMIN']);

    await stack.as('socialAdmin')(`mutation($input: RevokeNhiAccountInput!) { revokeNhiAccount(input: $input) { id } }`, {
      input: { personId: stack.fixture.person.colleague, agencyId: stack.fixture.agency.social, reason: '閒置' },
    });
    const current = await stack.as('socialAdmin')(ROSTER, { filter: { personId: stack.fixture.person.colleague } });
    expect(current.data!.roster.totalCount).toBe(0);
    const history = await stack.as('socialAdmin')(ROSTER, { filter: { personId: stack.fixture.person.colleague, includeRevoked: true } });
    expect(history.data!.roster.edges.map((e: { node: Entry }) => e.node)).toEqual([
      expect.objectContaining({ item: '05', active: false, revokeReason: '帳號清查: 閒置', permission: { id: expect.any(String), status: 'REVOKED' } }),
    ]);
  });

  it('X-2 names a grantor the reader may not see without breaking the answer', async () => {
    // The chief administrator granted it; an agency administrator does not see the Health Bureau's staff.
    await grantPermission(stack.database.db, {
      personId: stack.fixture.person.colleague,
      agencyId: stack.fixture.agency.social,
      regime: 'TN_NHI',
      role: 'USER',
      serviceItemId: 'TN_NHI:06',
      grantedById: stack.fixture.person.chief,
      reason: '總管理者逕予開通',
      at: stack.now(),
    });
    const res = await stack.as('socialAdmin')(ROSTER, { filter: { personId: stack.fixture.person.colleague } });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const granted = res.data!.roster.edges.map((e: { node: Entry }) => e.node).find((n: Entry) => n.item === '06');
    expect(granted).toMatchObject({ grantedByName: '王總管', grantedBy: null, person: { name: '黃同事' } });
    const chief = await stack.as('chief')(ROSTER, { filter: { personId: stack.fixture.person.colleague } });
    expect(chief.data!.roster.edges.map((e: { node: Entry }) => e.node).find((n: Entry) => n.item === '06').grantedBy).toEqual({ name: '王總管' });
  });

  it('X-2 exports the roster as CSV for an auditor, without personal identifiers', async () => {
    await grantUnderForm();
    const res = await stack.as('auditor')(CSV, { filter: { agencyId: stack.fixture.agency.social } });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const rows = (res.data!.rosterCsv as string).trimEnd().split('\r\n');
    expect(rows[0]).toBe('agency_code,agency,person,myegov_account,regime,role,item,item_name,granted_on,access_opens_on,granted_by,form_type,form_id,status,revoked_on,revoke_reason');
    expect(rows).toHaveLength(1 + 5);
    expect(rows.find((r) => r.includes(',03,'))).toMatch(/^395030000A,臺南市政府社會局,陳使用,[^,]+,TN_NHI,USER,03,保險對象自付保險費明細,\d{4}-\d{2}-\d{2},2026-03-01,林社管,TN_NHI\/附表二,[0-9a-f-]{36},ACTIVE,,$/);
    expect(res.data!.rosterCsv).not.toMatch(/[A-Z][12]\d{8}/);
  });

  it('X-2 pages through a roster with cursors and refuses what the caller may not read or a bad filter', async () => {
    const first = await stack.as('chief')(ROSTER, { first: 3 });
    expect(first.data!.roster).toMatchObject({ totalCount: 9, pageInfo: { hasNextPage: true } });
    const rest = await stack.as('chief')(ROSTER, { first: 20, after: first.data!.roster.pageInfo.endCursor });
    expect(rest.data!.roster.pageInfo.hasNextPage).toBe(false);
    expect([...lines(first), ...lines(rest)]).toHaveLength(9);
    expect(new Set([...lines(first), ...lines(rest)]).size).toBe(9);

    expect(codes(await stack.as('districtAdmin')(ROSTER, { filter: { agencyId: stack.fixture.agency.social } }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.as('socialAdmin')(ROSTER, { filter: { agencyId: 'x' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await stack.as('socialAdmin')(ROSTER, { filter: { personId: 'x' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await stack.as('socialAdmin')(ROSTER, { after: 'nonsense' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await stack.as('socialAdmin')(ROSTER, { first: 501 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await stack.as(null)(ROSTER, {}))).toEqual(['UNAUTHENTICATED']);
    // A user reads only their own grants.
    const user = await stack.as('user')(ROSTER, {});
    expect(lines(user).sort()).toEqual(['陳使用 TN_NHI USER 01', '陳使用 TN_NHI USER 02']);
  });

  it('X-2 a roster page of 500 with people, agencies and grantors costs the same statements as a page of 10', async () => {
    await addBulkStaff(stack.database, stack.cipher, stack.fixture, 300);
    const statementsFor = async (first: number) => {
      const before = stack.database.statements.count;
      const res = await stack.as('chief')(ROSTER, { first });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data!.roster.edges).toHaveLength(first);
      return stack.database.statements.count - before;
    };
    const small = await statementsFor(10);
    const large = await statementsFor(500);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(20);
  });
});
