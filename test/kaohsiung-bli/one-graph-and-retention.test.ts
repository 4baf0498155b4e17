import { describe, expect, it } from 'vitest';
import { tables } from '@webir/db';
import { addDays } from '@webir/kit';
import { codes } from '../helpers/client.ts';
import { approvedRegistration, Clock, FORM, khSnapshot, khStack, makeQuerier, ok } from '../helpers/kaohsiung.ts';

const clock = new Clock();
const stack = khStack({ clock, setUpAt: '2026-01-05' });

describe('one graph: the BLI regime’s fields on the core entities, resolved across subgraphs through the gateway', () => {
  it('KH-2.1 KH-5.1 an agency shows its approval as a requesting agency, its items, forms, and its roster with the forms that granted it', async () => {
    const { formId } = await makeQuerier(stack, 'khNewcomer', ['C0101']);
    const number = ok(await stack.as('khAdmin')(FORM, { id: formId })).khForm.number;
    // As the IT centre, which reads the whole regime (what the agency administrator sees of the other
    // bodies' people is access.test.ts's concern).
    const res = ok(
      await stack.as('khIt')(
        `query($id: ID!) { agency(id: $id) { name khRequestingAgency { status legalBasis approvedBy { name } } khItems { item level active }
          khForms { number form status } khAudits { year } permissions(regime: "KH_BLI") { role person { name } serviceItem { code } khForm { number form } } } }`,
        { id: stack.fixture.agency.khSocial },
      ),
    ).agency;
    expect(res.name).toBe('高雄市政府社會局');
    expect(res.khRequestingAgency).toEqual({ status: 'APPROVED', legalBasis: '社會救助法第5條之3', approvedBy: { name: '洪勞審' } });
    expect(res.khItems).toEqual([{ item: 'C0101', level: 'AGENCY', active: true }]);
    expect(res.khForms.map((f: { form: string; status: string }) => `${f.form} ${f.status}`).sort()).toEqual(['ITEMS DONE', 'QUERIER DONE']);
    expect(res.khAudits).toEqual([]);
    expect(res.permissions).toContainEqual({ role: 'QUERIER', person: { name: '葉新進' }, serviceItem: { code: 'C0101' }, khForm: { number, form: 'QUERIER' } });
    // The fixture's grants were made by no form of the regime.
    expect(res.permissions).toContainEqual({ role: 'AGENCY_ADMIN', person: { name: '楊機管' }, serviceItem: null, khForm: null });
  });

  it('KH-2.1 an agency never approved shows no approval and no items', async () => {
    const res = ok(await stack.as('khIt')(`query($id: ID!) { agency(id: $id) { khRequestingAgency { status } khItems { item } khForms { number } } }`, { id: stack.fixture.agency.khCivil })).agency;
    expect(res).toEqual({ khRequestingAgency: null, khItems: [], khForms: [] });
  });

  it('a person shows their BLI accounts and registrations beside their directory entry', async () => {
    const { formId } = await makeQuerier(stack);
    const registration = await approvedRegistration(stack);
    const number = ok(await stack.as('khAdmin')(FORM, { id: formId })).khForm.number;
    const me = ok(await stack.as('khNewcomer')(`{ me { name agency { name } khAccounts { kind ipAddress active form { number } } khRegistrations { number status } } }`)).me;
    expect(me).toEqual({
      name: '葉新進',
      agency: { name: '高雄市政府社會局' },
      khAccounts: [{ kind: 'QUERIER', ipAddress: '10.20.30.40', active: true, form: { number } }],
      khRegistrations: [{ number: registration.number, status: 'APPROVED' }],
    });
    const staff = ok(await stack.as('khSupervisor')(`{ me { staff { name khRegistrations { number } } } }`)).me.staff;
    expect(staff.find((s: { name: string }) => s.name === '葉新進')).toEqual({ name: '葉新進', khRegistrations: [{ number: registration.number }] });
  });

  it('loads the regime’s fields for a page of agencies in a bounded number of statements, whatever its size', async () => {
    const { db } = stack.database;
    const offices = await db
      .insert(tables.agencies)
      .values(Array.from({ length: 40 }, (_, i) => ({ code: `3979${String(i).padStart(5, '0')}D`, name: `高雄測試區公所${i}`, level: 'DISTRICT_OFFICE' as const, city: 'KAOHSIUNG' })))
      .returning();
    await db.insert(tables.khRequestingAgencies).values(offices.map((o) => ({ agencyId: o.id, legalBasis: '社會救助法', approvedOn: '2026-01-05', approvedById: stack.fixture.person.khLabour, createdAt: stack.now() })));
    const query = `query($n: Int!) { agencies(first: $n, filter: { city: KAOHSIUNG }) { edges { node { name khRequestingAgency { status approvedBy { name } } khItems { item } khForms { number } khAudits { year } } } } }`;
    const statements = async (n: number) => {
      const before = stack.database.statements.count;
      const res = await stack.as('khIt')(query, { n });
      expect(res.errors).toBeUndefined();
      expect(res.data!.agencies.edges.length).toBe(n);
      return stack.database.statements.count - before;
    };
    const small = await statements(5);
    const large = await statements(44);
    expect(large).toBe(small);
  });
});

describe('retention: nothing is removed before its period ends, and the IT centre alone purges', () => {
  const PURGE = `mutation($dry: Boolean) { purgeKhRecords(dryRun: $dry) { kind id number retainUntil rule } }`;
  type Purged = { kind: string; id: string; number: string | null; retainUntil: string; rule: string };

  it('a dry run lists only what is past its retention day and removes nothing; the purge removes it and logs each', async () => {
    const { formId } = await makeQuerier(stack);
    const registration = await approvedRegistration(stack);
    const regKept = ok(await stack.as('khIt')(`query($id: ID!) { khRegistration(id: $id) { retainUntil } }`, { id: registration.id })).khRegistration.retainUntil as string;
    const formKept = ok(await stack.as('khIt')(FORM, { id: formId })).khForm.retainUntil as string;
    expect(regKept > '2026-01-05').toBe(true);
    expect(formKept > '2026-01-05').toBe(true);

    // On the last day each is kept, neither is listed; whatever is listed is past its own day.
    for (const day of [regKept, formKept]) {
      clock.set(day);
      const listed = ok(await stack.as('khIt')(PURGE, { dry: true })).purgeKhRecords as Purged[];
      expect(listed.map((p) => p.id)).not.toContain(day === regKept ? registration.id : formId);
      expect(listed.every((p) => p.retainUntil < day)).toBe(true);
    }

    const last = regKept > formKept ? regKept : formKept;
    clock.set(addDays(last, 1));
    const before = await khSnapshot(stack);
    const dry = ok(await stack.as('khIt')(PURGE, { dry: true })).purgeKhRecords as Purged[];
    expect(dry.map((p) => p.id)).toEqual(expect.arrayContaining([registration.id, formId]));
    expect(dry.find((p) => p.id === registration.id)).toMatchObject({ number: registration.number, retainUntil: regKept });
    expect(await khSnapshot(stack)).toEqual(before); // a dry run removes nothing
    for (const who of ['khLabour', 'khAdmin', 'chief'] as const) {
      expect(codes(await stack.as(who)(PURGE, { dry: false })), who).toEqual([expect.stringMatching(/FORBIDDEN|RULE_VIOLATION/)]);
    }
    expect(await khSnapshot(stack)).toEqual(before);

    const purged = ok(await stack.as('khIt')(PURGE, { dry: false })).purgeKhRecords as Purged[];
    expect(purged.map((p) => p.id).sort()).toEqual(dry.map((p) => p.id).sort());
    const gone = await stack.as('khIt')(`query($id: ID!) { khRegistration(id: $id) { number } }`, { id: registration.id });
    expect(gone.data?.khRegistration ?? null).toBeNull();
    const log = ok(await stack.as('khLabour')(`{ khPurges { id number kind } }`)).khPurges as { id: string; number: string | null }[];
    expect(log.map((p) => p.id)).toEqual(expect.arrayContaining([registration.id, formId]));
  });
});
