import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonKey } from './helpers/fixture.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

const names = async (who: PersonKey) => {
  const res = await stack.as(who)(`{ people(first: 100) { totalCount edges { node { name } } } }`);
  expect(res.errors).toBeUndefined();
  return res.data!.people.edges.map((e: { node: { name: string } }) => e.node.name).sort();
};

describe('TN-7.4 who sees whom: scoped by role and agency, from the ledger, not the token', () => {
  it('TN-7.4 a user sees only themselves', async () => {
    expect(await names('user')).toEqual(['陳使用']);
    const other = await stack.as('user')(`query($id: ID!) { person(id: $id) { name } }`, { id: stack.fixture.person.colleague });
    expect(other.data?.person).toBeNull();
  });

  it('TN-7.4 a supervisor sees themselves and their staff', async () => {
    expect(await names('supervisor')).toEqual(['張科長', '陳使用', '黃同事'].sort());
  });

  it('TN-7.4 an agency administrator sees their agency and the agencies under it', async () => {
    expect(await names('socialAdmin')).toEqual(['吳中心', '張科長', '林社管', '劉局長', '陳使用', '黃同事'].sort());
    expect(await names('districtAdmin')).toEqual(['鄭區管']);
  });

  it('TN-7.4 the chief administrator and the auditor see the whole of Tainan and nothing of Kaohsiung', async () => {
    const tainan = await names('chief');
    expect(tainan).toHaveLength(10);
    expect(await names('auditor')).toEqual(tainan);
    expect(tainan).not.toContain('蔡資訊');
    expect(await names('khIt')).toEqual(['蔡資訊', '郭科長', '許查詢', '洪勞審', '楊機管', '謝局長', '葉新進', '曾民政'].sort());
  });

  it('TN-7.4 the ledger is scoped the same way', async () => {
    const q = `{ permissions(first: 100) { totalCount edges { node { person { name } role } } } }`;
    expect((await stack.as('user')(q)).data?.permissions.totalCount).toBe(2);
    expect((await stack.as('socialAdmin')(q)).data?.permissions.totalCount).toBe(5);
    const kh = await stack.as('khIt')(q);
    expect(kh.data?.permissions.edges.map((e: { node: { role: string } }) => e.node.role).sort()).toEqual(['AGENCY_ADMIN', 'IT_CENTRE_ADMIN', 'LABOUR_BUREAU_REVIEWER', 'QUERIER']);
  });

  it('TN-7.4 an agency\'s roster hides people outside the caller\'s scope', async () => {
    const res = await stack.as('user')(`query($id: ID!) { agency(id: $id) { people { totalCount } permissions { person { name } } } }`, { id: stack.fixture.agency.social });
    expect(res.data?.agency.people.totalCount).toBe(1);
    expect(res.data?.agency.permissions.map((p: { person: { name: string } }) => p.person.name)).toEqual(['陳使用', '陳使用']);
  });
});
