import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeNationalId } from '@webir/kit';
import { codes } from './helpers/client.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';
import { enrol } from './helpers/tainan.ts';

// What one city's people can learn of the other's through refusals: nothing an answer to anyone
// else's forbidden request would not tell them.
const now = new Date('2026-03-10T10:00:00+08:00');
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ now: () => now, gatewayNow: () => now });
  await enrol(stack, stack.fixture.agency.social, { enrolledOn: '2026-01-02' });
  await enrol(stack, stack.fixture.agency.district, { enrolledOn: '2026-01-02' });
});
afterAll(() => stack?.stop());

const IMPORT = `mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { id rows } }`;
const CREATE = `mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $input: UpdatePersonInput!) { updatePerson(id: $id, input: $input) { id } }`;

describe('TN-7.4 a usage file is checked against the importer\'s scope before anything else', () => {
  it('TN-7.4 an identical file from another agency\'s administrator is FORBIDDEN, not "imported already"', async () => {
    const csv = `queried_at,myegov_account,item,subject_id\n2026-03-09T09:00:00+08:00,t.user,01,${makeNationalId('D', 2, 444_444)}`;
    const first = await stack.as('socialAdmin')(IMPORT, { input: { fileName: 'social.csv', csv } });
    expect(first.errors).toBeUndefined();
    const again = await stack.as('districtAdmin')(IMPORT, { input: { fileName: 'social.csv', csv } });
    expect(codes(again)).toEqual(['FORBIDDEN']);
    expect(again.errors![0]!.extensions!.importId).toBeUndefined();
    // The importer's own agency's administrator is told it is a duplicate.
    expect(codes(await stack.as('socialAdmin')(IMPORT, { input: { fileName: 'social.csv', csv } }))).toEqual(['CONFLICT']);
  });
});

describe('TN-7.4 X-5 the directory does not tell one city that the other\'s account or identifier exists', () => {
  const newcomer = (extra: Record<string, unknown>) => ({ name: '新同仁', agencyId: stack.fixture.agency.social, nationalId: makeNationalId('D', 1, 555_001), ...extra });
  const forbiddenAnswer = async (res: Promise<{ errors?: { message: string; extensions?: Record<string, any> }[] }>) => {
    const r = await res;
    expect(codes(r as never)).toEqual(['FORBIDDEN']);
    return r.errors![0]!.message;
  };

  it('TN-7.4 createPerson with Kaohsiung\'s MyEGov account or national ID answers FORBIDDEN, naming no one', async () => {
    const byAccount = await forbiddenAnswer(stack.as('socialAdmin')(CREATE, { input: newcomer({ myegovAccount: stack.fixture.account.khIt }) }));
    const byId = await forbiddenAnswer(stack.as('socialAdmin')(CREATE, { input: newcomer({ nationalId: stack.fixture.nationalId.khIt }) }));
    expect(byAccount).toBe(byId);
    expect(byAccount).not.toMatch(/already|belongs|exists|蔡資訊|高雄/);
  });

  it('TN-7.4 updatePerson with Kaohsiung\'s MyEGov account or national ID answers FORBIDDEN, naming no one', async () => {
    const id = stack.fixture.person.user;
    const byAccount = await forbiddenAnswer(stack.as('socialAdmin')(UPDATE, { id, input: { myegovAccount: stack.fixture.account.khQuerier } }));
    const byId = await forbiddenAnswer(stack.as('socialAdmin')(UPDATE, { id, input: { nationalId: stack.fixture.nationalId.khQuerier } }));
    expect(byAccount).toBe(byId);
    expect(byAccount).not.toMatch(/already|belongs|exists|許查詢|高雄/);
  });

  it('TN-6.1 an account held by someone the administrator sees is still named a clash (BAD_USER_INPUT)', async () => {
    const res = await stack.as('socialAdmin')(CREATE, { input: newcomer({ myegovAccount: stack.fixture.account.colleague }) });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.field).toBe('input.myegovAccount');
  });
});

describe('KH-7 no failure becomes null', () => {
  it('KH-7 khForm and a KhForm reference answer a database failure as an error, not as null', async () => {
    const { db } = stack.database;
    await db.execute(sql`alter table kaohsiung_bli.forms rename to forms_away`);
    try {
      const res = await stack.as('khIt')(`query($id: ID!) { khForm(id: $id) { id } }`, { id: stack.fixture.person.khIt });
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.path).toEqual(['khForm']);
      expect(res.data?.khForm ?? null).toBeNull();
    } finally {
      await db.execute(sql`alter table kaohsiung_bli.forms_away rename to forms`);
    }
  });
});
