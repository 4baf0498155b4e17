import { describe, expect, it } from 'vitest';
import { makeNationalId } from '@webir/kit';
import { codes } from '../helpers/client.ts';
import {
  approvedRegistration,
  expectRule,
  IMPORT,
  importUsage,
  khSnapshot,
  khStack,
  makeQuerier,
  masked,
  ok,
  QUERY_IP,
  SUBJECT,
  USAGE,
  usageCsv,
} from '../helpers/kaohsiung.ts';

const stack = khStack();

const later = (minutes: number) => new Date(stack.now().getTime() + minutes * 60_000);
/** A checksum-invalid identifier: a valid one with its check digit moved on by one. */
const invalid = SUBJECT.slice(0, 9) + String((Number(SUBJECT[9]) + 1) % 10);
const STRANGER = makeNationalId('E', 2, 770_009);

describe('KH-6.1 the platform’s query log, imported for the reconciliation', () => {
  it('KH-6.1 refuses a log with bad lines, naming every one, and imports nothing', async () => {
    await makeQuerier(stack);
    const before = await khSnapshot(stack);
    const csv = [
      'queried_at,myegov_account,item,subject_id,registration_number,ip_address',
      `${later(1).toISOString()},t.khnewcomer,C0101,${SUBJECT},,${QUERY_IP}`,
      `${later(2).toISOString()},t.khnewcomer,C0101,${SUBJECT},,`,
      `${later(3).toISOString()},t.khnewcomer,C9999,${SUBJECT},,${QUERY_IP}`,
      `${later(4).toISOString()},t.khnewcomer,C0101,${invalid},,${QUERY_IP}`,
      `yesterday,t.khnewcomer,C0101,${SUBJECT},,${QUERY_IP}`,
    ].join('\n');
    const res = await stack.as('khIt')(IMPORT, { input: { fileName: 'bad.csv', csv } });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.lines).toEqual([3, 4, 5, 6]);
    expect(res.errors![0]!.message).toMatch(/nothing was imported/);
    // Tainan's columns (request_number, no ip_address) are not Kaohsiung's log.
    const tainan = `queried_at,myegov_account,item,subject_id,request_number\n${later(1).toISOString()},t.khnewcomer,C0101,${SUBJECT},`;
    expect(codes(await stack.as('khIt')(IMPORT, { input: { fileName: 'tainan.csv', csv: tainan } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await stack.as('khIt')(IMPORT, { input: { fileName: 'empty.csv', csv: usageCsv([]) } }))).toEqual(['BAD_USER_INPUT']);
    expect(await khSnapshot(stack)).toEqual(before);
  });

  it('KH-6.1 imports a file once, and records once a query an overlapping log repeats', async () => {
    await makeQuerier(stack);
    const first = [
      { at: '2026-03-02T10:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT },
      { at: '2026-03-02T11:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT },
    ];
    expect(ok(await importUsage(stack, 'khIt', first, 'march.csv')).importKhUsage).toMatchObject({ rows: 2, duplicates: 0, findings: 2 });
    expect(codes(await importUsage(stack, 'khIt', first, 'march-again.csv'))).toEqual(['CONFLICT']);
    const overlap = [first[1]!, { at: '2026-03-02T12:00:00+08:00', account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT }];
    expect(ok(await importUsage(stack, 'khIt', overlap, 'march-2.csv')).importKhUsage).toMatchObject({ rows: 2, duplicates: 1 });
    expect(ok(await stack.as('khIt')(USAGE, {})).khUsageRecords.totalCount).toBe(3);
  });

  it('KH-6.1 an account nobody in the directory holds is a finding; the listing filters by querier, findings and time', async () => {
    await makeQuerier(stack);
    const registration = await approvedRegistration(stack);
    const [t1, t2, t3] = [later(1), later(2), later(3)];
    ok(
      await importUsage(stack, 'khIt', [
        { at: t1, account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT, registration: registration.number },
        { at: t2, account: 'stranger.account', item: 'C0101', subjectId: STRANGER },
        { at: t3, account: 't.khnewcomer', item: 'C0101', subjectId: STRANGER },
      ]),
    );
    const all = ok(await stack.as('khIt')(USAGE, {})).khUsageRecords;
    expect(all.edges.map((e: { node: { line: number; finding: string; querier: { name: string } | null } }) => [e.node.line, e.node.finding, e.node.querier?.name ?? null])).toEqual([
      [2, 'NONE', '葉新進'],
      [3, 'UNKNOWN_QUERIER', null],
      [4, 'NO_REQUEST', '葉新進'],
    ]);
    expect(all.edges[0].node).toMatchObject({ registrationNumber: registration.number, registration: { number: registration.number }, ipAddress: QUERY_IP, subjectIdMasked: masked(SUBJECT) });
    const lines = async (filter: Record<string, unknown>) =>
      (ok(await stack.as('khIt')(USAGE, { filter })).khUsageRecords.edges as { node: { line: number } }[]).map((e) => e.node.line).sort();
    expect(await lines({ findingsOnly: true })).toEqual([3, 4]);
    expect(await lines({ querierId: stack.fixture.person.khNewcomer })).toEqual([2, 4]);
    const between = new Date(t1.getTime() + 30_000).toISOString();
    expect(await lines({ from: between })).toEqual([3, 4]);
    expect(await lines({ to: between })).toEqual([2]);
  });

  it('KH-6.1 only the IT centre imports the platform’s log: not an agency administrator (who checks it), a querier or another city', async () => {
    await makeQuerier(stack);
    const before = await khSnapshot(stack);
    expectRule(await importUsage(stack, 'khNewcomer', [{ at: later(1), account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT }]), 'KH-6.1');
    // An administrator importing first could plant a doctored line the platform's copy would not replace.
    expectRule(await importUsage(stack, 'khAdmin', [{ at: later(1), account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT }]), 'KH-6.1');
    expectRule(await importUsage(stack, 'socialAdmin', [{ at: later(1), account: 't.khnewcomer', item: 'C0101', subjectId: SUBJECT }]), 'KH-6.1');
    expect(await khSnapshot(stack)).toEqual(before);
  });
});
