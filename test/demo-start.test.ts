import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@webir/db/testing';
import { issueDevToken } from '@webir/gateway';
import { createPiiCipher, parseMasterKey, taipeiDay } from '@webir/kit';
import { startStack, type Stack } from '@webir/stack';
import { demoPeople } from '../stack/src/demo/index.ts';
import { seedDirectory } from '../stack/src/seed/seed-directory.ts';
import { gql } from './helpers/client.ts';
import { testConfig } from './helpers/config.ts';
import { runningClock } from './helpers/stack.ts';

/** What `npm start` gives a new user: the demo directory, and the acceptance queries with a persona's token. */
const config = testConfig();
// The demo's year of activity ends on the stack's clock, not the machine's date.
const now = runningClock();
let stack: Stack;
let close: () => Promise<void>;

beforeAll(async () => {
  const database = await openTestDatabase();
  close = database.close;
  const cipher = createPiiCipher(parseMasterKey(config.dataKey));
  expect(await seedDirectory(database, cipher, now())).toBe(true);
  expect(await seedDirectory(database, cipher, now())).toBe(false); // second start: nothing written again
  stack = await startStack({ config, database, anyPort: true, now });
});
afterAll(async () => {
  await stack?.stop();
  await close?.();
});

const as = async (persona: string) => issueDevToken(config.devTokenSecret!, demoPeople.find((p) => p.persona === persona)!.myegovAccount);

describe('the demo graph a new user meets', () => {
  it('answers the acceptance query on agencies', async () => {
    const res = await gql(stack.gatewayUrl, '{ agencies(first: 5) { totalCount edges { node { id code name parent { name } } } } }', {}, { token: await as('tn-admin') });
    expect(res.errors).toBeUndefined();
    expect(res.data!.agencies.totalCount).toBeGreaterThan(30);
    expect(res.data!.agencies.edges).toHaveLength(5);
  });

  it('answers the acceptance query on people, masked, with agencies and permissions', async () => {
    const res = await gql(
      stack.gatewayUrl,
      '{ people(first: 3) { edges { node { name nationalIdMasked agency { name } permissions { regime { id } role status } } } } }',
      {},
      { token: await as('tn-chief') },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.people.edges).toHaveLength(3);
    for (const { node } of res.data!.people.edges) {
      expect(node.nationalIdMasked).toMatch(/^[A-Z][0-9A-Z][0-9]\*{4}[0-9]{3}$/);
      expect(node.agency.name).toMatch(/^臺南市/);
    }
  });

  it('lets the user persona see only themselves, with their three items', async () => {
    const res = await gql(stack.gatewayUrl, '{ people { totalCount } me { name permissions { serviceItem { code } } } }', {}, { token: await as('tn-user') });
    expect(res.data!.people.totalCount).toBe(1);
    expect(res.data!.me.permissions.map((p: { serviceItem: { code: string } }) => p.serviceItem.code)).toEqual(['01', '02', '05']);
  });

  it('keeps the grants of people who have left, for clean-up to find', async () => {
    const res = await gql(stack.gatewayUrl, '{ people(filter: { employmentStatus: [RESIGNED, RETIRED] }) { edges { node { employmentStatus permissions { status } } } } }', {}, { token: await as('tn-chief') });
    const leavers = res.data!.people.edges.map((e: { node: { employmentStatus: string; permissions: unknown[] } }) => e.node);
    expect(leavers.map((l: { employmentStatus: string }) => l.employmentStatus).sort()).toEqual(['RESIGNED', 'RETIRED']);
    for (const l of leavers) expect(l.permissions.length).toBeGreaterThan(0);
  });

  it('has a year of Tainan NHI activity with breaches to find', async () => {
    const today = taipeiDay(now());
    const res = await gql(
      stack.gatewayUrl,
      `query($on: Date!) { nhiEnrolments(first: 50) { totalCount } overdue: nhiEnrolments(filter: { reviewOverdueOn: $on }) { edges { node { agency { name } } } }
        nhiUsageRecords(filter: { findingsOnly: true }) { edges { node { finding } } } nhiQueryRequests { totalCount } nhiAudits { kind notice } nhiReviewsDue(on: $on) { overdue } }`,
      { on: today },
      { token: await as('tn-chief') },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.nhiEnrolments.totalCount).toBeGreaterThan(10);
    expect(res.data!.overdue.edges).toEqual([{ node: { agency: { name: '臺南市政府交通局' } } }]);
    expect(res.data!.nhiUsageRecords.edges.map((e: { node: { finding: string } }) => e.node.finding).sort()).toEqual(['BEFORE_APPROVAL', 'BEFORE_APPROVAL', 'NO_REQUEST', 'NO_REQUEST', 'OUTSIDE_ITEMS']);
    expect(res.data!.nhiQueryRequests.totalCount).toBeGreaterThan(30);
    expect(res.data!.nhiAudits.map((a: { kind: string }) => a.kind).sort()).toEqual(['INTERNAL', 'SPOT_CHECK']);
    expect(res.data!.nhiReviewsDue.length).toBeGreaterThan(5);
    const mine = await gql(stack.gatewayUrl, '{ me { nhiQueryRequests { status } nhiApplications { status signoffs { role } } } }', {}, { token: await as('tn-user') });
    expect(mine.data!.me.nhiApplications).toEqual([{ status: 'APPROVED', signoffs: [{ role: 'APPLICANT' }, { role: 'SECTION_CHIEF' }, { role: 'AGENCY_HEAD' }] }]);
  });
  it('TN-5.2 the demo form’s agency-head sign-off is by the head the directory records', async () => {
    const res = await gql(stack.gatewayUrl, '{ agencyByCode(code: "395030000A") { head { personName } nhiApplications { signoffs { role signer { name } } } } }', {}, { token: await as('tn-admin') });
    expect(res.errors).toBeUndefined();
    const { head, nhiApplications } = res.data!.agencyByCode;
    expect(nhiApplications.flatMap((a: { signoffs: { role: string; signer: { name: string } }[] }) => a.signoffs.filter((s) => s.role === 'AGENCY_HEAD').map((s) => s.signer.name))).toEqual([head.personName]);
  });
  it('has a year of Kaohsiung BLI activity with breaches to find', async () => {
    const today = taipeiDay(now());
    const res = await gql(
      stack.gatewayUrl,
      `query($on: Date!) { khRequestingAgencies { agency { name } } khItemHoldings(level: CITY) { item }
        khUsageRecords(filter: { findingsOnly: true }) { edges { node { finding } } } khRegistrations { totalCount }
        khUsageChecksDue(on: $on) { status rule } khAuditsDue(on: $on) { status rule } khAccountFindings(on: $on) { kind rule }
        khAudits { openViolation } }`,
      { on: today },
      { token: await as('kh-labour-bureau') },
    );
    expect(res.errors).toBeUndefined();
    const data = res.data!;
    expect(data.khRequestingAgencies.length).toBeGreaterThan(5);
    expect(data.khItemHoldings.length).toBeGreaterThan(3);
    expect(data.khUsageRecords.edges.map((e: { node: { finding: string } }) => e.node.finding).sort()).toEqual(['BEFORE_APPROVAL', 'NO_REQUEST', 'OUTSIDE_ITEMS', 'UNREGISTERED_ADDRESS']);
    expect(data.khRegistrations.totalCount).toBeGreaterThan(20);
    expect(data.khUsageChecksDue.some((d: { status: string }) => d.status === 'OVERDUE')).toBe(true);
    expect(data.khAuditsDue.some((d: { status: string }) => d.status === 'OVERDUE')).toBe(true);
    expect(data.khAccountFindings).toContainEqual({ kind: 'ACTIVE_AFTER_CHANGE', rule: 'KH-4.4' });
    expect(data.khAudits).toEqual([{ openViolation: false }]);
  });
});
