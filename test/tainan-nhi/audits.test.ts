import { describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { tables } from '@webir/db';
import { taipeiDay } from '@webir/kit';
import { codes } from '../helpers/client.ts';
import { stackWithFreshDirectory } from '../helpers/tainan.ts';

const stack = stackWithFreshDirectory(['social', 'socialCentre']);

const RECORD = `mutation($input: NhiAuditInput!) { recordNhiAudit(input: $input) { id number kind period retainUntil checks { check question result note } findings investigators { unit person { name } } notice auditee { name } auditorHead { name } agency { name } } }`;
const passing = [1, 2, 3, 4, 5].map((check) => ({ check, result: 'PASS' }));
const audits = async () => (await stack.database.db.select({ n: count() }).from(tables.auditRecords))[0]!.n;
const internal = (extra: Record<string, unknown> = {}) => ({
  kind: 'INTERNAL',
  agencyId: stack.fixture.agency.social,
  period: '2026-H1',
  auditUnit: '社會局政風室',
  auditedOn: '2026-07-10',
  checks: passing,
  previousFollowUp: '無不符合項目',
  auditeeId: stack.fixture.person.user,
  auditeeHeadId: stack.fixture.person.supervisor,
  auditorId: stack.fixture.person.socialAdmin,
  auditorHeadId: stack.fixture.person.colleague,
  ...extra,
});

describe('TN-F4 the audit record (附件四)', () => {
  it('TN-F4 records the five checks with results and notes, the follow-up, findings and the four sign-offs', async () => {
    const checks = passing.map((c) => (c.check === 3 ? { check: 3, result: 'FAIL', note: '一名調職人員帳號未於異動時終止' } : c));
    const res = await stack.as('socialAdmin')(RECORD, { input: internal({ checks, findings: '帳號終止延遲', recommendations: '異動當日即通知機關管理者' }) });
    expect(res.errors).toBeUndefined();
    const audit = res.data!.recordNhiAudit;
    expect(audit.checks).toHaveLength(5);
    expect(audit.checks[2]).toEqual({ check: 3, question: '使用者職務異動，是否依規定終止帳號使用權限', result: 'FAIL', note: '一名調職人員帳號未於異動時終止' });
    expect(audit).toMatchObject({ kind: 'INTERNAL', period: '2026-H1', findings: '帳號終止延遲', auditee: { name: '陳使用' }, auditorHead: { name: '黃同事' }, agency: { name: '臺南市政府社會局' } });
  });

  it('TN-F4 refuses a record without all five checks, a failed check unexplained, or no findings, writing nothing', async () => {
    for (const input of [
      internal({ checks: passing.slice(0, 4) }),
      internal({ checks: [...passing.slice(0, 4), { check: 4, result: 'PASS' }] }),
      internal({ checks: passing.map((c) => (c.check === 1 ? { check: 1, result: 'FAIL' } : c)) }),
      internal({ period: '2026' }),
    ]) {
      expect(codes(await stack.as('socialAdmin')(RECORD, { input }))).toEqual(['BAD_USER_INPUT']);
    }
    expect(await audits()).toBe(0);
  });
});

describe('TN-8.2 anomalies investigated by the business, ethics and IT units', () => {
  it('TN-8.2 records an investigation by one person of each unit, and refuses one without them', async () => {
    const investigators = [
      { unit: 'BUSINESS', personId: stack.fixture.person.supervisor },
      { unit: 'ETHICS', personId: stack.fixture.person.colleague },
      { unit: 'IT', personId: stack.fixture.person.socialAdmin },
    ];
    const input = internal({ kind: 'ANOMALY', period: null, findings: '同一對象於一日內查詢 40 次', investigators });
    const ok = await stack.as('socialAdmin')(RECORD, { input });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.recordNhiAudit.investigators.map((i: { unit: string }) => i.unit)).toEqual(['BUSINESS', 'ETHICS', 'IT']);
    const two = await stack.as('socialAdmin')(RECORD, { input: { ...input, investigators: investigators.slice(0, 2) } });
    expect(codes(two)).toEqual(['BAD_USER_INPUT']);
    expect(await audits()).toBe(1);
  });
});

describe('TN-8.3 half-yearly internal audits and yearly audits of subordinate agencies', () => {
  const DUE = `query($on: Date!) { nhiAuditsDue(on: $on) { agency { name } kind period dueOn overdue rule } }`;

  it('TN-8.3 reports the audits due, overdue once their month has passed, and clears each when recorded', async () => {
    const due = await stack.as('chief')(DUE, { on: '2026-08-15' });
    expect(due.data!.nhiAuditsDue).toEqual(
      expect.arrayContaining([
        { agency: { name: '臺南市政府社會局' }, kind: 'INTERNAL', period: '2026-H1', dueOn: '2026-07-31', overdue: true, rule: 'TN-8.3' },
        { agency: { name: '臺南市東區家庭福利服務中心' }, kind: 'INTERNAL', period: '2026-H1', dueOn: '2026-07-31', overdue: true, rule: 'TN-8.3' },
        { agency: { name: '臺南市東區家庭福利服務中心' }, kind: 'SUBORDINATE', period: '2025', dueOn: '2026-01-31', overdue: true, rule: 'TN-8.3' },
      ]),
    );
    expect(due.data!.nhiAuditsDue).toHaveLength(3);
    expect((await stack.as('chief')(DUE, { on: '2026-07-15' })).data!.nhiAuditsDue.filter((d: { kind: string; overdue: boolean }) => d.kind === 'INTERNAL').every((d: { overdue: boolean }) => !d.overdue)).toBe(true);

    expect((await stack.as('socialAdmin')(RECORD, { input: internal() })).errors).toBeUndefined();
    const yearly = internal({ kind: 'SUBORDINATE', period: '2025', agencyId: stack.fixture.agency.socialCentre, auditeeId: stack.fixture.person.centreUser, auditeeHeadId: stack.fixture.person.centreUser });
    expect(codes(await stack.as('districtAdmin')(RECORD, { input: yearly }))).toEqual(['FORBIDDEN']);
    expect((await stack.as('socialAdmin')(RECORD, { input: yearly })).errors).toBeUndefined();
    const left = await stack.as('chief')(DUE, { on: '2026-08-15' });
    expect(left.data!.nhiAuditsDue).toEqual([{ agency: { name: '臺南市東區家庭福利服務中心' }, kind: 'INTERNAL', period: '2026-H1', dueOn: '2026-07-31', overdue: true, rule: 'TN-8.3' }]);
  });
});

describe('TN-8.6 the Health Bureau’s spot checks', () => {
  it('TN-8.6 lets the Health Bureau record a spot check and notify the agency of anomalies', async () => {
    const checks = passing.map((c) => (c.check === 4 ? { check: 4, result: 'FAIL', note: '查詢頻率異常' } : c));
    const input = internal({ kind: 'SPOT_CHECK', period: null, auditUnit: '臺南市政府衛生局', checks, findings: '單一使用者查詢頻率異常', auditorId: stack.fixture.person.auditor, auditorHeadId: stack.fixture.person.chief });
    expect(codes(await stack.as('auditor')(RECORD, { input }))).toEqual(['BAD_USER_INPUT']); // a failed check needs the notice
    const res = await stack.as('auditor')(RECORD, { input: { ...input, notice: '請於 30 日內查處並回報' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordNhiAudit).toMatchObject({ kind: 'SPOT_CHECK', notice: '請於 30 日內查處並回報' });
    const seen = await stack.as('socialAdmin')(`{ nhiAudits(kind: SPOT_CHECK) { notice agency { name } } }`);
    expect(seen.data!.nhiAudits).toEqual([{ notice: '請於 30 日內查處並回報', agency: { name: '臺南市政府社會局' } }]);
  });

  it('TN-8.6 lets no agency administrator record a spot check, and no auditor an agency’s own audit', async () => {
    expect(codes(await stack.as('socialAdmin')(RECORD, { input: internal({ kind: 'SPOT_CHECK', period: null }) }))).toEqual(['FORBIDDEN']);
    expect((await stack.as('auditor')(RECORD, { input: internal() })).errors![0]!.extensions!.rule).toBe('TN-7.4');
    expect(await audits()).toBe(0);
  });
});

describe('retention dates', () => {
  it('TN-8.5 dates each audit record’s retention three years from its making', async () => {
    const res = await stack.as('socialAdmin')(RECORD, { input: internal() });
    expect(taipeiDay(stack.now())).toBe('2026-11-16');
    expect(res.data!.recordNhiAudit.retainUntil).toBe('2029-11-16');
  });
});
