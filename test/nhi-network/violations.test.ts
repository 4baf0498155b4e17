import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { APPLY_LINE, approvedUnit, completeApplication, CREATE, failed, line, nwStack, ok, SUBMIT, UNIT } from '../helpers/nhi-network.ts';

const stack = nwStack();
const counts = async () => ({
  violations: (await stack.database.db.select({ n: count() }).from(tables.nwViolations))[0]!.n,
  sanctions: (await stack.database.db.select({ n: count() }).from(tables.nwSanctions))[0]!.n,
});
const REPORT = `mutation($input: NetworkViolationReportInput!) { reportNetworkViolation(input: $input) { id kind source status reporterName occurredOn recordedBy { name } unit { name } } }`;
const CONFIRM = `mutation($id: ID!, $input: ConfirmNetworkViolationInput!) { confirmNetworkViolation(id: $id, input: $input) { id status confirmedOn improvementDeadline confirmedBy { name } } }`;
const REMEDY = `mutation($id: ID!, $on: Date!) { recordNetworkRemedy(id: $id, remediedOn: $on) { id status remediedOn } }`;
const DISMISS = `mutation($id: ID!, $note: String!) { dismissNetworkViolation(id: $id, note: $note) { id status note } }`;
const ENFORCE = `mutation($on: Date, $years: Int) { enforceNetworkDeadlines(on: $on, years: $years) { kind rule from until unit { name status sanctionedUntil } line { status } violation { status kind } decidedBy { name } } }`;
const OVERDUE = `query($on: Date) { nhiNetworkOverdueImprovements(on: $on) { id improvementDeadline unit { name } } }`;
const INSPECT = `mutation($input: NetworkInspectionInput!) { recordNetworkInspection(input: $input) { inspectedOn violations { kind source status } sanction { kind rule from until line { status } } unit { status mayApplyFrom } } }`;

async function unitWithLine() {
  const { unitId, applicationId } = await approvedUnit(stack);
  const lineId = ok(await stack.by('acmeContact')(APPLY_LINE, { input: line(unitId) })).applyForNetworkLine.id;
  ok(await stack.by('reviewer')(`mutation($id: ID!) { activateNetworkLine(id: $id) { id } }`, { id: lineId }));
  return { unitId, applicationId, lineId };
}

const report = (unitId: string, extra: Record<string, unknown> = {}) => ({
  unitId,
  kind: 'COMMERCIAL_ACTIVITY',
  reporterName: '高雄某診所 陳院長',
  reporterContact: '07-1234567',
  description: '透過健保資訊網向院所推銷非健保相關之商業軟體',
  occurredOn: '2026-02-20',
  ...extra,
});

describe('violations, suspensions and bans', () => {
  it('NW-7 records reports of forbidden use against a unit; the NHI’s reviewers only, bad input refused whole', async () => {
    const { unitId } = await unitWithLine();
    const recorded = ok(await stack.by('reviewer')(REPORT, { input: report(unitId) })).reportNetworkViolation;
    expect(recorded).toMatchObject({ kind: 'COMMERCIAL_ACTIVITY', source: 'REPORT', status: 'REPORTED', reporterName: '高雄某診所 陳院長', recordedBy: { name: '洪審查' } });
    for (const kind of ['SCANNING_OR_HARVESTING', 'THIRD_PARTY_ACCESS', 'TRAFFIC_INTERFERENCE', 'INTERNET_BRIDGE', 'OTHER_SECURITY', 'DUTY_NOT_MET']) {
      ok(await stack.by('reviewer')(REPORT, { input: report(unitId, { kind, reporterName: null }) }));
    }
    failed(await stack.by('acmeContact')(REPORT, { input: report(unitId) }), 'FORBIDDEN');
    const bad = failed(await stack.by('reviewer')(REPORT, { input: report(unitId, { description: 'x', occurredOn: '2026-03-03' }) }), 'BAD_USER_INPUT');
    expect(bad.extensions!.violations.map((v: { field: string }) => v.field)).toEqual(['input.description', 'input.occurredOn']);
    failed(await stack.by('reviewer')(REPORT, { input: report(unitId, { kind: 'LOITERING' }) }), 'BAD_USER_INPUT');
    expect(await counts()).toEqual({ violations: 7, sanctions: 0 });
    // The unit's staff see what was recorded against it; others do not.
    expect(ok(await stack.by('acmeOwner')(UNIT, { id: unitId })).nhiNetworkUnit.violations).toHaveLength(7);
    expect(ok(await stack.by('otherCompany')(UNIT, { id: unitId })).nhiNetworkUnit).toBeNull();
  });

  it('NW-8.2 a confirmed named report sets a deadline; unremedied past it, the line is suspended for at least two years', async () => {
    const { unitId, lineId } = await unitWithLine();
    const id = ok(await stack.by('reviewer')(REPORT, { input: report(unitId) })).reportNetworkViolation.id;
    failed(await stack.by('reviewer')(CONFIRM, { id, input: { improvementDeadline: '2026-03-02' } }), 'BAD_USER_INPUT');
    const confirmed = ok(await stack.by('reviewer')(CONFIRM, { id, input: { improvementDeadline: '2026-04-01' } })).confirmNetworkViolation;
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', confirmedOn: '2026-03-02', improvementDeadline: '2026-04-01', confirmedBy: { name: '洪審查' } });
    failed(await stack.by('reviewer')(CONFIRM, { id, input: { improvementDeadline: '2026-05-01' } }), 'CONFLICT');

    // On the deadline itself nothing is due yet.
    stack.setToday('2026-04-01');
    expect(ok(await stack.by('reviewer')(OVERDUE, { on: '2026-04-01' })).nhiNetworkOverdueImprovements).toEqual([]);
    expect(ok(await stack.by('reviewer')(ENFORCE, { on: '2026-04-01' })).enforceNetworkDeadlines).toEqual([]);
    // The day after, it is: the listing shows it; fewer than two years is refused.
    stack.setToday('2026-04-02');
    expect(ok(await stack.by('reviewer')(OVERDUE, {})).nhiNetworkOverdueImprovements).toMatchObject([{ id, improvementDeadline: '2026-04-01' }]);
    failed(await stack.by('reviewer')(ENFORCE, { years: 1 }), 'RULE_VIOLATION', 'NW-8.2');
    failed(await stack.by('acmeContact')(ENFORCE, {}), 'FORBIDDEN');
    expect(await counts()).toEqual({ violations: 1, sanctions: 0 });
    const [suspension] = ok(await stack.by('reviewer')(ENFORCE, {})).enforceNetworkDeadlines;
    expect(suspension).toMatchObject({
      kind: 'SUSPENSION',
      rule: 'NW-8.2',
      from: '2026-04-02',
      until: '2028-04-02',
      unit: { status: 'SUSPENDED', sanctionedUntil: '2028-04-02' },
      line: { status: 'SUSPENDED' },
      violation: { status: 'SANCTIONED' },
      decidedBy: { name: '洪審查' },
    });
    // Once: a second run finds nothing; a late remedy is refused; the suspended unit gets no new line.
    expect(ok(await stack.by('reviewer')(ENFORCE, {})).enforceNetworkDeadlines).toEqual([]);
    failed(await stack.by('reviewer')(REMEDY, { id, on: '2026-04-02' }), 'CONFLICT');
    failed(await stack.by('acmeContact')(APPLY_LINE, { input: line(unitId) }), 'RULE_VIOLATION', 'NW-8.2');
    const unit = ok(await stack.by('acmeContact')(UNIT, { id: unitId })).nhiNetworkUnit;
    expect(unit.lines).toMatchObject([{ id: lineId, status: 'SUSPENDED' }]);
    expect(unit.sanctions).toMatchObject([{ kind: 'SUSPENSION', rule: 'NW-8.2', from: '2026-04-02', until: '2028-04-02' }]);
    // Two years on, the suspension has run.
    stack.setToday('2028-04-02');
    expect(ok(await stack.by('acmeContact')(UNIT, { id: unitId })).nhiNetworkUnit).toMatchObject({ status: 'APPROVED', sanctionedUntil: null });
  });

  it('NW-8.2 a suspension may be longer than two years; a remedy in time, a dismissal or an anonymous report suspends nothing', async () => {
    const { unitId } = await unitWithLine();
    const longer = ok(await stack.by('reviewer')(REPORT, { input: report(unitId) })).reportNetworkViolation.id;
    const remedied = ok(await stack.by('reviewer')(REPORT, { input: report(unitId, { kind: 'THIRD_PARTY_ACCESS' }) })).reportNetworkViolation.id;
    const dismissed = ok(await stack.by('reviewer')(REPORT, { input: report(unitId, { kind: 'OTHER_SECURITY' }) })).reportNetworkViolation.id;
    const anonymous = ok(await stack.by('reviewer')(REPORT, { input: report(unitId, { reporterName: null }) })).reportNetworkViolation.id;
    for (const id of [longer, remedied]) ok(await stack.by('reviewer')(CONFIRM, { id, input: { improvementDeadline: '2026-03-31' } }));
    failed(await stack.by('reviewer')(CONFIRM, { id: anonymous, input: { improvementDeadline: '2026-03-31' } }), 'RULE_VIOLATION', 'NW-8.2');
    // A remedy is recorded once it is made (not ahead of today): on 1 April, one day past the deadline.
    stack.setToday('2026-04-01');
    failed(await stack.by('reviewer')(REMEDY, { id: remedied, on: '2026-04-01' }), 'RULE_VIOLATION', 'NW-8.2');
    expect(ok(await stack.by('reviewer')(REMEDY, { id: remedied, on: '2026-03-20' })).recordNetworkRemedy).toMatchObject({ status: 'REMEDIED', remediedOn: '2026-03-20' });
    failed(await stack.by('reviewer')(DISMISS, { id: dismissed, note: ' ' }), 'BAD_USER_INPUT');
    expect(ok(await stack.by('reviewer')(DISMISS, { id: dismissed, note: '查無實據' })).dismissNetworkViolation).toMatchObject({ status: 'DISMISSED', note: '查無實據' });
    stack.setToday('2026-05-01');
    const sanctions = ok(await stack.by('reviewer')(ENFORCE, { years: 3 })).enforceNetworkDeadlines;
    expect(sanctions).toHaveLength(1);
    expect(sanctions[0]).toMatchObject({ from: '2026-05-01', until: '2029-05-01', violation: { kind: 'COMMERCIAL_ACTIVITY' } });
  });

  it('NW-8.4 a violation found in an inspection disconnects the line at once, revokes the approval, and applications in the next two years are refused', async () => {
    const { unitId, applicationId, lineId } = await unitWithLine();
    failed(await stack.by('acmeContact')(INSPECT, { input: { unitId, inspectedOn: '2026-03-01', findings: [] } }), 'FORBIDDEN');
    // An inspection that finds nothing records nothing.
    expect(ok(await stack.by('reviewer')(INSPECT, { input: { unitId, inspectedOn: '2026-02-01', findings: [] } })).recordNetworkInspection).toMatchObject({ violations: [], sanction: null });
    const bad = failed(await stack.by('reviewer')(INSPECT, { input: { unitId, inspectedOn: '2026-04-01', findings: [{ kind: 'INTERNET_BRIDGE', description: '' }] } }), 'BAD_USER_INPUT');
    expect(bad.extensions!.violations.map((v: { field: string }) => v.field)).toEqual(['input.inspectedOn', 'input.findings.0.description']);
    expect(await counts()).toEqual({ violations: 0, sanctions: 0 });

    const inspection = ok(
      await stack.by('reviewer')(INSPECT, {
        input: {
          unitId,
          inspectedOn: '2026-03-01',
          findings: [
            { kind: 'INTERNET_BRIDGE', description: '線路另接無線分享器連通網際網路' },
            { kind: 'THIRD_PARTY_ACCESS', description: '友好資訊人員透過本線路連入' },
          ],
        },
      }),
    ).recordNetworkInspection;
    expect(inspection).toMatchObject({
      inspectedOn: '2026-03-01',
      violations: [
        { kind: 'INTERNET_BRIDGE', source: 'INSPECTION', status: 'SANCTIONED' },
        { kind: 'THIRD_PARTY_ACCESS', source: 'INSPECTION', status: 'SANCTIONED' },
      ],
      sanction: { kind: 'DISCONNECTION', rule: 'NW-8.4', from: '2026-03-01', until: '2028-03-01', line: { status: 'DISCONNECTED' } },
      unit: { status: 'BANNED', mayApplyFrom: '2028-03-01' },
    });
    const unit = ok(await stack.by('acmeContact')(UNIT, { id: unitId })).nhiNetworkUnit;
    expect(unit.lines).toMatchObject([{ id: lineId, status: 'DISCONNECTED', endedOn: '2026-03-01' }]);

    // A new line, or a new application, within two years: refused with the day it may apply again.
    const lineRefused = failed(await stack.by('acmeContact')(APPLY_LINE, { input: line(unitId) }), 'RULE_VIOLATION', 'NW-8.4');
    expect(lineRefused.extensions!.mayApplyFrom).toBe('2028-03-01');
    // The approval is revoked with the disconnection: it neither counts as an open application nor approves the unit again.
    expect(unit.applications).toEqual([{ id: applicationId, status: 'REVOKED' }]);
    stack.setToday('2028-02-29');
    const refused = failed(await stack.by('acmeContact')(CREATE, { unitId, input: completeApplication(stack) }), 'RULE_VIOLATION', 'NW-8.4');
    expect(refused.message).toMatch(/may not apply again before 2028-03-01/);
    expect(refused.extensions!.mayApplyFrom).toBe('2028-03-01');
    // From that day it may; the ban over, the unit is not approved again without a new application.
    stack.setToday('2028-03-01');
    expect(ok(await stack.by('acmeContact')(UNIT, { id: unitId })).nhiNetworkUnit).toMatchObject({ status: 'REGISTERED', mayApplyFrom: null, applications: [{ status: 'REVOKED' }] });
    failed(await stack.by('acmeContact')(APPLY_LINE, { input: line(unitId) }), 'RULE_VIOLATION', 'NW-5.3');
    const id = ok(await stack.by('acmeContact')(CREATE, { unitId, input: completeApplication(stack) })).createNetworkApplication.id;
    expect(ok(await stack.by('acmeContact')(SUBMIT, { id })).submitNetworkApplication.status).toBe('SUBMITTED');
  });

  it('NW-8.4 a draft cannot be submitted, nor a submitted application approved, while the unit is banned', async () => {
    const { unitId } = await unitWithLine();
    await stack.database.db.update(tables.nwApplications).set({ status: 'REJECTED' });
    const draftId = ok(await stack.by('acmeContact')(CREATE, { unitId, input: completeApplication(stack) })).createNetworkApplication.id;
    ok(await stack.by('reviewer')(INSPECT, { input: { unitId, inspectedOn: '2026-03-02', findings: [{ kind: 'SCANNING_OR_HARVESTING', description: '掃描其他院所主機' }] } }));
    failed(await stack.by('acmeContact')(SUBMIT, { id: draftId }), 'RULE_VIOLATION', 'NW-8.4');
    await stack.database.db.update(tables.nwApplications).set({ status: 'SUBMITTED' }).where(eq(tables.nwApplications.id, draftId));
    failed(await stack.by('reviewer')(`mutation($id: ID!) { approveNetworkApplication(id: $id, input: { replyNumber: "X" }) { id } }`, { id: draftId }), 'RULE_VIOLATION', 'NW-8.4');
  });
  it('NW-8.2 refuses to enforce deadlines as of a day to come: the line stays, and a remedy by the deadline is then taken', async () => {
    const { unitId, lineId } = await unitWithLine();
    const id = ok(await stack.by('reviewer')(REPORT, { input: report(unitId) })).reportNetworkViolation.id;
    ok(await stack.by('reviewer')(CONFIRM, { id, input: { improvementDeadline: '2026-03-31' } }));
    const refused = failed(await stack.by('reviewer')(ENFORCE, { on: '2026-04-15' }), 'BAD_USER_INPUT');
    expect(refused.extensions!.violations.map((v: { field: string }) => v.field)).toEqual(['on']);
    expect(await counts()).toEqual({ violations: 1, sanctions: 0 });
    expect(ok(await stack.by('acmeContact')(UNIT, { id: unitId })).nhiNetworkUnit).toMatchObject({ status: 'APPROVED', lines: [{ id: lineId, status: 'ACTIVE' }] });
    // NW-8.4: nor is an inspection recorded for a day to come.
    const inspection = failed(
      await stack.by('reviewer')(INSPECT, { input: { unitId, inspectedOn: '2026-03-03', findings: [{ kind: 'INTERNET_BRIDGE', description: '線路另接無線分享器連通網際網路' }] } }),
      'BAD_USER_INPUT',
    );
    expect(inspection.extensions!.violations.map((v: { field: string }) => v.field)).toEqual(['input.inspectedOn']);
    // The unit remedies in time; once the deadline has passed, nothing is due.
    stack.setToday('2026-03-20');
    expect(ok(await stack.by('reviewer')(REMEDY, { id, on: '2026-03-20' })).recordNetworkRemedy).toMatchObject({ status: 'REMEDIED' });
    stack.setToday('2026-04-15');
    expect(ok(await stack.by('reviewer')(ENFORCE, {})).enforceNetworkDeadlines).toEqual([]);
    expect(await counts()).toEqual({ violations: 1, sanctions: 0 });
  });

  it('NW-8.2 the reporter’s name is shown to the NHI’s reviewers only, never to the reported unit’s staff', async () => {
    const { unitId } = await unitWithLine();
    const id = ok(await stack.by('reviewer')(REPORT, { input: report(unitId) })).reportNetworkViolation.id;
    ok(await stack.by('reviewer')(CONFIRM, { id, input: { improvementDeadline: '2026-03-31' } }));
    stack.setToday('2026-04-01');
    ok(await stack.by('reviewer')(ENFORCE, {}));
    const VIOLATIONS = `query($id: ID!) { nhiNetworkUnit(id: $id) { violations { id reporterName } sanctions { violation { reporterName } } } }`;
    for (const who of ['acmeContact', 'acmeOwner'] as const) {
      expect(ok(await stack.by(who)(VIOLATIONS, { id: unitId })).nhiNetworkUnit).toEqual({ violations: [{ id, reporterName: null }], sanctions: [{ violation: { reporterName: null } }] });
    }
    expect(ok(await stack.by('reviewer')(VIOLATIONS, { id: unitId })).nhiNetworkUnit).toEqual({
      violations: [{ id, reporterName: '高雄某診所 陳院長' }],
      sanctions: [{ violation: { reporterName: '高雄某診所 陳院長' } }],
    });
  });

  it('NW-8.2 a suspension records every line it suspends, and NW-8.4 a disconnection every line it disconnects', async () => {
    const REGISTER_CLINIC = `mutation($input: RegisterNetworkUnitInput!) { registerNetworkUnit(input: $input) { id } }`;
    const clinicWithLines = async (name: string, institutionCode: string) => {
      const unitId = ok(await stack.by('otherCompany')(REGISTER_CLINIC, { input: { kind: 'MEDICAL_INSTITUTION', name, institutionCode, contractNumber: `NHI-${institutionCode}` } })).registerNetworkUnit.id;
      const lineIds: string[] = [];
      for (const connection of ['FIXED_BROADBAND', 'LEASED_LINE']) {
        lineIds.push(ok(await stack.by('otherCompany')(APPLY_LINE, { input: line(unitId, { connection, installationAddress: '臺南市安南區安中路一段1號' }) })).applyForNetworkLine.id);
      }
      return { unitId, lineIds };
    };
    const SANCTION = `kind lines { id status } line { id }`;
    // Both lines were applied for at the same instant: compared in the order of their ids.
    const sorted = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
    const suspended = await clinicWithLines('安南診所', '3521010011');
    const id = ok(await stack.by('reviewer')(REPORT, { input: report(suspended.unitId) })).reportNetworkViolation.id;
    ok(await stack.by('reviewer')(CONFIRM, { id, input: { improvementDeadline: '2026-03-31' } }));
    stack.setToday('2026-04-01');
    const [suspension] = ok(await stack.by('reviewer')(`mutation { enforceNetworkDeadlines { ${SANCTION} } }`)).enforceNetworkDeadlines;
    expect(suspension.kind).toBe('SUSPENSION');
    expect(sorted(suspension.lines)).toEqual(sorted(suspended.lineIds.map((lineId) => ({ id: lineId, status: 'SUSPENDED' }))));
    expect(suspended.lineIds).toContain(suspension.line.id);

    const disconnected = await clinicWithLines('安北診所', '3521010022');
    const inspection = ok(
      await stack.by('reviewer')(`mutation($input: NetworkInspectionInput!) { recordNetworkInspection(input: $input) { sanction { ${SANCTION} } } }`, {
        input: { unitId: disconnected.unitId, inspectedOn: '2026-04-01', findings: [{ kind: 'THIRD_PARTY_ACCESS', description: '他院透過本線路連入' }] },
      }),
    ).recordNetworkInspection;
    expect(inspection.sanction.kind).toBe('DISCONNECTION');
    expect(sorted(inspection.sanction.lines)).toEqual(sorted(disconnected.lineIds.map((lineId) => ({ id: lineId, status: 'DISCONNECTED' }))));
    // The unit's staff see the same.
    const seen = ok(await stack.by('otherCompany')(`query($id: ID!) { nhiNetworkUnit(id: $id) { sanctions { ${SANCTION} } } }`, { id: disconnected.unitId })).nhiNetworkUnit;
    expect(sorted(seen.sanctions[0].lines).map((l) => l.id)).toEqual([...disconnected.lineIds].sort());
  });
});
