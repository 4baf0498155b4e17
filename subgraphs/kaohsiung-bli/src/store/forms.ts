import { isIP } from 'node:net';
import { and, asc, count, eq, inArray, or, sql } from 'drizzle-orm';
import { grantPermission, revokeMatching, tables, type Caller, type Db, type KhFormCopy, type KhItemChange, type Tx } from '@webir/db';
import { formNumber, signForm, type SignoffRole } from '@webir/db/regime';
import {
  addYears,
  checkId,
  conflict,
  forbidden,
  notFound,
  parsePage,
  ruleViolation,
  taipeiDay,
  toConnection,
  validateEmail,
  validatePhone,
  Violations,
  type PageArgs,
} from '@webir/kit';
import type { KhContext } from '../context.ts';
import type { FormRow } from '../loaders.ts';
import { administeredHere, administers, AGENCY_ADMIN, assertAdministers, assertItCentre, assertLabourBureau, assertRequestingAgency, isItCentre, isLabourBureau, QUERIER, readsRegime, REGIME } from './access.ts';
import { checkItems, revokeItems } from './bodies.ts';
import { agencyItems, cityItems } from './items.ts';

const { khForms, khFormSignoffs, khAccounts, khItemHoldings, permissions } = tables;

type Kind = 'ADMINISTRATOR' | 'QUERIER' | 'ITEMS';
type Action = 'ADD' | 'DELETE' | 'CHANGE_ITEMS';
const PAPER = { ADMINISTRATOR: '附表二', QUERIER: '附表三', ITEMS: '附表四' } as const;
const PREFIX = { ADMINISTRATOR: 'K2', QUERIER: 'K3', ITEMS: 'K4' } as const;
/** The rule each form's flow carries out. */
const RULE = { ADMINISTRATOR: 'KH-4.2', QUERIER: 'KH-4.3', ITEMS: 'KH-5.1' } as const;
const formRef = (form: FormRow) => ({ type: `${REGIME}/${PAPER[form.form as Kind]}`, id: form.id });

export interface FormInput {
  form: Kind;
  action: Action;
  agencyId: string;
  applicantId?: string | null;
  section: string;
  phone: string;
  email: string;
  myegovAccount?: string | null;
  certificateUploaded?: boolean | null;
  privacyAcknowledged?: boolean | null;
  legalBasis?: string | null;
  ipAddress?: string | null;
  itemChanges?: { item: string; action: 'ADD' | 'DELETE' }[] | null;
}

/** Files 附表二, 附表三 or 附表四 with every field it has; it then waits for its three sign-offs. */
export async function fileForm(ctx: KhContext, input: FormInput): Promise<FormRow> {
  const { caller } = ctx;
  const v = new Violations();
  checkId(v, 'input.agencyId', input.agencyId);
  checkId(v, 'input.applicantId', input.applicantId);
  if (!input.section.trim()) v.add('input.section', 'the section (科室) is required');
  const phone = validatePhone(input.phone);
  if (!phone.ok) v.add('input.phone', phone.message);
  const email = validateEmail(input.email);
  if (!email.ok) v.add('input.email', email.message);
  const changes = input.itemChanges ?? [];
  const needsItems = input.form === 'ITEMS' || (input.form === 'QUERIER' && input.action !== 'DELETE');
  if (input.form === 'ADMINISTRATOR' && input.action === 'CHANGE_ITEMS') v.add('input.action', '附表二 adds or deletes an administrator; items are applied for on 附表四');
  if (input.form === 'ITEMS' && input.action !== 'CHANGE_ITEMS') v.add('input.action', '附表四 changes the agency’s items: CHANGE_ITEMS');
  if (needsItems) {
    checkItems(v, 'input.itemChanges', changes.map((c) => c.item));
    if (input.form === 'QUERIER' && input.action === 'ADD' && changes.some((c) => c.action === 'DELETE')) v.add('input.itemChanges', 'a new querier’s form only adds items');
    if (!input.legalBasis?.trim()) v.add('input.legalBasis', 'attach the legal basis of the items (相關法令依據)');
  } else if (changes.length) v.add('input.itemChanges', `${PAPER[input.form]} ${input.action === 'DELETE' ? 'deleting an account' : ''} carries no items`.replace('  ', ' '));
  const wantsAddress = input.form === 'ITEMS' || (input.form === 'QUERIER' && input.action === 'ADD');
  if (wantsAddress && !input.ipAddress?.trim()) v.add('input.ipAddress', 'the legal IP address of the querying computer (連線勞保查詢系統之電腦合法 IP) is required');
  if (input.ipAddress?.trim() && !isIP(input.ipAddress.trim())) v.add('input.ipAddress', `${input.ipAddress} is not an IP address`);
  v.throwIfAny();

  // Who files: the applicant for their own agency, or its administrator for them. 附表四 is the administrator's (KH-3.4).
  const applicantId = input.applicantId ?? caller.id;
  if (input.form === 'ITEMS') {
    assertAdministers(caller, input.agencyId, 'KH-3.4', 'Applying for the agency’s items (附表四)');
    if (applicantId !== caller.id) new Violations().add('input.applicantId', 'the administrator applies for the agency’s items as themselves').throwIfAny();
  } else if (applicantId === caller.id ? caller.person.agencyId !== input.agencyId : !administers(caller, input.agencyId)) {
    throw forbidden(applicantId === caller.id ? 'You apply for an account at your own agency only' : 'Filing for someone else: the agency’s administrator only');
  }
  const applicant = await ctx.loaders.person.load(applicantId);
  if (!applicant) throw notFound('Person', applicantId);
  if (applicant.agencyId !== input.agencyId) new Violations().add('input.agencyId', 'the applicant does not work at this agency').throwIfAny();
  if (applicant.employmentStatus !== 'ACTIVE') throw ruleViolation('KH-4.4', `${applicant.name} is ${applicant.employmentStatus.toLowerCase()}: a successor applies afresh`);
  await assertRequestingAgency(ctx.db, input.agencyId);
  // KH-4.1: an account rests on the applicant's own MyEGov public-servant account, with the certificate uploaded.
  if (input.form !== 'ITEMS' && input.action === 'ADD') {
    if (!applicant.myegovAccount) throw ruleViolation('KH-4.1', `${applicant.name} has no MyEGov public-servant account: apply on 我的e政府 first`);
    if (input.myegovAccount?.trim().toLowerCase() !== applicant.myegovAccount) throw ruleViolation('KH-4.1', 'the MyEGov account on the form is not the applicant’s own');
    if (!input.certificateUploaded) throw ruleViolation('KH-4.1', 'the citizen certificate must be uploaded to MyEGov before an account is applied for');
    if (input.form === 'QUERIER' && !input.privacyAcknowledged) throw ruleViolation('KH-7', 'the querier must have read the Personal Data Protection Act and follow these rules (附表三 (3))');
  }
  const kind = input.form === 'ITEMS' ? null : input.form;
  if (kind) {
    const [open] = await ctx.db
      .select({ id: khAccounts.id })
      .from(khAccounts)
      .where(and(eq(khAccounts.personId, applicantId), eq(khAccounts.agencyId, input.agencyId), eq(khAccounts.kind, kind), eq(khAccounts.status, 'ACTIVE')));
    if (input.action === 'ADD' && open) throw conflict(`${applicant.name} holds a ${kind.toLowerCase()} account already`);
    if (input.action !== 'ADD' && !open) throw conflict(`${applicant.name} holds no ${kind.toLowerCase()} account to ${input.action === 'DELETE' ? 'delete' : 'change'}`);
  }

  const now = ctx.now();
  const [row] = await ctx.db
    .insert(khForms)
    .values({
      number: formNumber(PREFIX[input.form], now),
      form: input.form,
      action: input.action,
      agencyId: input.agencyId,
      applicantId,
      section: input.section.trim(),
      phone: phone.ok ? phone.value : '',
      email: email.ok ? email.value : '',
      myegovAccount: input.form === 'ITEMS' ? null : applicant.myegovAccount,
      certificateUploaded: Boolean(input.certificateUploaded),
      privacyAcknowledged: Boolean(input.privacyAcknowledged),
      legalBasis: input.legalBasis?.trim() || null,
      ipAddress: input.ipAddress?.trim() || null,
      itemChanges: changes.map((c) => ({ item: c.item, action: c.action, decision: null, bliDecision: null })),
      appliedOn: taipeiDay(now),
      status: 'SIGNING',
      createdById: caller.id,
      createdAt: now,
    })
    .returning();
  return row!;
}

/** Applicant, section chief, agency head (KH-4.2, KH-4.3); then to the Labour Bureau, or to the agency administrator (附表三). */
export async function signKhForm(ctx: KhContext, id: string, role: SignoffRole): Promise<FormRow> {
  const form = await loadVisible(ctx, id);
  // The administrator sets a 附表三 up: they do not also sign it as the head (separation of duties).
  if (role === 'AGENCY_HEAD' && form.form === 'QUERIER' && administers(ctx.caller, form.agencyId)) {
    throw ruleViolation('KH-4.3', 'the agency administrator sets the querier account up, so the head’s sign-off is someone else’s');
  }
  const row = await signForm(ctx.db, { forms: khForms, signoffs: khFormSignoffs }, {
    form,
    applicant: (await ctx.loaders.person.load(form.applicantId))!,
    signer: ctx.caller.person,
    role,
    rule: RULE[form.form as Kind],
    whenSigned: form.form === 'QUERIER' ? 'SETUP' : 'REVIEW',
    now: ctx.now(),
  });
  forget(ctx, id);
  return row;
}

type Decisions = { item: string; decision: 'APPROVED' | 'REJECTED' }[];

/** Every item on the form decided once, and nothing else. */
function decide(changes: KhItemChange[], decisions: Decisions | null | undefined, field: string, key: 'decision' | 'bliDecision', only?: (c: KhItemChange) => boolean): KhItemChange[] {
  const v = new Violations();
  const wanted = changes.filter(only ?? (() => true)).map((c) => c.item);
  const given = (decisions ?? []).map((d) => d.item);
  const missing = wanted.filter((i) => !given.includes(i));
  const extra = given.filter((i) => !wanted.includes(i));
  if (missing.length) v.add(field, `decide every item: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} undecided`);
  if (extra.length) v.add(field, `${extra.join(', ')} ${extra.length > 1 ? 'are' : 'is'} not to be decided here`);
  if (new Set(given).size !== given.length) v.add(field, 'an item is decided twice');
  v.throwIfAny();
  return changes.map((c) => {
    const d = decisions?.find((x) => x.item === c.item);
    return d ? { ...c, [key]: d.decision } : c;
  });
}

/** KH-3.2, KH-4.2, KH-5.1: the Labour Bureau reviews 附表二 and 附表四 (item by item), and no one else. */
export async function reviewForm(ctx: KhContext, id: string, input: { decision: 'APPROVED' | 'REJECTED'; note?: string | null; items?: Decisions | null }): Promise<FormRow> {
  const form = await loadVisible(ctx, id);
  const rule = form.form === 'ITEMS' ? 'KH-3.2' : 'KH-4.2';
  if (form.form === 'QUERIER') throw ruleViolation('KH-5.1', '附表三 is reviewed by the agency’s administrator when it is set up, not by the Labour Bureau');
  assertLabourBureau(ctx.caller, rule, `Reviewing ${PAPER[form.form as Kind]}`);
  if (form.status !== 'REVIEW') {
    if (form.status === 'SIGNING') throw ruleViolation(rule, 'the form needs its three sign-offs (applicant, section chief, agency head) first');
    throw conflict(`The form is ${form.status.toLowerCase()}: it was reviewed already`);
  }
  if (input.decision === 'REJECTED' && !input.note?.trim()) new Violations().add('input.note', 'say why it is not approved (審核意見)').throwIfAny();
  let changes = form.itemChanges;
  if (form.form === 'ITEMS') changes = decide(changes, input.items, 'input.items', 'decision');
  else if (input.items?.length) new Violations().add('input.items', '附表二 carries no items').throwIfAny();
  const approved = input.decision === 'APPROVED' && (form.form !== 'ITEMS' || changes.some((c) => c.decision === 'APPROVED'));
  if (input.decision === 'REJECTED') changes = changes.map((c) => ({ ...c, decision: 'REJECTED' }));
  const now = ctx.now();
  const [row] = await ctx.db
    .update(khForms)
    .set({
      status: approved ? 'SETUP' : 'REJECTED',
      itemChanges: changes,
      reviewerId: ctx.caller.id,
      reviewedAt: now,
      reviewNote: input.note?.trim() || null,
      retainUntil: approved ? null : addYears(taipeiDay(now), 1),
    })
    .where(and(eq(khForms.id, id), eq(khForms.status, 'REVIEW')))
    .returning();
  if (!row) throw conflict('The form was reviewed meanwhile');
  forget(ctx, id);
  return row;
}

export interface SetUpInput {
  note?: string | null;
  items?: Decisions | null;
  bliDecisions?: Decisions | null;
  bliReference?: string | null;
}

/**
 * Sets a reviewed form up, and changes accounts, items and permissions in the same transaction:
 * 附表二 and 附表四 by the IT centre (KH-3.1, KH-4.2, KH-5.1), 附表三 by the agency's administrator
 * deciding per item (KH-3.4, KH-4.3, KH-5.1).
 */
export async function setUpForm(ctx: KhContext, id: string, input: SetUpInput = {}): Promise<FormRow> {
  const form = await loadVisible(ctx, id);
  const kind = form.form as Kind;
  if (kind === 'QUERIER') assertAdministers(ctx.caller, form.agencyId, 'KH-4.3', 'Setting up a querier account (附表三)');
  else assertItCentre(ctx.caller, kind === 'ADMINISTRATOR' ? 'KH-4.2' : 'KH-3.1', `Setting up ${PAPER[kind]}`);
  if (form.status !== 'SETUP') {
    if (form.status === 'SIGNING') throw ruleViolation(RULE[kind], 'the form needs its three sign-offs first');
    if (form.status === 'REVIEW') throw ruleViolation('KH-4.2', 'the Labour Bureau reviews the form before the IT centre sets it up');
    throw conflict(`The form is ${form.status.toLowerCase()}`);
  }
  if (form.applicantId === ctx.caller.id && kind === 'QUERIER') throw ruleViolation('KH-4.3', 'nobody sets up their own querier account');
  let changes = form.itemChanges;
  if (kind === 'QUERIER' && form.action !== 'DELETE') changes = decide(changes, input.items, 'input.items', 'decision');
  else if (input.items?.length) new Violations().add('input.items', `${PAPER[kind]} was decided item by item at its review`).throwIfAny();

  const now = ctx.now();
  const city = await cityItems(ctx.db);
  const agencyHeld = (await agencyItems(ctx.db, [form.agencyId])).get(form.agencyId)!;
  if (kind === 'ITEMS') {
    // Items the city lacks go through the IT centre to the BLI, whose decision is recorded (KH-3.1, KH-5.1).
    const needBli = (c: KhItemChange) => c.action === 'ADD' && c.decision === 'APPROVED' && !city.has(c.item);
    changes = decide(changes, input.bliDecisions, 'input.bliDecisions', 'bliDecision', needBli);
    if (changes.some(needBli) && (input.bliReference?.trim().length ?? 0) < 4) new Violations().add('input.bliReference', 'cite the BLI’s decision (its letter’s number)').throwIfAny();
  }
  if (kind === 'QUERIER') {
    // KH-5.2: a querier's items lie within the agency's, which lie within the city's.
    const beyond = changes.filter((c) => c.action === 'ADD' && c.decision === 'APPROVED' && !(agencyHeld.has(c.item) && city.has(c.item))).map((c) => c.item);
    if (beyond.length) throw ruleViolation('KH-5.2', `the agency does not hold ${beyond.join(', ')}: apply for the agency’s items on 附表四 first`);
    if (form.action === 'ADD' && !changes.some((c) => c.decision === 'APPROVED')) new Violations().add('input.items', 'a new querier account needs at least one approved item').throwIfAny();
  }

  await ctx.caller.scope(); // before the transaction: PGlite has one connection
  const row = await ctx.db.transaction(async (tx) => {
    await assertRequestingAgency(tx, form.agencyId, 'share');
    // KH-5.2 again inside the transaction that grants, on the city's and the agency's holdings locked
    // (FOR SHARE): an item withdrawn at the same moment either waits for this grant (and then revokes
    // it with the agency's) or is gone before this reads it. The reads above only refuse early.
    const city = await cityItems(tx, 'share');
    const agencyHeld = (await agencyItems(tx, [form.agencyId], 'share')).get(form.agencyId)!;
    if (kind === 'QUERIER') {
      const beyond = changes.filter((c) => c.action === 'ADD' && c.decision === 'APPROVED' && !(agencyHeld.has(c.item) && city.has(c.item))).map((c) => c.item);
      if (beyond.length) throw ruleViolation('KH-5.2', `the agency does not hold ${beyond.join(', ')}: apply for the agency’s items on 附表四 first`);
    }
    const by = { grantedById: ctx.caller.id, at: now };
    const grant = (role: string, item: string | null) =>
      grantPermission(tx, { personId: form.applicantId, agencyId: form.agencyId, regime: REGIME, role, serviceItemId: item ? `${REGIME}:${item}` : null, reason: `${PAPER[kind]} ${form.number}`, form: formRef(form), ...by });
    const ended = { revokedById: ctx.caller.id, reason: `${PAPER[kind]} ${form.number}`, at: now };
    const holder = { personId: form.applicantId, agencyId: form.agencyId, regime: REGIME };
    if (kind === 'ADMINISTRATOR' || (kind === 'QUERIER' && form.action !== 'CHANGE_ITEMS')) {
      const role = kind === 'ADMINISTRATOR' ? AGENCY_ADMIN : QUERIER;
      if (form.action === 'ADD') {
        if (kind === 'ADMINISTRATOR') await grant(role, null);
        else for (const c of changes.filter((c) => c.decision === 'APPROVED')) await grant(role, c.item);
        await tx.insert(khAccounts).values({ personId: form.applicantId, agencyId: form.agencyId, kind, myegovAccount: form.myegovAccount!, ipAddress: form.ipAddress, formId: form.id, createdAt: now });
      } else {
        await revokeMatching(tx, { ...holder, role }, ended);
        await closeAccount(tx, form, kind, now, `${PAPER[kind]} ${form.number}`);
      }
    } else if (kind === 'QUERIER') {
      const held = await heldItems(tx, form.applicantId, form.agencyId);
      for (const c of changes.filter((c) => c.decision === 'APPROVED')) {
        if (c.action === 'ADD' && !held.has(c.item)) await grant(QUERIER, c.item);
        if (c.action === 'DELETE') await revokeMatching(tx, { ...holder, serviceItemIds: [`${REGIME}:${c.item}`] }, ended);
      }
      if (form.ipAddress) await tx.update(khAccounts).set({ ipAddress: form.ipAddress }).where(and(eq(khAccounts.personId, form.applicantId), eq(khAccounts.agencyId, form.agencyId), eq(khAccounts.kind, 'QUERIER'), eq(khAccounts.status, 'ACTIVE')));
    } else {
      const holding = { legalBasis: form.legalBasis ?? '', grantedAt: now, grantedById: ctx.caller.id };
      for (const c of changes.filter((c) => c.decision === 'APPROVED')) {
        if (c.action === 'ADD') {
          if (c.bliDecision === 'REJECTED') continue;
          if (c.bliDecision === 'APPROVED') await tx.insert(khItemHoldings).values({ level: 'CITY', agencyId: null, item: c.item, decisionReference: input.bliReference!.trim(), ...holding });
          if (!agencyHeld.has(c.item)) await tx.insert(khItemHoldings).values({ level: 'AGENCY', agencyId: form.agencyId, item: c.item, decisionReference: form.number, formId: form.id, ...holding });
        } else {
          await tx.update(khItemHoldings).set({ status: 'REMOVED', removedAt: now, removedById: ctx.caller.id }).where(and(eq(khItemHoldings.level, 'AGENCY'), eq(khItemHoldings.agencyId, form.agencyId), eq(khItemHoldings.item, c.item), eq(khItemHoldings.status, 'ACTIVE')));
          await revokeItems(tx, form.agencyId, [c.item], { revokedById: ctx.caller.id, reason: `KH-5.2: the agency no longer holds ${c.item} (${form.number})`, at: now });
        }
      }
    }
    const [done] = await tx
      .update(khForms)
      .set({ status: 'DONE', itemChanges: changes, setUpById: ctx.caller.id, setUpAt: now, setUpNote: input.note?.trim() || null, retainUntil: addYears(taipeiDay(now), 1) })
      .where(and(eq(khForms.id, id), eq(khForms.status, 'SETUP')))
      .returning();
    if (!done) throw conflict('The form was set up meanwhile');
    return done;
  });
  forget(ctx, id);
  return row;
}

async function heldItems(tx: Tx, personId: string, agencyId: string): Promise<Set<string>> {
  const rows = await tx
    .select({ item: permissions.serviceItemId })
    .from(permissions)
    .where(and(eq(permissions.personId, personId), eq(permissions.agencyId, agencyId), eq(permissions.regimeCode, REGIME), eq(permissions.role, QUERIER), eq(permissions.status, 'ACTIVE')));
  return new Set(rows.map((r) => r.item!.slice(REGIME.length + 1)));
}

export async function closeAccount(tx: Tx, at: { applicantId: string; agencyId: string }, kind: string, now: Date, reason: string) {
  return closeAccounts(tx, { personId: at.applicantId, agencyId: at.agencyId, kind }, now, reason);
}

/**
 * Deletes a person's active accounts, in one statement: one kind at one agency (a 附表二/三 DELETE,
 * KH-4.4 by the administrator), or every one they hold (X-1 offboarding). Closed, never removed.
 */
export async function closeAccounts(tx: Tx, match: { personId: string; agencyId?: string; kind?: string }, now: Date, reason: string) {
  return tx
    .update(khAccounts)
    .set({ status: 'DELETED', deletedAt: now, deletedReason: reason })
    .where(
      and(
        eq(khAccounts.personId, match.personId),
        match.agencyId ? eq(khAccounts.agencyId, match.agencyId) : undefined,
        match.kind ? eq(khAccounts.kind, match.kind) : undefined,
        eq(khAccounts.status, 'ACTIVE'),
      ),
    )
    .returning();
}

/** KH-F: each of the three originals is kept by its holder, who records it once the form is set up. */
export async function recordCopy(ctx: KhContext, id: string, holder: KhFormCopy['holder']): Promise<FormRow> {
  const form = await loadVisible(ctx, id);
  if (form.status !== 'DONE') throw ruleViolation('KH-F', 'the originals are filed once the form is set up (帳號設定後)');
  const allowed = holder === 'IT_CENTRE' ? isItCentre(ctx.caller) : holder === 'LABOUR_BUREAU' ? isLabourBureau(ctx.caller) : administers(ctx.caller, form.agencyId);
  if (!allowed) throw ruleViolation('KH-F', `the ${holder.toLowerCase().replace('_', ' ')}’s original is recorded by that body itself`);
  if (form.copies.some((c) => c.holder === holder)) throw conflict(`The ${holder.toLowerCase().replace('_', ' ')}’s original is recorded already`);
  // Appended in SQL, and only if that holder's is not there yet: two bodies recording at once keep both.
  const copy = JSON.stringify([{ holder, keptOn: taipeiDay(ctx.now()), keptById: ctx.caller.id }]);
  const [row] = await ctx.db
    .update(khForms)
    .set({ copies: sql`${khForms.copies} || ${copy}::jsonb` })
    .where(and(eq(khForms.id, id), sql`not ${khForms.copies} @> ${JSON.stringify([{ holder }])}::jsonb`))
    .returning();
  if (!row) throw conflict(`The ${holder.toLowerCase().replace('_', ' ')}’s original is recorded already`);
  forget(ctx, id);
  return row;
}

/** KH-7: the applicant and whoever filed it, the agency's administrator, the IT centre and the Labour Bureau. */
export function canSeeForm(caller: Caller, form: FormRow): boolean {
  return readsRegime(caller) || form.applicantId === caller.id || form.createdById === caller.id || administers(caller, form.agencyId);
}

/**
 * Signers see the form: the applicant's supervisor (the section chief) always, the agency's staff while
 * it waits for the head's sign-off, and whoever has signed it.
 */
async function canSeeAsSigner(ctx: KhContext, form: FormRow): Promise<boolean> {
  const applicant = await ctx.loaders.person.load(form.applicantId);
  if (applicant?.supervisorId === ctx.caller.id) return true;
  if (form.status === 'SIGNING' && ctx.caller.person.agencyId === form.agencyId) return true;
  return (await ctx.loaders.signoffs.load(form.id)).some((s) => s.signerId === ctx.caller.id);
}

/** The form when it exists and the caller may see it, else null; any other failure is thrown. */
export async function findVisible(ctx: KhContext, id: string): Promise<FormRow | null> {
  const form = checkId(new Violations(), 'id', id) ? await ctx.loaders.form.load(id) : null;
  return form && (canSeeForm(ctx.caller, form) || (await canSeeAsSigner(ctx, form))) ? form : null;
}

export async function loadVisible(ctx: KhContext, id: string): Promise<FormRow> {
  const form = await findVisible(ctx, id);
  if (!form) throw notFound('KhForm', id);
  return form;
}

function forget(ctx: KhContext, id: string) {
  ctx.loaders.form.clear(id);
  ctx.loaders.signoffs.clear(id);
}

export interface FormFilter {
  agencyId?: string | null;
  form?: string | null;
  status?: string | null;
}

export async function listForms(db: Db, caller: Caller, filter: FormFilter, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.agencyId', filter.agencyId);
  const page = parsePage<[string, string]>(args, 2);
  v.throwIfAny();
  const administered = administeredHere(caller);
  const scope = readsRegime(caller)
    ? undefined
    : or(eq(khForms.applicantId, caller.id), eq(khForms.createdById, caller.id), administered.length ? inArray(khForms.agencyId, administered) : undefined);
  const where = and(
    scope,
    filter.agencyId ? eq(khForms.agencyId, filter.agencyId) : undefined,
    filter.form ? eq(khForms.form, filter.form) : undefined,
    filter.status ? eq(khForms.status, filter.status) : undefined,
  );
  const after = page.after ? sql`(${khForms.createdAt}, ${khForms.id}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = await db.select().from(khForms).where(and(where, after)).orderBy(asc(khForms.createdAt), asc(khForms.id)).limit(page.limit + 1);
  return toConnection(rows, page, (r) => [r.createdAt.toISOString(), r.id], async () => (await db.select({ n: count() }).from(khForms).where(where))[0]!.n);
}

/** Who acts next, in words, for the form's reader. */
export function nextStep(form: FormRow, signed: number): string | null {
  switch (form.status) {
    case 'SIGNING':
      return ['the applicant signs', 'the section chief signs (單位主管核章)', 'the agency head signs (機關首長核章)'][signed] ?? null;
    case 'REVIEW':
      return 'the Labour Bureau reviews it (權責管理機關審核)';
    case 'SETUP':
      return form.form === 'QUERIER' ? 'the agency administrator sets the account up and decides each item' : 'the IT centre sets it up (總管理機關設定)';
    case 'DONE':
      return form.copies.length < 3 ? 'the three originals are filed: IT centre, Labour Bureau, agency (KH-F)' : null;
    default:
      return null;
  }
}
