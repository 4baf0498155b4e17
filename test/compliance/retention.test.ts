import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { grantPermission, tables, type Db } from '@webir/db';
import type { RegimeParticipant } from '@webir/db/regime';
import { truncateAll } from '@webir/db/testing';
import { addDays, createPiiCipher, makeNationalId, parseMasterKey } from '@webir/kit';
import { participants } from '@webir/stack';
import { runPurge } from '@webir/subgraph-compliance';
import { openCliDatabase, type CliDatabase } from '../helpers/cli.ts';
import { codes } from '../helpers/client.ts';
import { testConfig } from '../helpers/config.ts';
import { seedFixture, type PersonKey } from '../helpers/fixture.ts';
import { APPROVE_AGENCY, approvedRegistration, BLI_DECISION, CITY_ITEMS, BLI_LETTER, changeAgencyItems, khSnapshot, makeQuerier, ok } from '../helpers/kaohsiung.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { APPROVE, enrol, fileAndSign, userApplication } from '../helpers/tainan.ts';
// Not part of the package's surface (the server starts it); the test drives the timer itself.
import { scheduleJobs } from '../../subgraphs/compliance/src/store/jobs.ts';

const { purgeRuns, purges, khPurges, applications, queryRequests, auditRecords, khForms, khRegistrations, khAudits } = tables;

// X-4 across regimes, through the gateway, on a clock the test moves: records are made through the
// regimes' own mutations on the days they would have been made, so each carries the `retain_until`
// its regime gives it; then the clock goes five years on.
let clock = new Date('2026-03-02T10:00:00+08:00');
const at = (day: string) => {
  clock = new Date(`${day}T10:00:00+08:00`);
};
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ now: () => clock });
});
afterAll(() => stack?.stop());

const T0 = '2026-03-02';
/** The day the purge runs: 5 years and 1 day after T0. */
const TODAY = '2031-03-03';

const DRY = `mutation { purgeExpiredRecords(dryRun: true) { dryRun today records { regime kind id number retainUntil rule } run { id } } }`;
const PURGE = `mutation { purgeExpiredRecords(dryRun: false) { dryRun today records { regime kind id number retainUntil rule } run { id trigger today removed by { name } counts { regime kind count } } } }`;
const RUNS = `query($first: Int) { purgeRuns(first: $first) { id trigger today ranAt removed by { name } counts { regime kind count } } }`;

interface Listed {
  regime: string;
  kind: string;
  id: string;
  number: string | null;
  retainUntil: string;
  rule: string;
}
type Counts = { regime: string; kind: string; count: number }[];
const line = (r: Listed) => `${r.regime} ${r.kind} ${r.rule} ${r.retainUntil}`;
const byCount = (c: Counts) => [...c].sort((a, b) => `${a.regime}${a.kind}`.localeCompare(`${b.regime}${b.kind}`));

/** Every row a purge may touch in either regime, and the purge logs: equal before and after = nothing written. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const { db } = stack.database;
  const tn = { purgeRuns, purges, applications, queryRequests, auditRecords };
  const out: Record<string, unknown[]> = { ...(await khSnapshot(stack)) };
  for (const [name, table] of Object.entries(tn)) out[`tn.${name}`] = await db.select().from(table as typeof purges).orderBy(asc((table as typeof purges).id));
  return out;
}

const FILE_REQUEST = `mutation($input: NhiQueryRequestInput!) { fileNhiQueryRequest(input: $input) { id number retainUntil } }`;
async function tainanRequest(serial: number): Promise<{ id: string; number: string; retainUntil: string }> {
  const filed = ok(await stack.as('user')(FILE_REQUEST, { input: { subjectName: '個案', subjectNationalId: makeNationalId('D', 1, serial), items: ['01'], purpose: '資格複查', legalBasis: '社會救助法' } })).fileNhiQueryRequest;
  ok(await stack.as('supervisor')(`mutation($id: ID!) { approveNhiQueryRequest(id: $id) { id } }`, { id: filed.id }));
  return filed;
}
async function tainanAudit(auditedOn: string, period: string): Promise<string> {
  const input = {
    kind: 'INTERNAL',
    agencyId: stack.fixture.agency.social,
    period,
    auditUnit: '社會局政風室',
    auditedOn,
    checks: [1, 2, 3, 4, 5].map((check) => ({ check, result: 'PASS' })),
    auditeeId: stack.fixture.person.user,
    auditeeHeadId: stack.fixture.person.supervisor,
    auditorId: stack.fixture.person.socialAdmin,
    auditorHeadId: stack.fixture.person.colleague,
  };
  return ok(await stack.as('socialAdmin')(`mutation($input: NhiAuditInput!) { recordNhiAudit(input: $input) { id } }`, { input })).recordNhiAudit.id;
}
async function kaohsiungAudit(year: number, auditedOn: string): Promise<string> {
  const input = { agencyId: stack.fixture.agency.khSocial, year, auditedOn, findings: '抽查查調紀錄，登記表齊備', violations: [], recommendation: '無' };
  return ok(await stack.as('khLabour')(`mutation($input: KhAuditInput!) { recordKhAudit(input: $input) { id } }`, { input })).recordKhAudit.id;
}
async function tainanApplication(): Promise<string> {
  const id = await fileAndSign(stack, 'user', userApplication(stack), ['user', 'supervisor', 'socialHead']);
  ok(await stack.as('socialAdmin')(APPROVE, { id }));
  return id;
}

/** What each test starts from: which records are past their period on TODAY, and which are not. */
interface Records {
  expired: string[];
  kept: string[];
}

/** Both regimes set up as their rules want, then records made on the days that put them either side of TODAY. */
async function seedRecords(): Promise<Records> {
  at(T0);
  await truncateAll(stack.database);
  stack.fixture = await seedFixture(stack.database, stack.cipher);
  await enrol(stack, stack.fixture.agency.social);
  await stack.database.db.update(tables.people).set({ supervisorId: stack.fixture.person.khSupervisor }).where(eq(tables.people.id, stack.fixture.person.khAdmin));
  ok(await stack.as('khLabour')(APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency.khSocial, legalBasis: '社會救助法第5條之3' } }));
  ok(await stack.as('khIt')(BLI_DECISION, { input: { items: CITY_ITEMS, action: 'ADD', reference: BLI_LETTER, legalBasis: '勞工保險條例' } }));

  // T0, five years and a day before TODAY: everything made now is past its period then.
  const tnApplication = await tainanApplication(); // kept to 2027-03-02 (TN-5.4)
  const tnOldRequest = await tainanRequest(500_001); // kept to 2031-03-02 (TN-7.7)
  const tnOldAudit = await tainanAudit(T0, '2025-H2'); // kept to 2029-03-02 (TN-8.5)
  const khOldForms = await stack.database.db.select({ id: khForms.id }).from(khForms); // none yet
  expect(khOldForms).toEqual([]);
  await makeQuerier(stack); // an ITEMS form and a QUERIER form, both DONE today: kept to 2027-03-02
  const khFormsDone = (await stack.database.db.select({ id: khForms.id }).from(khForms)).map((f) => f.id);
  expect(khFormsDone.length).toBe(2);
  const khOldRegistration = (await approvedRegistration(stack)).id; // kept to 2031-03-02
  const khOldAudit = await kaohsiungAudit(2026, T0); // kept to 2029-03-02

  // A form still being decided has no period yet: never purged, however old.
  const tnPending = ok(await stack.as('colleague')(`mutation($input: NhiApplicationInput!) { fileNhiApplication(input: $input) { id retainUntil } }`, {
    input: userApplication(stack, { myegovAccount: stack.fixture.account.colleague, email: 'colleague@mail.tainan.gov.tw' }),
  })).fileNhiApplication;
  expect(tnPending.retainUntil).toBeNull();

  // Exactly five years before TODAY: TODAY is its last day, so it stays.
  at(addDays(T0, 1));
  const tnLastDay = await tainanRequest(500_002);
  expect(tnLastDay.retainUntil).toBe(TODAY);
  // Five years less a day before TODAY.
  at(addDays(T0, 2));
  const tnNewRequest = await tainanRequest(500_003);
  const khNewRegistration = (await approvedRegistration(stack, 'khNewcomer', { subjectName: '李小華' })).id;

  // Well within their periods on TODAY: an audit two years and a half old, a form nine months old.
  at('2028-09-01');
  const tnNewAudit = await tainanAudit('2028-09-01', '2028-H1');
  const khNewAudit = await kaohsiungAudit(2028, '2028-09-01');
  at('2030-06-03');
  const khNewForm = await changeAgencyItems(stack, [{ item: 'C0201', action: 'ADD' }]);

  at(TODAY);
  return {
    expired: [tnApplication, tnOldRequest.id, tnOldAudit, ...khFormsDone, khOldRegistration, khOldAudit],
    kept: [tnPending.id, tnLastDay.id, tnNewRequest.id, khNewRegistration, tnNewAudit, khNewAudit, khNewForm],
  };
}

const EXPECTED = [
  'KH_BLI AUDIT X-4 2029-03-02',
  'KH_BLI FORM X-4 2027-03-02',
  'KH_BLI FORM X-4 2027-03-02',
  'KH_BLI REGISTRATION X-4 2031-03-02',
  'TN_NHI APPLICATION TN-5.4 2027-03-02',
  'TN_NHI AUDIT TN-8.5 2029-03-02',
  'TN_NHI QUERY_REQUEST TN-7.7 2031-03-02',
];

/** Which of these ids are still in their tables. */
async function present(ids: string[]): Promise<string[]> {
  const { db } = stack.database;
  const found: string[] = [];
  for (const table of [applications, queryRequests, auditRecords, khForms, khRegistrations, khAudits] as const) {
    for (const row of await db.select({ id: table.id }).from(table as typeof applications)) if (ids.includes(row.id)) found.push(row.id);
  }
  return found.sort();
}

describe('X-4 retention across regimes, through the gateway', () => {
  let records: Records;
  beforeEach(async () => {
    records = await seedRecords();
  });

  it('X-4 a dry run shows what has outlived its period in both regimes and removes nothing', async () => {
    // One person who purges both regimes (the Tainan chief, seconded to the IT centre), so one run spans both.
    await grantPermission(stack.database.db, {
      personId: stack.fixture.person.chief,
      agencyId: stack.fixture.agency.khIt,
      regime: 'KH_BLI',
      role: 'IT_CENTRE_ADMIN',
      grantedById: stack.fixture.person.khIt,
      reason: '支援資訊中心保存年限清理',
      at: clock,
    });
    const before = await snapshot();
    const dry = ok(await stack.as('chief')(DRY)).purgeExpiredRecords;
    expect(dry).toMatchObject({ dryRun: true, today: TODAY, run: null });
    expect((dry.records as Listed[]).map(line).sort()).toEqual(EXPECTED);
    expect((dry.records as Listed[]).map((r) => r.id).sort()).toEqual([...records.expired].sort());
    expect((dry.records as Listed[]).every((r) => r.retainUntil < TODAY)).toBe(true);
    const request = (dry.records as Listed[]).find((r) => r.kind === 'QUERY_REQUEST')!;
    expect(request.number).toMatch(/\S/);
    // Nothing written: no run logged, no regime's purges, every record still there.
    expect(await snapshot()).toEqual(before);
    expect(before['tn.purgeRuns']).toEqual([]);
    expect(await present([...records.expired, ...records.kept])).toEqual([...records.expired, ...records.kept].sort());
  });

  it('X-4 the purge removes exactly what has outlived its period, logs each removal in its regime, and logs the run once', async () => {
    await grantPermission(stack.database.db, {
      personId: stack.fixture.person.chief,
      agencyId: stack.fixture.agency.khIt,
      regime: 'KH_BLI',
      role: 'IT_CENTRE_ADMIN',
      grantedById: stack.fixture.person.khIt,
      reason: '支援資訊中心保存年限清理',
      at: clock,
    });
    const done = ok(await stack.as('chief')(PURGE)).purgeExpiredRecords;
    expect(done.dryRun).toBe(false);
    expect((done.records as Listed[]).map(line).sort()).toEqual(EXPECTED);
    expect(done.run).toMatchObject({ trigger: 'MUTATION', today: TODAY, removed: 7, by: { name: '王總管' } });
    expect(byCount(done.run.counts)).toEqual([
      { regime: 'KH_BLI', kind: 'AUDIT', count: 1 },
      { regime: 'KH_BLI', kind: 'FORM', count: 2 },
      { regime: 'KH_BLI', kind: 'REGISTRATION', count: 1 },
      { regime: 'TN_NHI', kind: 'APPLICATION', count: 1 },
      { regime: 'TN_NHI', kind: 'AUDIT', count: 1 },
      { regime: 'TN_NHI', kind: 'QUERY_REQUEST', count: 1 },
    ]);

    // Gone: exactly the expired; never one still within its period.
    expect(await present(records.expired)).toEqual([]);
    expect(await present(records.kept)).toEqual([...records.kept].sort());

    // Each removal in its regime's log, with its rule, its day and who purged it.
    const { db } = stack.database;
    const tnLog = await db.select().from(purges);
    const khLog = await db.select().from(khPurges);
    expect(tnLog.map((p) => `${p.kind} ${p.rule} ${p.retainUntil}`).sort()).toEqual(['APPLICATION TN-5.4 2027-03-02', 'AUDIT TN-8.5 2029-03-02', 'QUERY_REQUEST TN-7.7 2031-03-02']);
    expect(khLog.map((p) => `${p.kind} ${p.rule} ${p.retainUntil}`).sort()).toEqual(['AUDIT X-4 2029-03-02', 'FORM X-4 2027-03-02', 'FORM X-4 2027-03-02', 'REGISTRATION X-4 2031-03-02']);
    expect([...tnLog, ...khLog].map((p) => p.recordId).sort()).toEqual([...records.expired].sort());
    expect([...tnLog, ...khLog].every((p) => p.purgedById === stack.fixture.person.chief && p.purgedAt.getTime() === clock.getTime())).toBe(true);

    // One run logged, with the counts, and shown by purgeRuns with who ran it.
    const runs = await db.select().from(purgeRuns);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: done.run.id, trigger: 'MUTATION', dryRun: false, today: TODAY, byId: stack.fixture.person.chief, removed: 7 });
    const listed = ok(await stack.as('chief')(RUNS, { first: 5 })).purgeRuns;
    expect(listed).toEqual([{ id: done.run.id, trigger: 'MUTATION', today: TODAY, ranAt: clock.toISOString(), removed: 7, by: { name: '王總管' }, counts: done.run.counts }]);

    // Run again the same day: nothing left to remove; the run is logged with nothing removed.
    const again = ok(await stack.as('chief')(PURGE)).purgeExpiredRecords;
    expect(again.records).toEqual([]);
    expect(again.run).toMatchObject({ removed: 0, counts: [] });
    expect(await present(records.kept)).toEqual([...records.kept].sort());
  });

  it('X-4 the Tainan chief purges only Tainan’s records, the Kaohsiung IT centre only Kaohsiung’s', async () => {
    const khBefore = await khSnapshot(stack);
    const tn = ok(await stack.as('chief')(PURGE)).purgeExpiredRecords;
    expect((tn.records as Listed[]).map(line).sort()).toEqual(EXPECTED.filter((l) => l.startsWith('TN_NHI')));
    expect(tn.run).toMatchObject({ removed: 3, by: { name: '王總管' } });
    expect(byCount(tn.run.counts).map((c) => c.regime)).toEqual(['TN_NHI', 'TN_NHI', 'TN_NHI']);
    expect(await khSnapshot(stack)).toEqual(khBefore); // Kaohsiung's records and log untouched

    const kh = ok(await stack.as('khIt')(PURGE)).purgeExpiredRecords;
    expect((kh.records as Listed[]).map(line).sort()).toEqual(EXPECTED.filter((l) => l.startsWith('KH_BLI')));
    expect(kh.run).toMatchObject({ removed: 4, by: { name: '蔡資訊' } });
    expect(await stack.database.db.select().from(purges)).toHaveLength(3); // the chief's three, no more
    expect(await present(records.expired)).toEqual([]);
    expect(await present(records.kept)).toEqual([...records.kept].sort());

    // Each sees the runs of the regimes they purge or read whole, not the other city's.
    const runsOf = async (who: PersonKey) => ((ok(await stack.as(who)(RUNS, { first: 5 })).purgeRuns) as { by: { name: string }; removed: number; counts: Counts }[]).map((r) => `${r.by.name} ${r.removed} ${byCount(r.counts).map((c) => `${c.regime}:${c.kind}:${c.count}`).join(',')}`);
    const tnRun = '王總管 3 TN_NHI:APPLICATION:1,TN_NHI:AUDIT:1,TN_NHI:QUERY_REQUEST:1';
    const khRun = '蔡資訊 4 KH_BLI:AUDIT:1,KH_BLI:FORM:2,KH_BLI:REGISTRATION:1';
    expect(await runsOf('chief')).toEqual([tnRun]);
    expect(await runsOf('auditor')).toEqual([tnRun]);
    expect(await runsOf('khIt')).toEqual([khRun]);
    expect(await runsOf('khLabour')).toEqual([khRun]);
  });

  it('X-4 a run across both regimes shows each city only its own part of it', async () => {
    // The scheduled job purges every regime in one run, by no one.
    const outcome = await runPurge(stack.database.db, participants, { trigger: 'SCHEDULE', now: clock, byId: null, dryRun: false });
    expect(outcome.run).toMatchObject({ trigger: 'SCHEDULE', byId: null, removed: 7 });
    const RUNS_NOBODY = `query { purgeRuns(first: 5) { trigger removed by { name } counts { regime kind count } } }`;
    const seen = async (who: PersonKey) => ok(await stack.as(who)(RUNS_NOBODY)).purgeRuns as { trigger: string; removed: number; by: null; counts: Counts }[];
    const tn = await seen('chief');
    expect(tn.map((r) => ({ ...r, counts: byCount(r.counts) }))).toEqual([
      { trigger: 'SCHEDULE', removed: 3, by: null, counts: [{ regime: 'TN_NHI', kind: 'APPLICATION', count: 1 }, { regime: 'TN_NHI', kind: 'AUDIT', count: 1 }, { regime: 'TN_NHI', kind: 'QUERY_REQUEST', count: 1 }] },
    ]);
    const kh = await seen('khIt');
    expect(kh.map((r) => ({ ...r, counts: byCount(r.counts) }))).toEqual([
      { trigger: 'SCHEDULE', removed: 4, by: null, counts: [{ regime: 'KH_BLI', kind: 'AUDIT', count: 1 }, { regime: 'KH_BLI', kind: 'FORM', count: 2 }, { regime: 'KH_BLI', kind: 'REGISTRATION', count: 1 }] },
    ]);
    // A scheduled run that found nothing covered every regime: both see it (an hour later, so it is the newer).
    clock = new Date(clock.getTime() + 3_600_000);
    await runPurge(stack.database.db, participants, { trigger: 'SCHEDULE', now: clock, byId: null, dryRun: false });
    expect((await seen('khIt')).map((r) => r.removed)).toEqual([0, 4]);
    expect((await seen('auditor')).map((r) => r.removed)).toEqual([0, 3]);
  });

  it('X-4 when a later regime fails, what the earlier removed is still logged as a run, and the failure reported', async () => {
    const failing: RegimeParticipant = {
      regime: 'BROKEN',
      offboardTiming: 'ON_DATE',
      offboard: async () => [],
      calendar: async () => [],
      findings: async () => [],
      purge: async () => {
        throw new Error('the regime’s schema is locked');
      },
    };
    const tainan = participants.find((p) => p.regime === 'TN_NHI')!;
    await expect(runPurge(stack.database.db, [tainan, failing], { trigger: 'CLI', now: clock, byId: null, dryRun: false })).rejects.toThrow('the regime’s schema is locked');
    const runs = await stack.database.db.select().from(purgeRuns);
    expect(runs.map((r) => ({ trigger: r.trigger, removed: r.removed, counts: byCount(r.counts) }))).toEqual([
      { trigger: 'CLI', removed: 3, counts: [{ regime: 'TN_NHI', kind: 'APPLICATION', count: 1 }, { regime: 'TN_NHI', kind: 'AUDIT', count: 1 }, { regime: 'TN_NHI', kind: 'QUERY_REQUEST', count: 1 }] },
    ]);
    expect(await stack.database.db.select().from(purges)).toHaveLength(3);
    // A dry run that fails writes nothing.
    await expect(runPurge(stack.database.db, [tainan, failing], { trigger: 'CLI', now: clock, byId: null, dryRun: true })).rejects.toThrow();
    expect(await stack.database.db.select().from(purgeRuns)).toHaveLength(1);
  });

  it('X-4 an agency administrator or a user may not purge, not even a dry run, and nothing is written', async () => {
    const before = await snapshot();
    for (const who of ['socialAdmin', 'khAdmin', 'user', 'khQuerier', 'auditor', 'khLabour'] as PersonKey[]) {
      for (const query of [DRY, PURGE]) {
        const res = await stack.as(who)(query);
        expect(codes(res), `${who}: ${JSON.stringify(res.errors)}`).toEqual(['FORBIDDEN']);
        expect(res.data?.purgeExpiredRecords ?? null).toBeNull();
      }
    }
    expect(await snapshot()).toEqual(before);
    // And the log of runs is not theirs to read.
    expect(ok(await stack.as('user')(RUNS, { first: 5 })).purgeRuns).toEqual([]);
  });

  it('X-4 an unauthenticated caller may not purge', async () => {
    const before = await snapshot();
    for (const query of [DRY, PURGE]) expect(codes(await stack.as(null)(query))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await stack.as(null)(RUNS, { first: 5 }))).toEqual(['UNAUTHENTICATED']);
    expect(await snapshot()).toEqual(before);
  });
});

describe('X-4 the scheduled run (a timer in the compliance server)', () => {
  beforeAll(async () => {
    await seedRecords();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  // Only the interval is faked: the database and the HTTP servers keep their own real timers.
  const fake = () => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });

  it('is off when minutes is 0: no timer, no run, no line', async () => {
    fake();
    const lines: string[] = [];
    const stop = scheduleJobs(stack.database.db, participants, 0, () => clock, (l) => lines.push(l));
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
    stop();
    expect(lines).toEqual([]);
    expect(await stack.database.db.select().from(purgeRuns)).toEqual([]);
  });

  it('refuses a period past what a timer can hold (Node would run it every millisecond instead)', () => {
    fake();
    const lines: string[] = [];
    // 30 days: 2 592 000 000 ms, past 2^31 − 1.
    expect(() => scheduleJobs(stack.database.db, participants, 30 * 1440, () => clock, (l) => lines.push(l))).toThrow(
      'WEBIR_JOBS_EVERY_MINUTES=43200: at most 35791 minutes between runs',
    );
    expect(vi.getTimerCount()).toBe(0);
    // The longest it holds is accepted.
    const stop = scheduleJobs(stack.database.db, participants, 35_791, () => clock, (l) => lines.push(l));
    expect(vi.getTimerCount()).toBe(1);
    stop();
    expect(lines).toEqual([]);
  });

  it('runs the jobs once per tick when on, logs a line, and purges as the schedule (no person)', async () => {
    fake();
    const lines: string[] = [];
    let next: (() => void) | undefined;
    const logged = () => new Promise<void>((resolve) => (next = resolve));
    const stop = scheduleJobs(stack.database.db, participants, 60, () => clock, (l) => {
      lines.push(l);
      next?.();
    });
    expect(vi.getTimerCount()).toBe(1);

    // Less than an hour: nothing yet.
    await vi.advanceTimersByTimeAsync(59 * 60_000);
    expect(lines).toEqual([]);

    let first = logged();
    await vi.advanceTimersByTimeAsync(60_000);
    await first;
    expect(lines).toEqual(['[compliance] scheduled jobs: 0 change(s) of employment carried out, 7 record(s) purged']);
    const { db } = stack.database;
    let runs = await db.select().from(purgeRuns);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'SCHEDULE', dryRun: false, today: TODAY, byId: null, removed: 7 });
    const log = [...(await db.select().from(purges)), ...(await db.select().from(khPurges))];
    expect(log).toHaveLength(7);
    expect(log.every((p) => p.purgedById === null)).toBe(true);

    // The next tick, an hour on, runs once more; nothing is left to remove.
    clock = new Date(clock.getTime() + 3_600_000);
    first = logged();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    await first;
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('[compliance] scheduled jobs: 0 change(s) of employment carried out, 0 record(s) purged');
    runs = await db.select().from(purgeRuns).orderBy(asc(purgeRuns.ranAt));
    expect(runs.map((r) => `${r.trigger} ${r.removed}`)).toEqual(['SCHEDULE 7', 'SCHEDULE 0']);

    stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(3 * 60 * 60_000);
    expect(lines).toHaveLength(2);
  });

  it('never starts a run while the last is still going, and logs a failure', async () => {
    fake();
    const lines: string[] = [];
    // A run begins with a read of the changes due, made as soon as its tick fires: counting reads
    // counts the runs begun, whatever the database's own latency.
    let begun = 0;
    const db = new Proxy(stack.database.db, {
      get(target, key, receiver) {
        if (key === 'select') begun += 1;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    let calls = 0;
    let entered: (() => void) | undefined;
    let release: (() => void) | undefined;
    let next: (() => void) | undefined;
    const inPurge = () => new Promise<void>((resolve) => (entered = resolve));
    const slow: RegimeParticipant = {
      regime: 'SLOW',
      offboardTiming: 'ON_DATE',
      offboard: async () => [],
      calendar: async () => [],
      findings: async () => [],
      purge: async () => {
        calls += 1;
        entered?.();
        await new Promise<void>((resolve) => (release = resolve));
        throw new Error('the regime’s database is unreachable');
      },
    };
    const stop = scheduleJobs(db, [slow], 1, () => clock, (l) => {
      lines.push(l);
      next?.();
    });
    const runsBefore = (await stack.database.db.select().from(purgeRuns)).length;
    let entering = inPurge();
    await vi.advanceTimersByTimeAsync(60_000);
    await entering;
    expect([begun, calls]).toEqual([1, 1]);
    await vi.advanceTimersByTimeAsync(3 * 60_000); // three more ticks while the first is still going
    expect([begun, calls]).toEqual([1, 1]);

    const failed = new Promise<void>((resolve) => (next = resolve));
    release!();
    await failed;
    expect(lines).toEqual(['[compliance] scheduled jobs failed: the regime’s database is unreachable']);
    expect(await stack.database.db.select().from(purgeRuns)).toHaveLength(runsBefore); // nothing removed, no run to log

    // Once it has ended, the next tick runs again.
    entering = inPurge();
    await vi.advanceTimersByTimeAsync(60_000);
    await entering;
    expect([begun, calls]).toEqual([2, 2]);
    stop();
    const second = new Promise<void>((resolve) => (next = resolve));
    release!();
    await second;
    expect(lines).toHaveLength(2);
  });
});

/**
 * `npm run jobs` as cron runs it, on a database of its own: a PGlite folder (PGlite is one process:
 * the folder is seeded first, then read again after each run), or with DATABASE_URL a fresh database
 * on that server whose URL the CLI is given. The CLI runs on the test's clock (WEBIR_NOW).
 */
describe('X-4 the jobs CLI', () => {
  const run = promisify(execFile);
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const config = testConfig();
  // The CLI's day, and records that outlived their period the day before and keep theirs a day on.
  const today = '2031-03-03';
  const expiredOn = addDays(today, -1);
  const keptTo = addDays(today, 1);
  let database: CliDatabase;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => cliWith({}, ...args);
  const cliWith = (extra: NodeJS.ProcessEnv, ...args: string[]) =>
    run('npx', ['tsx', 'stack/src/jobs.ts', ...args], { cwd: root, env: { ...env, ...extra } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  const withDb = <T>(f: (db: Db) => Promise<T>): Promise<T> => database.use((d) => f(d.db));
  const ids = { tnOld: '', tnNew: '', khOld: '', khNew: '' };

  beforeAll(async () => {
    database = await openCliDatabase(config, async (opened) => {
      const cipher = createPiiCipher(parseMasterKey(config.dataKey));
      const fixture = await seedFixture(opened, cipher);
      const { db } = opened;
      // Written straight to the tables: the CLI cannot run beside a server on a PGlite folder.
      const subject = makeNationalId('D', 1, 424_242);
      const request = (number: string, retainUntil: string) => ({
        number,
        requesterId: fixture.person.user,
        agencyId: fixture.agency.social,
        subjectName: '個案',
        subjectIdEnc: cipher.encrypt(subject),
        subjectIdHash: cipher.hash(subject),
        items: ['01'],
        legalBasis: '社會救助法',
        purpose: '資格複查',
        status: 'APPROVED',
        requestedAt: new Date(`${addDays(retainUntil, -5 * 365 - 1)}T10:00:00+08:00`),
        retainUntil,
      });
      const [tnOld, tnNew] = await db.insert(queryRequests).values([request('F3-OLD', expiredOn), request('F3-NEW', keptTo)]).returning();
      const audit = (number: string, retainUntil: string) => ({
        number,
        agencyId: fixture.agency.khSocial,
        year: Number(retainUntil.slice(0, 4)) - 3,
        auditedOn: addDays(retainUntil, -3 * 365),
        auditorId: fixture.person.khLabour,
        findings: '抽查查調紀錄',
        createdAt: new Date(`${addDays(retainUntil, -3 * 365)}T10:00:00+08:00`),
        retainUntil,
      });
      const [khOld, khNew] = await db.insert(khAudits).values([audit('KA-OLD', expiredOn), audit('KA-NEW', keptTo)]).returning();
      Object.assign(ids, { tnOld: tnOld!.id, tnNew: tnNew!.id, khOld: khOld!.id, khNew: khNew!.id });
    });
    env = { ...process.env, WEBIR_DATA_DIR: config.dataDir, WEBIR_DATA_KEY: config.dataKey, WEBIR_GATEWAY_SECRET: config.gatewaySecret, WEBIR_NOW: `${today}T02:00:00+08:00`, ...database.env };
  }, 300_000);
  afterAll(() => database?.close());

  const state = () =>
    withDb(async (db) => ({
      requests: (await db.select({ number: queryRequests.number }).from(queryRequests)).map((r) => r.number).sort(),
      audits: (await db.select({ number: khAudits.number }).from(khAudits)).map((r) => r.number).sort(),
      tnLog: (await db.select().from(purges)).map((p) => `${p.kind} ${p.number} ${p.rule} ${p.retainUntil} ${p.purgedById}`),
      khLog: (await db.select().from(khPurges)).map((p) => `${p.kind} ${p.number} ${p.rule} ${p.retainUntil} ${p.purgedById}`),
      runs: (await db.select().from(purgeRuns)).map((r) => ({ trigger: r.trigger, today: r.today, byId: r.byId, removed: r.removed, counts: byCount(r.counts) })),
    }));

  it('--dry-run lists what has outlived its period and changes nothing; without it, purges and logs the run', async () => {
    const before = await state();
    expect(before).toEqual({ requests: ['F3-NEW', 'F3-OLD'], audits: ['KA-NEW', 'KA-OLD'], tnLog: [], khLog: [], runs: [] });

    const dry = await cli('--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`Dry run on ${today}: 2 record(s) have outlived their period; nothing was removed.`);
    expect(dry.stdout).toContain(`  TN_NHI QUERY_REQUEST F3-OLD kept until ${expiredOn} (TN-7.7)`);
    expect(dry.stdout).toContain(`  KH_BLI AUDIT KA-OLD kept until ${expiredOn} (X-4)`);
    expect(dry.stdout).not.toContain('-NEW');
    expect(await state()).toEqual(before);

    const real = await cli();
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain(`${today}: 0 change(s) of employment carried out, 2 record(s) purged (each logged with its rule).`);
    expect(await state()).toEqual({
      requests: ['F3-NEW'],
      audits: ['KA-NEW'],
      tnLog: [`QUERY_REQUEST F3-OLD TN-7.7 ${expiredOn} null`],
      khLog: [`AUDIT KA-OLD X-4 ${expiredOn} null`],
      runs: [{ trigger: 'CLI', today, byId: null, removed: 2, counts: [{ regime: 'KH_BLI', kind: 'AUDIT', count: 1 }, { regime: 'TN_NHI', kind: 'QUERY_REQUEST', count: 1 }] }],
    });
  }, 120_000);

  it('refuses an unknown argument with the usage line, exit 2, and touches nothing', async () => {
    const before = await state();
    const res = await cli('--dryrun');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Usage: npm run jobs [-- --dry-run]');
    expect(res.stderr).toContain('--dryrun');
    expect(await state()).toEqual(before);
  }, 120_000);

  it('X-4 refuses a clock set by WEBIR_NOW in production (a purge dated ahead would remove records before their time), and touches nothing', async () => {
    const before = await state();
    const res = await cliWith({ NODE_ENV: 'production' }, '--dry-run');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('WEBIR_NOW is for tests: refused in production');
    expect(await state()).toEqual(before);
  }, 120_000);
});
