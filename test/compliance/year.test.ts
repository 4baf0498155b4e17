import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { tables } from '@webir/db';
import { issueDevToken } from '@webir/gateway';
import { makeNationalId } from '@webir/kit';
import { codes, gql } from '../helpers/client.ts';
import type { PersonKey } from '../helpers/fixture.ts';
import * as kh from '../helpers/kaohsiung.ts';
import * as nw from '../helpers/nhi-network.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { APPROVE, enrol, fileAndSign, userApplication } from '../helpers/tainan.ts';

/**
 * A year played through (2026): every regime driven through the gateway over HTTP, month by month, on
 * a clock this file moves; at the year's end the compliance calendar (X-3), the findings, the rosters
 * (X-2) and the offboardings (X-1) are compared whole with what the rules make of that year.
 *
 * The cast (test/helpers/fixture.ts): in Tainan the chief administrator 王總管, 社會局's administrator
 * 林社管, its user 陳使用 and colleague 黃同事 (both under the section chief 張科長), the centre under
 * 社會局 (吳中心, no administrator); in Kaohsiung the IT centre 蔡資訊, the Labour Bureau 洪勞審,
 * 社會局's administrator 楊機管, the newcomer 葉新進 who becomes its querier; the NHI's network
 * reviewer 洪審查 and the IT service unit 安可資訊 (owner 簡負責).
 */

// ---------------------------------------------------------------------------------------------------
// The clock and the stack
// ---------------------------------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');
/** A Taipei day of 2026. */
const day = (m: number, d: number) => `2026-${pad(m)}-${pad(d)}`;
/** An instant of 2026 in Taipei. */
const instant = (m: number, d: number, hour: number) => `${day(m, d)}T${pad(hour)}:00:00+08:00`;

let clock = new Date(instant(1, 6, 10));
/** Moves the clock every subgraph reads to a day of 2026 (10:00 in Taipei unless told); returns the day. */
function month(m: number, d: number, hour = 10): string {
  clock = new Date(instant(m, d, hour));
  return day(m, d);
}

let stack: TestStack;
let nwStack: nw.NwStack;

beforeAll(async () => {
  stack = await startTestStack({ now: () => clock });
  const nwFixture = await nw.seedNwFixture(stack.database, stack.cipher);
  const ids = Object.values(nwFixture.person);
  const accounts = new Map((await stack.database.db.select({ id: tables.people.id, account: tables.people.myegovAccount }).from(tables.people).where(inArray(tables.people.id, ids))).map((p) => [p.id, p.account!]));
  const personId = (p: nw.AnyPersonKey) => (p in nwFixture.person ? nwFixture.person[p as nw.NwPersonKey] : stack.fixture.person[p as PersonKey]);
  const accountOf = (p: nw.AnyPersonKey) => (p in nwFixture.person ? accounts.get(personId(p))! : stack.fixture.account[p as PersonKey]);
  // The NHI network helpers act through this view of the same stack, on the same clock.
  nwStack = {
    ...stack,
    nw: nwFixture,
    by: (p) => async (query, variables) => gql(stack.gatewayUrl, query, variables, { token: p ? await issueDevToken(stack.config.devTokenSecret!, accountOf(p)) : null }),
    setToday: (d) => {
      clock = new Date(`${d}T10:00:00+08:00`);
    },
    personId,
  };
  // As khStack does: 社會局's administrator reports to the section chief, who signs their 附表四 as such.
  await stack.database.db.update(tables.people).set({ supervisorId: stack.fixture.person.khSupervisor }).where(eq(tables.people.id, stack.fixture.person.khAdmin));
});
afterAll(() => stack?.stop());

// ---------------------------------------------------------------------------------------------------
// Repeated steps
// ---------------------------------------------------------------------------------------------------

/** Calls as a fixture person, expects no error, returns the data. */
const call = async (who: PersonKey, query: string, variables: Record<string, unknown> = {}) => kh.ok(await stack.as(who)(query, variables));

/** The subjects queried: one a month in each city (checksum-valid national IDs). */
const tnSubject = (m: number, n = 0) => makeNationalId('D', 1, 880_000 + m * 10 + n);
const khSubject = (m: number, n = 0) => makeNationalId('E', 2, 990_000 + m * 10 + n);

type TnLine = { at: string; account: string; item: string; subjectId: string; request?: string };
const tnLog: TnLine[] = [];
const khLog: kh.UsageLine[] = [];

/** TN-7.1: the user files a query request (附表三) for a subject and item 01; the supervisor approves it. */
async function tnApprovedRequest(subjectId: string): Promise<string> {
  const filed = (await call('user', `mutation($input: NhiQueryRequestInput!) { fileNhiQueryRequest(input: $input) { id number } }`, {
    input: { subjectName: '個案', subjectNationalId: subjectId, items: ['01'], purpose: '低收入戶資格複查', legalBasis: '社會救助法第5條之3' },
  })).fileNhiQueryRequest as { id: string; number: string };
  await call('supervisor', `mutation($id: ID!) { approveNhiQueryRequest(id: $id) { id } }`, { id: filed.id });
  return filed.number;
}

/**
 * One month's ordinary queries, on day 12: in Tainan the user's request approved at 10:00 and the
 * query at 14:00; in Kaohsiung (while the newcomer is a querier) the registration (附表一) approved
 * and the query at 14:00. The lines go to the platforms' logs, imported early the next month.
 */
async function ordinaryQueries(m: number, kaohsiung: boolean): Promise<void> {
  month(m, 12);
  const request = await tnApprovedRequest(tnSubject(m));
  tnLog.push({ at: instant(m, 12, 14), account: stack.fixture.account.user, item: '01', subjectId: tnSubject(m), request });
  if (kaohsiung) {
    const registration = await kh.approvedRegistration(stack, 'khNewcomer', { subjectId: khSubject(m), subjectName: '個案' });
    khLog.push({ at: instant(m, 12, 14), account: stack.fixture.account.khNewcomer, item: 'C0101', subjectId: khSubject(m), registration: registration.number });
  }
}

/** The platforms' logs of a month, imported: Tainan's by the chief administrator, Kaohsiung's by the IT centre. */
async function importLogs(of: number): Promise<void> {
  const tn = tnLog.filter((l) => l.at.startsWith(`2026-${pad(of)}`));
  const csv = ['queried_at,myegov_account,item,subject_id,request_number', ...tn.map((l) => `${new Date(l.at).toISOString()},${l.account},${l.item},${l.subjectId},${l.request ?? ''}`)].join('\n');
  expect((await call('chief', `mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { rows } }`, { input: { fileName: `webir-tn-2026-${pad(of)}.csv`, csv } })).importNhiUsage.rows).toBe(tn.length);
  const khLines = khLog.filter((l) => String(l.at).startsWith(`2026-${pad(of)}`));
  if (khLines.length) expect(kh.ok(await kh.importUsage(stack, 'khIt', khLines, `webir-kh-2026-${pad(of)}.csv`)).importKhUsage.rows).toBe(khLines.length);
}

/** TN-8.1: the business supervisor draws a month's sample. */
const drawSample = (m: string) => call('supervisor', `mutation($input: NhiSampleInput!) { drawNhiMonthlySample(input: $input) { id size population } }`, { input: { agencyId: stack.fixture.agency.social, month: m } });
/** TN-8.1: 社會局's administrator reviews a quarter's query records. */
const reviewQuarter = (quarter: string) => call('socialAdmin', `mutation($input: NhiQuarterlyReviewInput!) { recordNhiQuarterlyReview(input: $input) { id } }`, { input: { agencyId: stack.fixture.agency.social, quarter, summary: '查詢紀錄檢視完畢' } });

const OFFBOARD = `mutation($input: OffboardPersonInput!) { offboardPerson(input: $input) { id kind effectiveOn status person { name } ended { regime kind label } } }`;
const RUN_DUE = `mutation($on: Date) { runDueOffboardings(on: $on) { id status effectiveOn person { name } } }`;
const OFFBOARDINGS = `query($personId: ID) { offboardings(filter: { personId: $personId }) { kind effectiveOn reason status recordedBy { name } ended { regime kind label } } }`;

const CALENDAR = `query($filter: CalendarFilter) { complianceCalendar(filter: $filter) { regime rule kind agency { name } subject period dueOn doneOn status mustAct { role agency { name } people { name } } } }`;
const FINDINGS = `query($filter: FindingFilter) { complianceFindings(filter: $filter, first: 200) { totalCount high medium low edges { node { regime rule kind severity agency { name } person { name } since summary recordId } } } }`;
const ROSTER = `query($filter: RosterFilter) { roster(filter: $filter, first: 200) { totalCount edges { node { personName agencyName regime role item effectiveFrom grantedByName formType formId active revokedAt revokeReason } } } }`;

type Named = { name: string } | null;
interface CalendarRow {
  regime: string;
  rule: string;
  kind: string;
  agency: Named;
  subject: string | null;
  period: string;
  dueOn: string;
  doneOn: string | null;
  status: string;
  mustAct: { role: string; agency: Named; people: { name: string }[] };
}
/** A calendar entry as one line: due day, regime, rule, kind, whose, period, status (done day), who must act. */
const calendarLine = (e: CalendarRow) =>
  `${e.dueOn} ${e.regime} ${e.rule} ${e.kind} ${e.agency?.name ?? e.subject} ${e.period} ${e.status}${e.doneOn ? ` ${e.doneOn}` : ''} | ${e.mustAct.role}@${e.mustAct.agency?.name ?? 'regime'} [${e.mustAct.people.map((p) => p.name).sort().join(',')}]`;
async function calendar(who: PersonKey | nw.NwPersonKey, filter: Record<string, unknown>): Promise<string[]> {
  const rows = nw.ok(await nwStack.by(who)(CALENDAR, { filter })).complianceCalendar as CalendarRow[];
  // The calendar comes in due-day order; the same day's entries are ordered by agency ids (random), so compare sorted.
  const lines = rows.map(calendarLine);
  expect(rows.map((r) => r.dueOn)).toEqual(rows.map((r) => r.dueOn).sort());
  return lines.sort();
}

interface FindingRow {
  regime: string;
  rule: string;
  kind: string;
  severity: string;
  agency: Named;
  person: Named;
  since: string;
  summary: string;
  recordId: string | null;
}
const findingLine = (f: FindingRow) => `${f.severity} ${f.rule} ${f.kind} ${f.agency?.name ?? '-'} ${f.person?.name ?? '-'} since ${f.since}`;
async function findings(who: PersonKey | nw.NwPersonKey, filter: Record<string, unknown>) {
  const res = nw.ok(await nwStack.by(who)(FINDINGS, { filter })).complianceFindings;
  const rows = res.edges.map((e: { node: FindingRow }) => e.node) as FindingRow[];
  return { rows, lines: rows.map(findingLine).sort(), totals: { totalCount: res.totalCount, high: res.high, medium: res.medium, low: res.low } };
}

interface RosterRow {
  personName: string;
  agencyName: string;
  regime: string;
  role: string;
  item: string | null;
  effectiveFrom: string | null;
  grantedByName: string | null;
  formType: string | null;
  formId: string | null;
  active: boolean;
  revokedAt: string | null;
  revokeReason: string | null;
}
async function roster(who: PersonKey, filter: Record<string, unknown>): Promise<RosterRow[]> {
  const res = kh.ok(await stack.as(who)(ROSTER, { filter })).roster;
  expect(res.totalCount).toBe(res.edges.length);
  return res.edges.map((e: { node: RosterRow }) => e.node);
}
/** A grant as one line: who, where, role and item, granted by whom under which form. */
const grantLine = (r: RosterRow) => `${r.personName} ${r.agencyName} ${r.regime} ${r.role}${r.item ? ` ${r.item}` : ''} by ${r.grantedByName ?? '-'} under ${r.formType}`;

// What the year leaves behind, for the year's-end assertions.
const year = {
  form附表二: '',
  colleagueRequest: '',
  khPendingRegistration: '',
  ban: '',
};

// ---------------------------------------------------------------------------------------------------
// The year
// ---------------------------------------------------------------------------------------------------

describe('X-1 X-2 X-3 a year played through', () => {
  it('January: Tainan enrols 社會局 and its centre and grants item 03 on 附表二; Kaohsiung approves 社會局, records the BLI’s items and sets up a querier on 附表三', { timeout: 90_000 }, async () => {
    month(1, 6);
    // TN-2.1: the chief administrator enrols both agencies (the next review falls a year on, 2027-01-06).
    await enrol(stack, stack.fixture.agency.social);
    await enrol(stack, stack.fixture.agency.socialCentre);
    // TN-5.3: the user's 附表二 for item 03, signed by the user, the section chief and the head, approved by the agency administrator.
    year.form附表二 = await fileAndSign(stack, 'user', userApplication(stack), ['user', 'supervisor', 'socialHead']);
    expect((await call('socialAdmin', APPROVE, { id: year.form附表二, input: { accessOpensOn: '2026-01-07' } })).approveNhiApplication).toMatchObject({ status: 'APPROVED', approver: { name: '林社管' } });

    // KH-2.1, KH-3.1: the Labour Bureau approves 社會局 as a requesting agency; the IT centre records the BLI's decision.
    await call('khLabour', kh.APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency.khSocial, legalBasis: '社會救助法第5條之3' } });
    await call('khIt', kh.BLI_DECISION, { input: { items: kh.CITY_ITEMS, action: 'ADD', reference: kh.BLI_LETTER, legalBasis: '勞工保險條例' } });
    // KH-4.3: 附表四 for the agency's C0101, then the newcomer's 附表三, set up by the agency administrator.
    month(1, 7);
    await kh.makeQuerier(stack, 'khNewcomer');

    await ordinaryQueries(1, true);
  });

  it('February: January’s logs imported and sampled', async () => {
    month(2, 3);
    await importLogs(1);
    month(2, 5);
    expect((await drawSample('2026-01')).drawNhiMonthlySample).toMatchObject({ population: 1, size: 1 });
    await ordinaryQueries(2, true);
  });

  it('March: the IT service unit joins the NHI network; the user makes one query without any request (TN-7.1)', async () => {
    month(3, 2);
    await importLogs(2);
    // NW-4.2, NW-5.1..5.3: ACME applies complete and is approved; it applies for its line.
    const { unitId } = await nw.approvedUnit(nwStack);
    nw.ok(await nwStack.by('acmeContact')(nw.APPLY_LINE, { input: nw.line(unitId) }));
    month(3, 5);
    expect((await drawSample('2026-02')).drawNhiMonthlySample).toMatchObject({ population: 1 });
    await ordinaryQueries(3, true);
    // TN-7.1: a query on 03-20 with no query request at all.
    tnLog.push({ at: instant(3, 20, 15), account: stack.fixture.account.user, item: '01', subjectId: tnSubject(3, 9) });
  });

  it('April: Q1 reviewed in Tainan and checked in Kaohsiung; March sampled', async () => {
    month(4, 2);
    await importLogs(3);
    month(4, 7);
    expect((await drawSample('2026-03')).drawNhiMonthlySample).toMatchObject({ population: 2, size: 2 });
    // KH-3.4: 社會局's administrator checks Q1's usage (three queries, all registered) and sends it to the Labour Bureau.
    month(4, 10);
    const check = (
      await call('khAdmin', `mutation($input: KhUsageCheckInput!) { recordKhUsageCheck(input: $input) { period recordsChecked findings } }`, {
        input: { agencyId: stack.fixture.agency.khSocial, quarter: '2026-Q1', summary: '檢查第一季使用紀錄 3 筆，均有登記表', sentToBureauOn: '2026-04-10', headId: stack.fixture.person.khHead },
      })
    ).recordKhUsageCheck;
    expect(check).toEqual({ period: '2026-Q1', recordsChecked: 3, findings: 0 });
    await ordinaryQueries(4, true);
    // TN-8.1: 社會局's quarterly review of Q1.
    month(4, 20);
    await reviewQuarter('2026-Q1');
  });

  it('May: 黃同事 resigns; every permission ends at once and her waiting request is closed (X-1); a Kaohsiung query without a registration (KH-6.1)', async () => {
    month(5, 4);
    await importLogs(4);
    // April's sample is never drawn, nor May's.
    await ordinaryQueries(5, true);
    // KH-6.1: a query on 05-20 nobody registered.
    khLog.push({ at: instant(5, 20, 15), account: stack.fixture.account.khNewcomer, item: 'C0101', subjectId: khSubject(5, 9) });

    month(5, 25, 9);
    const pending = (await call('colleague', `mutation($input: NhiQueryRequestInput!) { fileNhiQueryRequest(input: $input) { id number } }`, {
      input: { subjectName: '個案', subjectNationalId: tnSubject(5, 5), items: ['05'], purpose: '欠費協助', legalBasis: '社會救助法第5條之3' },
    })).fileNhiQueryRequest as { number: string };
    year.colleagueRequest = pending.number;
    month(5, 25, 17);
    const done = (await call('socialAdmin', OFFBOARD, { input: { personId: stack.fixture.person.colleague, kind: 'RESIGNED', effectiveOn: '2026-05-25', reason: '自請辭職' } })).offboardPerson;
    expect(done).toMatchObject({ kind: 'RESIGNED', effectiveOn: '2026-05-25', status: 'DONE', person: { name: '黃同事' } });
    expect(done.ended.map((e: { regime: string; kind: string; label: string }) => `${e.regime} ${e.kind} ${e.label}`).sort()).toEqual([`TN_NHI PERMISSION USER 05`, `TN_NHI QUERY_REQUEST ${pending.number}`]);
    expect(await roster('socialAdmin', { personId: stack.fixture.person.colleague })).toEqual([]);
  });

  it('June: May’s logs imported; the NHI confirms a named report against ACME with an improvement deadline (NW-8.2)', async () => {
    month(6, 2);
    await importLogs(5);
    const unitId = (await stack.database.db.select({ id: tables.nwUnits.id }).from(tables.nwUnits))[0]!.id;
    const report = nw.ok(
      await nwStack.by('reviewer')(`mutation($input: NetworkViolationReportInput!) { reportNetworkViolation(input: $input) { id } }`, {
        input: { unitId, kind: 'COMMERCIAL_ACTIVITY', reporterName: '臺南某診所 陳院長', reporterContact: '06-1234567', description: '透過健保資訊網推銷商業軟體', occurredOn: '2026-05-28' },
      }),
    ).reportNetworkViolation.id as string;
    nw.ok(await nwStack.by('reviewer')(`mutation($id: ID!) { confirmNetworkViolation(id: $id, input: { improvementDeadline: "2026-07-31" }) { id } }`, { id: report }));
    await ordinaryQueries(6, true);
  });

  it('July: June sampled, the H1 internal audit done; Q2 neither reviewed nor checked; ACME remedies', async () => {
    month(7, 2);
    await importLogs(6);
    month(7, 6);
    await drawSample('2026-06');
    await ordinaryQueries(7, true);
    // TN-8.3: 社會局's internal audit of the first half (附件四).
    month(7, 15);
    await call('socialAdmin', `mutation($input: NhiAuditInput!) { recordNhiAudit(input: $input) { id } }`, {
      input: {
        kind: 'INTERNAL',
        agencyId: stack.fixture.agency.social,
        period: '2026-H1',
        auditUnit: '社會局政風室',
        auditedOn: '2026-07-15',
        checks: [1, 2, 3, 4, 5].map((check) => ({ check, result: 'PASS' })),
        auditeeId: stack.fixture.person.user,
        auditeeHeadId: stack.fixture.person.supervisor,
        auditorId: stack.fixture.person.socialAdmin,
        auditorHeadId: stack.fixture.person.chief,
      },
    });
    month(7, 20);
    const violation = (await stack.database.db.select({ id: tables.nwViolations.id }).from(tables.nwViolations))[0]!.id;
    nw.ok(await nwStack.by('reviewer')(`mutation($id: ID!, $on: Date!) { recordNetworkRemedy(id: $id, remediedOn: $on) { id } }`, { id: violation, on: '2026-07-20' }));
  });

  it('August: the querier’s change of duties recorded on 08-20, effective 09-01: the BLI account is deleted at once (KH-4.4)', async () => {
    month(8, 3);
    await importLogs(7);
    await ordinaryQueries(8, true);
    // The platform's August log so far, before the change is recorded.
    month(8, 19);
    await importLogs(8);

    month(8, 20, 9);
    const waiting = (await call('khNewcomer', kh.FILE_REGISTRATION, { input: kh.registrationInput({ subjectId: khSubject(8, 5), subjectName: '個案' }) })).fileKhRegistration as { number: string };
    year.khPendingRegistration = waiting.number;
    month(8, 20, 11);
    const recorded = (await call('khAdmin', OFFBOARD, { input: { personId: stack.fixture.person.khNewcomer, kind: 'REASSIGNED', effectiveOn: '2026-09-01', reason: '調任社會局老人福利科' } })).offboardPerson;
    expect(recorded).toMatchObject({ kind: 'REASSIGNED', effectiveOn: '2026-09-01', status: 'SCHEDULED' });
    // KH-4.4: the account, its grant and the unapproved registration end before the change, on the day it is recorded.
    expect(recorded.ended.map((e: { regime: string; kind: string; label: string }) => `${e.regime} ${e.kind} ${e.label}`).sort()).toEqual(
      ['KH_BLI ACCOUNT t.khnewcomer', 'KH_BLI PERMISSION QUERIER C0101', `KH_BLI REGISTRATION ${waiting.number}`].sort(),
    );
    const accounts = (await call('khAdmin', kh.ACCOUNTS, { agencyId: stack.fixture.agency.khSocial, all: true })).khAccounts as { kind: string; active: boolean; deletedAt: string | null; person: { name: string } }[];
    expect(accounts.filter((a) => a.person.name === '葉新進').map((a) => ({ kind: a.kind, active: a.active, deletedOn: a.deletedAt && new Date(a.deletedAt).toISOString() }))).toEqual([
      { kind: 'QUERIER', active: false, deletedOn: new Date(instant(8, 20, 11)).toISOString() },
    ]);
    // Nothing of KH-4.4 left to find: no account is waiting to be deleted.
    expect((await findings('khLabour', { rule: 'KH-4.4' })).rows).toEqual([]);
    // The rest waits for 09-01: the querier is still in post and listed as such, holding nothing in Kaohsiung.
    const [newcomer] = await stack.database.db.select().from(tables.people).where(eq(tables.people.id, stack.fixture.person.khNewcomer));
    expect(newcomer!.employmentStatus).toBe('ACTIVE');
    expect(await roster('khIt', { personId: stack.fixture.person.khNewcomer })).toEqual([]);
    expect((await call('khAdmin', OFFBOARDINGS, { personId: stack.fixture.person.khNewcomer })).offboardings).toMatchObject([{ status: 'SCHEDULED', effectiveOn: '2026-09-01' }]);
  });

  it('September: on 09-01 the daily run carries out the change; August’s sample is not drawn', async () => {
    month(9, 1, 0);
    expect((await call('khAdmin', RUN_DUE, {})).runDueOffboardings).toMatchObject([{ status: 'DONE', effectiveOn: '2026-09-01', person: { name: '葉新進' } }]);
    const [newcomer] = await stack.database.db.select().from(tables.people).where(eq(tables.people.id, stack.fixture.person.khNewcomer));
    expect(newcomer).toMatchObject({ employmentStatus: 'REASSIGNED', employmentStatusEffectiveOn: '2026-09-01' });
    // Again: nothing left to do.
    expect((await call('khAdmin', RUN_DUE, {})).runDueOffboardings).toEqual([]);
    await ordinaryQueries(9, false);
  });

  it('October: Q3 reviewed in Tainan; an inspection finds ACME bridging the network to the internet: disconnected and banned for two years (NW-8.4)', async () => {
    month(10, 2);
    await importLogs(9);
    await ordinaryQueries(10, false);
    month(10, 14);
    const unitId = (await stack.database.db.select({ id: tables.nwUnits.id }).from(tables.nwUnits))[0]!.id;
    const inspected = nw.ok(
      await nwStack.by('reviewer')(`mutation($input: NetworkInspectionInput!) { recordNetworkInspection(input: $input) { sanction { id kind from until } } }`, {
        input: { unitId, inspectedOn: '2026-10-13', findings: [{ kind: 'INTERNET_BRIDGE', description: '線路另接無線分享器連通網際網路' }] },
      }),
    ).recordNetworkInspection.sanction;
    expect(inspected).toMatchObject({ kind: 'DISCONNECTION', from: '2026-10-13', until: '2028-10-13' });
    year.ban = inspected.id;
    month(10, 15);
    await reviewQuarter('2026-Q3');
  });

  it('November: the Labour Bureau’s audit of 社會局 for 2026 (KH-6.2)', async () => {
    month(11, 2);
    await importLogs(10);
    await ordinaryQueries(11, false);
    month(11, 18);
    await call('khLabour', `mutation($input: KhAuditInput!) { recordKhAudit(input: $input) { id } }`, {
      input: { agencyId: stack.fixture.agency.khSocial, year: 2026, auditedOn: '2026-11-18', findings: '抽查 2026 年查調紀錄，登記表大致齊備', violations: [], recommendation: '無' },
    });
  });

  it('December: the year’s last queries and logs', async () => {
    month(12, 2);
    await importLogs(11);
    await ordinaryQueries(12, false);
    month(12, 31, 9);
    await importLogs(12);
    month(12, 31, 17);
  });

  // -------------------------------------------------------------------------------------------------
  // 31 December 2026
  // -------------------------------------------------------------------------------------------------

  it('X-3 at the year’s end the calendar holds exactly what is due and overdue, and the done work counted', async () => {
    const social = '臺南市政府社會局';
    const centre = '臺南市東區家庭福利服務中心';
    const khSocial = '高雄市政府社會局';
    const socialAdmin = `AGENCY_ADMIN@${social} [林社管]`;
    // The centre has no administrator of its own: nobody holds the role that must act, itself a problem.
    const centreAdmin = `AGENCY_ADMIN@${centre} []`;
    const chief = 'CHIEF_ADMIN@regime [王總管]';

    // Tainan, read by the chief administrator. A period is listed once it has ended, due at the end of
    // the following month (half-years likewise); December, Q4 and H2 end only tomorrow.
    expect(await calendar('chief', {})).toEqual(
      [
        // TN-8.1 monthly samples, for the months with queries (every month): 01, 02, 03 and 06 were drawn (below).
        // 八(一) has the business supervisor (業務主管) draw them; the calendar names the agency administrator.
        `2026-05-31 TN_NHI TN-8.1 MONTHLY_SAMPLE ${social} 2026-04 OVERDUE | ${socialAdmin}`,
        `2026-06-30 TN_NHI TN-8.1 MONTHLY_SAMPLE ${social} 2026-05 OVERDUE | ${socialAdmin}`,
        `2026-08-31 TN_NHI TN-8.1 MONTHLY_SAMPLE ${social} 2026-07 OVERDUE | ${socialAdmin}`,
        `2026-09-30 TN_NHI TN-8.1 MONTHLY_SAMPLE ${social} 2026-08 OVERDUE | ${socialAdmin}`,
        `2026-10-31 TN_NHI TN-8.1 MONTHLY_SAMPLE ${social} 2026-09 OVERDUE | ${socialAdmin}`,
        `2026-11-30 TN_NHI TN-8.1 MONTHLY_SAMPLE ${social} 2026-10 OVERDUE | ${socialAdmin}`,
        // November ended 11-30: due 12-31, which is today, so not yet overdue.
        `2026-12-31 TN_NHI TN-8.1 MONTHLY_SAMPLE ${social} 2026-11 DUE | ${socialAdmin}`,
        // Q2 review: quarter ended 06-30, due 07-31, never done → OVERDUE (Q1 and Q3 were done).
        `2026-07-31 TN_NHI TN-8.1 QUARTERLY_REVIEW ${social} 2026-Q2 OVERDUE | ${socialAdmin}`,
        // The centre never reviewed a quarter nor audited its half-year.
        `2026-04-30 TN_NHI TN-8.1 QUARTERLY_REVIEW ${centre} 2026-Q1 OVERDUE | ${centreAdmin}`,
        `2026-07-31 TN_NHI TN-8.1 QUARTERLY_REVIEW ${centre} 2026-Q2 OVERDUE | ${centreAdmin}`,
        `2026-10-31 TN_NHI TN-8.1 QUARTERLY_REVIEW ${centre} 2026-Q3 OVERDUE | ${centreAdmin}`,
        `2026-07-31 TN_NHI TN-8.3 INTERNAL_AUDIT ${centre} 2026-H1 OVERDUE | ${centreAdmin}`,
        // TN-2.2: each enrolment of 2026-01-06 is reviewed a year on, within the calendar's three months ahead.
        `2027-01-06 TN_NHI TN-2.2 ENROLMENT_REVIEW ${social} 2027-01-06 DUE | ${chief}`,
        `2027-01-06 TN_NHI TN-2.2 ENROLMENT_REVIEW ${centre} 2027-01-06 DUE | ${chief}`,
      ].sort(),
    );
    expect(await calendar('chief', { status: ['DONE'] })).toEqual(
      [
        // Done on the day the record was made.
        `2026-02-28 TN_NHI TN-8.1 MONTHLY_SAMPLE ${social} 2026-01 DONE 2026-02-05 | ${socialAdmin}`,
        `2026-03-31 TN_NHI TN-8.1 MONTHLY_SAMPLE ${social} 2026-02 DONE 2026-03-05 | ${socialAdmin}`,
        `2026-04-30 TN_NHI TN-8.1 MONTHLY_SAMPLE ${social} 2026-03 DONE 2026-04-07 | ${socialAdmin}`,
        `2026-07-31 TN_NHI TN-8.1 MONTHLY_SAMPLE ${social} 2026-06 DONE 2026-07-06 | ${socialAdmin}`,
        `2026-04-30 TN_NHI TN-8.1 QUARTERLY_REVIEW ${social} 2026-Q1 DONE 2026-04-20 | ${socialAdmin}`,
        `2026-10-31 TN_NHI TN-8.1 QUARTERLY_REVIEW ${social} 2026-Q3 DONE 2026-10-15 | ${socialAdmin}`,
        `2026-07-31 TN_NHI TN-8.3 INTERNAL_AUDIT ${social} 2026-H1 DONE 2026-07-15 | ${socialAdmin}`,
      ].sort(),
    );

    // Kaohsiung, read by the Labour Bureau. Checks are due a month after each quarter from the approval
    // (2026-01-06) on; the year's audit by 12-31.
    const khAdmin = `AGENCY_ADMIN@${khSocial} [楊機管]`;
    expect(await calendar('khLabour', {})).toEqual(
      [
        // KH-3.4: Q2 and Q3 never checked → OVERDUE. Q4 is still running today (12-31): its check falls
        // due only once the quarter has ended, as Tainan's reviews do.
        `2026-07-31 KH_BLI KH-3.4 USAGE_CHECK ${khSocial} 2026-Q2 OVERDUE | ${khAdmin}`,
        `2026-10-31 KH_BLI KH-3.4 USAGE_CHECK ${khSocial} 2026-Q3 OVERDUE | ${khAdmin}`,
      ].sort(),
    );
    expect(await calendar('khLabour', { status: ['DONE'] })).toEqual(
      [
        `2026-04-30 KH_BLI KH-3.4 USAGE_CHECK ${khSocial} 2026-Q1 DONE 2026-04-10 | ${khAdmin}`,
        // KH-6.2: the Labour Bureau's audit of 2026, made on 11-18; the Labour Bureau acts for the whole city.
        `2026-12-31 KH_BLI KH-6.2 ANNUAL_AUDIT ${khSocial} 2026 DONE 2026-11-18 | LABOUR_BUREAU_REVIEWER@regime [洪勞審]`,
      ].sort(),
    );
    // The IT centre reads the same city.
    expect(await calendar('khIt', { status: ['DONE', 'DUE', 'OVERDUE'] })).toEqual([...(await calendar('khLabour', {})), ...(await calendar('khLabour', { status: ['DONE'] }))].sort());

    // The calendar as it stood on an earlier day: what was done later is not done yet, a period not yet ended is not yet due.
    // On 05-01 Tainan's Q1 review (done 04-20) and the first three samples were done; April had just ended.
    expect(await calendar('chief', { on: '2026-05-01' })).toEqual(
      [
        `2026-05-31 TN_NHI TN-8.1 MONTHLY_SAMPLE ${social} 2026-04 DUE | ${socialAdmin}`,
        `2026-04-30 TN_NHI TN-8.1 QUARTERLY_REVIEW ${centre} 2026-Q1 OVERDUE | ${centreAdmin}`,
      ].sort(),
    );
    // On 08-01 Kaohsiung's Q2 check was a day late; Q3 was still running, and the year's audit (due 12-31) beyond the three months ahead.
    expect(await calendar('khLabour', { on: '2026-08-01', status: ['DONE', 'DUE', 'OVERDUE'] })).toEqual(
      [
        `2026-04-30 KH_BLI KH-3.4 USAGE_CHECK ${khSocial} 2026-Q1 DONE 2026-04-10 | ${khAdmin}`,
        `2026-07-31 KH_BLI KH-3.4 USAGE_CHECK ${khSocial} 2026-Q2 OVERDUE | ${khAdmin}`,
      ].sort(),
    );
    // On 10-05 Q3 had ended: its check was due by 10-31.
    expect(await calendar('khLabour', { on: '2026-10-05' })).toEqual(
      [
        `2026-07-31 KH_BLI KH-3.4 USAGE_CHECK ${khSocial} 2026-Q2 OVERDUE | ${khAdmin}`,
        `2026-10-31 KH_BLI KH-3.4 USAGE_CHECK ${khSocial} 2026-Q3 DUE | ${khAdmin}`,
        `2026-12-31 KH_BLI KH-6.2 ANNUAL_AUDIT ${khSocial} 2026 DUE | LABOUR_BUREAU_REVIEWER@regime [洪勞審]`,
      ].sort(),
    );

    // The NHI network, read by its reviewer: ACME's improvement deadline was met on 07-20; nothing is due.
    expect(await calendar('reviewer', {})).toEqual([]);
    expect(await calendar('reviewer', { status: ['DONE'] })).toEqual([`2026-07-31 NHI_NET NW-8.2 IMPROVEMENT_DEADLINE ${nw.ACME.name} 2026-07-31 DONE 2026-07-20 | NHI_NETWORK_REVIEWER@regime [洪審查]`]);
  });

  it('X-3 at the year’s end the findings are exactly the year’s breaches, each with its rule, severity, agency and person', async () => {
    const social = '臺南市政府社會局';
    const centre = '臺南市東區家庭福利服務中心';
    const tn = await findings('chief', {});
    expect(tn.lines).toEqual(
      [
        // TN-7.1: the query of 03-20 had no query request.
        `HIGH TN-7.1 QUERY_WITHOUT_APPROVAL ${social} 陳使用 since 2026-03-20`,
        // TN-2.1: accounts held (since the fixture's grants) at agencies never enrolled.
        `HIGH TN-2.1 ORPHAN_ACCOUNT 臺南市政府勞工局 周勞工 since 2026-01-05`,
        `HIGH TN-2.1 ORPHAN_ACCOUNT 臺南市東區區公所 鄭區管 since 2026-01-05`,
        // Every OVERDUE entry of the calendar is a finding of its rule, since its due day.
        `MEDIUM TN-8.1 MONTHLY_SAMPLE_OVERDUE ${social} - since 2026-05-31`,
        `MEDIUM TN-8.1 MONTHLY_SAMPLE_OVERDUE ${social} - since 2026-06-30`,
        `MEDIUM TN-8.1 MONTHLY_SAMPLE_OVERDUE ${social} - since 2026-08-31`,
        `MEDIUM TN-8.1 MONTHLY_SAMPLE_OVERDUE ${social} - since 2026-09-30`,
        `MEDIUM TN-8.1 MONTHLY_SAMPLE_OVERDUE ${social} - since 2026-10-31`,
        `MEDIUM TN-8.1 MONTHLY_SAMPLE_OVERDUE ${social} - since 2026-11-30`,
        `MEDIUM TN-8.1 QUARTERLY_REVIEW_OVERDUE ${social} - since 2026-07-31`,
        `MEDIUM TN-8.1 QUARTERLY_REVIEW_OVERDUE ${centre} - since 2026-04-30`,
        `MEDIUM TN-8.1 QUARTERLY_REVIEW_OVERDUE ${centre} - since 2026-07-31`,
        `MEDIUM TN-8.1 QUARTERLY_REVIEW_OVERDUE ${centre} - since 2026-10-31`,
        `MEDIUM TN-8.3 INTERNAL_AUDIT_OVERDUE ${centre} - since 2026-07-31`,
        // TN-4.3: users who have not queried in 90 days (the centre's and the labour bureau's, from the fixture), seen today.
        `LOW TN-4.3 IDLE_ACCOUNT ${centre} 吳中心 since 2026-12-31`,
        `LOW TN-4.3 IDLE_ACCOUNT 臺南市政府勞工局 周勞工 since 2026-12-31`,
      ].sort(),
    );
    expect(tn.totals).toEqual({ totalCount: 16, high: 3, medium: 11, low: 2 });
    // Most severe first, then the oldest.
    expect(tn.rows.map((f) => f.severity)).toEqual(['HIGH', 'HIGH', 'HIGH', ...Array(11).fill('MEDIUM'), 'LOW', 'LOW']);
    expect(tn.rows[2]!.summary).toBe('Query of item 01 on 2026-03-20 has no query request (附表三)');

    const khSocial = '高雄市政府社會局';
    const khFound = await findings('khLabour', {});
    expect(khFound.lines).toEqual(
      [
        // KH-6.1: the query of 05-20 had no registration.
        `HIGH KH-6.1 QUERY_WITHOUT_APPROVAL ${khSocial} 葉新進 since 2026-05-20`,
        `MEDIUM KH-3.4 USAGE_CHECK_OVERDUE ${khSocial} - since 2026-07-31`,
        `MEDIUM KH-3.4 USAGE_CHECK_OVERDUE ${khSocial} - since 2026-10-31`,
      ].sort(),
    );
    expect(khFound.totals).toEqual({ totalCount: 3, high: 1, medium: 2, low: 0 });

    const nwFound = await findings('reviewer', {});
    // NW-8.4: disconnected after the inspection of 10-13, no application before 2028-10-13; named by its owner.
    expect(nwFound.lines).toEqual(['HIGH NW-8.4 BANNED_APPLICANT - 簡負責 since 2026-10-13']);
    expect(nwFound.rows[0]).toMatchObject({ regime: 'NHI_NET', recordId: year.ban, summary: `${nw.ACME.name} was disconnected after the inspection of 2026-10-13 and may not apply to the network again before 2028-10-13` });
    expect(nwFound.totals).toEqual({ totalCount: 1, high: 1, medium: 0, low: 0 });
  });

  it('X-2 at the year’s end the rosters hold who holds what: the leavers nothing, the 附表二 item with its form and grantor', async () => {
    const tnRoster = await roster('chief', { regime: 'TN_NHI' });
    expect(tnRoster.map(grantLine).sort()).toEqual(
      [
        '王總管 臺南市政府衛生局 TN_NHI CHIEF_ADMIN by - under fixture',
        '李稽核 臺南市政府衛生局 TN_NHI AUDITOR by - under fixture',
        '林社管 臺南市政府社會局 TN_NHI AGENCY_ADMIN by - under fixture',
        '陳使用 臺南市政府社會局 TN_NHI USER 01 by - under fixture',
        '陳使用 臺南市政府社會局 TN_NHI USER 02 by - under fixture',
        // TN-5.3: granted in January on the user's 附表二, by the agency administrator.
        '陳使用 臺南市政府社會局 TN_NHI USER 03 by 林社管 under TN_NHI/附表二',
        '吳中心 臺南市東區家庭福利服務中心 TN_NHI USER 01 by - under fixture',
        '周勞工 臺南市政府勞工局 TN_NHI USER 07 by - under fixture',
        '鄭區管 臺南市東區區公所 TN_NHI AGENCY_ADMIN by - under fixture',
        // 黃同事 resigned in May: nothing.
      ].sort(),
    );
    expect(tnRoster.find((r) => r.item === '03')).toMatchObject({ formId: year.form附表二, effectiveFrom: '2026-01-07', active: true });

    const khRoster = await roster('khIt', { regime: 'KH_BLI' });
    expect(khRoster.map(grantLine).sort()).toEqual(
      [
        '蔡資訊 高雄市政府資訊中心 KH_BLI IT_CENTRE_ADMIN by - under fixture',
        '洪勞審 高雄市政府勞工局 KH_BLI LABOUR_BUREAU_REVIEWER by - under fixture',
        '楊機管 高雄市政府社會局 KH_BLI AGENCY_ADMIN by - under fixture',
        '許查詢 高雄市政府社會局 KH_BLI QUERIER C0101 by - under fixture',
        // 葉新進 changed duties on 09-01: nothing.
      ].sort(),
    );

    // The same roster as CSV for an auditor: a header and one line a grant, no national ID in it.
    const csv = (await call('chief', `query($filter: RosterFilter) { rosterCsv(filter: $filter) }`, { filter: { regime: 'TN_NHI' } })).rosterCsv as string;
    const csvLines = csv.trimEnd().split(/\r?\n/);
    expect(csvLines).toHaveLength(1 + tnRoster.length);
    expect(csvLines.filter((l) => l.includes(year.form附表二))).toEqual([expect.stringContaining('保險對象自付保險費明細')]);
    expect(csv).not.toMatch(/[A-Z][12]\d{8}/);

    // The leavers' history: what they held, ended with the reason of the change.
    const colleague = await roster('chief', { personId: stack.fixture.person.colleague, includeRevoked: true });
    expect(colleague.map((r) => ({ line: grantLine(r), active: r.active, reason: r.revokeReason }))).toEqual([
      { line: '黃同事 臺南市政府社會局 TN_NHI USER 05 by - under fixture', active: false, reason: 'X-1: resigned on 2026-05-25: 自請辭職' },
    ]);
    const newcomer = await roster('khIt', { personId: stack.fixture.person.khNewcomer, includeRevoked: true });
    expect(newcomer.map((r) => ({ line: grantLine(r), active: r.active, revokedAt: r.revokedAt && new Date(r.revokedAt).toISOString() }))).toEqual([
      { line: '葉新進 高雄市政府社會局 KH_BLI QUERIER C0101 by 楊機管 under KH_BLI/附表三', active: false, revokedAt: new Date(instant(8, 20, 11)).toISOString() },
    ]);
    expect(newcomer[0]!.revokeReason).toMatch(/^X-1, KH-4\.4: .*2026-09-01.*調任社會局老人福利科$/);
  });

  it('X-1 at the year’s end each change is recorded once, done, with everything it ended', async () => {
    expect((await call('socialAdmin', OFFBOARDINGS, { personId: stack.fixture.person.colleague })).offboardings).toEqual([
      {
        kind: 'RESIGNED',
        effectiveOn: '2026-05-25',
        reason: '自請辭職',
        status: 'DONE',
        recordedBy: { name: '林社管' },
        ended: [
          { regime: 'TN_NHI', kind: 'PERMISSION', label: 'USER 05' },
          { regime: 'TN_NHI', kind: 'QUERY_REQUEST', label: year.colleagueRequest },
        ],
      },
    ]);
    const [change] = (await call('khAdmin', OFFBOARDINGS, { personId: stack.fixture.person.khNewcomer })).offboardings;
    expect(change).toMatchObject({ kind: 'REASSIGNED', effectiveOn: '2026-09-01', reason: '調任社會局老人福利科', status: 'DONE', recordedBy: { name: '楊機管' } });
    expect(change.ended.map((e: { regime: string; kind: string; label: string }) => `${e.regime} ${e.kind} ${e.label}`).sort()).toEqual(
      ['KH_BLI ACCOUNT t.khnewcomer', 'KH_BLI PERMISSION QUERIER C0101', `KH_BLI REGISTRATION ${year.khPendingRegistration}`].sort(),
    );
    // No leaver holds a permission anywhere: no X-1 finding for any reader.
    for (const who of ['chief', 'khLabour'] as const) expect((await findings(who, { rule: 'X-1' })).rows).toEqual([]);
  });

  it('X-1 X-2 X-3 an agency administrator of another agency sees none of it', async () => {
    // 東區區公所's administrator: asking for 社會局 is refused, not answered with an empty "all clear".
    const social = { agencyId: stack.fixture.agency.social };
    expect(codes(await stack.as('districtAdmin')(CALENDAR, { filter: social }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.as('districtAdmin')(FINDINGS, { filter: social }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.as('districtAdmin')(ROSTER, { filter: social }))).toEqual(['FORBIDDEN']);
    // Unfiltered, their own reach: the district office is not enrolled, so nothing falls due there, and
    // their own account there is its one breach (TN-2.1); the roster holds only their own grant.
    expect(await calendar('districtAdmin', { status: ['DONE', 'DUE', 'OVERDUE'] })).toEqual([]);
    const district = await findings('districtAdmin', {});
    expect(district.totals).toEqual({ totalCount: 1, high: 1, medium: 0, low: 0 });
    expect(district.lines).toEqual(['HIGH TN-2.1 ORPHAN_ACCOUNT 臺南市東區區公所 鄭區管 since 2026-01-05']);
    expect((await roster('districtAdmin', {})).map(grantLine)).toEqual(['鄭區管 臺南市東區區公所 TN_NHI AGENCY_ADMIN by - under fixture']);
    // Kaohsiung's other agency is no reader of 社會局 either.
    expect(codes(await stack.as('khClerk')(CALENDAR, { filter: { agencyId: stack.fixture.agency.khSocial } }))).toEqual(['FORBIDDEN']);
  });
});
