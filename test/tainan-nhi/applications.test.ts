import { describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { tables } from '@webir/db';
import { codes, type GraphQLResponse } from '../helpers/client.ts';
import { RECORD_DELEGATE, RECORD_HEAD } from '../helpers/heads.ts';
import { APPROVE, FILE, fileAndSign, SIGN, stackWithFreshDirectory, userApplication } from '../helpers/tainan.ts';

const stack = stackWithFreshDirectory(['social', 'socialCentre', 'district']);

const ruleOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.rule;
const rows = async () => {
  const { db } = stack.database;
  const [[a], [s], [p]] = await Promise.all([
    db.select({ n: count() }).from(tables.applications),
    db.select({ n: count() }).from(tables.applicationSignoffs),
    db.select({ n: count() }).from(tables.permissions),
  ]);
  return { applications: a!.n, signoffs: s!.n, permissions: p!.n };
};
const itemsOf = async (who: 'user' | 'colleague') => {
  const res = await stack.as('chief')(`query($id: ID!) { person(id: $id) { permissions(regime: "TN_NHI") { serviceItem { code } effectiveFrom form { type id } grantedBy { name } } } }`, { id: stack.fixture.person[who] });
  return res.data!.person.permissions as { serviceItem: { code: string }; effectiveFrom: string; form: { type: string; id: string }; grantedBy: { name: string } }[];
};

describe('TN-5.3 user applications (附表二), approved by the agency administrator', () => {
  it('TN-5.3 adds an item: filed, signed in order, approved by the agency administrator, granted in the ledger with the form', async () => {
    const id = await fileAndSign(stack, 'user', userApplication(stack), ['user', 'supervisor', 'socialHead']);
    const res = await stack.as('socialAdmin')(APPROVE, { id, input: { accessOpensOn: '2026-02-01' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.approveNhiApplication).toMatchObject({ status: 'APPROVED', accessOpensOn: '2026-02-01', approver: { name: '林社管' } });
    const items = await itemsOf('user');
    expect(items.map((i) => i.serviceItem.code).sort()).toEqual(['01', '02', '03']);
    expect(items.find((i) => i.serviceItem.code === '03')).toMatchObject({ effectiveFrom: '2026-02-01', form: { type: 'TN_NHI/附表二', id }, grantedBy: { name: '林社管' } });
  });

  it('TN-5.3 deletes an item: the approval revokes it', async () => {
    const id = await fileAndSign(stack, 'user', userApplication(stack, { itemChanges: [{ item: '01', action: 'DELETE' }] }), ['user', 'supervisor', 'socialHead']);
    expect((await stack.as('socialAdmin')(APPROVE, { id })).errors).toBeUndefined();
    expect((await itemsOf('user')).map((i) => i.serviceItem.code)).toEqual(['02']);
  });

  it('TN-5.3 refuses approval by anyone but the agency administrator, the chief administrator included', async () => {
    const id = await fileAndSign(stack, 'user', userApplication(stack), ['user', 'supervisor', 'socialHead']);
    // The chief administrator and the supervisor see the application and are refused by the rule; another agency's administrator does not see it.
    for (const [who, outcome] of [['chief', 'TN-5.3'], ['districtAdmin', 'NOT_FOUND'], ['supervisor', 'TN-5.3']] as const) {
      const res = await stack.as(who)(APPROVE, { id });
      expect(ruleOf(res) ?? codes(res)[0], who).toBe(outcome);
    }
    const auditor = await stack.as('auditor')(APPROVE, { id });
    expect(ruleOf(auditor)).toBe('TN-7.4');
    expect((await itemsOf('user')).map((i) => i.serviceItem.code).sort()).toEqual(['01', '02']);
  });

  it('TN-5.3 approves all the items of a form or none: a failing item leaves nothing granted', async () => {
    // 03 is new, 01 is already held: the grant of 01 conflicts, so 03 must not be granted either.
    const id = await fileAndSign(stack, 'user', userApplication(stack, { itemChanges: [{ item: '03', action: 'ADD' }, { item: '01', action: 'ADD' }] }), ['user', 'supervisor', 'socialHead']);
    const before = await rows();
    const res = await stack.as('socialAdmin')(APPROVE, { id });
    expect(codes(res)).toEqual(['CONFLICT']);
    expect(await rows()).toEqual(before);
    const app = await stack.as('user')(`query($id: ID!) { nhiApplication(id: $id) { status } }`, { id });
    expect(app.data!.nhiApplication.status).toBe('SUBMITTED');
  });
});

describe('TN-5.2 the form: every field, the privacy acknowledgement, three sign-offs in order', () => {
  it('TN-5.2 refuses a form without the privacy acknowledgement (未勾選者，不予開放權限), writing nothing', async () => {
    const before = await rows();
    const res = await stack.as('user')(FILE, { input: userApplication(stack, { privacyAcknowledged: false }) });
    expect(ruleOf(res)).toBe('TN-5.2');
    expect(await rows()).toEqual(before);
  });

  it('TN-5.2 reports every missing or malformed field at once, writing nothing', async () => {
    const before = await rows();
    const res = await stack.as('user')(FILE, { input: userApplication(stack, { section: ' ', phone: 'x', email: 'nope', reason: '查詢', itemChanges: [{ item: '14', action: 'ADD' }] }) });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.violations.map((v: { field: string }) => v.field).sort()).toEqual(['input.email', 'input.itemChanges', 'input.phone', 'input.reason', 'input.section']);
    expect(await rows()).toEqual(before);
  });

  it('TN-5.2 takes the sign-offs only in order: applicant, section chief, agency head', async () => {
    const filed = await stack.as('user')(FILE, { input: userApplication(stack) });
    const id = filed.data!.fileNhiApplication.id;
    expect(filed.data!.fileNhiApplication.status).toBe('SIGNING');
    expect(ruleOf(await stack.as('supervisor')(SIGN, { id, role: 'SECTION_CHIEF' }))).toBe('TN-5.2');
    expect(ruleOf(await stack.as('supervisor')(SIGN, { id, role: 'APPLICANT' }))).toBe('TN-5.2'); // not the applicant
    expect((await stack.as('user')(SIGN, { id, role: 'APPLICANT' })).errors).toBeUndefined();
    expect(ruleOf(await stack.as('colleague')(SIGN, { id, role: 'SECTION_CHIEF' }))).toBe('TN-5.2'); // not the supervisor
    expect((await stack.as('supervisor')(SIGN, { id, role: 'SECTION_CHIEF' })).errors).toBeUndefined();
    expect(ruleOf(await stack.as('supervisor')(SIGN, { id, role: 'AGENCY_HEAD' }))).toBe('TN-5.2'); // signed already
    expect(ruleOf(await stack.as('socialAdmin')(APPROVE, { id }))).toBe('TN-5.2'); // not yet signed by the head
    expect(ruleOf(await stack.as('socialAdmin')(SIGN, { id, role: 'AGENCY_HEAD' }))).toBe('TN-5.2'); // not the agency's recorded head
    // The head signs; who signed before is read back by the administrator (the head's directory scope is their own).
    const head = await stack.as('socialHead')(`mutation($id: ID!) { signNhiApplication(id: $id, role: AGENCY_HEAD) { status signoffs { step role } } }`, { id });
    expect(head.errors).toBeUndefined();
    expect(head.data!.signNhiApplication).toMatchObject({ status: 'SUBMITTED', signoffs: [{ step: 1, role: 'APPLICANT' }, { step: 2, role: 'SECTION_CHIEF' }, { step: 3, role: 'AGENCY_HEAD' }] });
  });
});

describe('TN-6.1 personal MyEGov accounts', () => {
  it('TN-6.1 refuses a form whose MyEGov account is not the applicant’s own', async () => {
    const before = await rows();
    const res = await stack.as('user')(FILE, { input: userApplication(stack, { myegovAccount: stack.fixture.account.colleague }) });
    expect(ruleOf(res)).toBe('TN-6.1');
    expect(await rows()).toEqual(before);
  });
});

describe('TN-4.1, TN-4.2 administrator applications (附表一) go to the next level up', () => {
  const adminForm = (extra: Record<string, unknown>) => ({ ...userApplication(stack), form: 'ADMINISTRATOR', kind: 'NEW', itemChanges: null, adminAction: 'ADD', ...extra });

  it('TN-4.1 a district office’s administrator is approved by the chief administrator, not by another agency’s administrator', async () => {
    // The district office already has an administrator: this is a change that replaces them (TN-3.1).
    const { db } = stack.database;
    const [deputy] = await db.insert(tables.people).values({ name: '區公所副管理', agencyId: stack.fixture.agency.district, myegovAccount: 't.deputy', supervisorId: stack.fixture.person.districtAdmin }).returning();
    const [mayor] = await db.insert(tables.people).values({ name: '區長', agencyId: stack.fixture.agency.district, myegovAccount: 't.mayor' }).returning();
    expect((await stack.as('chief')(RECORD_HEAD, { agencyId: stack.fixture.agency.district, input: { personId: mayor!.id, since: '2025-12-25', reference: '南市人字第1140000001號' } })).errors).toBeUndefined();
    const id = await (async () => {
      const filed = await stack.as('districtAdmin')(FILE, { input: adminForm({ kind: 'CHANGE', agencyId: stack.fixture.agency.district, applicantId: deputy!.id, myegovAccount: 't.deputy' }) });
      expect(filed.errors, JSON.stringify(filed.errors)).toBeUndefined();
      expect(filed.data!.fileNhiApplication.approverRole).toBe('the chief administrator');
      return filed.data!.fileNhiApplication.id as string;
    })();
    const { issueDevToken } = await import('@webir/gateway');
    const { gql } = await import('../helpers/client.ts');
    const as = async (account: string, query: string, variables: Record<string, unknown>) => gql(stack.gatewayUrl, query, variables, { token: await issueDevToken(stack.config.devTokenSecret!, account) });
    expect((await as('t.deputy', SIGN, { id, role: 'APPLICANT' })).errors).toBeUndefined();
    expect((await stack.as('districtAdmin')(SIGN, { id, role: 'SECTION_CHIEF' })).errors).toBeUndefined();
    expect((await as('t.mayor', SIGN, { id, role: 'AGENCY_HEAD' })).errors).toBeUndefined();

    expect(ruleOf(await stack.as('districtAdmin')(APPROVE, { id }))).toBe('TN-4.1'); // the agency's own administrator
    expect(codes(await stack.as('socialAdmin')(APPROVE, { id }))).toEqual(['NOT_FOUND']); // another agency's: not even visible
    const approved = await stack.as('chief')(APPROVE, { id });
    expect(approved.errors).toBeUndefined();
    const admins = await stack.as('chief')(`query($a: ID!) { agency(id: $a) { permissions(regime: "TN_NHI") { role person { name } } } }`, { a: stack.fixture.agency.district });
    expect(admins.data!.agency.permissions.filter((p: { role: string }) => p.role === 'AGENCY_ADMIN')).toEqual([{ role: 'AGENCY_ADMIN', person: { name: '區公所副管理' } }]);
  });

  it('TN-4.2 a second-level agency’s administrator is approved by the first-level agency’s administrator, not the chief administrator', async () => {
    const { db } = stack.database;
    const [chief] = await db.insert(tables.people).values({ name: '中心主任', agencyId: stack.fixture.agency.socialCentre, myegovAccount: 't.centre.head' }).returning();
    await db.update(tables.people).set({ supervisorId: chief!.id }).where((await import('drizzle-orm')).eq(tables.people.id, stack.fixture.person.centreUser));
    const input = adminForm({ agencyId: stack.fixture.agency.socialCentre, applicantId: stack.fixture.person.centreUser, myegovAccount: 't.centreuser' });
    const filed = await stack.as('socialAdmin')(FILE, { input });
    expect(filed.errors, JSON.stringify(filed.errors)).toBeUndefined();
    const id = filed.data!.fileNhiApplication.id;
    expect(filed.data!.fileNhiApplication.approverRole).toBe('the administrator of the first-level agency above');
    const { issueDevToken } = await import('@webir/gateway');
    const { gql } = await import('../helpers/client.ts');
    expect((await stack.as('centreUser')(SIGN, { id, role: 'APPLICANT' })).errors).toBeUndefined();
    expect((await gql(stack.gatewayUrl, SIGN, { id, role: 'SECTION_CHIEF' }, { token: await issueDevToken(stack.config.devTokenSecret!, 't.centre.head') })).errors).toBeUndefined();
    const [secretary] = await db.insert(tables.people).values({ name: '中心秘書', agencyId: stack.fixture.agency.socialCentre, myegovAccount: 't.centre.sec' }).returning();
    // The centre's head is its director; the secretary signs as the head's delegate (授權人員), authorised by the director.
    expect((await stack.as('chief')(RECORD_HEAD, { agencyId: stack.fixture.agency.socialCentre, input: { personId: chief!.id, since: '2025-12-25', reference: '南市人字第1140000002號' } })).errors).toBeUndefined();
    const delegate = await gql(stack.gatewayUrl, RECORD_DELEGATE, { agencyId: stack.fixture.agency.socialCentre, input: { personId: secretary!.id, reference: '南社中字第1150000001號' } }, { token: await issueDevToken(stack.config.devTokenSecret!, 't.centre.head') });
    expect(delegate.errors).toBeUndefined();
    expect((await gql(stack.gatewayUrl, SIGN, { id, role: 'AGENCY_HEAD' }, { token: await issueDevToken(stack.config.devTokenSecret!, 't.centre.sec') })).errors).toBeUndefined();

    expect(ruleOf(await stack.as('chief')(APPROVE, { id }))).toBe('TN-4.2');
    expect((await stack.as('socialAdmin')(APPROVE, { id })).errors).toBeUndefined();
    const centre = await stack.as('chief')(`query($a: ID!) { agency(id: $a) { permissions(regime: "TN_NHI") { role person { name } form { type } } } }`, { a: stack.fixture.agency.socialCentre });
    expect(centre.data!.agency.permissions).toContainEqual({ role: 'AGENCY_ADMIN', person: { name: '吳中心' }, form: { type: 'TN_NHI/附表一' } });
  });
});

describe('TN-3.1 one administrator per agency', () => {
  it('TN-3.1 refuses a new administrator where one is active, unless the form is a change that replaces them', async () => {
    const input = { ...userApplication(stack), form: 'ADMINISTRATOR', kind: 'NEW', itemChanges: null, adminAction: 'ADD' };
    const id = await fileAndSign(stack, 'user', input, ['user', 'supervisor', 'socialHead']);
    const before = await rows();
    const res = await stack.as('chief')(APPROVE, { id });
    expect(ruleOf(res)).toBe('TN-3.1');
    expect(await rows()).toEqual(before);

    const change = await fileAndSign(stack, 'user', { ...input, kind: 'CHANGE' }, ['user', 'supervisor', 'socialHead']);
    expect((await stack.as('chief')(APPROVE, { id: change })).errors).toBeUndefined();
    const admins = await stack.as('chief')(`query($a: ID!) { agency(id: $a) { permissions(regime: "TN_NHI", status: ACTIVE) { role person { name } } } }`, { a: stack.fixture.agency.social });
    expect(admins.data!.agency.permissions.filter((p: { role: string }) => p.role === 'AGENCY_ADMIN')).toEqual([{ role: 'AGENCY_ADMIN', person: { name: '陳使用' } }]);
  });
});
