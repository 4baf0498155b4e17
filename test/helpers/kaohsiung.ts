import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { truncateAll } from '@webir/db/testing';
import { makeNationalId } from '@webir/kit';
import { codes, type GraphQLResponse } from './client.ts';
import { seedFixture, type PersonKey } from './fixture.ts';
import { DEFAULT_TEST_NOW, startTestStack, type TestStack } from './stack.ts';

/**
 * Steps of the Kaohsiung BLI regime (高雄市政府應用勞動部勞工保險局資訊作業管理要點), through the gateway,
 * for tests to build on. Every step goes through the real mutations; the only direct writes are to
 * the directory (as the fixture itself is written).
 */

// ---------------------------------------------------------------------------------------------------
// Queries and mutations
// ---------------------------------------------------------------------------------------------------

const FORM_FIELDS = `id number form action status nextStep appliedOn legalBasis ipAddress myegovAccount certificateUploaded privacyAcknowledged
  applicant { name } agency { name } itemChanges { item action decision bliDecision } signoffs { step role signer { name } }
  reviewer { name } reviewNote setUpBy { name } setUpNote copies { holder keptOn keptBy { name } } copiesComplete retainUntil`;

export const APPROVE_AGENCY = `mutation($input: KhRequestingAgencyInput!) { approveKhRequestingAgency(input: $input) { id status legalBasis approvedOn approvedBy { name } agency { name } withdrawnAt } }`;
export const WITHDRAW_AGENCY = `mutation($agencyId: ID!, $reason: String!) { withdrawKhRequestingAgency(agencyId: $agencyId, reason: $reason) { id status withdrawnAt withdrawalReason agency { name } } }`;
export const BLI_DECISION = `mutation($input: KhBliDecisionInput!) { recordKhBliDecision(input: $input) { id level item itemName legalBasis decisionReference active grantedBy { name } removedAt } }`;
export const HOLDINGS = `query($level: KhHoldingLevel, $agencyId: ID) { khItemHoldings(level: $level, agencyId: $agencyId) { id level item active decisionReference agency { name } } }`;
export const FILE = `mutation($input: KhFormInput!) { fileKhForm(input: $input) { ${FORM_FIELDS} } }`;
export const SIGN = `mutation($id: ID!, $role: KhSignoffRole!) { signKhForm(id: $id, role: $role) { ${FORM_FIELDS} } }`;
export const REVIEW = `mutation($id: ID!, $input: KhReviewInput!) { reviewKhForm(id: $id, input: $input) { ${FORM_FIELDS} } }`;
export const SETUP = `mutation($id: ID!, $input: KhSetUpInput) { setUpKhForm(id: $id, input: $input) { ${FORM_FIELDS} } }`;
export const COPY = `mutation($id: ID!, $holder: KhCopyHolder!) { recordKhFormCopy(id: $id, holder: $holder) { ${FORM_FIELDS} } }`;
export const FORM = `query($id: ID!) { khForm(id: $id) { ${FORM_FIELDS} } }`;
export const ACCOUNTS = `query($agencyId: ID, $all: Boolean) { khAccounts(agencyId: $agencyId, includeDeleted: $all) { id kind myegovAccount ipAddress active deletedAt deletedReason person { name } agency { name } form { number form } } }`;
export const DELETE_ACCOUNT = `mutation($input: KhDeleteAccountInput!) { deleteKhAccount(input: $input) { id kind active deletedAt deletedReason person { name } } }`;
export const FILE_REGISTRATION = `mutation($input: KhRegistrationInput!) { fileKhRegistration(input: $input) { id number status category subjectName subjectIdMasked reason legalBasis dutyRelation requester { name } agency { name } approver { name } retainUntil } }`;
export const APPROVE_REGISTRATION = `mutation($id: ID!) { approveKhRegistration(id: $id) { id number status approver { name } decidedAt } }`;
export const REJECT_REGISTRATION = `mutation($id: ID!, $note: String!) { rejectKhRegistration(id: $id, note: $note) { id status decisionNote approver { name } } }`;
export const AUTHORIZE = `mutation($input: KhQueryInput!) { authorizeKhQuery(input: $input) { item ipAddress authorizedAt registration { number status } } }`;
export const IMPORT = `mutation($input: ImportKhUsageInput!) { importKhUsage(input: $input) { id rows duplicates findings } }`;
export const USAGE = `query($filter: KhUsageFilter) { khUsageRecords(filter: $filter, first: 100) { totalCount edges { node { line finding item ipAddress myegovAccount subjectIdMasked registrationNumber querier { name } registration { number } } } } }`;

// ---------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------

/** The city's items the IT centre records before each test (the BLI's decision). */
export const CITY_ITEMS = ['C0101', 'C0201', 'B0101'];
export const BLI_LETTER = '勞保資字第1150000001號';
export const QUERY_IP = '10.20.30.40';

type Stackish = Pick<TestStack, 'fixture'>;

/** 附表二: the caller applies for an administrator account at 社會局 (the newcomer unless told). */
export const adminForm = (stack: Stackish, extra: Record<string, unknown> = {}) => ({
  form: 'ADMINISTRATOR',
  action: 'ADD',
  agencyId: stack.fixture.agency.khSocial,
  section: '社會救助科',
  phone: '07-3368333#2101',
  email: 'newcomer@kcg.gov.tw',
  myegovAccount: stack.fixture.account.khNewcomer,
  certificateUploaded: true,
  ...extra,
});

/** 附表三: the caller applies for a querier account with items (the newcomer, C0101, unless told). */
export const querierForm = (stack: Stackish, extra: Record<string, unknown> = {}) => ({
  form: 'QUERIER',
  action: 'ADD',
  agencyId: stack.fixture.agency.khSocial,
  section: '社會救助科',
  phone: '07-3368333#2102',
  email: 'newcomer@kcg.gov.tw',
  myegovAccount: stack.fixture.account.khNewcomer,
  certificateUploaded: true,
  privacyAcknowledged: true,
  legalBasis: '社會救助法第5條之3',
  ipAddress: QUERY_IP,
  itemChanges: [{ item: 'C0101', action: 'ADD' }],
  ...extra,
});

/** 附表四 + 查調服務項目申請表: the agency administrator changes the agency's items. */
export const itemsForm = (stack: Stackish, itemChanges: { item: string; action: 'ADD' | 'DELETE' }[], extra: Record<string, unknown> = {}) => ({
  form: 'ITEMS',
  action: 'CHANGE_ITEMS',
  agencyId: stack.fixture.agency.khSocial,
  section: '社會救助科',
  phone: '07-3368333#2100',
  email: 'admin@kcg.gov.tw',
  legalBasis: '社會救助法第5條之3、第44條之2',
  ipAddress: QUERY_IP,
  itemChanges,
  ...extra,
});

export const registrationInput = (extra: Record<string, unknown> = {}) => ({
  subjectName: '王小明',
  subjectId: SUBJECT,
  category: 'C0101',
  reason: '依社會救助法第5條之3審核低收入戶資格，需查詢申請人之勞保投保資料',
  legalBasis: '社會救助法第5條之3',
  dutyRelation: '本科承辦低收入戶資格審查，申請人工作能力之認定須依其投保紀錄',
  ...extra,
});

/** Subjects of registrations and usage (Kaohsiung letter E, checksum-valid). */
export const SUBJECT = makeNationalId('E', 1, 770_001);
export const OTHER_SUBJECT = makeNationalId('E', 2, 770_002);
export const masked = (id: string) => `${id.slice(0, 3)}****${id.slice(-3)}`;

// ---------------------------------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------------------------------

export const ruleOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.rule as string | undefined;
const show = (res: GraphQLResponse<any>) => JSON.stringify(res.errors ?? res.data);

/** The call succeeded; returns its data. */
export function ok<T = Record<string, any>>(res: GraphQLResponse<T>): T {
  expect(res.errors, show(res)).toBeUndefined();
  // The gateway reports a null where the schema promises a value (a Person! the caller may not see)
  // only in extensions.valueCompletion: an answer with one is not a whole answer.
  expect((res as { extensions?: { valueCompletion?: unknown } }).extensions?.valueCompletion, JSON.stringify((res as { extensions?: unknown }).extensions)).toBeUndefined();
  return res.data!;
}

/** Refused as a breach of the one rule named (RULE_VIOLATION with extensions.rule). */
export function expectRule(res: GraphQLResponse, rule: string): void {
  expect(codes(res), show(res)).toEqual(['RULE_VIOLATION']);
  expect(ruleOf(res), show(res)).toBe(rule);
  expect(res.data?.[Object.keys(res.data ?? {})[0] ?? ''] ?? null).toBeNull();
}

/** Refused with BAD_USER_INPUT naming (at least) these fields. */
export function expectBadInput(res: GraphQLResponse, fields: string[]): void {
  expect(codes(res), show(res)).toEqual(['BAD_USER_INPUT']);
  const named = ((res.errors![0]!.extensions?.violations ?? []) as { field: string }[]).map((v) => v.field);
  expect(named, show(res)).toEqual(expect.arrayContaining(fields));
}

// One code, never a choice of several: the helper lives beside `codes` in client.ts.
export { expectCode } from './client.ts';

/**
 * Every row of every table a Kaohsiung step may write, and the ledger: compare before and after a
 * refused call to prove that nothing at all was written.
 */
export async function khSnapshot(stack: Pick<TestStack, 'database'>): Promise<Record<string, unknown[]>> {
  const { db } = stack.database;
  const all = {
    requestingAgencies: tables.khRequestingAgencies,
    itemHoldings: tables.khItemHoldings,
    forms: tables.khForms,
    signoffs: tables.khFormSignoffs,
    accounts: tables.khAccounts,
    registrations: tables.khRegistrations,
    usageImports: tables.khUsageImports,
    usageRecords: tables.khUsageRecords,
    usageChecks: tables.khUsageChecks,
    audits: tables.khAudits,
    purges: tables.khPurges,
    permissions: tables.permissions,
  };
  const out: Record<string, unknown[]> = {};
  for (const [name, table] of Object.entries(all)) {
    out[name] = await db.select().from(table as typeof tables.khForms).orderBy(asc((table as typeof tables.khForms).id));
  }
  return out;
}

/** The active KH_BLI grants at an agency, as `person role item`, from the ledger table. */
export async function khGrants(stack: Pick<TestStack, 'database' | 'fixture'>, agency: keyof TestStack['fixture']['agency'] = 'khSocial'): Promise<string[]> {
  const { db } = stack.database;
  const rows = await db
    .select({ personId: tables.permissions.personId, role: tables.permissions.role, item: tables.permissions.serviceItemId })
    .from(tables.permissions)
    .where(and(eq(tables.permissions.agencyId, stack.fixture.agency[agency]), eq(tables.permissions.regimeCode, 'KH_BLI'), eq(tables.permissions.status, 'ACTIVE')));
  const nameOf = Object.fromEntries(Object.entries(stack.fixture.person).map(([k, v]) => [v, k]));
  return rows.map((r) => `${nameOf[r.personId] ?? r.personId} ${r.role}${r.item ? ` ${r.item.replace('KH_BLI:', '')}` : ''}`).sort();
}

/** The items an agency (or the city, with null) holds, from the table. */
export async function heldItems(stack: Pick<TestStack, 'database' | 'fixture'>, agency: keyof TestStack['fixture']['agency'] | null): Promise<string[]> {
  const { db } = stack.database;
  const rows = await db
    .select({ item: tables.khItemHoldings.item, agencyId: tables.khItemHoldings.agencyId })
    .from(tables.khItemHoldings)
    .where(and(eq(tables.khItemHoldings.level, agency ? 'AGENCY' : 'CITY'), eq(tables.khItemHoldings.status, 'ACTIVE')));
  return rows.filter((r) => (agency ? r.agencyId === stack.fixture.agency[agency] : r.agencyId === null)).map((r) => r.item).sort();
}

// ---------------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------------

const ROLES = ['APPLICANT', 'SECTION_CHIEF', 'AGENCY_HEAD'] as const;

/** Files as `filer`, then signs in order by the given people (applicant, section chief, agency head). */
export async function fileAndSign(stack: TestStack, filer: PersonKey, input: Record<string, unknown>, signers: PersonKey[] = [filer, 'khSupervisor', 'khHead']): Promise<string> {
  const filed = await stack.as(filer)(FILE, { input });
  const id = ok(filed).fileKhForm.id as string;
  for (const [i, signer] of signers.entries()) ok(await stack.as(signer)(SIGN, { id, role: ROLES[i] }));
  return id;
}

/** The Labour Bureau approves every item of a form (or the form alone, for 附表二). */
export async function review(stack: TestStack, id: string, decision: 'APPROVED' | 'REJECTED' = 'APPROVED', items?: string[]) {
  const input = { decision, note: decision === 'APPROVED' ? '符合規定' : '法令依據不足', ...(items ? { items: items.map((item) => ({ item, decision })) } : {}) };
  return ok(await stack.as('khLabour')(REVIEW, { id, input })).reviewKhForm;
}

/**
 * 附表四 through every step: filed by the administrator, signed, approved per item by the Labour
 * Bureau, set up by the IT centre (with the BLI's decision on items the city lacks, when given).
 */
export async function changeAgencyItems(
  stack: TestStack,
  changes: { item: string; action: 'ADD' | 'DELETE' }[],
  bli?: { decisions: { item: string; decision: 'APPROVED' | 'REJECTED' }[]; reference: string },
): Promise<string> {
  const id = await fileAndSign(stack, 'khAdmin', itemsForm(stack, changes));
  await review(stack, id, 'APPROVED', changes.map((c) => c.item));
  const input = bli ? { note: '已完成設定', bliDecisions: bli.decisions, bliReference: bli.reference } : { note: '已完成設定' };
  const done = ok(await stack.as('khIt')(SETUP, { id, input })).setUpKhForm;
  expect(done.status).toBe('DONE');
  return id;
}

/** The agency (社會局) holds these items, through 附表四 for the ones it lacks. */
export async function agencyHolds(stack: TestStack, items: string[]): Promise<void> {
  const held = await heldItems(stack, 'khSocial');
  const missing = items.filter((i) => !held.includes(i));
  if (missing.length) await changeAgencyItems(stack, missing.map((item) => ({ item, action: 'ADD' })));
}

/**
 * A querier built the way the rules build one: the agency's items through 附表四, then the person's
 * 附表三 (own MyEGov account, certificate uploaded, items, IP address) signed by them, their section
 * chief and the agency head, set up by the agency administrator approving every item.
 */
export async function makeQuerier(stack: TestStack, who: PersonKey = 'khNewcomer', items: string[] = ['C0101'], ipAddress = QUERY_IP): Promise<{ formId: string; ipAddress: string }> {
  await agencyHolds(stack, items);
  const input = querierForm(stack, { myegovAccount: stack.fixture.account[who], email: `${who.toLowerCase()}@kcg.gov.tw`, ipAddress, itemChanges: items.map((item) => ({ item, action: 'ADD' })) });
  const formId = await fileAndSign(stack, who, input);
  const done = ok(await stack.as('khAdmin')(SETUP, { id: formId, input: { note: '帳號已設定', items: items.map((item) => ({ item, decision: 'APPROVED' })) } })).setUpKhForm;
  expect(done.status).toBe('DONE');
  return { formId, ipAddress };
}

/** A registration (附表一) filed by the querier and approved by their supervisor. */
export async function approvedRegistration(stack: TestStack, who: PersonKey = 'khNewcomer', extra: Record<string, unknown> = {}): Promise<{ id: string; number: string }> {
  const filed = ok(await stack.as(who)(FILE_REGISTRATION, { input: registrationInput(extra) })).fileKhRegistration;
  ok(await stack.as('khSupervisor')(APPROVE_REGISTRATION, { id: filed.id }));
  return { id: filed.id, number: filed.number };
}

/** A 附表二 for the newcomer, through sign-off, review and set-up: they become an administrator. */
export async function makeAdministrator(stack: TestStack): Promise<string> {
  const id = await fileAndSign(stack, 'khNewcomer', adminForm(stack));
  await review(stack, id);
  ok(await stack.as('khIt')(SETUP, { id, input: { note: '已完成新增機關管理者帳號' } }));
  return id;
}

export interface UsageLine {
  at: string | Date;
  account: string;
  item: string;
  subjectId: string;
  registration?: string;
  ip?: string;
}

/** The platform's query log as the README describes it (registration_number and ip_address columns). */
export function usageCsv(lines: UsageLine[]): string {
  const row = (l: UsageLine) => [typeof l.at === 'string' ? l.at : l.at.toISOString(), l.account, l.item, l.subjectId, l.registration ?? '', l.ip ?? QUERY_IP].join(',');
  return ['queried_at,myegov_account,item,subject_id,registration_number,ip_address', ...lines.map(row)].join('\n');
}

export async function importUsage(stack: TestStack, who: PersonKey, lines: UsageLine[], fileName = 'webir-kh.csv') {
  return stack.as(who)(IMPORT, { input: { fileName, csv: usageCsv(lines) } });
}

// ---------------------------------------------------------------------------------------------------
// The stack
// ---------------------------------------------------------------------------------------------------

/** A clock a test file moves; the stack reads it for every "now". */
export class Clock {
  constructor(public current = new Date(DEFAULT_TEST_NOW)) {}
  readonly now = () => this.current;
  /** A Taipei day (10:00 that day) or an instant. */
  set(at: string | Date) {
    this.current = typeof at === 'string' ? new Date(at.length === 10 ? `${at}T10:00:00+08:00` : at) : at;
  }
}

/**
 * One whole stack per test file. Before each test: a fresh directory; the administrator of 社會局
 * reports to the section chief (so the administrator's own forms have a section chief to sign); the
 * Labour Bureau approves 社會局 as a requesting agency; the IT centre records the BLI's decision
 * granting the city C0101, C0201 and B0101. With a clock, it is set to `setUpAt` first.
 */
export function khStack(options: { clock?: Clock; setUpAt?: string } = {}): TestStack {
  let current: TestStack | undefined;
  beforeAll(async () => {
    current = await startTestStack(options.clock ? { now: options.clock.now } : {});
  });
  afterAll(() => current?.stop());
  beforeEach(async () => {
    const stack = current!;
    if (options.clock) options.clock.set(options.setUpAt ?? '2026-01-05');
    await truncateAll(stack.database);
    stack.fixture = await seedFixture(stack.database, stack.cipher);
    await stack.database.db.update(tables.people).set({ supervisorId: stack.fixture.person.khSupervisor }).where(eq(tables.people.id, stack.fixture.person.khAdmin));
    ok(await stack.as('khLabour')(APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency.khSocial, legalBasis: '社會救助法第5條之3' } }));
    ok(await stack.as('khIt')(BLI_DECISION, { input: { items: CITY_ITEMS, action: 'ADD', reference: BLI_LETTER, legalBasis: '勞工保險條例' } }));
  });
  return new Proxy({} as TestStack, {
    get: (_, property) => Reflect.get(current!, property),
    set: (_, property, value) => Reflect.set(current!, property, value),
  });
}
