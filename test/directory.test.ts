import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, type GraphQLResponse } from './helpers/client.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

describe('the directory through the gateway', () => {
  it('lists agencies with their parents, in pages that neither repeat nor skip', async () => {
    const query = `query($after: String) { agencies(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id code name parent { name } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: GraphQLResponse = await stack.as('user')(query, { after });
      expect(res.errors).toBeUndefined();
      const connection: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { code: string } }[] } = res.data!.agencies;
      expect(connection.totalCount).toBe(9);
      seen.push(...connection.edges.map((e: { node: { code: string } }) => e.node.code));
      pages++;
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    expect([...seen].sort()).toEqual(seen);
    const centre = await stack.as('user')(`{ agencyByCode(code: "395030100B") { name level parent { name level } } }`);
    expect(centre.data?.agencyByCode).toEqual({ name: '臺南市東區家庭福利服務中心', level: 'SECOND_LEVEL', parent: { name: '臺南市政府社會局', level: 'FIRST_LEVEL' } });
  });

  it('filters agencies by city, level, parent and search text', async () => {
    const q = (filter: string) => stack.as('user')(`{ agencies(filter: ${filter}) { totalCount edges { node { name } } } }`);
    expect((await q('{ city: KAOHSIUNG }')).data?.agencies.totalCount).toBe(4);
    expect((await q('{ level: DISTRICT_OFFICE }')).data?.agencies.edges).toEqual([{ node: { name: '臺南市東區區公所' } }]);
    expect((await q(`{ parentId: "${stack.fixture.agency.social}" }`)).data?.agencies.totalCount).toBe(1);
    expect((await q('{ search: "衛生" }')).data?.agencies.edges).toEqual([{ node: { name: '臺南市政府衛生局' } }]);
    expect((await q('{ topLevelOnly: true, city: TAINAN }')).data?.agencies.totalCount).toBe(4);
  });

  it('answers the acceptance query: people with masked IDs, agencies and permissions', async () => {
    const res = await stack.as('chief')(`{ people(first: 3) { totalCount edges { node { name nationalIdMasked agency { name } permissions { regime { id } role status serviceItem { code name } } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.people.totalCount).toBe(10); // the Tainan staff; Kaohsiung is outside a Tainan chief's city
    for (const { node } of res.data!.people.edges) {
      expect(node.nationalIdMasked).toMatch(/^[A-Z][0-9]{2}\*{4}[0-9]{3}$/);
      expect(node.agency.name).toMatch(/^臺南市/);
    }
    const user = await stack.as('chief')(`query($id: ID!) { person(id: $id) { permissions { regime { id name } role serviceItem { code } form { type id } } } }`, { id: stack.fixture.person.user });
    expect(user.data?.person.permissions).toEqual([
      { regime: { id: 'TN_NHI', name: 'Tainan City Government — NHI WebIR' }, role: 'USER', serviceItem: { code: '01' }, form: { type: 'fixture', id: 'user' } },
      { regime: { id: 'TN_NHI', name: 'Tainan City Government — NHI WebIR' }, role: 'USER', serviceItem: { code: '02' }, form: { type: 'fixture', id: 'user' } },
    ]);
  });

  it('filters people by agency (with the agencies under it), status, name and exact identifier', async () => {
    const q = (filter: string, variables = {}) =>
      stack.as('chief')(`query${filter.includes('$nid') ? '($nid: String)' : ''} { people(filter: ${filter}) { totalCount edges { node { name } } } }`, variables);
    expect((await q(`{ agencyId: "${stack.fixture.agency.social}" }`)).data?.people.totalCount).toBe(5);
    expect((await q(`{ agencyId: "${stack.fixture.agency.social}", includeSubAgencies: true }`)).data?.people.totalCount).toBe(6);
    expect((await q('{ search: "使用" }')).data?.people.edges).toEqual([{ node: { name: '陳使用' } }]);
    expect((await q('{ nationalId: $nid }', { nid: stack.fixture.nationalId.auditor.toLowerCase() })).data?.people.edges).toEqual([{ node: { name: '李稽核' } }]);
    expect((await q('{ employmentStatus: [RESIGNED] }')).data?.people.totalCount).toBe(0);
    const bad = await q('{ nationalId: $nid }', { nid: 'A123' });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('lists the regimes with their items: 13 for Tainan NHI, 20 for Kaohsiung BLI', async () => {
    const res = await stack.as('user')(`{ regimes { id city serviceItems { code } } }`);
    const byId = Object.fromEntries(res.data!.regimes.map((r: { id: string; serviceItems: unknown[] }) => [r.id, r.serviceItems.length]));
    expect(byId).toEqual({ KH_BLI: 20, NHI_NET: 0, TN_NHI: 13 });
  });

  it('shows agency children, staff, supervisors and the ledger at an agency', async () => {
    const res = await stack.as('socialAdmin')(
      `query($id: ID!) { agency(id: $id) { children { name } people(first: 2) { totalCount pageInfo { hasNextPage } edges { node { name supervisor { name } } } } permissions { person { name } role serviceItem { code } } } }`,
      { id: stack.fixture.agency.social },
    );
    expect(res.errors).toBeUndefined();
    const agency = res.data!.agency;
    expect(agency.children).toEqual([{ name: '臺南市東區家庭福利服務中心' }]);
    expect(agency.people.totalCount).toBe(5);
    expect(agency.people.pageInfo.hasNextPage).toBe(true);
    expect(agency.permissions).toHaveLength(4);
    const staff = await stack.as('supervisor')(`{ me { staff { name } } }`);
    expect(staff.data?.me.staff.map((s: { name: string }) => s.name).sort()).toEqual(['陳使用', '黃同事'].sort());
  });

  it('rejects a page size over 500 and a foreign cursor with BAD_USER_INPUT', async () => {
    expect(codes(await stack.as('chief')('{ people(first: 501) { totalCount } }'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await stack.as('chief')('{ people(first: 5, after: "bm9wZQ") { totalCount } }'))).toEqual(['BAD_USER_INPUT']);
  });
});
