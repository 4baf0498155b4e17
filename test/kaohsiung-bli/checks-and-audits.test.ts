import { describe, expect, it } from 'vitest';
import { makeNationalId } from '@webir/kit';
import { codes } from '../helpers/client.ts';
import {
  APPROVE_REGISTRATION,
  approvedRegistration,
  APPROVE_AGENCY,
  Clock,
  expectBadInput,
  expectCode,
  expectRule,
  FILE_REGISTRATION,
  importUsage,
  khSnapshot,
  khStack,
  makeQuerier,
  ok,
  OTHER_SUBJECT,
  registrationInput,
  SUBJECT,
} from '../helpers/kaohsiung.ts';

/** On a clock this file moves: set up on 2026-01-05, the first quarter of 2026 checked in April. */
const clock = new Clock();
const stack = khStack({ clock, setUpAt: '2026-01-05' });
const THIRD_SUBJECT = makeNationalId('E', 1, 770_003);

const CHECK_FIELDS = `id kind period periodStart periodEnd recordsChecked findings summary investigation sentToBureauOn checker { name } head { name } headReviewedAt agency { name } findingRecords { line finding subjectIdMasked }`;
const RECORD_CHECK = `mutation($input: KhUsageCheckInput!) { recordKhUsageCheck(input: $input) { ${CHECK_FIELDS} } }`;
const RECONCILE = `mutation($input: KhReconcileInput!) { reconcileKhUsage(input: $input) { ${CHECK_FIELDS} } }`;
const ACKNOWLEDGE = `mutation($id: ID!) { acknowledgeKhUsageCheck(id: $id) { ${CHECK_FIELDS} } }`;
const CHECKS = `query($agencyId: ID, $kind: KhUsageCheckKind) { khUsageChecks(agencyId: $agencyId, kind: $kind) { ${CHECK_FIELDS} } }`;
const CHECKS_DUE = `query($on: Date!) { khUsageChecksDue(on: $on) { agency { name } period dueOn status rule actor } }`;
const AUDIT_FIELDS = `id number year auditedOn findings violations recommendation correctedOn correction reviewReportOn reviewReport openViolation auditor { name } agency { name }`;
const RECORD_AUDIT = `mutation($input: KhAuditInput!) { recordKhAudit(input: $input) { ${AUDIT_FIELDS} } }`;
const CORRECT = `mutation($id: ID!, $input: KhCorrectionInput!) { correctKhAudit(id: $id, input: $input) { ${AUDIT_FIELDS} } }`;
const REPORT = `mutation($id: ID!, $input: KhReviewReportInput!) { submitKhReviewReport(id: $id, input: $input) { ${AUDIT_FIELDS} } }`;
const AUDITS = `query($agencyId: ID, $year: Int) { khAudits(agencyId: $agencyId, year: $year) { ${AUDIT_FIELDS} } }`;
const AUDITS_DUE = `query($on: Date!) { khAuditsDue(on: $on) { agency { name } period dueOn status rule actor } }`;

/**
 * The first quarter of 2026 at 社會局: a querier set up in January with one registration approved at
 * once and one approved only on 20 February; then the platform's log, imported in April:
 * line 2 matched (NONE), line 3 no registration (NO_REQUEST), line 4 before its approval
 * (BEFORE_APPROVAL), line 5 a matched query of the second quarter.
 */
async function firstQuarter(): Promise<void> {
  clock.set('2026-01-06');
  await makeQuerier(stack);
  const a = await approvedRegistration(stack);
  const b = ok(await stack.as('khNewcomer')(FILE_REGISTRATION, { input: registrationInput({ subjectId: OTHER_SUBJECT, subjectName: '李小華' }) })).fileKhRegistration;
  clock.set('2026-02-20');
  ok(await stack.as('khSupervisor')(APPROVE_REGISTRATION, { id: b.id }));
  clock.set('2026-04-08');
  const res = ok(
    await importUsage(stack, 'khIt', [
      { at: '2026-02-10T10:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT, registration: a.number },
      { at: '2026-02-11T10:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: THIRD_SUBJECT },
      { at: '2026-02-15T10:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: OTHER_SUBJECT, registration: b.number },
      { at: '2026-04-07T10:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT, registration: a.number },
    ]),
  ).importKhUsage;
  expect(res).toMatchObject({ rows: 4, findings: 2 });
}

const quarterly = (extra: Record<string, unknown> = {}) => ({
  agencyId: stack.fixture.agency.khSocial,
  quarter: '2026-Q1',
  summary: '檢查第一季使用紀錄 3 筆，異常 2 筆',
  investigation: '經查 2 筆查調未先填登記表，已要求查詢者補正並加強宣導',
  sentToBureauOn: '2026-04-10',
  headId: stack.fixture.person.khHead,
  ...extra,
});

describe('KH-3.4 the agency administrator’s quarterly check of usage, sent to the Labour Bureau', () => {
  it('KH-3.4 records the check of an ended quarter with the records and findings it covered, the investigation and the head', async () => {
    await firstQuarter();
    clock.set('2026-04-10');
    const check = ok(await stack.as('khAdmin')(RECORD_CHECK, { input: quarterly() })).recordKhUsageCheck;
    expect(check).toMatchObject({
      kind: 'QUARTERLY',
      period: '2026-Q1',
      periodStart: '2026-01-01',
      recordsChecked: 3,
      findings: 2,
      sentToBureauOn: '2026-04-10',
      checker: { name: '楊機管' },
      head: { name: '謝局長' },
      agency: { name: '高雄市政府社會局' },
    });
    expect(check.periodEnd).toBe('2026-03-31'); // the quarter's last day
    expect(check.findingRecords.map((r: { line: number; finding: string }) => `${r.line} ${r.finding}`).sort()).toEqual(['3 NO_REQUEST', '4 BEFORE_APPROVAL']);
    // Sent to the Labour Bureau: it reads the check.
    const seen = ok(await stack.as('khLabour')(CHECKS, { agencyId: stack.fixture.agency.khSocial, kind: 'QUARTERLY' })).khUsageChecks;
    expect(seen).toEqual([expect.objectContaining({ id: check.id, period: '2026-Q1', findings: 2 })]);
    expect(codes(await stack.as('khAdmin')(RECORD_CHECK, { input: quarterly({ summary: '再次檢查' }) }))).toEqual(['CONFLICT']);
    // Reported to the agency head, who records having read it.
    expect(ok(await stack.as('khHead')(ACKNOWLEDGE, { id: check.id })).acknowledgeKhUsageCheck.headReviewedAt).toEqual(expect.any(String));
  });

  it('KH-3.4 with findings, the check needs the investigation and the head it is reported to; a quarter must have ended; nothing is written', async () => {
    await firstQuarter();
    clock.set('2026-04-10');
    const before = await khSnapshot(stack);
    // Required by the rule when there are findings: no investigation breaks KH-3.4; no head is input naming the field.
    expectRule(await stack.as('khAdmin')(RECORD_CHECK, { input: quarterly({ investigation: null }) }), 'KH-3.4');
    expectBadInput(await stack.as('khAdmin')(RECORD_CHECK, { input: quarterly({ headId: null }) }), ['input.headId']);
    expectBadInput(await stack.as('khAdmin')(RECORD_CHECK, { input: quarterly({ quarter: '2026-Q2' }) }), ['input.quarter']);
    expectBadInput(await stack.as('khAdmin')(RECORD_CHECK, { input: quarterly({ quarter: '2026-Q5' }) }), ['input.quarter']);
    expectBadInput(await stack.as('khAdmin')(RECORD_CHECK, { input: quarterly({ summary: ' ' }) }), ['input.summary']);
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-3.4 only the agency’s administrator records its check: not the IT centre, the Labour Bureau, a querier or the supervisor', async () => {
    await firstQuarter();
    clock.set('2026-04-10');
    const before = await khSnapshot(stack);
    for (const who of ['khIt', 'khLabour'] as const) expectRule(await stack.as(who)(RECORD_CHECK, { input: quarterly() }), 'KH-3.4');
    for (const who of ['khNewcomer', 'khSupervisor'] as const) expectRule(await stack.as(who)(RECORD_CHECK, { input: quarterly() }), 'KH-3.4');
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-3.4 lists each requesting agency’s check as due after the quarter, and overdue a month after it, until it is recorded', async () => {
    await firstQuarter();
    const due = async (on: string) =>
      (ok(await stack.as('khLabour')(CHECKS_DUE, { on })).khUsageChecksDue as { agency: { name: string }; period: string; dueOn: string; status: string; rule: string }[]).filter((d) => d.period === '2026-Q1');
    const april = await due('2026-04-10');
    expect(april).toEqual([expect.objectContaining({ agency: { name: '高雄市政府社會局' }, period: '2026-Q1', status: 'DUE', rule: 'KH-3.4' })]);
    expect(april[0]!.dueOn).toBe('2026-04-30'); // the last day of the month after the quarter
    expect(await due('2026-05-15')).toEqual([expect.objectContaining({ agency: { name: '高雄市政府社會局' }, status: 'OVERDUE', rule: 'KH-3.4' })]);
    clock.set('2026-05-15');
    ok(await stack.as('khAdmin')(RECORD_CHECK, { input: quarterly({ sentToBureauOn: '2026-05-15' }) }));
    expect(await due('2026-05-20')).toEqual([]);
    // 民政局 was never approved: nothing is ever due from it.
    const all = ok(await stack.as('khIt')(CHECKS_DUE, { on: '2026-05-20' })).khUsageChecksDue as { agency: { name: string } }[];
    expect(all.map((d) => d.agency.name)).not.toContain('高雄市政府民政局');
  });
});

describe('KH-6.1 the administrator reconciles usage against the registrations and reports to the agency head', () => {
  const reconcile = (extra: Record<string, unknown> = {}) => ({
    agencyId: stack.fixture.agency.khSocial,
    from: '2026-01-01',
    to: '2026-03-31',
    summary: '比對第一季使用紀錄與查調資料登記表',
    headId: stack.fixture.person.khHead,
    ...extra,
  });

  it('KH-6.1 lists every query of the period without a matching approved registration, reported to the head, who acknowledges it', async () => {
    await firstQuarter();
    clock.set('2026-04-12');
    const check = ok(await stack.as('khAdmin')(RECONCILE, { input: reconcile() })).reconcileKhUsage;
    expect(check).toMatchObject({ kind: 'RECONCILIATION', periodStart: '2026-01-01', periodEnd: '2026-03-31', recordsChecked: 3, findings: 2, head: { name: '謝局長' }, headReviewedAt: null, checker: { name: '楊機管' } });
    expect(check.findingRecords.map((r: { line: number; finding: string }) => `${r.line} ${r.finding}`).sort()).toEqual(['3 NO_REQUEST', '4 BEFORE_APPROVAL']);
    expect(check.findingRecords.every((r: { subjectIdMasked: string }) => /^E\d{2}\*{4}\d{3}$/.test(r.subjectIdMasked))).toBe(true);

    const before = await khSnapshot(stack);
    // The administrator and the Labour Bureau see the check but are not its head; a querier does not see it.
    for (const who of ['khAdmin', 'khLabour'] as const) expectRule(await stack.as(who)(ACKNOWLEDGE, { id: check.id }), 'KH-6.1');
    expectCode(await stack.as('khNewcomer')(ACKNOWLEDGE, { id: check.id }), 'NOT_FOUND');
    expect(await khSnapshot(stack)).toEqual(before);
    const read = ok(await stack.as('khHead')(ACKNOWLEDGE, { id: check.id })).acknowledgeKhUsageCheck;
    expect(read.headReviewedAt).toEqual(expect.any(String));
    expect(ok(await stack.as('khAdmin')(CHECKS, { kind: 'RECONCILIATION' })).khUsageChecks).toEqual([expect.objectContaining({ id: check.id, head: { name: '謝局長' } })]);
  });

  it('KH-6.1 a period with every query registered reconciles with no findings', async () => {
    await firstQuarter();
    clock.set('2026-04-12');
    const check = ok(await stack.as('khAdmin')(RECONCILE, { input: reconcile({ from: '2026-04-01', to: '2026-04-11' }) })).reconcileKhUsage;
    expect(check).toMatchObject({ recordsChecked: 1, findings: 0, findingRecords: [] });
  });

  it('KH-6.1 only the agency administrator reconciles; a head from outside the agency or a reversed period is refused; nothing is written', async () => {
    await firstQuarter();
    clock.set('2026-04-12');
    const before = await khSnapshot(stack);
    for (const who of ['khIt', 'khLabour'] as const) expectRule(await stack.as(who)(RECONCILE, { input: reconcile() }), 'KH-6.1');
    for (const who of ['khNewcomer', 'khClerk'] as const) expectRule(await stack.as(who)(RECONCILE, { input: reconcile() }), 'KH-6.1');
    expectBadInput(await stack.as('khAdmin')(RECONCILE, { input: reconcile({ from: '2026-03-31', to: '2026-01-01' }) }), ['input.to']);
    expectRule(await stack.as('khAdmin')(RECONCILE, { input: reconcile({ headId: stack.fixture.person.khClerk }) }), 'KH-6.1');
    expect(await khSnapshot(stack)).toEqual(before);
  });
});

const audit = (extra: Record<string, unknown> = {}) => ({
  agencyId: stack.fixture.agency.khSocial,
  year: 2026,
  auditedOn: '2026-05-20',
  findings: '抽查 2026 年 1 至 4 月查調紀錄，登記表大致齊備',
  violations: [] as string[],
  recommendation: '無',
  ...extra,
});

describe('KH-6.2 the Labour Bureau audits every requesting agency at least once a year', () => {
  it('KH-6.2 the Labour Bureau records its audit of a requesting agency', async () => {
    clock.set('2026-05-20');
    const res = ok(await stack.as('khLabour')(RECORD_AUDIT, { input: audit() })).recordKhAudit;
    expect(res).toMatchObject({ year: 2026, auditedOn: '2026-05-20', auditor: { name: '洪勞審' }, agency: { name: '高雄市政府社會局' }, violations: [], openViolation: false, recommendation: '無' });
    expect(res.number).toEqual(expect.any(String));
    expect(ok(await stack.as('khAdmin')(AUDITS, { agencyId: stack.fixture.agency.khSocial })).khAudits).toEqual([expect.objectContaining({ id: res.id })]);
    expect(ok(await stack.as('khIt')(AUDITS, { year: 2026 })).khAudits).toHaveLength(1);
  });

  it('KH-6.2 nobody but the Labour Bureau records an audit; an agency never approved is not audited; bad input is named; nothing is written', async () => {
    clock.set('2026-05-20');
    const before = await khSnapshot(stack);
    for (const who of ['khIt', 'khAdmin'] as const) expectRule(await stack.as(who)(RECORD_AUDIT, { input: audit() }), 'KH-6.2');
    expectRule(await stack.as('khLabour')(RECORD_AUDIT, { input: audit({ agencyId: stack.fixture.agency.khCivil }) }), 'KH-6.2');
    expectBadInput(await stack.as('khLabour')(RECORD_AUDIT, { input: audit({ findings: ' ' }) }), ['input.findings']);
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-6.2 lists the year’s audit as due, overdue once the year passed without one, and no longer once recorded', async () => {
    const due = async (on: string, period: string) =>
      (ok(await stack.as('khLabour')(AUDITS_DUE, { on })).khAuditsDue as { agency: { name: string }; period: string; status: string; rule: string }[]).filter((d) => d.period === period);
    expect(await due('2026-06-01', '2026')).toEqual([expect.objectContaining({ agency: { name: '高雄市政府社會局' }, status: 'DUE', rule: 'KH-6.2' })]);
    expect(await due('2027-02-01', '2026')).toEqual([expect.objectContaining({ agency: { name: '高雄市政府社會局' }, status: 'OVERDUE', rule: 'KH-6.2' })]);
    const everyone = ok(await stack.as('khIt')(AUDITS_DUE, { on: '2027-02-01' })).khAuditsDue as { agency: { name: string } }[];
    expect(everyone.map((d) => d.agency.name)).not.toContain('高雄市政府民政局');
    clock.set('2026-05-20');
    ok(await stack.as('khLabour')(RECORD_AUDIT, { input: audit() }));
    expect(await due('2027-02-01', '2026')).toEqual([]);
    // A newly approved agency is due from its first year.
    ok(await stack.as('khLabour')(APPROVE_AGENCY, { input: { agencyId: stack.fixture.agency.khCivil, legalBasis: '戶籍法' } }));
    expect((await due('2026-06-01', '2026')).map((d) => d.agency.name)).toEqual(['高雄市政府民政局']);
  });
});

describe('KH-6.3 a violation is corrected at once and followed by a review report to the Labour Bureau', () => {
  it('KH-6.3 the violation stays open until the agency records both its correction and its review report, in that order', async () => {
    clock.set('2026-05-20');
    const found = ok(await stack.as('khLabour')(RECORD_AUDIT, { input: audit({ violations: ['查詢者調職後帳號未於異動前刪除'], recommendation: '承辦人申誡一次' }) })).recordKhAudit;
    expect(found).toMatchObject({ violations: ['查詢者調職後帳號未於異動前刪除'], openViolation: true });
    const before = await khSnapshot(stack);
    expectRule(await stack.as('khAdmin')(REPORT, { id: found.id, input: { submittedOn: '2026-05-25', report: '檢討報告' } }), 'KH-6.3');
    expect(await khSnapshot(stack)).toEqual(before);

    clock.set('2026-05-21');
    const corrected = ok(await stack.as('khAdmin')(CORRECT, { id: found.id, input: { correctedOn: '2026-05-21', correction: '已刪除該帳號並清查其餘帳號' } })).correctKhAudit;
    expect(corrected).toMatchObject({ correctedOn: '2026-05-21', correction: '已刪除該帳號並清查其餘帳號', openViolation: true });
    clock.set('2026-06-01');
    const reported = ok(await stack.as('khAdmin')(REPORT, { id: found.id, input: { submittedOn: '2026-06-01', report: '職務異動通報流程已修正，並納入每季檢查' } })).submitKhReviewReport;
    expect(reported).toMatchObject({ reviewReportOn: '2026-06-01', openViolation: false });
    expect(ok(await stack.as('khLabour')(AUDITS, { agencyId: stack.fixture.agency.khSocial })).khAudits[0]).toMatchObject({ reviewReport: '職務異動通報流程已修正，並納入每季檢查', openViolation: false });
  });

  it('KH-6.3 only the audited agency’s administrator corrects and reports, with the fields filled in; nothing is written when refused', async () => {
    clock.set('2026-05-20');
    const found = ok(await stack.as('khLabour')(RECORD_AUDIT, { input: audit({ violations: ['登記表未經主管核章即查調'] }) })).recordKhAudit;
    const before = await khSnapshot(stack);
    const input = { correctedOn: '2026-05-20', correction: '已補正' };
    for (const who of ['khLabour', 'khIt'] as const) expectRule(await stack.as(who)(CORRECT, { id: found.id, input }), 'KH-6.3');
    for (const who of ['khNewcomer', 'khClerk'] as const) expectCode(await stack.as(who)(CORRECT, { id: found.id, input }), 'NOT_FOUND');
    expectBadInput(await stack.as('khAdmin')(CORRECT, { id: found.id, input: { correctedOn: '2026-05-20', correction: ' ' } }), ['input.correction']);
    expect(await khSnapshot(stack)).toEqual(before);
  });
});
