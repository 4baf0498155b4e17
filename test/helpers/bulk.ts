import { sql } from 'drizzle-orm';
import { tables, type Database } from '@webir/db';
import { makeNationalId, type PiiCipher } from '@webir/kit';
import type { Fixture } from './fixture.ts';

/** `count` staff at the social bureau and the centre under it, each with two NHI grants. */
export async function addBulkStaff({ db }: Database, cipher: PiiCipher, fixture: Fixture, count: number): Promise<void> {
  const { agency, person } = fixture;
  const staff = Array.from({ length: count }, (_, i) => {
    const id = makeNationalId('D', ((i % 2) + 1) as 1 | 2, 200_000 + i);
    return {
      name: `測試人員${String(i).padStart(4, '0')}`,
      idKind: 'NATIONAL_ID' as const,
      nationalIdEnc: cipher.encrypt(id),
      nationalIdHash: cipher.hash(id),
      myegovAccount: `bulk.${i}`,
      agencyId: i % 3 ? agency.social : agency.socialCentre,
      supervisorId: person.supervisor,
    };
  });
  const rows = await db.insert(tables.people).values(staff).returning({ id: tables.people.id, agencyId: tables.people.agencyId });
  await db.insert(tables.permissions).values(
    rows.flatMap((r, i) =>
      ['TN_NHI:01', i % 2 ? 'TN_NHI:05' : 'TN_NHI:12'].map((item) => ({
        personId: r.id,
        agencyId: r.agencyId!,
        regimeCode: 'TN_NHI',
        role: 'USER',
        serviceItemId: item,
        grantedAt: new Date('2026-01-10T00:00:00Z'),
        grantReason: 'bulk fixture',
      })),
    ),
  );
}

/** The 500-people page the batching test and the benchmark both ask for. */
export const PEOPLE_PAGE = `query($first: Int!, $agency: ID!) {
  people(first: $first, filter: { agencyId: $agency, includeSubAgencies: true }) {
    totalCount
    edges { node { name nationalIdMasked supervisor { name } agency { name parent { name } }
      permissions { role status regime { id name } serviceItem { code name regime { id } } agency { code } } } }
  }
}`;

/**
 * Kaohsiung's social bureau approved, holding C0101, and `count` registrations and 附表三 forms (each
 * with its three sign-offs) by its two queriers: the pages the batching test and the benchmark read.
 */
export async function addBulkKhRecords({ db }: Database, cipher: PiiCipher, fixture: Fixture, count: number): Promise<void> {
  const { agency, person } = fixture;
  const at = new Date('2026-03-02T09:00:00+08:00');
  const minute = (i: number) => new Date(at.getTime() + i * 60_000);
  const querier = (i: number) => (i % 2 ? person.khQuerier : person.khNewcomer);
  await db.insert(tables.khRequestingAgencies).values({ agencyId: agency.khSocial, legalBasis: '社會救助法', approvedOn: '2026-01-05', approvedById: person.khLabour, createdAt: at });
  await db.insert(tables.khItemHoldings).values({ level: 'AGENCY', agencyId: agency.khSocial, item: 'C0101', legalBasis: '社會救助法', decisionReference: 'bulk', grantedAt: at, grantedById: person.khIt });
  await db.insert(tables.khRegistrations).values(
    Array.from({ length: count }, (_, i) => {
      const id = makeNationalId('E', ((i % 2) + 1) as 1 | 2, 300_000 + i);
      return {
        number: `R1-BULK-${i}`,
        requesterId: querier(i),
        agencyId: agency.khSocial,
        subjectName: `個案${i}`,
        subjectIdEnc: cipher.encrypt(id),
        subjectIdHash: cipher.hash(id),
        items: ['C0101'],
        legalBasis: '社會救助法',
        reason: '資格審查',
        dutyRelation: '審核家庭總收入',
        status: 'APPROVED',
        requestedAt: minute(i),
        approverId: person.khSupervisor,
        decidedAt: new Date(minute(i).getTime() + 1000),
        retainUntil: '2031-03-02',
      };
    }),
  );
  const forms = await db
    .insert(tables.khForms)
    .values(
      Array.from({ length: count }, (_, i) => ({
        number: `K3-BULK-${i}`,
        form: 'QUERIER',
        action: 'ADD',
        agencyId: agency.khSocial,
        applicantId: querier(i),
        section: '社會救助科',
        phone: '07-3373373',
        email: 'bulk@kcg.gov.tw',
        itemChanges: [{ item: 'C0101', action: 'ADD' as const, decision: null, bliDecision: null }],
        appliedOn: '2026-03-02',
        status: 'SETUP',
        createdById: person.khAdmin,
        createdAt: minute(i),
      })),
    )
    .returning({ id: tables.khForms.id });
  await db.insert(tables.khFormSignoffs).values(
    forms.flatMap((f, i) =>
      (['APPLICANT', 'SECTION_CHIEF', 'AGENCY_HEAD'] as const).map((role, step) => ({
        applicationId: f.id,
        step: step + 1,
        role,
        signerId: [querier(i), person.khSupervisor, person.khHead][step]!,
        signedAt: at,
      })),
    ),
  );
}

export const KH_REGISTRATIONS_PAGE = `query($first: Int!) { khRegistrations(first: $first) { totalCount edges { node { number subjectIdMasked category
  requester { name khAccounts { kind } } approver { name } agency { name khRequestingAgency { status } khItems { item } } } } } }`;
export const KH_FORMS_PAGE = `query($first: Int!) { khForms(first: $first) { totalCount edges { node { number status nextStep copiesComplete
  applicant { name } agency { name } signoffs { role signer { name } } } } } }`;

/**
 * `count` Tainan usage records written set-based (generate_series, chunks of 250,000), one every 30
 * seconds from `from`, by the social bureau's user and colleague; every `findingEvery`th is a query
 * without a request (TN-7.1). For the findings benchmark: a year of a busy city's log in seconds.
 * Returns the number of findings written.
 */
export async function addBulkTnUsage({ db }: Database, fixture: Fixture, count: number, findingEvery: number, from = '2025-12-01T00:00:00+08:00'): Promise<number> {
  const { agency, person } = fixture;
  const [batch] = await db
    .insert(tables.usageImports)
    .values({ fileName: `bulk-${count}.csv`, sha256: `bulk-${Date.now()}-${count}`, rows: count, duplicates: 0, findings: Math.floor(count / findingEvery), importedById: person.chief, importedAt: new Date(from) })
    .returning({ id: tables.usageImports.id });
  const CHUNK = 250_000;
  for (let start = 1; start <= count; start += CHUNK) {
    const end = Math.min(count, start + CHUNK - 1);
    await db.execute(sql`
      insert into tainan_nhi.usage_records (import_id, line, queried_at, myegov_account, querier_id, agency_id, item, subject_id_enc, subject_id_hash, finding)
      select ${batch!.id}::uuid, g, ${from}::timestamptz + g * interval '30 seconds',
        case when g % 2 = 0 then 't.user' else 't.colleague' end,
        case when g % 2 = 0 then ${person.user}::uuid else ${person.colleague}::uuid end,
        ${agency.social}::uuid, '01', 'bulk', md5(g::text),
        case when g % ${findingEvery}::int = 0 then 'NO_REQUEST' else 'NONE' end
      from generate_series(${start}::int, ${end}::int) g`);
  }
  // As autovacuum leaves a settled table: statistics and the visibility map (index-only scans).
  await db.execute(sql`vacuum analyze tainan_nhi.usage_records`);
  return Math.floor(count / findingEvery);
}
