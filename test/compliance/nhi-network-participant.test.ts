import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadCaller, tables } from '@webir/db';
import type { ParticipantContext } from '@webir/db/regime';
import { makeBusinessNumber } from '@webir/kit';
import { nhiNetworkParticipant } from '@webir/subgraph-nhi-network/participant';
import { ACME, APPLY_LINE, approvedUnit, completeApplication, CREATE, line, nwStack, ok, registerItUnit, submittedApplication, type AnyPersonKey } from '../helpers/nhi-network.ts';

const stack = nwStack();
const participant = nhiNetworkParticipant;

const REPORT = `mutation($input: NetworkViolationReportInput!) { reportNetworkViolation(input: $input) { id } }`;
const CONFIRM = `mutation($id: ID!, $deadline: Date!) { confirmNetworkViolation(id: $id, input: { improvementDeadline: $deadline }) { id } }`;
const REMEDY = `mutation($id: ID!, $on: Date!) { recordNetworkRemedy(id: $id, remediedOn: $on) { id } }`;
const DISMISS = `mutation($id: ID!) { dismissNetworkViolation(id: $id, note: "查無實據") { id } }`;
const ENFORCE = `mutation { enforceNetworkDeadlines { id } }`;
const INSPECT = `mutation($input: NetworkInspectionInput!) { recordNetworkInspection(input: $input) { sanction { id } } }`;
const REGISTER_CLINIC = `mutation($input: RegisterNetworkUnitInput!) { registerNetworkUnit(input: $input) { id } }`;

/** The participant's context as the compliance subgraph builds it, for `who` on `day` (10:00 in Taipei). */
async function contextOf(who: AnyPersonKey, day: string): Promise<ParticipantContext> {
  const { db } = stack.database;
  const [person] = await db.select({ account: tables.people.myegovAccount }).from(tables.people).where(eq(tables.people.id, stack.personId(who)));
  const account = person!.account!;
  return { db, cipher: stack.cipher, caller: await loadCaller(db, account), identity: { sub: account, requestId: `test-${who}`, tokenIssuer: 'webir-dev' }, now: () => new Date(`${day}T10:00:00+08:00`) };
}

/** Reports a named forbidden use against a unit (as the NHI's reviewer) and confirms it with a deadline. */
async function confirmed(unitId: string, deadline: string, kind = 'COMMERCIAL_ACTIVITY'): Promise<string> {
  const input = { unitId, kind, reporterName: '高雄某診所 陳院長', reporterContact: '07-1234567', description: '透過健保資訊網推銷商業軟體', occurredOn: '2026-02-20' };
  const id = ok(await stack.by('reviewer')(REPORT, { input })).reportNetworkViolation.id as string;
  ok(await stack.by('reviewer')(CONFIRM, { id, deadline }));
  return id;
}

const clinic = async () =>
  ok(await stack.by('otherCompany')(REGISTER_CLINIC, { input: { kind: 'MEDICAL_INSTITUTION', name: '安南診所', institutionCode: '3521010011', contractNumber: 'NHI-C-0456' } })).registerNetworkUnit
    .id as string;

const deadline = (subject: string, dueOn: string, doneOn: string | null) => ({
  regime: 'NHI_NET',
  rule: 'NW-8.2',
  kind: 'IMPROVEMENT_DEADLINE',
  agencyId: null,
  subject,
  period: dueOn,
  dueOn,
  doneOn,
  actorRole: 'NHI_NETWORK_REVIEWER',
  actorAgencyId: null,
});

describe('the NHI network regime’s participant in the graph across regimes', () => {
  it('lists every confirmed improvement deadline in the window with the day it was dealt with, for the NHI’s reviewers only', async () => {
    const { unitId } = await approvedUnit(stack);
    ok(await stack.by('acmeContact')(APPLY_LINE, { input: line(unitId) }));
    const clinicId = await clinic();
    const remedied = await confirmed(unitId, '2026-03-31');
    await confirmed(unitId, '2026-04-10', 'THIRD_PARTY_ACCESS'); // left to run out, then enforced
    await confirmed(unitId, '2026-05-15', 'INTERNET_BRIDGE'); // still to come
    await confirmed(clinicId, '2026-04-30');
    await confirmed(clinicId, '2026-08-01', 'OTHER_SECURITY'); // after the window
    const dismissed = await confirmed(clinicId, '2026-03-25', 'DUTY_NOT_MET');
    ok(await stack.by('reviewer')(DISMISS, { id: dismissed }));
    // A report not (yet) confirmed has no deadline.
    ok(await stack.by('reviewer')(REPORT, { input: { unitId: clinicId, kind: 'OTHER_SECURITY', reporterName: null, description: '匿名反映線路異常', occurredOn: '2026-02-20' } }));
    // A remedy is recorded once it has happened (a day to come is refused).
    stack.setToday('2026-03-20');
    ok(await stack.by('reviewer')(REMEDY, { id: remedied, on: '2026-03-20' }));
    stack.setToday('2026-04-11');
    expect(ok(await stack.by('reviewer')(ENFORCE))).toMatchObject({ enforceNetworkDeadlines: [{}] });

    const window = { agencyIds: [], from: '2026-01-01', to: '2026-06-30', on: '2026-04-11' };
    const expected = [
      deadline(ACME.name, '2026-03-31', '2026-03-20'),
      deadline(ACME.name, '2026-04-10', '2026-04-11'),
      deadline('安南診所', '2026-04-30', null),
      deadline(ACME.name, '2026-05-15', null),
    ];
    const reviewer = await contextOf('reviewer', '2026-04-11');
    expect(await participant.calendar(reviewer, window)).toEqual(expected);
    // Read as of the deadline's day, the suspension decided after it is not done yet.
    expect((await participant.calendar(reviewer, { ...window, on: '2026-04-10' }))[1]).toEqual(deadline(ACME.name, '2026-04-10', null));
    // Agency-less entries: a named agency does not hide them from a reader of the national regime.
    expect(await participant.calendar(reviewer, { ...window, agencyIds: [stack.fixture.agency.health] })).toEqual(expected);

    // Nobody else: not the unit's staff, not a city's chief administrator, not the NHI's clerk without the role.
    for (const who of ['acmeContact', 'acmeOwner', 'otherCompany', 'nhiClerk', 'chief'] as const) {
      expect(await participant.calendar(await contextOf(who, '2026-04-11'), { ...window, agencyIds: [stack.fixture.agency.health] })).toEqual([]);
    }
  });

  it('finds a running ban, an application made within it, and a passed deadline whose suspension was not decided', async () => {
    // ACME applies on 03-02; the inspection of 03-01 is recorded on 03-05, so its ban covers the application.
    const acme = await submittedApplication(stack);
    const [acmeApplication] = await stack.database.db.select().from(tables.nwApplications).where(eq(tables.nwApplications.id, acme.applicationId));
    // Another IT service unit starts a draft on 03-02; its inspection took place on 03-03, after the draft.
    const other = await registerItUnit(stack, { name: '友好資訊有限公司', businessNumber: makeBusinessNumber(7654321), ownerId: null, contactId: stack.personId('otherCompany') }, 'otherCompany');
    ok(await stack.by('otherCompany')(CREATE, { unitId: other, input: completeApplication(stack) }));
    const clinicId = await clinic();
    const overdue = await confirmed(clinicId, '2026-03-04');
    const later = await confirmed(clinicId, '2026-03-10', 'THIRD_PARTY_ACCESS'); // not yet due on 03-05

    stack.setToday('2026-03-05');
    const inspect = async (unitId: string, inspectedOn: string) =>
      ok(await stack.by('reviewer')(INSPECT, { input: { unitId, inspectedOn, findings: [{ kind: 'INTERNET_BRIDGE', description: '線路另接無線分享器連通網際網路' }] } })).recordNetworkInspection
        .sanction.id as string;
    const acmeBan = await inspect(acme.unitId, '2026-03-01');
    const otherBan = await inspect(other, '2026-03-03');

    const reviewer = await contextOf('reviewer', '2026-03-05');
    const found = await participant.findings(reviewer, { agencyIds: [], on: '2026-03-05' });
    const byRecord = (id: string) => found.find((f) => f.recordId === id);
    expect(found).toHaveLength(4);
    expect(byRecord(acmeBan)).toEqual({
      regime: 'NHI_NET',
      rule: 'NW-8.4',
      kind: 'BANNED_APPLICANT',
      severity: 'HIGH',
      agencyId: null,
      personId: stack.personId('acmeOwner'),
      since: '2026-03-01',
      summary: `${ACME.name} was disconnected after the inspection of 2026-03-01 and may not apply to the network again before 2028-03-01`,
      recordId: acmeBan,
    });
    expect(byRecord(acme.applicationId)).toEqual({
      regime: 'NHI_NET',
      rule: 'NW-8.4',
      kind: 'BANNED_APPLICANT',
      severity: 'HIGH',
      agencyId: null,
      personId: stack.personId('acmeOwner'),
      since: '2026-03-02',
      summary: `${ACME.name} made application ${acmeApplication!.number} (submitted) on 2026-03-02, during its ban from 2026-03-01 to 2028-03-01: it is to be refused`,
      recordId: acme.applicationId,
    });
    // The other unit's draft came before its ban: only the ban is a finding; it has no owner, so its contact is named.
    expect(byRecord(otherBan)).toMatchObject({ kind: 'BANNED_APPLICANT', personId: stack.personId('otherCompany'), since: '2026-03-03' });
    expect(byRecord(overdue)).toEqual({
      regime: 'NHI_NET',
      rule: 'NW-8.2',
      kind: 'SUSPENSION_NOT_ENFORCED',
      severity: 'HIGH',
      agencyId: null,
      personId: stack.personId('otherCompany'),
      since: '2026-03-05',
      summary: '安南診所 did not remedy COMMERCIAL_ACTIVITY by 2026-03-04, and its lines have not been suspended (at least two years)',
      recordId: overdue,
    });

    // Nobody else sees them, whatever agencies are named.
    for (const who of ['acmeContact', 'acmeOwner', 'otherCompany', 'nhiClerk', 'chief', 'khLabour'] as const) {
      expect(await participant.findings(await contextOf(who, '2026-03-05'), { agencyIds: [stack.fixture.agency.health], on: '2026-03-05' })).toEqual([]);
    }

    // Dealt with: the suspension decided, the application refused. The bans remain until they end.
    ok(await stack.by('reviewer')(ENFORCE));
    ok(await stack.by('reviewer')(`mutation($id: ID!) { rejectNetworkApplication(id: $id, note: "NW-8.4 禁止申請期間") { id } }`, { id: acme.applicationId }));
    expect((await participant.findings(reviewer, { agencyIds: [], on: '2026-03-05' })).map((f) => f.recordId).sort()).toEqual([acmeBan, otherBan].sort());
    // Two years on, ACME's ban has ended and the other's runs one more day; the second deadline, never dealt with, is still reported.
    stack.setToday('2028-03-02');
    const twoYearsOn = await contextOf('reviewer', '2028-03-02');
    expect((await participant.findings(twoYearsOn, { agencyIds: [], on: '2028-03-02' })).map((f) => [f.kind, f.recordId, f.since])).toEqual([
      ['BANNED_APPLICANT', otherBan, '2026-03-03'],
      ['SUSPENSION_NOT_ENFORCED', later, '2026-03-11'],
    ]);
    expect((await participant.findings(twoYearsOn, { agencyIds: [], on: '2028-03-03' })).map((f) => f.recordId)).toEqual([later]);
  });

  it('changes nothing when a unit’s contact leaves: the unit, its draft and its records are the unit’s', async () => {
    const unitId = await registerItUnit(stack);
    const draftId = ok(await stack.by('acmeContact')(CREATE, { unitId, input: { companyName: ACME.name } })).createNetworkApplication.id as string;
    const before = {
      unit: await stack.database.db.select().from(tables.nwUnits).where(eq(tables.nwUnits.id, unitId)),
      application: await stack.database.db.select().from(tables.nwApplications).where(eq(tables.nwApplications.id, draftId)),
    };
    const change = {
      id: randomUUID(),
      personId: stack.personId('acmeContact'),
      kind: 'RESIGNED' as const,
      effectiveOn: '2026-03-02',
      reason: '離職',
      byId: null,
      at: new Date('2026-03-02T10:00:00+08:00'),
    };
    expect(participant.offboardTiming).toBe('ON_DATE');
    expect(participant.purge).toBeUndefined();
    for (let run = 0; run < 2; run++) {
      expect(await stack.database.db.transaction((tx) => participant.offboard(tx, change))).toEqual([]);
    }
    expect(await stack.database.db.select().from(tables.nwUnits).where(eq(tables.nwUnits.id, unitId))).toEqual(before.unit);
    expect(await stack.database.db.select().from(tables.nwApplications).where(eq(tables.nwApplications.id, draftId))).toEqual(before.application);
    expect(before.application[0]!.status).toBe('DRAFT');
  });

  it('X-3 NW-8.2 lists a unit’s improvement deadline for the NHI’s reviewers only, overdue once it has passed unremedied', async () => {
    const { unitId } = await approvedUnit(stack);
    await confirmed(unitId, '2026-03-31');
    const CALENDAR = `query($filter: CalendarFilter) { complianceCalendar(filter: $filter) { regime rule kind agency { id } subject period dueOn doneOn status mustAct { role agency { id } people { name } } } }`;
    const entry = (status: string) => ({
      regime: 'NHI_NET',
      rule: 'NW-8.2',
      kind: 'IMPROVEMENT_DEADLINE',
      agency: null,
      subject: ACME.name,
      period: '2026-03-31',
      dueOn: '2026-03-31',
      doneOn: null,
      status,
      mustAct: { role: 'NHI_NETWORK_REVIEWER', agency: null, people: [{ name: '洪審查' }] },
    });
    expect(ok(await stack.by('reviewer')(CALENDAR, {})).complianceCalendar).toEqual([entry('DUE')]);
    for (const who of ['acmeContact', 'acmeOwner', 'nhiClerk', 'chief'] as const) {
      expect(ok(await stack.by(who)(CALENDAR, { filter: { regime: 'NHI_NET' } })).complianceCalendar).toEqual([]);
    }
    stack.setToday('2026-04-01');
    expect(ok(await stack.by('reviewer')(CALENDAR, { filter: { regime: 'NHI_NET' } })).complianceCalendar).toEqual([entry('OVERDUE')]);
    // Once the suspension is decided, it is done on that day.
    ok(await stack.by('reviewer')(ENFORCE));
    expect(ok(await stack.by('reviewer')(CALENDAR, { filter: { regime: 'NHI_NET' } })).complianceCalendar).toEqual([]);
    expect(ok(await stack.by('reviewer')(CALENDAR, { filter: { regime: 'NHI_NET', status: ['DONE'] } })).complianceCalendar).toEqual([{ ...entry('DONE'), doneOn: '2026-04-01' }]);
  });

  it('X-3 NW-8.4 NW-8.2 reports a banned unit and a suspension not yet decided, with the unit’s owner, to the NHI’s reviewers only', async () => {
    const { unitId } = await approvedUnit(stack);
    const violation = await confirmed(unitId, '2026-03-04');
    const clinicId = await clinic();
    stack.setToday('2026-03-05');
    const ban = ok(
      await stack.by('reviewer')(INSPECT, { input: { unitId: clinicId, inspectedOn: '2026-03-05', findings: [{ kind: 'THIRD_PARTY_ACCESS', description: '他院透過本線路連入' }] } }),
    ).recordNetworkInspection.sanction.id;
    const FINDINGS = `query($filter: FindingFilter) { complianceFindings(filter: $filter) { totalCount high medium low edges { node { regime rule kind severity agency { id } person { name } since summary recordId } } } }`;
    const found = ok(await stack.by('reviewer')(FINDINGS, {})).complianceFindings;
    expect(found).toMatchObject({ totalCount: 3, high: 2, medium: 1, low: 0 });
    // Most severe first, then oldest, then by kind.
    expect(found.edges.map((e: { node: unknown }) => e.node)).toEqual([
      {
        regime: 'NHI_NET',
        rule: 'NW-8.4',
        kind: 'BANNED_APPLICANT',
        severity: 'HIGH',
        agency: null,
        person: { name: '施他司' },
        since: '2026-03-05',
        summary: '安南診所 was disconnected after the inspection of 2026-03-05 and may not apply to the network again before 2028-03-05',
        recordId: ban,
      },
      {
        regime: 'NHI_NET',
        rule: 'NW-8.2',
        kind: 'SUSPENSION_NOT_ENFORCED',
        severity: 'HIGH',
        agency: null,
        person: { name: '簡負責' },
        since: '2026-03-05',
        summary: `${ACME.name} did not remedy COMMERCIAL_ACTIVITY by 2026-03-04, and its lines have not been suspended (at least two years)`,
        recordId: violation,
      },
      // The compliance subgraph's own reading of the overdue calendar entry: the unit did not improve in time.
      expect.objectContaining({ regime: 'NHI_NET', rule: 'NW-8.2', kind: 'IMPROVEMENT_DEADLINE_OVERDUE', severity: 'MEDIUM', agency: null, since: '2026-03-04' }),
    ]);
    // By person: the unit's owner.
    const owners = ok(await stack.by('reviewer')(FINDINGS, { filter: { personId: stack.personId('acmeOwner') } })).complianceFindings;
    expect(owners.edges.map((e: { node: { recordId: string } }) => e.node.recordId)).toEqual([violation]);
    // Nobody else: not the units' staff, not the NHI's clerk, not a city's chief administrator.
    for (const who of ['acmeContact', 'acmeOwner', 'otherCompany', 'nhiClerk', 'chief'] as const) {
      expect(ok(await stack.by(who)(FINDINGS, { filter: { regime: 'NHI_NET' } })).complianceFindings).toMatchObject({ totalCount: 0, edges: [] });
    }
  });
});
