import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables } from '@webir/db';
import { makeNationalId } from '@webir/kit';
import { codes } from '../helpers/client.ts';
import { stackWithFreshDirectory } from '../helpers/tainan.ts';

const stack = stackWithFreshDirectory(['social']);

const subject = makeNationalId('D', 2, 123_321);
async function approvedRequest(): Promise<{ id: string; number: string }> {
  const filed = await stack.as('user')(`mutation($input: NhiQueryRequestInput!) { fileNhiQueryRequest(input: $input) { id number } }`, {
    input: { subjectName: '個案', subjectNationalId: subject, items: ['01'], purpose: '資格複查', legalBasis: '社會救助法' },
  });
  await stack.as('supervisor')(`mutation($id: ID!) { approveNhiQueryRequest(id: $id) { id } }`, { id: filed.data!.fileNhiQueryRequest.id });
  return filed.data!.fileNhiQueryRequest;
}

describe('TN-4.3 account clean-up (帳號清查)', () => {
  const CANDIDATES = `query($days: Int) { nhiCleanupCandidates(idleDays: $days) { kind detail person { name } agency { name } permissions { id } } }`;

  it('TN-4.3 finds the accounts of people who resigned, retired or were reassigned, idle users and duplicates', async () => {
    const { db } = stack.database;
    await db.update(tables.people).set({ employmentStatus: 'RESIGNED', employmentStatusEffectiveOn: '2026-06-30' }).where(eq(tables.people.id, stack.fixture.person.colleague));
    // The user also holds an account at the labour bureau: a duplicate.
    await db.insert(tables.permissions).values({ personId: stack.fixture.person.user, agencyId: stack.fixture.agency.labour, regimeCode: 'TN_NHI', role: 'USER', serviceItemId: 'TN_NHI:07', grantedAt: new Date('2026-01-01'), grantReason: 'test' });
    // Grants older than the idle window, and only the user has queried since.
    await db.update(tables.permissions).set({ grantedAt: new Date('2025-01-01') });
    await stack.as('chief')(`mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { rows } }`, {
      input: { fileName: 'recent.csv', csv: `queried_at,myegov_account,item,subject_id\n${stack.now().toISOString()},t.user,01,${subject}` },
    });
    const res = await stack.as('chief')(CANDIDATES, { days: 90 });
    expect(res.errors).toBeUndefined();
    const found = res.data!.nhiCleanupCandidates.map((c: { kind: string; person: { name: string }; agency: { name: string } }) => `${c.kind} ${c.person.name} ${c.agency.name}`).sort();
    expect(found).toEqual(
      [
        'DUPLICATE 陳使用 臺南市政府勞工局',
        'DUPLICATE 陳使用 臺南市政府社會局',
        'IDLE 吳中心 臺南市東區家庭福利服務中心',
        'IDLE 周勞工 臺南市政府勞工局',
        'RESIGNED 黃同事 臺南市政府社會局',
      ].sort(),
    );
  });

  it('TN-4.3 lets the agency administrator see and revoke the candidates of their agencies only', async () => {
    await stack.database.db.update(tables.people).set({ employmentStatus: 'RETIRED', employmentStatusEffectiveOn: '2026-05-01' }).where(eq(tables.people.id, stack.fixture.person.colleague));
    const mine = await stack.as('socialAdmin')(`{ nhiCleanupCandidates(idleDays: 3650) { kind person { name } } }`);
    expect(mine.data!.nhiCleanupCandidates).toEqual([{ kind: 'RETIRED', person: { name: '黃同事' } }]);
    const REVOKE = `mutation($input: RevokeNhiAccountInput!) { revokeNhiAccount(input: $input) { id status revokeReason } }`;
    expect(codes(await stack.as('districtAdmin')(REVOKE, { input: { personId: stack.fixture.person.colleague, agencyId: stack.fixture.agency.social, reason: '退休' } }))).toEqual(['FORBIDDEN']);
    const res = await stack.as('socialAdmin')(REVOKE, { input: { personId: stack.fixture.person.colleague, agencyId: stack.fixture.agency.social, reason: '退休' } });
    expect(res.data!.revokeNhiAccount).toEqual([{ id: expect.any(String), status: 'REVOKED', revokeReason: '帳號清查: 退休' }]);
    expect((await stack.as('socialAdmin')(`{ nhiCleanupCandidates(idleDays: 3650) { kind } }`)).data!.nhiCleanupCandidates).toEqual([]);
    expect(codes(await stack.as('socialAdmin')(REVOKE, { input: { personId: stack.fixture.person.colleague, agencyId: stack.fixture.agency.social, reason: '退休' } }))).toEqual(['CONFLICT']);
  });

  it('TN-4.3 refuses an idle window out of range', async () => {
    expect(codes(await stack.as('chief')(CANDIDATES, { days: 0 }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('TN-4.4 administrator handover (移交)', () => {
  it('TN-4.4 records the roster and query records handed to the successor, with the date and both parties', async () => {
    await approvedRequest();
    const res = await stack.as('socialAdmin')(`mutation($input: NhiHandoverInput!) { recordNhiHandover(input: $input) { handedOverOn from { name } to { name } queryRequests usageRecords roster { name role item } } }`, {
      input: { agencyId: stack.fixture.agency.social, toId: stack.fixture.person.supervisor, handedOverOn: '2026-09-01', note: '名冊及查詢紀錄列冊移交' },
    });
    expect(res.errors).toBeUndefined();
    const handover = res.data!.recordNhiHandover;
    expect(handover).toMatchObject({ handedOverOn: '2026-09-01', from: { name: '林社管' }, to: { name: '張科長' }, queryRequests: 1, usageRecords: 0 });
    expect(handover.roster).toHaveLength(4);
    expect(codes(await stack.as('user')(`mutation($input: NhiHandoverInput!) { recordNhiHandover(input: $input) { id } }`, { input: { agencyId: stack.fixture.agency.social, toId: stack.fixture.person.supervisor } }))).toEqual(['FORBIDDEN']);
    const seen = await stack.as('supervisor')(`{ nhiHandovers { to { name } } }`);
    expect(seen.data!.nhiHandovers).toEqual([{ to: { name: '張科長' } }]);
  });
});

describe('TN-5.1 change of chief administrator', () => {
  it('TN-5.1 hands the role over (exactly one holds it) and records the report to the platform', async () => {
    const CHANGE = `mutation($input: NhiChiefChangeInput!) { changeNhiChiefAdministrator(input: $input) { from { name } to { name } reportedOn reportReference } }`;
    expect(codes(await stack.as('socialAdmin')(CHANGE, { input: { toId: stack.fixture.person.auditor } }))).toEqual(['FORBIDDEN']);
    expect((await stack.as('chief')(CHANGE, { input: { toId: stack.fixture.person.user } })).errors![0]!.extensions!.rule).toBe('TN-3.1');
    // The former chief no longer sees the directory as chief: the names are read back as the new one.
    const res = await stack.as('chief')(`mutation($input: NhiChiefChangeInput!) { changeNhiChiefAdministrator(input: $input) { reportedOn reportReference } }`, { input: { toId: stack.fixture.person.auditor, reportedOn: '2026-10-02', reportReference: '府衛字第 1150000001 號' } });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data!.changeNhiChiefAdministrator).toEqual({ reportedOn: '2026-10-02', reportReference: '府衛字第 1150000001 號' });
    const recorded = await stack.as('auditor')(`{ nhiChiefChanges { from { name } to { name } reportedOn reportReference } }`);
    expect(recorded.data!.nhiChiefChanges).toEqual([{ from: { name: '王總管' }, to: { name: '李稽核' }, reportedOn: '2026-10-02', reportReference: '府衛字第 1150000001 號' }]);
    const chiefs = await stack.as('auditor')(`{ permissions(filter: { regime: "TN_NHI", role: "CHIEF_ADMIN", status: ACTIVE }) { edges { node { person { name } } } } }`);
    expect(chiefs.data!.permissions.edges).toEqual([{ node: { person: { name: '李稽核' } } }]);
    expect((await stack.as('user')(`{ nhiChiefChanges { effectiveOn } }`)).data!.nhiChiefChanges).toHaveLength(1);
  });
});

describe('TN-7.6 destruction of retained results', () => {
  it('TN-7.6 records the destruction against the request, by the requester or their supervisor', async () => {
    const request = await approvedRequest();
    const DESTROY = `mutation($input: NhiDestructionInput!) { recordNhiDestruction(input: $input) { destroyedOn method recordedBy { name } } }`;
    expect(codes(await stack.as('colleague')(DESTROY, { input: { requestId: request.id, method: 'FILE_DELETED' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.as('user')(DESTROY, { input: { requestId: request.id, method: 'FILE_DELETED', destroyedOn: '2099-01-01' } }))).toEqual(['BAD_USER_INPUT']);
    const res = await stack.as('user')(DESTROY, { input: { requestId: request.id, method: 'PAPER_SHREDDED', note: '紙本碎紙' } });
    expect(res.data!.recordNhiDestruction).toMatchObject({ method: 'PAPER_SHREDDED', recordedBy: { name: '陳使用' } });
    const shown = await stack.as('supervisor')(`query($id: ID!) { nhiQueryRequest(id: $id) { destructions { method note } } }`, { id: request.id });
    expect(shown.data!.nhiQueryRequest.destructions).toEqual([{ method: 'PAPER_SHREDDED', note: '紙本碎紙' }]);
  });
});

describe('TN-8.4 the evidence pack for an NHI audit', () => {
  it('TN-8.4 exports the user roster, audit records and query records as CSV, identifiers masked', async () => {
    const request = await approvedRequest();
    await stack.as('chief')(`mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { rows } }`, {
      input: { fileName: 'x.csv', csv: `queried_at,myegov_account,item,subject_id,request_number\n${new Date(stack.now().getTime() + 60_000).toISOString()},t.user,01,${subject},${request.number}` },
    });
    const res = await stack.as('socialAdmin')(`query($a: ID!) { nhiEvidencePack(agencyId: $a) { rosterCsv auditsCsv queryRequestsCsv usageCsv } }`, { a: stack.fixture.agency.social });
    expect(res.errors).toBeUndefined();
    const pack = res.data!.nhiEvidencePack;
    const roster = pack.rosterCsv.trim().split('\r\n');
    expect(roster[0]).toBe('name,national_id_masked,myegov_account,role,item,item_name,granted_at,access_opens_on,form_type,form_id');
    expect(roster).toHaveLength(5);
    expect(pack.rosterCsv).toMatch(/陳使用,D\d{2}\*{4}\d{3},t\.user,USER,01,保險對象目前投保紀錄/);
    expect(pack.queryRequestsCsv).toContain(request.number);
    expect(pack.usageCsv).toMatch(new RegExp(`t\\.user,01,${subject.slice(0, 3)}\\*{4}${subject.slice(-3)},${request.number},NONE`));
    for (const csv of Object.values(pack) as string[]) expect(csv).not.toContain(subject);
    expect(codes(await stack.as('districtAdmin')(`query($a: ID!) { nhiEvidencePack(agencyId: $a) { rosterCsv } }`, { a: stack.fixture.agency.social }))).toEqual(['FORBIDDEN']);
  });
});

describe('TN-7.5 personal data protected by encryption', () => {
  it('TN-7.5 keeps the subjects’ identifiers of query requests and usage records only encrypted at rest', async () => {
    const request = await approvedRequest();
    await stack.as('chief')(`mutation($input: ImportNhiUsageInput!) { importNhiUsage(input: $input) { rows } }`, {
      input: { fileName: 'y.csv', csv: `queried_at,myegov_account,item,subject_id,request_number\n${new Date(stack.now().getTime() + 60_000).toISOString()},t.user,01,${subject},${request.number}` },
    });
    const { db } = stack.database;
    const rows = JSON.stringify([await db.select().from(tables.queryRequests), await db.select().from(tables.usageRecords)]);
    expect(rows).not.toContain(subject);
    expect(rows).toContain('k1.'); // the AES-256-GCM envelope
    const shown = await stack.as('user')(`query($id: ID!) { nhiQueryRequest(id: $id) { subjectIdMasked } }`, { id: request.id });
    expect(shown.data!.nhiQueryRequest.subjectIdMasked).toBe(`${subject.slice(0, 3)}****${subject.slice(-3)}`);
  });
});
