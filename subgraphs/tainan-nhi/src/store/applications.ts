import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { grantPermission, revokePermission, serviceItemId, tables, type Caller, type Db, type Tx } from '@webir/db';
import { signForm, type SignoffRole } from '@webir/db/regime';
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
import type { TnContext } from '../context.ts';
import type { ApplicationRow } from '../loaders.ts';
import { AGENCY_ADMIN, assertNotAuditorOnly, CHIEF_ADMIN, isChief, readsRegime, REGIME, USER } from './access.ts';
import { assertEnrolled } from './enrolments.ts';
import { approverFor } from './routing.ts';

const { applications, applicationSignoffs, permissions } = tables;

export const ITEM_CODES = Array.from({ length: 13 }, (_, i) => String(i + 1).padStart(2, '0'));
const FORM_TYPE = { ADMINISTRATOR: 'TN_NHI/附表一', USER: 'TN_NHI/附表二' } as const;

export interface ApplicationInput {
  form: 'ADMINISTRATOR' | 'USER';
  kind: 'NEW' | 'CHANGE';
  agencyId: string;
  applicantId?: string | null;
  section: string;
  phone: string;
  email: string;
  myegovAccount: string;
  adminAction?: 'ADD' | 'DELETE' | null;
  itemChanges?: { item: string; action: 'ADD' | 'DELETE' }[] | null;
  reason: string;
  privacyAcknowledged: boolean;
}

/** Files 附表一 or 附表二, with every field the form has; it then waits for its three sign-offs. */
export async function fileApplication(ctx: TnContext, input: ApplicationInput): Promise<ApplicationRow> {
  const { caller } = ctx;
  assertNotAuditorOnly(caller, 'Filing an application');
  const v = new Violations();
  checkId(v, 'input.agencyId', input.agencyId);
  checkId(v, 'input.applicantId', input.applicantId);
  if (!input.section.trim()) v.add('input.section', 'the section (科股名稱) is required');
  const phone = validatePhone(input.phone);
  if (!phone.ok) v.add('input.phone', phone.message);
  const email = validateEmail(input.email);
  if (!email.ok) v.add('input.email', email.message);
  if (input.reason.trim().length < 10) v.add('input.reason', 'explain the reason in full (說明不清將退件): at least 10 characters');
  const changes = input.itemChanges ?? [];
  if (input.form === 'ADMINISTRATOR') {
    if (!input.adminAction) v.add('input.adminAction', '附表一 asks to add or delete the administrator role');
    if (changes.length) v.add('input.itemChanges', '附表一 carries no query items; items are granted on 附表二');
  } else {
    if (input.adminAction) v.add('input.adminAction', '附表二 is for users; administrators apply on 附表一');
    if (!changes.length) v.add('input.itemChanges', '附表二 asks to add or delete at least one of the 13 items');
    const unknown = changes.filter((c) => !ITEM_CODES.includes(c.item)).map((c) => c.item);
    if (unknown.length) v.add('input.itemChanges', `unknown items ${unknown.join(', ')}: the items are 01–13`);
    if (new Set(changes.map((c) => c.item)).size !== changes.length) v.add('input.itemChanges', 'an item appears twice');
  }
  v.throwIfAny();
  // TN-5.2: 未勾選者，不予開放權限.
  if (!input.privacyAcknowledged) throw ruleViolation('TN-5.2', 'the privacy notice (個資保護提醒事項) must be acknowledged, or no access is opened');

  const applicantId = input.applicantId ?? caller.id;
  const applicant = await ctx.loaders.person.load(applicantId);
  if (!applicant) throw notFound('Person', applicantId);
  if (applicant.agencyId !== input.agencyId) new Violations().add('input.agencyId', 'the applicant does not work at this agency').throwIfAny();
  if (applicantId !== caller.id && !isChief(caller) && !(await caller.scope()).write.has(input.agencyId)) {
    throw forbidden('Filing for someone else: their agency administrator or the chief administrator only');
  }
  // TN-6.1: a personal MyEGov account bound to the applicant's citizen certificate.
  if (!applicant.myegovAccount) throw ruleViolation('TN-6.1', `${applicant.name} has no MyEGov public-servant account in the directory`);
  if (input.myegovAccount.trim().toLowerCase() !== applicant.myegovAccount) {
    throw ruleViolation('TN-6.1', 'the MyEGov account on the form is not the applicant’s own: accounts are personal, never shared');
  }
  if (applicant.employmentStatus !== 'ACTIVE') throw ruleViolation('TN-4.3', `${applicant.name} is ${applicant.employmentStatus.toLowerCase()}`);
  await assertEnrolled(ctx.db, input.agencyId);

  const now = ctx.now();
  const day = taipeiDay(now).replace(/-/g, '');
  const [row] = await ctx.db
    .insert(applications)
    .values({
      number: `${input.form === 'ADMINISTRATOR' ? 'F1' : 'F2'}-${day}-${randomBytes(3).toString('hex').toUpperCase()}`,
      form: input.form,
      kind: input.kind,
      agencyId: input.agencyId,
      applicantId,
      section: input.section.trim(),
      phone: phone.ok ? phone.value : '',
      email: email.ok ? email.value : '',
      myegovAccount: applicant.myegovAccount,
      adminAction: input.adminAction ?? null,
      itemChanges: changes,
      reason: input.reason.trim(),
      privacyAcknowledged: true,
      appliedOn: taipeiDay(now),
      status: 'SIGNING',
      createdById: caller.id,
      createdAt: now,
    })
    .returning();
  return row!;
}

/**
 * TN-5.2: the three sign-offs, in order. The applicant signs as themselves; the section chief is
 * the applicant's supervisor in the directory; the agency head is someone else at the agency.
 */
export async function signApplication(ctx: TnContext, id: string, role: SignoffRole): Promise<ApplicationRow> {
  const application = await loadForSigning(ctx, id);
  const row = await signForm(ctx.db, { forms: applications, signoffs: applicationSignoffs }, {
    form: application,
    applicant: (await ctx.loaders.person.load(application.applicantId))!,
    signer: ctx.caller.person,
    role,
    rule: 'TN-5.2',
    whenSigned: 'SUBMITTED',
    now: ctx.now(),
  });
  ctx.loaders.signoffs.clear(id); // the answer lists the sign-offs: not the ones loaded before this one
  ctx.loaders.application.clear(id);
  return row;
}

/** The approver must be who the routing names (TN-4.1, TN-4.2, TN-5.3), and never the applicant. */
async function assertApprover(ctx: TnContext, application: ApplicationRow): Promise<void> {
  const agency = (await ctx.loaders.agency.load(application.agencyId))!;
  const approver = approverFor(application, agency);
  const caller = ctx.caller;
  const allowed = approver.role === CHIEF_ADMIN ? caller.holds(REGIME, CHIEF_ADMIN) : caller.holds(REGIME, AGENCY_ADMIN, approver.agencyId!);
  if (!allowed) throw ruleViolation(approver.rule, `this application is decided by ${approver.describe}`);
  if (application.applicantId === caller.id) throw ruleViolation(approver.rule, 'nobody approves their own application');
}

export interface ApproveInput {
  accessOpensOn?: string | null;
  note?: string | null;
}

/** Approval changes the permissions in the same transaction: both commit, or neither. */
export async function approveApplication(ctx: TnContext, id: string, input: ApproveInput = {}): Promise<ApplicationRow> {
  const application = await loadVisible(ctx, id);
  assertNotAuditorOnly(ctx.caller, 'Approving an application');
  if (application.status !== 'SUBMITTED') {
    if (application.status === 'SIGNING') throw ruleViolation('TN-5.2', 'the application needs all three sign-offs (applicant, section chief, agency head) first');
    throw conflict(`The application is already ${application.status.toLowerCase()}`);
  }
  await assertApprover(ctx, application);
  const now = ctx.now();
  const opens = input.accessOpensOn ?? taipeiDay(now);
  const form = { type: FORM_TYPE[application.form as 'ADMINISTRATOR' | 'USER'], id: application.id };
  await ctx.caller.scope();
  return ctx.db.transaction(async (tx) => {
    // The application's row locked first: a second approval (or a rejection) sent at the same moment
    // waits, then finds it decided. TN-3.1 across different applications is the unique index's.
    const [locked] = await tx.select({ status: applications.status }).from(applications).where(eq(applications.id, id)).for('update');
    if (locked?.status !== 'SUBMITTED') throw conflict(`The application is already ${(locked?.status ?? 'removed').toLowerCase()}`);
    await assertEnrolled(tx, application.agencyId, 'share');
    const grant = { personId: application.applicantId, agencyId: application.agencyId, regime: REGIME, grantedById: ctx.caller.id, form, effectiveFrom: opens, at: now };
    const revoke = { revokedById: ctx.caller.id, at: now, reason: `${form.type} ${application.number}` };
    if (application.form === 'ADMINISTRATOR') {
      const current = await activeGrants(tx, { agencyId: application.agencyId, role: AGENCY_ADMIN });
      if (application.adminAction === 'ADD') {
        const others = current.filter((p) => p.personId !== application.applicantId);
        // TN-3.1: at most one administrator per agency; a change (業務及權限調整) replaces the predecessor.
        if (others.length && application.kind !== 'CHANGE') throw ruleViolation('TN-3.1', 'the agency already has an administrator: apply as a change (業務及權限調整) to replace them');
        for (const p of others) await revokePermission(tx, p.id, { ...revoke, reason: `replaced as administrator by ${application.number}` });
        await grantPermission(tx, { ...grant, role: AGENCY_ADMIN, reason: `${form.type} ${application.number}: ${application.reason}` });
      } else {
        const mine = current.filter((p) => p.personId === application.applicantId);
        if (!mine.length) throw conflict('The applicant is not this agency’s administrator: nothing to delete');
        for (const p of mine) await revokePermission(tx, p.id, revoke);
      }
    } else {
      for (const change of application.itemChanges) {
        const item = serviceItemId(REGIME, change.item);
        if (change.action === 'ADD') {
          await grantPermission(tx, { ...grant, role: USER, serviceItemId: item, reason: `${form.type} ${application.number}: ${application.reason}` });
        } else {
          const held = await activeGrants(tx, { agencyId: application.agencyId, role: USER, personId: application.applicantId, serviceItemId: item });
          if (!held.length) throw conflict(`Item ${change.item} is not held by the applicant: nothing to delete`);
          for (const p of held) await revokePermission(tx, p.id, revoke);
        }
      }
    }
    const [row] = await tx
      .update(applications)
      .set({ status: 'APPROVED', approverId: ctx.caller.id, decidedAt: now, decisionNote: input.note?.trim() || null, accessOpensOn: opens, retainUntil: addYears(taipeiDay(now), 1) })
      .where(and(eq(applications.id, id), eq(applications.status, 'SUBMITTED')))
      .returning();
    if (!row) throw conflict('The application was decided meanwhile');
    return row;
  });
}

export async function rejectApplication(ctx: TnContext, id: string, note: string): Promise<ApplicationRow> {
  const application = await loadVisible(ctx, id);
  assertNotAuditorOnly(ctx.caller, 'Rejecting an application');
  if (!note.trim()) new Violations().add('note', 'say why it is rejected (說明不清將退件)').throwIfAny();
  if (application.status === 'APPROVED' || application.status === 'REJECTED') throw conflict(`The application is already ${application.status.toLowerCase()}`);
  await assertApprover(ctx, application);
  const now = ctx.now();
  const [row] = await ctx.db
    .update(applications)
    .set({ status: 'REJECTED', approverId: ctx.caller.id, decidedAt: now, decisionNote: note.trim(), retainUntil: addYears(taipeiDay(now), 1) })
    // Decided once: a rejection never overwrites an approval made at the same moment.
    .where(and(eq(applications.id, id), inArray(applications.status, ['SIGNING', 'SUBMITTED'])))
    .returning();
  if (!row) throw conflict('The application was decided meanwhile');
  return row;
}

async function activeGrants(tx: Tx, where: { agencyId: string; role: string; personId?: string; serviceItemId?: string }) {
  return tx
    .select()
    .from(permissions)
    .where(
      and(
        eq(permissions.regimeCode, REGIME),
        eq(permissions.status, 'ACTIVE'),
        eq(permissions.agencyId, where.agencyId),
        eq(permissions.role, where.role),
        where.personId ? eq(permissions.personId, where.personId) : undefined,
        where.serviceItemId ? eq(permissions.serviceItemId, where.serviceItemId) : undefined,
      ),
    );
}

/**
 * Who sees an application: the applicant, whoever filed it, the applicant's supervisor, whoever
 * signed it, the agency's administrators (and those above), the regime's readers (TN-7.4).
 */
export async function canSeeApplication(ctx: TnContext, application: ApplicationRow): Promise<boolean> {
  const { caller } = ctx;
  if (readsRegime(caller) || application.applicantId === caller.id || application.createdById === caller.id) return true;
  if ((await caller.scope()).read.has(application.agencyId)) return true;
  if ((await ctx.loaders.person.load(application.applicantId))?.supervisorId === caller.id) return true;
  return (await ctx.loaders.signoffs.load(application.id)).some((s) => s.signerId === caller.id);
}

async function loadVisible(ctx: TnContext, id: string): Promise<ApplicationRow> {
  const application = checkId(new Violations(), 'id', id) ? await ctx.loaders.application.load(id) : null;
  if (!application || !(await canSeeApplication(ctx, application))) throw notFound('NhiApplication', id);
  return application;
}

/** Signing needs no prior sight of the form: the sign-off rules themselves say who may sign. */
async function loadForSigning(ctx: TnContext, id: string): Promise<ApplicationRow> {
  const application = checkId(new Violations(), 'id', id) ? await ctx.loaders.application.load(id) : null;
  if (!application) throw notFound('NhiApplication', id);
  return application;
}

export interface ApplicationFilter {
  agencyId?: string | null;
  applicantId?: string | null;
  form?: string | null;
  status?: string | null;
}

export async function listApplications(db: Db, caller: Caller, filter: ApplicationFilter = {}, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.agencyId', filter.agencyId);
  checkId(v, 'filter.applicantId', filter.applicantId);
  const page = parsePage<[string, string]>(args, 2);
  v.throwIfAny();
  const readable = [...(await caller.scope()).read];
  const scope: SQL | undefined = readsRegime(caller)
    ? undefined
    : or(eq(applications.applicantId, caller.id), eq(applications.createdById, caller.id), readable.length ? inArray(applications.agencyId, readable) : undefined);
  const where = and(
    scope,
    filter.agencyId ? eq(applications.agencyId, filter.agencyId) : undefined,
    filter.applicantId ? eq(applications.applicantId, filter.applicantId) : undefined,
    filter.form ? eq(applications.form, filter.form) : undefined,
    filter.status ? eq(applications.status, filter.status) : undefined,
  );
  const after = page.after ? sql`(${applications.createdAt}, ${applications.id}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = await db.select().from(applications).where(and(where, after)).orderBy(asc(applications.createdAt), asc(applications.id)).limit(page.limit + 1);
  return toConnection(rows, page, (r) => [r.createdAt.toISOString(), r.id], async () => (await db.select({ n: count() }).from(applications).where(where))[0]!.n);
}

