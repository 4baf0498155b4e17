import { describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { tables } from '@webir/db';
import { codes } from './helpers/client.ts';
import { END_TERM, HEADS, RECORD_DELEGATE, RECORD_HEAD } from './helpers/heads.ts';
import { adminForm, Clock, expectRule, FILE as KH_FILE, itemsForm, khSnapshot, khStack, ok, querierForm, SIGN as KH_SIGN } from './helpers/kaohsiung.ts';
import { enrol, FILE as TN_FILE, SIGN as TN_SIGN, userApplication } from './helpers/tainan.ts';
import type { PersonKey } from './helpers/fixture.ts';

/**
 * The agency's head (機關首長) and the head's delegates (授權人員) as the directory records them, and the
 * sign-off only they give. On a clock: every test starts on 2026-01-05; the fixture records 劉局長 as
 * the head of 臺南市政府社會局 and 謝局長 as the head of 高雄市政府社會局, both since 2020-01-01.
 */
const clock = new Clock();
const stack = khStack({ clock, setUpAt: '2026-01-05' });

const headTerms = async () => stack.database.db.select().from(tables.agencyHeads).orderBy(asc(tables.agencyHeads.recordedAt), asc(tables.agencyHeads.id));
const signoffRows = async () => stack.database.db.select().from(tables.applicationSignoffs).orderBy(asc(tables.applicationSignoffs.id));

/** A Tainan 附表二 of 陳使用, signed by the applicant and the section chief: it waits for the head. */
async function tnFormAwaitingHead(): Promise<string> {
  if (!(await stack.database.db.select().from(tables.enrolments)).length) await enrol(stack, stack.fixture.agency.social);
  const id = ok(await stack.as('user')(TN_FILE, { input: userApplication(stack) })).fileNhiApplication.id as string;
  ok(await stack.as('user')(TN_SIGN, { id, role: 'APPLICANT' }));
  ok(await stack.as('supervisor')(TN_SIGN, { id, role: 'SECTION_CHIEF' }));
  return id;
}
const TN_HEAD_SIGN = `mutation($id: ID!) { signNhiApplication(id: $id, role: AGENCY_HEAD) { status } }`;
const KH_HEAD_SIGN = `mutation($id: ID!) { signKhForm(id: $id, role: AGENCY_HEAD) { status } }`;

/** A Kaohsiung form filed by `filer`, signed by them and the section chief 郭科長: it waits for the head. */
async function khFormAwaitingHead(filer: PersonKey, input: Record<string, unknown>): Promise<string> {
  const id = ok(await stack.as(filer)(KH_FILE, { input })).fileKhForm.id as string;
  ok(await stack.as(filer)(KH_SIGN, { id, role: 'APPLICANT' }));
  ok(await stack.as('khSupervisor')(KH_SIGN, { id, role: 'SECTION_CHIEF' }));
  return id;
}

describe('who records the agency head: the city’s chief administrator, never the agency itself', () => {
  it('TN-5.2 the agency administrator cannot name the head who signs their forms; the chief administrator records it, with history', async () => {
    const social = stack.fixture.agency.social;
    const before = await headTerms();
    const input = { personId: stack.fixture.person.colleague, since: '2026-02-01', reference: '南市人字第1150000001號' };
    expect(codes(await stack.as('socialAdmin')(RECORD_HEAD, { agencyId: social, input }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.as('socialHead')(RECORD_HEAD, { agencyId: social, input }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.as('khIt')(RECORD_HEAD, { agencyId: social, input }))).toEqual(['FORBIDDEN']); // another city's
    expect(await headTerms()).toEqual(before);

    // The head authorises a delegate; a new head ends both the predecessor's term and that delegation.
    ok(await stack.as('socialHead')(RECORD_DELEGATE, { agencyId: social, input: { personId: stack.fixture.person.supervisor, reference: '南市社人字第1150000009號' } }));
    const recorded = ok(await stack.as('chief')(RECORD_HEAD, { agencyId: social, input })).recordAgencyHead;
    expect(recorded).toMatchObject({ role: 'HEAD', since: '2026-02-01', until: null, personName: '黃同事', recordedBy: { name: '王總管' }, agency: { name: '臺南市政府社會局' } });
    const today = ok(await stack.as('socialAdmin')(HEADS, { id: social })).agency;
    expect(today.head).toMatchObject({ personName: '劉局長', since: '2020-01-01', until: '2026-02-01' });
    expect(today.headDelegates).toEqual([expect.objectContaining({ personName: '張科長', since: '2026-01-05', until: '2026-02-01' })]);
    const later = ok(await stack.as('socialAdmin')(HEADS, { id: social, on: '2026-02-01' })).agency;
    expect(later.head).toMatchObject({ personName: '黃同事' });
    expect(later.headDelegates).toEqual([]);
    expect(later.headHistory).toEqual([
      { role: 'HEAD', personName: '黃同事', since: '2026-02-01', until: null },
      { role: 'DELEGATE', personName: '張科長', since: '2026-01-05', until: '2026-02-01' },
      { role: 'HEAD', personName: '劉局長', since: '2020-01-01', until: '2026-02-01' },
    ]);
    // Another city's staff learn nothing of it.
    expect(ok(await stack.as('khAdmin')(HEADS, { id: social })).agency).toEqual({ head: null, headDelegates: [], headHistory: [] });
  });

  it('TN-5.2 the head is someone of the agency’s active staff, and a successor starts after the current head', async () => {
    const social = stack.fixture.agency.social;
    const before = await headTerms();
    const outsider = await stack.as('chief')(RECORD_HEAD, { agencyId: social, input: { personId: stack.fixture.person.labourUser, since: '2026-02-01', reference: '南市人字第1150000001號' } });
    expect(codes(outsider)).toEqual(['BAD_USER_INPUT']);
    const backdated = await stack.as('chief')(RECORD_HEAD, { agencyId: social, input: { personId: stack.fixture.person.colleague, since: '2019-12-31', reference: '南市人字第1150000001號' } });
    expect(codes(backdated)).toEqual(['BAD_USER_INPUT']);
    expect(await headTerms()).toEqual(before);
  });
});

describe('TN-5.2 only the recorded head or their delegate gives the agency head’s sign-off (機關首長) on 附表一/二', () => {
  it('TN-5.2 refuses any other member of staff, the agency administrator included, writing nothing', async () => {
    const id = await tnFormAwaitingHead();
    const before = await signoffRows();
    for (const who of ['colleague', 'socialAdmin'] as const) {
      const res = await stack.as(who)(TN_HEAD_SIGN, { id });
      expect(codes(res)).toEqual(['RULE_VIOLATION']);
      expect(res.errors![0]!.extensions!.rule).toBe('TN-5.2');
    }
    expect(await signoffRows()).toEqual(before);
    expect(ok(await stack.as('socialHead')(TN_HEAD_SIGN, { id })).signNhiApplication.status).toBe('SUBMITTED');
  });

  it('TN-5.2 a delegate signs while the delegation holds, and not after it ends; a former head no longer signs', async () => {
    const social = stack.fixture.agency.social;
    const delegation = ok(await stack.as('socialHead')(RECORD_DELEGATE, { agencyId: social, input: { personId: stack.fixture.person.colleague, reference: '南市社人字第1150000010號' } })).recordAgencyHeadDelegate;
    expect(delegation).toMatchObject({ role: 'DELEGATE', since: '2026-01-05', until: null, recordedBy: { name: '劉局長' } });
    const first = await tnFormAwaitingHead();
    expect(ok(await stack.as('colleague')(TN_HEAD_SIGN, { id: first })).signNhiApplication.status).toBe('SUBMITTED');

    expect(codes(await stack.as('colleague')(END_TERM, { id: delegation.id, until: '2026-01-06' }))).toEqual(['FORBIDDEN']); // not their own to end
    ok(await stack.as('socialHead')(END_TERM, { id: delegation.id, until: '2026-01-06' }));
    clock.set('2026-01-06');
    const second = await tnFormAwaitingHead();
    expect((await stack.as('colleague')(TN_HEAD_SIGN, { id: second })).errors![0]!.extensions!.rule).toBe('TN-5.2');

    ok(await stack.as('chief')(RECORD_HEAD, { agencyId: social, input: { personId: stack.fixture.person.colleague, since: '2026-01-06', reference: '南市人字第1150000003號' } }));
    expect((await stack.as('socialHead')(TN_HEAD_SIGN, { id: second })).errors![0]!.extensions!.rule).toBe('TN-5.2');
    expect(ok(await stack.as('colleague')(TN_HEAD_SIGN, { id: second })).signNhiApplication.status).toBe('SUBMITTED');
  });

  it('TN-5.2 once the head’s term ends (by the chief administrator), neither they nor the delegates they gave sign as head', async () => {
    const social = stack.fixture.agency.social;
    ok(await stack.as('socialHead')(RECORD_DELEGATE, { agencyId: social, input: { personId: stack.fixture.person.colleague, reference: '南市社人字第1150000011號' } }));
    const head = ok(await stack.as('socialAdmin')(HEADS, { id: social })).agency.head;
    expect(codes(await stack.as('socialAdmin')(END_TERM, { id: head.id, until: '2026-01-05' }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.as('socialHead')(END_TERM, { id: head.id, until: '2026-01-05' }))).toEqual(['FORBIDDEN']);
    ok(await stack.as('chief')(END_TERM, { id: head.id, until: '2026-01-05' }));
    expect(ok(await stack.as('socialAdmin')(HEADS, { id: social })).agency).toMatchObject({ head: null, headDelegates: [] });
    const id = await tnFormAwaitingHead();
    for (const who of ['socialHead', 'colleague'] as const) expect((await stack.as(who)(TN_HEAD_SIGN, { id })).errors![0]!.extensions!.rule).toBe('TN-5.2');
  });
});

describe('KH-4.2, KH-4.3, KH-5.1 only the recorded head or their delegate signs Kaohsiung’s forms as 機關首長', () => {
  it('KH-5.1 a querier cannot sign 附表四 as the agency head; the recorded head can', async () => {
    const id = await khFormAwaitingHead('khAdmin', itemsForm(stack, [{ item: 'C0101', action: 'ADD' }]));
    const before = await khSnapshot(stack);
    expectRule(await stack.as('khQuerier')(KH_HEAD_SIGN, { id }), 'KH-5.1');
    expect(await khSnapshot(stack)).toEqual(before);
    expect(ok(await stack.as('khHead')(KH_HEAD_SIGN, { id })).signKhForm.status).toBe('REVIEW');
  });

  it('KH-4.2 附表二 is signed by the head or their delegate (機關首長或其授權人員), no one else', async () => {
    const id = await khFormAwaitingHead('khNewcomer', adminForm(stack));
    const before = await khSnapshot(stack);
    expectRule(await stack.as('khQuerier')(KH_HEAD_SIGN, { id }), 'KH-4.2');
    expect(await khSnapshot(stack)).toEqual(before);
    ok(await stack.as('khHead')(RECORD_DELEGATE, { agencyId: stack.fixture.agency.khSocial, input: { personId: stack.fixture.person.khQuerier, reference: '高市社人字第1150000001號' } }));
    expect(ok(await stack.as('khQuerier')(KH_HEAD_SIGN, { id })).signKhForm.status).toBe('REVIEW');
  });

  it('KH-4.3 附表三 is signed by the recorded head, not by any other member of staff', async () => {
    const id = await khFormAwaitingHead('khNewcomer', querierForm(stack));
    expectRule(await stack.as('khQuerier')(KH_HEAD_SIGN, { id }), 'KH-4.3');
    expect(ok(await stack.as('khHead')(KH_HEAD_SIGN, { id })).signKhForm.status).toBe('SETUP');
  });

  it('KH-4.2 the IT centre records Kaohsiung’s heads; the agency administrator and Tainan’s chief administrator cannot', async () => {
    const khSocial = stack.fixture.agency.khSocial;
    const input = { personId: stack.fixture.person.khSupervisor, since: '2026-03-01', reference: '高市府人字第1150000001號' };
    expect(codes(await stack.as('khAdmin')(RECORD_HEAD, { agencyId: khSocial, input }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.as('chief')(RECORD_HEAD, { agencyId: khSocial, input }))).toEqual(['FORBIDDEN']);
    expect(ok(await stack.as('khIt')(RECORD_HEAD, { agencyId: khSocial, input })).recordAgencyHead).toMatchObject({ personName: '郭科長', recordedBy: { name: '蔡資訊' } });
  });
});

describe('KH-6.1, KH-3.4 results are reported to the head or their delegate (陳報機關首長或其授權人員) as the directory records them', () => {
  const RECONCILE = `mutation($input: KhReconcileInput!) { reconcileKhUsage(input: $input) { head { name } } }`;
  const input = (headId: string) => ({ agencyId: stack.fixture.agency.khSocial, from: '2025-12-01', to: '2026-01-04', summary: '比對使用紀錄與查調資料登記表', headId });

  it('KH-6.1 refuses a reconciliation reported to a member of staff who is neither head nor delegate, writing nothing', async () => {
    const before = await khSnapshot(stack);
    expectRule(await stack.as('khAdmin')(RECONCILE, { input: input(stack.fixture.person.khSupervisor) }), 'KH-6.1');
    expect(await khSnapshot(stack)).toEqual(before);
    ok(await stack.as('khHead')(RECORD_DELEGATE, { agencyId: stack.fixture.agency.khSocial, input: { personId: stack.fixture.person.khSupervisor, reference: '高市社人字第1150000002號' } }));
    expect(ok(await stack.as('khAdmin')(RECONCILE, { input: input(stack.fixture.person.khSupervisor) })).reconcileKhUsage.head).toEqual({ name: '郭科長' });
    expect(ok(await stack.as('khAdmin')(RECONCILE, { input: input(stack.fixture.person.khHead) })).reconcileKhUsage.head).toEqual({ name: '謝局長' });
  });
});

describe('nobody changes their own reporting line: the supervisor gives their section chief’s sign-off', () => {
  const UPDATE = `mutation($id: ID!, $input: UpdatePersonInput!) { updatePerson(id: $id, input: $input) { name supervisor { name } } }`;

  it('TN-5.2 an agency administrator cannot choose their own supervisor (and so their own 科長 sign-off); another writer of the directory can', async () => {
    const own = await stack.as('socialAdmin')(UPDATE, { id: stack.fixture.person.socialAdmin, input: { supervisorId: stack.fixture.person.colleague } });
    expect(codes(own)).toEqual(['FORBIDDEN']);
    const chiefOwn = await stack.as('chief')(UPDATE, { id: stack.fixture.person.chief, input: { supervisorId: stack.fixture.person.auditor } });
    expect(codes(chiefOwn)).toEqual(['FORBIDDEN']);
    const [admin] = await stack.database.db.select().from(tables.people).where((await import('drizzle-orm')).eq(tables.people.id, stack.fixture.person.socialAdmin));
    expect(admin!.supervisorId).toBeNull();
    // Their other fields stay theirs to keep; the reporting line is set by the chief administrator.
    expect(ok(await stack.as('socialAdmin')(UPDATE, { id: stack.fixture.person.socialAdmin, input: { title: '科員' } })).updatePerson.name).toBe('林社管');
    expect(ok(await stack.as('chief')(UPDATE, { id: stack.fixture.person.socialAdmin, input: { supervisorId: stack.fixture.person.supervisor } })).updatePerson.supervisor).toEqual({ name: '張科長' });
  });

  it('KH-4.2 a Kaohsiung administrator cannot change their own supervisor either', async () => {
    const own = await stack.as('khAdmin')(UPDATE, { id: stack.fixture.person.khAdmin, input: { supervisorId: null } });
    expect(codes(own)).toEqual(['FORBIDDEN']);
  });
});
