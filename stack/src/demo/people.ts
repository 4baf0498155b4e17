import { makeNationalId, makeResidentCertNew } from '@webir/kit';
import { demoAgencies } from './agencies.ts';
import type { DemoAgency, DemoGrant, DemoPerson } from './types.ts';

/**
 * Demo staff: the personas a developer logs in as, then a deterministic crowd around them (a tiny
 * seeded PRNG, so every first start writes the same people). Names and identifiers are fictitious;
 * the identifiers are checksum-valid.
 */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20261122);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const SURNAMES = ['陳', '林', '黃', '張', '李', '王', '吳', '劉', '蔡', '楊', '許', '鄭', '謝', '洪', '郭', '邱', '曾', '廖', '賴', '徐'];
const GIVEN = ['怡君', '志明', '淑芬', '家豪', '雅婷', '俊傑', '美玲', '建宏', '宜蓁', '冠廷', '佩珊', '承翰', '筱涵', '宗翰', '惠如', '明哲', '詩涵', '信宏', '佳穎', '彥廷'];
const TN_ITEMS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13'];
const KH_ITEMS = ['C0101', 'C0201', 'C0302', 'C0402', 'B0101', 'B0201', 'B0301', 'P0102', 'N0101', 'T0101'];
const UNITS: Record<string, string[]> = {
  TAINAN: ['社會救助科', '長期照顧科', '老人福利科', '身心障礙福利科', '疾病管制科', '心理健康科', '行政科'],
  KAOHSIUNG: ['勞動條件科', '就業服務科', '社會救助科', '身心障礙福利科', '婦幼及少年福利科', '行政科'],
};

let serial = 31_000;
const agencyByKey = new Map(demoAgencies.map((a) => [a.key, a]));
const cityOf = (agencyKey: string) => agencyByKey.get(agencyKey)!.city;
const letter = (agencyKey: string) => (cityOf(agencyKey) === 'TAINAN' ? pick(['D', 'R']) : pick(['E', 'S']));
const phone = (agencyKey: string) =>
  cityOf(agencyKey) === 'TAINAN' ? `06-299${1000 + Math.floor(random() * 8999)}#${100 + Math.floor(random() * 899)}` : `07-336${8000 + Math.floor(random() * 1999)}#${100 + Math.floor(random() * 899)}`;
const mail = (account: string, agencyKey: string) => `${account}@${cityOf(agencyKey) === 'TAINAN' ? 'mail.tainan.gov.tw' : 'kcg.gov.tw'}`;

function person(p: Omit<DemoPerson, 'nationalId' | 'phone' | 'email' | 'unit'> & { unit?: string; nationalId?: string }): DemoPerson {
  const gender = random() < 0.5 ? 1 : 2;
  return {
    ...p,
    unit: p.unit ?? pick(UNITS[cityOf(p.agencyKey)]!),
    nationalId: p.nationalId ?? makeNationalId(letter(p.agencyKey), gender, serial++),
    phone: phone(p.agencyKey),
    email: mail(p.myegovAccount, p.agencyKey),
  };
}

const tn = (role: string, agencyKey: string, items?: string[]): DemoGrant => ({ regime: 'TN_NHI', role, agencyKey, ...(items ? { items } : {}) });
const kh = (role: string, agencyKey: string, items?: string[]): DemoGrant => ({ regime: 'KH_BLI', role, agencyKey, ...(items ? { items } : {}) });

const personas: DemoPerson[] = [
  person({ key: 'tn-chief', persona: 'tn-chief', personaDescription: 'Tainan NHI chief administrator (總管理者), Health Bureau: the whole regime', name: '王振宇', myegovAccount: 'tn.health.wang', agencyKey: 'tn-health', unit: '資訊室', title: '技正', grants: [tn('CHIEF_ADMIN', 'tn-health')] }),
  person({ key: 'tn-auditor', persona: 'tn-auditor', personaDescription: 'Tainan Health Bureau auditor: reads the whole regime, approves nothing', name: '李佩蓉', myegovAccount: 'tn.health.li', agencyKey: 'tn-health', unit: '政風室', title: '專員', grants: [tn('AUDITOR', 'tn-health')] }),
  person({ key: 'tn-supervisor', persona: 'tn-supervisor', personaDescription: 'Section chief at the Tainan Social Affairs Bureau: approves their staff’s query requests', name: '張文彬', myegovAccount: 'tn.social.chang', agencyKey: 'tn-social', unit: '社會救助科', title: '科長', grants: [] }),
  person({ key: 'tn-admin', persona: 'tn-admin', personaDescription: 'NHI agency administrator (機關管理者) of the Tainan Social Affairs Bureau and the agencies under it', name: '林淑惠', myegovAccount: 'tn.social.lin', agencyKey: 'tn-social', unit: '行政科', title: '專員', grants: [tn('AGENCY_ADMIN', 'tn-social')] }),
  person({ key: 'tn-user', persona: 'tn-user', personaDescription: 'NHI user at the Tainan Social Affairs Bureau (items 01, 02, 05), reporting to tn-supervisor', name: '陳怡君', myegovAccount: 'tn.social.chen', agencyKey: 'tn-social', unit: '社會救助科', title: '社工員', supervisorKey: 'tn-supervisor', grants: [tn('USER', 'tn-social', ['01', '02', '05'])] }),
  person({ key: 'tn-district-admin', persona: 'tn-district-admin', personaDescription: 'NHI agency administrator of the East District Office, Tainan', name: '鄭志豪', myegovAccount: 'tn.east.cheng', agencyKey: 'tn-east', unit: '社會課', title: '課員', grants: [tn('AGENCY_ADMIN', 'tn-east')] }),
  person({ key: 'kh-it-centre', persona: 'kh-it-centre', personaDescription: 'Kaohsiung IT centre (總管理機關): sets up administrator accounts on the Labour Bureau’s approval', name: '蔡明哲', myegovAccount: 'kh.it.tsai', agencyKey: 'kh-it', unit: '系統管理科', title: '工程師', grants: [kh('IT_CENTRE_ADMIN', 'kh-it')] }),
  person({ key: 'kh-labour-bureau', persona: 'kh-labour-bureau', personaDescription: 'Kaohsiung Labour Bureau reviewer (權責管理機關): reviews applications, audits use', name: '許雅婷', myegovAccount: 'kh.labour.hsu', agencyKey: 'kh-labour', unit: '勞動條件科', title: '科員', grants: [kh('LABOUR_BUREAU_REVIEWER', 'kh-labour')] }),
  person({ key: 'kh-supervisor', persona: 'kh-supervisor', personaDescription: 'Section chief at the Kaohsiung Social Affairs Bureau: signs queriers’ registrations', name: '黃國華', myegovAccount: 'kh.social.huang', agencyKey: 'kh-social', unit: '社會救助科', title: '科長', grants: [] }),
  person({ key: 'kh-admin', persona: 'kh-admin', personaDescription: 'BLI agency administrator of the Kaohsiung Social Affairs Bureau', name: '吳宗翰', myegovAccount: 'kh.social.wu', agencyKey: 'kh-social', unit: '行政科', title: '專員', grants: [kh('AGENCY_ADMIN', 'kh-social')] }),
  person({ key: 'kh-querier', persona: 'kh-querier', personaDescription: 'BLI querier at the Kaohsiung Social Affairs Bureau (C0101, B0101), reporting to kh-supervisor', name: '楊惠如', myegovAccount: 'kh.social.yang', agencyKey: 'kh-social', unit: '社會救助科', title: '社工員', supervisorKey: 'kh-supervisor', grants: [kh('QUERIER', 'kh-social', ['C0101', 'B0101'])] }),
];

/** A crowd per agency: an administrator where none is a persona, a section chief, and users under them. */
function crowd(): DemoPerson[] {
  const people: DemoPerson[] = [];
  const hasAdmin = new Set(personas.flatMap((p) => p.grants.filter((g) => g.role === 'AGENCY_ADMIN').map((g) => g.agencyKey)));
  const skip = new Set(['kh-it', 'kh-labour']); // the bodies that run the Kaohsiung regime hold no querier accounts
  for (const agency of demoAgencies as DemoAgency[]) {
    if (skip.has(agency.key)) continue;
    const regimeGrant = agency.city === 'TAINAN' ? tn : kh;
    const userRole = agency.city === 'TAINAN' ? 'USER' : 'QUERIER';
    const items = agency.city === 'TAINAN' ? TN_ITEMS : KH_ITEMS;
    const prefix = agency.key.replace(/-/g, '.');
    const make = (role: string, title: string, extra: Partial<DemoPerson> = {}) =>
      person({ key: `${agency.key}-${role}`, name: pick(SURNAMES) + pick(GIVEN), myegovAccount: `${prefix}.${role}`, agencyKey: agency.key, title, grants: [], ...extra });
    if (!hasAdmin.has(agency.key)) people.push(make('admin', '專員', { grants: [regimeGrant('AGENCY_ADMIN', agency.key)] }));
    const chief = make('chief', agency.level === 'DISTRICT_OFFICE' ? '課長' : '科長');
    people.push(chief);
    const users = 2 + Math.floor(random() * 3);
    for (let i = 1; i <= users; i++) {
      const held = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(items)))].sort();
      people.push(make(`user${i}`, pick(['科員', '社工員', '約聘人員', '課員']), { supervisorKey: chief.key, grants: [regimeGrant(userRole, agency.key, held)] }));
    }
  }
  return people;
}

const everyone = [...personas, ...crowd()];

// People who left, with their grants still on the ledger: what account clean-up (TN-4.3, KH-4.4, X-1) must find.
const leavers: Record<string, Pick<DemoPerson, 'employmentStatus' | 'employmentStatusEffectiveOn'>> = {
  'tn-north-user1': { employmentStatus: 'RESIGNED', employmentStatusEffectiveOn: '2026-06-30' },
  'tn-annan-user2': { employmentStatus: 'RETIRED', employmentStatusEffectiveOn: '2026-02-01' },
  'kh-fengshan-user1': { employmentStatus: 'REASSIGNED', employmentStatusEffectiveOn: '2026-09-01' },
};
// Two holders of resident certificates (2021 format).
const residents = ['tn-yongkang-user1', 'kh-sanmin-user1'];

const staff: DemoPerson[] = everyone.map((p) => ({
  ...p,
  ...(leavers[p.key] ?? {}),
  ...(residents.includes(p.key) ? { nationalId: makeResidentCertNew(cityOf(p.agencyKey) === 'TAINAN' ? 'D' : 'E', serial++) } : {}),
}));

/**
 * Each agency's head (機關首長), who gives the head's sign-off on its forms; the directory records them
 * (`demoHeads`). Made after everyone else, so the people above keep the names the seeded PRNG gave them.
 */
const heads: DemoPerson[] = (demoAgencies as DemoAgency[]).map((agency) =>
  person({
    key: `${agency.key}-head`,
    name: pick(SURNAMES) + pick(GIVEN),
    myegovAccount: `${agency.key.replace(/-/g, '.')}.head`,
    agencyKey: agency.key,
    unit: '首長室',
    title: agency.level === 'DISTRICT_OFFICE' ? '區長' : agency.level === 'SECOND_LEVEL' ? '主任' : agency.key.endsWith('-it') ? '主任' : '局長',
    grants: [],
  }),
);

export const demoPeople: DemoPerson[] = [...staff, ...heads];

/** The head recorded for each agency, by the person key above. */
export const demoHeads: { agencyKey: string; personKey: string }[] = heads.map((h) => ({ agencyKey: h.agencyKey, personKey: h.key }));
