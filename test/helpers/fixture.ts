import { grantPermission, tables, type Database } from '@webir/db';
import { makeNationalId, type PiiCipher } from '@webir/kit';

/**
 * A small directory for integration tests: two cities, an agency tree, and one person per role, so
 * each test can act as the role it is about. Written straight to the database (the directory's own
 * mutations are tested through the gateway elsewhere).
 */
export const at = new Date('2026-01-05T09:00:00+08:00');

const agencySpecs = {
  health: { code: '395070000A', name: '臺南市政府衛生局', level: 'FIRST_LEVEL', city: 'TAINAN' },
  social: { code: '395030000A', name: '臺南市政府社會局', level: 'FIRST_LEVEL', city: 'TAINAN' },
  socialCentre: { code: '395030100B', name: '臺南市東區家庭福利服務中心', level: 'SECOND_LEVEL', city: 'TAINAN', parent: 'social' },
  labour: { code: '395040000A', name: '臺南市政府勞工局', level: 'FIRST_LEVEL', city: 'TAINAN' },
  district: { code: '395010100D', name: '臺南市東區區公所', level: 'DISTRICT_OFFICE', city: 'TAINAN' },
  khIt: { code: '397000100A', name: '高雄市政府資訊中心', level: 'FIRST_LEVEL', city: 'KAOHSIUNG' },
  khSocial: { code: '397030000A', name: '高雄市政府社會局', level: 'FIRST_LEVEL', city: 'KAOHSIUNG' },
  khLabour: { code: '397040000A', name: '高雄市政府勞工局', level: 'FIRST_LEVEL', city: 'KAOHSIUNG' },
  khCivil: { code: '397050000A', name: '高雄市政府民政局', level: 'FIRST_LEVEL', city: 'KAOHSIUNG' },
} as const;

type AgencyKey = keyof typeof agencySpecs;

const personSpecs = {
  chief: { name: '王總管', agency: 'health', grants: [['TN_NHI', 'CHIEF_ADMIN']] },
  auditor: { name: '李稽核', agency: 'health', grants: [['TN_NHI', 'AUDITOR']] },
  socialAdmin: { name: '林社管', agency: 'social', grants: [['TN_NHI', 'AGENCY_ADMIN']] },
  supervisor: { name: '張科長', agency: 'social', grants: [] },
  // The social bureau's head (機關首長): gives the agency head's sign-off on its forms (TN-5.2).
  socialHead: { name: '劉局長', agency: 'social', grants: [] },
  user: { name: '陳使用', agency: 'social', supervisor: 'supervisor', grants: [['TN_NHI', 'USER', 'TN_NHI:01'], ['TN_NHI', 'USER', 'TN_NHI:02']] },
  colleague: { name: '黃同事', agency: 'social', supervisor: 'supervisor', grants: [['TN_NHI', 'USER', 'TN_NHI:05']] },
  centreUser: { name: '吳中心', agency: 'socialCentre', grants: [['TN_NHI', 'USER', 'TN_NHI:01']] },
  labourUser: { name: '周勞工', agency: 'labour', grants: [['TN_NHI', 'USER', 'TN_NHI:07']] },
  districtAdmin: { name: '鄭區管', agency: 'district', grants: [['TN_NHI', 'AGENCY_ADMIN']] },
  khIt: { name: '蔡資訊', agency: 'khIt', grants: [['KH_BLI', 'IT_CENTRE_ADMIN']] },
  khSupervisor: { name: '郭科長', agency: 'khSocial', grants: [] },
  khQuerier: { name: '許查詢', agency: 'khSocial', supervisor: 'khSupervisor', grants: [['KH_BLI', 'QUERIER', 'KH_BLI:C0101']] },
  // Kaohsiung's other bodies (KH-2.1): the Labour Bureau's reviewer, the social bureau's administrator
  // and head, a newcomer without an account, and a clerk of an agency the Labour Bureau has not approved.
  khLabour: { name: '洪勞審', agency: 'khLabour', grants: [['KH_BLI', 'LABOUR_BUREAU_REVIEWER']] },
  khAdmin: { name: '楊機管', agency: 'khSocial', grants: [['KH_BLI', 'AGENCY_ADMIN']] },
  khHead: { name: '謝局長', agency: 'khSocial', grants: [] },
  khNewcomer: { name: '葉新進', agency: 'khSocial', supervisor: 'khSupervisor', grants: [] },
  khClerk: { name: '曾民政', agency: 'khCivil', grants: [] },
} as const satisfies Record<string, { name: string; agency: AgencyKey; supervisor?: string; grants: readonly (readonly string[])[] }>;

/** Heads recorded in the directory (機關首長), each by the body that records them (the city's chief administrator). */
const headSpecs = [
  { agency: 'social', person: 'socialHead', recordedBy: 'chief' },
  { agency: 'khSocial', person: 'khHead', recordedBy: 'khIt' },
] as const satisfies readonly { agency: AgencyKey; person: string; recordedBy: string }[];

export type PersonKey = keyof typeof personSpecs;

export interface Fixture {
  agency: Record<AgencyKey, string>;
  person: Record<PersonKey, string>;
  /** Each person's MyEGov account: the token subject to act as them. */
  account: Record<PersonKey, string>;
  nationalId: Record<PersonKey, string>;
}

export async function seedFixture({ db }: Database, cipher: PiiCipher): Promise<Fixture> {
  const agency = {} as Record<AgencyKey, string>;
  for (const [key, spec] of Object.entries(agencySpecs) as [AgencyKey, (typeof agencySpecs)[AgencyKey]][]) {
    const parentId = 'parent' in spec ? agency[spec.parent] : null;
    const [row] = await db.insert(tables.agencies).values({ code: spec.code, name: spec.name, level: spec.level, city: spec.city, parentId }).returning();
    agency[key] = row!.id;
  }
  const person = {} as Record<PersonKey, string>;
  const account = {} as Record<PersonKey, string>;
  const nationalId = {} as Record<PersonKey, string>;
  let serial = 1000;
  for (const [key, spec] of Object.entries(personSpecs) as [PersonKey, (typeof personSpecs)[PersonKey]][]) {
    const id = makeNationalId(agencySpecs[spec.agency].city === 'TAINAN' ? 'D' : 'E', serial % 2 ? 1 : 2, serial++);
    const supervisorId = 'supervisor' in spec ? person[spec.supervisor as PersonKey] : null;
    const [row] = await db
      .insert(tables.people)
      .values({
        name: spec.name,
        idKind: 'NATIONAL_ID',
        nationalIdEnc: cipher.encrypt(id),
        nationalIdHash: cipher.hash(id),
        myegovAccount: `t.${key.toLowerCase()}`,
        agencyId: agency[spec.agency],
        supervisorId,
        email: `${key.toLowerCase()}@example.gov.tw`,
      })
      .returning();
    person[key] = row!.id;
    account[key] = row!.myegovAccount!;
    nationalId[key] = id;
  }
  for (const [key, spec] of Object.entries(personSpecs) as [PersonKey, (typeof personSpecs)[PersonKey]][]) {
    for (const [regime, role, item] of spec.grants as readonly (readonly string[])[]) {
      await grantPermission(db, {
        personId: person[key],
        agencyId: agency[spec.agency],
        regime: regime!,
        role: role!,
        serviceItemId: item ?? null,
        grantedById: null,
        reason: 'test fixture',
        form: { type: 'fixture', id: key },
        at,
      });
    }
  }
  for (const head of headSpecs) {
    await db.insert(tables.agencyHeads).values({
      agencyId: agency[head.agency],
      personId: person[head.person],
      role: 'HEAD',
      since: '2020-01-01',
      reference: 'test fixture',
      recordedById: person[head.recordedBy],
      recordedAt: at,
    });
  }
  return { agency, person, account, nationalId };
}
