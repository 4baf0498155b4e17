import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { tables } from '@webir/db';
import { makeNationalId, makeResidentCertNew } from '@webir/kit';
import { codes, type GraphQLResponse } from './helpers/client.ts';
import { startTestStack, type TestStack } from './helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

const CREATE_PERSON = `mutation($input: CreatePersonInput!) { createPerson(input: $input) { id name nationalIdMasked idKind myegovAccount email agency { name } supervisor { name } } }`;
const UPDATE_PERSON = `mutation($id: ID!, $input: UpdatePersonInput!) { updatePerson(id: $id, input: $input) { id name employmentStatus employmentStatusEffectiveOn agency { name } supervisor { name } } }`;
const CREATE_AGENCY = `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id code name level parent { name } } }`;
const UPDATE_AGENCY = `mutation($id: ID!, $input: UpdateAgencyInput!) { updateAgency(id: $id, input: $input) { id code name level parent { name } } }`;

const rows = async () => {
  const { db } = stack.database;
  const [[people], [agencies], [reads]] = await Promise.all([
    db.select({ n: count() }).from(tables.people),
    db.select({ n: count() }).from(tables.agencies),
    db.select({ n: count() }).from(tables.piiReads),
  ]);
  return { people: people!.n, agencies: agencies!.n, reads: reads!.n };
};

/** Asserts the response is BAD_USER_INPUT naming the field, and that nothing was written. */
async function expectRefused(run: () => Promise<GraphQLResponse>, field: string, code = 'BAD_USER_INPUT') {
  const before = await rows();
  const res = await run();
  expect(codes(res), JSON.stringify(res.errors?.[0]?.message)).toEqual([code]);
  if (code === 'BAD_USER_INPUT') expect(res.errors![0]!.extensions!.violations.map((v: { field: string }) => v.field)).toContain(field);
  expect(await rows()).toEqual(before);
  return res;
}

let serial = 5000;
const validPerson = (extra: Record<string, unknown> = {}) => ({
  name: '新同仁',
  nationalId: makeNationalId('D', 1, serial++),
  myegovAccount: `new.person.${serial}`,
  agencyId: stack.fixture.agency.social,
  email: 'new.person@tainan.gov.tw',
  phone: '06-2991111#1234',
  supervisorId: stack.fixture.person.supervisor,
  ...extra,
});

describe('creating and changing people', () => {
  it('creates a person with the identifier encrypted, masked in the answer and findable by it', async () => {
    const input = validPerson();
    const res = await stack.as('socialAdmin')(CREATE_PERSON, { input });
    expect(res.errors).toBeUndefined();
    const person = res.data!.createPerson;
    expect(person).toMatchObject({ name: '新同仁', idKind: 'NATIONAL_ID', agency: { name: '臺南市政府社會局' }, supervisor: { name: '張科長' } });
    expect(person.nationalIdMasked).toBe(`${input.nationalId.slice(0, 3)}****${input.nationalId.slice(-3)}`);
    const [stored] = await stack.database.db.select().from(tables.people).where((await import('drizzle-orm')).eq(tables.people.id, person.id));
    expect(JSON.stringify(stored)).not.toContain(input.nationalId);
    expect(stack.cipher.decrypt(stored!.nationalIdEnc!)).toBe(input.nationalId);
  });

  it('accepts a resident certificate number of the 2021 format', async () => {
    const res = await stack.as('socialAdmin')(CREATE_PERSON, { input: validPerson({ nationalId: makeResidentCertNew('D', 77) }) });
    expect(res.data?.createPerson.idKind).toBe('RESIDENT_CERT_NEW');
  });

  it('refuses a national ID with a bad checksum, writing nothing', async () => {
    const id = makeNationalId('D', 1, 4242);
    const broken = id.slice(0, 9) + String((Number(id[9]) + 1) % 10);
    await expectRefused(() => stack.as('socialAdmin')(CREATE_PERSON, { input: validPerson({ nationalId: broken }) }), 'input.nationalId');
  });

  it('refuses a malformed e-mail, phone, MyEGov account or empty name, reporting every field at once', async () => {
    const res = await expectRefused(
      () => stack.as('socialAdmin')(CREATE_PERSON, { input: validPerson({ email: 'not-an-email', phone: 'call me', myegovAccount: 'a b', name: ' ' }) }),
      'input.email',
    );
    expect(res.errors![0]!.extensions!.violations.map((v: { field: string }) => v.field).sort()).toEqual(['input.email', 'input.myegovAccount', 'input.name', 'input.phone']);
  });

  it('refuses a duplicate MyEGov account (TN-6.1: accounts are personal) and a duplicate identifier', async () => {
    await expectRefused(() => stack.as('socialAdmin')(CREATE_PERSON, { input: validPerson({ myegovAccount: stack.fixture.account.user.toUpperCase() }) }), 'input.myegovAccount');
    await expectRefused(() => stack.as('socialAdmin')(CREATE_PERSON, { input: validPerson({ nationalId: stack.fixture.nationalId.user }) }), 'input.nationalId');
  });

  it('refuses staff without an identifier, an unknown agency or supervisor, and malformed IDs', async () => {
    await expectRefused(() => stack.as('socialAdmin')(CREATE_PERSON, { input: validPerson({ nationalId: null }) }), 'input.nationalId');
    await expectRefused(() => stack.as('socialAdmin')(CREATE_PERSON, { input: validPerson({ supervisorId: '00000000-0000-4000-8000-000000000000' }) }), 'input.supervisorId');
    await expectRefused(() => stack.as('chief')(CREATE_PERSON, { input: validPerson({ agencyId: 'not-an-id' }) }), 'input.agencyId');
  });

  it('refuses, with FORBIDDEN, an agency administrator adding people outside their agencies and a user adding anyone', async () => {
    await expectRefused(() => stack.as('socialAdmin')(CREATE_PERSON, { input: validPerson({ agencyId: stack.fixture.agency.health, supervisorId: null }) }), '', 'FORBIDDEN');
    await expectRefused(() => stack.as('user')(CREATE_PERSON, { input: validPerson() }), '', 'FORBIDDEN');
    await expectRefused(() => stack.as('auditor')(CREATE_PERSON, { input: validPerson() }), '', 'FORBIDDEN');
  });

  it('lets an agency administrator add staff to an agency under theirs', async () => {
    const res = await stack.as('socialAdmin')(CREATE_PERSON, { input: validPerson({ agencyId: stack.fixture.agency.socialCentre, supervisorId: null }) });
    expect(res.data?.createPerson.agency.name).toBe('臺南市東區家庭福利服務中心');
  });

  it('X-1 refuses a leave recorded in the directory alone, and records a return to active with its date', async () => {
    const created = await stack.as('socialAdmin')(CREATE_PERSON, { input: validPerson({ employmentStatus: 'RESIGNED', employmentStatusEffectiveOn: '2026-01-31' }) });
    const id = created.data!.createPerson.id;
    // Leaving goes through offboardPerson, which ends what the person holds in every regime.
    await expectRefused(() => stack.as('socialAdmin')(UPDATE_PERSON, { id: stack.fixture.person.user, input: { employmentStatus: 'REASSIGNED', employmentStatusEffectiveOn: '2026-04-01' } }), 'input.employmentStatus');
    await expectRefused(() => stack.as('socialAdmin')(UPDATE_PERSON, { id, input: { employmentStatus: 'ACTIVE' } }), 'input.employmentStatusEffectiveOn');
    const res = await stack.as('socialAdmin')(UPDATE_PERSON, { id, input: { employmentStatus: 'ACTIVE', employmentStatusEffectiveOn: '2026-04-01' } });
    expect(res.data?.updatePerson).toMatchObject({ employmentStatus: 'ACTIVE', employmentStatusEffectiveOn: '2026-04-01' });
    const badDate = await stack.as('socialAdmin')(UPDATE_PERSON, { id, input: { employmentStatusEffectiveOn: '2026-02-30' } });
    expect(codes(badDate)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a supervisor cycle and self-supervision', async () => {
    await expectRefused(() => stack.as('socialAdmin')(UPDATE_PERSON, { id: stack.fixture.person.supervisor, input: { supervisorId: stack.fixture.person.supervisor } }), 'input.supervisorId');
    await expectRefused(() => stack.as('socialAdmin')(UPDATE_PERSON, { id: stack.fixture.person.supervisor, input: { supervisorId: stack.fixture.person.user } }), 'input.supervisorId');
  });

  it('answers NOT_FOUND for a person the caller may not see', async () => {
    const res = await stack.as('districtAdmin')(UPDATE_PERSON, { id: stack.fixture.person.user, input: { name: 'x' } });
    expect(codes(res)).toEqual(['NOT_FOUND']);
  });
});

describe('creating and changing agencies', () => {
  const agency = (extra: Record<string, unknown> = {}) => ({ code: '395030200B', name: '臺南市新營區家庭福利服務中心', level: 'SECOND_LEVEL', city: 'TAINAN', parentId: stack.fixture.agency.social, ...extra });

  it('creates a second-level agency under a first-level one', async () => {
    const res = await stack.as('chief')(CREATE_AGENCY, { input: agency() });
    expect(res.errors).toBeUndefined();
    expect(res.data?.createAgency).toMatchObject({ code: '395030200B', level: 'SECOND_LEVEL', parent: { name: '臺南市政府社會局' } });
  });

  it('refuses a bad code, a duplicate code, a missing or misplaced parent, and another city, writing nothing', async () => {
    await expectRefused(() => stack.as('chief')(CREATE_AGENCY, { input: agency({ code: '12345' }) }), 'input.code');
    await expectRefused(() => stack.as('chief')(CREATE_AGENCY, { input: agency({ code: '395070000A' }) }), 'input.code');
    await expectRefused(() => stack.as('chief')(CREATE_AGENCY, { input: agency({ code: '395030300B', parentId: null }) }), 'input.parentId');
    await expectRefused(() => stack.as('chief')(CREATE_AGENCY, { input: agency({ code: '395030300B', level: 'FIRST_LEVEL' }) }), 'input.parentId');
    await expectRefused(() => stack.as('chief')(CREATE_AGENCY, { input: agency({ code: '395030300B', parentId: stack.fixture.agency.district }) }), 'input.parentId');
    await expectRefused(() => stack.as('chief')(CREATE_AGENCY, { input: agency({ code: '397030100B', city: 'KAOHSIUNG' }) }), '', 'FORBIDDEN');
    await expectRefused(() => stack.as('khIt')(CREATE_AGENCY, { input: agency({ code: '397030100B', city: 'KAOHSIUNG' }) }), 'input.parentId');
  });

  it('refuses a cycle in the agency tree', async () => {
    const a = await stack.as('chief')(CREATE_AGENCY, { input: agency({ code: '395030400B', name: '上層中心' }) });
    const b = await stack.as('chief')(CREATE_AGENCY, { input: agency({ code: '395030500B', name: '下層中心', parentId: a.data!.createAgency.id }) });
    expect(b.errors).toBeUndefined();
    await expectRefused(() => stack.as('chief')(UPDATE_AGENCY, { id: a.data!.createAgency.id, input: { parentId: b.data!.createAgency.id } }), 'input.parentId');
    await expectRefused(() => stack.as('chief')(UPDATE_AGENCY, { id: a.data!.createAgency.id, input: { parentId: a.data!.createAgency.id } }), 'input.parentId');
  });

  it('lets only a city-wide writer change agencies: not an auditor, not an agency administrator', async () => {
    await expectRefused(() => stack.as('auditor')(UPDATE_AGENCY, { id: stack.fixture.agency.social, input: { name: 'x' } }), '', 'FORBIDDEN');
    await expectRefused(() => stack.as('socialAdmin')(UPDATE_AGENCY, { id: stack.fixture.agency.social, input: { name: 'x' } }), '', 'FORBIDDEN');
    const res = await stack.as('chief')(UPDATE_AGENCY, { id: stack.fixture.agency.labour, input: { name: '臺南市政府勞工局（更名）' } });
    expect(res.data?.updateAgency.name).toBe('臺南市政府勞工局（更名）');
  });
});
