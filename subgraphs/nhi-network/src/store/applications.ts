import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, inArray, notInArray, or, sql } from 'drizzle-orm';
import { tables, type Caller, type Db } from '@webir/db';
import {
  checkId,
  checkPastDay,
  conflict,
  forbidden,
  notFound,
  parsePage,
  ruleViolation,
  toConnection,
  validateBusinessNumber,
  validateEmail,
  validatePhone,
  Violations,
  type PageArgs,
} from '@webir/kit';
import type { NwContext } from '../context.ts';
import type { ApplicationRow, ClientRow, UnitRow } from '../loaders.ts';
import { assertReviewer, canSeeApplication, isReviewer, isStaff, runningSanction, staffScope, today } from './access.ts';
import { decideEligibility } from './eligibility.ts';
import { sameAddress, sameName } from './text.ts';
import { assertNoBan, lockUnit } from './unit-lock.ts';
import { assertPeopleExist, INSTITUTION_CODE, loadVisibleUnit } from './units.ts';

const { nwApplications, nwClients, nwUnits } = tables;
type CompanyRegistration = tables.CompanyRegistration;

export interface ClientInput {
  level: number;
  institutionCode: string;
  name: string;
  contactName: string;
  phone: string;
}

export interface ClientCounts {
  medicalCentres: number;
  regionalHospitals: number;
  districtHospitals: number;
  clinics: number;
  pharmacies: number;
  other: number;
}

export interface ApplicationInput {
  companyName?: string | null;
  businessNumber?: string | null;
  phone?: string | null;
  ownerId?: string | null;
  fax?: string | null;
  contactId?: string | null;
  contactTitle?: string | null;
  contactPhone?: string | null;
  email?: string | null;
  website?: string | null;
  address?: string | null;
  clientCounts?: ClientCounts | null;
  registration?: CompanyRegistration | null;
  pledge?: { services: string[]; signedOn: string } | null;
  clients?: ClientInput[] | null;
}

const WEBSITE = /^(https?:\/\/)?([a-z0-9-]+\.)+[a-z]{2,}(:\d+)?(\/\S*)?$/i;
const BUSINESS_ITEM = /^[A-Z][A-Z0-9]\d{5}$/;

type Values = Partial<typeof nwApplications.$inferInsert>;

/**
 * NW-F1, NW-F2, NW-F3 (their format): checks what the input gives, collecting every violation, and
 * returns the columns to write and the client rows, if the list is given. Missing fields are the
 * submission's business (NW-5.1): a draft may be saved half-filled.
 */
async function checkInput(ctx: NwContext, input: ApplicationInput): Promise<{ values: Values; clients: Omit<ClientRow, 'id' | 'applicationId'>[] | null }> {
  const v = new Violations();
  const values: Values = {};
  const text = (field: keyof ApplicationInput & keyof Values, label: string) => {
    const raw = input[field];
    if (raw === undefined) return;
    if (raw === null || !String(raw).trim()) v.add(`input.${field}`, `${label} is empty`);
    else (values as Record<string, unknown>)[field] = String(raw).trim();
  };
  const phone = (field: 'phone' | 'fax' | 'contactPhone') => {
    const raw = input[field];
    if (raw == null) return;
    const checked = validatePhone(raw);
    if (checked.ok) values[field] = checked.value;
    else v.add(`input.${field}`, checked.message);
  };
  text('companyName', 'the company name (公司名稱)');
  text('contactTitle', 'the contact’s title (職稱)');
  text('address', 'the company address (公司地址)');
  if (input.businessNumber != null) {
    const ubn = validateBusinessNumber(input.businessNumber);
    if (ubn.ok) values.businessNumber = ubn.ubn;
    else v.add('input.businessNumber', ubn.message);
  }
  phone('phone');
  phone('fax');
  phone('contactPhone');
  if (input.email != null) {
    const email = validateEmail(input.email);
    if (email.ok) values.email = email.value;
    else v.add('input.email', email.message);
  }
  if (input.website != null) {
    if (WEBSITE.test(input.website.trim())) values.website = input.website.trim();
    else v.add('input.website', 'the website is an address such as https://www.example.com.tw');
  }
  await assertPeopleExist(ctx.db, v, [['input.ownerId', input.ownerId], ['input.contactId', input.contactId]]);
  if (input.ownerId) values.ownerId = input.ownerId;
  if (input.contactId) values.contactId = input.contactId;
  if (input.clientCounts) {
    const c = input.clientCounts;
    const entries = Object.entries(c) as [keyof ClientCounts, number][];
    for (const [k, n] of entries) if (!Number.isInteger(n) || n < 0) v.add(`input.clientCounts.${k}`, 'a count is a whole number, 0 or more');
    Object.assign(values, {
      medicalCentres: c.medicalCentres,
      regionalHospitals: c.regionalHospitals,
      districtHospitals: c.districtHospitals,
      clinics: c.clinics,
      pharmacies: c.pharmacies,
      otherClients: c.other,
    });
  }
  if (input.registration) {
    const r = input.registration;
    if (!r.name.trim()) v.add('input.registration.name', 'the registered company name is empty');
    if (!r.address.trim()) v.add('input.registration.address', 'the registered address is empty');
    checkPastDay('input.registration.printedOn', r.printedOn, ctx.now(), v);
    if (!r.businessItems.length) v.add('input.registration.businessItems', 'the registration lists the business items (營業項目)');
    r.businessItems.forEach((item, i) => {
      if (!BUSINESS_ITEM.test(item.code.trim().toUpperCase())) v.add(`input.registration.businessItems.${i}.code`, `${JSON.stringify(item.code)} is not a business-item code such as I301010`);
      if (!item.name.trim()) v.add(`input.registration.businessItems.${i}.name`, 'the item’s name is empty');
    });
    values.registration = {
      name: r.name.trim(),
      address: r.address.trim(),
      businessItems: r.businessItems.map((i) => ({ code: i.code.trim().toUpperCase(), name: i.name.trim() })),
      printedOn: r.printedOn ?? null,
      stamped: r.stamped,
    };
  }
  if (input.pledge) {
    const services = input.pledge.services.flatMap((s) => s.split(/\r?\n/)).map((s) => s.trim());
    checkPastDay('input.pledge.signedOn', input.pledge.signedOn, ctx.now(), v);
    if (!services.length) v.add('input.pledge.services', 'NW-F2: the pledge lists the services the unit will provide, one per line');
    services.forEach((s, i) => {
      if (!s) v.add(`input.pledge.services.${i}`, 'NW-F2: an empty service line');
    });
    values.pledgeServices = services.filter(Boolean);
    values.pledgeSignedOn = input.pledge.signedOn;
  }
  let clients: Omit<ClientRow, 'id' | 'applicationId'>[] | null = null;
  if (input.clients) {
    const seen = new Map<string, number>();
    clients = input.clients.map((c, i) => {
      const field = `input.clients.${i}`;
      if (c.level !== 1 && c.level !== 2) v.add(`${field}.level`, 'NW-F3: the level is 2 for a district hospital or above, 1 for any other client');
      const code = c.institutionCode.trim().toUpperCase();
      if (!INSTITUTION_CODE.test(code)) v.add(`${field}.institutionCode`, `NW-F3: ${JSON.stringify(c.institutionCode)} is not a medical-institution code (10 digits or capital letters)`);
      else if (seen.has(code)) v.add(`${field}.institutionCode`, `NW-F3: ${code} is listed twice (rows ${seen.get(code)! + 1} and ${i + 1})`);
      else seen.set(code, i);
      if (!c.name.trim()) v.add(`${field}.name`, 'NW-F3: the institution’s name is empty');
      if (!c.contactName.trim()) v.add(`${field}.contactName`, 'NW-F3: the contact (聯絡人) is empty');
      const phone = validatePhone(c.phone);
      if (!phone.ok) v.add(`${field}.phone`, `NW-F3: ${phone.message}`);
      return { position: i + 1, level: c.level, institutionCode: code, name: c.name.trim(), contactName: c.contactName.trim(), phone: phone.ok ? phone.value : '' };
    });
  }
  v.throwIfAny();
  return { values, clients };
}

/** NW-8.4: a unit disconnected after an inspection may not apply for two years. */
async function assertNotBanned(ctx: NwContext, unitId: string): Promise<void> {
  const ban = runningSanction(await ctx.loaders.sanctionsOfUnit.load(unitId), today(ctx));
  if (ban?.kind === 'DISCONNECTION') {
    throw ruleViolation('NW-8.4', `the unit was disconnected after an inspection on ${ban.fromOn} and may not apply again before ${ban.untilOn}`, { mayApplyFrom: ban.untilOn });
  }
}

/** Applications that no longer stand in the way of a new one: refused, or revoked by a ban (NW-8.4). */
const CLOSED = ['REJECTED', 'REVOKED'];

/** Starts an IT service unit's application: its staff (owner, contact, registrant) only. */
export async function createApplication(ctx: NwContext, unitId: string, input: ApplicationInput): Promise<ApplicationRow> {
  const unit = await loadVisibleUnit(ctx, unitId);
  if (!isStaff(ctx.caller, unit)) throw forbidden('An application is made by the unit’s own staff (its owner, contact or registrant)');
  if (unit.kind !== 'IT_SERVICE_UNIT') {
    throw ruleViolation('NW-3', 'only IT service units apply to the NHI with 附件一–三; medical institutions and agencies apply to the network provider (五(一),(二))');
  }
  await assertNotBanned(ctx, unit.id);
  if (unit.grandfatheredApprovedOn) throw conflict(`${unit.name} was approved on ${unit.grandfatheredApprovedOn} and keeps that approval (NW-8.5)`);
  const { values, clients } = await checkInput(ctx, input);
  const now = ctx.now();
  const created = await ctx.db.transaction(async (tx) => {
    // The unit's row locked, so two applications started at once cannot both find none open, and a
    // ban recorded at the same moment is seen (NW-8.4).
    assertNoBan(await lockUnit(tx, unit.id, today(ctx)), 'application');
    const [open] = await tx
      .select()
      .from(nwApplications)
      .where(and(eq(nwApplications.unitId, unit.id), notInArray(nwApplications.status, CLOSED)))
      .orderBy(asc(nwApplications.createdAt))
      .limit(1);
    if (open) throw conflict(`The unit already has an application ${open.number} (${open.status.toLowerCase()})`, { applicationId: open.id });
    const [row] = await tx
      .insert(nwApplications)
      .values({
        ...values,
        number: `NW-${today(ctx).replace(/-/g, '')}-${randomBytes(3).toString('hex').toUpperCase()}`,
        unitId: unit.id,
        status: 'DRAFT',
        createdById: ctx.caller.id,
        createdAt: now,
      })
      .returning();
    if (clients?.length) await tx.insert(nwClients).values(clients.map((c) => ({ ...c, applicationId: row!.id })));
    return row!;
  });
  ctx.loaders.applicationsOfUnit.clear(unit.id);
  return created;
}

async function loadVisible(ctx: NwContext, id: string): Promise<ApplicationRow> {
  const application = checkId(new Violations(), 'id', id) ? await ctx.loaders.application.load(id) : null;
  if (!application || !(await canSeeApplication(ctx, application))) throw notFound('NhiNetworkApplication', id);
  return application;
}

/** The applicant's staff edit a draft; after submission nobody does. */
async function loadDraft(ctx: NwContext, id: string): Promise<{ application: ApplicationRow; unit: UnitRow }> {
  const application = await loadVisible(ctx, id);
  const unit = (await ctx.loaders.unit.load(application.unitId))!;
  if (!isStaff(ctx.caller, unit) && application.createdById !== ctx.caller.id) throw forbidden('Only the applicant’s staff edit or submit its application');
  if (application.status !== 'DRAFT') throw conflict(`The application is ${application.status.toLowerCase()}: it is edited only until it is submitted`);
  return { application, unit };
}

export async function updateApplication(ctx: NwContext, id: string, input: ApplicationInput): Promise<ApplicationRow> {
  const { application } = await loadDraft(ctx, id);
  const { values, clients } = await checkInput(ctx, input);
  const row = await ctx.db.transaction(async (tx) => {
    if (clients) {
      await tx.delete(nwClients).where(eq(nwClients.applicationId, id));
      if (clients.length) await tx.insert(nwClients).values(clients.map((c) => ({ ...c, applicationId: id })));
    }
    const [updated] = Object.keys(values).length
      ? await tx.update(nwApplications).set(values).where(and(eq(nwApplications.id, id), eq(nwApplications.status, 'DRAFT'))).returning()
      : await tx.select().from(nwApplications).where(and(eq(nwApplications.id, id), eq(nwApplications.status, 'DRAFT')));
    if (!updated) throw conflict(`The application ${application.number} was submitted meanwhile`);
    return updated;
  });
  ctx.loaders.clients.clear(id);
  ctx.loaders.application.clear(id);
  return row;
}

export type DocumentName = 'APPLICATION_FORM' | 'COMPANY_REGISTRATION' | 'PLEDGE' | 'CLIENT_LIST';

const FORM_FIELDS: [keyof ApplicationRow, string][] = [
  ['companyName', 'companyName (公司名稱)'],
  ['businessNumber', 'businessNumber (統一編號)'],
  ['phone', 'phone (公司電話)'],
  ['ownerId', 'owner (負責人)'],
  ['fax', 'fax (公司傳真)'],
  ['contactId', 'contact (聯絡人)'],
  ['contactTitle', 'contactTitle (職稱)'],
  ['contactPhone', 'contactPhone (聯絡人電話)'],
  ['email', 'email'],
  ['website', 'website (網址)'],
  ['address', 'address (公司地址)'],
  ['medicalCentres', 'clientCounts (院所客戶數)'],
];

/** NW-5.1: the four documents, and what each lacks. */
export function documentChecks(a: ApplicationRow, clients: ClientRow[]): { document: DocumentName; present: boolean; missing: string[] }[] {
  const form = FORM_FIELDS.filter(([k]) => a[k] == null || a[k] === '').map(([, label]) => label);
  const registration: string[] = !a.registration ? ['the print-out (經濟部公司基本資料查詢)'] : a.registration.stamped ? [] : ['the company’s stamp (加蓋公司章)'];
  const pledge = [...(a.pledgeServices?.length ? [] : ['the services (服務項目)']), ...(a.pledgeSignedOn ? [] : ['the date signed'])];
  const list = clients.length ? [] : ['at least one client'];
  return [
    { document: 'APPLICATION_FORM', present: !form.length, missing: form },
    { document: 'COMPANY_REGISTRATION', present: !registration.length, missing: registration },
    { document: 'PLEDGE', present: !pledge.length, missing: pledge },
    { document: 'CLIENT_LIST', present: !list.length, missing: list },
  ];
}

/** The form's counts by level against the list's: 醫學中心 + 區域 + 地區 are level 2, the rest level 1. */
export function countsAgreement(a: ApplicationRow, clients: ClientRow[]) {
  const form = { level2: (a.medicalCentres ?? 0) + (a.regionalHospitals ?? 0) + (a.districtHospitals ?? 0), level1: (a.clinics ?? 0) + (a.pharmacies ?? 0) + (a.otherClients ?? 0) };
  const list = { level2: clients.filter((c) => c.level === 2).length, level1: clients.filter((c) => c.level === 1).length };
  return { agree: form.level2 === list.level2 && form.level1 === list.level1, form, list };
}

/**
 * Submits a draft: NW-8.4 (no ban), NW-5.1 (the four documents, complete), NW-F3 (the counts agree
 * with the list), NW-5.2 (the name and address are the registration's). Eligibility (NW-4.2) is the
 * review's: an ineligible unit may submit and hear why it is refused.
 */
export async function submitApplication(ctx: NwContext, id: string): Promise<ApplicationRow> {
  const { application, unit } = await loadDraft(ctx, id);
  await assertNotBanned(ctx, unit.id);
  const clients = await ctx.loaders.clients.load(id);
  const incomplete = documentChecks(application, clients).filter((d) => !d.present);
  if (incomplete.length) {
    throw ruleViolation('NW-5.1', `the application is incomplete: ${incomplete.map((d) => `${d.document} lacks ${d.missing.join(', ')}`).join('; ')}`, { missing: incomplete });
  }
  const counts = countsAgreement(application, clients);
  if (!counts.agree) {
    throw ruleViolation(
      'NW-F3',
      `the form's client counts (level 2: ${counts.form.level2}, level 1: ${counts.form.level1}) disagree with the client list (level 2: ${counts.list.level2}, level 1: ${counts.list.level1})`,
      { form: counts.form, list: counts.list },
    );
  }
  const registration = application.registration!;
  const mismatches: string[] = [];
  if (!sameName(application.companyName!, registration.name)) mismatches.push(`the name ${application.companyName} is not the registered company name ${registration.name}`);
  // The print-out is the applying unit's own registration, not merely consistent with the form.
  if (!sameName(unit.name, registration.name)) mismatches.push(`the registered company name ${registration.name} is not the applying unit's name ${unit.name}`);
  if (!sameAddress(application.address!, registration.address)) mismatches.push(`the address ${application.address} is not the registered company address ${registration.address}`);
  if (mismatches.length) throw ruleViolation('NW-5.2', mismatches.join('; '));
  if (unit.businessNumber && application.businessNumber !== unit.businessNumber) {
    new Violations().add('businessNumber', `the form's 統一編號 ${application.businessNumber} is not the unit's ${unit.businessNumber}`).throwIfAny();
  }
  const [row] = await ctx.db
    .update(nwApplications)
    .set({ status: 'SUBMITTED', submittedAt: ctx.now() })
    .where(and(eq(nwApplications.id, id), eq(nwApplications.status, 'DRAFT')))
    .returning();
  if (!row) throw conflict('The application was submitted meanwhile');
  ctx.loaders.application.clear(id);
  return row;
}

export async function eligibilityOf(ctx: NwContext, a: ApplicationRow) {
  return decideEligibility(await ctx.loaders.clients.load(a.id), a.registration);
}

async function loadSubmitted(ctx: NwContext, id: string, what: string): Promise<ApplicationRow> {
  assertReviewer(ctx.caller, what);
  const application = await loadVisible(ctx, id);
  if (application.status === 'DRAFT') throw conflict('The application is a draft: it is reviewed once submitted');
  if (application.status !== 'SUBMITTED') throw conflict(`The application is already ${application.status.toLowerCase()}`);
  return application;
}

/** NW-5.3: the NHI reviews and replies; approval needs the unit eligible (NW-4.2) and not banned. */
export async function approveApplication(ctx: NwContext, id: string, input: { replyNumber: string; repliedOn?: string | null; note?: string | null }): Promise<ApplicationRow> {
  const application = await loadSubmitted(ctx, id, 'Approving an application');
  if (!input.replyNumber.trim()) new Violations().add('input.replyNumber', 'the number of the NHI’s reply (函復) is required').throwIfAny();
  checkPastDay('input.repliedOn', input.repliedOn, ctx.now());
  await assertNotBanned(ctx, application.unitId);
  const eligibility = await eligibilityOf(ctx, application);
  if (!eligibility.eligible) throw ruleViolation('NW-4.2', eligibility.explanation, { eligibility });
  return decide(ctx, id, { status: 'APPROVED', decisionNote: input.note?.trim() || null, replyNumber: input.replyNumber.trim(), repliedOn: input.repliedOn ?? today(ctx) });
}

export async function rejectApplication(ctx: NwContext, id: string, note: string): Promise<ApplicationRow> {
  await loadSubmitted(ctx, id, 'Rejecting an application');
  if (!note.trim()) new Violations().add('note', 'say why the application is refused').throwIfAny();
  return decide(ctx, id, { status: 'REJECTED', decisionNote: note.trim(), repliedOn: today(ctx) });
}

async function decide(ctx: NwContext, id: string, set: Partial<ApplicationRow>): Promise<ApplicationRow> {
  const [row] = await ctx.db
    .update(nwApplications)
    .set({ ...set, reviewerId: ctx.caller.id, decidedAt: ctx.now() })
    .where(and(eq(nwApplications.id, id), eq(nwApplications.status, 'SUBMITTED')))
    .returning();
  if (!row) throw conflict('The application was decided meanwhile');
  ctx.loaders.application.clear(id);
  return row;
}

export async function listApplications(db: Db, caller: Caller, filter: { unitId?: string | null; status?: string | null }, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.unitId', filter.unitId);
  const page = parsePage<[string, string]>(args, 2);
  v.throwIfAny();
  const scope = isReviewer(caller)
    ? undefined
    : or(eq(nwApplications.createdById, caller.id), inArray(nwApplications.unitId, db.select({ id: nwUnits.id }).from(nwUnits).where(staffScope(caller))));
  const where = and(scope, filter.unitId ? eq(nwApplications.unitId, filter.unitId) : undefined, filter.status ? eq(nwApplications.status, filter.status) : undefined);
  const after = page.after ? sql`(${nwApplications.createdAt}, ${nwApplications.id}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = await db.select().from(nwApplications).where(and(where, after)).orderBy(asc(nwApplications.createdAt), asc(nwApplications.id)).limit(page.limit + 1);
  return toConnection(rows, page, (r) => [r.createdAt.toISOString(), r.id], async () => (await db.select({ n: count() }).from(nwApplications).where(where))[0]!.n);
}
