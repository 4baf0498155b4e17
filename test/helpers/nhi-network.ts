import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { grantPermission, tables, type Database } from '@webir/db';
import { truncateAll } from '@webir/db/testing';
import { issueDevToken } from '@webir/gateway';
import { makeBusinessNumber, makeNationalId, type PiiCipher } from '@webir/kit';
import { gql, type GraphQLResponse } from './client.ts';
import { at, seedFixture, type PersonKey } from './fixture.ts';
import { startTestStack, type TestStack } from './stack.ts';

/**
 * The NHI network regime's people, beside the shared fixture: the NHI (a national agency) with its
 * network reviewer, and the staff of applying companies (people without an agency).
 */
const nwPeople = {
  reviewer: { name: '洪審查', account: 'nw.reviewer', nhi: true },
  nhiClerk: { name: '邱辦事', account: 'nw.clerk', nhi: true },
  acmeOwner: { name: '簡負責', account: 'nw.acme.owner', nhi: false },
  acmeContact: { name: '羅聯絡', account: 'nw.acme.contact', nhi: false },
  otherCompany: { name: '施他司', account: 'nw.other.staff', nhi: false },
} as const;
export type NwPersonKey = keyof typeof nwPeople;
export type AnyPersonKey = NwPersonKey | PersonKey;

export interface NwFixture {
  nhiAgency: string;
  person: Record<NwPersonKey, string>;
}

export async function seedNwFixture({ db }: Database, cipher: PiiCipher): Promise<NwFixture> {
  const [nhi] = await db.insert(tables.agencies).values({ code: '100200300A', name: '衛生福利部中央健康保險署', level: 'FIRST_LEVEL', city: 'NATIONAL' }).returning();
  const person = {} as Record<NwPersonKey, string>;
  let serial = 5000;
  for (const [key, spec] of Object.entries(nwPeople) as [NwPersonKey, (typeof nwPeople)[NwPersonKey]][]) {
    const id = makeNationalId('A', serial % 2 ? 1 : 2, serial++);
    const [row] = await db
      .insert(tables.people)
      .values({ name: spec.name, idKind: 'NATIONAL_ID', nationalIdEnc: cipher.encrypt(id), nationalIdHash: cipher.hash(id), myegovAccount: spec.account, agencyId: spec.nhi ? nhi!.id : null })
      .returning();
    person[key] = row!.id;
  }
  await grantPermission(db, { personId: person.reviewer, agencyId: nhi!.id, regime: 'NHI_NET', role: 'NHI_NETWORK_REVIEWER', grantedById: null, reason: 'test fixture', at });
  return { nhiAgency: nhi!.id, person };
}

export interface NwStack extends TestStack {
  nw: NwFixture;
  /** Runs a query through the gateway as a fixture person or an NHI network person. */
  by(person: AnyPersonKey | null): <T = Record<string, any>>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse<T>>;
  /** Sets the subgraphs' clock to 10:00 in Taipei on a day. */
  setToday(day: string): void;
  personId(person: AnyPersonKey): string;
}

export const TODAY = '2026-03-02';
const noon = (day: string) => new Date(`${day}T10:00:00+08:00`);

/** One stack per test file; before each test a fresh directory, the NHI network people, and today's date. */
export function nwStack(): NwStack {
  let current: TestStack | undefined;
  let nw: NwFixture | undefined;
  let clock = noon(TODAY);
  beforeAll(async () => {
    current = await startTestStack({ now: () => clock });
  });
  afterAll(() => current?.stop());
  beforeEach(async () => {
    clock = noon(TODAY);
    await truncateAll(current!.database);
    current!.fixture = await seedFixture(current!.database, current!.cipher);
    nw = await seedNwFixture(current!.database, current!.cipher);
  });
  const account = (p: AnyPersonKey) => (p in nwPeople ? nwPeople[p as NwPersonKey].account : current!.fixture.account[p as PersonKey]);
  const extra = {
    get nw() {
      return nw!;
    },
    by: (p: AnyPersonKey | null) => async (query: string, variables?: Record<string, unknown>) =>
      gql(current!.gatewayUrl, query, variables, { token: p ? await issueDevToken(current!.config.devTokenSecret!, account(p)) : null }),
    setToday: (day: string) => {
      clock = noon(day);
    },
    personId: (p: AnyPersonKey) => (p in nwPeople ? nw!.person[p as NwPersonKey] : current!.fixture.person[p as PersonKey]),
  };
  return new Proxy({} as NwStack, {
    get: (_, property) => (property in extra ? Reflect.get(extra, property) : Reflect.get(current!, property)),
    set: (_, property, value) => Reflect.set(current!, property, value),
  });
}

/** Expects no errors and returns the data. */
export function ok<T = Record<string, any>>(res: GraphQLResponse<T>): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
}

/** Expects exactly one error and returns it. */
export function failed(res: GraphQLResponse, code: string, rule?: string) {
  expect(res.errors, JSON.stringify(res.data)).toHaveLength(1);
  const error = res.errors![0]!;
  expect(error.extensions?.code, error.message).toBe(code);
  if (rule) expect(error.extensions?.rule).toBe(rule);
  return error;
}

export const UNIT_FIELDS = `id kind name businessNumber status grandfathered sanctionedUntil mayApplyFrom owner { id name } contact { id name } registeredBy { name }`;
export const APPLICATION_FIELDS = `id number status companyName businessNumber phone fax contactTitle contactPhone email website address
  owner { name } contact { name }
  clientCounts { medicalCentres regionalHospitals districtHospitals clinics pharmacies other }
  registration { name address businessItems { code name } stamped }
  pledge { services signedOn }
  clients { position level institutionCode name contactName phone }
  clientCount
  documents { document present missing }
  eligibility { eligible passedBy explanation checks { test passed required actual shortBy } }
  replyNumber repliedOn decisionNote reviewer { name } unit { id status }`;

export const REGISTER = `mutation($input: RegisterNetworkUnitInput!) { registerNetworkUnit(input: $input) { ${UNIT_FIELDS} } }`;
export const CREATE = `mutation($unitId: ID!, $input: NetworkApplicationInput!) { createNetworkApplication(unitId: $unitId, input: $input) { ${APPLICATION_FIELDS} } }`;
export const UPDATE = `mutation($id: ID!, $input: NetworkApplicationInput!) { updateNetworkApplication(id: $id, input: $input) { ${APPLICATION_FIELDS} } }`;
export const SUBMIT = `mutation($id: ID!) { submitNetworkApplication(id: $id) { ${APPLICATION_FIELDS} } }`;
export const APPROVE = `mutation($id: ID!, $input: ApproveNetworkApplicationInput!) { approveNetworkApplication(id: $id, input: $input) { ${APPLICATION_FIELDS} } }`;
export const REJECT = `mutation($id: ID!, $note: String!) { rejectNetworkApplication(id: $id, note: $note) { id status decisionNote repliedOn } }`;
export const APPLY_LINE = `mutation($input: NetworkLineInput!) { applyForNetworkLine(input: $input) { id status connection provider speed installationAddress appliedOn unit { id name status } } }`;
export const UNIT = `query($id: ID!) { nhiNetworkUnit(id: $id) { ${UNIT_FIELDS} lines { id status endedOn endReason } violations { id kind source status improvementDeadline } sanctions { kind rule from until line { id status } } applications { id status } } }`;

export const ACME = { name: '安可資訊股份有限公司', businessNumber: makeBusinessNumber(1234567), address: '臺北市信義區信義路三段140號14樓' };

/** Registers an IT service unit as `by` (the contact by default) with the owner and contact people. */
export async function registerItUnit(stack: NwStack, extra: Record<string, unknown> = {}, by: AnyPersonKey = 'acmeContact'): Promise<string> {
  const data = ok(
    await stack.by(by)(REGISTER, {
      input: { kind: 'IT_SERVICE_UNIT', name: ACME.name, businessNumber: ACME.businessNumber, ownerId: stack.personId('acmeOwner'), contactId: stack.personId('acmeContact'), ...extra },
    }),
  );
  return data.registerNetworkUnit.id;
}

/** A client list: `district` rows of level 2 (district hospitals or above), `other` rows of level 1. */
export function clientList(district: number, other: number, offset = 0) {
  return Array.from({ length: district + other }, (_, i) => ({
    level: i < district ? 2 : 1,
    institutionCode: `35${String(offset + i + 1).padStart(8, '0')}`,
    name: i < district ? `第${i + 1}地區醫院` : `第${i + 1}診所`,
    contactName: `聯絡人${i + 1}`,
    phone: `02-2706${String(1000 + i).padStart(4, '0')}`,
  }));
}

/** 附件一–三 complete: counts by level that agree with a list of `district` + `other` clients. */
export function completeApplication(stack: NwStack, district = 1, other = 20, extra: Record<string, unknown> = {}) {
  return {
    companyName: ACME.name,
    businessNumber: ACME.businessNumber,
    phone: '(02) 2345-6789',
    ownerId: stack.personId('acmeOwner'),
    fax: '02-2345-6790',
    contactId: stack.personId('acmeContact'),
    contactTitle: '業務經理',
    contactPhone: '02-2345-6789#201',
    email: 'service@acme.com.tw',
    website: 'https://www.acme.com.tw',
    address: ACME.address,
    clientCounts: { medicalCentres: 0, regionalHospitals: 0, districtHospitals: district, clinics: other, pharmacies: 0, other: 0 },
    registration: {
      name: ACME.name,
      address: ACME.address,
      businessItems: [
        { code: 'I301010', name: '資訊軟體服務業' },
        { code: 'F113050', name: '電腦及事務性機器設備批發業' },
      ],
      printedOn: '2026-02-20',
      stamped: true,
    },
    pledge: { services: ['院所端電腦軟硬體與通訊線路障礙排除', '院所端資訊系統版本升級、測試與維護'], signedOn: '2026-02-25' },
    clients: clientList(district, other),
    ...extra,
  };
}

/** Registers, drafts and submits a complete application; returns the unit's and the application's ids. */
export async function submittedApplication(stack: NwStack, district = 1, other = 20): Promise<{ unitId: string; applicationId: string }> {
  const unitId = await registerItUnit(stack);
  const created = ok(await stack.by('acmeContact')(CREATE, { unitId, input: completeApplication(stack, district, other) }));
  const applicationId = created.createNetworkApplication.id;
  ok(await stack.by('acmeContact')(SUBMIT, { id: applicationId }));
  return { unitId, applicationId };
}

/** An approved IT service unit (NW-5.3), ready to apply for its line. */
export async function approvedUnit(stack: NwStack): Promise<{ unitId: string; applicationId: string }> {
  const ids = await submittedApplication(stack);
  ok(await stack.by('reviewer')(APPROVE, { id: ids.applicationId, input: { replyNumber: '健保資字第1150001234號' } }));
  return ids;
}

export const line = (unitId: string, extra: Record<string, unknown> = {}) => ({
  unitId,
  provider: '中華電信',
  connection: 'FIXED_BROADBAND',
  speed: '100M/40M',
  installationAddress: ACME.address,
  ...extra,
});
